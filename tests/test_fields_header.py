"""Format-line values: DE line, routing, security, addressees, office distribution."""

import pytest

from cableparse.fields.header import (
    header_family,
    parse_addressees,
    parse_de_line,
    parse_offices,
    parse_routing,
    parse_security,
    precedence_from_letter,
)
from cableparse.model import HeaderFamily, Precedence


def test_de_line_with_section_and_filing_time():
    de = parse_de_line("DE RUEHCN #0165/01 2370807")
    assert de == ("RUEHCN", 165, 1, "2370807")


def test_de_line_without_section():
    assert parse_de_line("DE RUEHBO #1165 0471902") == ("RUEHBO", 1165, None, "0471902")
    assert parse_de_line("FM AMEMBASSY X") is None


def test_routing_with_wrapped_indicators():
    prosign, indicators = parse_routing("RR RUEHAO RUEHCD\nRUEHNL RUEHQU")
    assert prosign == "RR"
    assert indicators == ["RUEHAO", "RUEHCD", "RUEHNL", "RUEHQU"]


def test_security_line():
    security = parse_security("ZNY CCCCC ZZH")
    assert security.classified is True
    assert security.class_letters == "CCCCC"
    assert security.operating_signals == ["ZZH"]
    assert parse_security("ZNR UUUUU ZZH").classified is False


def test_precedence_letters():
    assert precedence_from_letter("O") is Precedence.IMMEDIATE
    assert precedence_from_letter("ZZ") is Precedence.FLASH
    assert precedence_from_letter("Y") is None


def test_addressees_with_routes_precedence_and_mcn_range():
    keyword, addressees = parse_addressees(
        "TO ZEN/AMEMBASSY BELMOPAN NIACT IMMEDIATE 2276-2279\nRUEHC/SECSTATE WASHDC 3361"
    )
    assert keyword == "TO"
    first, second = addressees
    assert first.zen and first.routing_indicator is None
    assert first.name == "AMEMBASSY BELMOPAN"
    assert first.niact and first.precedence is Precedence.IMMEDIATE
    assert first.mcn == "2276-2279"
    assert second.routing_indicator == "RUEHC" and second.name == "SECSTATE WASHDC" and second.mcn == "3361"


def test_addressees_without_routes_one_per_line():
    keyword, addressees = parse_addressees(
        "INFO AMEMBASSY SANAA IMMEDIATE\nNSC WASHDC IMMEDIATE\nSECSTATE WASHDC\nUS CUSTOMS AND BORDER PROTECTION WASHINGTON DC"
    )
    assert keyword == "INFO"
    assert [a.name for a in addressees] == [
        "AMEMBASSY SANAA",
        "NSC WASHDC",
        "SECSTATE WASHDC",
        "US CUSTOMS AND BORDER PROTECTION WASHINGTON DC",
    ]


def test_wrapped_names_with_routes():
    _, addressees = parse_addressees("INFO RUEHWH/WESTERN HEMISPHERIC AFFAIRS\nDIPL POSTS\nRUEHC/SECSTATE WASHDC 2786")
    assert [a.name for a in addressees] == ["WESTERN HEMISPHERIC AFFAIRS DIPL POSTS", "SECSTATE WASHDC"]
    assert addressees[0].collective


def test_addressees_skip_page_lines():
    _, addressees = parse_addressees("INFO PAGE 02        STATE   050524  131535Z\nAMEMBASSY BAGHDAD PRIORITY")
    assert [(a.name, a.precedence) for a in addressees] == [("AMEMBASSY BAGHDAD", Precedence.PRIORITY)]


def test_collective_flag():
    _, addressees = parse_addressees("INFO RUEHOO/CHINA POSTS COLLECTIVE")
    assert addressees[0].collective and addressees[0].routing_indicator == "RUEHOO"


def test_offices_and_copy_total():
    offices = parse_offices("ORIGIN SS-15\nINFO OCT-01 AS-01 NEA-10 ISO-00 /033 R")
    assert offices.action == ["SS-15"]
    assert offices.info == ["OCT-01", "AS-01", "NEA-10", "ISO-00"]
    assert offices.total_copies == 33


def test_header_family():
    assert header_family({"START_OF_MESSAGE", "DE_LINE"}) is HeaderFamily.FULL
    assert header_family({"PARTIAL_EXTRACT", "DTG_LINE"}) is HeaderFamily.PARTIAL_EXTRACT
    assert header_family({"OFFICES", "DTG_LINE"}) is HeaderFamily.DISTRIBUTION
    assert header_family({"DTG_LINE", "FM_LINE"}) is HeaderFamily.FROM_DTG
    assert header_family(set()) is HeaderFamily.NONE


@pytest.mark.parametrize(
    "block, expected",
    [
        # (routing indicator, name, precedence, NIACT, MCN, ZEN) per addressee; each case is one where a
        # short cut (a number cut off the end, the one-pattern block readings) must give way.
        ("TO RUEHC/ 1234", [("RUEHC", "1234", None, False, None, False)]),
        ("TO A 1234 5678", [(None, "A 1234", None, False, "5678", False)]),
        ("TO A- 1234", [(None, "A-", None, False, "1234", False)]),
        ("TO RUEHC/SECSTATE  WASHDC 1234", [("RUEHC", "SECSTATE  WASHDC", None, False, "1234", False)]),
        ("TO RUEHC/X NIACT PRIORITY", [("RUEHC", "X", "PRIORITY", True, None, False)]),
        (
            "INFO RUEHC/A 123\nRUEHB/B PRIORITY\n  ZEN/C 4567",
            [
                ("RUEHC", "A", None, False, "123", False),
                ("RUEHB", "B", "PRIORITY", False, None, False),
                (None, "C", None, False, "4567", True),
            ],
        ),
        (
            "INFO AMEMBASSY PARIS AND\nAMEMBASSY ROME 123\nSECDEF",
            [(None, "AMEMBASSY PARIS AND AMEMBASSY ROME", None, False, "123", False), (None, "SECDEF", None, False, None, False)],
        ),
    ],
)
def test_addressee_readings_at_the_edges_of_the_short_cuts(block, expected):
    _, addressees = parse_addressees(block)
    found = [
        (a.routing_indicator, a.name, a.precedence.value if a.precedence else None, a.niact, a.mcn, a.zen)
        for a in addressees
    ]
    assert found == expected


def test_addressees_are_new_objects_each_time():
    """Readings are cached; the records made of them must still not share anything."""
    _, first = parse_addressees("TO RUEHC/SECSTATE WASHDC PRIORITY 1234")
    _, second = parse_addressees("TO RUEHC/SECSTATE WASHDC PRIORITY 1234")
    assert first[0] is not second[0] and first[0] == second[0]
    assert parse_security("ZNY CCCCC ZZH").operating_signals is not parse_security("ZNY CCCCC ZZH").operating_signals
    assert parse_routing("OO RUEHC")[1] is not parse_routing("OO RUEHC")[1]
