"""Dask integration (the ``dask`` extra): an archive as a ``dask.bag.Bag`` of records.

``read_bag`` cuts the input into partitions — groups of whole files, and byte ranges of large
``cables.csv`` files cut at row starts — and builds the bag with Dask's own API
(``dask.bag.from_sequence`` over those pieces, then ``map_partitions`` reading each piece with
``cableparse.reading.read_results``); any Dask scheduler runs it. The records come out in input
order and equal ``cableparse.reading.read``'s, provenance included: a byte range knows the row
number, line and byte offset it starts at, so rows keep their numbers in the whole file.

>>> from cableparse.dask import read_bag, to_jsonl
>>> bag = read_bag(["cables.csv"])                     # records as dicts
>>> bag.filter(lambda r: r["classification"]["level"] == "SECRET").count().compute()
>>> to_jsonl(read_bag(["cables.csv"], output="json"), "cables.jsonl")
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, BinaryIO, Literal

import dask.bag as db

from cableparse.containers.archive import iter_sources
from cableparse.containers.base import RawCable, ReadResult, Rejected
from cableparse.containers.cablescsv import ROW_START, read_cables_csv
from cableparse.containers.detect import HEAD_BYTES, detect, unsupported
from cableparse.errors import CableParseError
from cableparse.model import Cable, ContainerKind

__all__ = ["read_bag", "to_jsonl", "plan_partitions", "FilesPiece", "CsvRangePiece", "DEFAULT_PARTITION_SIZE"]

#: Input bytes per partition (records take several times as much memory as their input).
DEFAULT_PARTITION_SIZE = 32 * 1024 * 1024
_SCAN_BLOCK = 8 * 1024 * 1024
_SLACK = 64  # longer than any row start, so one cut by a block end is seen in the next block
_NEXT_ROW = re.compile(rb"\n" + ROW_START.pattern)
_ROW_IN_REASON = re.compile(r"^row (\d+) \(line (\d+)\)")
_COMPRESSED_MAGIC = (b"\x1f\x8b", b"PK\x03\x04", b"PK\x05\x06", b"BZh", b"\xfd7zXZ")
_GLOB_CHARS = frozenset("*?[")

Output = Literal["dict", "json"]
Errors = Literal["raise", "skip", "include"]


@dataclass(frozen=True)
class FilesPiece:
    """Whole inputs (files, archives, or paths that will be reported as unreadable), read in order."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class CsvRangePiece:
    """Rows ``[start, end)`` (byte offsets at row starts) of one large cables.csv file."""

    path: str
    start: int
    end: int
    first_row: int
    """The number, in the whole file, of the first row of the range."""
    first_line: int
    """The line (1-based) at which the range starts."""


Piece = FilesPiece | CsvRangePiece


# --- planning ------------------------------------------------------------------------------------


def _input_paths(sources: Sequence[str]) -> Iterator[str]:
    """Every input file the sources name, in ``read``'s order; a path that is not there, as given.

    Archives stay whole (their members share the archive's path), so each path comes once.
    """
    for given in sources:
        if given == "-":
            raise ValueError("read_bag cannot read standard input: Dask workers need files")
        if os.path.isdir(given) or (not os.path.lexists(given) and _GLOB_CHARS & set(given)):
            previous = None
            for item in iter_sources([given]):
                if item.path != previous:
                    previous = item.path
                    yield item.path
        else:
            yield given


def _is_plain_cables_csv(path: str, kind: ContainerKind | None) -> bool:
    """Whether ``path`` is an uncompressed cables.csv file (so it can be cut into byte ranges)."""
    if kind not in (None, ContainerKind.CABLES_CSV):
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    if head.startswith(_COMPRESSED_MAGIC) or head[257:262] == b"ustar":
        return False
    if kind is None and (unsupported(head) is not None or detect(head, path) is not ContainerKind.CABLES_CSV):
        return False
    return True


