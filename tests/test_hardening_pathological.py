"""Pathological inputs: time stays linear and memory bounded (issue 5, docs/robustness.md).

Absolute times depend on the machine, so each test times a size ``n`` and ``4n`` in the same process
and asserts the ratio: about 4 for a linear algorithm, 16 for a quadratic one. ``_MAX_RATIO`` (8) leaves
room for timer noise, caches and the garbage collector; sizes are chosen so that each test stays under 15 s.
"""

from __future__ import annotations

import gc
import io
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES

import cableparse
from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.cablescsv import read_cables_csv
from cableparse.containers.detect import read_raw
from cableparse.errors import CableParseError

_MAX_RATIO = 8.0
DOHA = (FIXTURES / "doha_multi_section.txt").read_text(encoding="utf-8")


def _seconds(run: Callable[[], object]) -> float:
    """Best of three runs in CPU time (the first may pay for imports and caches; CPU time does not count
    the time other processes hold the core)."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        # The cycle collector is off while timing: its full passes walk every object of the process,
        # so in a long test session they cost more with each object a big input keeps alive, a growth
        # of the session's heap, not of the parser.
        gc.disable()
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def assert_linear(make: Callable[[int], object], run: Callable[[object], object], n: int) -> tuple[float, float]:
    """Time ``run(make(n))`` and ``run(make(4 * n))``; fail when the ratio says worse than linear."""
    small, large = make(n), make(4 * n)
    run(small)  # warm up: grammar build, regex compilation, lazy tables
    short = _seconds(lambda: run(small))
    long = _seconds(lambda: run(large))
    ratio = long / max(short, 1e-6)
    if ratio >= _MAX_RATIO:  # other processes share the CPU: a second measurement before judging
        short = min(short, _seconds(lambda: run(small)))
        long = min(long, _seconds(lambda: run(large)))
        ratio = long / max(short, 1e-6)
    print(f"n={n}: {short:.3f}s, 4n: {long:.3f}s, ratio {ratio:.1f}")
    assert ratio < _MAX_RATIO or long < 0.05, f"time grows faster than the input: x{ratio:.1f} for 4x the size"
    return short, long


def _parse(text: object) -> None:
    cableparse.parse(text)  # type: ignore[arg-type]


# --- one giant line -----------------------------------------------------------------------------

GIANT_LINES = {
    "spaces": lambda n: " " * n + "x",
    "letter-then-spaces": lambda n: "A" + " " * n + "x",
    "words": lambda n: "ABC DEF " * (n // 8),
    "sentences": lambda n: "1. (C) " + "The text goes on. " * (n // 18),
    "dashes-and-digits": lambda n: "------" + "0" * n + "x",
    "digits": lambda n: "0" * n,
    "pilcrows": lambda n: "¶ " * (n // 2),
    "xs": lambda n: "X" * n + " END",
    "tabs-and-backslashes": lambda n: "A" + " \t\\" * (n // 3) + "x",
    "reference-ids": lambda n: "REF: " + "08 BEIJING 004697 " * (n // 18),
    "html-ish": lambda n: "<a href='#par1'>" * (n // 16),
}


@pytest.mark.parametrize("shape", sorted(GIANT_LINES))
def test_giant_single_line_in_a_cable(shape: str) -> None:
    """A real cable with one line of 50k, then 200k characters inserted in its body."""
    head, _, tail = DOHA.partition("2. (S/NF)")
    assert_linear(lambda n: head + GIANT_LINES[shape](n) + "\n\n2. (S/NF)" + tail, _parse, 50_000)


@pytest.mark.parametrize("shape", ["spaces", "words", "letter-then-spaces"])
def test_giant_text_that_is_one_line(shape: str) -> None:
    """A text that is nothing but one long line (no header, no paragraph)."""
    assert_linear(GIANT_LINES[shape], _parse, 50_000)


def test_many_lines() -> None:
    """Tens of thousands of paragraph lines, then of bare lines, and four times as many (a million lines
    only take longer: about 5 s for a million bare lines on the machine these tests were written on)."""
    assert_linear(lambda n: DOHA + "1. (U) A LINE OF TEXT.\n" * n, _parse, 8_000)
    assert_linear(lambda n: "A\n" * n, _parse, 50_000)


def test_many_paragraphs_and_page_markers() -> None:
    block = "{n}. (C) PARAGRAPH TEXT THAT WRAPS\nONTO A SECOND LINE.\n\nDOHA 00000166  002 OF 002\n\n"
    assert_linear(lambda n: DOHA + "".join(block.format(n=i % 999 + 1) for i in range(n)), _parse, 2_000)


def test_nul_bytes_spread_through_the_text() -> None:
    def make(n: int) -> bytes:
        text = (DOHA * (n // len(DOHA) + 1))[:n]
        return "\x00".join(text[i : i + 40] for i in range(0, len(text), 40)).encode("utf-8")

    assert_linear(make, _parse, 100_000)
    cable = cableparse.parse(make(20_000))
    assert "control-characters" in [w.code for w in cable.warnings]


def test_invalid_utf8_everywhere() -> None:
    """Bytes that are not UTF-8 (lone continuation bytes, 0xFF) every few characters: read as cp1252."""

    def make(n: int) -> bytes:
        raw = (DOHA * (n // len(DOHA) + 1))[:n].encode("utf-8")
        return b"\xb6\xff\x80".join(raw[i : i + 30] for i in range(0, len(raw), 30))

    assert_linear(make, _parse, 100_000)
    cable = cableparse.parse(make(20_000))
    assert "encoding-fallback" in [w.code for w in cable.warnings]


def test_deeply_repeated_header_lines() -> None:
    assert_linear(lambda n: "TO SECSTATE WASHDC PRIORITY 8120\n" * n + DOHA, _parse, 8_000)
    assert_linear(lambda n: "RR RUEHGH RUEHVC\n" * n + DOHA, _parse, 10_000)


def test_binary_garbage_is_refused_quickly() -> None:
    assert_linear(lambda n: bytes(range(32)) * (n // 32), _binary, 1_000_000)


def _binary(raw: object) -> None:
    with pytest.raises(CableParseError) as caught:
        cableparse.parse(raw)  # type: ignore[arg-type]
    assert caught.value.code == "binary-input"


# --- containers ---------------------------------------------------------------------------------


def _csv_row(number: int, content: str) -> bytes:
    return (
        f'"{number}","12/28/1966 18:48","66POST{number}","Embassy Post","CONFIDENTIAL","",'
        f'"P R 281848Z DEC 66\nFM AMEMBASSY POST\n","{content}"\n'
    ).encode()


def _csv_with_broken_second_row(rows: int) -> bytes:
    body = "CONFIDENTIAL POST {n}\n\n1. TEXT OF THE CABLE, WITH SOME LENGTH TO IT.\n" * 3
    parts = [_csv_row(n, body.format(n=n)) for n in range(1, rows + 1)]
    parts[1] = _csv_row(2, 'CONFIDENTIAL POST 2\n\n1. AN "UNESCAPED QUOTE THAT NEVER ENDS.\n')
    return b"".join(parts)


def test_csv_unterminated_quote_near_the_start_of_a_large_file() -> None:
    data = _csv_with_broken_second_row(40_000)  # about 10 MB
    results = list(read_cables_csv(io.BytesIO(data), path_label="cables.csv"))
    assert len(results) == 40_000
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert len(rejected) == 1 and rejected[0].source.row == 2
    assert rejected[0].reason.startswith("row 2 (line ") and "unterminated quoted field" in rejected[0].reason
    cables = [r for r in results if isinstance(r, RawCable)]
    assert cables[-1].archive.reference_id == "66POST40000" and cables[-1].source.row == 40_000


def test_csv_reading_is_linear_and_streams_in_bounded_memory() -> None:
    def run(data: object) -> None:
        for _ in read_cables_csv(io.BytesIO(data), path_label="cables.csv"):  # type: ignore[arg-type]
            pass

    assert_linear(_csv_with_broken_second_row, run, 5_000)

    def peak(rows: int) -> int:
        data = _csv_with_broken_second_row(rows)
        tracemalloc.start()
        run(data)
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return used

    small, large = peak(2_000), peak(8_000)
    print(f"peak memory while reading: {small} bytes (2k rows), {large} bytes (8k rows)")
    assert large < 2 * small + (4 << 20), "memory grows with the file: the reader holds more than a block"


def test_giant_lines_in_files(tmp_path: Path) -> None:
    """A 50 MB file that is one line: read as one text (under the 64 MiB limit), nothing held twice."""
    path = tmp_path / "giant.txt"
    with path.open("wb") as handle:
        handle.write(b"UNCLASSIFIED POST 1\n\n1. ")
        chunk = b"WORD " * 200_000
        for _ in range(50):
            handle.write(chunk)
    start = time.perf_counter()
    tracemalloc.start()
    results = list(read_raw(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(results) == 1 and isinstance(results[0], RawCable)
    assert len(results[0].text) == path.stat().st_size
    print(f"50 MB one-line file: {time.perf_counter() - start:.2f}s, peak {peak >> 20} MiB")
    assert peak < 4 * path.stat().st_size


def test_jsonl_with_a_giant_line_and_a_million_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    record = b'{"_id": "1", "reference_id": "09DOHA166", "body": "UNCLASSIFIED\\n1. TEXT."}\n'
    with path.open("wb") as handle:
        handle.write(b'{"body": "' + b"A" * 20_000_000 + b'"}\n')  # one 20 MB line
        handle.write(b"\n" * 1_000_000)  # a million blank lines
        handle.write(record)
    results = list(read_raw(path))
    assert [type(r) for r in results] == [RawCable, RawCable]
    assert results[1].archive.reference_id == "09DOHA166" and results[1].source.row == 2


def test_a_run_of_end_marks_after_the_last_paragraph() -> None:
    """The trailer pattern once backtracked exponentially over "BT  BT  BT … x" (18 marks: 86 s)."""
    assert_linear(lambda n: "UNCLAS STATE 000001\n\n1. (U) Text.\n\n" + "BT  " * n + "x\n", _parse, 2_000)
    start = time.process_time()
    cableparse.parse("UNCLAS STATE 000001\n\n1. (U) Text.\n\n" + "BT  " * 40 + "x\n")
    assert time.process_time() - start < 1.0
