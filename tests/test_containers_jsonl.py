"""JSON-lines exports of the first release: every corpus line, the whole file, and bad lines."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from conftest import manifest_rows
from test_containers_common import UTC, has_classification_line, metadata_mismatches, only_cable, report

from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.jsonl import read_jsonl

RECORD = {
    "_id": "04ANKARA348",
    "origin": "Embassy Ankara",
    "date_time": "2004-01-20 12:12",
    "classification": "CONFIDENTIAL",
    "body": "C o n f i d e n t i a l section 01 of 04 ankara 000348Sipdis¶1. (C) Summary.",
    "header": "This record is a partial extract of the original cable.201247Z Jan 04",
    "reference_id": "04ANKARA348",
}


def _read(data: bytes) -> list:
    return list(read_jsonl(io.BytesIO(data), path_label="x.json"))


def test_record_is_kept_as_written() -> None:
    cable = only_cable(_read(json.dumps(RECORD).encode() + b"\n"))
    assert cable.text == RECORD["header"] + "\n\n" + RECORD["body"]  # collapsed newlines stay collapsed
    meta = cable.archive
    assert meta is not None
    assert (meta.id, meta.reference_id, meta.origin, meta.classification) == (
        "04ANKARA348", "04ANKARA348", "Embassy Ankara", "CONFIDENTIAL",
    )
    assert meta.created == dt.datetime(2004, 1, 20, 12, 12, tzinfo=UTC)
    assert (cable.source.row, cable.source.offset) == (1, 0)


def test_bad_lines_are_rejected_and_reading_goes_on() -> None:
    good = json.dumps(RECORD).encode()
    data = b"\n".join([good, b"{not json", b"", b"[1, 2]", json.dumps({"_id": "x"}).encode(), good]) + b"\n"
    results = _read(data)
    assert [type(r) for r in results] == [RawCable, Rejected, Rejected, Rejected, RawCable]
    assert results[1].reason.startswith("row 2: invalid JSON")
    assert results[2].reason == "row 3: not a JSON object"
    assert results[3].reason == "row 4: no header or body"
    assert results[4].source.row == 5


def test_every_corpus_line() -> None:
    rows = [row for row in manifest_rows("other") if row["path"].endswith(".json")]
    failures = []
    for row in rows:
        results = list(read_jsonl(row["file"], path_label=row["path"]))
        if len(results) != 1 or not isinstance(results[0], RawCable):
            failures.append(f"{row['path']}: {results}")
            continue
        problems = metadata_mismatches(results[0].archive, row["answer"], subject=False)
        if not has_classification_line(results[0].text, row["answer"].get("meta_classification")):
            problems.append("no classification line")
        if problems:
            failures.append(f"{row['path']}: {'; '.join(problems)}")
    report("json lines", len(rows), failures)


def test_whole_json_file_matches_its_split_pieces() -> None:
    rows = [row for row in manifest_rows("other", role="collection") if row["path"].endswith(".json")]
    assert rows
    for row in rows:
        pieces = list(Path(str(row["file"]) + ".split").glob("*"))
        results = list(read_jsonl(row["file"]))
        assert all(isinstance(r, RawCable) for r in results)
        assert len(results) == len(pieces)
        assert sorted(r.archive.reference_id for r in results) == sorted(p.stem for p in pieces)
        print(f"{row['path']}: {len(results)} cables = {len(pieces)} pieces")