def csv_ranges(path: str, partition_size: int) -> list[CsvRangePiece]:
    """Cut a cables.csv file into ranges of about ``partition_size`` bytes, each at a row start.

    One pass over the file: row starts are counted (and lines) so each range knows the number
    and line of its first row. A file without a row start in its first block is not cut.
    """
    cuts: list[tuple[int, int, int]] = []  # (offset, row number, line)
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        data = handle.read(_SCAN_BLOCK)
        first = ROW_START.search(data)
        if first is None:
            return [CsvRangePiece(path, 0, size, 1, 1)]
        base = 0  # file offset of data[0]
        lines_before = 0  # newlines before data[0]
        counted_to, counted = 0, 0  # newlines in data[:counted_to]
        row = 1
        cuts.append((0, 1, 1))  # the first range also holds any stray bytes before row 1
        next_cut = first.start() + partition_size
        scan_from = first.start()
        eof = False
        while True:
            limit = len(data) if eof else max(len(data) - _SLACK, scan_from)
            for match in _NEXT_ROW.finditer(data, scan_from, len(data)):
                if match.start() >= limit:
                    break
                row += 1
                start = match.start() + 1
                if base + start >= next_cut:
                    counted += data.count(b"\n", counted_to, start)
                    counted_to = start
                    cuts.append((base + start, row, lines_before + counted + 1))
                    next_cut = base + start + partition_size
            if eof:
                break
            lines_before += counted + data.count(b"\n", counted_to, limit)
            base += limit
            data = data[limit:]
            scan_from, counted_to, counted = 0, 0, 0
            block = handle.read(_SCAN_BLOCK)
            eof = not block
            data += block
    ends = [offset for offset, _, _ in cuts[1:]] + [size]
    return [CsvRangePiece(path, offset, end, row, line) for (offset, row, line), end in zip(cuts, ends)]


def plan_partitions(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    partition_size: int = DEFAULT_PARTITION_SIZE,
    kind: ContainerKind | None = None,
) -> list[Piece]:
    """The pieces ``read_bag`` makes its partitions of, in input order."""
    given = [os.fspath(sources)] if isinstance(sources, (str, os.PathLike)) else [os.fspath(s) for s in sources]
    pieces: list[Piece] = []
    group: list[str] = []
    group_bytes = 0
    for path in _input_paths(given):
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0
        if size > partition_size and _is_plain_cables_csv(path, kind):
            if group:
                pieces.append(FilesPiece(tuple(group)))
                group, group_bytes = [], 0
            pieces.extend(csv_ranges(path, partition_size))
            continue
        if group and group_bytes + size > partition_size:
            pieces.append(FilesPiece(tuple(group)))
            group, group_bytes = [], 0
        group.append(path)
        group_bytes += size
    if group:
        pieces.append(FilesPiece(tuple(group)))
    return pieces


# --- reading one piece (runs on a Dask worker) ---------------------------------------------------


class _RangeReader:
    """A binary stream over bytes ``[start, end)`` of a file."""

    def __init__(self, handle: BinaryIO, start: int, end: int) -> None:
        handle.seek(start)
        self._handle = handle
        self._left = end - start

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.read(want)
        self._left -= len(data)
        return data


def _shift(result: ReadResult, piece: CsvRangePiece) -> ReadResult:
    """A range's record with its row, line and offset counted in the whole file."""
    source = result.source
    rows_before = piece.first_row - 1
    moved = source.model_copy(update={
        "row": source.row + rows_before if source.row is not None else None,
        "offset": source.offset + piece.start if source.offset is not None else None,
    })
    if isinstance(result, Rejected):
        reason = _ROW_IN_REASON.sub(
            lambda m: f"row {int(m.group(1)) + rows_before} (line {int(m.group(2)) + piece.first_line - 1})",
            result.reason,
        )
        return Rejected(source=moved, reason=reason)
    return replace(result, source=moved)


def _piece_results(piece: Piece, kind: ContainerKind | None, strict: bool) -> Iterator[Cable | Rejected]:
    """The records of one piece, as ``read_results`` gives them for the whole input."""
    from cableparse.reading import parse_raw, read_results

    if isinstance(piece, FilesPiece):
        yield from read_results(list(piece.paths), kind=kind, strict=strict)
        return
    with open(piece.path, "rb") as handle:
        stream = _RangeReader(handle, piece.start, piece.end)
        for raw in read_cables_csv(stream, path_label=piece.path):  # type: ignore[arg-type]
            raw = _shift(raw, piece)
            if isinstance(raw, RawCable):
                try:
                    yield parse_raw(raw, strict=strict)
                except CableParseError as error:
                    yield Rejected(source=raw.source, reason=error.one_line())
            else:
                yield raw


