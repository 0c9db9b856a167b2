"""What every container reader yields, and the small helpers they share.

A reader turns one file (or stream) into ``RawCable`` values — the telegram text with what the
container recorded next to it — and ``Rejected`` values for pieces it could not read. Readers
never raise on odd content; only I/O errors escape, and ``detect.read_raw`` turns those into
``Rejected`` too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Union

from cableparse.model import ArchiveMetadata, ContainerKind, Source

__all__ = [
    "RawCable",
    "Rejected",
    "ReadResult",
    "SourceLike",
    "MAX_DOCUMENT_BYTES",
    "open_source",
    "read_document",
    "join_header_body",
    "reference_id_from_name",
    "make_source",
    "parse_slash_datetime",
    "parse_iso_datetime",
    "parse_plusd_datetime",
]

#: Largest single-cable file (page, text, Markdown) a reader loads; bigger ones are rejected.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RawCable:
    """One cable's text as a container held it, before parsing."""

    text: str
    """The telegram text: header lines, a blank line, body; markup removed, entities decoded."""
    source: Source
    """Where it was read from (path, container kind, row, byte offset, archive member)."""
    archive: ArchiveMetadata | None = None
    """What the container recorded next to the text; None when it recorded nothing."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A piece of a container that could not be read as a cable."""

    source: Source
    """Where the piece was."""
    reason: str
    """One line: what is wrong, e.g. ``row 12 (line 340): unterminated quoted field``."""


ReadResult = Union[RawCable, Rejected]
SourceLike = Union[str, "os.PathLike[str]", BinaryIO]


@contextlib.contextmanager
def open_source(source: SourceLike, path_label: str | None) -> Iterator[tuple[BinaryIO, str | None]]:
    """Open a path (or pass a binary stream through) and give the label to record as ``Source.path``."""
    if isinstance(source, (str, os.PathLike)):
        label = path_label if path_label is not None else os.fspath(source)
        with open(source, "rb") as handle:
            yield handle, label
    else:
        yield source, path_label


def read_document(stream: BinaryIO, limit: int = MAX_DOCUMENT_BYTES) -> bytes | None:
    """All bytes of a one-cable file, or None when it is larger than ``limit``."""
    chunks = []
    size = 0
    while size <= limit:
        # Read in pieces: one read(limit) would allocate the whole limit up front.
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    return None


def make_source(
    path: str | None,
    container: ContainerKind,
    *,
    member: str | None = None,
    row: int | None = None,
    offset: int | None = None,
) -> Source:
    """A ``Source`` record (a thin wrapper so readers build it the same way)."""
    return Source(path=path, container=container, row=row, offset=offset, member=member)


# Collections of one file per cable name each file after its cable: "02ANKARA8305.txt",
# "1974ATHENS02959_b.html". That name is metadata the collection recorded.
_ID_FILE_NAME = re.compile(r"(?:\d{2}|\d{4})[A-Z][A-Z0-9]{1,40}\d(?:_[a-d])?")


def reference_id_from_name(name: str | None) -> str | None:
    """The reference id a file is named after (``…/02ANKARA8305.txt`` → ``02ANKARA8305``), or None."""
    if not name:
        return None
    stem = os.path.basename(name).split(".", 1)[0]
    return stem if _ID_FILE_NAME.fullmatch(stem) else None


def join_header_body(header: str, body: str) -> str:
    """``header``, one blank line, ``body``; either part may be empty (then the other alone)."""
    header = header.rstrip()
    body = body.lstrip("\r\n")
    if not header:  # stripped on the right, it is blank only when empty
        return body
    if not body or body.isspace():  # as ``not body.strip()``, without copying a long body
        return header + "\n"
    return header + "\n\n" + body


# --- container date formats -------------------------------------------------------------------

_SLASH_DT = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_ISO_DT = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_PLUSD_DT = re.compile(r"\s*(\d{4})\s+([A-Za-z]{3,9})\.?\s+(\d{1,2}),?(?:\s+(\d{1,2}):(\d{2}))?")
_DAY_MONTH_YEAR = re.compile(r"\s*(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def _utc(year: int, month: int, day: int, hour: str | None, minute: str | None, second: str | None) -> dt.datetime | None:
    """An aware UTC datetime, or None for an impossible date."""
    try:
        return dt.datetime(
            year, month, day, int(hour or 0), int(minute or 0), int(second or 0), tzinfo=dt.timezone.utc
        )
    except ValueError:
        return None


def parse_slash_datetime(value: str | None) -> dt.datetime | None:
    """cables.csv dates, ``M/D/YYYY H:MM`` (``12/28/1966 18:48``), as UTC; None when not that form."""
    match = _SLASH_DT.match(value or "")
    if match is None:
        return None
    month, day, year, hour, minute, second = match.groups()
    return _utc(int(year), int(month), int(day), hour, minute, second)


def parse_iso_datetime(value: str | None) -> dt.datetime | None:
    """Page and JSON dates, ``YYYY-MM-DD HH:MM[:SS]`` or with ``T``, as UTC; None when not that form."""
    match = _ISO_DT.match(value or "")
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    return _utc(int(year), int(month), int(day), hour, minute, second)


def parse_plusd_datetime(value: str | None) -> dt.datetime | None:
    """PlusD dates: ``1974 May 17, 16:00 (Friday)`` or ``Sat, 19 Dec 1987``, as UTC; else None."""
    text = value or ""
    match = _PLUSD_DT.match(text)
    if match is not None:
        year, month_name, day, hour, minute = match.groups()
    else:
        match = _DAY_MONTH_YEAR.match(text)
        if match is None:
            return None
        day, month_name, year = match.groups()
        hour = minute = None
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    return _utc(int(year), month, int(day), hour, minute, None)
