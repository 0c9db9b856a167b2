"""Tests of cableparse.fields.dates: DTG, DE filing time, archive timestamps."""

from __future__ import annotations

import datetime as dt

import pytest

from cableparse.fields.dates import (
    dtg_precedences,
    expand_two_digit_year,
    parse_archive_datetime,
    parse_dtg,
    parse_filing_time,
)
from conftest import manifest_rows

UTC = dt.timezone.utc


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


# --- DTG -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250807Z AUG 09", utc(2009, 8, 25, 8, 7)),
        ("R 250807Z AUG 09", utc(2009, 8, 25, 8, 7)),
        ("O R 141437Z NOV 07", utc(2007, 11, 14, 14, 37)),
        ("201247Z Jan 04", utc(2004, 1, 20, 12, 47)),
        ("P R 221828 Z MAY 73", utc(1973, 5, 22, 18, 28)),
        ("250930ZFEB72", utc(1972, 2, 25, 9, 30)),
        ("281848Z DEC 1966", utc(1966, 12, 28, 18, 48)),
        ("P R 281848Z DEC 66", utc(1966, 12, 28, 18, 48)),
        ("010000Z JAN 00", utc(2000, 1, 1, 0, 0)),
        ("311159Z DEC 65", utc(2065, 12, 31, 11, 59)),
        ("This record is a partial extract.\n291359Z Nov 00\n", utc(2000, 11, 29, 13, 59)),
        ("292400Z FEB 08", utc(2008, 3, 1, 0, 0)),  # 2400Z: midnight of the next day
    ],
)
def test_parse_dtg(text: str, expected: dt.datetime) -> None:
    created = parse_dtg(text)
    assert created == expected
    assert created is not None and created.tzinfo is not None and created.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no date here",
        "310807Z FEB 09",  # 31 February
        "300807Z FEB 09",
        "291200Z FEB 09",  # 2009 is not a leap year
        "250807Z XYZ 09",  # no such month
        "259907Z AUG 09",  # hour 99
        "250870Z AUG 09",  # minute 70
        "PAGE 04 HANOI 02605 300858Z",  # a page header time, no month
        "1250807Z AUG 09",  # seven digits: part of a number, not a DTG
    ],
)
def test_parse_dtg_rejects(text: str) -> None:
    assert parse_dtg(text) is None


def test_parse_dtg_leap_day() -> None:
    assert parse_dtg("291200Z FEB 08") == utc(2008, 2, 29, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O R 141437Z NOV 07", ["O", "R"]),
        ("R 250807Z AUG 09", ["R"]),
        ("P R 221828 Z MAY 73", ["P", "R"]),
        ("Z 010101Z JAN 09", ["Z"]),
        ("W O 010101Z JAN 09", ["O"]),  # W is no precedence
        ("201247Z Jan 04", []),
        ("FM AMEMBASSY X", []),
        ("", []),
    ],
)
def test_dtg_precedences(text: str, expected: list[str]) -> None:
    assert dtg_precedences(text) == expected


def test_two_digit_year_pivot() -> None:
    assert expand_two_digit_year(66) == 1966
    assert expand_two_digit_year(99) == 1999
    assert expand_two_digit_year(0) == 2000
    assert expand_two_digit_year(65) == 2065
    assert expand_two_digit_year(1973) == 1973


# --- DE line filing time ---------------------------------------------------------------------------


def test_parse_filing_time() -> None:
    assert parse_filing_time("2370807", 2009) == utc(2009, 8, 25, 8, 7)
    assert parse_filing_time("0720900", 2007) == utc(2007, 3, 13, 9, 0)
    assert parse_filing_time("3660000", 2008) == utc(2008, 12, 31, 0, 0)
    assert parse_filing_time("0010000", 9) == utc(2009, 1, 1, 0, 0)
    # the DTG and the DE time agree in the worked example of cable-format.md §3.5
    assert parse_filing_time("2370807", 2009) == parse_dtg("R 250807Z AUG 09")


