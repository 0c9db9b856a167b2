"""Walking the inputs: files, directories, globs, ``-`` (stdin), ``.gz``, ``.zip`` and tar members.

``iter_sources`` turns the command line's paths into ``SourceFile`` values, each a readable
stream (opened on demand) with the names to record, or an error saying why it cannot be read.
Nothing is ever extracted to disk: a zip member named ``../x`` is only read. Decompressed
streams are counted, and one that grows past ``member_limit`` (4 GiB by default) stops with
``DecompressionLimitExceeded``, so a zip bomb costs at most the limit. Directory walks follow
symbolic links but visit each real directory once, so a link loop ends.

Members of a tar archive are read in order: open (and read) each ``SourceFile`` before asking
the iterator for the next one.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["SourceFile", "iter_sources", "DecompressionLimitExceeded", "LimitedReader", "DEFAULT_MEMBER_LIMIT"]

DEFAULT_MEMBER_LIMIT = 4 * 1024**3
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_GLOB_CHARS = frozenset("*?[")


class DecompressionLimitExceeded(OSError):
    """A decompressed stream grew past the size limit (a zip bomb, or a limit set too low)."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One readable input: a file, a decompressed ``.gz``, an archive member, or stdin."""

    path: str
    """The file path as given (the archive's path for a member); ``-`` for stdin."""
    member: str | None = None
    """The member name inside a zip or tar archive, exactly as stored (never used as a path)."""
    opener: Callable[[], BinaryIO] | None = None
    """Opens the (decompressed) bytes; None when ``error`` is set."""
    error: str | None = None
    """Why this input cannot be read; None when it can."""

    @property
    def name(self) -> str:
        """The name to sniff the container from: the member's or the file's, without ``.gz``."""
        name = self.member if self.member is not None else self.path
        return name[:-3] if name.lower().endswith(".gz") else name

    def open(self) -> BinaryIO:
        """The input's bytes as a binary stream (raises ``OSError`` when it cannot be opened)."""
        if self.opener is None:
            raise OSError(self.error or "not readable")
        return self.opener()


class LimitedReader(io.RawIOBase):
    """A raw stream over ``inner`` that raises ``DecompressionLimitExceeded`` past ``limit`` bytes."""

    def __init__(self, inner: BinaryIO, limit: int, label: str) -> None:
        super().__init__()
        self._inner = inner
        self._left = limit
        self._limit = limit
        self._label = label

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # Ask for one byte more than allowed so an overrun is seen, not silently truncated.
        want = min(len(buffer), self._left + 1)
        data = self._inner.read(want)
        if len(data) > self._left:
            raise DecompressionLimitExceeded(
                f"{self._label}: decompressed size exceeds the limit of {_human(self._limit)}"
            )
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            super().close()


def _human(size: int) -> str:
    """``4294967296`` → ``4 GiB``; small sizes in bytes."""
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"


def _limited(inner: BinaryIO, limit: int, label: str) -> BinaryIO:
    """``inner`` buffered and capped at ``limit`` decompressed bytes."""
    return io.BufferedReader(LimitedReader(inner, limit, label), buffer_size=1 << 16)


def _is_tar_name(name: str) -> bool:
    return name.lower().endswith(_TAR_SUFFIXES)


def _gzip_holds_tar(path: str) -> bool:
    """Whether a gzip file decompresses to a tar archive (``ustar`` at offset 257)."""
    try:
        with gzip.open(path, "rb") as handle:
            return handle.read(262)[257:262] == b"ustar"
    except (OSError, EOFError):
        return False


def _file_sources(path: str, member_limit: int) -> Iterator[SourceFile]:
    """The inputs inside one file: itself, its decompressed ``.gz``, or its archive members."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(262)
    except OSError as error:
        yield SourceFile(path, error=f"cannot read: {error.strerror or error}")
        return
    if magic.startswith(_ZIP_MAGIC):
        yield from _zip_sources(path, member_limit)
    elif _is_tar_name(path) or magic[257:262] == b"ustar" or (magic.startswith(_GZIP_MAGIC) and _gzip_holds_tar(path)):
        yield from _tar_sources(path, member_limit)
    elif magic.startswith(_GZIP_MAGIC):
        yield SourceFile(path, opener=lambda: _limited(gzip.open(path, "rb"), member_limit, path))
    else:
        yield SourceFile(path, opener=lambda: open(path, "rb"))


def _member_stream(raw: BinaryIO, name: str, limit: int, label: str) -> BinaryIO:
    """A member's bytes, capped at ``limit``; a ``.gz`` member is decompressed (and capped) too."""
    stream = _limited(raw, limit, label)
    if name.lower().endswith(".gz"):
        return _limited(gzip.GzipFile(fileobj=stream, mode="rb"), limit, label)  # type: ignore[arg-type]
    return stream


