"""Stretches of the body: summary, comments, notes, redactions, and the body cleaned for reading.

cable-format.md §7.5 (summary, comment and note blocks) and §7.7 (redactions). A block starts at its
keyword (``Summary:``, ``SUMMARY AND COMMENT:``, ``BEGIN SUMMARY``, a ``Summary`` heading with dashes,
``(Note:``) and ends at its end marker (``End Summary.``, ``END COMMENT``, ``End Note.``); without an
end marker it ends with its paragraph.

All public functions are pure and never raise.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["find_summary", "find_comments", "find_notes", "find_redactions", "clean_content"]

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_RULE_CHARS = _DASHES + "=_"
# "and Comment", "/Comment", "and Action Request", "and Introduction" after SUMMARY (matched on lower case).
_BLOCK_TAIL = (
    r"(?:[ \t]*(?:and|&|/)[ \t]*(?:comments?|action[ \t]+request(?:ed)?|introduction|recommendations?"
    r"|background|analysis|outlook)\b)?"
)
# After a keyword (on the lower-cased text): its tail, then the punctuation or line end that marks it.
_AFTER_SUMMARY = re.compile(rf"{_BLOCK_TAIL}[ \t]*([:.{_DASHES}]|\n|\Z)?")
_AFTER_PLAIN = re.compile(rf"[ \t]*([:.{_DASHES}]|\n|\Z)?")
# What may stand before a keyword at the start of its line: paragraph number, portion mark, dashes, BEGIN.
_LINE_PREFIX = re.compile(
    rf"[ \t]*(?:¶?\d{{1,3}}\s?\.?[ \t]*|[ivx]{{1,4}}\.[ \t]*)?(?:\([a-z/ ]{{1,12}}\)[ \t]*)?(?:[{_DASHES}]+[ \t]*)?(?:begin[ \t]+)?\Z"
)
# End markers may be wrapped onto two lines ("End\nsummary.").
_SUMMARY_END = re.compile(rf"end\s{{1,4}}(?:of\s{{1,4}})?summary{_BLOCK_TAIL}[ \t]*\.?")
_COMMENT_END = re.compile(r"end\s{1,4}(?:of\s{1,4})?comment[a-z]{0,2}\b[ \t]*\.?")
_NOTE_END = re.compile(r"end\s{1,4}(?:of\s{1,4})?note\b[ \t]*\.?[ \t]*\)?")
# A blank line; cablegate copies may end lines with a stray backslash.
_BLANK_LINE = re.compile(r"\n[ \t\\]*\n")
# A labelled summary heading at the start of a line: "Summary from the NAC Meeting:", "SUMMARY AND TABLE OF CONTENTS".
_LABEL_TAIL = re.compile(r"[ \t]+[a-z][a-z ]{0,40}(?::|[ \t]*(?=\n))")
_NEXT_PARAGRAPH = re.compile(r"\n[ \t]*¶?\d{1,3}\s?\.[ \t]")
# What a block may open with after its keyword: dashes, paragraph number, portion mark, repeated keyword.
_BLOCK_LEAD = re.compile(
    rf"(?:[\s:.{_RULE_CHARS}]+|¶?\d{{1,3}}\s?\.(?=\s)|\([a-z/ ]{{1,12}}\)"
    rf"|summary{_BLOCK_TAIL}[ \t]*[:.]|comment[ \t]*[:.]|note[ \t]*[:.])+"
)
_LINE_MARK = re.compile(r"[ \t]*¶?\d{1,3}\s?\.[ \t]*(?:\([A-Za-z/ ]{1,12}\)[ \t]*)?")
_NUMBERED = re.compile(r"[ \t]*¶?\d{1,3}\s?\.[ \t]")
_DASH_LINE = re.compile(rf"[{_RULE_CHARS} \t]+\Z")
# The characters a line mark and a dash-only line can start with: most lines of a block are text,
# and a set lookup is cheaper than a failed match.
_LINE_MARK_FIRST = frozenset(" \t¶0123456789")
_DASH_LINE_FIRST = frozenset(_DASH_CHARS + "=_ \t")

# How far an end marker is looked for after a block starts (a block never runs for pages).
_MAX_BLOCK = 12000


@lru_cache(maxsize=8)
def _lower(text: str) -> str:
    """``text`` in lower case with the same length, so offsets carry over.

    Cached: the summary, comment, note and redaction finders all lower the same text of a cable.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters lower-case to two (U+0130): lower ASCII letters only.
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def find_summary(text: str) -> str | None:
    """The text of the summary, or None.

    Recognises ``Summary: … End Summary.``, ``BEGIN SUMMARY … END SUMMARY``, a ``Summary`` heading
    underlined or framed with dashes, ``1. (C) Summary:`` (also inside paragraph 1), and
    ``Summary and Comment`` / ``Summary and Action Request`` forms. Without an end marker the summary
    is the rest of its paragraph. Paragraph numbers, portion marks and blank lines inside it are
    dropped; its lines are kept.
    """
    if not isinstance(text, str):
        return None
    summary = _summary(text)
    # Only a text with "umm" or "UMM" has a summary (a keyword in odd case such as "SuMMARY" is none):
    # tested after the search, which mostly finds nothing, so that most texts are not scanned for it.
    if summary is not None and "umm" not in text and "UMM" not in text:
        return None
    return summary


