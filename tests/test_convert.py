"""``cableparse.convert``: nothing lost, order kept, atomic output, resume, bounded reading, text files."""

from __future__ import annotations

import gc
import json
import os
import signal
from pathlib import Path

import pytest

import cableparse.convert as convert_module
from cableparse.containers.base import Rejected
from cableparse.convert import ConvertError, ConvertOptions, convert, safe_file_name
from cableparse.model import ContainerKind, Source
from cableparse.reading import read_results
from conftest import FIXTURES, shared_path
from test_convert_data import broken_csv, write_csv


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _options(sources, output: Path, **settings) -> ConvertOptions:
    settings.setdefault("quiet", True)
    return ConvertOptions(sources=[str(s) for s in sources], output=str(output), **settings)


# --- file names ----------------------------------------------------------------------------------


def test_safe_file_name_keeps_names_inside_the_folder_and_unique():
    used: set[str] = set()
    assert safe_file_name("09CHENGDU165", 1, used) == "09CHENGDU165.txt"
    assert safe_file_name("09CHENGDU165", 2, used) == "09CHENGDU165-2.txt"
    assert safe_file_name("09chengdu165", 3, used) == "09chengdu165-3.txt"  # case-insensitive file systems
    assert safe_file_name("../../etc/passwd", 4, used) == "etc_passwd.txt"
    assert safe_file_name("..", 5, used) == "record-5.txt"
    assert safe_file_name(None, 6, used) == "record-6.txt"
    assert safe_file_name("a/b\\c:d*e", 7, used) == "a_b_c_d_e.txt"
    assert safe_file_name("CON", 8, used) == "_CON.txt"
    long_name = safe_file_name("X" * 500, 9, used)
    assert len(long_name) <= 130
    for name in used:
        assert "/" not in name and "\\" not in name and not name.startswith(".")


# --- nothing is lost -----------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_record_is_written_once_or_rejected_once(tmp_path, jobs):
    source, broken = broken_csv(tmp_path / "cables.csv")
    output = tmp_path / "out.jsonl"
    summary = convert(_options([source], output, jobs=jobs, chunk_records=5))
    records = [json.loads(line) for line in _lines(output)]
    rejects = [json.loads(line) for line in _lines(tmp_path / "out.jsonl.rejects.jsonl")]
    assert summary.read == 40 == len(records) + len(rejects)
    assert (summary.parsed, summary.rejected) == (len(records), len(rejects)) == (36, 4)
    assert not summary.interrupted
    # Output in input order, rejects exactly at the broken rows, each input row exactly once.
    output_rows = [record["source"]["row"] for record in records]
    assert output_rows == sorted(output_rows)
    assert sorted(output_rows + [reject["row"] for reject in rejects]) == list(range(1, 41))
    assert {reject["row"] for reject in rejects} == set(broken)
    for reject in rejects:
        assert reject["path"] == str(source) and reject["container"] == "cables-csv"
        assert reject["record"] == reject["row"] and reject["offset"] is not None and reject["reason"]
        assert "member" in reject
    not_a_cable = next(reject for reject in rejects if reject["row"] == 21)
    assert "no header, classification line" in not_a_cable["reason"]
    assert [record["reference_id"] for record in records[:3]] == ["09BEIJING1", "09BEIJING2", "09BEIJING3"]
    # No temporary names left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cables.csv", "out.jsonl", "out.jsonl.rejects.jsonl"]


def test_output_equals_read_and_is_the_same_for_any_number_of_workers(tmp_path):
    source = write_csv(tmp_path / "cables.csv", 30)
    inline, pooled = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    convert(_options([source, FIXTURES], inline, jobs=1))
    convert(_options([source, FIXTURES], pooled, jobs=2, chunk_records=4, window=3))
    assert inline.read_bytes() == pooled.read_bytes()
    expected = [cable.model_dump_json() for cable in read_results([str(source), str(FIXTURES)])]
    assert _lines(inline) == expected


def test_real_cables_csv_files(tmp_path):
    raw = shared_path("corpus", "raw")
    files = sorted(str(p) for p in raw.rglob("*.csv") if ".split" not in str(p))[:6]
    output = tmp_path / "corpus.jsonl"
    summary = convert(_options(files, output, jobs=2))
    results = list(read_results(files))
    expected = [r.model_dump_json() for r in results if not isinstance(r, Rejected)
                and not any(w.code == "not-a-cable" for w in r.warnings)]
    print(f"corpus csv: {summary.read} records, {summary.parsed} parsed, {summary.rejected} rejected")
    assert summary.read == len(results) and summary.read > 20
    assert _lines(output) == expected


def test_strict_rejects_anomalies_and_container_kind_can_be_forced(tmp_path):
    source, _ = broken_csv(tmp_path / "cables.txt")  # not named .csv: the kind is forced
    output = tmp_path / "strict.jsonl"
    summary = convert(_options([source], output, jobs=1, strict=True, container="cables-csv"))
    assert summary.read == 40 and summary.parsed + summary.rejected == 40
    assert summary.rejected >= 4
    rejects = [json.loads(line) for line in _lines(tmp_path / "strict.jsonl.rejects.jsonl")]
    assert all(reject["container"] == ContainerKind.CABLES_CSV.value for reject in rejects)


