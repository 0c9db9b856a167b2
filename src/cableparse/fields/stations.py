"""The archive's name for the sender written on the FM line (``AMEMBASSY TRIPOLI`` → ``Embassy Tripoli``).

WikiLeaks named a cable's origin after the kind of post and its city, in title case:

* ``AMEMBASSY X`` → ``Embassy X``; ``AMCONSUL X`` → ``Consulate X``;
* ``USOFFICE X``, ``USLO X`` (liaison office) and ``USMISSION X`` of a bilateral post → ``Embassy X``;
* ``SECSTATE WASHDC`` → ``Secretary of State``;
* missions to organisations and special posts have names of their own (``USMISSION USUN NEW YORK`` →
  ``USUN New York``, ``USINT HAVANA`` → ``US Interests Section Havana``): ``data/stations_names.tsv``;
* cities the archive knows by a later name (``MADRAS`` → ``Chennai``, ``LENINGRAD`` → ``St Petersburg``):
  ``data/stations_renamed.tsv``.

Title case keeps every word capitalised, as the archive does (``Port Au Prince``, ``Dar Es Salaam``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

__all__ = ["origin_name"]


def _table(name: str) -> dict[str, str]:
    """A two-column TSV of the package (comment lines start with ``#``) as a dict."""
    text = resources.files("cableparse.fields").joinpath("data", name).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 2:
            table[fields[0].strip()] = fields[1].strip()
    return table


_NAMED_STATIONS = _table("stations_names.tsv")
_RENAMED_CITIES = _table("stations_renamed.tsv")

# Routing indicator before a slash (``RUEHTRO/AMEMBASSY TRIPOLI``), trailing ``//MEXICO//`` tags,
# precedence words and a message continuity number after the name.
_ROUTING_PREFIX_RE = re.compile(r"^[A-Z0-9]{3,9}/")
_TRAILING_RE = re.compile(
    r"(?:(?<!\s)\s*//.*$)|(?:(?<!\s)\s+(?:NIACT\s+)?(?:IMMEDIATE|PRIORITY|ROUTINE|FLASH)\b.*$)|(?:(?<!\s)\s+\d{3,}(?:-\d+)?\s*$)"
)
_SPACES_RE = re.compile(r"\s+")
_CITY_CLEAN_RE = re.compile(r"[^A-Z' .-]")
# What the routing prefix and the trailing patterns look for: without any of it they change nothing.
_MAY_HAVE_EXTRAS_RE = re.compile(r"[/\d]|IMMEDIATE|PRIORITY|ROUTINE|FLASH")

_PREFIX_KINDS: tuple[tuple[str, str], ...] = (
    ("AMEMBASSY ", "Embassy"),
    ("AMEMB ", "Embassy"),
    ("AMCONSUL ", "Consulate"),
    ("AMCONGEN ", "Consulate"),
    ("USOFFICE ", "Embassy"),
    ("USLO ", "Embassy"),
    ("USMISSION ", "Embassy"),
)


def _title(city: str) -> str:
    """``RIO DE JANEIRO`` → ``Rio De Janeiro``, ``N'DJAMENA`` → ``Ndjamena`` (the archive drops apostrophes)."""
    words = city.replace("'", "").replace(".", " ").split()
    return " ".join(word[:1].upper() + word[1:].lower() for word in words)


def _normalise(station: str) -> str:
    """Upper case, one space between words, without routing indicator, precedence or MCN."""
    text = " ".join(station.upper().split())  # the same as collapsing \s+ and stripping
    if not _MAY_HAVE_EXTRAS_RE.search(text):  # the usual ``AMEMBASSY TRIPOLI``
        return text
    text = _ROUTING_PREFIX_RE.sub("", text)
    return _TRAILING_RE.sub("", text).strip()


@lru_cache(maxsize=2048)
def _origin_name(station: str) -> str | None:
    text = _normalise(station)
    if not text:
        return None
    named = _NAMED_STATIONS.get(text)
    if named is not None:
        return named
    for prefix, kind in _PREFIX_KINDS:
        if text.startswith(prefix):
            city = _CITY_CLEAN_RE.sub("", text[len(prefix):]).strip()
            if not city:
                return None
            city = _RENAMED_CITIES.get(city, city)
            return f"{kind} {_title(city)}"
    return None


def origin_name(station: str) -> str | None:
    """The archive's name for a sending station as written on the FM line, or None when not recognised.

    ``AMEMBASSY TRIPOLI`` → ``Embassy Tripoli``, ``AMCONSUL CHENGDU`` → ``Consulate Chengdu``,
    ``SECSTATE WASHDC`` → ``Secretary of State``, ``USMISSION USUN NEW YORK`` → ``USUN New York``.
    A routing indicator (``RUEHTRO/``), a precedence and an MCN around the name are ignored. Never raises.
    """
    if not isinstance(station, str):
        return None
    return _origin_name(station)