def _summary(text: str) -> str | None:
    low = _lower(text)
    first = low.find("summary")
    if first < 0:  # most texts: one scan, not two (the start search, then the end marker search)
        return None
    start = _next_start(text, low, "summary", first)
    end = _end_marker(low, "summary", 0, start if start is not None else len(low))
    if end is not None:
        # "End Summary" with no opening keyword before it: the summary is the paragraph it closes.
        return _clean_block(text[_paragraph_start(text, end.start()) : end.start()])
    if start is None:
        return None
    return _block(text, low, start, "summary")[0]


def _paragraph_start(text: str, end: int) -> int:
    """Start of the paragraph that ends at ``end``: after a blank line or at a numbered paragraph."""
    floor = max(0, end - _MAX_BLOCK)
    position = end
    while position > floor:
        line_start = text.rfind("\n", floor, position)
        if line_start < 0:
            return floor
        line = text[line_start + 1 : position]
        if position != end and not line.strip(" \t\r"):
            return position + 1
        if _LINE_MARK.match(line) and _NUMBERED.match(line):
            return line_start + 1
        position = line_start
    return floor


def find_comments(text: str) -> list[str]:
    """The texts of the comment blocks (``Comment: … End Comment.``, ``BEGIN COMMENT``, ``//COMMENT//``)."""
    if not isinstance(text, str):
        return []
    comments = _blocks(text, "comment")
    # As find_summary: only a text with "omment" or "OMMENT" has comments.
    if comments and "omment" not in text and "OMMENT" not in text:
        return []
    return comments


def find_notes(text: str) -> list[str]:
    """The texts of the notes (``(Note: … End Note.)``, ``NOTE: … END NOTE``)."""
    if not isinstance(text, str):
        return []
    notes = _blocks(text, "note")
    # As find_summary: only a text with "ote" or "OTE" has notes.
    if notes and "ote" not in text and "OTE" not in text:
        return []
    return notes


_END_PATTERNS = {"summary": _SUMMARY_END, "comment": _COMMENT_END, "note": _NOTE_END}


def _blocks(text: str, keyword: str) -> list[str]:
    low = _lower(text)
    out: list[str] = []
    position = 0
    while True:
        start = _next_start(text, low, keyword, position)
        if start is None:
            return out
        block, resume = _block(text, low, start, keyword)
        if block:
            out.append(block)
        position = max(resume, start)


