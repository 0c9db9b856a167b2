"""Reader for ``cables.csv`` (the official WikiLeaks release) and its extracts.

No header row; 8 double-quoted columns ``id, date, refid, origin, classification, references,
header, content``. Quotes inside fields are backslash-escaped (``\\"``, ``\\'``), so the default
csv dialect mis-splits them; newlines inside fields are real newlines; some fields exceed 64 KiB.

The file is streamed in blocks of 1 MiB. A row starts at a line that begins ``"<digits>","<M/D/YYYY
H:MM>"`` — inside a field every quote is escaped, so no body line can look like that — and runs
to the next such line. Each row is split into its 8 quoted fields (escaped pairs are masked
first, so only delimiter quotes are left and the split runs at C speed) — or, for the common row
(no escaped backslash, ends ``"\\n``), read in fewer passes by ``_plain_row_texts``; a row that
is not 8 fields becomes a ``Rejected`` naming its row and line, and reading goes on at the next row.
Bytes before the first row (a stray newline, a BOM) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cableparse.containers.base import (
    RawCable,
    ReadResult,
    Rejected,
    SourceLike,
    join_header_body,
    make_source,
    open_source,
    parse_slash_datetime,
)
from cableparse.containers.encoding import decode
from cableparse.model import ArchiveMetadata, ContainerKind

__all__ = ["read_cables_csv", "split_row", "PendingRow", "ROW_START", "MAX_ROW_BYTES"]

#: A row longer than this is rejected (and skipped) rather than held in memory.
MAX_ROW_BYTES = 64 * 1024 * 1024
_BLOCK_BYTES = 1 << 20  # bytes read at once
_BOUNDARY_SLACK = 64  # longer than any row start, so one cut by a block end is found next time

#: The first two fields of a row: "<id>","<M/D/YYYY H:MM>".
ROW_START = re.compile(rb'"\d{1,10}","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?"')
# A row start at the beginning of a line (the newline is the previous row's last byte).
_NEXT_ROW = re.compile(rb"\n" + ROW_START.pattern)
_ESCAPE = re.compile(rb"\\(.)", re.DOTALL)
_TRAILING_WS = b" \t\r\n"
_ESCAPED_BACKSLASH = re.compile(rb"\\\\")
_UNESCAPED_QUOTE = re.compile(rb'"(?<!\\")')  # a quote not right after a backslash


def _unescape(field: bytes) -> str:
    """A field's text: ``\\x`` → ``x`` (as Python's csv ``escapechar`` does), then decoded."""
    if b"\\" in field:
        if b"\\\\" in field:
            field = _ESCAPE.sub(_escaped_char, field)
        else:
            # No escaped backslash: every backslash starts an escape, so dropping them all is
            # the unescape, at C speed (a regex callback per escape is 10x slower).
            field = b"".join(field.split(b"\\"))
    return decode(field)


def _escaped_char(match: re.Match[bytes]) -> bytes:
    """The byte after a backslash."""
    return match.group(1)


def _mask_escapes(row: bytes) -> bytes:
    """``row`` with every escaped pair (``\\\\``, ``\\"``) blanked to two NULs, same length.

    Then every quote left is a field delimiter, and offsets in the mask are offsets in ``row``.
    """
    if b"\\" not in row:
        return row
    return row.replace(b"\\\\", b"\0\0").replace(b'\\"', b"\0\0")


def split_row(row: bytes) -> list[bytes] | None:
    """The 8 raw (still escaped) fields of one row, or None when it is not 8 quoted fields."""
    end = len(row.rstrip(_TRAILING_WS))
    if not row.startswith(b'"') or row[end - 1 : end] != b'"':
        return None
    if b"\\\\" not in row:
        # Fast path: with no escaped backslash, a quote is escaped exactly when "\\" precedes it.
        if row.count(b'"', 0, end) - row.count(b'\\"', 0, end) != 16 or row[end - 2 : end - 1] == b"\\":
            return None
        pieces = row[1 : end - 1].split(b'","')
        if len(pieces) == 8 and not any(piece.endswith(b"\\") for piece in pieces):
            return pieces
    masked = _mask_escapes(row)
    if masked.count(b'"', 0, end) != 16 or masked[end - 1 : end] != b'"':
        return None
    pieces = masked[1 : end - 1].split(b'","')
    if len(pieces) != 8:
        return None
    fields = []
    position = 1
    for piece in pieces:
        fields.append(row[position : position + len(piece)])
        position += len(piece) + 3
    return fields


def _diagnose(row: bytes) -> str:
    """Why ``row`` is not 8 quoted fields, in a few words."""
    masked = _mask_escapes(row)
    quotes = masked.count(b'"')
    if quotes % 2:
        return "unterminated quoted field (an unescaped quote?)"
    if quotes != 16:
        return f"expected 8 quoted fields, found {quotes // 2}"
    return "fields are not separated by single commas"


def _row_result(row: bytes, number: int, line: int, offset: int, label: str | None, member: str | None) -> ReadResult:
    """The ``RawCable`` of one complete row, or a ``Rejected`` saying what is wrong with it."""
    source = make_source(label, ContainerKind.CABLES_CSV, member=member, row=number, offset=offset)
    texts = _plain_row_texts(row)
    if texts is None:
        fields = split_row(row)
        if fields is None:
            return Rejected(source=source, reason=f"row {number} (line {line}): {_diagnose(row)}")
        texts = [_unescape(field) for field in fields]
    row_id, date, ref_id, origin, classification, references, header, content = texts
    archive = ArchiveMetadata(
        id=row_id or None,
        reference_id=ref_id.strip() or None,
        created=parse_slash_datetime(date),
        classification=classification.strip() or None,
        origin=origin.strip() or None,
        references=[ref for ref in (part.strip() for part in references.split("|")) if ref],
    )
    return RawCable(text=join_header_body(header, content), source=source, archive=archive)


def _plain_row_texts(row: bytes) -> list[str] | None:
    """The 8 unescaped, decoded fields of a row in the common shape, or None: take the general path.

    The common shape: the row ends ``"\\n`` (or ``"``), no field holds an escaped backslash, an unescaped
    quote or a final backslash. Then every backslash starts an escape (so unescaping drops them
    all), and ``split_row`` would split where this does: the same fields, found with fewer passes
    over the row — the 7 short fields are split off first and the long content is never searched
    for delimiters, only unescaped. None also for every row that is not 8 fields: ``split_row``
    and ``_diagnose`` then say why.
    """
    pieces = row.split(b'","', 7)
    # The row's first and last quotes must lie outside the delimiters found.
    if len(pieces) != 8 or not pieces[0].startswith(b'"'):
        return None
    content = pieces[7]
    if content.endswith(b'"\n'):
        pieces[7] = content[:-2]
    elif content.endswith(b'"'):  # the file's last row may have no final newline
        pieces[7] = content[:-1]
    else:
        return None
    pieces[0] = pieces[0][1:]
    for index, piece in enumerate(pieces):
        if b"\\" in piece:
            piece = _drop_escapes(piece)
            if piece is None:
                return None
            pieces[index] = piece
        elif b'"' in piece:
            return None  # an unescaped quote
    if row.isascii():
        # No BOM and nothing to fall back from: one plain decode per field.
        return [piece.decode() for piece in pieces]
    return [decode(piece) for piece in pieces]


def _drop_escapes(field: bytes) -> bytes | None:
    """``field`` unescaped when every backslash escapes a character that is not a backslash, else None.

    None also when a quote is not escaped (then the field is not one field). Two regex searches
    that start with a literal and ``bytes.replace`` beat one pass of Python over the escapes.
    """
    if field.endswith(b"\\") or _ESCAPED_BACKSLASH.search(field) or _UNESCAPED_QUOTE.search(field):
        return None
    return field.replace(b"\\", b"")


@dataclass(frozen=True, slots=True)
class PendingRow:
    """A row cut from the stream whose fields are not split yet; ``resolve`` finishes it.

    ``cableparse convert`` reads rows this way so that its worker processes, not the main one,
    split, unescape and decode each row and build its metadata: the main process only cuts rows,
    and only bytes cross between processes (pickling the finished records cost more than reading).
    """

    row: bytes
    """The row's bytes, final newline included."""
    number: int
    """The row's number in its file, from 1."""
    line: int
    """The line of the file on which the row starts."""
    offset: int
    """The byte offset of the row in its file."""
    path: str | None
    """The file, as the reader was given it."""
    member: str | None
    """The archive member the file is, if any."""

    def resolve(self) -> ReadResult:
        """The row's ``RawCable``, or a ``Rejected`` saying what is wrong with it."""
        return _row_result(self.row, self.number, self.line, self.offset, self.path, self.member)

    def __reduce__(self) -> tuple[type[PendingRow], tuple[bytes, int, int, int, str | None, str | None]]:
        """Pickle as a constructor call: the state methods dataclasses give slotted classes cost
        twice as much, and every row crosses to a worker process this way."""
        return PendingRow, (self.row, self.number, self.line, self.offset, self.path, self.member)


