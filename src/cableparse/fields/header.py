"""Values of the transport header's format lines (ACP-127 FL1-FL9), one small function per line kind."""

from __future__ import annotations

import re
from typing import NamedTuple

from cableparse.model import Addressee, HeaderFamily, OfficeDistribution, Precedence, SecurityLine

PRECEDENCE_BY_LETTER = {
    "Z": Precedence.FLASH,
    "O": Precedence.IMMEDIATE,
    "P": Precedence.PRIORITY,
    "R": Precedence.ROUTINE,
}

_PRECEDENCE_WORDS = {p.value: p for p in Precedence}

_DE_LINE = re.compile(
    r"DE +(?P<station>[A-Z0-9]{3,9}) *#(?P<serial>\d{1,6})(?:/(?P<section>\d{1,3}))? *(?P<time>\d{7})?"
)
_ROUTING_INDICATOR = re.compile(r"[RZ][A-Z0-9]{3,9}")
_SECURITY = re.compile(r"(?P<kind>ZN[RY])(?: +(?P<letters>([A-Z])\3{3,4}))?(?P<rest>.*)")
_ADDRESSEE = re.compile(
    r"(?:(?P<ri>[A-Z0-9]{2,9})/)?(?P<name>.{1,160}?)"
    r"(?: +(?P<niact>NIACT))?(?: +(?P<precedence>FLASH|IMMEDIATE|PRIORITY|ROUTINE))?"
    r"(?: +(?P<mcn>\d{3,6}(?: ?- ?\d{1,6})?))?"
)
# Words that open a new plain-language address in a header without routing indicators.
_ADDRESS_OPENERS = re.compile(
    r"(?:AMEMBASSY|AMCONSUL|AMEMB|AMCONGEN|USMISSION|USDEL|USLO|USINT|USNATO|USUN|USEU|USOSCE|SECSTATE|SECDEF|"
    r"CIA|NSC|DIA|FBI|JOINT STAFF|CDR|HQ|DEPT|DEPARTMENT|AIT|WHITE HOUSE|CJCS|COMSIXTHFLT|USCINC|CINC|"
    r"[A-Z ]{1,40} COLLECTIVE)\b"
)
_PAGE_LINE = re.compile(r"PAGE +\d")
_OFFICE = re.compile(r"[A-Z0-9]{1,8}-\d{2}")
_OFFICE_TOTAL = re.compile(r"/ ?(\d{1,4}) ?[A-Z]?\s*$")


class DeLine(NamedTuple):
    """The values of format line 3, ``DE RUEHBJ #1668/01 0720900``."""

    station: str
    serial: int
    section: int | None
    filing_time: str | None


def parse_de_line(line: str) -> DeLine | None:
    """``DE RUEHCN #0165/01 2370807`` → station RUEHCN, serial 165, section 1, filing time ``2370807``."""
    match = _DE_LINE.match(line.strip())
    if not match:
        return None
    section = match.group("section")
    return DeLine(
        match.group("station"),
        int(match.group("serial")),
        int(section) if section else None,
        match.group("time"),
    )


def parse_routing(text: str) -> tuple[str, list[str]]:
    """Format line 2 and its wrapped lines → (prosign, routing indicators): ``OO RUEHCN RUEHGH``."""
    words = text.split()
    return words[0], [word for word in words[1:] if _ROUTING_INDICATOR.fullmatch(word)]


def parse_security(line: str) -> SecurityLine:
    """``ZNY CCCCC ZZH`` → classified, class letters ``CCCCC``, operating signals [``ZZH``]."""
    line = line.strip()
    match = _SECURITY.match(line)
    if not match:
        return SecurityLine(raw=line)
    return SecurityLine(
        raw=line,
        classified=match.group("kind") == "ZNY",
        class_letters=match.group("letters"),
        operating_signals=match.group("rest").split(),
    )


def precedence_from_letter(letter: str) -> Precedence | None:
    """``O`` or ``OO`` → IMMEDIATE; None for letters outside the four precedences (``Y``)."""
    return PRECEDENCE_BY_LETTER.get(letter[:1])


