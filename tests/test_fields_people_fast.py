"""The fast paths of cableparse.fields.people give what the plain regular expressions give.

Each cheap test (a bounded search, a prefilter, a lowered text, a string method) stands in for a regex
call of the original reading; these tests hold them to the same answers on generated input.
"""

from __future__ import annotations

import re
import re._parser as regex_parser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cableparse.fields import people
from cableparse.fields.people import find_signature, lowered_for_search, strip_trailing_signer

_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True)


def pieces(fragments: list[str], max_size: int = 14) -> st.SearchStrategy[str]:
    """Text made of the given fragments, in any order and number."""
    return st.lists(st.sampled_from(fragments), max_size=max_size).map("".join)


def longest_match(pattern: re.Pattern[str]) -> int:
    """The most characters one match of ``pattern`` can span."""
    return regex_parser.parse(pattern.pattern, pattern.flags).getwidth()[1]


# --- lowered text ----------------------------------------------------------------------------------


def test_lowered_for_search_covers_every_character_that_folds_to_ascii() -> None:
    # The claim behind lowered_for_search, checked on the whole Basic Multilingual Plane.
    word = re.compile(r"\w")
    folds = {"\u0130", "\u0131", "\u017f", "\u212a"}
    any_ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x80, 0x10000):
        char = chr(code)
        if char in folds:
            assert any_ascii_letter.fullmatch(char)
            continue
        lower = char.lower()
        assert len(lower) == 1 and not lower.isascii(), char
        assert bool(word.match(lower)) == bool(word.match(char)), char
        assert not any_ascii_letter.fullmatch(char), char


def test_lowered_for_search() -> None:
    assert lowered_for_search("Visit WWW.State.GOV") == "visit www.state.gov"
    assert lowered_for_search("Café Ünter") == "café ünter"
    assert lowered_for_search("ſite") is None  # long s: IGNORECASE reads it as "s"
    assert lowered_for_search("\u212aelvin") is None


# --- trailers and line ends ------------------------------------------------------------------------


@_SETTINGS
@given(pieces(["a", ".", " ", "\t", "\\", "0", "7", "2004", "-", "2004-01-05", "\n", " \\ "]))
def test_core_is_the_continuation_regex(line: str) -> None:
    assert people._core(line) == people._CONTINUATION.sub("", line)


@pytest.mark.parametrize(
    ("line", "core"),
    [
        ("CARTER \\", "CARTER"),
        ("CARTER\t2009-01-05", "CARTER"),
        ("CARTER 2009-01-05 \\  ", "CARTER"),
        ("Text ends.", "Text ends."),
        ("1.4 (b)", "1.4 (b)"),
        ("FOO 12004-01-01", "FOO 12004-01-01"),  # not a date after a blank
        ("", ""),
    ],
)
def test_core(line: str, core: str) -> None:
    assert people._core(line) == core


_FOOTER_FRAGMENTS = [
    "http", "HTTPS", ":", "www", "WWW", ".", "gov", ".GOV", "_", "1", "classified", "Classified", " ", "web",
    "WEB", "site", "Site", "portal", "Portal:", "intelink", "INTELINK", "x", "é", "İ", "ı", "ſ", "\u212a", "\n",
]  # fmt: skip


@_SETTINGS
@given(pieces(_FOOTER_FRAGMENTS))
def test_has_web_footer_is_the_footer_regex(text: str) -> None:
    assert people._has_web_footer(text) == bool(people._WEB_FOOTER.search(text))


def test_has_web_footer() -> None:
    assert people._has_web_footer("Visit Ankara's Classified Web Site at")
    assert people._has_web_footer("http://www.state.sgov.gov/p/eur/ankara/")
    assert people._has_web_footer("INTELİNK")  # dotted capital I: the regex path
    assert not people._has_web_footer("The government of Ghana")
    assert not people._has_web_footer("gov.gover")


@_SETTINGS
@given(pieces(["X", "x", "XXXX", " ", "\t", ".", "\n", "a"]))
def test_ends_with_redaction_is_the_regex(line: str) -> None:
    assert people._ends_with_redaction(line) == bool(people._ENDS_WITH_REDACTION.search(line))


