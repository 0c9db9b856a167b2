"""Reader for the body ``<code><pre>`` block cut out of a cablegate page (``tathagata/reveal``).

The block keeps the page's markup (tag links, ``¶`` anchors, entities) and may be preceded by
other page matter ("Appears in these articles" links): only the first ``<pre>`` block is read.
Some files open the block with ``Cable dated:2002-11-15T12:40:00`` glued to the classification
line; that stamp is the archive's, not the cable's, so it goes to ``ArchiveMetadata.created``
and out of the text. The weekday date line of media-partner copies (``Friday, 23 February 2001,
15:53``) is part of the cable as the page shows it and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cableparse.containers.base import (
    MAX_DOCUMENT_BYTES,
    RawCable,
    ReadResult,
    Rejected,
    SourceLike,
    make_source,
    open_source,
    parse_iso_datetime,
    read_document,
    reference_id_from_name,
)
from cableparse.containers.encoding import decode
from cableparse.containers.markup import pre_text, tag_links
from cableparse.containers.wikileaks_html import pre_blocks
from cableparse.model import ArchiveMetadata, ContainerKind, Source

__all__ = ["read_bare_pre", "parse_bare_pre"]

_CABLE_DATED = re.compile(r"\s*Cable dated:\s{0,4}(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)[ \t]*\r?\n?")


def parse_bare_pre(document: str, source: Source) -> ReadResult:
    """The cable of one bare ``<pre>`` file (already decoded), or why there is none."""
    blocks = pre_blocks(document)
    fragment = blocks[0] if blocks else document
    created = None
    stamp = _CABLE_DATED.match(fragment)
    if stamp is not None:
        created = parse_iso_datetime(stamp.group(1))
        fragment = fragment[stamp.end() :]
    text = pre_text(fragment).lstrip("\r\n")
    if not text.strip():
        return Rejected(source=source, reason="no cable text in the <pre> block")
    tags = tag_links(fragment)
    named = reference_id_from_name(source.member or source.path)
    archive = ArchiveMetadata(reference_id=named, created=created, tags=tags) if created or tags or named else None
    return RawCable(text=text, source=source, archive=archive)


def read_bare_pre(
    source: SourceLike, *, path_label: str | None = None, member: str | None = None
) -> Iterator[ReadResult]:
    """Read one bare ``<code><pre>`` file: one ``RawCable`` or one ``Rejected``."""
    with open_source(source, path_label) as (stream, label):
        where = make_source(label, ContainerKind.BARE_PRE, member=member)
        data = read_document(stream)
        if data is None:
            yield Rejected(source=where, reason=f"file larger than {MAX_DOCUMENT_BYTES} bytes")
            return
        yield parse_bare_pre(decode(data), where)
