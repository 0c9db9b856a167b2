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
# The backslash that some database dumps left before each line end.
_DUMP_LINE_END = re.compile(r"[ \t]\\[ \t]*$", re.MULTILINE)
# Export residue found at line starts in some cablegate pages: a "Cable dated:" stamp glued to the
# classification line, and the '","' between two cables.csv columns.
_EXPORT_RESIDUE = re.compile(r"^(?:[ \t]*Cable dated:[ \t]*\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?[ \t]*|\",\")", re.MULTILINE)
# First-release JSON exports lost their newlines: a very long line with "¶" marks in it is such a text.
_COLLAPSED_MIN_LENGTH = 1500


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
    if ("Cable dated:" in text or '","' in text) and _EXPORT_RESIDUE.search(text):
        text = _EXPORT_RESIDUE.sub("", text)
        repairs.append(("export-residue", "database-export residue removed from line starts"))
    if "\\\n" in text:
        text = _DUMP_LINE_END.sub("", text)
    lines = [line.rstrip() for line in text.replace("\xa0", " ").split("\n")]
    # str.isprintable is fast but also refuses tabs; only then does the regex look closer.
    if not "".join(lines).isprintable() and _CONTROL.search(text):
        lines = [_CONTROL.sub("", line) for line in lines]
        repairs.append(("control-characters", "control characters (NUL and the like) removed"))
    text = "\n".join(lines)
    if "¶" in text and any(len(line) >= _COLLAPSED_MIN_LENGTH and "¶" in line for line in lines):
        repairs.append(
            ("newlines-collapsed", "the text has lost its line ends; structure was read from ¶ marks only")
        )
        text = _restore_collapsed_lines(text)
    text, split = split_run_on_preamble(text)
    if split:
        repairs.append(("run-on-lines", "preamble lines that had run together were split"))
    text = text.strip("\n")
    return CleanText(text + "\n", repairs)


def _unwrap_markdown_link(match: re.Match[str]) -> str:
    return _MARKDOWN_ESCAPE.sub(r"\1", match.group(1))


# In a collapsed export the only structure left is the "¶" before paragraph numbers, the double
# spaces where the caption lines were, dashed rules around headings and the page markers, now inline.
_COLLAPSED_BREAKS = re.compile(r"\s*¶\s*|[ \t]{2,}(?=(?:SIPDIS|NOFORN|SENSITIVE|EXDIS|NODIS|LIMDIS)\b)")
_COLLAPSED_PAGE_MARKER = re.compile(r" [A-Z][A-Z .'/-]{0,30} \d{8} +\d{3}(?:\.\d)? OF \d{3}(?= )")
# A rule may be broken in two by a stray space ("--------------------------------------------- -").
_COLLAPSED_RULED_HEADING = re.compile(r" *(-{5,}(?: -{1,80})?) +([^-\n][^\n]{0,79}?) +(-{5,}(?: -{1,80})?) *")
_COLLAPSED_UNDERLINED_HEADING = re.compile(r"(?<=[.!?)\"]) +([A-Z][^.\n]{1,80}?) +(-{5,}(?: -{1,80})?)(?= )")
_PARAGRAPH_AFTER = re.compile(r"\d{1,3}\. {0,3}\([A-Z]{1,4}")
_SENTENCE_END = frozenset(".:;!?)\"'”’")


def _restore_collapsed_lines(text: str) -> str:
    text = _COLLAPSED_PAGE_MARKER.sub("", text)
    text = _COLLAPSED_RULED_HEADING.sub(r"\n\n\1\n\2\n\3\n\n", text)
    text = _COLLAPSED_UNDERLINED_HEADING.sub(r"\n\n\1\n\2\n\n", text)
    return _COLLAPSED_BREAKS.sub(_collapsed_break, text)


def _collapsed_break(found: re.Match[str]) -> str:
    # WikiLeaks put "¶" before any number that began a line, wrapped dates too ("August ¶15. In
    # addition"): only after a sentence end, or before a portion mark, was it a paragraph.
    if "¶" in found.group():
        before = found.string[: found.start()].rstrip()
        if before and before[-1] not in _SENTENCE_END and not _PARAGRAPH_AFTER.match(found.string, found.end()):
            return " "
    return "\n\n"


