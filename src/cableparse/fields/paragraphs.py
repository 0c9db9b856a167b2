"""Numbered paragraphs: reading a paragraph's head, repairing the numbering, joining wrapped lines."""

from __future__ import annotations

import re
from typing import NamedTuple

from collections.abc import Iterable
from functools import lru_cache

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
_INDENT = re.compile(r"\n[ \t]+")
_TRAILING_BLANKS = re.compile(r"(?<! ) +\n")
_SPACE_RUN = re.compile(r"  +")
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
    match = _HEAD.match(line)
    number = int(match.group("number")) if match.group("number") else None
    marking = match.group("marking") or match.group("bare")
    if marking is not None:
        marking = _normalize_marking(marking)
        if marking is None:  # brackets that hold words, not a portion mark: they are text
            text_start = match.end("number") + 1 if number is not None else match.start()
            return number, None, line[text_start:].strip()
    return number, marking, line[match.end() :].strip()


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
    paragraphs: list[Paragraph] = []
    warnings: list[tuple[str, str, int]] = []
    expected: int | None = None
    for candidate in candidates:
        number, marking, first_text = split_head(candidate.head)
        text = _join(first_text, candidate.body)
        if number is not None and expected is not None and number != expected and number != 1:
            if not candidate.after_break and paragraphs:
                # The number was wrapped text ("… August" / "15. In addition"): run it into the paragraph.
                paragraphs[-1].text = unwrap(f"{paragraphs[-1].text} {candidate.head}\n{candidate.body}")
                continue
            if str(number) == f"1{expected}":
                warnings.append(
                    (
                        "paragraph-renumbered",
                        f"paragraph number {number} read as {expected}: a '¶' before {expected} became a '1'",
                        candidate.line,
                    )
                )
                number = expected
            else:
                warnings.append(
                    (
                        "paragraph-out-of-sequence",
                        f"paragraph {number} follows paragraph {expected - 1}",
                        candidate.line,
                    )
                )
        if number is not None:
            expected = number + 1
        paragraphs.append(Paragraph(number=number, marking=marking, text=text))
        if expected is not None and ". " in text:
            expected = _split_run_on(paragraphs, expected)
    return paragraphs, warnings


def _split_run_on(paragraphs: list[Paragraph], expected: int) -> int:
    """Split the last paragraph where the next ones were run into it ("… crises. 8. (SBU) Dirceu …").

    Only a head with the expected number and a portion mark, right after a sentence end, counts.
    Returns the number expected next.
    """
    last = paragraphs[-1]
    position = 0
    while True:
        found = _RUN_ON_HEAD.search(last.text, position)
        if found is None:
            return expected
        if int(found.group("number")) != expected:
            position = found.end()
            continue
        head_text = last.text[found.start() + 1 :]
        last.text = last.text[: found.start() + 1].rstrip()
        _, marking, rest = split_head(head_text)
        last = Paragraph(number=expected, marking=marking, text=rest)
        paragraphs.append(last)
        expected += 1
        position = 0


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence or a heading does."""
    stripped = text.rstrip()
    return not stripped or stripped.endswith(_SENTENCE_END)


def _join(first: str, rest: str) -> str:
    return unwrap(first + "\n" + rest if rest else first)


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
    if " \n" in text:
        text = _TRAILING_BLANKS.sub("\n", text)
    if "\n " in text:
        text = _INDENT.sub("\n", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return _WRAP.sub(" ", text) if "\n" in text else text


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


def heading_of(block: str) -> str | None:
    """The heading a block of text is, or None: one short line (dash rules above and below allowed)
    that does not end like a sentence or a clause and is not a list item."""
    text = _RULE_LINE.sub("", block).strip()
    if not text or "\n" in text or len(text) > 80 or text.endswith(_HEADING_END):
        return None
    if text[0].islower() or _LIST_ITEM.match(text):
        return None
    return text
