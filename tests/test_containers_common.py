"""Shared checks for the container tests, and tests of the shared pieces (encoding, markup, dates).

The other ``test_containers_*`` files import the helpers below (pytest puts ``tests/`` on the path).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cableparse.containers.base import (
    RawCable,
    Rejected,
    join_header_body,
    parse_iso_datetime,
    parse_plusd_datetime,
    parse_slash_datetime,
)
from cableparse.containers.encoding import decode
from cableparse.containers.markup import cell_text, decode_entities, pre_text, tag_links
from cableparse.model import ArchiveMetadata

UTC = dt.timezone.utc
_SPACES = re.compile(r"[ \t]+")
_LEVEL_WORDS = (
    ("TOP SECRET", "TOPSECRET"),
    ("LIMITED OFFICIAL USE", "LIMITEDOFFICIALUSE"),
    ("UNCLASSIFIED", "UNCLAS"),
    ("CONFIDENTIAL", "CONFIDENTIAL"),
    ("SECRET", "SECRET"),
)


def level_word(classification: str) -> str:
    """The word the classification line must contain for an archive classification value."""
    upper = classification.upper()
    for prefix, word in _LEVEL_WORDS:
        if upper.startswith(prefix):
            return word
    return upper.replace(" ", "")


def has_classification_line(text: str, classification: str | None) -> bool:
    """Whether ``text`` holds a classification line (of the given level when one is known).

    Letter-spaced lines (``C O N F I D E N T I A L``) count; so does a line glued to others by a
    container that collapsed newlines.
    """
    squeezed = _SPACES.sub("", text.upper())
    if classification:
        return level_word(classification) in squeezed
    return any(word in squeezed for _, word in _LEVEL_WORDS)


def parse_key_datetime(value: str) -> dt.datetime | None:
    """An ANSWER_KEY ``meta_created`` value in any of the archives' formats."""
    return parse_slash_datetime(value) or parse_iso_datetime(value) or parse_plusd_datetime(value)


def metadata_mismatches(meta: ArchiveMetadata | None, answer: dict, *, subject: bool) -> list[str]:
    """The fields where ``meta`` disagrees with an ANSWER_KEY row (empty when all agree)."""
    if meta is None:
        return ["no archive metadata"]
    problems = []
    expected = {
        "reference_id": answer.get("meta_ref_id") or None,
        "created": parse_key_datetime(answer.get("meta_created", "")),
        "classification": answer.get("meta_classification") or None,
        "origin": answer.get("meta_origin") or None,
    }
    if subject:
        expected["subject"] = answer.get("meta_subject(cablegate h3)") or None
    for field, want in expected.items():
        got = getattr(meta, field)
        if got != want:
            problems.append(f"{field}: {got!r} != {want!r}")
    return problems


def only_cable(results: list) -> RawCable:
    """The single ``RawCable`` of a one-cable file (fails the test otherwise)."""
    assert len(results) == 1, results
    assert isinstance(results[0], RawCable), results[0]
    return results[0]


def report(kind: str, total: int, failures: list[str]) -> None:
    """Print a pass rate (shown with -s / -rA) and fail with the first failures."""
    print(f"{kind}: {total - len(failures)}/{total} pass")
    assert not failures, "\n".join(failures[:20])


# --- encoding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbfUNCLAS", "UNCLAS"),  # BOM dropped
        ("SOUTH AFRICA’S".encode(), "SOUTH AFRICA’S"),  # UTF-8
        (b"\xb61. (C)", "¶1. (C)"),  # Latin-1/cp1252 pilcrow
        (b"\x93QUOTE\x94", "“QUOTE”"),  # cp1252 curly quotes
        (b"\x81\x8d", "\x81\x8d"),  # undefined in cp1252: Latin-1
        ("caf\u00e9 ".encode() + b"\xb6", "café ¶"),  # mixed: UTF-8 kept, stray byte as cp1252
        (b"\xff\xfeU\x00N\x00", "UN"),  # UTF-16 with BOM
        (b"", ""),
    ],
)
def test_decode(data: bytes, text: str) -> None:
    assert decode(data) == text


def test_decode_never_raises_on_any_byte() -> None:
    every_byte = bytes(range(256))
    assert len(decode(every_byte)) == 256


# --- markup ------------------------------------------------------------------------------------


def test_pre_text_removes_anchors_links_and_entities() -> None:
    fragment = (
        "TAGS: <a href='/tag/PHUM_0.html'>PHUM</a> <a href='/tag/PREL_0.html'>PREL</a>&#x000A;"
        "&#x000A;<a id='par1' href='#par1'>¶</a>1. (C) AT&amp;T &amp; <<220571>> <_protect> &notice &#39;x&#39;<br>"
    )
    assert pre_text(fragment) == "TAGS: PHUM PREL\n\n1. (C) AT&T & <<220571>> <_protect> &notice 'x'"
    assert tag_links(fragment) == ["PHUM", "PREL"]


def test_entities_need_a_semicolon_and_a_valid_code() -> None:
    assert decode_entities("&para &para; &#0; &#xD800; &bogus; &#x41;") == "&para ¶ &#0; &#xD800; &bogus; A"


def test_cell_text() -> None:
    assert cell_text("\n<a href='/origin/89_0.html'>Embassy  Beijing</a>\n") == "Embassy Beijing"


# --- dates and joining -------------------------------------------------------------------------


def test_container_dates() -> None:
    assert parse_slash_datetime("12/28/1966 18:48") == dt.datetime(1966, 12, 28, 18, 48, tzinfo=UTC)
    assert parse_slash_datetime("2/25/1972 9:30") == dt.datetime(1972, 2, 25, 9, 30, tzinfo=UTC)
    assert parse_iso_datetime("2007-03-13 09:09") == dt.datetime(2007, 3, 13, 9, 9, tzinfo=UTC)
    assert parse_iso_datetime("2002-11-15T12:40:00") == dt.datetime(2002, 11, 15, 12, 40, tzinfo=UTC)
    assert parse_plusd_datetime("1974 May 17, 16:00 (Friday)") == dt.datetime(1974, 5, 17, 16, 0, tzinfo=UTC)
    assert parse_plusd_datetime("Sat, 19 Dec 1987") == dt.datetime(1987, 12, 19, tzinfo=UTC)
    for bad in ("", "13/45/2001 10:00", "2007-02-30 10:00", "yesterday", "1974 Foo 17, 16:00"):
        assert parse_slash_datetime(bad) is None and parse_iso_datetime(bad) is None
        assert parse_plusd_datetime(bad) is None


def test_join_header_body() -> None:
    assert join_header_body("FM X\r\nTO Y\n", "\nBODY") == "FM X\r\nTO Y\n\nBODY"
    assert join_header_body("  \n", "BODY") == "BODY"
    assert join_header_body("FM X", "") == "FM X\n"


def test_results_are_frozen() -> None:
    from cableparse.model import Source

    rejected = Rejected(source=Source(path="x"), reason="row 1: broken")
    with pytest.raises(AttributeError):
        rejected.reason = "other"  # type: ignore[misc]