def _rejected_record(rejected: Rejected) -> dict[str, Any]:
    source = rejected.source
    return {
        "rejected": True, "path": source.path, "member": source.member, "row": source.row,
        "offset": source.offset, "container": source.container.value, "reason": rejected.reason,
    }


def _read_partition(pieces: list[Piece], kind: ContainerKind | None, strict: bool, output: Output,
                    errors: Errors) -> list[Any]:
    """``map_partitions`` function: the records of a partition's pieces, as dicts or JSON strings."""
    records: list[Any] = []
    for piece in pieces:
        for result in _piece_results(piece, kind, strict):
            if isinstance(result, Rejected):
                if errors == "raise":
                    raise CableParseError(result.reason, source=result.source.path, line=result.source.row,
                                          code="rejected")
                if errors == "include":
                    record = _rejected_record(result)
                    records.append(record if output == "dict" else json.dumps(record, ensure_ascii=False))
                continue
            records.append(result.model_dump(mode="json") if output == "dict" else result.model_dump_json())
    return records


# --- public API ----------------------------------------------------------------------------------


def read_bag(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    kind: ContainerKind | str | None = None,
    strict: bool = False,
    output: Output = "dict",
    errors: Errors = "raise",
) -> db.Bag:
    """A Dask bag of every cable in ``sources`` (files, folders, globs, archives), in input order.

    ``partition_size``: input bytes per partition (whole files are grouped up to it; a larger
    cables.csv is cut into ranges of about that size). ``output``: records as ``dict`` (the JSON
    form of ``Cable``) or ``json`` strings. ``errors``: what a record that cannot be read does —
    ``raise`` (``CableParseError`` at compute time, as ``cableparse.reading.read``), ``skip``, or
    ``include`` it as ``{"rejected": true, "path", "member", "row", "offset", "container", "reason"}``.
    Planning reads the folders' listings and scans large cables.csv files once for row starts.
    """
    if partition_size < 1:
        raise ValueError("partition_size must be positive")
    if output not in ("dict", "json") or errors not in ("raise", "skip", "include"):
        raise ValueError("output is 'dict' or 'json'; errors is 'raise', 'skip' or 'include'")
    container = ContainerKind(kind) if isinstance(kind, str) else kind
    pieces = plan_partitions(sources, partition_size, container)
    if not pieces:
        return db.from_sequence([], npartitions=1)
    bag = db.from_sequence(pieces, npartitions=len(pieces))  # one piece per partition
    return bag.map_partitions(_read_partition, container, strict, output, errors)


def to_jsonl(bag: db.Bag, path: str | os.PathLike[str], **compute_options: Any) -> str:
    """Write a bag of records (dicts or JSON strings) as JSON Lines, in partition order.

    A ``path`` containing ``*`` writes one file per partition (Dask's ``to_textfiles``).
    Otherwise the partitions are written in parallel into a temporary folder beside ``path``,
    then joined into ``path`` through a ``.partial`` name: ``path`` only ever holds a whole file.
    ``compute_options`` go to Dask (e.g. ``scheduler="synchronous"``). Returns ``path``.
    """
    target = os.fspath(path)
    lines = bag.map(_json_line)
    if "*" in target:
        lines.to_textfiles(target, encoding="utf-8", last_endline=True, compute=True, **compute_options)
        return target
    parts = target + ".parts"
    shutil.rmtree(parts, ignore_errors=True)
    os.makedirs(parts)
    try:
        names = lines.to_textfiles(
            os.path.join(parts, "*.jsonl"), name_function=lambda index: f"{index:08d}",
            encoding="utf-8", last_endline=True, compute=True, **compute_options,
        )
        partial = target + ".partial"
        with open(partial, "wb") as joined:
            for name in sorted(names):
                with open(name, "rb") as part:
                    shutil.copyfileobj(part, joined, 1 << 20)
        os.replace(partial, target)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    return target


def _json_line(record: Any) -> str:
    """One JSON Lines line, without its newline (``to_textfiles`` puts those in)."""
    return record if isinstance(record, str) else json.dumps(record, ensure_ascii=False, separators=(",", ":"))