def read_cables_csv(
    source: SourceLike,
    *,
    path_label: str | None = None,
    member: str | None = None,
    max_row_bytes: int = MAX_ROW_BYTES,
    deferred: bool = False,
) -> Iterator[ReadResult | PendingRow]:
    """Stream the rows of a cables.csv file: one ``RawCable`` per row, a ``Rejected`` per broken row.

    With ``deferred`` each whole row comes as a ``PendingRow`` instead, to be resolved elsewhere
    (rows too long to hold, and a file with no row at all, are still ``Rejected`` at once).
    """
    with open_source(source, path_label) as (stream, label):
        yield from _read_rows(stream, label, member, max_row_bytes, PendingRow if deferred else _row_result)


def _read_rows(
    stream: BinaryIO, label: str | None, member: str | None, max_row_bytes: int,
    finish: type[PendingRow] | Callable[..., ReadResult],
) -> Iterator[ReadResult | PendingRow]:
    """The row loop of ``read_cables_csv``: cut the stream at row starts, block by block."""
    pending = bytearray()  # unread bytes, beginning with the current row (once a row has started)
    started = False
    number = 0  # the current row's number
    row_line = 1  # line and byte offset of the current row's first byte
    row_offset = 0
    dropped_bytes = dropped_lines = 0  # of the current row, when it grew too long to hold
    searched = 0  # ``pending[:searched]`` holds no row start
    eof = False
    while not eof:
        block = stream.read(_BLOCK_BYTES)
        eof = not block
        pending += block
        if not started:
            first = ROW_START.search(pending)
            if first is None:
                # Stray bytes before the first row: drop them, keeping a possibly cut row start.
                keep = max(len(pending) - _BOUNDARY_SLACK, 0)
                row_line += pending.count(b"\n", 0, keep)
                row_offset += keep
                del pending[:keep]
                continue
            row_line += pending.count(b"\n", 0, first.start())
            row_offset += first.start()
            del pending[: first.start()]
            started, number, searched = True, 1, 0
        position = 0  # rows before it have been yielded; trim once per block, not once per row
        while True:
            boundary = _NEXT_ROW.search(pending, max(searched, position))
            if boundary is None:
                break
            cut = boundary.start() + 1  # the row keeps its final newline
            row = bytes(pending[position:cut])
            if dropped_bytes or len(row) > max_row_bytes:
                yield _too_long(number, row_line, row_offset, label, member, max_row_bytes)
            else:
                yield finish(row, number, row_line, row_offset, label, member)
            row_line += dropped_lines + row.count(b"\n")
            row_offset += dropped_bytes + len(row)
            dropped_bytes = dropped_lines = 0
            position = cut
            number += 1
        del pending[:position]
        searched = max(len(pending) - _BOUNDARY_SLACK, 0)
        if len(pending) > max_row_bytes:
            # Too long to hold: forget all but the tail, where the next row start may begin.
            drop = len(pending) - _BOUNDARY_SLACK
            dropped_lines += pending.count(b"\n", 0, drop)
            dropped_bytes += drop
            del pending[:drop]
            searched = 0
    if not started:
        yield Rejected(source=make_source(label, ContainerKind.CABLES_CSV, member=member), reason="no cables.csv row found")
    elif dropped_bytes or len(pending) > max_row_bytes:
        yield _too_long(number, row_line, row_offset, label, member, max_row_bytes)
    elif pending.strip(_TRAILING_WS):
        yield finish(bytes(pending), number, row_line, row_offset, label, member)


def _too_long(number: int, line: int, offset: int, label: str | None, member: str | None, max_row_bytes: int) -> Rejected:
    """The rejection of a row too long to hold."""
    source = make_source(label, ContainerKind.CABLES_CSV, member=member, row=number, offset=offset)
    return Rejected(source=source, reason=f"row {number} (line {line}): longer than {max_row_bytes} bytes")
