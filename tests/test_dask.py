"""``cableparse.dask``: the same records as ``cableparse.reading.read``, through Dask's own bag API."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("dask.bag", reason="the dask extra is not installed (pip install 'cableparse[dask]')")

import dask  # noqa: E402

from cableparse.dask import CsvRangePiece, FilesPiece, csv_ranges, plan_partitions, read_bag, to_jsonl  # noqa: E402
from cableparse.reading import read, read_results  # noqa: E402
from conftest import FIXTURES, shared_path  # noqa: E402
from test_convert_data import broken_csv, write_csv  # noqa: E402


def _expected(sources) -> list[dict]:
    return [cable.model_dump(mode="json") for cable in read(sources)]


def _computed(bag) -> list:
    return bag.compute(scheduler="synchronous")


def test_fixtures_give_the_same_records_as_read():
    bag = read_bag([str(FIXTURES)])
    assert isinstance(bag, dask.bag.Bag)
    records = _computed(bag)
    assert records == _expected([str(FIXTURES)])
    assert len(records) == 5 and records[0]["source"]["path"].endswith(".md")


def test_small_partitions_group_files_in_order():
    pieces = plan_partitions([str(FIXTURES)], partition_size=1)
    assert all(isinstance(piece, FilesPiece) and len(piece.paths) == 1 for piece in pieces)
    assert len(pieces) == 5
    bag = read_bag([str(FIXTURES)], partition_size=1)
    assert bag.npartitions == 5
    assert _computed(bag) == _expected([str(FIXTURES)])


def test_large_csv_is_cut_at_row_starts_and_keeps_row_numbers(tmp_path):
    source = write_csv(tmp_path / "cables.csv", 25)
    ranges = csv_ranges(str(source), 2000)
    assert len(ranges) > 5 and all(isinstance(piece, CsvRangePiece) for piece in ranges)
    assert ranges[0].start == 0 and ranges[-1].end == source.stat().st_size
    assert all(a.end == b.start for a, b in zip(ranges, ranges[1:]))
    data = source.read_bytes()
    for piece in ranges[1:]:
        assert data[piece.start - 1 : piece.start + 2] == b'\n"' + data[piece.start + 1 : piece.start + 2]
        assert data.count(b"\n", 0, piece.start) + 1 == piece.first_line
    records = _computed(read_bag([str(source)], partition_size=2000))
    assert records == _expected([str(source)])
    assert [record["source"]["row"] for record in records] == list(range(1, 26))


def test_rejected_rows_keep_their_place_and_reason(tmp_path):
    source, broken = broken_csv(tmp_path / "cables.csv")
    expected = []
    for result in read_results([str(source)]):
        if hasattr(result, "reason"):
            expected.append({"rejected": True, "row": result.source.row, "offset": result.source.offset,
                             "reason": result.reason})
        else:
            expected.append(result.model_dump(mode="json"))
    records = _computed(read_bag([str(source)], partition_size=3000, errors="include"))
    simplified = [
        {key: record[key] for key in ("rejected", "row", "offset", "reason")} if record.get("rejected") else record
        for record in records
    ]
    assert simplified == expected
    assert {record["row"] for record in records if record.get("rejected")} == set(broken) - {21}
    skipped = _computed(read_bag([str(source)], partition_size=3000, errors="skip"))
    assert len(skipped) == 40 - 3
    with pytest.raises(Exception, match=r"cables.csv.*\[rejected\]"):
        _computed(read_bag([str(source)], partition_size=3000))


def test_corpus_files_give_the_same_records_as_read():
    raw = shared_path("corpus", "raw")
    csv_files = sorted(str(p) for p in raw.rglob("*.csv") if ".split" not in str(p))[:3]
    pages = sorted(str(p) for p in (raw / "avilaroman-wikileaks-mirror").rglob("*.html"))[:5]
    sources = csv_files + pages
    records = _computed(read_bag(sources, partition_size=20_000))
    print(f"dask: {len(records)} records from {len(sources)} corpus files")
    assert records == _expected(sources)


def test_json_output_and_to_jsonl(tmp_path):
    source = write_csv(tmp_path / "cables.csv", 12)
    bag = read_bag([str(source), str(FIXTURES)], partition_size=3000, output="json")
    target = tmp_path / "out.jsonl"
    assert to_jsonl(bag, target, scheduler="synchronous") == str(target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines == [cable.model_dump_json() for cable in read([str(source), str(FIXTURES)])]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cables.csv", "out.jsonl"]
    # Dicts are written as the same JSON objects; a '*' path writes one file per partition.
    dict_bag = read_bag([str(source)], partition_size=3000)
    to_jsonl(dict_bag, tmp_path / "part-*.jsonl", scheduler="synchronous")
    parts = sorted(tmp_path.glob("part-*.jsonl"))
    assert len(parts) == dict_bag.npartitions > 1
    joined = [json.loads(line) for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    assert joined == _expected([str(source)])


def test_standard_input_is_refused():
    with pytest.raises(ValueError, match="standard input"):
        read_bag(["-"])
