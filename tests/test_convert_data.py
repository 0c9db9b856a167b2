"""Made-up cables.csv files for the convert and Dask tests (texts written for these tests; no tests here)."""

from __future__ import annotations

from pathlib import Path

HEADER = """VZCZCXRO{serial:04d}
OO RUEHCN
DE RUEHBJ #{serial:04d} 2360807
ZNR UUUUU ZZH
O 250807Z AUG 09
FM AMEMBASSY BEIJING
TO RUEHC/SECSTATE WASHDC IMMEDIATE {serial:04d}
BT"""

CONTENT = """UNCLAS BEIJING {serial:06d}

SIPDIS

E.O. 12958: N/A
TAGS: PREL, ECON, CH
SUBJECT: MADE-UP CABLE NUMBER {serial} ABOUT "QUOTED" TRADE TALKS

1. (U) Summary: This cable was written for a test of the converter. End Summary.

2. (U) The second paragraph says that nothing of note happened on day {serial}.

3. (U) A third paragraph, with a 'quote' and a backslash-free path A/B.

BROWN"""


def csv_field(value: str) -> str:
    """One double-quoted cables.csv field, quotes backslash-escaped as in the official file."""
    return '"' + value.replace('"', '\\"').replace("'", "\\'") + '"'


def csv_row(row_id: int, header: str, content: str, *, ref_id: str | None = None) -> str:
    """One complete cables.csv row (8 fields, newline-terminated)."""
    fields = [str(row_id), "8/25/2009 8:07", ref_id or f"09BEIJING{row_id}", "Embassy Beijing",
              "UNCLASSIFIED", "", header, content]
    return ",".join(csv_field(field) for field in fields) + "\n"


def good_row(row_id: int) -> str:
    """A made-up cable whose reference id is ``09BEIJING<row_id>``."""
    return csv_row(row_id, HEADER.format(serial=row_id), CONTENT.format(serial=row_id))


def write_csv(path: Path, count: int) -> Path:
    """``count`` good made-up rows (ids 1..count)."""
    path.write_text("".join(good_row(number) for number in range(1, count + 1)), encoding="utf-8")
    return path


# Broken rows for the nothing-is-lost test: each must land in the rejects file.
SEVEN_FIELDS = '"{id}","8/25/2009 8:07","09BEIJING{id}","Embassy Beijing","UNCLASSIFIED","","only seven fields"\n'
UNTERMINATED = '"{id}","8/25/2009 8:07","09BEIJING{id}","Embassy Beijing","UNCLASSIFIED","","head","body with a stray " quote"\n'


def broken_csv(path: Path) -> tuple[Path, dict[int, str]]:
    """Good rows with broken ones in the middle; returns the path and {row number: what is wrong}."""
    rows: list[str] = []
    broken: dict[int, str] = {}
    for number in range(1, 41):
        if number == 7:
            rows.append(SEVEN_FIELDS.format(id=number))
            broken[number] = "fields"
        elif number == 13:
            rows.append(UNTERMINATED.format(id=number))
            broken[number] = "fields"
        elif number == 21:
            rows.append(csv_row(number, "", "hello world, this is a shopping list", ref_id="not a cable"))
            broken[number] = "not-a-cable"
        elif number == 22:
            rows.append(csv_row(number, "", ""))
            broken[number] = "empty"
        else:
            rows.append(good_row(number))
    path.write_text("".join(rows), encoding="utf-8")
    return path, broken
