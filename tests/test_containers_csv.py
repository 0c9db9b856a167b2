"""cables.csv: every row of the corpus, whole collection files, and broken files written here."""

from __future__ import annotations

import datetime as dt
import io
import pickle
import random
from pathlib import Path

from conftest import manifest_rows
from test_containers_common import UTC, has_classification_line, metadata_mismatches, only_cable, report

from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.cablescsv import PendingRow, _plain_row_texts, _unescape, read_cables_csv, split_row


def _row(number: int, content: str, *, refs: str = "09STATE1|09STATE2") -> str:
    return (
        f'"{number}","12/28/1966 18:48","66POST{number}","Embassy Post","CONFIDENTIAL","{refs}",'
        f'"P R 281848Z DEC 66\nFM AMEMBASSY POST\n","{content}"\n'
    )


def _read(data: bytes, **kwargs) -> list:
    return list(read_cables_csv(io.BytesIO(data), path_label="cables.csv", **kwargs))


def test_escapes_newlines_and_metadata() -> None:
    content = 'C O N F I D E N T I A L POST 1 \n \n1. SHAH\\\'S \\"PREFERENTIAL\\" ZONE. \\\\ \n'
    cable = only_cable(_read(_row(1, content).encode()))
    assert cable.text == (
        "P R 281848Z DEC 66\nFM AMEMBASSY POST\n\n"
        'C O N F I D E N T I A L POST 1 \n \n1. SHAH\'S "PREFERENTIAL" ZONE. \\ \n'
    )
    meta = cable.archive
    assert meta is not None
    assert (meta.id, meta.reference_id, meta.origin, meta.classification) == ("1", "66POST1", "Embassy Post", "CONFIDENTIAL")
    assert meta.created == dt.datetime(1966, 12, 28, 18, 48, tzinfo=UTC)
    assert meta.references == ["09STATE1", "09STATE2"]
    assert (cable.source.row, cable.source.offset, cable.source.path) == (1, 0, "cables.csv")


def test_broken_row_in_the_middle_is_named_and_reading_resyncs() -> None:
    rows = [_row(n, f"UNCLASSIFIED POST {n}\n\n1. TEXT.\n") for n in range(1, 8)]
    rows[3] = _row(4, 'UNCLASSIFIED POST 4\n\n1. AN "UNESCAPED QUOTE.\n')  # odd quote: unterminated
    rows[5] = '"6","1/2/2003 4:05","03X6","Embassy X","SECRET","","header only"\n'  # 7 fields
    data = ("\n" + "".join(rows)).encode()  # with a stray newline first, as in real extracts
    results = _read(data)
    assert len(results) == len(rows)
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [r.source.row for r in rejected] == [4, 6]
    assert rejected[0].reason.startswith("row 4 (line ") and "unterminated quoted field" in rejected[0].reason
    assert "expected 8 quoted fields, found 7" in rejected[1].reason
    cables = [r for r in results if isinstance(r, RawCable)]
    assert [c.archive.reference_id for c in cables] == ["66POST1", "66POST2", "66POST3", "66POST5", "66POST7"]
    assert all(c.source.offset is not None and data[c.source.offset : c.source.offset + 1] == b'"' for c in cables)
    line_of_row_4 = data[: rejected[0].source.offset].count(b"\n") + 1
    assert f"(line {line_of_row_4})" in rejected[0].reason


def test_deferred_rows_resolve_to_what_direct_reading_gives() -> None:
    rows = [_row(n, f"UNCLASSIFIED POST {n}\n\n1. TEXT.\n") for n in range(1, 6)]
    rows[2] = _row(3, 'UNCLASSIFIED POST 3\n\n1. AN "UNESCAPED QUOTE.\n')
    data = ("\n" + "".join(rows)).encode()
    deferred = _read(data, deferred=True)
    assert all(isinstance(item, PendingRow) for item in deferred)
    assert [(item.number, item.path) for item in deferred] == [(n, "cables.csv") for n in range(1, 6)]
    assert all(data[item.offset : item.offset + len(item.row)] == item.row for item in deferred)
    assert [item.resolve() for item in deferred] == _read(data)
    # A row too long to hold is still rejected by the reader itself.
    [too_long] = _read(_row(1, "X" * 500).encode(), deferred=True, max_row_bytes=100)
    assert isinstance(too_long, Rejected)


