"""Hostile archives and file systems: each bad piece is a ``Rejected`` and the run goes on (issue 5).

Extends tests/test_containers_archive.py (zip bomb by header, lying gzip, ``../x`` in a zip, a
symlink loop, a dangling link) with: bombs nested in archive members, tar members that point outside
the archive, links that loop on themselves, files and folders that cannot be read. Tests run as root,
where ``chmod 000`` does not stop a read, so unreadable paths are simulated with a monkeypatched
``open``/``os.scandir`` that raises ``PermissionError`` exactly as the system would.
"""

from __future__ import annotations

import builtins
import gzip
import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from cableparse.containers import archive as archive_module
from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.detect import read_raw
from cableparse.reading import read_results
from cableparse.model import Cable

TELEGRAM = b"R 281848Z DEC 66\nFM AMEMBASSY X\n\nUNCLASSIFIED X 2481\n\n1. TEXT.\n"
LIMIT = 1 << 20


def _kinds(results: list) -> list[str]:
    return ["ok" if isinstance(r, RawCable) else "rejected" for r in results]


def _add_tar_member(archive: tarfile.TarFile, name: str, data: bytes, kind: bytes = tarfile.REGTYPE, target: str = "") -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    archive.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def test_gzip_bomb_inside_a_zip_member_stops_at_the_limit_and_the_next_member_is_read(tmp_path: Path) -> None:
    bomb = gzip.compress(b"A" * (8 * LIMIT), compresslevel=9)  # 8 MiB of "A" in a few KB
    path = tmp_path / "nested.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt.gz", bomb)
        archive.writestr("b.txt", TELEGRAM)
    results = list(read_raw(path, member_limit=LIMIT))
    assert _kinds(results) == ["rejected", "ok"]
    assert results[0].source.member == "a.txt.gz" and "exceeds the limit of 1 MiB" in results[0].reason
    assert results[1].source.member == "b.txt"


def test_tar_bomb_member_is_rejected_by_its_size_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        _add_tar_member(archive, "big.txt", b"B" * (3 * LIMIT))
        _add_tar_member(archive, "small.txt", TELEGRAM)
        _add_tar_member(archive, "inner.txt.gz", gzip.compress(b"C" * (3 * LIMIT)))  # small member, big inside
        _add_tar_member(archive, "last.txt", TELEGRAM)
    results = list(read_raw(path, member_limit=LIMIT))
    assert [(r.source.member, kind) for r, kind in zip(results, _kinds(results))] == [
        ("big.txt", "rejected"), ("small.txt", "ok"), ("inner.txt.gz", "rejected"), ("last.txt", "ok"),
    ]
    assert all("exceeds the limit" in r.reason for r in results if isinstance(r, Rejected))


def test_plain_gzip_bomb_file(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt.gz"
    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(16):
            handle.write(b"\x20" * LIMIT)
    (tmp_path / "z.txt").write_bytes(TELEGRAM)
    results = list(read_raw(tmp_path, member_limit=4 * LIMIT))
    assert _kinds(results) == ["rejected", "ok"]
    assert results[0].reason.endswith("exceeds the limit of 4 MiB")


def test_tar_members_pointing_outside_are_never_written_or_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"NOT FOR READING\n")
    path = tmp_path / "inner" / "evil.tar"
    path.parent.mkdir()
    with tarfile.open(path, "w") as archive:
        _add_tar_member(archive, "../escaped.txt", TELEGRAM)
        _add_tar_member(archive, "/abs/escaped.txt", TELEGRAM)
        _add_tar_member(archive, "link.txt", b"", tarfile.SYMTYPE, str(outside))
        _add_tar_member(archive, "hard.txt", b"", tarfile.LNKTYPE, "../secret.txt")
        _add_tar_member(archive, "dev", b"", tarfile.CHRTYPE)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    results = list(read_raw(path))
    assert [r.source.member for r in results] == ["../escaped.txt", "/abs/escaped.txt"]
    assert all(isinstance(r, RawCable) and b"SECRET" not in r.text.encode() for r in results)
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_zip_member_names_are_only_labels(tmp_path: Path) -> None:
    path = tmp_path / "names.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("../../etc/x.txt", "C:\\windows\\x.txt", "a/../../b.txt", "nul\x00byte.txt"):
            archive.writestr(zipfile.ZipInfo(name), TELEGRAM)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    results = list(read_raw(path))
    assert _kinds(results) == ["ok"] * 4
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_links_that_loop_on_themselves_are_rejected_and_the_walk_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TELEGRAM)
    os.symlink(tmp_path / "self", tmp_path / "self")  # ELOOP on open
    os.symlink(tmp_path / "ping", tmp_path / "pong")
    os.symlink(tmp_path / "pong", tmp_path / "ping")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "again")
    (tmp_path / "sub" / "z.txt").write_bytes(TELEGRAM)
    results = list(read_raw(tmp_path))
    by_name = {Path(r.source.path).name: r for r in results}
    assert isinstance(by_name["a.txt"], RawCable) and isinstance(by_name["z.txt"], RawCable)
    for name in ("self", "ping", "pong"):
        assert isinstance(by_name[name], Rejected) and by_name[name].reason.startswith("cannot read")
    assert sum(isinstance(r, RawCable) for r in results) == 2


