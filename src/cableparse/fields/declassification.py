"""The E.O. (declassification) line and the "Classified By" line (cable-format.md §5).

``parse_eo_line`` reads ``E.O. 12958: DECL: 08/25/2019`` and its many variants into a ``Declassification``;
``parse_classified_by`` finds the ``Classified By:`` line in a chunk of text and returns who classified
the cable and the classification reasons, normalised to ``1.4(b)``.

Both are pure and never raise: what cannot be read gives None or an empty list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from cableparse.fields.dates import MONTHS, make_date
from cableparse.fields.people import lowered_for_search, split_person
from cableparse.model import ClassifiedBy, Declassification

__all__ = ["parse_classified_by", "parse_eo_line", "parse_reasons"]

# --- the E.O. line ---------------------------------------------------------------------------------

# "E.O. 12958", "E. O. 11652", "EO 12958", "E.o. 12958", "E.O.12958". No word boundary before it: the
# collapsed JSON exports glue it to the previous word ("SipdisE.o. 12958").
_EO = re.compile(r"E\.? ?O\.?[ \t]{0,3}(1[0-9]{4})(?![0-9])", re.IGNORECASE)
# What follows the number when the match is not an E.O. line but the tail of a Classified By line.
_EO_IN_REASONS = re.compile(r"[ \t]{0,3}(?:,[ \t]{0,3})?(?:as amended,?[ \t]{0,3})?(?:rea?s|1[.,][1-9]|\()", re.IGNORECASE)
# The value ends at the end of the line, or where a collapsed export runs into TAGS/SUBJECT.
_EO_VALUE_END = re.compile(r"\n|(?:TAGS?|Tags|SUBJECT|Subject|SUBJ)\b[:]?")
_EO_SEPARATOR = re.compile(r"^[ \t]{0,4}[:;.,]?[ \t]{0,4}")
_DECL_KEYWORD = re.compile(r"^DECL(?:ASSIFY)?\b[ \t]{0,3}[:;.]?[ \t]{0,4}", re.IGNORECASE)
_NOT_APPLICABLE = re.compile(r"^N[ \t]{0,2}/?[ \t]{0,2}A\b\.?", re.IGNORECASE)
# Rules that stand in place of (or before) a date: General Declassification Schedule and its exemptions
# (E.O. 11652), review/extended schedules (E.O. 12065), OADR (E.O. 12356), manual review.
_RULE_CODE = re.compile(r"^(X?GDS(?:[ -]{0,2}[1-4])?|NGDS|[RX]DS(?:[ -]{0,2}[1-4])?|OADR|MR|ADS)\b", re.IGNORECASE)
_DOWNGRADE = re.compile(r"^DNG\b", re.IGNORECASE)
# Dates written in the E.O. line: 08/25/2019, 1/8/2015, 6/30/08, 2019/12/17, 12-31-2015, 12 JUL 2015,
# JUNE 21, 2006.
_DATE_MDY = re.compile(r"(?<![0-9])([0-3]?[0-9])[/.-]([0-3]?[0-9])[/.-]([0-9]{4}|[0-9]{2})(?![0-9])")
_DATE_YMD = re.compile(r"(?<![0-9])([12][0-9]{3})[/.-]([01]?[0-9])[/.-]([0-3]?[0-9])(?![0-9])")
_DATE_DAY_MONTH_YEAR = re.compile(r"(?<![0-9])([0-3]?[0-9])[ \t-]{0,2}([A-Za-z]{3,9})\.?[ \t-]{0,2}([12][0-9]{3})(?![0-9])")
_DATE_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?[ \t]{1,2}([0-3]?[0-9]),?[ \t]{1,2}([12][0-9]{3})(?![0-9])")
_CLASSIFIER_IN_PARENS = re.compile(r"\(([^()\n]{2,60})\)[ \t]{0,4}([A-Z][A-Z0-9/-]{0,12})?")
_SPACES = re.compile(r"[ \t]+")
# The usual E.O. lines, read in one step: "E.O. 12958: DECL: 08/25/2019", "EO 12958 DECL: 6/30/08",
# "E.O. 12356: DECL: OADR", "E.O. 12958: N/A". Each of these gives what the general reading gives (the
# date is the whole value, nothing in it is a reasons clause or a TAGS/SUBJECT tail).
_COMMON_EO_LINE = re.compile(
    r"(?:E\.O\.|EO)[ ]{1,3}(1[0-9]{4})(?::[ ]{0,4}|[ ]{1,4})(?:DECL:[ ]{0,4})?"
    r"(?:([0-3]?[0-9])/([0-3]?[0-9])/([0-9]{4}|[0-9]{2})|(OADR)|(N/A))"
)

_LONG_MONTHS: dict[str, int] = {
    "JANUARY": 1, "FEBRUARY": 2, "MARCH": 3, "APRIL": 4, "JUNE": 6, "JULY": 7, "AUGUST": 8,
    "SEPTEMBER": 9, "SEPT": 9, "OCTOBER": 10, "NOVEMBER": 11, "DECEMBER": 12, **MONTHS,
}  # fmt: skip


def parse_eo_line(text: str) -> Declassification | None:
    """The E.O. line in ``text`` as a ``Declassification``, or None when there is none.

    ``E.O. 12958: DECL: 08/25/2019`` → executive_order ``12958``, date 2019-08-25. Rules that stand in
    place of a date (``N/A``, ``OADR``, ``GDS``, ``XGDS-2``, ``MR``, ``DNG: CO 01/26/2021``, free text) go
    to ``rule``; E.O. 12065's ``GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P`` gives rule ``GDS``, the date and the
    classifier. A downgrade instruction (``DNG``) keeps its date in the rule only: it is not a
    declassification date. ``line`` is the E.O. line as written, from ``E.O.`` on (words before it on the
    same line, such as a distribution, are not part of it). An ``E.O. 12958, reasons 1.4 (b)`` tail of a
    Classified By line is not an E.O. line.
    """
    if not text:
        return None
    common = _COMMON_EO_LINE.fullmatch(text)
    if common is not None:
        found = _read_common_eo_line(common)
        if found is not None:
            return found
    return _read_eo_line(text)


def _read_eo_line(text: str) -> Declassification | None:
    """``parse_eo_line`` for any line: find the E.O. number, then read what follows it."""
    for match in _EO.finditer(text):
        if _EO_IN_REASONS.match(text, match.end()):
            continue
        end_match = _EO_VALUE_END.search(text, match.end())
        end = end_match.start() if end_match else len(text)
        line = text[match.start() : end].strip()
        value = _EO_SEPARATOR.sub("", text[match.end() : end], count=1).strip()
        return _read_eo_value(match.group(1), value, line)
    return None


def _read_common_eo_line(match: re.Match[str]) -> Declassification | None:
    """The ``Declassification`` of a line matched by ``_COMMON_EO_LINE``; None for a date that does not
    exist (the general reading then keeps the text as the rule)."""
    order, first, second, year, oadr, not_applicable = match.groups()
    line = match.string
    if not_applicable:
        return Declassification(executive_order=order, rule="N/A", line=line)
    if oadr:
        return Declassification(executive_order=order, date=None, rule="OADR", classified_by=None, line=line)
    date = _month_day_year(int(first), int(second), int(year))
    return Declassification(executive_order=order, date=date, line=line) if date is not None else None


def _month_day_year(month: int, day: int, year: int) -> dt.date | None:
    """The date of ``MM/DD/YYYY``; month first is the State convention, and a first number above 12 can
    only be a day."""
    return make_date(year, month, day) or make_date(year, day, month)


def _read_eo_value(order: str, value: str, line: str) -> Declassification:
    """Split the text after ``E.O. NNNNN:`` into date, rule and classifier."""
    value = _DECL_KEYWORD.sub("", value, count=1)
    value = _SPACES.sub(" ", value).strip(" .;:,")
    if not value:
        return Declassification(executive_order=order, line=line)
    if _NOT_APPLICABLE.match(value):
        return Declassification(executive_order=order, rule="N/A", line=line)
    date, date_span = _find_date(value)
    if date is not None and date_span[0] == 0 and not value[date_span[1] :].strip(" .;:,"):
        return Declassification(executive_order=order, date=date, line=line)
    if _DOWNGRADE.match(value):
        return Declassification(executive_order=order, rule=value, line=line)
    code = _RULE_CODE.match(value)
    if code is None:
        return Declassification(executive_order=order, date=date, rule=value, line=line)
    rule = code.group(1).upper().replace(" ", "")
    if rule == "OADR" and value[code.end() :].strip(" :").upper() == "DECL":
        # "OADR:DECL" is OADR written back to front
        return Declassification(executive_order=order, rule="OADR", line=line)
    classified_by = None
    parens = _CLASSIFIER_IN_PARENS.search(value, code.end())
    if parens is not None:
        classified_by = ClassifiedBy(name=parens.group(1).strip(), title=parens.group(2))
    return Declassification(executive_order=order, date=date, rule=rule, classified_by=classified_by, line=line)


def _find_date(value: str) -> tuple[dt.date | None, tuple[int, int]]:
    """The first date written in ``value`` and where it is, or (None, (-1, -1))."""
    best: tuple[dt.date | None, tuple[int, int]] = (None, (-1, -1))
    for pattern in (_DATE_YMD, _DATE_MDY, _DATE_DAY_MONTH_YEAR, _DATE_MONTH_DAY_YEAR):
        match = pattern.search(value)
        if match is None or (best[0] is not None and match.start() >= best[1][0]):
            continue
        date = _date_from_match(pattern, match)
        if date is not None:
            best = (date, match.span())
    return best


def _date_from_match(pattern: re.Pattern[str], match: re.Match[str]) -> dt.date | None:
    first, second, third = match.groups()
    if pattern is _DATE_YMD:
        return make_date(int(first), int(second), int(third))
    if pattern is _DATE_MDY:
        return _month_day_year(int(first), int(second), int(third))
    if pattern is _DATE_DAY_MONTH_YEAR:
        month_number = _LONG_MONTHS.get(second.upper())
        return make_date(int(third), month_number, int(first)) if month_number else None
    month_number = _LONG_MONTHS.get(first.upper())
    return make_date(int(third), month_number, int(second)) if month_number else None


# --- the Classified By line ------------------------------------------------------------------------

# "Classified By:", "CLASSIFIED BY", "Classified by:", and the typo "Classfied By:".
_CLASSIFIED_BY = re.compile(r"\bclass(?:i)?fi?ed[ \t]{1,3}by\b[ \t]{0,3}:?", re.IGNORECASE)
# The same for lowered text (people.lowered_for_search); the leading literal lets the search skip ahead.
_CLASSIFIED_BY_LOWER = re.compile(r"c(?<=\bc)lass(?:i)?fi?ed[ \t]{1,3}by\b[ \t]{0,3}:?")
# The Cablegate "Classified By" line was hard-wrapped at 70–71 columns, often inside a word
# ("Hoyt Y" / "ee"); shorter lines ended at a word boundary.
_HARD_WRAP_WIDTH = 69
_PARAGRAPH_START = re.compile(r"^[ \t]{0,8}(?:¶[ \t]?)?(?:[0-9]{1,2}[ \t]?\.|\(|-)")
_MAX_CHUNK = 900
_MAX_REASON_WINDOW = 500

# Where the person part of the line ends: the reasons clause and its many spellings, "E.O.", a section
# number, a semicolon. "for"/"fr"/"per" glued to "reasons" by a line join are cut with it.
_NAME_END = re.compile(
    r"(?:(?<=[Ff]or)|(?<=FOR)|(?<=[Ff]r)|(?<=FR)|\b)(?:rea\s?s[o0]?n?s?|re\s?asons?|reaons?|resons?|reas[o0]n)(?![a-z])"
    r"|\b(?:for[ \t]+)?(?:for|fr|per)[ \t]+(?=e\.?[ \t]?o\b|[0-9(])"
    r"|\bunder[ \t]+(?=sec|se\b|1[ \t]?[.,]|e\.?[ \t]?o\b|\(|rea)"
    r"|\b(?:due[ \t]+to|based[ \t]+(?:up)?[o0]n|in[ \t]+accordance)\b"
    r"|\bE\.[ \t]?O\.|\bEO[ \t]+1[0-9]{4}"
    r"|(?<![0-9.])1[ \t]?[.,][ \t]?[0-9](?![0-9])"
    r"|;(?![A-Za-z])|\n\n",
    re.IGNORECASE,
)
# Where _NAME_END matches, for lowered text (people.lowered_for_search), several times faster: each branch
# starts with a literal, its assertions moved after it; only the start of the match is used.
_NAME_END_LOWER = re.compile(
    r"r(?:(?<=forr)|(?<=frr)|(?<=\br))(?:ea\s?s[o0]?n?s?|e\s?asons?|eaons?|esons?|eas[o0]n)(?![a-z])"
    r"|f(?<=\bf)(?:or[ \t]+(?:for|fr|per)|or|r)[ \t]+(?=e\.?[ \t]?o\b|[0-9(])"
    r"|p(?<=\bp)er[ \t]+(?=e\.?[ \t]?o\b|[0-9(])"
    r"|u(?<=\bu)nder[ \t]+(?=sec|se\b|1[ \t]?[.,]|e\.?[ \t]?o\b|\(|rea)"
    r"|d(?<=\bd)ue[ \t]+to\b|b(?<=\bb)ased[ \t]+(?:up)?[o0]n\b|i(?<=\bi)n[ \t]+accordance\b"
    r"|e(?<=\be)(?:\.[ \t]?o\.|o[ \t]+1[0-9]{4})"
    r"|1(?<![0-9.]1)[ \t]?[.,][ \t]?[0-9](?![0-9])"
    r"|;(?![a-z])|\n\n"
)
_PARENTHETICAL = re.compile(r"\([^()\n]{0,24}\)")
# A period that ends a sentence: after a word of two letters or more, before white space.
_SENTENCE_END = re.compile(r"(?<=[A-Za-z0-9]{2})\.(?=\s)")
_NOT_SENTENCE_END = frozenset({"jr", "sr", "mr", "mrs", "ms", "dr", "st", "amb", "gen", "col", "lt"})
_COMPONENT_SEPARATOR = re.compile(r"(?:(?<![ \t])[ \t]+)?(?:[,;]|[ \t][-–—?][ \t]|:)[ \t]*")
_TRAILING_FILLER = re.compile(
    r"(?<![ \t,:])(?<![ \t,:]for)(?<![ \t,:]fr)(?<![ \t,:]per)(?<![ \t,:]by)(?<![ \t,:]and)(?<![ \t,:]on)"
    r"(?:[ \t,:]+(?:for|fr|per|by|and|on))+[ \t,.:]*$",
    re.IGNORECASE,
)
# Every character a _TRAILING_FILLER match can hold: the match lies in the tail made of these.
_FILLER_WORDS = ("for", "fr", "per", "by", "and", "on")
_FILLER_CHARS = " \t\n,.:" + "".join(sorted(set("".join(_FILLER_WORDS)))) + "".join(_FILLER_WORDS).upper()
# A phrase without any of these has no component separator.
_SEPARATOR_CHAR = re.compile(r"[,;:?\-–—]")

# Section numbers and the category letters after them: "1.4 (b) and (d)", "1.5 B,D", "1.4(b)(d)", "1.5.D".
_SECTION = re.compile(r"(?<![0-9.])1[ \t]?[.,][ \t]?([0-9])(?![0-9])")
# What follows a section number: a run of at most 40 pieces, each up to three blanks (no blank line) and
# "and", "&", "+", ",", "/", ".", "(", ")" or a category letter (not the start of a word or of "a.m.").
# A piece can match in one way only (its blanks are all those before it), so the run is read in one go.
_REASON_RUN = re.compile(
    r"(?:(?:[ \t]|\n(?!\n)){0,3}(?:and\b|&|\+|,|/|\.|\(|\)|[a-h](?![a-z0-9])(?!\.?[ \t]?[a-z]\.))){0,40}",
    re.IGNORECASE,
)
_REASON_LETTERS = "abcdefgh"
# The reasons may stand after the line itself (a page break, a second line) but not past the first
# numbered paragraph.
_REASON_WINDOW_END = re.compile(r"\n\n[ \t]{0,8}(?:¶[ \t]?)?[0-9]{1,2}[ \t]?\.[ \t]{0,3}(?!\s?[0-9])")


_ZERO_INITIAL = re.compile(r"(^|\s)0\.(?=\s)")


def parse_classified_by(text: str) -> tuple[ClassifiedBy | None, list[str]]:
    """Who classified the cable and why, from the ``Classified By`` line in a chunk of text.

    The line may be preceded by other text on the same line (a REF block) and followed by paragraph 1.
    Returns ``(ClassifiedBy(name, title, agency) or None, reasons)`` where the reasons are normalised to
    ``1.4(b)``, ``1.4(d)`` (sorted, no duplicates). ``CLASSIFIED BY SECTION 1.5 (B) AND (D)`` names nobody:
    ``(None, ['1.5(b)', '1.5(d)'])``. The name is kept as written (see ``people.normalize_person_name``).
    """
    if not text:
        return None, []
    first = next(_classified_by_keywords(text), None)
    if first is None:
        return None, []
    line_start = text.rfind("\n", 0, first.start()) + 1
    chunk = _join_wrapped_lines(text[line_start : line_start + _MAX_CHUNK])
    keywords = list(_classified_by_keywords(chunk))
    if not keywords:
        return None, []
    classified_by = None
    for index, keyword in enumerate(keywords):
        stop = keywords[index + 1].start() if index + 1 < len(keywords) else len(chunk)
        classified_by = _person_from_segment(chunk[keyword.end() : stop])
        if classified_by is not None:
            break
    window = chunk[keywords[0].end() : keywords[0].end() + _MAX_REASON_WINDOW]
    window_end = _REASON_WINDOW_END.search(window)
    if window_end is not None:
        window = window[: window_end.start()]
    return classified_by, parse_reasons(window)


def _classified_by_keywords(text: str) -> Iterator[re.Match[str]]:
    """The ``Classified By`` keywords in ``text`` (their spans; matched in lowered text when that is exact)."""
    lowered = lowered_for_search(text)
    return _CLASSIFIED_BY_LOWER.finditer(lowered) if lowered is not None else _CLASSIFIED_BY.finditer(text)


def _join_wrapped_lines(chunk: str) -> str:
    """Join the wrapped lines of a Classified By block; blank lines become one ``\\n\\n``.

    A line of 70 columns or more was cut by the hard wrap, often inside a word, so it is glued to the
    next one; a shorter line ended at a word and is joined with a space. One blank line after a hard
    wrap is skipped when the text goes on with the same sentence (``FOR REA`` / blank / ``SONS``).
    """
    first_break = chunk.find("\n")
    if first_break < 0:
        return chunk.rstrip()
    if chunk[first_break:].isspace():  # the usual one line and blank lines: what _join_lines gives
        return chunk[:first_break].rstrip() + "\n\n"
    return _join_lines(chunk.split("\n"))


def _join_lines(lines: list[str]) -> str:
    """``_join_wrapped_lines`` for the lines of a chunk, one by one."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.rstrip()
        if not out:
            out.append(stripped)
            index += 1
            continue
        previous = out[-1]
        if not stripped.strip():
            # a blank line: a paragraph break unless it interrupts a hard-wrapped word
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if (
                previous
                and len(previous.rpartition("\n\n")[2]) >= _HARD_WRAP_WIDTH
                and following.strip()
                and not following[:1].isspace()
                and not _PARAGRAPH_START.match(following)
            ):
                index += 1
                continue
            if not previous.endswith("\n\n"):
                out[-1] = previous + "\n\n"
            index += 1
            continue
        last_line = previous.rpartition("\n\n")[2]
        if previous.endswith("\n\n") or not previous:
            out[-1] = previous + stripped.lstrip() if previous.endswith("\n\n") else stripped
        elif len(last_line) >= _HARD_WRAP_WIDTH and not line[:1].isspace():
            out[-1] = previous + stripped
        else:
            out[-1] = previous + " " + stripped.lstrip()
        index += 1
    return out[0] if out else ""


