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


# The header field lost its line ends, mostly without a space in their place ("… ZZHP 160734Z SEP 09FM
# AMEMBASSY PARISTO RUEHC/SECSTATE …"), in some records with one ("TO AMEMBASSY TEL AVIV AMCONSUL
# JERUSALEM INFO AMEMBASSY AMMAN"). Format lines open with keywords, routing indicators or addresses,
# and close with a precedence, a message number or a place, which can be told apart again.
_PRECEDENCE_BEFORE = r"(?:(?<=PRIORITY)|(?<=PIORITY)|(?<=IMMEDIATE)|(?<=ROUTINE))"
# What opens a format line: the routing line, DE, ZNR/ZNY, the DTG, FM, TO.
_DTG_LINE = r"[ZOPR](?: [ZOPR])? \d{6}Z [A-Z]{3} \d\d"
_KEYWORD_LINE = (
    r"(?:OO|PP|RR|ZZ) R[A-Z]{3,6}\b|DE R[A-Z]{3,6} #|ZN[RY] [A-Z]{5}"
    r"|FM (?:AM|SEC|US)|TO (?:R[A-Z]{3,7}/|SECSTATE|AMEMBASSY|AMCONSUL)"
)
_FORMAT_LINE = _KEYWORD_LINE + "|" + _DTG_LINE
_HEADER_LINE_START = re.compile(
    r"(?<=[A-Z0-9])(?=" + _FORMAT_LINE + r"|INFO (?:R[A-Z]{3,7}/|[A-Z]{4}))"
    r"|(?<=\d\d)(?=FM )"
    r"|(?<=[A-Z0-9])(?=(?:AMEMBASSY|AMCONSUL|USMISSION|SECSTATE|SECDEF|USDEL) )"
    # a message number glued to what follows ("2084RUCNIRA/", "0872INFO")
    r"|(?<=[0-9]{4})(?=[A-Z]{2})|(?<= [0-9]{3})(?=[A-Z]{2})"
    # words that end an address line: "WASHDCDIA WASHDC", "COLLECTIVEIRAN", "IMMEDIATEGULF", "AFB FLNSC"
    r"|(?:(?<=WASHDC)|(?<=WASHINGTON DC)|(?<= AFB [A-Z]{2})|(?<=COLLECTIVE)|" + _PRECEDENCE_BEFORE + r")"
    r"(?=[A-Z])(?!LY\b)"
    r"|(?<=not available\.)(?=\d)"
    # lines glued with a space: a format line (a DTG not after the first precedence letter of "O P 180030Z"),
    # an address after a precedence, an embassy after a place, the office block's wrapped lines
    r"|(?<=[A-Z0-9]) {1,8}(?=" + _KEYWORD_LINE + r"|INFO [A-Z])"
    r"|(?<=[A-Z0-9])(?<![ZOPR]) {1,8}(?=" + _DTG_LINE + ")"
    r"|" + _PRECEDENCE_BEFORE + r" (?=[A-Z])"
    r"|(?<=[A-Z0-9])(?<!TO)(?<!FM)(?<!INFO)(?<!XMT) (?=(?:AMEMBASSY|AMCONSUL|USMISSION) )"
    r"|(?<=-\d\d) {6,20}(?=[A-Z])"
)
# A routing indicator glued to the place before it ("WASHINGTON DCRHEFDIA/DIA", "DSCA//RHMFISS/HQ") or
# after a space on the same line as another addressee; matched whole, so that no split falls inside it.
_GLUED_ADDRESSEE = re.compile(r"(?:(?<=[A-Z0-9])|(?<=//)|(?<=[A-Z0-9] )(?<!TO )(?<!INFO )(?<!XMT ))R[UH][A-Z]{2,5}/(?=[A-Z0-9])")
# Two routing indicators of the routing line glued together: "RUEHNPRUEHROV".
_GLUED_ROUTING_INDICATORS = re.compile(r"\b(R[UH][A-Z]{3,5})(?=R[UH][A-Z]{3,5}\b)")
# The FM line glued to a TO line that the rules above do not know: "FM AMEMBASSY ABU DHABITO NSC WASHDC".
_FM_THEN_TO = re.compile(r"^(FM [A-Z][^\n]{1,60}?[A-Z])(?=TO [A-Z])", re.MULTILINE)


def restore_header_lines(header: str) -> str:
    """A header whose line ends were removed (all or some), with its format lines back on lines of their
    own. Only places where two lines were glued (with or without a space) in a way no single header
    line shows are split."""
    if len(header) < 40:
        return header
    header = _HEADER_LINE_START.sub("\n", header)
    if "/" in header:
        header = _GLUED_ADDRESSEE.sub(_on_new_line, header)
    if "RU" in header or "RH" in header:
        header = _GLUED_ROUTING_INDICATORS.sub(r"\1\n", header)
    if "TO " in header:
        header = _FM_THEN_TO.sub(r"\1\n", header)
    return header.replace(" \n", "\n")


def _on_new_line(found: re.Match[str]) -> str:
    return "\n" + found.group()


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
