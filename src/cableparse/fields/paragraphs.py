"""Numbered paragraphs: reading a paragraph's head, repairing the numbering, joining wrapped lines."""

from __future__ import annotations

import re
from typing import NamedTuple

from collections.abc import Iterable
from functools import lru_cache

from pydantic import TypeAdapter

from cableparse.model import ClassificationLevel, Paragraph

_HEAD = re.compile(
    r"[ \t]{0,8}(?:(?P<number>\d{1,3})\.)?[ \t]*"
    r"(?:\((?P<marking>(?:[A-Za-z]{1,4})(?:[ \t]*/{1,2}[ \t]*[A-Za-z][A-Za-z ,]{0,19}){0,3}"
    r"|[A-Z]{1,3} - ENTIRE TEXT|[A-Z]{1,3} [A-Z]{2})\)[ \t]*"
    # a mark that lost its "(": "1. SBU) text"
    r"|(?<=\. )(?P<bare>(?:U|C|S|SBU|TS)(?:/[A-Z]{1,2})?)\)[ \t]+)?"
)
_SENTENCE_END = ('.', ':', ';', '!', '?', ')', '"', "'", "”", "’")
# A line break inside a block that is a wrap, not the start of a list item ("-- ", "A. ", "(1) ", "* ").
# Each pattern starts with a literal, so that the regex engine can skip ahead to it.
_NOT_ITEM = r"(?!\n|-{1,2} ?|\(?(?:[A-Za-z]|\d{1,2})[.)] |[*•] )"
_LIST_ITEM = re.compile(r"-{1,2} ?|\(?(?:[A-Za-z]|\d{1,2})[.)] |[*•] ")
_WRAP = re.compile(r"\n(?<!\n\n)" + _NOT_ITEM)
# A line break that is not a plain wrap: a blank before or after it, a blank line, a list item.
# Without one, _WRAP would turn every break into a space. Starts with a literal so the engine skips ahead.
_ODD_BREAK = re.compile(r"\n(?:(?<= \n)|[\n \-]|\(?(?:[A-Za-z]|\d{1,2})[.)] |[*•] )")
_INDENT = re.compile(r"\n[ \t]+")
_TRAILING_BLANKS = re.compile(r"(?<! ) +\n")
# Two literal spaces first (not " +"), so that the engine skips to a double space instead of trying every space.
_SPACE_RUN = re.compile(r"   *")
_BLANK_RUN = re.compile(r"\n\n\n+")
_PORTION_MARKS = {"U", "C", "S", "TS", "SBU", "LOU", "FOUO"}
# The sentence end is part of the match (not a lookbehind) so that the engine can skip ahead to it.
_RUN_ON_HEAD = re.compile(
    r"[.!?\"')\]] {1,3}(?P<number>\d{1,3})\. {1,3}\((?:U|C|S|SBU|LOU|TS)(?:/{1,2}[A-Z ,]{1,20}){0,3}\) "
)
_LEVEL_OF_MARK = {
    "U": ClassificationLevel.UNCLASSIFIED,
    "SBU": ClassificationLevel.UNCLASSIFIED,
    "FOUO": ClassificationLevel.UNCLASSIFIED,
    "LOU": ClassificationLevel.LIMITED_OFFICIAL_USE,
    "C": ClassificationLevel.CONFIDENTIAL,
    "S": ClassificationLevel.SECRET,
    "TS": ClassificationLevel.TOP_SECRET,
}
_LEVEL_ORDER = list(ClassificationLevel)
# Validating all paragraphs of a cable in one call costs much less than one Paragraph(...) each.
_VALIDATE_PARAGRAPHS = TypeAdapter(list[Paragraph]).validator.validate_python


class Candidate(NamedTuple):
    """A line that may open a paragraph, with what followed it up to the next candidate."""

    head: str
    """The first line (number, portion mark and the start of the text)."""
    body: str
    """The lines after the first, page markers already removed."""
    line: int
    """1-based line of the head in the cleaned text."""
    after_break: bool
    """True when a blank line or a sentence end stands right before the head."""


def split_head(line: str) -> tuple[int | None, str | None, str]:
    """``1. (C) Vice Premier …`` → (1, ``C``, ``Vice Premier …``)."""
    end = _HEAD.match(line).end()
    if not end:  # no number, mark or blanks: the commonest unnumbered head
        return None, None, line.strip()
    number, marking, text_start = _read_head(line[:end])
    return number, marking, line[text_start:].strip()


