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
# The same without the continuity number, for what stands before a number cut off the end.
_TAIL_WITHOUT_NUMBER = re.compile(r"(?: ++(?P<niact>NIACT))?(?: ++(?P<precedence>FLASH|IMMEDIATE|PRIORITY|ROUTINE))?")
_MAX_NAME = 160
# A line that may break off (its last word is AND, OF, FOR or THE, or it ends in - / & or a comma).
_WRAPPED_LINE = re.compile(r"(?:[-/&,]|(?<!\S)(?:AND|OF|FOR|THE))\s*$", re.MULTILINE)
# Lines that each open with a routing indicator (or ZEN) and its slash within their first ten characters.
_ROUTED_LINES = re.compile(r"(?:[ \t]*+(?:[RZ][A-Z0-9]{3,8}+|ZEN)/[^\n]*+(?:\n(?!\Z)|\Z))++")
# Validating all addressees of a block in one call costs much less than one Addressee(...) each.
_ADDRESSEE_LIST = TypeAdapter(list[Addressee])
_SECURITY_LINE = TypeAdapter(SecurityLine)
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
    station, serial, section, filing_time = match.group("station", "serial", "section", "time")
    return DeLine(station, int(serial), int(section) if section else None, filing_time)


def parse_routing(text: str) -> tuple[str, list[str]]:
    """Format line 2 and its wrapped lines → (prosign, routing indicators): ``OO RUEHCN RUEHGH``."""
    words = text.split()
    return words[0], [word for word in words[1:] if _ROUTING_INDICATOR.fullmatch(word)]


def parse_security(line: str) -> SecurityLine:
    """``ZNY CCCCC ZZH`` → classified, class letters ``CCCCC``, operating signals [``ZZH``]."""
    return _SECURITY_LINE.validate_python(security_fields(line))


def security_fields(line: str) -> dict:
    """The fields of the SecurityLine that ``parse_security`` makes, as a dict to validate (within a
    Header: one validation per header). The dict is shared between calls: never change it."""
    return _security_fields(line.strip())


@lru_cache(maxsize=256)
def _security_fields(line: str) -> dict:
    """The fields of a SecurityLine; cached, as the same few lines come back (shared: never change it)."""
    match = _SECURITY.match(line)
    if not match:
        return {"raw": line}
    return {
        "raw": line,
        "classified": match.group("kind") == "ZNY",
        "class_letters": match.group("letters"),
        "operating_signals": match.group("rest").split(),  # validation copies the list
    }


def precedence_from_letter(letter: str) -> Precedence | None:
    """``O`` or ``OO`` → IMMEDIATE; None for letters outside the four precedences (``Y``)."""
    return PRECEDENCE_BY_LETTER.get(letter[:1])


def parse_addressees(block: str) -> tuple[str, list[Addressee]]:
    """A TO, INFO, XMT or CC block (keyword line and the lines under it) → (keyword, addressees)."""
    keyword, fields = addressee_fields(block)
    return keyword, _ADDRESSEE_LIST.validate_python(fields)


def addressee_fields(block: str) -> tuple[str, list[dict]]:
    """(keyword, the fields of each addressee) of a block, as dicts to validate (within a Header: one
    validation per header). The dicts may be shared between calls: never change them.

    With routing indicators (``RUEHC/SECSTATE WASHDC``), a line under the keyword starts a new
    addressee when it starts with a routing indicator or a known address word, or when the previous
    addressee was complete (it ended in a precedence, a continuity number or COLLECTIVE); otherwise it
    continues the previous name, which had wrapped. Without routing indicators every line is an
    addressee of its own, unless the line before plainly breaks off (``… AND``, ``… OF``, ``…-``).
    """
    first_line, _, more = block.partition("\n")
    keyword, _, first = first_line.partition(" ")
    first = first.strip()
    if not more:  # the commonest block: one line, ``TO RUEHC/SECSTATE WASHDC PRIORITY 8975``
        entries = [first] if first and not (first.startswith("PAGE") and _PAGE_LINE.match(first)) else []
    elif (not first or _starts_with_route(first)) and _ROUTED_LINES.fullmatch(more):
        # The usual routed block: every line opens an addressee of its own.
        entries = [first] if first else []
        entries += [line.strip() for line in more.split("\n")]
    elif "/" not in block and "PAGE" not in block and not _WRAPPED_LINE.search(block):
        # No routing indicator, page line or line that breaks off: every line is an addressee of its own.
        entries = [first] if first else []
        entries += [line for line in map(str.strip, more.split("\n")) if line]
    else:
        entries = _entries([first, *more.split("\n")])
    return keyword, [_addressee_fields(entry) for entry in entries]