def test_huge_field_and_block_boundaries() -> None:
    big = "X" * 3_000_000  # crosses several 1 MiB blocks
    data = (_row(1, "SECRET POST 1\n" + big) + _row(2, "SECRET POST 2\n")).encode()
    results = _read(data)
    assert [type(r) for r in results] == [RawCable, RawCable]
    assert results[0].text.endswith(big)


def test_row_longer_than_the_limit_is_rejected_and_skipped() -> None:
    data = (_row(1, "SECRET\n" + "Y" * 5000) + _row(2, "SECRET POST 2\n")).encode()
    results = _read(data, max_row_bytes=1000)
    assert isinstance(results[0], Rejected) and "longer than 1000 bytes" in results[0].reason
    assert isinstance(results[1], RawCable) and results[1].archive.reference_id == "66POST2"


def test_bom_crlf_and_files_without_rows() -> None:
    data = b"\xef\xbb\xbf" + _row(1, "UNCLAS POST 1\r\n").replace("\n", "\r\n").encode()
    cable = only_cable(_read(data))
    assert cable.text.startswith("P R 281848Z DEC 66\r\n") and cable.archive.reference_id == "66POST1"
    for junk in (b"", b"not a csv\n", b'"a","b"\n'):
        results = _read(junk)
        assert len(results) == 1 and isinstance(results[0], Rejected) and "no cables.csv row" in results[0].reason


def test_latin1_row() -> None:
    data = _row(1, "UNCLAS\n\xb61. X").encode("latin-1")
    assert only_cable(_read(data)).text.endswith("¶1. X")


def test_split_row_edge_cases() -> None:
    fields = [b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"8"]
    assert split_row(b'"' + b'","'.join(fields) + b'"\r\n') == fields
    assert split_row(b'"1","2","3","4","5","6","a \\"q\\",","8"') == fields[:6] + [b'a \\"q\\",', b"8"]
    assert split_row(b'"1","2","3","4","5","6","a\\\\","8"') == fields[:6] + [b"a\\\\", b"8"]
    assert split_row(b'"1","2","3","4","5","6","7","8\\"') is None  # last quote escaped: unterminated
    assert split_row(b'"1","2","3","4","5","6","7","8","9"') is None


def test_every_corpus_row() -> None:
    rows = manifest_rows("csv-row")
    failures = []
    for row in rows:
        results = list(read_cables_csv(row["file"], path_label=row["path"]))
        if len(results) != 1 or not isinstance(results[0], RawCable):
            failures.append(f"{row['path']}: {results}")
            continue
        cable = results[0]
        problems = metadata_mismatches(cable.archive, row["answer"], subject=False)
        references = row["answer"].get("meta_references(csv)", "").split()
        if cable.archive is not None and cable.archive.references != references:
            problems.append(f"references {cable.archive.references} != {references}")
        if not has_classification_line(cable.text, row["answer"].get("meta_classification")):
            problems.append("no classification line")
        if problems:
            failures.append(f"{row['path']}: {'; '.join(problems)}")
    report("csv-row", len(rows), failures)


def test_every_corpus_collection_matches_its_split_pieces() -> None:
    rows = manifest_rows("csv-row", role="collection")
    failures = []
    for row in rows:
        pieces = sorted(Path(str(row["file"]) + ".split").glob("*"))
        results = list(read_cables_csv(row["file"]))
        deferred = [item.resolve() for item in read_cables_csv(row["file"], deferred=True)]
        if deferred != results:
            failures.append(f"{row['path']}: deferred rows resolve differently")
        ids = sorted(r.archive.reference_id for r in results if isinstance(r, RawCable))
        if len(results) != len(pieces) or ids != sorted(p.stem for p in pieces):
            failures.append(f"{row['path']}: {len(results)} results, {len(pieces)} pieces")
    report("csv collections", len(rows), failures)


# --- the fast path for common rows (``_plain_row_texts``) must read what the general path reads ----


def _general_texts(row: bytes) -> list[str] | None:
    """A row's fields as the general path reads them: ``split_row``, then unescape and decode each."""
    fields = split_row(row)
    return None if fields is None else [_unescape(field) for field in fields]