@lru_cache(maxsize=1024)
def _read_head(head: str) -> tuple[int | None, str | None, int]:
    """(number, portion mark, where the text starts) of the part of a line that _HEAD matches.

    Cached: a few heads (``1. (C) ``, ``12.  ``) come back on every cable, while the lines they open do not."""
    match = _HEAD.match(head)
    digits, marking, bare = match.groups()
    number = int(digits) if digits else None
    marking = marking or bare
    if marking is not None:
        marking = _normalize_marking(marking)
        if marking is None:  # brackets that hold words, not a portion mark: they are text
            return number, None, match.end("number") + 1 if number is not None else match.start()
    return number, marking, match.end()


@lru_cache(maxsize=512)
def _normalize_marking(marking: str) -> str | None:
    """``s//nf`` → ``S//NF``; None when the brackets hold words rather than a portion mark."""
    compact = " ".join(marking.upper().split())
    first = re.split(r"[ /-]", compact, maxsplit=1)[0]
    if first not in _PORTION_MARKS:
        return None
    return re.sub(r" ?/ ?", "/", compact)


def number_paragraphs(candidates: list[Candidate]) -> tuple[list[Paragraph], list[tuple[str, str, int]]]:
    """Turn candidates into paragraphs, repairing the numbering.

    A numbered head opens a paragraph only if a blank line or a sentence end stands before it and its
    number fits the running sequence (the next number, or a restart at 1). ``1X`` where ``X`` was
    expected is a ``¶`` read as ``1`` and is renumbered with a warning; a number that neither fits nor
    follows a break is wrapped text and joins the paragraph before it.
    """
    # Plain dicts while the numbering is repaired; they become Paragraphs in one validation at the end.
    paragraphs: list[dict] = []
    warnings: list[tuple[str, str, int]] = []
    expected: int | None = None
    for head, body, line, after_break in candidates:
        number, marking, first_text = split_head(head)
        if number is not None and expected is not None and number != expected and number != 1:
            if not after_break and paragraphs:
                # The number was wrapped text ("… August" / "15. In addition"): run it into the paragraph.
                last = paragraphs[-1]
                last["text"] = unwrap(f"{last['text']} {head}\n{body}")
                continue
            if str(number) == f"1{expected}":
                warnings.append(
                    (
                        "paragraph-renumbered",
                        f"paragraph number {number} read as {expected}: a '¶' before {expected} became a '1'",
                        line,
                    )
                )
                number = expected
            else:
                warnings.append(
                    ("paragraph-out-of-sequence", f"paragraph {number} follows paragraph {expected - 1}", line)
                )
        if number is not None:
            expected = number + 1
        text = unwrap(first_text + "\n" + body if body else first_text)
        paragraphs.append({"number": number, "marking": marking, "text": text})
        # A run-on head holds "{expected}. (" (see _split_run_on; unwrap leaves single blanks): test that
        # before the regex. Ending in a rare character, this substring is scanned for faster than "{expected}. ".
        if expected is not None and f"{expected}. (" in text:
            expected = _split_run_on(paragraphs, expected)
    # The list's validator itself: TypeAdapter.validate_python adds a Python-level call per cable.
    return _VALIDATE_PARAGRAPHS(paragraphs), warnings