def test_unreadable_file_is_rejected_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_bytes(TELEGRAM)
    locked = str(tmp_path / "b.txt")
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(file) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    results = list(read_results(tmp_path))
    assert [type(r).__name__ for r in results] == ["Cable", "Rejected", "Cable"]
    assert results[1].source.path == locked and "Permission denied" in results[1].reason
    assert all(isinstance(r, Cable) for r in (results[0], results[2]))


def test_unreadable_folder_is_rejected_and_the_walk_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_bytes(TELEGRAM)
    (tmp_path / "shut").mkdir()
    (tmp_path / "shut" / "b.txt").write_bytes(TELEGRAM)
    shut = str(tmp_path / "shut")
    real_scandir = os.scandir

    def guarded_scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == shut:
            raise PermissionError(13, "Permission denied", shut)
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    results = list(read_raw(tmp_path))
    kinds = {Path(r.source.path).name: type(r).__name__ for r in results}
    assert kinds == {"a.txt": "RawCable", "shut": "Rejected"}
    rejected = next(r for r in results if isinstance(r, Rejected))
    assert rejected.reason == "cannot list directory: Permission denied"


def test_member_that_fails_while_being_read_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged member (bad CRC, truncated stream) is one ``Rejected``; the archive's other members are read."""
    path = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", TELEGRAM * 50)
        archive.writestr("b.txt", TELEGRAM)
    data = bytearray(path.read_bytes())
    start = data.index(b"a.txt") + len(b"a.txt") + 10  # inside a.txt's compressed bytes
    data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    results = list(read_raw(path))
    assert _kinds(results) == ["rejected", "ok"]
    assert results[0].source.member == "a.txt"


def test_truncated_archives_are_rejected(tmp_path: Path) -> None:
    whole = io.BytesIO()
    with tarfile.open(fileobj=whole, mode="w:gz") as archive:
        for number in range(20):
            _add_tar_member(archive, f"c{number:02}.txt", TELEGRAM + os.urandom(2000).hex().encode())
    (tmp_path / "cut.tar.gz").write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    packed = gzip.compress(TELEGRAM + os.urandom(5000).hex().encode())
    (tmp_path / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "z.txt").write_bytes(TELEGRAM)
    results = list(read_raw(tmp_path))
    names = [(Path(r.source.path).name, type(r).__name__) for r in results]
    assert ("cut.txt.gz", "Rejected") in names and names[-1] == ("z.txt", "RawCable")
    assert any(name == "cut.tar.gz" and kind == "Rejected" for name, kind in names)
    assert any(name == "cut.tar.gz" and kind == "RawCable" for name, kind in names)  # the members before the cut


def test_archive_module_never_extracts() -> None:
    """Nothing in the archive walker can write a member to disk."""
    source = Path(archive_module.__file__).read_text(encoding="utf-8")
    for call in ("extractall(", ".extract(", "makedirs(", "open(path, \"wb\")", "'wb'", '"wb"'):
        assert call not in source