def _zip_sources(path: str, member_limit: int) -> Iterator[SourceFile]:
    """The file members of a zip archive (read in place, never extracted)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield SourceFile(path, error=f"cannot read zip archive: {error}")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            label = f"{path}:{info.filename}"
            if info.file_size > member_limit:
                reason = f"{label}: decompressed size {info.file_size} exceeds the limit of {_human(member_limit)}"
                yield SourceFile(path, member=info.filename, error=reason)
                continue
            yield SourceFile(
                path,
                member=info.filename,
                opener=lambda info=info, label=label: _member_stream(archive.open(info), info.filename, member_limit, label),
            )


def _tar_sources(path: str, member_limit: int) -> Iterator[SourceFile]:
    """The regular-file members of a tar archive, in order (links and devices are skipped)."""
    try:
        archive = tarfile.open(path, mode="r:*")
    except (tarfile.TarError, OSError, EOFError) as error:
        yield SourceFile(path, error=f"cannot read tar archive: {error}")
        return
    with archive:
        try:
            for info in archive:
                if not info.isfile():
                    continue
                label = f"{path}:{info.name}"
                if info.size > member_limit:
                    reason = f"{label}: size {info.size} exceeds the limit of {_human(member_limit)}"
                    yield SourceFile(path, member=info.name, error=reason)
                    continue

                def opener(info: tarfile.TarInfo = info, label: str = label) -> BinaryIO:
                    raw = archive.extractfile(info)
                    if raw is None:
                        raise OSError(f"{label}: not a regular file")
                    return _member_stream(raw, info.name, member_limit, label)  # type: ignore[arg-type]

                yield SourceFile(path, member=info.name, opener=opener)
        except (tarfile.TarError, OSError, EOFError) as error:
            yield SourceFile(path, error=f"tar archive damaged: {error}")


def _stdin_source(member_limit: int) -> SourceFile:
    """Standard input, decompressed when it starts with the gzip magic number."""

    def opener() -> BinaryIO:
        stream = sys.stdin.buffer
        if stream.peek(2)[:2] == _GZIP_MAGIC:
            return _limited(gzip.GzipFile(fileobj=stream, mode="rb"), member_limit, "-")  # type: ignore[arg-type]
        return stream

    return SourceFile("-", opener=opener)


def _walk(top: str, member_limit: int) -> Iterator[SourceFile]:
    """Every input under directory ``top``, sorted, following links but each real directory once."""
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(top, followlinks=True, onerror=errors.append):
        for error in errors:
            yield SourceFile(error.filename or dirpath, error=f"cannot list directory: {error.strerror or error}")
        errors.clear()
        try:
            status = os.stat(dirpath)
        except OSError as error:
            yield SourceFile(dirpath, error=f"cannot read: {error.strerror or error}")
            dirnames[:] = []
            continue
        identity = (status.st_dev, status.st_ino)
        if identity in seen:  # a symbolic link back to a directory already walked
            dirnames[:] = []
            continue
        seen.add(identity)
        dirnames.sort()
        for filename in sorted(filenames):
            yield from _file_sources(os.path.join(dirpath, filename), member_limit)
    for error in errors:
        yield SourceFile(error.filename or top, error=f"cannot list directory: {error.strerror or error}")


def iter_sources(paths: Iterable[str | os.PathLike[str]], *, member_limit: int = DEFAULT_MEMBER_LIMIT) -> Iterator[SourceFile]:
    """Expand ``paths`` (files, directories, globs, ``-``) into readable inputs, in order.

    Paths that match nothing come out as a ``SourceFile`` with ``error`` set, so the caller can
    report them and go on.
    """
    for given in paths:
        path = os.fspath(given)
        if path == "-":
            yield _stdin_source(member_limit)
        elif os.path.isdir(path):
            yield from _walk(path, member_limit)
        elif os.path.lexists(path):
            yield from _file_sources(path, member_limit)
        elif _GLOB_CHARS & set(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield SourceFile(path, error="no file matches this pattern")
            for match in matches:
                yield from (_walk(match, member_limit) if os.path.isdir(match) else _file_sources(match, member_limit))
        else:
            yield SourceFile(path, error="no such file or directory")
