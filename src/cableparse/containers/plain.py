"""Reader for telegram text files: the cable as plain text (CRLF or LF, UTF-8, cp1252 or Latin-1)."""

from __future__ import annotations

from collections.abc import Iterator

from cableparse.containers.base import (
    MAX_DOCUMENT_BYTES,
    RawCable,
    ReadResult,
    Rejected,
    SourceLike,
    make_source,
    open_source,
    read_document,
    reference_id_from_name,
)
from cableparse.containers.encoding import decode
from cableparse.model import ArchiveMetadata, ContainerKind

__all__ = ["read_plain", "read_text_document"]


def read_text_document(
    source: SourceLike, container: ContainerKind, *, path_label: str | None, member: str | None
) -> Iterator[ReadResult]:
    """One ``RawCable`` holding the whole decoded file, or a ``Rejected`` for an empty/huge one."""
    with open_source(source, path_label) as (stream, label):
        where = make_source(label, container, member=member)
        data = read_document(stream)
        if data is None:
            yield Rejected(source=where, reason=f"file larger than {MAX_DOCUMENT_BYTES} bytes")
            return
        text = decode(data)
        if not text.strip():
            yield Rejected(source=where, reason="empty file")
            return
        named = reference_id_from_name(member or label)
        yield RawCable(text=text, source=where, archive=ArchiveMetadata(reference_id=named) if named else None)


def read_plain(source: SourceLike, *, path_label: str | None = None, member: str | None = None) -> Iterator[ReadResult]:
    """Read one telegram text file as it is (line ends are left to the parser)."""
    return read_text_document(source, ContainerKind.TEXT, path_label=path_label, member=member)
