"""Property-based fuzzing of ``cableparse.parse`` with broken real cables (issue 5, docs/robustness.md).

Real cables — the fixtures, and (when ../shared is here) a fixed sample of the corpus in every
container kind — are damaged the way archives and hostile inputs damage them: truncated anywhere,
lines deleted or repeated, bytes flipped, the text encoded as UTF-16, cp1252 or Latin-1, a giant
line, NUL bytes. Whatever comes out:

* lenient parsing returns a record, or raises ``CableParseError`` with code ``empty-input`` or
  ``binary-input`` — nothing else, ever;
* strict parsing raises nothing but ``CableParseError``, which carries the source it was given and
  (for anomalies inside the text) a line;
* the record survives JSON: ``Cable.model_validate_json(cable.model_dump_json()) == cable``.

Settings come from tests/hypothesis_profiles.py: ``ci`` (25 examples a test) by default,
``--hypothesis-profile=long`` for a real fuzzing run.
"""

from __future__ import annotations

import codecs
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, SHARED, manifest_rows
from hypothesis_profiles import hardening_settings

import cableparse
from cableparse.containers.base import RawCable
from cableparse.containers.detect import read_raw
from cableparse.errors import CableParseError
from cableparse.model import Cable

SETTINGS = hardening_settings()
INPUT_ERRORS = {"empty-input", "binary-input"}
# One cable in this many of the corpus manifest (in manifest order, so every kind is in the sample).
_CORPUS_STRIDE = 60


def _texts_of(path: Path) -> list[str]:
    return [item.text for item in read_raw(path) if isinstance(item, RawCable)]


@cache
def fixture_texts() -> tuple[str, ...]:
    """The telegram text of every fixture (as its container reader gives it)."""
    texts = [text for path in sorted(FIXTURES.iterdir()) if path.is_file() for text in _texts_of(path)]
    assert len(texts) >= 5
    return tuple(texts)


@cache
def corpus_texts() -> tuple[str, ...]:
    """A fixed sample of real cables from ../shared/corpus, every container kind (empty without it)."""
    if not (SHARED / "corpus" / "MANIFEST.tsv").exists():
        return ()
    rows = manifest_rows()[::_CORPUS_STRIDE]
    return tuple(text for row in rows for text in _texts_of(row["file"])[:1])


def _corpus_or_skip() -> tuple[str, ...]:
    texts = corpus_texts()
    if not texts:
        pytest.skip("../shared/corpus is not here: the corpus half of the fuzzing needs it")
    return texts


# --- damage ---------------------------------------------------------------------------------------


def _truncate(data: st.DataObject, text: str) -> str:
    return text[: data.draw(st.integers(0, len(text)), label="cut at")]


def _delete_line(data: st.DataObject, text: str) -> str:
    lines = text.split("\n")
    index = data.draw(st.integers(0, len(lines) - 1), label="deleted line")
    return "\n".join(lines[:index] + lines[index + 1 :])


def _repeat_line(data: st.DataObject, text: str) -> str:
    lines = text.split("\n")
    index = data.draw(st.integers(0, len(lines) - 1), label="repeated line")
    times = data.draw(st.integers(1, 50), label="times")
    return "\n".join(lines[: index + 1] + [lines[index]] * times + lines[index + 1 :])


