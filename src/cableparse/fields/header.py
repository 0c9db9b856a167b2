"""Values of the transport header's format lines (ACP-127 FL1-FL9), one small function per line kind."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pydantic import TypeAdapter

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
# The same, in two steps: the routing indicator, then what follows the name (tried from the left, so
# that the name is the shortest one, as the lazy name of the full pattern is). Giving back blanks could not
# help the words after them, so the blank runs are possessive.
_ROUTE_PREFIX = re.compile(r"([A-Z0-9]{2,9})/")
_ADDRESSEE_TAIL = re.compile(
    r"(?: ++(?P<niact>NIACT))?(?: ++(?P<precedence>FLASH|IMMEDIATE|PRIORITY|ROUTINE))?"
    r"(?: ++(?P<mcn>\d{3,6}(?: ?- ?\d{1,6})?))?"
)
_MAX_NAME = 160
# Validating all addressees of a block in one call costs much less than one Addressee(...) each.
_ADDRESSEE_LIST = TypeAdapter(list[Addressee])
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
    return keyword, _ADDRESSEE_LIST.validate_python([_addressee_fields(entry) for entry in entries])


def _wraps(entry: str) -> bool:
    return entry.endswith(("-", "/", "&", ",")) or entry.rsplit(" ", 1)[-1] in ("AND", "OF", "FOR", "THE")


@lru_cache(maxsize=4096)
def _starts_with_route(line: str) -> bool:
    route = line.split("/", 1)[0]
    return route == "ZEN" or bool(_ROUTING_INDICATOR.fullmatch(route))


@lru_cache(maxsize=4096)
def _is_complete(entry: str) -> bool:
    last = entry.rsplit(" ", 1)[-1]
    return last.isdigit() or "-" in last and last.replace("-", "").isdigit() or last in _PRECEDENCE_WORDS or (
        last == "COLLECTIVE"
    )


@lru_cache(maxsize=4096)
def _addressee_fields(entry: str) -> dict:
    """The fields of an Addressee; cached, as the same addressees come back in cable after cable.

    The dict is shared between calls: read it, never change it.
    """
    found = _split_addressee(entry)
    if found is None:
        return {"name": entry}
    route, name, tail = found
    name = name.strip()
    precedence = tail.group("precedence")
    mcn = tail.group("mcn")
    return {
        "routing_indicator": route if route and route != "ZEN" else None,
        "name": name,
        "precedence": _PRECEDENCE_WORDS[precedence] if precedence else None,
        "niact": bool(tail.group("niact")),
        "mcn": mcn.replace(" ", "") if mcn else None,
        "collective": name.endswith("COLLECTIVE") or name.endswith("POSTS"),
        "zen": route == "ZEN",
    }


def _split_addressee(entry: str) -> tuple[str | None, str, re.Match[str]] | None:
    """(routing indicator, name, match of what follows the name), as the full addressee pattern reads them.

    The routing indicator is taken when the rest still reads; the name is the shortest of 1 to 160
    characters after which the tail reads to the end. None when the entry does not read.
    """
    if "\n" in entry:  # the name does not cross a line end: leave such odd entries to the full pattern
        match = _ADDRESSEE.fullmatch(entry)
        return (match.group("ri"), match.group("name"), match) if match else None
    route = _ROUTE_PREFIX.match(entry)
    for name_start in (route.end(), 0) if route else (0,):
        if name_start >= len(entry):
            continue
        tail = _tail_from(entry, name_start + 1)
        if tail.start() - name_start <= _MAX_NAME:
            return (route.group(1) if name_start else None), entry[name_start : tail.start()], tail
    return None


def _tail_from(entry: str, start: int) -> re.Match[str]:
    """The first reading of precedence and MCN that starts at or after ``start`` and ends the entry."""
    length = len(entry)
    position = entry.find(" ", start)
    while position >= 0:
        tail = _ADDRESSEE_TAIL.fullmatch(entry, position)
        if tail is not None:
            return tail
        # A later start in the same run of blanks reads the same: skip the run.
        while position < length and entry[position] == " ":
            position += 1
        position = entry.find(" ", position)
    return _ADDRESSEE_TAIL.fullmatch(entry, length)  # nothing after the name: the empty tail


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