# Pieces that stress the fast path: escapes, stray quotes and backslashes, delimiters inside
# fields, a UTF-8 BOM (bare and behind a backslash), cp1252 bytes, UTF-8 cut by an escape,
# a UTF-16 BOM, carriage returns.
_ODD_PIECES = [
    b"A", b"1", b" ", b"\n", b"\r", b"|", b",", b'"', b'","', b"\\", b'\\"', b"\\'", b"\\\\",
    b"\xef\xbb\xbf", b"\\\xef\xbb\xbf", b"\xb6", b"\x81", b"\xc3\xa9", b"\xc3", b"\\\xa9", b"\xff\xfe", b"\xfe\xff",
]
# Mostly pieces of well-formed fields, so that many random rows take the fast path.
_ODD_WEIGHTS = [20, 20, 20, 20, 2, 5, 5, 1, 1, 1, 10, 10, 1, 3, 3, 3, 3, 3, 2, 3, 2, 2]


def test_fast_path_reads_random_odd_rows_as_the_general_path() -> None:
    rng = random.Random(1129)
    fast = 0
    for _ in range(30_000):
        count = rng.choice((7, 8, 8, 8, 9))
        fields = [b"".join(rng.choices(_ODD_PIECES, _ODD_WEIGHTS, k=rng.randrange(0, 5))) for _ in range(count)]
        start = rng.choice((b'"', b'"', b'"', b"", b'","'))
        row = start + b'","'.join(fields) + rng.choice((b'"\n', b'"\r\n', b'"', b"\n", b'",\n'))
        texts = _plain_row_texts(row)
        if texts is not None:
            fast += 1
            assert texts == _general_texts(row), row
    assert fast > 1_000  # the random rows do reach the fast path


def test_fast_path_on_rows_written_here() -> None:
    def row(content: bytes, header: bytes = b"H") -> bytes:
        return b'"1","2/3/1999 4:05","99X1","Embassy X","SECRET","A|B","' + header + b'","' + content + b'"\n'

    cases = {
        b'SAY \\"HI\\" AND \\\'BYE\\\'': 'SAY "HI" AND \'BYE\'',
        b"\xef\xbb\xbfX": "X",  # a BOM opening a field is dropped, in every field
        b"\\\xef\xbb\xbfX": "X",  # also when an escape comes before it
        b"\xb61. \xc3\xa9": "\xb61. \xe9",  # cp1252 byte, then UTF-8
        b"\xc3\\\xa9": "\xe9",  # UTF-8 once the escape is gone
        b"": "",
    }
    for content, text in cases.items():
        assert _plain_row_texts(row(content)) == _general_texts(row(content))
        assert _plain_row_texts(row(content))[7] == text
    assert _plain_row_texts(row(b"\xff\xfeA\x00")) == _general_texts(row(b"\xff\xfeA\x00"))  # UTF-16
    assert _plain_row_texts(row(b"", header=b"\xef\xbb\xbfH"))[6] == "H"
    # Shapes the fast path leaves to the general one (which reads or rejects them).
    for odd in (row(b"A\\\\B"), row(b"A\\"), row(b'A"B'), row(b"A", header=b'X\\'), row(b"A")[:-1] + b"\r\n",
                b'",","2","3","4","5","6","7","8"\n', b'"1","2","3","4","5","6","7","\n', b'"1","2"\n'):
        assert _plain_row_texts(odd) is None
    assert _general_texts(row(b"A\\\\B"))[7] == "A\\B"


def test_fast_path_on_every_corpus_row() -> None:
    files = [row["file"] for row in manifest_rows("csv-row")]
    files += [row["file"] for row in manifest_rows("csv-row", role="collection")]
    total = fast = 0
    for path in files:
        for item in read_cables_csv(path, deferred=True):
            if not isinstance(item, PendingRow):
                continue
            total += 1
            texts = _plain_row_texts(item.row)
            if texts is not None:
                fast += 1
                assert texts == _general_texts(item.row), f"{path} row {item.number}"
    print(f"csv fast path: {fast}/{total} corpus rows")
    assert total and fast >= 0.9 * total


def test_pending_rows_pickle_as_themselves() -> None:
    data = ("\n" + _row(1, "UNCLAS\n") + _row(2, "SECRET\n")).encode()
    items = _read(data, deferred=True)
    assert pickle.loads(pickle.dumps(items)) == items
    assert [item.resolve() for item in pickle.loads(pickle.dumps(items))] == _read(data)
