"""Values of the classification line and the handling captions under it."""

from __future__ import annotations

import re
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


def level_of(text: str) -> ClassificationLevel | None:
    """``C O N F I D E N T I A L`` / ``Confidential`` / ``UNCLAS`` → the level; None if none is named."""
    key = re.sub(r"[^A-Z]", "", text.upper())
    if key.startswith("UNCLAS"):
        return ClassificationLevel.UNCLASSIFIED
    for prefix, level in _LEVELS.items():
        if key.startswith(prefix):
            return level
    return None


def parse_class_line(line: str) -> ClassificationLine | None:
    """``C O N F I D E N T I A L SECTION 01 OF 02 BEIJING 001668`` → CONFIDENTIAL, 1 of 2, BEIJING, 1668."""
    line = line.strip()
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
    found = _CAPTION.findall(line.upper())
    return found or [" ".join(line.split())]
