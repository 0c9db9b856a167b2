"""The fast paths of cableparse.fields.declassification give what the general reading gives.

The one-step reading of the usual E.O. lines, the lowered-text searches for the Classified By keyword
and the end of the name, the bounded trailing-filler search, the one-line join and the one-regex
reading of reasons are held to the answers of the plain reading on generated input.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cableparse.fields import declassification as decl
from cableparse.fields.declassification import parse_classified_by, parse_eo_line, parse_reasons

_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True)


def pieces(fragments: list[str], max_size: int = 14) -> st.SearchStrategy[str]:
    """Text made of the given fragments, in any order and number."""
    return st.lists(st.sampled_from(fragments), max_size=max_size).map("".join)


# --- the E.O. line ---------------------------------------------------------------------------------

_EO_LINES = st.builds(
    lambda head, spaces, order, separator, decl_word, value: f"{head}{spaces}{order}{separator}{decl_word}{value}",
    st.sampled_from(["E.O.", "EO", "E.O", "E. O.", "e.o."]),
    st.sampled_from([" ", "  ", "   ", "    ", ""]),
    st.sampled_from(["12958", "12356", "13526", "1295", "129588"]),
    st.sampled_from([":", ": ", ":  ", ":     ", " ", "  ", "", ";"]),
    st.sampled_from(["", "DECL:", "DECL: ", "DECL:  ", "DECL ", "decl: ", "DECLASSIFY: "]),
    st.one_of(
        st.builds(
            lambda month, day, year: f"{month}/{day}/{year}",
            st.sampled_from(["1", "01", "12", "13", "31", "0", "00", "39"]),
            st.sampled_from(["1", "08", "29", "30", "31", "32"]),
            st.sampled_from(["2019", "08", "99", "1999", "0000", "201", "20190"]),
        ),
        st.sampled_from(["OADR", "N/A", "OADR ", "N/A.", "OADR:DECL", "NA", "X1", "MR", "GDS"]),
    ),
)


@_SETTINGS
@given(_EO_LINES)
def test_common_eo_lines_read_as_any_line(text: str) -> None:
    fast, general = parse_eo_line(text), decl._read_eo_line(text)
    assert fast == general
    if fast is not None:
        assert fast.model_fields_set == general.model_fields_set


@pytest.mark.parametrize(
    ("text", "date", "rule"),
    [
        ("E.O. 12958: DECL: 01/26/2020", dt.date(2020, 1, 26), None),
        ("EO 12958 DECL: 6/30/08", dt.date(2008, 6, 30), None),
        ("E.O. 12958: DECL: 25/08/2019", dt.date(2019, 8, 25), None),
        ("E.O. 12958: DECL: 02/30/2019", None, "02/30/2019"),  # no such day: the general reading
        ("E.O. 12356: DECL: OADR", None, "OADR"),
        ("E.O. 12958: N/A", None, "N/A"),
    ],
)
def test_common_eo_lines(text: str, date: dt.date | None, rule: str | None) -> None:
    found = parse_eo_line(text)
    assert found is not None and (found.date, found.rule, found.line) == (date, rule, text)


# --- the Classified By line ------------------------------------------------------------------------

_NAME_END_FRAGMENTS = [
    "for", "FOR", "Fr", "fr", "per", "PER", "rea", "REA", "sons", "son", "s", "0", "reasons", "Reason",
    "re asons", "resons", "reaons", "reas0n", " ", "\t", "\n", "e.o.", "E. O.", "EO 12958", "eo", "E.",
    "1.4", "1,5", "1", "12", ".", ",", ";", "(", "under", "Sec", "se", "due to", "based on", "based upon",
    "in accordance", "x", "İ", "ı", "ſ", "\u212a", "a", "_",
]  # fmt: skip


@_SETTINGS
@given(pieces(_NAME_END_FRAGMENTS))
def test_name_end_is_the_name_end_regex(segment: str) -> None:
    match = decl._NAME_END.search(segment)
    assert decl._name_end(segment) == (match.start() if match else len(segment))


@_SETTINGS
@given(pieces(["classified", "CLASSIFIED", "Classfied", "clasified", " ", "\t", "by", "BY", ":", "x", "_", "ı", "\n"]))
def test_classified_by_keywords_are_the_keyword_regex(text: str) -> None:
    fast = [match.span() for match in decl._classified_by_keywords(text)]
    assert fast == [match.span() for match in decl._CLASSIFIED_BY.finditer(text)]


@_SETTINGS
@given(pieces(["for", "FOR", "Fr", "per", "PER", "by", "and", "AND", "on", "On", " ", "\t", ",", ":", ".", "\n", "Wolff", "x", "e"]))
def test_strip_trailing_filler_is_the_filler_regex(text: str) -> None:
    assert decl._strip_trailing_filler(text) == decl._TRAILING_FILLER.sub("", text)


def test_strip_trailing_filler() -> None:
    assert decl._strip_trailing_filler(" Acting Permanent Representative Alejandro D. Wolff per ") == (
        " Acting Permanent Representative Alejandro D. Wolff"
    )
    assert decl._strip_trailing_filler("DCM LESLIE BASSETT FOR ") == "DCM LESLIE BASSETT"
    assert decl._strip_trailing_filler("for by") == "for"


@_SETTINGS
@given(pieces(["Classified By: Ambassador", " ", "x" * 30, "\n", "\n\n", "  ", "REA", "SONS", "1. (C)", "\t"]))
def test_join_wrapped_lines_is_the_line_by_line_join(chunk: str) -> None:
    assert decl._join_wrapped_lines(chunk) == decl._join_lines(chunk.split("\n"))


@_SETTINGS
@given(pieces(["a", "B", " ", ".", "'", "&", "/", "(", ")", "0"]))
def test_phrase_without_separator_has_one_component(phrase: str) -> None:
    assert decl._SEPARATOR_CHAR.search(phrase) is None
    assert decl._COMPONENT_SEPARATOR.split(phrase) == [phrase]


def test_keeps_stop_is_searched_in_its_bound() -> None:
    import re._parser as regex_parser

    assert regex_parser.parse(decl._KEEPS_STOP.pattern, decl._KEEPS_STOP.flags).getwidth()[1] <= 3


def test_classified_by_with_a_filler_word_before_reasons() -> None:
    person, reasons = parse_classified_by(
        "Classified By: Acting Permanent Representative Alejandro D. Wolff \n per reasons 1.4 (b) and (d) \n"
    )
    assert person is not None and (person.name, person.title) == ("Alejandro D. Wolff", "Acting Permanent Representative")
    assert reasons == ["1.4(b)", "1.4(d)"]


def test_classified_by_objects_are_not_shared() -> None:
    text = "Classified By: Ambassador John Smith, reasons 1.4 (b)"
    first, _ = parse_classified_by(text)
    second, _ = parse_classified_by(text)
    assert first == second and first is not second


# --- reasons ---------------------------------------------------------------------------------------

# The reading of reasons one piece at a time, as it was before the one-regex reading.
_PIECE = re.compile(
    r"[ \t\n]{0,3}(?:and\b|&|\+|,|/|\.|\(|\)|(?P<letter>[a-h])(?![a-z0-9])(?!\.?[ \t]?[a-z]\.))", re.IGNORECASE
)


def reasons_piece_by_piece(text: str) -> list[str]:
    reasons: set[str] = set()
    for section in decl._SECTION.finditer(text):
        position = section.end()
        for _ in range(40):
            piece = _PIECE.match(text, position)
            if piece is None or piece.end() == position or "\n\n" in piece.group(0):
                break
            if piece.group("letter"):
                reasons.add(f"1.{section.group(1)}({piece.group('letter').lower()})")
            position = piece.end()
    return sorted(reasons)


_REASON_FRAGMENTS = [
    "1.4", "1.5", "1,4", "1. 5", " ", "  ", "\t", "\n", "\n\n", "(", ")", "b", "B", "d", "D", "a", "h", "i",
    "and", "AND", "andy", "&", "+", ",", "/", ".", "a.m.", "x", "ſ", "K", "0", "1",
]  # fmt: skip


@settings(max_examples=400, deadline=None, derandomize=True)
@given(pieces(_REASON_FRAGMENTS, max_size=24))
def test_parse_reasons_is_the_piece_by_piece_reading(text: str) -> None:
    assert parse_reasons(text) == reasons_piece_by_piece(text)


def test_parse_reasons_stops_after_forty_pieces() -> None:
    text = "1.4 " + "(" * 39 + "b" + " 1.5 " + "(" * 40 + "c"
    assert parse_reasons(text) == reasons_piece_by_piece(text) == ["1.4(b)"]