def _next_start(text: str, low: str, keyword: str, position: int) -> int | None:
    """Offset just past the next block keyword (with its tail and punctuation) from ``position``."""
    length = len(keyword)
    found = low.find(keyword, position)
    while found >= 0:
        end = _start_at(low, found, keyword)
        if end is not None:
            return end
        found = low.find(keyword, found + length)
    return None


def _end_marker(low: str, keyword: str, position: int, limit: int) -> re.Match[str] | None:
    """The first end marker of ``keyword`` blocks (``End Comment.``) within ``low[position:limit]``.

    What ``_END_PATTERNS[keyword].search(low, position, limit)`` finds, without running the pattern
    over the text: a marker holds the keyword, with "end", blanks and "of" (no "end" among them) at most
    13 characters before it, so only the last "end" before a keyword can start one.
    """
    pattern = _END_PATTERNS[keyword]
    length = len(keyword)
    found = low.find(keyword, position + 4, limit)  # room for "end" and a blank before it
    while found >= 0:
        end = low.rfind("end", max(position, found - 15), found - 1)
        if end >= 0:
            match = pattern.match(low, end, limit)
            if match is not None:
                return match
        found = low.find(keyword, found + length, limit)
    return None


def _start_at(low: str, found: int, keyword: str) -> int | None:
    """Where the block opened by ``keyword`` at ``found`` starts, or None when it opens none."""
    if found > 0 and low[found - 1].isalpha():
        return None
    after = found + len(keyword)
    if after < len(low) and low[after].isalpha() and not (keyword == "comment" and low[after] == "s"):
        return None
    line_start = low.rfind("\n", 0, found) + 1
    before = low[line_start:found]
    trimmed = before.rstrip()
    if _ends_with_end(low, found):
        return None
    if keyword == "comment":
        if trimmed.endswith("//"):
            close = low.find("//", after, after + 4)
            return close + 2 if close >= 0 else None
        if trimmed.endswith(("and", "&", "/")):
            return None  # "Summary and Comment": the summary's.
        if after < len(low) and low[after] == "s":
            after += 1
    tail = (_AFTER_SUMMARY if keyword == "summary" else _AFTER_PLAIN).match(low, after)
    punctuation = tail.group(1) if tail else None
    if trimmed.endswith("begin"):
        return tail.end() if tail else after
    if _LINE_PREFIX.match(before):
        if keyword == "note" and punctuation != ":":
            return None
        if punctuation is None and keyword == "summary":
            label = _LABEL_TAIL.match(low, after)
            return label.end() if label else None
        return tail.end() if punctuation is not None else None
    if trimmed.endswith("(") and keyword == "note":
        return tail.end() if punctuation in (":", ".", "-") else None
    return tail.end() if punctuation == ":" else None


def _ends_with_end(low: str, found: int) -> bool:
    """True when the keyword at ``found`` follows "end" or "end of", possibly on the line before."""
    before = low[max(0, found - 12) : found].rstrip()
    if before.endswith(" of") or before.endswith("\nof"):
        before = before[:-2].rstrip()
    return before.endswith("end") and (len(before) == 3 or not before[-4].isalpha())


def _block(text: str, low: str, start: int, keyword: str) -> tuple[str | None, int]:
    """The cleaned block whose keyword ends at ``start``, and the offset where a search may resume."""
    lead = _BLOCK_LEAD.match(low, start)
    body_start = lead.end() if lead else start
    limit = min(len(text), body_start + _MAX_BLOCK)
    if keyword != "summary":
        # An end marker after the next block of the same kind belongs to that block.
        following = _next_start(text, low, keyword, body_start)
        if following is not None:
            limit = min(limit, following)
    end_match = _end_marker(low, keyword, body_start, limit)
    if end_match is not None:
        body_end, resume = end_match.start(), end_match.end()
    else:
        body_end = _paragraph_end(text, body_start, limit)
        resume = body_end
    return _clean_block(text[body_start:body_end]), resume


