"""Reader for WikiLeaks cablegate pages (cablegate.wikileaks.org and its mirrors, every build seen).

A page holds one cable: the ``<h3>Viewing cable <id>, <subject></h3>`` heading, a metadata table
(reference id, created, released, classification, origin; sometimes an "Appears in these
articles" row), then the header and the body, each in a ``<code><pre>`` block with ``&#x000A;``
newlines, ``/tag/`` links and ``¶`` paragraph anchors.

The page is searched with a few anchored patterns rather than a full HTML parse: the navigation
before the cable is large and of no interest, and the layout is generated, so it is regular.
Unclosed ``<pre>`` blocks (seen in one build) run to the next ``</div>`` or the end of the page.
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
    join_header_body,
    make_source,
    open_source,
    parse_iso_datetime,
    read_document,
)
from cableparse.containers.encoding import decode
from cableparse.containers.markup import cell_text, decode_entities, pre_text, strip_tags, tag_links
from cableparse.model import ArchiveMetadata, ContainerKind, Source

__all__ = ["read_wikileaks_html", "parse_wikileaks_page", "pre_blocks"]

_HEADING = re.compile(r"<h3>\s*Viewing cable\s++([^,<]{0,60}?)\s*+,(.{0,2000}?)</h3>", re.IGNORECASE | re.DOTALL)
_TABLE_START = re.compile(r"""<table\s+class=["']cable["'][^>]{0,200}>""", re.IGNORECASE)
_TABLE_END = re.compile(r"</table\s*>", re.IGNORECASE)
_CELL = re.compile(r"<td(?:\s[^>]{0,200})?>((?:[^<]|<(?!td[\s>]))*?)</td\s*>", re.IGNORECASE | re.DOTALL)
_PRE_START = re.compile(r"<pre(?:\s[^>]{0,200})?>", re.IGNORECASE)
_PRE_END = re.compile(r"</pre\s*>|</div\s*>", re.IGNORECASE)


def pre_blocks(page: str, start: int = 0) -> list[str]:
    """The raw contents of the ``<pre>`` blocks of ``page`` from ``start`` on (unclosed ones too)."""
    blocks = []
    position = start
    while True:
        opening = _PRE_START.search(page, position)
        if opening is None:
            return blocks
        closing = _PRE_END.search(page, opening.end())
        end = closing.start() if closing else len(page)
        blocks.append(page[opening.end() : end])
        position = closing.end() if closing else len(page)


def _metadata_cells(page: str, start: int) -> tuple[list[str], int]:
    """Texts of the metadata table's cells and the offset just past the table (``start`` if none)."""
    table = _TABLE_START.search(page, start)
    if table is None:
        return [], start
    end = _TABLE_END.search(page, table.end())
    stop = end.start() if end else len(page)
    cells = [cell_text(match.group(1)) for match in _CELL.finditer(page, table.end(), stop)]
    return cells, (end.end() if end else stop)


def parse_wikileaks_page(page: str, source: Source) -> ReadResult:
    """The cable of one cablegate page (already decoded), or why there is none."""
    heading = _HEADING.search(page)
    start = heading.end() if heading else 0
    cells, after_table = _metadata_cells(page, start)
    blocks = pre_blocks(page, after_table)
    if not blocks:
        return Rejected(source=source, reason="no <pre> block with the cable text on the page")
    header, body = (blocks[0], "\n\n".join(blocks[1:])) if len(blocks) > 1 else ("", blocks[0])
    text = join_header_body(pre_text(header), pre_text(body))
    if not text.strip():
        return Rejected(source=source, reason="the page's <pre> blocks are empty")
    tags = tag_links(header + body)
    ref_id = (cells[0] if cells else "") or (cell_text(heading.group(1)) if heading else "")
    subject = decode_entities(strip_tags(heading.group(2))).strip() if heading else ""  # spaces as written
    archive = ArchiveMetadata(
        reference_id=ref_id or None,
        created=parse_iso_datetime(cells[1]) if len(cells) > 1 else None,
        released=parse_iso_datetime(cells[2]) if len(cells) > 2 else None,
        classification=(cells[3] or None) if len(cells) > 3 else None,
        origin=(cells[4] or None) if len(cells) > 4 else None,
        subject=subject or None,
        tags=tags,
    )
    return RawCable(text=text, source=source, archive=archive)


def read_wikileaks_html(
    source: SourceLike, *, path_label: str | None = None, member: str | None = None
) -> Iterator[ReadResult]:
    """Read one cablegate page: one ``RawCable``, or one ``Rejected`` when it holds no cable text."""
    with open_source(source, path_label) as (stream, label):
        where = make_source(label, ContainerKind.CABLEGATE_HTML, member=member)
        data = read_document(stream)
        if data is None:
            yield Rejected(source=where, reason=f"page larger than {MAX_DOCUMENT_BYTES} bytes")
            return
        yield parse_wikileaks_page(decode(data), where)