def _person_from_segment(segment: str) -> ClassifiedBy | None:
    """The person named in the text after one ``Classified By`` keyword, or None."""
    phrase = segment[: _name_end(segment)]
    if "(" in phrase:
        phrase = _PARENTHETICAL.sub(" ", phrase)
    pieces = _sentence_pieces(phrase)
    for position, piece in enumerate(pieces):
        person = _person_from_phrase(piece)
        if person is not None:
            if position and person.title is None:
                # "A E/MIN COUNS. JOHN MCNAMARA": the title stood in the sentence before
                earlier = " ".join(part.strip() for part in pieces[:position])
                if _PLAIN_TEXT.match(earlier):
                    person = person.model_copy(update={"title": earlier})
            return person
    return None


def _name_end(segment: str) -> int:
    """Where the person part of a Classified By segment ends (see ``_NAME_END``)."""
    lowered = lowered_for_search(segment)
    end = _NAME_END_LOWER.search(lowered) if lowered is not None else _NAME_END.search(segment)
    return end.start() if end is not None else len(segment)


def _strip_trailing_filler(text: str) -> str:
    """``text`` without the filler words left at its end (``… McClearn for``); ``_TRAILING_FILLER``
    searched in the tail of the text that can hold a match only."""
    match = _TRAILING_FILLER.search(text, len(text.rstrip(_FILLER_CHARS)))
    return text if match is None else text[: match.start()] + text[match.end() :]