def _split_run_on(paragraphs: list[dict], expected: int) -> int:
    """Split the last paragraph where the next ones were run into it ("… crises. 8. (SBU) Dirceu …").

    Only a head with the expected number and a portion mark, right after a sentence end, counts.
    Returns the number expected next.
    """
    last = paragraphs[-1]
    position = 0
    while True:
        text = last["text"]
        # Such a head contains "{expected}. (" (a number with leading zeros ends with the same digits).
        if position == 0 and f"{expected}. (" not in text:
            return expected
        found = _RUN_ON_HEAD.search(text, position)
        if found is None:
            return expected
        if int(found.group("number")) != expected:
            position = found.end()
            continue
        head_text = text[found.start() + 1 :]
        last["text"] = text[: found.start() + 1].rstrip()
        _, marking, rest = split_head(head_text)
        last = {"number": expected, "marking": marking, "text": rest}
        paragraphs.append(last)
        expected += 1
        position = 0


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence or a heading does."""
    # Only the end counts: strip a short tail rather than copy a whole paragraph (the usual text).
    stripped = text[-32:].rstrip()
    if not stripped and len(text) > 32:
        stripped = text.rstrip()
    return not stripped or stripped.endswith(_SENTENCE_END)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into whole lines; blocks stay apart by a blank line, list items by a newline.

    A line break is a space, also after a hyphen: a wrap hyphen (``COMMUNICA-`` / ``TIONS``) cannot be
    told from a real one (``MCDONNELL-`` / ``DOUGLAS``) or a suspended one (``faction-`` / ``and
    positivism-ridden``), and a space keeps the text as the exports without line ends have it. Runs of
    blanks fold to one space. (Lines come without trailing blanks from the clean-up.)
    """
    text = text.strip()
    if "\t" in text:
        text = text.replace("\t", " ")
    # Folding space runs first gives the same text as folding them after the trailing blanks and
    # indents are gone, and leaves at most one blank on either side of a line break.
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if "\n" not in text:
        return text
    # One scan, which only stops at line breaks, for anything but plain wrapped prose: a blank
    # before or after a break, a blank line, a list item.
    if _ODD_BREAK.search(text) is None:
        return text.replace("\n", " ")
    if " \n" in text:
        text = _TRAILING_BLANKS.sub("\n", text)
    if "\n " in text:
        text = _INDENT.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return _WRAP.sub(" ", text)


def level_of_marks(heads: Iterable[str]) -> ClassificationLevel | None:
    """The highest level among the portion marks of paragraph heads: a cable is classified at least as
    high as its most classified paragraph. None when no head carries a mark."""
    best: ClassificationLevel | None = None
    for head in heads:
        marking = split_head(head)[1]
        if marking is None:
            continue
        level = _LEVEL_OF_MARK.get(re.split(r"[/ -]", marking, maxsplit=1)[0])
        if level is not None and (best is None or _LEVEL_ORDER.index(level) > _LEVEL_ORDER.index(best)):
            best = level
    return best


_RULE_LINE = re.compile(r"^[ \t]*+[-=_]{3,}+(?:[ \t]++[-=_]++)*+[ \t]*+$", re.MULTILINE)
_HEADING_END = (".", ",", ";")
# Characters that start a line with text: such a line is neither blank nor a rule (see _may_be_rule).
_PLAIN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789(\"'")


def heading_of(block: str) -> str | None:
    """The heading a block of text is, or None: one short line (dash rules above and below allowed)
    that does not end like a sentence or a clause and is not a list item."""
    first_end = block.find("\n")
    if first_end < 0:  # one line: only a rule line goes, and it goes whole
        text = _RULE_LINE.sub("", block).strip() if _may_be_rule(block) else block.strip()
    elif block[:1] in _PLAIN_START and block[first_end + 1 : first_end + 2] in _PLAIN_START:
        # Two lines that start with a letter or digit (most blocks: wrapped prose): neither can be a rule.
        return None
    elif not (_may_be_rule(block[:first_end]) or _may_be_rule(_second_line(block, first_end))):
        # Two lines of text (most blocks: wrapped prose) stay two lines whatever rules the block holds.
        return None
    elif "-" in block or "=" in block or "_" in block:  # only then can a line be a rule
        text = _RULE_LINE.sub("", block).strip()
    else:
        text = block.strip()
    if not text or "\n" in text or len(text) > 80 or text.endswith(_HEADING_END):
        return None
    if text[0].islower() or _LIST_ITEM.match(text):
        return None
    return text


def _second_line(block: str, first_end: int) -> str:
    """The line after the first line break of a block (up to the next line break or the end)."""
    second_end = block.find("\n", first_end + 1)
    return block[first_end + 1 : second_end] if second_end >= 0 else block[first_end + 1 :]


def _may_be_rule(line: str) -> bool:
    """True unless the line holds text that no rule removal takes away: a rule line starts, after
    blanks, with three rule characters (a list item's "-- " does not); a blank line is empty after stripping."""
    start = line.lstrip(" \t")[:3]
    return not line.strip() or len(start) == 3 and not start.strip("-=_")