def _entries(raw_lines: list[str]) -> list[str]:
    """The lines of a block (page lines and blank lines left out) joined into one string per addressee."""
    lines = []
    for line in raw_lines:
        line = line.strip()
        if line and not (line.startswith("PAGE") and _PAGE_LINE.match(line)):
            lines.append(line)
    route_starts = [_starts_with_route(line) for line in lines]
    if all(route_starts):  # every line opens an addressee of its own (the usual routed block)
        return lines
    routed = any(route_starts)
    entries: list[str] = []
    for line, starts_with_route in zip(lines, route_starts):
        if routed and starts_with_route:
            entries.append(line)
        elif (
            entries
            and not _is_complete(entries[-1])
            and (_wraps(entries[-1]) or routed and not _ADDRESS_OPENERS.match(line))
        ):
            entries[-1] += " " + line
        else:
            entries.append(line)
    return entries


def _wraps(entry: str) -> bool:
    return entry.endswith(("-", "/", "&", ",")) or entry.rsplit(" ", 1)[-1] in ("AND", "OF", "FOR", "THE")


def _starts_with_route(line: str) -> bool:
    """Whether the line opens with a routing indicator (or ZEN) and a slash in its first ten characters."""
    slash = line.find("/", 0, 10)
    return slash >= 0 and _is_route(line[:slash])


@lru_cache(maxsize=4096)
def _is_route(word: str) -> bool:
    return word == "ZEN" or bool(_ROUTING_INDICATOR.fullmatch(word))


def _is_complete(entry: str) -> bool:
    """Whether the addressee ends in a continuity number, a precedence or COLLECTIVE (no wrapped name follows)."""
    last = entry.rsplit(" ", 1)[-1]
    return last.isdigit() or "-" in last and last.replace("-", "").isdigit() or last in _PRECEDENCE_WORDS or (
        last == "COLLECTIVE"
    )


def _addressee_fields(entry: str) -> dict:
    """The fields of an Addressee (a dict to validate; it may be shared between calls: never change it).

    Most entries end in a continuity number, which changes from cable to cable while what stands
    before it (``RUEHLO/AMEMBASSY LONDON PRIORITY``) comes back: that part is read once (cached) and the
    number added. A plain number of 3 to 6 digits after one blank, with neither a blank nor a hyphen
    before that blank, can only be the continuity number, and the rest reads as it reads alone.
    """
    if entry[-1:].isdigit():
        head, _, number = entry.rpartition(" ")
        if 3 <= len(number) <= 6 and number.isascii() and number.isdigit() and head[-1:] not in ("", " ", "-"):
            fields = _fields_before_number(head)
            if fields is not None:
                fields = fields.copy()
                fields["mcn"] = number
                return fields
        return _addressee_fields_in_full(entry)
    fields = _fields_before_number(entry)
    return fields if fields is not None else _addressee_fields_in_full(entry)