def _paragraph_end(text: str, start: int, limit: int) -> int:
    """End of the paragraph that holds ``start``: a blank line or the next numbered paragraph."""
    ends = [limit]
    blank = _BLANK_LINE.search(text, start, limit)
    if blank:
        ends.append(blank.start())
    numbered = _NEXT_PARAGRAPH.search(text, start, limit)
    if numbered:
        ends.append(numbered.start())
    return min(ends)


def _clean_block(block: str) -> str | None:
    """Lines stripped, blank and dash-only lines dropped, paragraph numbers and marks removed."""
    lines: list[str] = []
    for line in block.split("\n"):
        if line[:1] in _LINE_MARK_FIRST:
            mark = _LINE_MARK.match(line)
            if mark:
                line = line[mark.end() :]
        line = line.strip().rstrip("\\").rstrip()
        if not line or (line[0] in _DASH_LINE_FIRST and _DASH_LINE.match(line)):
            continue
        lines.append(line)
    cleaned = "\n".join(lines).strip()
    if cleaned.endswith("(") or cleaned.endswith("--"):
        cleaned = cleaned.rstrip("(-").rstrip()
    return cleaned or None


# --- redactions --------------------------------------------------------------------------------


def find_redactions(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the redaction runs in ``text``.

    A run is four or more x's in any case (``XXXXXXXXXXXX``, ``xxxxx``), or three lower-case x's glued
    to the end of a word (``gentlexxx``: the redaction merged with the word before it).
    """
    if not isinstance(text, str) or not text:
        return []
    # One scan of the (cached) lower-cased text rules out most cables; the exact test follows.
    if "xxx" not in _lower(text):
        return []
    if "xxx" not in text and "XXX" not in text and "Xxx" not in text and "xXx" not in text:
        return []
    return list(_redaction_runs(text))


def _redaction_runs(text: str):
    """Yield (start, end) of each redaction run; str.find on the lower-cased text keeps this fast."""
    low = _lower(text)
    length = len(low)
    position = low.find("xxx")
    while position >= 0:
        end = position + 3
        while end < length and low[end] == "x":
            end += 1
        if end - position >= 4 or _fused_residue(text, position, end):
            yield position, end
        position = low.find("xxx", end)


def _fused_residue(text: str, start: int, end: int) -> bool:
    """Three lower-case x's right after a lower-case letter and before a non-letter (``gentlexxx``)."""
    if text[start:end] != "xxx" or start == 0:
        return False
    before = text[start - 1]
    after = text[end] if end < len(text) else " "
    return before.isalpha() and before.islower() and not after.isalpha()


# --- clean content -----------------------------------------------------------------------------

# Paragraph number and portion mark at the start of a line, also malformed (``1. C)``, ``3. SBU/N)``).
_PARAGRAPH_MARK = re.compile(
    r"([ \t]*)¶?\d{1,3}\s?\.[ \t]*(?:\(?(?:TS|S|C|U|SBU|LOU|FOUO|NF|[A-Z]{1,4})(?:/{1,2}[A-Z]{1,6}){0,3}\)[ \t]*)?"
)
_PORTION_MARK = re.compile(r"([ \t]*)\((?:TS|S|C|U|SBU|LOU|FOUO)(?:/{1,2}[A-Z]{1,6}){0,3}\)[ \t]*")
_HEADING_RULE = re.compile(rf"[ \t]*[{_DASHES}]{{3,}}(?:[ \t]+-)?[ \t]*\Z")
_PAGE_MARKER = re.compile(r"[ \t]*[A-Z][A-Z .'-]{1,30}\s\d{7,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{1,3}[ \t]*\Z")
_SIPDIS_LINE = re.compile(r"[ \t]*SIPDIS[ \t]*\Z")
# Summary and comment keywords and end markers, removed from the text (matched on lower case).
_MARKER_AFTER_SUMMARY = re.compile(rf"{_BLOCK_TAIL}[ \t]*[:.][ \t]*")
_MARKER_AFTER_COMMENT = re.compile(r"[ \t]*:[ \t]*")
_END_MARKER = re.compile(rf"end\s{{1,4}}(?:of\s{{1,4}})?(?:summary{_BLOCK_TAIL}|comments?\b)[ \t]*\.?[ \t]*")


def clean_content(text: str) -> str:
    """The body text for reading, line breaks kept.

    Removed: paragraph numbers and portion marks (``1. (C)``, also malformed ``1. C)``), heading
    rules (``-------`` lines become empty), ``SIPDIS`` lines with the blank lines before them, page
    markers with the blank line after them, summary and comment keywords and their end markers, and
    redaction residue glued to a word (``gentlexxx``). Whole redactions (``XXXXXXXXXXXX``) are kept:
    they stand for words.
    """
    if not isinstance(text, str) or not text:
        return ""
    lines = text.split("\n")
    out: list[str] = []
    skip_blank = False
    for line in lines:
        first = line.lstrip(" \t")[:1]
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        if first == "S" and _SIPDIS_LINE.match(line):
            while out and not out[-1].strip():
                out.pop()
            continue
        if first.isdigit() or first == "¶":
            match = _PARAGRAPH_MARK.match(line)
            if match:
                line = match.group(1) + line[match.end() :]
        elif first == "(":
            match = _PORTION_MARK.match(line)
            if match:
                line = match.group(1) + line[match.end() :]
        elif first and first in _DASH_CHARS and _HEADING_RULE.match(line):
            line = ""
        elif first.isalpha() and " OF " in line and _PAGE_MARKER.match(line):
            skip_blank = True
            continue
        out.append(line)
    cleaned = "\n".join(out)
    low = _lower(cleaned)
    if "summary" in low or "comment" in low:
        cleaned = _remove_markers(cleaned, low)
    if "xxx" in cleaned:
        cleaned = _remove_residue(cleaned)
    return cleaned


def _remove_markers(text: str, low: str) -> str:
    """Drop summary/comment keywords at the start of a line or after a colon-less mark, and end markers."""
    cuts: list[tuple[int, int]] = []
    for keyword, after_pattern in (("summary", _MARKER_AFTER_SUMMARY), ("comment", _MARKER_AFTER_COMMENT)):
        found = low.find(keyword)
        while found >= 0:
            cut = _marker_cut(low, found, keyword, after_pattern)
            if cut is not None:
                cuts.append(cut)
            found = low.find(keyword, found + len(keyword))
    found = low.find("end")
    while found >= 0:
        if found == 0 or not low[found - 1].isalpha():
            match = _END_MARKER.match(low, found)
            if match:
                cuts.append((found, match.end()))
        found = low.find("end", found + 3)
    if not cuts:
        return text
    cuts.sort()
    pieces: list[str] = []
    position = 0
    for start, end in cuts:
        if start < position:
            continue
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _marker_cut(low: str, found: int, keyword: str, after_pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """The span of a summary/comment keyword that opens a block, or None for the word in prose."""
    if found > 0 and low[found - 1].isalpha():
        return None
    line_start = low.rfind("\n", 0, found) + 1
    before = low[line_start:found]
    stripped = before.strip()
    if _ends_with_end(low, found) or stripped.endswith(("and", "/")):
        return None
    begin = before.rstrip().endswith("begin")
    if stripped and not begin and keyword == "summary":
        return None  # Only a keyword that starts its line (after the paragraph mark) is a marker.
    match = after_pattern.match(low, found + len(keyword))
    if match is None:
        return None
    start = line_start + before.rfind("begin") if begin else found
    return start, match.end()


def _remove_residue(text: str) -> str:
    """Remove redaction residue glued to the end of a word (``gentlexxx`` → ``gentle``)."""
    pieces: list[str] = []
    position = 0
    for start, end in _redaction_runs(text):
        if _fused_residue(text, start, end):
            pieces.append(text[position:start])
            position = end
    pieces.append(text[position:])
    return "".join(pieces)