def _giant_line(data: st.DataObject, text: str) -> str:
    lines = text.split("\n")
    index = data.draw(st.integers(0, len(lines)), label="giant line at")
    unit = data.draw(st.sampled_from([" ", "A", "0", "-", "X", "¶", "ABC DEF ", "1. (C) ", "\t", ". "]), label="unit")
    length = data.draw(st.integers(1_000, 20_000), label="length")
    return "\n".join(lines[:index] + [(unit * (length // len(unit) + 1))[:length]] + lines[index:])


def _nul_bytes(data: st.DataObject, text: str) -> str:
    position = data.draw(st.integers(0, len(text)), label="NULs at")
    count = data.draw(st.integers(1, 64), label="NULs")
    return text[:position] + "\x00" * count + text[position:]


_DAMAGES = {
    "truncate": _truncate,
    "delete-line": _delete_line,
    "repeat-line": _repeat_line,
    "giant-line": _giant_line,
    "nul-bytes": _nul_bytes,
}


@st.composite
def damaged(draw: st.DrawFn, pool: tuple[str, ...]) -> str | bytes:
    """A real cable with one to three kinds of damage, as text or (for byte damage) as bytes."""
    text = draw(st.sampled_from(pool), label="cable")
    data = draw(st.data())
    for name in draw(st.lists(st.sampled_from(sorted(_DAMAGES)), min_size=1, max_size=3), label="damage"):
        text = _DAMAGES[name](data, text)
    encoding = draw(st.sampled_from(["str", "utf-8", "utf-16", "cp1252", "latin-1", "utf-8-flipped"]), label="as")
    if encoding == "str":
        return text
    if encoding == "utf-8-flipped":
        raw = bytearray(text.encode("utf-8"))
        for _ in range(draw(st.integers(1, 20), label="flips")):
            if raw:
                position = draw(st.integers(0, len(raw) - 1), label="flip at")
                raw[position] ^= 1 << draw(st.integers(0, 7), label="bit")
        return bytes(raw)
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding, errors="replace")


# --- the properties -------------------------------------------------------------------------------


def _check_lenient(raw: str | bytes) -> None:
    try:
        cable = cableparse.parse(raw)
    except CableParseError as error:
        assert error.code in INPUT_ERRORS, f"lenient parse raised {error.code}: {error}"
        return
    assert isinstance(cable, Cable)
    assert Cable.model_validate_json(cable.model_dump_json()) == cable


def _check_strict(raw: str | bytes) -> None:
    try:
        cableparse.parse(raw, strict=True, source="fuzz/cable.txt")
    except CableParseError as error:
        assert error.source == "fuzz/cable.txt"
        if error.code not in INPUT_ERRORS:  # the input as a whole was refused: no line to point at
            assert error.line is not None and error.line >= 1, f"strict error without a line: {error!r}"
        str(error)  # the message renders
    # anything else propagates and fails the test


@SETTINGS
@given(damaged(fixture_texts()))
def test_damaged_fixtures_lenient(raw: str | bytes) -> None:
    _check_lenient(raw)


@SETTINGS
@given(damaged(fixture_texts()))
def test_damaged_fixtures_strict(raw: str | bytes) -> None:
    _check_strict(raw)


@SETTINGS
@given(st.data())
def test_damaged_corpus_lenient(data: st.DataObject) -> None:
    _check_lenient(data.draw(damaged(_corpus_or_skip())))


@SETTINGS
@given(st.data())
def test_damaged_corpus_strict(data: st.DataObject) -> None:
    _check_strict(data.draw(damaged(_corpus_or_skip())))


@SETTINGS
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_arbitrary_small_inputs(raw: str | bytes) -> None:
    """Not cables at all: random text and bytes obey the same contract."""
    _check_lenient(raw)
    _check_strict(raw)


@SETTINGS
@given(st.data())
def test_reencoded_cables_are_read_not_refused(data: st.DataObject) -> None:
    """Undamaged text in another encoding is never taken for binary (UTF-16 is half NUL bytes)."""
    pool = fixture_texts() + corpus_texts()
    text = data.draw(st.sampled_from(pool), label="cable")
    encoding = data.draw(st.sampled_from(["utf-16-le", "utf-16-be", "cp1252", "latin-1"]), label="encoding")
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    cable = cableparse.parse(bom + text.encode(encoding, errors="replace"))
    if encoding.startswith("utf-16"):
        assert cable.text == cableparse.parse(text).text


# --- the same contract on inputs written here --------------------------------------------------------


def test_every_corpus_sample_round_trips_through_json() -> None:
    texts = _corpus_or_skip()
    failures = []
    for text in texts:
        cable = cableparse.parse(text)
        if Cable.model_validate_json(cable.model_dump_json()) != cable:
            failures.append(cable.reference_id)
    print(f"JSON round trip: {len(texts) - len(failures)}/{len(texts)} corpus samples equal")
    assert not failures


@pytest.mark.parametrize(
    "raw, code",
    [
        ("", "empty-input"),
        ("   \n\n\t  \n", "empty-input"),
        (b"\x00\x01\x02\x03" * 300, "binary-input"),
        (bytes(range(32)) * 64, "binary-input"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "binary-input"),
    ],
)
def test_input_errors_in_both_modes(raw: str | bytes, code: str) -> None:
    for strict in (False, True):
        with pytest.raises(CableParseError) as caught:
            cableparse.parse(raw, strict=strict, source="in.txt")
        assert caught.value.code == code and caught.value.source == "in.txt"


def test_strict_error_points_at_a_line_even_for_whole_text_warnings() -> None:
    """``no-classification-line`` belongs to no line; strict mode still names one (the first)."""
    text = "FM AMEMBASSY NOWHERE\nTO SECSTATE WASHDC\n\nSUBJECT: NOTHING\n\n1. TEXT.\n"
    cable = cableparse.parse(text)
    assert "no-classification-line" in [w.code for w in cable.warnings]
    with pytest.raises(CableParseError) as caught:
        cableparse.parse(text, strict=True, source="x.txt")
    assert caught.value.line is not None and caught.value.source == "x.txt"


def test_encodings_of_one_cable_read_alike() -> None:
    """The same cable as UTF-8, UTF-16 (with BOM), cp1252 and Latin-1 gives the same record text."""
    text = (FIXTURES / "doha_multi_section.txt").read_text(encoding="utf-8")
    expected = cableparse.parse(text)
    for raw in (text.encode("utf-8"), codecs.BOM_UTF16_LE + text.encode("utf-16-le"), text.encode("cp1252"), text.encode("latin-1")):
        cable = cableparse.parse(raw)
        assert (cable.reference_id, cable.subject, cable.text) == (expected.reference_id, expected.subject, expected.text)


def test_nul_bytes_are_removed_and_reported() -> None:
    text = (FIXTURES / "doha_multi_section.txt").read_text(encoding="utf-8")
    cable = cableparse.parse(text.replace("QATAR:", "QA\x00TAR:"))
    assert cable.subject == cableparse.parse(text).subject
    assert "control-characters" in [w.code for w in cable.warnings]
