"""Dates and times written in cables and next to them.

* the date-time group (DTG) of format line 5, ``R 250807Z AUG 09`` (cable-format.md §3.4);
* the filing time of the DE line, Julian day and time, ``2370807`` (§3.5);
* the timestamps archives wrote beside the text: cables.csv, cablegate pages, JSON exports, PlusD (§9).

Every function is pure and never raises: odd input gives ``None`` (or an empty list).
All datetimes returned are timezone-aware and in UTC.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "MONTHS",
    "expand_two_digit_year",
    "make_date",
    "parse_archive_datetime",
    "parse_dtg",
    "parse_filing_time",
    "dtg_precedences",
]

UTC = dt.timezone.utc

MONTHS: dict[str, int] = {
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}  # fmt: skip
"""Three-letter month abbreviations (upper case) → month number."""

_MONTH_NAMES: dict[str, int] = {
    "JANUARY": 1, "FEBRUARY": 2, "MARCH": 3, "APRIL": 4, "JUNE": 6, "JULY": 7, "AUGUST": 8,
    "SEPTEMBER": 9, "SEPT": 9, "OCTOBER": 10, "NOVEMBER": 11, "DECEMBER": 12, **MONTHS,
}  # fmt: skip

# Cablegate runs from 1966 to 2010, so a two-digit year below this pivot belongs to the 2000s.
_TWO_DIGIT_YEAR_PIVOT = 66

# DDHHMM, an optional space (1973 OCR), Z, an optional space, the month, an optional space, the year.
# The digits must not touch other digits, so MRNs and serials are not read as DTGs.
_DTG = re.compile(
    r"(?<![0-9])([0-3][0-9])([0-2][0-9])([0-5][0-9]) ?[Zz] ?([A-Za-z]{3})[ .]?([0-9]{4}|[0-9]{2})(?![0-9])"
)
# The usual DTG as build.py hands it over, alone (``250807Z AUG 09``), and the usual DTG line with its
# precedence letters (``O R 141437Z NOV 07``): read in one step when they are written so.
_PLAIN_DTG = re.compile(r"([0-3][0-9])([0-2][0-9])([0-5][0-9])Z ([A-Z]{3}) ([0-9]{2})")
_PLAIN_DTG_LINE = re.compile(r"((?:[ZOPR] ){0,4})[0-3][0-9][0-2][0-9][0-5][0-9]Z ([A-Z]{3}) [0-9]{2}")
# The precedence letters written before a DTG: ``O R 141437Z …`` (action, then info precedence).
_PRECEDENCE_LETTERS = frozenset("ZOPR")

_JULIAN = re.compile(r"^\s*([0-3][0-9]{2})([0-2][0-9])([0-5][0-9])\s*$")

# --- archive timestamps --------------------------------------------------------------------------
# cablegate page / JSON export / SQL dump: 2007-03-13 09:09[:SS]
_ISO_LIKE = re.compile(
    r"^\s*([12][0-9]{3})-([01]?[0-9])-([0-3]?[0-9])(?:[ T]([0-2]?[0-9]):([0-5][0-9])(?::([0-5][0-9]))?)?"
    r"\s*(?:Z|UTC|[+-]00:?00)?\s*$"
)
# cables.csv: 12/28/1966 18:48 (month first, not zero-padded)
_US_SLASHED = re.compile(
    r"^\s*([01]?[0-9])/([0-3]?[0-9])/([12][0-9]{3})(?:,?\s+([0-2]?[0-9]):([0-5][0-9])(?::([0-5][0-9]))?)?\s*$"
)
# PlusD: 1974 May 17, 16:00 (Friday)
_PLUSD = re.compile(
    r"^\s*([12][0-9]{3})\s+([A-Za-z]{3,9})\.?\s+([0-3]?[0-9]),?(?:\s+([0-2]?[0-9]):([0-5][0-9]))?"
    r"\s*(?:\([A-Za-z]{3,9}\))?\s*$"
)
# Media-partner date line and LeakQuest: "Friday, 23 February 2001, 15:53", "Sat, 19 Dec 1987"
_DAY_MONTH_YEAR = re.compile(
    r"^\s*(?:[A-Za-z]{3,9},?\s+)?([0-3]?[0-9])\s+([A-Za-z]{3,9})\.?,?\s+([12][0-9]{3})"
    r"(?:,?\s+([0-2]?[0-9]):([0-5][0-9]))?\s*$"
)
_FOUR_DIGIT_YEAR = re.compile(r"(?<![0-9])[12][0-9]{3}(?![0-9])")


def expand_two_digit_year(year: int) -> int:
    """A two-digit year → four digits: 66–99 → 19xx, 00–65 → 20xx (Cablegate spans 1966–2010).

    Years already written with more digits are returned unchanged.
    """
    if year >= 100:
        return year
    return 1900 + year if year >= _TWO_DIGIT_YEAR_PIVOT else 2000 + year


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A ``date`` from its parts (two-digit years expanded), or None when the day does not exist."""
    try:
        return dt.date(expand_two_digit_year(year), month, day)
    except (ValueError, OverflowError):
        return None


