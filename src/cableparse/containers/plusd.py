"""Reader for PlusD pages (wikileaks.org/plusd) of 1970s cables.

A page has a synopsis table (``div.s_key`` name, ``div.s_val`` value; the HTML is malformed in
places, e.g. ``title="Handling Restrictions", "``), then panes: "Content" (header hidden in
``div.text-header``, body in ``div#tagged-text``), "Raw content" (the plain text) and
"Metadata" (a YAML-like ``Key: value`` block with 2-space continuation lines).

Everything is found with tolerant patterns and a line parser, never a strict HTML or YAML parse.
The text is the "Raw content" pane, else the header and tagged text of the "Content" pane.
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
    parse_plusd_datetime,
    read_document,
)
from cableparse.containers.encoding import decode
from cableparse.containers.markup import cell_text, decode_entities, strip_tags
from cableparse.model import ArchiveMetadata, ContainerKind, Source

__all__ = ["read_plusd", "parse_plusd_page", "synopsis_fields", "metadata_block"]

_SYNOPSIS = re.compile(r"""<table\s+id=["']synopsis["'][^>]{0,200}>((?:[^<]|<(?!table\s+id=["']synopsis))*?)</table\s*>""", re.IGNORECASE | re.DOTALL)
_TITLE_CELL = re.compile(r"<td\s+colspan=[\"']?2[\"']?[^>]{0,300}>((?:[^<]|<(?!td[\s>]))*?)</td\s*>", re.IGNORECASE | re.DOTALL)
_KEY_VALUE = re.compile(
    r"""class=["']s_key["'][^>]{0,100}>((?:[^<]|<(?!div\s+class=["']s_key)){0,2000}?)</div\s*>\s*<div\s+class=["']s_val["'][^>]{0,5000}?>"""
    r"""((?:[^<]|<(?!div\s+class=["']s_key))*?)</div\s*>""",
    re.IGNORECASE | re.DOTALL,
)
_QUERY_TAG = re.compile(r"""qftags=([^#"'&<>]{1,100})""")
_PANE = re.compile(
    r"""<div\s+class=["']pane-header[^"']{0,40}["']>\s*+([^<]{1,60}?)\s*+</div>\s*<div\s+class=["']pane-content[^"']{0,40}["']>""",
    re.IGNORECASE,
)
_TEXT_HEADER = re.compile(r"""<div\s+class=["']text-header[^"']{0,40}["']>((?:[^<]|<(?!div\s+class=["']text-header))*?)</div\s*>""", re.IGNORECASE | re.DOTALL)
_TAGGED_TEXT = re.compile(r"""<div\s+id=["']tagged-text["']>((?:[^<]|<(?!div\s+id=["']tagged-text))*?)</div\s*>""", re.IGNORECASE | re.DOTALL)
_TEXT_CONTENT = re.compile(r"""<div\s+class=["']text-content["']>((?:[^<]|<(?!div\s+class=["']text-content))*?)</div\s*>""", re.IGNORECASE | re.DOTALL)
_META_LINE = re.compile(r"([A-Z][A-Za-z ]{0,40}[A-Za-z]):(?:[ \t]+(.*))?$")
_NOT_A_VALUE = {"", "n/a", "-- n/a or blank --", "n/a or blank"}


def _value(text: str | None) -> str | None:
    """A field value, None for PlusD's ways of writing "nothing" (``n/a``, ``-- N/A or Blank --``)."""
    if text is None:
        return None
    text = text.strip()
    return None if text.lower() in _NOT_A_VALUE else text


def synopsis_fields(page: str) -> dict[str, str]:
    """The synopsis table as ``{field name: value text}``, plus ``"_title"`` for the heading row."""
    table = _SYNOPSIS.search(page)
    if table is None:
        return {}
    fields: dict[str, str] = {}
    title = _TITLE_CELL.search(table.group(1))
    if title:
        fields["_title"] = cell_text(title.group(1))
    for match in _KEY_VALUE.finditer(table.group(1)):
        key = cell_text(match.group(1)).rstrip(":").strip()
        raw_value = match.group(2)
        if key == "TAGS":
            tags = [decode_entities(tag).replace("+", " ").replace("%2C", ",") for tag in _QUERY_TAG.findall(raw_value)]
            fields["_tags"] = "|".join(tags)
        if key:
            fields.setdefault(key, cell_text(raw_value))
    return fields


