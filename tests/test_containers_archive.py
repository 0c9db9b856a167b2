"""Walking inputs (dirs, globs, gz, zip, tar, stdin), limits, and container detection."""

from __future__ import annotations

import gzip
import io
import os
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import manifest_rows

from cableparse.containers.archive import DecompressionLimitExceeded, iter_sources
from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.detect import HEAD_BYTES, detect, read_raw, unsupported
from cableparse.model import ContainerKind

TELEGRAM = b"R 281848Z DEC 66\r\nFM AMEMBASSY X\r\n\r\nUNCLASSIFIED X 2481\r\n\r\n1. TEXT.\r\n"
CSV = (
    b'"1","12/28/1966 18:48","66X1","Embassy X","UNCLASSIFIED","","P R 281848Z DEC 66","UNCLASSIFIED X 1\n"\n'
    b'"2","12/29/1966 8:00","66X2","Embassy X","SECRET","","P R 290800Z DEC 66","SECRET X 2\n"\n'
)


def _cables(results: list) -> list[RawCable]:
    assert all(isinstance(r, RawCable) for r in results), [r for r in results if isinstance(r, Rejected)]
    return results


def test_gzip_zip_tar_members(tmp_path: Path) -> None:
    (tmp_path / "one.txt.gz").write_bytes(gzip.compress(TELEGRAM))
    with zipfile.ZipFile(tmp_path / "two.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dir/", "")
        archive.writestr("dir/cables.csv", CSV)
        archive.writestr("t.txt.gz", gzip.compress(TELEGRAM))
    with tarfile.open(tmp_path / "three.tar.gz", "w:gz") as archive:
        for name, data in (("a.txt", TELEGRAM), ("b.csv", CSV)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    results = _cables(list(read_raw(tmp_path)))
    found = [(Path(r.source.path).name, r.source.member, r.source.container, r.source.row) for r in results]
    assert found == [
        ("one.txt.gz", None, ContainerKind.TEXT, None),
        ("three.tar.gz", "a.txt", ContainerKind.TEXT, None),
        ("three.tar.gz", "b.csv", ContainerKind.CABLES_CSV, 1),
        ("three.tar.gz", "b.csv", ContainerKind.CABLES_CSV, 2),
        ("two.zip", "dir/cables.csv", ContainerKind.CABLES_CSV, 1),
        ("two.zip", "dir/cables.csv", ContainerKind.CABLES_CSV, 2),
        ("two.zip", "t.txt.gz", ContainerKind.TEXT, None),
    ]
    assert results[0].text == TELEGRAM.decode()


def test_globs_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(TELEGRAM)
    (tmp_path / "sub" / "b.csv").write_bytes(CSV)
    results = list(read_raw([str(tmp_path / "**" / "*.txt"), str(tmp_path / "none*.x"), str(tmp_path / "absent")]))
    assert [type(r) for r in results] == [RawCable, Rejected, Rejected]
    assert results[1].reason == "no file matches this pattern"
    assert results[2].reason == "no such file or directory"


def test_zip_bomb_is_stopped_at_the_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", b"UNCLASSIFIED " + b"A" * 5_000_000)
    results = list(read_raw(bomb, member_limit=1_000_000))
    assert len(results) == 1 and isinstance(results[0], Rejected)
    assert "exceeds the limit" in results[0].reason and results[0].source.member == "big.txt"


def test_lying_sizes_are_caught_while_reading(tmp_path: Path) -> None:
    packed = tmp_path / "x.gz"  # gzip records no trustworthy size: the counting reader must stop it
    packed.write_bytes(gzip.compress(b"UNCLASSIFIED " + b"B" * 3_000_000))
    results = list(read_raw(packed, member_limit=1 << 20))
    assert len(results) == 1 and isinstance(results[0], Rejected)
    assert results[0].reason.endswith("exceeds the limit of 1 MiB")
    item = next(iter_sources([packed], member_limit=1 << 20))
    with pytest.raises(DecompressionLimitExceeded):
        item.open().read()


def test_dot_dot_member_is_read_never_written(tmp_path: Path) -> None:
    archive_path = tmp_path / "inner" / "evil.zip"
    archive_path.parent.mkdir()
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("../x.txt", TELEGRAM)
        archive.writestr("/abs.txt", TELEGRAM)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    results = _cables(list(read_raw(archive_path)))
    assert [r.source.member for r in results] == ["../x.txt", "/abs.txt"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "x.txt").exists()


def test_symlink_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "cable.txt").write_bytes(TELEGRAM)
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    os.symlink(tmp_path / "a", tmp_path / "alias")
    results = _cables(list(read_raw(tmp_path)))
    assert len(results) == 1  # the directory is walked once, however many links lead to it