# Exports that lost some line ends run preamble lines together: "ANKARA 008305S/CT FOR REAPE.O. 12958:
# DECL: 11/14/2012 TAGS: PTER TU", "TAGS: PREL TUSUBJECT: …". In the preamble (before the first numbered
# paragraph) a keyword that cannot stand mid-line gets its line back.
# Keywords looked for (in upper case) and, where the word alone is not enough, what must stand at
# the match: str.find over the upper-cased preamble is much cheaper than a case-blind regex scan.
_RUN_ON_NEEDLES = ("TAGS:", "SUBJECT:", "SUBJ:", "REF:", "CLASSIFIED BY", "E.O.", "E. O.", "AGS:")
_EO_AT = re.compile(r"E\.\s?O\.\s?\d{5}\s?:")
# What may stand before a keyword at the start of its own line.
_LINE_OPENING = re.compile(r"[ \t]*(?:\(U\)[ \t]*)?$")
# "Classified By: (U) Classified by …", "Ref: Ref A) …": the same keyword twice is one line.
_KEYWORD_ONLY = re.compile(r"[ \t]*(?:CLASSIFIED BY|REFS?|SUBJECT|TAGS)[ \t]*:?[ \t]*(?:\(U\)[ \t]*)?$", re.IGNORECASE)
_TRAILING_MARK = re.compile(r"\(U\)[ \t]*$")
_RUN_ON_SERIAL = re.compile(
    r"^((?:(?:[A-Z] ){4,}[A-Z]|UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET)(?: SECTION \d{1,3} OF \d{1,3})? "
    r"[A-Z][A-Z .'-]{1,30} \d{6})(?=[ \t]*[^\d\s])",
    re.MULTILINE,
)
_SERIAL_THEN_TEXT = re.compile(r"\d{6}[ \t]*[^\d\s]")
_FIRST_PARAGRAPH = re.compile(r"^[ \t]{0,8}\d{1,3}\.[ \t]", re.MULTILINE)
_PREAMBLE_LIMIT = 6000


def split_run_on_preamble(text: str) -> tuple[str, bool]:
    """Give run-together preamble lines their line ends back; True if anything was split.

    Only a keyword with text before it on its line is a run-on; in a REF line, whose items may quote
    anything, only a Classified By is.
    """
    first = _FIRST_PARAGRAPH.search(text, 0, _PREAMBLE_LIMIT)
    end = first.start() if first else min(len(text), _PREAMBLE_LIMIT)
    head = text[:end]
    if _SERIAL_THEN_TEXT.search(head):
        head = _RUN_ON_SERIAL.sub(r"\1\n", head)
    cuts = []
    for position, keyword in _keyword_positions(head):
        line_start = head.rfind("\n", 0, position) + 1
        before = head[line_start:position]
        in_ref_line = before.lstrip().upper().startswith("REF") and keyword != "CLASSIFIED BY"
        if not _LINE_OPENING.match(before) and not in_ref_line and not _KEYWORD_ONLY.match(before):
            mark = _TRAILING_MARK.search(before)
            cuts.append(line_start + mark.start() if mark else position)
    if not cuts and head == text[:end]:
        return text, False
    pieces = []
    previous = 0
    for cut in cuts:
        pieces.append(head[previous:cut].rstrip(" \t"))
        previous = cut
    pieces.append(head[previous:])
    return "\n".join(pieces) + text[end:], True


def _keyword_positions(head: str) -> list[tuple[int, str]]:
    """Where preamble keywords stand in ``head``, in order."""
    upper = head.upper()
    found = []
    for needle in _RUN_ON_NEEDLES:
        position = upper.find(needle)
        while position >= 0:
            if _is_keyword_at(head, upper, position, needle):
                found.append((position, needle))
            position = upper.find(needle, position + 1)
    return sorted(set(found))


def _is_keyword_at(head: str, upper: str, position: int, needle: str) -> bool:
    end = position + len(needle)
    if needle.startswith("E"):
        return bool(_EO_AT.match(head, position))
    if needle == "AGS:":  # the typo of TAGS: after a date ("DECL: 08/22/2017 AGS: …")
        return position >= 3 and upper[position - 3 : position - 1].isdigit() and upper[position - 1] == " "
    if needle == "REF:":
        return end < len(head) and head[end] in " \t" and (position == 0 or not upper[position - 1].isalpha())
    if needle == "CLASSIFIED BY":
        return (position == 0 or not upper[position - 1].isalnum()) and (end == len(head) or not upper[end].isalnum())
    return True


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