@_SETTINGS
@given(pieces(["*", "=", "-", "***", " ", "\t", "\n", "a"]))
def test_ends_with_separator_is_the_regex(line: str) -> None:
    assert people._ends_with_separator(line) == bool(people._SEPARATOR_END.search(line))


@_SETTINGS
@given(pieces(["N", "NNN", "NNNN", " ", "\t", "x", "HALL", "2004ROME02926", "\n", "-"]))
def test_strip_inline_end_is_the_regex(line: str) -> None:
    assert people._strip_inline_end(line) == people._INLINE_END.sub("", line)


@_SETTINGS
@given(st.text(max_size=40))
def test_has_lower(text: str) -> None:
    assert people._has_lower(text) == any(char.islower() for char in text)


def test_is_end_matter_press_footer() -> None:
    assert people._is_end_matter("ID: 123456")
    assert people._is_end_matter("Fecha de impresión: hoy")
    assert not people._is_end_matter("© EL PAÍS")  # "@", not "©"
    assert people._is_end_matter("foo @ EL PAIS")


# --- searches bounded to the end of a line ---------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["_NAME_AFTER_FORMULA", "_NAME_AFTER_URL", "_NAME_AFTER_SENTENCE", "_CLOSING_FORMULA"]
)
def test_end_anchored_patterns_fit_in_the_searched_tail(name: str) -> None:
    # +1: "$" also matches before a final newline
    assert longest_match(getattr(people, name)) + 1 <= people._LINE_END_SPAN


def test_other_bounds() -> None:
    assert longest_match(people._NAME_LINE) + 1 <= people._NAME_LINE_MAX
    assert longest_match(people._MARKER_TOKEN) <= 5
    assert longest_match(people._SUFFIX_TOKEN) <= 4


_TAIL_FRAGMENTS = [
    "END COMMENT", "End of text", "UNQUOTE", "MINIMIZE CONSIDERED", "XXXX", "***", "001 OF 003", ".", ":",
    " ", "\t", "HOAGLAND", "Randt", "DE", "'", "\"", ")", "!", "http://x.gov/", "a", "\n", "#",
]  # fmt: skip


@_SETTINGS
@given(st.integers(0, 200), pieces(_TAIL_FRAGMENTS, max_size=20))
def test_bounded_searches_find_what_a_full_search_finds(filler: int, tail: str) -> None:
    line = "word " * filler + tail
    start = max(0, len(line) - people._LINE_END_SPAN)
    for pattern in (people._NAME_AFTER_FORMULA, people._NAME_AFTER_URL, people._NAME_AFTER_SENTENCE, people._CLOSING_FORMULA):
        full = pattern.search(line)
        bounded = pattern.search(line, start)
        assert (full and full.span()) == (bounded and bounded.span()), pattern.pattern


def test_signature_after_a_long_line() -> None:
    long_text = "the cable goes on and on about things " * 100
    assert find_signature([long_text + "End Comment. HOAGLAND"]) == (1, ["HOAGLAND"])
    assert find_signature([long_text + "end.", "", "BROWN"]) == (2, ["BROWN"])
    assert strip_trailing_signer(long_text + "End Comment. HOAGLAND", "HOAGLAND") == long_text + "End Comment."


# --- names -----------------------------------------------------------------------------------------


@_SETTINGS
@given(pieces(["Ted", "DCM", "J.", "O'Neil", " ", "  ", "\t", "-", "x", "Jr.", "’"]))
def test_plain_tokens_are_the_marked_tokens(component: str) -> None:
    assert people._tokens(component) == people._tokens_with_marks(component)


@pytest.mark.parametrize("token", ["s.b.", "e.o", "Jr.", "III", "iv", "J.", "JR", "sr.", "a.b", "JAMES", "x"])
def test_marker_suffix_initial(token: str) -> None:
    assert people._is_marker(token) == bool(people._MARKER_TOKEN.match(token))
    assert people._is_suffix(token) == bool(people._SUFFIX_TOKEN.match(token))
    assert people._is_initial(token) == bool(people._INITIAL.match(token))


def test_whole_line_name_on_a_long_line() -> None:
    assert people._whole_line_name("BROWN") == "BROWN"
    assert people._whole_line_name(" " * 200 + "BROWN") is None
