"""The classification line and captions."""

import pytest

from cableparse.fields.classification import captions_in, level_of, parse_class_line
from cableparse.model import ClassificationLevel as Level


@pytest.mark.parametrize(
    "line, expected",
    [
        ("C O N F I D E N T I A L SECTION 01 OF 02 BEIJING 001668", (Level.CONFIDENTIAL, 1, 2, "BEIJING", 1668)),
        ("UNCLAS SECTION 01 OF 02 MADRID 000293", (Level.UNCLASSIFIED, 1, 2, "MADRID", 293)),
        ("S E C R E T STATE 103511", (Level.SECRET, None, None, "STATE", 103511)),
        ("SECRET SECTION 01 of 05 ROME 000097", (Level.SECRET, 1, 5, "ROME", 97)),
        ("C o n f i d e n t i a l section 01 of 04 ankara 000348", (Level.CONFIDENTIAL, 1, 4, "ANKARA", 348)),
        ("LIMITED OFFICIAL USE ATHENS 2959", (Level.LIMITED_OFFICIAL_USE, None, None, "ATHENS", 2959)),
        ("UNCLASSIFIED BUENOS AIRES 2481", (Level.UNCLASSIFIED, None, None, "BUENOS AIRES", 2481)),
        ("UNCLASSIFIED SECTION 01 OF 01 TEHRAN 1164", (Level.UNCLASSIFIED, 1, 1, "TEHRAN", 1164)),
    ],
)
def test_class_line(line, expected):
    read = parse_class_line(line)
    assert (read.level, read.section, read.sections_total, read.post, read.serial) == expected


def test_class_line_with_caveat_words():
    read = parse_class_line("UNCLAS E F T O SECTION 01 OF 02 SANAA 000123")
    assert read.captions == ["EFTO"]
    assert read.post == "SANAA" and read.serial == 123


def test_not_a_class_line():
    assert parse_class_line("THE EMBASSY 12") is None


def test_level_of_forms():
    assert level_of("Confidential") is Level.CONFIDENTIAL
    assert level_of("T O P  S E C R E T") is Level.TOP_SECRET
    assert level_of("UNCLAS") is Level.UNCLASSIFIED
    assert level_of("nothing") is None


def test_captions():
    assert captions_in("SIPDIS") == ["SIPDIS"]
    assert captions_in("SENSITIVE BUT UNCLASSIFIED -- HANDLE ACCORDINGLY") == ["SENSITIVE BUT UNCLASSIFIED"]
    assert captions_in("NOFORN/NOCONTRACT") == ["NOFORN", "NOCONTRACT"]


@pytest.mark.parametrize(
    "line, expected",
    [
        # Where the serial may not be cut off and read apart: the digits after OF, too many digits.
        ("SECRET SECTION 01 OF 02", (Level.SECRET, 1, 2, None, None)),
        ("UNCLAS BEIJING 123456789", (Level.UNCLASSIFIED, None, None, None, None)),
        ("UNCLAS BEIJING -77", (Level.UNCLASSIFIED, None, None, "BEIJING", 77)),
        ("SECRET STATE 12", (Level.SECRET, None, None, "STATE", 12)),
    ],
)
def test_class_line_serial_edges(line, expected):
    read = parse_class_line(line)
    assert (read.level, read.section, read.sections_total, read.post, read.serial) == expected


def test_class_line_captions_are_not_shared():
    first = parse_class_line("UNCLAS E F T O SECTION 01 OF 02 ROME 000123")
    first.captions.append("CHANGED")
    assert parse_class_line("UNCLAS E F T O SECTION 01 OF 02 ROME 000124").captions == ["EFTO"]
    captions_in("SIPDIS").append("CHANGED")
    assert captions_in("SIPDIS") == ["SIPDIS"]