def test_rejects_path_can_be_chosen(tmp_path):
    source, _ = broken_csv(tmp_path / "cables.csv")
    convert(_options([source], tmp_path / "out.jsonl", jobs=1, rejects=str(tmp_path / "bad.jsonl")))
    assert len(_lines(tmp_path / "bad.jsonl")) == 4
    assert not (tmp_path / "out.jsonl.rejects.jsonl").exists()


# --- text format ---------------------------------------------------------------------------------


def test_text_format_writes_one_file_per_cable(tmp_path):
    source, _ = broken_csv(tmp_path / "cables.csv")
    duplicate = write_csv(tmp_path / "again.csv", 2)  # 09BEIJING1 and 09BEIJING2 once more
    folder = tmp_path / "texts"
    summary = convert(_options([source, duplicate], folder, format="text", jobs=2, chunk_records=3))
    names = sorted(p.name for p in folder.iterdir())
    assert summary.parsed == len(names) == 38
    assert "09BEIJING1.txt" in names and "09BEIJING1-2.txt" in names and "09BEIJING2-2.txt" in names
    assert "SUBJECT: MADE-UP CABLE NUMBER 5" in (folder / "09BEIJING5.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "texts.partial").exists() and not (tmp_path / "texts.partial.journal").exists()
    assert len(_lines(tmp_path / "texts.rejects.jsonl")) == 4


def test_text_format_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "keep.me").write_text("mine")
    with pytest.raises(ConvertError, match="not empty"):
        convert(_options([FIXTURES], folder, format="text", jobs=1))
    assert (folder / "keep.me").read_text() == "mine"


@pytest.mark.parametrize(
    "settings, message",
    [({"format": "text", "output": "-"}, "folder"), ({"resume": True, "output": "-"}, "standard output"),
     ({"jobs": 0}, "at least 1"), ({"format": "xml"}, "format")],
)
def test_bad_options_are_refused_before_writing(tmp_path, settings, message):
    output = settings.pop("output", str(tmp_path / "out.jsonl"))
    with pytest.raises(ConvertError, match=message):
        convert(ConvertOptions(sources=[str(FIXTURES)], output=output, quiet=True, **settings))
    assert list(tmp_path.iterdir()) == []


# --- interruption and resume ---------------------------------------------------------------------


def _interrupt_after(monkeypatch, chunks: int) -> None:
    """Send SIGINT to this process once ``chunks`` chunks have been converted (in-process runs)."""
    original = convert_module.convert_chunk
    seen = {"chunks": 0}

    def convert_then_signal(*arguments):
        result = original(*arguments)
        seen["chunks"] += 1
        if seen["chunks"] == chunks:
            os.kill(os.getpid(), signal.SIGINT)
        return result

    monkeypatch.setattr(convert_module, "convert_chunk", convert_then_signal)


@pytest.mark.parametrize("output_format", ["jsonl", "text"])
def test_interrupted_run_keeps_a_partial_and_resumes_exactly(tmp_path, monkeypatch, output_format):
    source, _ = broken_csv(tmp_path / "cables.csv")
    reference = tmp_path / f"reference.{output_format}"
    convert(_options([source], reference, jobs=1, format=output_format, chunk_records=4))

    output = tmp_path / f"out.{output_format}"
    _interrupt_after(monkeypatch, 3)
    summary = convert(_options([source], output, jobs=1, format=output_format, chunk_records=4))
    assert summary.interrupted and summary.read == 12
    assert not output.exists()
    partial = Path(str(output) + ".partial")
    journal = json.loads(Path(str(output) + ".partial.journal").read_text())
    assert partial.exists() and journal["records"] == 12
    monkeypatch.undo()

    resumed = convert(_options([source], output, jobs=1, format=output_format, chunk_records=4, resume=True))
    assert not resumed.interrupted and resumed.resumed_from == 12 and resumed.read == 40
    assert not partial.exists() and not Path(str(output) + ".partial.journal").exists()
    assert Path(str(output) + ".rejects.jsonl").read_bytes() == Path(str(reference) + ".rejects.jsonl").read_bytes()
    if output_format == "jsonl":
        assert output.read_bytes() == reference.read_bytes()
    else:
        assert sorted(p.name for p in output.iterdir()) == sorted(p.name for p in reference.iterdir())
        for path in reference.iterdir():
            assert (output / path.name).read_bytes() == path.read_bytes()


