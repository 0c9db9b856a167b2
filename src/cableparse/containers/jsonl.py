"""Reader for JSON-lines exports of the first release (``wikileaks-11-28-10.json``).

One object per line with the keys ``_id, origin, date_time, classification, body, header,
reference_id``. These exports collapsed the newlines of the text (``¶`` is the only paragraph
separator left); the text is passed on as it is and the parser warns about it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from cableparse.containers.base import (
    RawCable,
    ReadResult,
    Rejected,
    SourceLike,
    join_header_body,
    make_source,
    open_source,
    parse_iso_datetime,
)
from cableparse.containers.encoding import decode
from cableparse.model import ArchiveMetadata, ContainerKind, Source

__all__ = ["read_jsonl", "record_to_cable", "MAX_LINE_BYTES"]

#: A line longer than this is rejected (and skipped) rather than held in memory.
MAX_LINE_BYTES = 64 * 1024 * 1024


def _text(value: Any) -> str:
    """A JSON value as text: strings as they are, None as empty, anything else via ``str``."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _references(value: Any) -> list[str]:
    """Referenced ids from a list or a ``|``/``,``-separated string."""
    if isinstance(value, list):
        items = [_text(item) for item in value]
    else:
        items = _text(value).replace(",", "|").split("|")
    return [item.strip() for item in items if item.strip()]


# The header field lost its line ends without a space in their place ("… ZZHP 160734Z SEP 09FM AMEMBASSY
# PARISTO RUEHC/SECSTATE …"); its format lines open with keywords that can be told apart again.
_HEADER_LINE_START = re.compile(
    r"(?<=[A-Z0-9])(?=(?:OO|PP|RR|ZZ) R[A-Z]{3,6}\b|DE R[A-Z]{3,6} #|ZN[RY] [A-Z]{5}|[ZOPR](?: [ZOPR])? \d{6}Z [A-Z]{3} \d\d"
    r"|FM (?:AM|SEC|US)|TO (?:R[A-Z]{3,7}/|SECSTATE|AMEMBASSY|AMCONSUL)|INFO (?:R[A-Z]{3,7}/|[A-Z]{4}))"
    r"|(?<=\d\d)(?=FM )"
    r"|(?:(?<=PRIORITY)|(?<=IMMEDIATE)|(?<=ROUTINE)|(?<=COLLECTIVE)|(?<=\d))(?=R[A-Z]{3,7}/)"
    r"|(?<=[A-Z0-9])(?=(?:AMEMBASSY|AMCONSUL|USMISSION|SECSTATE|SECDEF|USDEL) )"
    r"|(?<=[0-9]{4})(?=[A-Z]{2})"
)


def restore_header_lines(header: str) -> str:
    """A header whose line ends were removed (all or some), with its format lines back on lines of their
    own. Only places where two lines were glued without a space are split."""
    if len(header) < 40:
        return header
    return _HEADER_LINE_START.sub("\n", header)


def record_to_cable(record: Any, source: Source) -> ReadResult:
    """The cable of one decoded JSON record, or why there is none."""
    if not isinstance(record, dict):
        return Rejected(source=source, reason=f"row {source.row}: not a JSON object")
    header = restore_header_lines(_text(record.get("header")))
    body = _text(record.get("body") or record.get("content"))
    if not (header.strip() or body.strip()):
        return Rejected(source=source, reason=f"row {source.row}: no header or body")
    ref_id = _text(record.get("reference_id") or record.get("refid")).strip()
    archive = ArchiveMetadata(
        id=_text(record.get("_id") or record.get("id")).strip() or None,
        reference_id=ref_id or None,
        created=parse_iso_datetime(_text(record.get("date_time") or record.get("date"))),
        classification=_text(record.get("classification")).strip() or None,
        origin=_text(record.get("origin")).strip() or None,
        subject=_text(record.get("subject")).strip() or None,
        references=_references(record.get("references")),
    )
    return RawCable(text=join_header_body(header, body), source=source, archive=archive)


def read_jsonl(source: SourceLike, *, path_label: str | None = None, member: str | None = None) -> Iterator[ReadResult]:
    """Stream a JSON-lines file: one ``RawCable`` per object line, a ``Rejected`` per bad line."""
    with open_source(source, path_label) as (stream, label):
        yield from _read_lines(stream, label, member)


def _read_lines(stream: BinaryIO, label: str | None, member: str | None) -> Iterator[ReadResult]:
    """The line loop of ``read_jsonl`` over an open binary stream."""
    offset = 0
    row = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        line_offset = offset
        offset += len(line)
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            row += 1
            while line and not line.endswith(b"\n"):  # skip the rest of the overlong line
                line = stream.readline(MAX_LINE_BYTES)
                offset += len(line)
            where = make_source(label, ContainerKind.JSON_LINES, member=member, row=row, offset=line_offset)
            yield Rejected(source=where, reason=f"row {row}: line longer than {MAX_LINE_BYTES} bytes")
            continue
        if not line.strip():
            continue
        row += 1
        where = make_source(label, ContainerKind.JSON_LINES, member=member, row=row, offset=line_offset)
        try:
            record = json.loads(decode(line))
        except json.JSONDecodeError as error:
            yield Rejected(source=where, reason=f"row {row}: invalid JSON ({error.msg} at column {error.colno})")
            continue
        yield record_to_cable(record, where)
