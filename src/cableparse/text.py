"""Clean-up of a cable's text before it is tokenized.

Whatever container a cable came from, the grammar sees one shape of text: ``\\n`` line ends, no HTML
entities or tags, no Markdown link artifacts, no WikiLeaks ``¶`` anchors, no control characters, no
trailing blanks, and a final newline. What the clean-up had to repair is reported as warnings.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from cableparse.containers.encoding import decode

# Markdown renderings wrap tags and paragraph numbers in dead links: ``[KTIP](#)``, ``[1. \(U\)](#)``.
_MARKDOWN_LINK = re.compile(r"\[((?:[^\]\\\n]|\\.){0,400})\]\(#[^)\n]{0,200}\)")
_MARKDOWN_ESCAPE = re.compile(r"\\([()\[\]*_#.\\-])")
_HTML_TAG = re.compile(r"</?(?:a|code|pre|br|p|span|div|b|i|em|strong)\b[^>\n]{0,400}>", re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);")
# WikiLeaks put an anchor "¶" before every line that starts with a number or a capital and a dot; PDF
# conversions kept it as a stray byte. It is never part of the cable.
_PILCROW_AT_LINE_START = re.compile(r"^([ \t]{0,20})¶[ \t]?", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ \t\xa0]+$", re.MULTILINE)
# First-release JSON exports lost their newlines; a long text with almost no line ends is such a text.
_COLLAPSED_MIN_LENGTH = 2000
_COLLAPSED_MAX_LINES = 3


@dataclass(slots=True)
class CleanText:
    """The cleaned text and what was repaired to get it."""

    text: str
    repairs: list[tuple[str, str]] = field(default_factory=list)
    """(warning code, message) for each kind of repair that changed the text."""


def clean(raw: str | bytes) -> CleanText:
    """Bring a cable's text to the one shape the grammar reads."""
    repairs: list[tuple[str, str]] = []
    if isinstance(raw, (bytes, bytearray)):
        text = decode(bytes(raw))
        if not _is_utf8(raw):
            repairs.append(("encoding-fallback", "text is not UTF-8; bytes outside it were read as cp1252/Latin-1"))
    else:
        text = raw
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text and _HTML_TAG.search(text):
        text = _HTML_TAG.sub("", text)
        repairs.append(("html-markup", "HTML tags removed from the text"))
    if "&" in text and _HTML_ENTITY.search(text):
        text = html.unescape(text)
    if "](#" in text:
        text = _MARKDOWN_LINK.sub(_unwrap_markdown_link, text)
        repairs.append(("markdown-artifacts", "Markdown link artifacts removed"))
    if "¶" in text:
        text = _PILCROW_AT_LINE_START.sub(r"\1", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        repairs.append(("control-characters", "control characters (NUL and the like) removed"))
    text = _TRAILING_SPACE.sub("", text)
    text = text.replace("\xa0", " ")
    if len(text) >= _COLLAPSED_MIN_LENGTH and text.count("\n") <= _COLLAPSED_MAX_LINES:
        repairs.append(
            ("newlines-collapsed", "the text has lost its line ends; structure was read from ¶ marks only")
        )
        text = _restore_collapsed_lines(text)
    text = text.strip("\n")
    return CleanText(text + "\n", repairs)


def _unwrap_markdown_link(match: re.Match[str]) -> str:
    return _MARKDOWN_ESCAPE.sub(r"\1", match.group(1))


# In a collapsed export the only structure left is the "¶" before paragraph numbers and the keywords of
# the preamble; put line breaks back before them so that the grammar sees lines again.
_COLLAPSED_BREAKS = re.compile(
    r"\s*¶\s*|\s+(?=(?:E\.\s?O\.\s?\d{5}|TAGS?:|SUBJECT:|SUBJ:|REF:|Classified By:|CLASSIFIED BY:)\s)"
)


def _restore_collapsed_lines(text: str) -> str:
    return _COLLAPSED_BREAKS.sub("\n\n", text)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