def _sentence_pieces(phrase: str) -> list[str]:
    """Split at periods that end a sentence (``COUNS. JOHN``, ``MCDONALD. CONFIDENTIAL``), not at initials."""
    if "." not in phrase:
        return [phrase] if phrase.strip() else []
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(phrase):
        word_start = max(phrase.rfind(" ", start, match.start()), phrase.rfind("\n", start, match.start())) + 1
        if phrase[word_start : match.start()].lower() in _NOT_SENTENCE_END:
            continue
        pieces.append(phrase[start : match.start()])
        start = match.end()
    pieces.append(phrase[start:])
    return [piece for piece in pieces if piece.strip()]


def _person_from_phrase(phrase: str) -> ClassifiedBy | None:
    """Name, title and agency from ``Ambassador Clark T. Randt, Jr.`` or ``Rose E. G., Asst Sec, Dept``."""
    fields = _person_fields(phrase)
    return None if fields is None else ClassifiedBy(name=fields[0], title=fields[1], agency=fields[2])


@lru_cache(maxsize=4096)  # the same official classifies many cables
def _person_fields(phrase: str) -> tuple[str, str | None, str | None] | None:
    """``(name, title, agency)`` for ``_person_from_phrase``, or None."""
    phrase = _strip_trailing_filler(phrase.replace("\n", " ")).strip(" \t,:;-?")
    if phrase.endswith(".") and not _KEEPS_STOP.search(phrase, max(0, len(phrase) - 3)):  # a match is 3 long at most
        phrase = phrase.rstrip(". ")
    if not phrase:
        return None
    if _SEPARATOR_CHAR.search(phrase) is None:
        components = [phrase] if phrase.strip() else []
    else:
        components = [part for part in _COMPONENT_SEPARATOR.split(phrase) if part.strip()]
        components = _attach_suffixes(components)
    mixed_case = not phrase.isupper() and any(map(str.islower, phrase))  # isupper: no lower-case letter
    found: tuple[int, str, str] | None = None
    for position, component in enumerate(components):
        title, name = split_person(component, mixed_case=mixed_case)
        if not name:
            continue
        if found is None or (" " not in found[2] and " " in name):
            found = (position, title, name)
            if " " in name:
                break
    if found is None:
        return None
    position, own_title, name = found
    titles = [part.strip() for part in components[:position]]
    if own_title:
        titles.append(own_title)
    titles = [_strip_trailing_filler(title) for title in titles if _PLAIN_TEXT.match(title)]
    after = [part.strip() for part in components[position + 1 :] if _PLAIN_TEXT.match(part.strip())]
    agency = None
    if after and not titles:
        titles.append(after.pop(0))
    if after:
        agency = ", ".join(after)
    # A zero typed for the letter O in an initial ("LEE 0. COLDREN").
    if "0." in name:
        name = _ZERO_INITIAL.sub(r"\1O.", name)
    return name, ", ".join(titles) or None, agency


