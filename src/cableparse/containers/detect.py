"""Which container a file is, and the entry point that reads any mix of them.

``detect`` sniffs the first few KB (and the name); ``read_raw`` walks the inputs
(``archive.iter_sources``), detects each one and streams it through the right reader. A file
that cannot be read or is not a cable container (a PDF, binary data) becomes a ``Rejected``;
the run goes on.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from cableparse.containers.archive import DEFAULT_MEMBER_LIMIT, SourceFile, iter_sources
from cableparse.containers.bare_pre import read_bare_pre
from cableparse.containers.base import ReadResult, Rejected, make_source
from cableparse.containers.cablescsv import ROW_START, PendingRow, read_cables_csv
from cableparse.containers.jsonl import read_jsonl
from cableparse.containers.markdown import read_markdown
from cableparse.containers.plain import read_plain
from cableparse.containers.plusd import read_plusd
from cableparse.containers.wikileaks_html import read_wikileaks_html
from cableparse.model import ContainerKind

# What reading a damaged archive member raises besides OSError: a bad CRC or header (BadZipFile), a
# corrupt deflate stream (zlib.error), a damaged tar block (TarError). None of them derives from OSError.
_DAMAGED_MEMBER = (zipfile.BadZipFile, zlib.error, tarfile.TarError)

__all__ = ["detect", "unsupported", "read_raw", "reader_for", "HEAD_BYTES"]

#: How much of a file ``detect`` looks at.
HEAD_BYTES = 8192

_READERS: dict[ContainerKind, Callable[..., Iterator[ReadResult]]] = {
    ContainerKind.TEXT: read_plain,
    ContainerKind.CABLES_CSV: read_cables_csv,
    ContainerKind.CABLEGATE_HTML: read_wikileaks_html,
    ContainerKind.BARE_PRE: read_bare_pre,
    ContainerKind.MARKDOWN: read_markdown,
    ContainerKind.JSON_LINES: read_jsonl,
    ContainerKind.PLUSD: read_plusd,
}
_LEADING = b"\xef\xbb\xbf \t\r\n"
_JSON_KEY = re.compile(rb'^\{\s*"[^"\\]{1,40}"\s*:')
_MARKDOWN_LINK = re.compile(rb"\]\(#[^)\s]{0,40}\)")
_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def reader_for(kind: ContainerKind) -> Callable[..., Iterator[ReadResult]]:
    """The reader of one container kind (each takes ``(source, *, path_label, member)``)."""
    return _READERS[kind]


def unsupported(head: bytes) -> str | None:
    """Why a file with this head cannot hold cable text we read (PDF, binary), or None."""
    start = head.lstrip(_LEADING)
    if start.startswith(b"%PDF"):
        return "PDF file: extract its text first"
    if start.startswith((b"\x1f\x8b", b"PK\x03\x04", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf")):
        return "compressed data inside a compressed member is not read"
    sample = head[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text: NUL bytes are expected
    if b"\x00" in sample or len(_BINARY_CONTROL.findall(sample)) > len(sample) // 20 + 1:
        return "binary data, not text"
    return None


def detect(head: bytes, name: str = "") -> ContainerKind:
    """The container kind of a file from its first bytes (``HEAD_BYTES`` is plenty) and its name."""
    start = head.lstrip(_LEADING)
    lower = head[:HEAD_BYTES].lower()
    suffix = os.path.splitext(name.lower())[1]
    first_lines = start[:2048]
    if ROW_START.match(start) or (suffix == ".csv" and ROW_START.search(first_lines)):
        return ContainerKind.CABLES_CSV
    if _JSON_KEY.match(start):
        return ContainerKind.JSON_LINES
    if b"/plusd/" in lower and (b"<html" in lower or b"<!doctype" in lower or b"<script" in lower):
        return ContainerKind.PLUSD
    if b"cable viewer" in lower or b"viewing cable" in lower or b"class='cable'" in lower or b'class="cable"' in lower:
        return ContainerKind.CABLEGATE_HTML
    if b"<pre" in lower and b"<html" not in lower:
        return ContainerKind.BARE_PRE
    if b"<html" in lower or b"<!doctype html" in lower:
        return ContainerKind.CABLEGATE_HTML
    if suffix in (".md", ".markdown") or _MARKDOWN_LINK.search(head):
        return ContainerKind.MARKDOWN
    if suffix in (".jsonl", ".json") and start.startswith(b"{"):
        return ContainerKind.JSON_LINES
    return ContainerKind.TEXT


class _HeadThenRest(io.RawIOBase):
    """A raw stream that gives back the bytes already read for sniffing, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_one(item: SourceFile, kind: ContainerKind | None, defer_csv_rows: bool) -> Iterator[ReadResult | PendingRow]:
    """Detect and read one input; I/O errors and limits become a ``Rejected``."""
    label = item.path
    where = make_source(label, kind or ContainerKind.TEXT, member=item.member)
    if item.error is not None:
        yield Rejected(source=where, reason=item.error)
        return
    try:
        stream = item.open()
    except (OSError, RuntimeError, ValueError, EOFError, *_DAMAGED_MEMBER) as error:  # RuntimeError: encrypted zip member
        yield Rejected(source=where, reason=f"cannot open: {error}")
        return
    try:
        head = stream.read(HEAD_BYTES)
        if kind is None:
            problem = unsupported(head)
            if problem is not None:
                yield Rejected(source=where, reason=problem)
                return
        found = kind or detect(head, item.name)
        joined = io.BufferedReader(_HeadThenRest(head, stream), buffer_size=1 << 16)
        if defer_csv_rows and found is ContainerKind.CABLES_CSV:
            yield from read_cables_csv(joined, path_label=label, member=item.member, deferred=True)
        else:
            yield from _READERS[found](joined, path_label=label, member=item.member)
    except (OSError, EOFError, ValueError, RuntimeError, *_DAMAGED_MEMBER) as error:
        # zlib.error and gzip.BadGzipFile are OSError/ValueError subclasses or wrapped as such.
        yield Rejected(source=where, reason=str(error) or type(error).__name__)
    finally:
        if stream is not getattr(sys.stdin, "buffer", None):  # never close the process's stdin
            stream.close()


def read_raw(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    kind: ContainerKind | None = None,
    member_limit: int = DEFAULT_MEMBER_LIMIT,
    defer_csv_rows: bool = False,
) -> Iterator[ReadResult | PendingRow]:
    """Every cable in ``sources`` (paths, directories, globs, archives, ``-``), as read from its container.

    ``kind`` forces one reader for every input instead of sniffing. Yields ``RawCable`` values,
    and ``Rejected`` values for inputs or pieces that could not be read; never raises for a bad
    input. With ``defer_csv_rows`` the rows of cables.csv files come as ``PendingRow`` values, which
    ``PendingRow.resolve`` turns into either (see ``cableparse.convert``).
    """
    paths = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
    for item in iter_sources(paths, member_limit=member_limit):
        yield from _read_one(item, kind, defer_csv_rows)