@pytest.mark.parametrize(("julian", "year"), [("3660000", 2009), ("0000807", 2009), ("2372407", 2009), ("237080", 2009), ("abc", 2009), ("", 2009)])
def test_parse_filing_time_rejects(julian: str, year: int) -> None:
    assert parse_filing_time(julian, year) is None


# --- archive timestamps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/28/1966 18:48", utc(1966, 12, 28, 18, 48)),  # cables.csv
        ("2/25/1972 9:30", utc(1972, 2, 25, 9, 30)),
        ("2007-03-13 09:09", utc(2007, 3, 13, 9, 9)),  # cablegate page, JSON export
        ("1966-12-28 00:00:00", utc(1966, 12, 28)),  # SQL dump
        ("1974 May 17, 16:00 (Friday)", utc(1974, 5, 17, 16, 0)),  # PlusD
        ("1999 January 6, 21:39 (Wednesday)", utc(1999, 1, 6, 21, 39)),
        ("Friday, 23 February 2001, 15:53", utc(2001, 2, 23, 15, 53)),  # media-partner date line
        ("Sat, 19 Dec 1987", utc(1987, 12, 19)),
        ("2004-01-20", utc(2004, 1, 20)),
    ],
)
def test_parse_archive_datetime(text: str, expected: dt.datetime) -> None:
    assert parse_archive_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "garbage", "13/45/2009 10:00", "2009-02-30 10:00", "1974 Smarch 17, 16:00"])
def test_parse_archive_datetime_rejects(text: str) -> None:
    assert parse_archive_datetime(text) is None


# --- real data -------------------------------------------------------------------------------------


def test_archive_created_parses_for_every_kind() -> None:
    """Every created timestamp in the answer key (cables.csv, cablegate, JSON, PlusD) is read."""
    rows = [row for row in manifest_rows() if row["answer"].get("meta_created")]
    assert rows
    failures = [row["answer"]["meta_created"] for row in rows if parse_archive_datetime(row["answer"]["meta_created"]) is None]
    rate = 1 - len(failures) / len(rows)
    print(f"archive timestamps: {len(rows) - len(failures)}/{len(rows)} = {rate:.2%}")
    assert not failures, failures[:10]


def test_dtg_matches_cables_csv_created() -> None:
    """cables.csv has the true minutes: where a row has a DTG, it equals the created column."""
    rows = manifest_rows("csv-row")
    with_dtg = agree = 0
    for row in rows:
        created = parse_archive_datetime(row["answer"].get("meta_created", ""))
        dtg = parse_dtg(row["file"].read_text(encoding="utf-8", errors="replace"))
        if dtg is None or created is None:
            continue  # "partial extract" rows carry no DTG
        with_dtg += 1
        agree += dtg == created
    rate = agree / with_dtg
    print(f"csv DTG == created: {agree}/{with_dtg} = {rate:.2%} (rows without a DTG: {len(rows) - with_dtg})")
    assert with_dtg >= 500
    assert rate >= 0.98


def test_dtg_matches_cablegate_hour() -> None:
    """Cablegate pages have wrong minutes but the right date and hour (cable-format.md §9.2)."""
    import re

    from cableparse.text import clean

    block = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)
    compared = agree = 0
    for row in manifest_rows("cablegate-html")[:600]:
        created = parse_archive_datetime(row["answer"].get("meta_created", ""))
        blocks = block.findall(row["file"].read_text(encoding="utf-8", errors="replace"))
        if created is None or len(blocks) < 2:
            continue
        dtg = parse_dtg(clean(blocks[0]).text)
        if dtg is None:
            continue
        compared += 1
        agree += dtg.date() == created.date() and dtg.hour == created.hour
    rate = agree / compared
    print(f"cablegate DTG date+hour == created: {agree}/{compared} = {rate:.2%}")
    assert compared >= 300
    assert rate >= 0.97
