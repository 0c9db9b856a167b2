"""origin_name: the archive's name for the FM-line station, checked on unit cases and on the corpus."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from cableparse.fields.stations import origin_name
from conftest import manifest_rows

UNIT_CASES = [
    ("AMEMBASSY TRIPOLI", "Embassy Tripoli"),
    ("AMCONSUL CHENGDU", "Consulate Chengdu"),
    ("SECSTATE WASHDC", "Secretary of State"),
    ("USMISSION USUN NEW YORK", "USUN New York"),
    ("RUEHTRO/AMEMBASSY TRIPOLI", "Embassy Tripoli"),
    ("AMEMBASSY LA PAZ IMMEDIATE 9397", "Embassy La Paz"),
    ("AMEMBASSY PORT AU PRINCE", "Embassy Port Au Prince"),
    ("AMCONSUL RIO DE JANEIRO", "Consulate Rio De Janeiro"),
    ("AMEMBASSY N'DJAMENA", "Embassy Ndjamena"),
    ("AMCONSUL MADRAS", "Consulate Chennai"),
    ("AMCONSUL LENINGRAD", "Consulate St Petersburg"),
    ("AMEMBASSY KIEV", "Embassy Kyiv"),
    ("USLO TRIPOLI", "Embassy Tripoli"),
    ("USOFFICE PRISTINA", "Embassy Pristina"),
    ("USINT HAVANA", "US Interests Section Havana"),
    ("USDEL SECRETARY//MEXICO//", "US Delegation, Secretary"),
    ("amembassy  beijing", "Embassy Beijing"),
    ("", None),
    ("SOMETHING ELSE", None),
]


@pytest.mark.parametrize(("station", "expected"), UNIT_CASES)
def test_origin_name_unit(station: str, expected: str | None) -> None:
    assert origin_name(station) == expected


def test_origin_name_odd_input_does_not_raise() -> None:
    assert origin_name(None) is None  # type: ignore[arg-type]
    assert origin_name("AMEMBASSY ") is None
    assert origin_name("////") is None


_FM_RE = re.compile(r"^\s*FM\s+(?:[A-Z0-9]{3,9}/)?([A-Z][A-Z0-9 '/.,-]+?)\s*$", re.M)
_PRE_RE = re.compile(r"<pre>(.*?)</pre>", re.S)


def _header_text(row: dict) -> str | None:
    """The header part of a corpus file: the first <pre> of a cablegate page, the header column of a csv row."""
    raw = row["file"].read_bytes().decode("utf-8", "replace")
    if row["kind"] == "cablegate-html":
        found = _PRE_RE.search(raw)
        return html.unescape(found.group(1).replace("&#x000A;", "\n")) if found else None
    if row["kind"] == "csv-row":
        reader = csv.reader(io.StringIO(raw), escapechar="\\", doublequote=False)
        for fields in reader:
            return fields[6].replace("\\n", "\n") if len(fields) > 6 else None
    return None


# Archive values that are slips of the archive itself, not a rule (the FM line says otherwise).
ARCHIVE_SLIPS = {
    ("AMEMBASSY ATHENS", "Greece Athens"): "archive slip: every other Athens cable is 'Embassy Athens'",
    ("AMEMBASSY BONN", "Embasy Bonn"): "archive typo 'Embasy'",
    ("AMEMBASSY ALMATY", "US Office Almaty"): "archive name for one Almaty cable; the FM line says AMEMBASSY",
    ("SECSTATE WASHDC", "Department of State"): "one cable of 250+: the archive's own inconsistency",
}


def test_origin_name_agrees_with_the_archive_on_the_corpus() -> None:
    rows = manifest_rows("cablegate-html") + manifest_rows("csv-row")
    agree = total = slips = 0
    disagreements: list[tuple[str, str, str | None]] = []
    for row in rows:
        expected = row["answer"].get("meta_origin")
        header = _header_text(row) if expected else None
        found = _FM_RE.search(header) if header else None
        if not found:
            continue
        station = found.group(1)
        got = origin_name(station)
        total += 1
        if got == expected:
            agree += 1
        elif (station, expected) in ARCHIVE_SLIPS:
            slips += 1
        else:
            disagreements.append((station, expected, got))
    rate = agree / total if total else 0.0
    print(f"origin_name vs ANSWER_KEY meta_origin: {agree}/{total} = {rate:.2%} ({slips} archive slips listed)")
    for item in disagreements[:20]:
        print("  disagree:", item)
    assert total > 1000
    assert rate >= 0.97