def metadata_block(text: str) -> dict[str, str]:
    """The "Metadata" pane's ``Key: value`` lines; continuation lines (indented) are joined."""
    fields: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        if line.strip() == "---":
            continue
        match = None if line[:1] in (" ", "\t") else _META_LINE.match(line)
        if match is not None:
            current = match.group(1)
            fields[current] = (match.group(2) or "").strip()
        elif current is not None and line.strip():
            fields[current] = (fields[current] + " " + line.strip()).strip()
    return fields


def _panes(page: str) -> dict[str, int]:
    """Offset where each pane's content starts, by pane name (``Content``, ``Raw content``, …)."""
    return {match.group(1).strip().lower(): match.end() for match in _PANE.finditer(page)}


def _split_tags(value: str) -> list[str]:
    """``PINS, GR, (KALOUDIS, NICK)`` → ``["PINS", "GR", "(KALOUDIS, NICK)"]`` (commas in parentheses kept)."""
    tags, depth, current = [], 0, []
    for char in value:
        if char == "," and depth == 0:
            tags.append("".join(current).strip())
            current = []
            continue
        depth += (char == "(") - (char == ")")
        current.append(char)
    tags.append("".join(current).strip())
    return [tag for tag in tags if tag]


def _cable_text(page: str, panes: dict[str, int]) -> str:
    """The plain text of the cable: the "Raw content" pane, else the "Content" pane's two parts."""
    if "raw content" in panes:
        raw = _TEXT_CONTENT.search(page, panes["raw content"])
        if raw is not None:
            return decode_entities(strip_tags(raw.group(1))).strip("\r\n") + "\n"
    header = _TEXT_HEADER.search(page)
    body = _TAGGED_TEXT.search(page)
    header_text = decode_entities(strip_tags(header.group(1))) if header else ""
    body_text = decode_entities(strip_tags(body.group(1))) if body else ""
    return join_header_body(header_text.strip("\r\n"), body_text)


def parse_plusd_page(page: str, source: Source) -> ReadResult:
    """The cable of one PlusD page (already decoded), or why there is none."""
    panes = _panes(page)
    text = _cable_text(page, panes)
    if not text.strip():
        return Rejected(source=source, reason="no cable text on the PlusD page")
    synopsis = synopsis_fields(page)
    meta: dict[str, str] = {}
    if "metadata" in panes:
        block = _TEXT_CONTENT.search(page, panes["metadata"])
        if block is not None:
            meta = metadata_block(decode_entities(strip_tags(block.group(1))))
    tags_value = _value(meta.get("TAGS"))
    tags = _split_tags(tags_value) if tags_value else [t for t in synopsis.get("_tags", "").split("|") if t]
    reference = _value(meta.get("Reference"))
    archive = ArchiveMetadata(
        id=_value(meta.get("Document Number")),
        reference_id=_value(synopsis.get("Canonical ID")),
        created=parse_plusd_datetime(synopsis.get("Date")),
        classification=_value(synopsis.get("Original Classification")) or _value(meta.get("Original Classification")),
        origin=_value(synopsis.get("From")) or _value(meta.get("From")),
        subject=_value(synopsis.get("_title")) or _value(meta.get("Subject")),
        references=[ref.strip() for ref in reference.split(",") if ref.strip()] if reference else [],
        tags=tags,
    )
    return RawCable(text=text, source=source, archive=archive)


def read_plusd(source: SourceLike, *, path_label: str | None = None, member: str | None = None) -> Iterator[ReadResult]:
    """Read one PlusD page: one ``RawCable`` or one ``Rejected``."""
    with open_source(source, path_label) as (stream, label):
        where = make_source(label, ContainerKind.PLUSD, member=member)
        data = read_document(stream)
        if data is None:
            yield Rejected(source=where, reason=f"page larger than {MAX_DOCUMENT_BYTES} bytes")
            return
        yield parse_plusd_page(decode(data), where)