def parse_addressees(block: str) -> tuple[str, list[Addressee]]:
    """A TO, INFO, XMT or CC block (keyword line and the lines under it) → (keyword, addressees).

    With routing indicators (``RUEHC/SECSTATE WASHDC``), a line under the keyword starts a new
    addressee when it starts with a routing indicator or a known address word, or when the previous
    addressee was complete (it ended in a precedence, a continuity number or COLLECTIVE); otherwise it
    continues the previous name, which had wrapped. Without routing indicators every line is an
    addressee of its own, unless the line before plainly breaks off (``… AND``, ``… OF``, ``…-``).
    """
    first_line, _, more = block.partition("\n")
    keyword, _, first = first_line.partition(" ")
    lines = [line for line in [first.strip()] + [line.strip() for line in more.split("\n")] if line]
    lines = [line for line in lines if not _PAGE_LINE.match(line)]
    routed = any("/" in line[:10] and _starts_with_route(line) for line in lines)
    entries: list[str] = []
    complete = True
    for line in lines:
        if routed and "/" in line[:10] and _starts_with_route(line):
            entries.append(line)
        elif entries and not complete and (_wraps(entries[-1]) or routed and not _ADDRESS_OPENERS.match(line)):
            entries[-1] += " " + line
        else:
            entries.append(line)
        complete = _is_complete(entries[-1])
    return keyword, [_parse_addressee(entry) for entry in entries]


def _wraps(entry: str) -> bool:
    return entry.endswith(("-", "/", "&", ",")) or entry.rsplit(" ", 1)[-1] in ("AND", "OF", "FOR", "THE")


def _starts_with_route(line: str) -> bool:
    route = line.split("/", 1)[0]
    return route == "ZEN" or bool(_ROUTING_INDICATOR.fullmatch(route))


def _is_complete(entry: str) -> bool:
    last = entry.rsplit(" ", 1)[-1]
    return last.isdigit() or "-" in last and last.replace("-", "").isdigit() or last in _PRECEDENCE_WORDS or (
        last == "COLLECTIVE"
    )


def _parse_addressee(entry: str) -> Addressee:
    match = _ADDRESSEE.fullmatch(entry)
    if not match:
        return Addressee(name=entry)
    route = match.group("ri")
    name = match.group("name").strip()
    precedence = match.group("precedence")
    mcn = match.group("mcn")
    return Addressee(
        routing_indicator=route if route and route != "ZEN" else None,
        name=name,
        precedence=_PRECEDENCE_WORDS[precedence] if precedence else None,
        niact=bool(match.group("niact")),
        mcn=mcn.replace(" ", "") if mcn else None,
        collective=name.endswith("COLLECTIVE") or name.endswith("POSTS"),
        zen=route == "ZEN",
    )


def parse_offices(block: str) -> OfficeDistribution:
    """``ORIGIN EUR-12`` / ``INFO OCT-01 ISO-00 … /087 R`` → action and info offices and the copy total."""
    action: list[str] = []
    info: list[str] = []
    total = None
    target = action
    for line in block.split("\n"):
        line = line.strip()
        if line.startswith("INFO"):
            target = info
        elif line.startswith(("ORIGIN", "ACTION")):
            target = action
        target.extend(_OFFICE.findall(line))
        found = _OFFICE_TOTAL.search(line)
        if found:
            total = int(found.group(1))
    return OfficeDistribution(action=action, info=info, total_copies=total)


def header_family(kinds: set[str]) -> HeaderFamily:
    """Which header layout a header has, from the kinds of lines found in it."""
    if kinds & {"START_OF_MESSAGE", "ROUTING", "DE_LINE", "SECURITY"}:
        return HeaderFamily.FULL
    if "PARTIAL_EXTRACT" in kinds:
        return HeaderFamily.PARTIAL_EXTRACT
    if "OFFICES" in kinds:
        return HeaderFamily.DISTRIBUTION
    if "DTG_LINE" in kinds or "FM_LINE" in kinds:
        return HeaderFamily.FROM_DTG
    if kinds - {"BLANK"}:
        return HeaderFamily.ODD
    return HeaderFamily.NONE