def _make_datetime(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime | None:
    """A UTC datetime from its parts, or None when they do not form one.

    ``24:00`` (not used in DTGs but written now and then) is read as midnight of the next day.
    """
    date = make_date(year, month, day)
    if date is None or minute > 59 or second > 59:
        return None
    if hour == 24 and minute == 0 and second == 0:
        return dt.datetime(date.year, date.month, date.day, tzinfo=UTC) + dt.timedelta(days=1)
    if hour > 23:
        return None
    return dt.datetime(date.year, date.month, date.day, hour, minute, second, tzinfo=UTC)


def _month_number(name: str) -> int | None:
    return _MONTH_NAMES.get(name.upper())


def parse_dtg(text: str) -> dt.datetime | None:
    """The first valid date-time group in ``text`` as a UTC datetime, or None.

    ``250807Z AUG 09`` → 2009-08-25 08:07 UTC. Accepts precedence letters before it (``O R 141437Z NOV 07``),
    mixed case (``201247Z Jan 04``), OCR spacing (``221828 Z MAY 73``), no spaces (``250930ZFEB72``) and
    four-digit years. Two-digit years pivot at 66. A day or month that does not exist gives None.
    """
    if not text:
        return None
    plain = _PLAIN_DTG.fullmatch(text)
    if plain is not None:  # the usual case; anything odd (a day that does not exist) is left to the loop
        day, hour, minute, month, year = plain.groups()
        month_number = MONTHS.get(month)
        if month_number is not None and hour < "24":
            try:
                return dt.datetime(
                    expand_two_digit_year(int(year)), month_number, int(day), int(hour), int(minute), tzinfo=UTC
                )
            except ValueError:
                pass
    for match in _DTG.finditer(text):
        month = MONTHS.get(match.group(4).upper())
        if month is None:
            continue
        day, hour, minute = int(match.group(1)), int(match.group(2)), int(match.group(3))
        created = _make_datetime(int(match.group(5)), month, day, hour, minute)
        if created is not None:
            return created
    return None


def dtg_precedences(text: str) -> list[str]:
    """The precedence letters written just before the first DTG in ``text``.

    ``O R 141437Z NOV 07`` → ``['O', 'R']`` (action, then info); ``R 250807Z AUG 09`` → ``['R']``.
    Only the letters Z, O, P and R count; anything else before them (a stray letter, a word) ends the
    run. No DTG, or none of those letters, gives an empty list.
    """
    if not text:
        return []
    plain = _PLAIN_DTG_LINE.fullmatch(text)
    if plain is not None and plain.group(2) in MONTHS:  # the usual line: the letters are all that precede
        return plain.group(1).split()
    match = _DTG.search(text)
    while match is not None and MONTHS.get(match.group(4).upper()) is None:
        match = _DTG.search(text, match.end())
    if match is None:
        return []
    letters: list[str] = []
    tokens = text[: match.start()].split()
    for token in reversed(tokens[-4:]):
        if len(token) == 1 and token.upper() in _PRECEDENCE_LETTERS:
            letters.append(token.upper())
        else:
            break
    letters.reverse()
    return letters


def parse_filing_time(julian: str, year: int) -> dt.datetime | None:
    """The DE line's filing time (Julian day-of-year and HHMM, ``2370807``) in ``year`` as UTC.

    ``("2370807", 2009)`` → 2009-08-25 08:07 UTC. The year is not written on the DE line: take it from
    the DTG. A two-digit year is expanded. Day 0, day 366 of a common year, or a bad time give None.
    """
    if not julian or not isinstance(year, int):
        return None
    match = _JULIAN.match(julian)
    if match is None:
        return None
    day_of_year, hour, minute = (int(group) for group in match.groups())
    full_year = expand_two_digit_year(year)
    if day_of_year < 1 or hour > 23 or not 1 <= full_year <= 9999:
        return None
    try:
        start = dt.datetime(full_year, 1, 1, hour, minute, tzinfo=UTC)
        moment = start + dt.timedelta(days=day_of_year - 1)
    except (ValueError, OverflowError):
        return None
    if moment.year != full_year:
        return None
    return moment


def parse_archive_datetime(text: str) -> dt.datetime | None:
    """A timestamp written by an archive next to a cable, as a UTC datetime, or None.

    Forms: cables.csv ``12/28/1966 18:48``; cablegate pages and JSON exports ``2007-03-13 09:09``;
    the SQL dump ``1966-12-28 00:00:00``; PlusD ``1974 May 17, 16:00 (Friday)``; the media-partner date
    line ``Friday, 23 February 2001, 15:53``; ``Sat, 19 Dec 1987``. A date without a time is midnight.
    Anything else is tried with dateutil as a last resort.
    """
    if not text or len(text) > 80:
        return None
    match = _ISO_LIKE.match(text)
    if match:
        return _from_groups(match.group(1), match.group(2), match.group(3), *match.groups()[3:])
    match = _US_SLASHED.match(text)
    if match:
        return _from_groups(match.group(3), match.group(1), match.group(2), *match.groups()[3:])
    match = _PLUSD.match(text)
    if match:
        month = _month_number(match.group(2))
        if month is None:
            return None
        return _from_groups(match.group(1), str(month), match.group(3), match.group(4), match.group(5))
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        month = _month_number(match.group(2))
        if month is None:
            return None
        return _from_groups(match.group(3), str(month), match.group(1), match.group(4), match.group(5))
    return _parse_with_dateutil(text)


def _from_groups(
    year: str, month: str, day: str, hour: str | None = None, minute: str | None = None, second: str | None = None
) -> dt.datetime | None:
    return _make_datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))


def _parse_with_dateutil(text: str) -> dt.datetime | None:
    """The slow path for forms the patterns above do not know. Needs a four-digit year to be trusted."""
    if not _FOUR_DIGIT_YEAR.search(text):
        return None
    from dateutil import parser as date_parser  # only imported for the rare odd timestamp

    try:
        parsed = date_parser.parse(text.replace("(", " ").replace(")", " "), fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