def test_resume_cuts_back_what_was_written_after_the_last_journal_entry(tmp_path, monkeypatch):
    """A hard kill can leave bytes past the journal's count: they are dropped, not duplicated."""
    source, _ = broken_csv(tmp_path / "cables.csv")
    output = tmp_path / "out.jsonl"
    _interrupt_after(monkeypatch, 2)
    convert(_options([source], output, jobs=1, chunk_records=5))
    monkeypatch.undo()
    with open(str(output) + ".partial", "ab") as handle:
        handle.write(b'{"half a record')  # what a SIGKILL in mid-write leaves
    with open(str(output) + ".rejects.jsonl.partial", "ab") as handle:
        handle.write(b'{"record": 99')
    convert(_options([source], output, jobs=1, chunk_records=5, resume=True))
    reference = tmp_path / "reference.jsonl"
    convert(_options([source], reference, jobs=1))
    assert output.read_bytes() == reference.read_bytes()
    assert Path(str(output) + ".rejects.jsonl").read_bytes() == Path(str(reference) + ".rejects.jsonl").read_bytes()


def test_resume_refuses_a_journal_of_other_sources(tmp_path, monkeypatch):
    source, _ = broken_csv(tmp_path / "cables.csv")
    output = tmp_path / "out.jsonl"
    _interrupt_after(monkeypatch, 1)
    convert(_options([source], output, jobs=1, chunk_records=5))
    monkeypatch.undo()
    with pytest.raises(ConvertError, match="other sources"):
        convert(_options([FIXTURES], output, jobs=1, resume=True))


def test_resume_without_a_journal_starts_afresh(tmp_path):
    output = tmp_path / "out.jsonl"
    summary = convert(_options([FIXTURES], output, jobs=1, resume=True))
    assert summary.read == 5 and summary.resumed_from == 0 and len(_lines(output)) == 5


# --- bounded memory ------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_input_is_read_only_as_fast_as_results_are_written(tmp_path, monkeypatch, jobs):
    """An endless input: the reader never runs more than the window of chunks ahead of the writer."""
    produced = {"count": 0}
    chunk_records, window, stop_at = 10, 3, 3000

    def endless_input(sources, kind=None, defer_csv_rows=False):
        source = Source(path="endless", container=ContainerKind.TEXT)
        while True:
            produced["count"] += 1
            if produced["count"] == stop_at:
                os.kill(os.getpid(), signal.SIGINT)
            yield Rejected(source=source, reason="unreadable")

    monkeypatch.setattr(convert_module, "read_raw", endless_input)
    summary = convert(_options(["endless"], tmp_path / "out.jsonl", jobs=jobs, chunk_records=chunk_records, window=window))
    assert summary.interrupted
    # Everything read, but at most the window (plus the chunk being cut) is not yet written.
    assert stop_at - (window + 1) * chunk_records <= summary.read <= produced["count"]
    assert produced["count"] <= stop_at + (window + 1) * chunk_records


# --- convert_chunk -------------------------------------------------------------------------------


def test_chunk_lines_are_the_records_json_bytes_and_not_a_cable_is_rejected(tmp_path):
    from cableparse.containers.base import RawCable
    from cableparse.containers.cablescsv import read_cables_csv
    from cableparse.reading import parse_raw
    from test_convert_data import CONTENT, HEADER, csv_row

    # Non-ASCII text (typographic quotes, a pilcrow, an emoji) must come out as model_dump_json's bytes.
    content = CONTENT.format(serial=7).replace("A third paragraph", "A \u201cthird\u201d \u00b6 paragraph \U0001f600")
    source = tmp_path / "cables.csv"
    rows = csv_row(7, HEADER.format(serial=7), content) + csv_row(8, "", "lunch menu, no cable here")
    source.write_text(rows, encoding="utf-8")
    items = list(read_cables_csv(str(source), deferred=True))
    prose = RawCable(text="just some words\n", source=Source(path="prose.txt"))
    result = convert_module.convert_chunk(1, [*items, prose], False, False)
    cables = [parse_raw(item.resolve()) for item in items[:1]]
    assert result.lines == b"".join(cable.model_dump_json().encode("utf-8") + b"\n" for cable in cables)
    assert "\u201cthird\u201d \u00b6 paragraph \U0001f600".encode() in result.lines  # UTF-8, not \\u escapes
    assert result.parsed == 1 and result.rejected == 2
    rejects = [json.loads(line) for line in result.rejects.decode().splitlines()]
    assert [r["record"] for r in rejects] == [2, 3]


@pytest.mark.parametrize("jobs", [1, 2])
def test_what_the_run_keeps_is_frozen_out_of_the_collector_during_the_run_only(tmp_path, monkeypatch, jobs):
    frozen_during_run = []
    loop = convert_module._Run.loop

    def watched_loop(self, *arguments):
        frozen_during_run.append(gc.get_freeze_count())
        return loop(self, *arguments)

    monkeypatch.setattr(convert_module._Run, "loop", watched_loop)
    before = gc.get_freeze_count()
    summary = convert(_options([str(FIXTURES / "vientiane_full_header.txt")], tmp_path / "out.jsonl", jobs=jobs))
    assert summary.parsed == 1
    assert frozen_during_run and frozen_during_run[0] > before  # the parser and its tables were frozen
    assert gc.get_freeze_count() == before  # and given back when the run ended


def test_objects_the_caller_froze_stay_frozen(tmp_path):
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        convert(_options([str(FIXTURES / "vientiane_full_header.txt")], tmp_path / "out.jsonl", jobs=1))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
