"""Values of the classification line and the handling captions under it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from cableparse.model import ClassificationLevel

_LEVEL = re.compile(
    r"(?P<level>U ?N ?C ?L ?A ?S(?: ?S ?I ?F ?I ?E ?D)?|C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L|S ?E ?C ?R ?E ?T"
    r"|T ?O ?P +S ?E ?C ?R ?E ?T|L ?I ?M ?I ?T ?E ?D +O ?F ?F ?I ?C ?I ?A ?L +U ?S ?E)\b",
    re.IGNORECASE,
)
_SECTION = re.compile(r"\bSECTION +(\d{1,3}) +OF +(\d{1,3})\b", re.IGNORECASE)
_POST_AND_SERIAL = re.compile(r"(?P<post>[A-Za-z][A-Za-z .'/-]{0,40}?) +-?(?P<serial>\d{1,8})\s*$")
# Handling words that may stand between the level and the post ("UNCLAS E F T O", "SECRET NOFORN").
_CAVEAT_WORD = r"E ?F ?T ?O|NOFORN|SENSITIVE|SBU|FOUO|EXDIS|NODIS|LIMDIS"
_CAVEAT_WORDS = re.compile(rf"^(?:(?:{_CAVEAT_WORD})[ /]+)+", re.I)
_ONE_CAVEAT = re.compile(_CAVEAT_WORD, re.I)

_LEVELS = {
    "UNCLAS": ClassificationLevel.UNCLASSIFIED,
    "UNCLASSIFIED": ClassificationLevel.UNCLASSIFIED,
    "CONFIDENTIAL": ClassificationLevel.CONFIDENTIAL,
    "SECRET": ClassificationLevel.SECRET,
    "TOPSECRET": ClassificationLevel.TOP_SECRET,
    "LIMITEDOFFICIALUSE": ClassificationLevel.LIMITED_OFFICIAL_USE,
}

KNOWN_CAPTIONS = (
    "SIPDIS",
    "NOFORN",
    "NOCONTRACT",
    "ORCON",
    "PROPIN",
    "EXDIS",
    "NODIS",
    "LIMDIS",
    "STADIS",
    "EYES ONLY",
    "SENSITIVE BUT UNCLASSIFIED",
    "SENSITIVE",
    "FOR OFFICIAL USE ONLY",
    "FOUO",
    "CORRECTED COPY",
    "DISSENT CHANNEL",
    "ROGER CHANNEL",
    "CHEROKEE",
    "AGRMENT",
    "SPECAT",
    "EFTO",
)
_CAPTION = re.compile(r"\b(" + "|".join(re.escape(c) for c in KNOWN_CAPTIONS) + r")\b")


class ClassificationLine(NamedTuple):
    """What the classification line says."""

    level: ClassificationLevel
    section: int | None
    sections_total: int | None
    post: str | None
    serial: int | None
    captions: list[str]


_NOT_A_LETTER = re.compile(r"[^A-Z]")


@lru_cache(maxsize=256)
def level_of(text: str) -> ClassificationLevel | None:
    """``C O N F I D E N T I A L`` / ``Confidential`` / ``UNCLAS`` → the level; None if none is named.

    Cached: the same few spellings come back on every cable."""
    key = _NOT_A_LETTER.sub("", text.upper())
    if key.startswith("UNCLAS"):
        return ClassificationLevel.UNCLASSIFIED
    for prefix, level in _LEVELS.items():
        if key.startswith(prefix):
            return level
    return None


def parse_class_line(line: str) -> ClassificationLine | None:
    """``C O N F I D E N T I A L SECTION 01 OF 02 BEIJING 001668`` → CONFIDENTIAL, 1 of 2, BEIJING, 1668.

    The serial number changes from cable to cable while what stands before it comes back (``C O N F I D E N
    T I A L SECTION 01 OF 02 BEIJING``): that part is read once (cached) and the serial added. A run of 1 to
    8 digits at the end, after a blank and not after ``OF``, can only be read as the serial, and what
    stands before it reads the same whatever its digits are.
    """
    line = line.strip()
    digits_start = len(line.rstrip("0123456789"))
    if 0 < len(line) - digits_start <= 8 and line[digits_start - 1 : digits_start] == " ":
        before = line[:digits_start].rstrip()
        if before and before[-2:].upper() != "OF":
            read = _read_with_a_serial(line[:digits_start])
            if read is None:
                return None
            serial = int(line[digits_start:]) if read.serial is not None else None
            return ClassificationLine(read.level, read.section, read.sections_total, read.post, serial, list(read.captions))
    return _read_class_line(line)


@lru_cache(maxsize=2048)
def _read_with_a_serial(head: str) -> ClassificationLine | None:
    """The reading of a classification line that is ``head`` and a serial (shared: copy before changing)."""
    return _read_class_line(head + "0")


def _read_class_line(line: str) -> ClassificationLine | None:
    """The reading of a stripped classification line."""
    match = _LEVEL.match(line)
    if not match:
        return None
    level = level_of(match.group("level"))
    if level is None:
        return None
    rest = line[match.end() :].strip()
    captions: list[str] = []
    caveats = _CAVEAT_WORDS.match(rest)
    if caveats:
        captions = [word.replace(" ", "").upper() for word in _ONE_CAVEAT.findall(caveats.group(0))]
        rest = rest[caveats.end() :]
    section = total = None
    found = _SECTION.search(rest)
    if found:
        section, total = int(found.group(1)), int(found.group(2))
        rest = rest[: found.start()] + rest[found.end() :]
    post = serial = None
    tail = _POST_AND_SERIAL.search(rest.strip())
    if tail:
        post = " ".join(tail.group("post").split()).upper()
        serial = int(tail.group("serial"))
    return ClassificationLine(level, section, total, post, serial, captions)


def captions_in(line: str) -> list[str]:
    """The known handling captions on a caption line (``SENSITIVE BUT UNCLASSIFIED`` counts as one)."""
    return list(_captions_in(line))


@lru_cache(maxsize=1024)
def _captions_in(line: str) -> tuple[str, ...]:
    """Cached: the same few caption lines (``SIPDIS``, ``NOFORN``) come back on every cable."""
    found = _CAPTION.findall(line.upper())
    return tuple(found) if found else (" ".join(line.split()),)