def test_unreadable_and_binary_inputs_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n...")
    (tmp_path / "b.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "c.zip").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "d.txt").write_bytes(TELEGRAM)
    os.symlink(tmp_path / "nowhere", tmp_path / "e.txt")
    results = list(read_raw(tmp_path))
    reasons = [(Path(r.source.path).name, r.reason if isinstance(r, Rejected) else "ok") for r in results]
    assert reasons[0] == ("a.pdf", "PDF file: extract its text first")
    assert reasons[1] == ("b.bin", "binary data, not text")
    assert reasons[2][0] == "c.zip" and reasons[2][1].startswith("cannot read zip archive")
    assert reasons[3] == ("d.txt", "ok")
    assert reasons[4][0] == "e.txt" and reasons[4][1].startswith("cannot read")


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    for data in (CSV, gzip.compress(CSV)):
        fake = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)))
        monkeypatch.setattr(sys, "stdin", fake)
        results = _cables(list(read_raw("-")))
        assert [(r.source.path, r.source.row) for r in results] == [("-", 1), ("-", 2)]


def test_kind_can_be_forced(tmp_path: Path) -> None:
    path = tmp_path / "looks.csv"
    path.write_bytes(CSV)
    (cable,) = _cables(list(read_raw(path, kind=ContainerKind.TEXT)))
    assert cable.text == CSV.decode()


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b'\n"78","6/30/1985 7:58","85ALEXANDRIA524"', "Consulate Alexandria", ContainerKind.CABLES_CSV),
        (b'{ "_id" : "04ANKARA348", "origin" : "x"}', "w.json", ContainerKind.JSON_LINES),
        (b"<?xml version='1.0'?><html><head><title>Cable Viewer</title>", "x.html", ContainerKind.CABLEGATE_HTML),
        (b'<html><script src="/plusd/js/jquery.min.js"></script>', "x.html", ContainerKind.PLUSD),
        (b"<code><pre>C O N F I D E N T I A L", "x.txt", ContainerKind.BARE_PRE),
        (b"VZCZCXRO0281\n\nTAGS: [KTIP](#) [KWMN](#)", "x", ContainerKind.MARKDOWN),
        (b"\r\nVZCZCXRO7165\r\nOO RUEHBI\r\n", "06NEWDELHI5135.txt", ContainerKind.TEXT),
        (b"", "", ContainerKind.TEXT),
    ],
)
def test_detect_written_heads(head: bytes, name: str, kind: ContainerKind) -> None:
    assert detect(head, name) is kind


_CORPUS_KINDS = {
    "cablegate-html": ContainerKind.CABLEGATE_HTML,
    "csv-row": ContainerKind.CABLES_CSV,
    "bare-text": ContainerKind.BARE_PRE,
    "raw-acp127": ContainerKind.TEXT,
    "plusd": ContainerKind.PLUSD,
}


def test_detect_every_corpus_file() -> None:
    rows = manifest_rows(None, role=None)
    wrong = []
    for row in rows:
        head = row["file"].read_bytes()[:HEAD_BYTES] if row["file"].is_file() else b""
        if row["kind"] == "other":
            expected = ContainerKind.JSON_LINES if row["path"].endswith(".json") else None
        else:
            expected = _CORPUS_KINDS[row["kind"]]
        if expected is None:
            if unsupported(head) is None:
                wrong.append(f"{row['path']}: not rejected")
        elif detect(head, row["path"]) is not expected:
            wrong.append(f"{row['path']}: {detect(head, row['path'])} != {expected}")
    print(f"detect: {len(rows) - len(wrong)}/{len(rows)} right")
    assert not wrong, wrong[:20]