@lru_cache(maxsize=4096)
def _fields_before_number(entry: str) -> dict | None:
    """The fields of an entry that has no continuity number at its end (the dict is shared: never change it).

    None when the entry is only a routing indicator or its name is too long: the full reading, which
    also knows what a number cut off the end would have changed, decides those.
    """
    route = _ROUTE_PREFIX.match(entry)
    for name_start in (route.end(), 0) if route else (0,):
        if name_start >= len(entry):
            return None
        name_end, niact, precedence = _cut_precedence(entry, name_start + 1)
        if name_end - name_start <= _MAX_NAME:
            return _fields(route.group(1) if name_start else None, entry[name_start:name_end], niact, precedence, None)
    return None


def _cut_precedence(entry: str, start: int) -> tuple[int, bool, str | None]:
    """(where the name ends, NIACT, precedence word) for the leftmost reading of ``[NIACT] [PRECEDENCE]``
    that starts at a blank at or after ``start`` and ends the entry (at worst nothing, at the end)."""
    if "  " in entry or entry.endswith(" "):  # runs of blanks (rare): try every start
        tail = _tail_from(entry, start, with_number=False)
        return tail.start(), bool(tail.group("niact")), tail.group("precedence")
    # With single blanks the reading has at most two words: it starts at one of the last two blanks.
    last_blank = entry.rfind(" ", start)
    if last_blank < 0:
        return len(entry), False, None
    last = entry[last_blank + 1 :]
    if last in _PRECEDENCE_WORDS:
        blank = entry.rfind(" ", start, last_blank)
        if blank >= 0 and entry[blank + 1 : last_blank] == "NIACT":
            return blank, True, last
        return last_blank, False, last
    if last == "NIACT":
        return last_blank, True, None
    return len(entry), False, None


@lru_cache(maxsize=4096)
def _addressee_fields_in_full(entry: str) -> dict:
    """The fields of any entry, read with the full addressee pattern (the dict is shared: never change it)."""
    found = _split_addressee(entry)
    if found is None:
        return {"name": entry}
    route, name, tail = found
    mcn = tail.group("mcn")
    return _fields(route, name, bool(tail.group("niact")), tail.group("precedence"), mcn.replace(" ", "") if mcn else None)


def _fields(route: str | None, name: str, niact: bool, precedence: str | None, mcn: str | None) -> dict:
    """The Addressee fields from the routing indicator, the name as cut and what was read after it."""
    name = name.strip()
    zen = route == "ZEN"
    return {
        "routing_indicator": None if zen else route,
        "name": name,
        "precedence": _PRECEDENCE_WORDS[precedence] if precedence else None,
        "niact": niact,
        "mcn": mcn,
        "collective": name.endswith(("COLLECTIVE", "POSTS")),
        "zen": zen,
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


def _tail_from(entry: str, start: int, with_number: bool = True) -> re.Match[str]:
    """The first reading of NIACT, precedence and (``with_number``) MCN that starts at or after ``start``
    and ends the entry."""
    length = len(entry)
    position = entry.find(" ", start)
    while position >= 0:
        if with_number:
            tail = _ADDRESSEE_TAIL.fullmatch(entry, position)
        else:
            tail = _TAIL_WITHOUT_NUMBER.fullmatch(entry, position)
        if tail is not None:
            return tail
        # A later start in the same run of blanks reads the same: skip the run (searching would try
        # every start of a long run, and read the rest of the run from each).
        while position < length and entry[position] == " ":
            position += 1
        position = entry.find(" ", position)
    if with_number:  # nothing after the name: the empty tail
        return _ADDRESSEE_TAIL.fullmatch(entry, length)
    return _TAIL_WITHOUT_NUMBER.fullmatch(entry, length)


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


_FULL_HEADER_KINDS = frozenset({"START_OF_MESSAGE", "ROUTING", "DE_LINE", "SECURITY"})


def header_family(kinds: set[str]) -> HeaderFamily:
    """Which header layout a header has, from the kinds of lines found in it."""
    if not _FULL_HEADER_KINDS.isdisjoint(kinds):
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
