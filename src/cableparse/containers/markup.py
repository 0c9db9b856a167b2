"""HTML clean-up shared by the page readers: entities, ``¶`` anchors, tag links, stray tags.

Only what WikiLeaks and PlusD pages put around the telegram text is removed. Text that merely
looks like markup (``<<220571>>``, ``<_protect>``) is kept, and a bare ``&`` stays an ``&``: an
entity is decoded only when it ends with ``;`` (``&notice`` is not ``¬ice``).
"""

from __future__ import annotations

import html.entities
import re

__all__ = ["decode_entities", "strip_tags", "pre_text", "tag_links", "cell_text"]

_ENTITY = re.compile(r"&(?:#[xX]([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));")
_NAMED = html.entities.html5

# WikiLeaks puts a self-link before every numbered or lettered line: <a id='par1' href='#par1'>¶</a>1.
_PARA_ANCHOR = re.compile(
    r"""<a\s+id=["']par[A-Za-z0-9_.-]{0,16}["']\s+href=["']#par[A-Za-z0-9_.-]{0,16}["']\s*>"""
    r"""\s{0,4}(?:¶|&para;|&#182;|&#[xX]0*[bB]6;)?\s{0,4}</a>""",
    re.IGNORECASE,
)
# Tag links in the TAGS line: <a href='/tag/PHUM_0.html'>PHUM</a>; group 1 is the link text.
_TAG_LINK = re.compile(
    r"""<a\s+href=["'][^"'<>]{0,200}/tag/[^"'<>]{0,100}["']\s*>([^<]{0,100})</a>""",
    re.IGNORECASE,
)
# Real HTML elements only; the name must be followed by whitespace, "/" or ">".
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|center|code|div|em|font|h[1-6]|hr|i|img|li|ol|p|pre|s|"
    r"small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul)"
    r"(?:\s[^<>]{0,2000})?/?>",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def _entity_char(match: re.Match[str]) -> str:
    """The character an entity stands for; the entity itself when it stands for nothing valid."""
    hex_code, dec_code, name = match.groups()
    if name is not None:
        return _NAMED.get(name + ";", match.group(0))
    code = int(hex_code, 16) if hex_code is not None else int(dec_code)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return match.group(0)
    return chr(code)


def decode_entities(text: str) -> str:
    """``text`` with ``&#x000A;``, ``&#39;``, ``&amp;``… decoded (only entities closed by ``;``)."""
    if "&" not in text:
        return text
    # Cablegate pages write every newline as &#x000A;: replace those without the regex callback.
    text = text.replace("&#x000A;", "\n")
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity_char, text)


def strip_tags(fragment: str) -> str:
    """``fragment`` without HTML elements (their text stays), entities not decoded."""
    if "<" not in fragment:
        return fragment
    return _HTML_TAG.sub("", fragment)


def tag_links(fragment: str) -> list[str]:
    """The texts of ``/tag/`` links in ``fragment``, in order, each once."""
    seen: dict[str, None] = {}
    for match in _TAG_LINK.finditer(fragment):
        code = decode_entities(match.group(1)).strip()
        if code:
            seen.setdefault(code, None)
    return list(seen)


def pre_text(fragment: str) -> str:
    """The telegram text of a ``<pre>`` block: ``¶`` anchors dropped, tags removed, entities decoded."""
    if "<" in fragment:
        fragment = _PARA_ANCHOR.sub("", fragment)
        fragment = _HTML_TAG.sub("", fragment)
    return decode_entities(fragment)


def cell_text(fragment: str) -> str:
    """The text of a table cell or heading: tags removed, entities decoded, spaces collapsed."""
    return _SPACES.sub(" ", decode_entities(strip_tags(fragment))).strip()
