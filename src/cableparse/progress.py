"""The progress bar of ``cableparse convert``: cables/s, and time left from bytes read.

The bar counts input bytes when the total input size is known (files and folders), so the time
left follows the bytes still to read whatever the cables' sizes; it shows cables and cables/s
beside it. Without a known total (standard input) it counts cables. It is drawn by ``tqdm`` on
standard error, and only when standard error is a terminal.
"""

from __future__ import annotations

import glob
import os
import sys
import time
from typing import Protocol, TextIO

__all__ = ["Progress", "ByteTracker", "input_size", "COMPRESSED_SUFFIXES"]

#: Files whose records carry offsets into the decompressed bytes, not into the file on disk.
COMPRESSED_SUFFIXES = (".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz", ".zip", ".tar")
_GLOB_CHARS = frozenset("*?[")


def input_size(sources: list[str]) -> int | None:
    """Bytes on disk of every file the sources name (folders walked, globs expanded); None with stdin."""
    total = 0
    for given in sources:
        if given == "-":
            return None
        if os.path.isdir(given):
            total += _tree_size(given)
        elif os.path.exists(given):
            total += _file_size(given)
        elif _GLOB_CHARS & set(given):
            for match in glob.glob(given, recursive=True):
                total += _tree_size(match) if os.path.isdir(match) else _file_size(match)
    return total


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _tree_size(top: str) -> int:
    """Bytes of the files under ``top``, each real directory once (links may loop)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for dirpath, dirnames, filenames in os.walk(top, followlinks=True):
        try:
            status = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        if (status.st_dev, status.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((status.st_dev, status.st_ino))
        total += sum(_file_size(os.path.join(dirpath, name)) for name in filenames)
    return total


class Located(Protocol):
    """Where a record lies: a ``Source``, or a row not read yet (``containers.cablescsv.PendingRow``)."""

    @property
    def path(self) -> str | None: ...

    @property
    def offset(self) -> int | None: ...

    @property
    def member(self) -> str | None: ...


class ByteTracker:
    """How far into the input (in bytes on disk) a record lies, from its ``Source``.

    Files already left behind count whole; within the current file the record's byte offset
    counts when it is an offset into the file itself (not into decompressed bytes).
    """

    def __init__(self) -> None:
        self._finished = 0
        self._path: str | None = None

    def position(self, source: Located | None) -> int:
        """Input bytes read up to this record."""
        path = source.path if source is not None else None
        if path != self._path:
            if self._path is not None and self._path != "-":
                self._finished += _file_size(self._path)
            self._path = path
        if source is None or source.offset is None or source.member is not None:
            return self._finished
        if path is None or path == "-" or path.lower().endswith(COMPRESSED_SUFFIXES):
            return self._finished
        return self._finished + source.offset


class Progress:
    """A progress bar (or nothing): ``advance(cables, position)`` after each written chunk."""

    def __init__(self, total_bytes: int | None, *, enabled: bool, stream: TextIO | None = None,
                 initial_cables: int = 0, initial_bytes: int = 0) -> None:
        self._bar = None
        self._by_bytes = total_bytes is not None and total_bytes > 0
        self._cables = initial_cables
        self._start_cables = initial_cables
        self._start = time.monotonic()
        if not enabled:
            return
        try:
            from tqdm import tqdm
        except ImportError:  # the bar is a comfort, not a requirement
            return
        stream = stream or sys.stderr
        if self._by_bytes:
            self._bar = tqdm(
                total=total_bytes, initial=min(initial_bytes, total_bytes or 0), unit="B", unit_scale=True,
                unit_divisor=1024, file=stream, mininterval=0.5, dynamic_ncols=True, leave=False,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}{postfix}]",
            )
        else:
            self._bar = tqdm(
                initial=initial_cables, unit=" cables", file=stream, mininterval=0.5, dynamic_ncols=True, leave=False,
            )

    def advance(self, cables: int, position: int) -> None:
        """Count ``cables`` more records done, the input read up to byte ``position``."""
        self._cables += cables
        if self._bar is None:
            return
        if not self._by_bytes:
            self._bar.update(cables)
            return
        self._bar.update(max(min(position, self._bar.total) - self._bar.n, 0))
        self._bar.set_postfix_str(f"{self._cables:,} cables, {self.rate():,.0f} cables/s", refresh=False)

    def rate(self) -> float:
        """Cables per second since this run started."""
        elapsed = time.monotonic() - self._start
        return (self._cables - self._start_cables) / elapsed if elapsed > 0 else 0.0

    def close(self) -> None:
        """Remove the bar from the terminal."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