# Titles and agencies are words; anything else after a name is noise (a garbled line).
_PLAIN_TEXT = re.compile(r"^[A-Za-z][A-Za-z0-9 .'’/&()-]{0,80}$")
# A final stop that belongs to the name: "Jr.", an initial.
_KEEPS_STOP = re.compile(r"(?:\b(?:jr|sr)|(?<![A-Za-z])[A-Za-z])\.$", re.IGNORECASE)
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def _attach_suffixes(components: list[str]) -> list[str]:
    """``['THOMAS W. SIMONS', 'JR.', 'AMBASSADOR']`` → ``['THOMAS W. SIMONS, JR.', 'AMBASSADOR']``."""
    out: list[str] = []
    for component in components:
        if out and _SUFFIX.match(component.strip()):
            out[-1] = f"{out[-1].rstrip()}, {component.strip()}"
        else:
            out.append(component)
    return out


def parse_reasons(text: str) -> list[str]:
    """Classification reasons in ``text``, normalised and sorted: ``1.4 (b) and (d)`` → ``['1.4(b)', '1.4(d)']``.

    Reads ``1.4 (B) AND (D)``, ``1.4(B), (D)``, ``1.4 (B/D)``, ``1.4 b, d``, ``1.5 (b,d)``, ``1.4(b)(d)``,
    ``1.5.D``, ``1.4 (b+d)``, ``1,4 (C)``. A section number with no letter after it adds nothing.
    """
    if not text:
        return []
    reasons: set[str] = set()
    for section in _SECTION.finditer(text):
        # In a run the letters a-h stand for themselves but in "and" ("n" is in no other piece).
        run = _REASON_RUN.match(text, section.end()).group().lower().replace("and", "")
        for letter in _REASON_LETTERS:
            if letter in run:
                reasons.add(f"1.{section.group(1)}({letter})")
    return sorted(reasons)
