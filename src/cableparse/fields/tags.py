"""The TAGS line: split it into codes, repair typos and fused codes, and say what each code stands for.

TAGS ("Traffic Analysis by Geography and Subject", cable-format.md §6) mix four-letter subject codes
(``PREL``), program K-tags (``KTIP``), two-letter geographic codes in the FIPS 10-4 style (``CH`` is
China), organization acronyms (``NATO``), person tags (``OVIP (CLINTON, HILLARY)``) and, in some posts,
free-text keywords (``ISRAELI PALESTINIAN AFFAIRS``).

All public functions are pure and never raise.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from cableparse.model import Tag, TagKind

__all__ = ["parse_tags", "tag_kind", "iso_country", "ORGANIZATION_CODES"]

_DATA = Path(__file__).resolve().parent / "data"


def _read_table(name: str) -> list[list[str]]:
    """Rows of a TSV file under ``data/`` (comment lines and the header row skipped)."""
    rows: list[list[str]] = []
    with (_DATA / name).open(encoding="utf-8") as handle:
        header_seen = False
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


_GEO_ROWS = _read_table("tags_geo.tsv")
_GEO_TO_ISO: dict[str, str | None] = {row[0]: (row[1] or None) for row in _GEO_ROWS}
_SUBJECT_CODES = frozenset(row[0] for row in _read_table("tags_subject.tsv"))
_PROGRAM_CODES = frozenset(row[0] for row in _read_table("tags_program.tsv"))
_ORG_CODES = frozenset(row[0] for row in _read_table("tags_org.tsv"))
ORGANIZATION_CODES: frozenset[str] = _ORG_CODES
"""Organization codes known on TAGS lines (also a list of acronyms for title casing)."""

# Codes of the lists (not the K+3 shape), for the fast path of parse_tags.
_KNOWN_LIST_CODES = _SUBJECT_CODES | _PROGRAM_CODES | frozenset(_GEO_TO_ISO) | _ORG_CODES

# O-tags that the 1974 rules say must carry the name of a person on the TAGS line.
_PERSON_O_TAGS = frozenset({"OVIP", "OCON", "OEXC", "OREP", "OTRA"})

# Codes that were written in place of the current one.
_OLD_CODES = {"RU": "RS"}

# Codes a fused run may be cut into: 4-letter subject and program codes, 2-letter geographic codes.
_FUSE_FOUR = _SUBJECT_CODES | _PROGRAM_CODES
_FUSE_TWO = frozenset(code for code in _GEO_TO_ISO if len(code) == 2)

# Little words that may sit inside a free-text keyword (``TIP IN TURKEY``, ``ECONOMY AND FINANCE``).
_CONNECTORS = frozenset({"A", "AN", "AND", "AT", "BY", "FOR", "IN", "OF", "ON", "OR", "THE", "TO", "WITH"})

_PROGRAM_SHAPE = re.compile(r"K[A-Z]{3}\Z")
_REGION_SHAPE = re.compile(r"[XZ][A-Z]\Z")
_PERSON_SHAPE = re.compile(r"[A-Z][A-Z'.\- ]{0,40},[ ]?[A-Z][A-Z'.\- ]{0,40}\Z")
_O_TAG_WITH_NAME = re.compile(r"(O[A-Z]{3})\s*\(([^()]{1,80})\)\Z")

# The keyword and its typos (cable-format.md §6.4). ``TAGS`` itself is tried first so that a typo-like
# word earlier in the text (``STATE FOR TAS``) does not win over the real keyword.
_KEYWORD = re.compile(r"(?<![A-Za-z(])TAGS(?![A-Za-z])[ \t]*+[:;,.]?(?=\s*[A-Za-z(])", re.IGNORECASE)
_KEYWORD_TYPO = re.compile(
    r"(?<![A-Za-z(])(?:TAGSS|TAGE|TAG|TABS|TGS)(?![A-Za-z])[ \t]*+[:;,]?(?=\s*[A-Za-z(])"
    r"|(?<![A-Za-z(])(?:TAS|AGS)[ \t]*[:;]",
    re.IGNORECASE,
)
# Where the tags stop on their line: a SUBJECT keyword (possibly fused to the last tag) or an E.O. line.
_LINE_STOP = re.compile(r"SUBJ(?:ECT)?\s*:|\bE\.\s?O\.\s|\bEO\s+1[12]\d{3}\b", re.IGNORECASE)
# Page markers of multi-page cables that can fall inside a TAGS line.
_PAGE_MARKER = re.compile(
    r"(?:\b(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s+)?"
    r"\bPAGE\s+\d{1,3}\b[^\n]{0,80}?\b\d{6}Z\b",
    re.IGNORECASE,
)
# A line that cannot continue the tags.
_STOP_LINE = re.compile(
    r"\s*(?:SUBJ|E\.\s?O\.|EO\s+1|REF|CLASSIFIED|DECL|C O N|S E C|U N C|SIPDIS|SENSITIVE|\d|\()",
    re.IGNORECASE,
)
_SUBJECT_LINE = re.compile(r"\s*SUBJ(?:ECT)?\b", re.IGNORECASE)
_CAPS_LINE = re.compile(r"[A-Z][A-Z' ,;/&-]{0,60}\Z")
_TOKEN = re.compile(r"\(([^()\n]{1,80})\)|([,;])|([A-Za-z0-9][A-Za-z0-9'&_./-]{0,60})")

# Endings of nationality adjectives, which start a new free-text keyword (``... ELECTIONS ITALIAN POLITICS``).
_ADJECTIVE_ENDINGS = ("I", "IAN", "EAN", "CAN", "ESE", "ISH")


# --- kinds and countries -----------------------------------------------------------------------


def iso_country(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a geographic tag (``CH`` → ``CN``, ``GM`` → ``DE``).

    None for regions (``XF``), for places that ISO does not code and for anything that is not a
    geographic tag. Historic codes map to the historic ISO code (``UR`` → ``SU``).
    """
    if not isinstance(code, str):
        return None
    return _GEO_TO_ISO.get(code.strip().upper())


def tag_kind(code: str) -> TagKind:
    """What a TAGS code stands for: subject, program, geographic, organization, person or unknown.

    Geographic codes win over organizations for two-letter codes (``AU`` is Austria on a TAGS line).
    A person is an O-tag with a parenthesised name (``OVIP (CLINTON, HILLARY)``) or a bare
    ``SURNAME, GIVEN`` name.
    """
    if not isinstance(code, str):
        return TagKind.UNKNOWN
    value = code.strip().upper()
    if not value:
        return TagKind.UNKNOWN
    return _kind_of(value)


@lru_cache(maxsize=4096)
def _kind_of(value: str) -> TagKind:
    if value in _SUBJECT_CODES:
        return TagKind.SUBJECT
    if _PROGRAM_SHAPE.match(value):
        return TagKind.PROGRAM
    if value in _GEO_TO_ISO or _is_region(value):
        return TagKind.GEOGRAPHIC
    if value in _ORG_CODES:
        return TagKind.ORGANIZATION
    if _O_TAG_WITH_NAME.match(value) or _PERSON_SHAPE.match(value):
        return TagKind.PERSON
    return TagKind.UNKNOWN


def _is_region(code: str) -> bool:
    """X* and Z* codes are regions, except the countries ZA (Zambia) and ZI (Zimbabwe)."""
    return bool(_REGION_SHAPE.match(code)) and code not in _GEO_TO_ISO


def _is_known(code: str) -> bool:
    """True for a code of one of the known vocabularies (not for free words)."""
    return (
        code in _SUBJECT_CODES
        or code in _GEO_TO_ISO
        or code in _ORG_CODES
        or bool(_PROGRAM_SHAPE.match(code))
        or _is_region(code)
    )


# --- parsing -----------------------------------------------------------------------------------


def parse_tags(text: str) -> list[Tag]:
    """The tags of a TAGS line, in the order written, each once.

    ``text`` holds the TAGS line as it stands in a cable, possibly with lines before it (E.O. line)
    and after it (SUBJECT). The keyword may be misspelt or missing, separators are spaces, commas,
    semicolons or line wraps, and codes may be lower case. Fused codes are cut (``ECONEFIN`` →
    ``ECON``, ``EFIN``), old codes replaced (``RU`` → ``RS``), misspelt ones repaired when a single
    deleted letter gives a known code (``UNDESCO`` → ``UNESCO``). An O-tag followed by a name keeps
    the name in ``Tag.name``; free-text keywords are kept whole (``GAZA DISENGAGEMENT``).

    The returned ``Tag`` objects are shared between calls (building a pydantic object costs more
    than the whole parse): treat them as read-only, or ``model_copy()`` them before changing one.
    """
    if not isinstance(text, str) or not text:
        return []
    return list(_parse_tags(text))


@lru_cache(maxsize=4096)
def _parse_tags(text: str) -> tuple[Tag, ...]:
    """The tags of a TAGS line; cached, as the same TAGS lines come back in cable after cable."""
    region = _tags_region(text)
    if not region:
        return ()
    fast = _fast_codes(region)
    pairs = fast if fast is not None else _slow_pairs(region)
    tags: list[Tag] = []
    seen: set[tuple[str, str | None]] = set()
    for pair in pairs:
        if pair in seen or not pair[0].strip():  # "( )": brackets with no name in them
            continue
        seen.add(pair)
        tags.append(_make_tag(*pair))
    return tuple(tags)


def _fast_codes(region: str) -> list[tuple[str, None]] | None:
    """The common case: every token is a known code. None when any token needs the full treatment."""
    if "(" in region:
        return None
    out: list[tuple[str, None]] = []
    for token in region.upper().replace(",", " ").replace(";", " ").split():
        token = _OLD_CODES.get(token, token)
        if token not in _KNOWN_LIST_CODES or token in _PERSON_O_TAGS:
            return None
        out.append((token, None))
    return out


def _slow_pairs(region: str) -> list[tuple[str, str | None]]:
    """(code, person name) pairs of a region with free words, fused codes, names or typos."""
    pairs: list[tuple[str, str | None]] = []
    for group in _groups(region):
        pairs.extend(_group_tags(group))
    return pairs


@lru_cache(maxsize=8192)
def _make_tag(code: str, name: str | None) -> Tag:
    """The Tag for a code (and person name); cached, so equal tags are one shared object."""
    kind = TagKind.PERSON if name is not None else _kind_of(code)
    iso = _GEO_TO_ISO.get(code) if kind is TagKind.GEOGRAPHIC else None
    return Tag(code=code, kind=kind, iso_country=iso, name=name)


def _tags_region(text: str) -> str:
    """The text of the TAGS line(s): after the keyword, up to SUBJECT or a line that is not tags."""
    match = _KEYWORD.search(text) or _KEYWORD_TYPO.search(text)
    position = match.end() if match else 0
    line, position = _next_line(text, position)
    stop = _line_stop(line)
    if stop:
        region = line[: stop.start()]
    else:
        taken = [line]
        while position >= 0:
            line, after = _next_line(text, position)
            following = _next_line(text, after)[0] if after >= 0 else None
            if not _continues(taken[-1], line, following):
                break
            stop = _line_stop(line)
            if stop:
                taken.append(line[: stop.start()])
                break
            taken.append(line)
            position = after
        region = " ".join(taken) if len(taken) > 1 else taken[0]
    if "PAGE" in region or "page" in region:
        region = _PAGE_MARKER.sub(" ", region)
    return region


def _line_stop(line: str) -> re.Match[str] | None:
    """Where the tags stop on a line (SUBJECT, E.O. line); a substring test spares the regex on most lines."""
    upper = line.upper()
    if "SUBJ" in upper or "E." in upper or "EO" in upper:
        return _LINE_STOP.search(line)
    return None


def _next_line(text: str, position: int) -> tuple[str, int]:
    """The line starting at ``position`` and the position of the next line (-1 at the end)."""
    end = text.find("\n", position)
    if end < 0:
        return text[position:], -1
    return text[position:end], end + 1


def _continues(previous: str, line: str, following: str | None) -> bool:
    """True when ``line`` carries on the tags of ``previous`` (a wrapped TAGS line)."""
    stripped = line.strip()
    if not stripped or _STOP_LINE.match(stripped):
        return False
    if previous.rstrip().endswith((",", ";")):
        return True
    if not _CAPS_LINE.match(stripped):
        return False
    words = [word for word in re.split(r"[\s,;]+", stripped) if word]
    if words and all(_is_known(word) for word in words):
        return True
    # A short upper-case line just before SUBJECT is the end of a wrapped keyword (``COUNTRY\nCLEARANCE``).
    return following is not None and bool(_SUBJECT_LINE.match(following)) and len(words) <= 4


def _groups(region: str) -> list[list[tuple[str, str]]]:
    """Tokens of the region split into comma/semicolon groups; a token is (kind, upper-cased value).

    Kinds: ``paren`` for a parenthesised text, ``word`` otherwise.
    """
    groups: list[list[tuple[str, str]]] = [[]]
    for paren, separator, word in _TOKEN.findall(region):
        if separator:
            if groups[-1]:
                groups.append([])
        elif paren:
            groups[-1].append(("paren", " ".join(paren.split()).upper()))
        else:
            value = word.upper().strip("./-")
            if value:
                groups[-1].append(("word", value))
    return [group for group in groups if group]


def _group_tags(group: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """The (code, person name) pairs of one separator-delimited group of tokens."""
    out: list[tuple[str, str | None]] = []
    # Classify words: a code (known, fused, repaired) or a free word of a keyword.
    items: list[tuple[str, list[str] | str]] = []
    for kind, value in group:
        if kind == "paren":
            items.append(("paren", value))
            continue
        value = _OLD_CODES.get(value, value)
        if _is_known(value):
            items.append(("code", [value]))
            continue
        pieces = _split_fused(value)
        if pieces:
            items.append(("code", pieces))
            continue
        repaired = _repair(value)
        if repaired:
            items.append(("code", [repaired]))
            continue
        items.append(("long" if len(value) >= 5 and value.isalpha() else "short", value))

    index = 0
    count = len(items)
    while index < count:
        kind, value = items[index]
        if kind == "paren":
            name = _name_from_paren(value)  # type: ignore[arg-type]
            if name is None:
                out.append((value, None))  # type: ignore[arg-type]
            else:
                out.append((name, name))
            index += 1
            continue
        if kind == "code":
            codes = value  # type: ignore[assignment]
            for code in codes[:-1]:
                out.append((code, None))
            last = codes[-1]
            if last in _PERSON_O_TAGS and index + 1 < count:
                name, used = _name_after_o_tag(items, index + 1)
                if name:
                    out.append((last, name))
                    index += 1 + used
                    continue
            out.append((last, None))
            index += 1
            continue
        # A free word: gather the run of free words (and connectors between them) into keywords.
        end = index
        while end < count and (items[end][0] in ("long", "short") or _is_connector_item(items, end)):
            end += 1
        run = [_item_word(items[position]) for position in range(index, end)]
        # Connectors at the edges of a run are codes (``IN`` is India), not part of a keyword.
        while run and run[-1] in _CONNECTORS and end - 1 > index:
            run.pop()
            end -= 1
        if not any(len(word) >= 5 and word.isalpha() and not _is_known(word) for word in run):  # type: ignore[arg-type]
            # No real word: single unknown codes (``GOV``, ``TIP``).
            out.append((run[0], None))  # type: ignore[arg-type]
            index += 1
            continue
        for keyword in _split_keywords(run):  # type: ignore[arg-type]
            out.append((keyword, None))
        index = end
    return out


def _item_word(item: tuple[str, list[str] | str]) -> str:
    """The word of a free-word item, or of a connector that was read as a code."""
    value = item[1]
    return value if isinstance(value, str) else value[0]


def _is_connector_item(items: list, position: int) -> bool:
    """A connector word (possibly a known code such as ``IN``) between two free words."""
    kind, value = items[position]
    if kind != "code" or len(value) != 1 or value[0] not in _CONNECTORS:
        return False
    if position == 0 or position + 1 >= len(items):
        return False
    return items[position - 1][0] in ("long", "short") and items[position + 1][0] in ("long", "short")


def _split_keywords(run: list[str]) -> list[str]:
    """Cut a run of free words into keywords where a new one evidently begins.

    A nationality adjective or an acronym after a noun starts a new keyword:
    ``ITALY NATIONAL ELECTIONS | ITALIAN POLITICS | IRAQI FREEDOM``, ``ISRAELI PALESTINIAN AFFAIRS | GOI EXTERNAL``.
    """
    keywords: list[list[str]] = [[run[0]]]
    for position in range(1, len(run)):
        word, previous = run[position], run[position - 1]
        starts_new = (
            (_is_adjective(word) or (len(word) <= 4 and word not in _CONNECTORS))
            and len(previous) >= 5
            and not _is_adjective(previous)
            and previous not in _CONNECTORS
        )
        if starts_new:
            keywords.append([word])
        else:
            keywords[-1].append(word)
    return [" ".join(words) for words in keywords]


def _is_adjective(word: str) -> bool:
    return len(word) >= 5 and word.endswith(_ADJECTIVE_ENDINGS)


def _name_from_paren(value: str) -> str | None:
    """A person's name from a parenthesised text (``KALOUDIS, NICK``); None when it is a code."""
    if _is_known(value):
        return None
    if "," in value:
        surname, _, given = value.partition(",")
        return f"{surname.strip()}, {given.strip()}" if given.strip() else surname.strip()
    return value


def _name_after_o_tag(items: list, start: int) -> tuple[str | None, int]:
    """The person named after an O-tag, and how many items it used.

    ``OVIP (CLINTON, HILLARY)`` → the parenthesised name; ``OVIP CLINTON HILLARY PREL`` → ``CLINTON,
    HILLARY`` (surname first, up to two given names or initials, stopping at a known code).
    """
    kind, value = items[start]
    if kind == "paren":
        return _name_from_paren(value) or value, 1
    words: list[str] = []
    position = start
    while position < len(items) and len(words) < 3:
        kind, value = items[position]
        if kind not in ("long", "short") or not value.replace("'", "").replace("-", "").isalpha():
            break
        words.append(value)
        position += 1
    if not words:
        return None, 0
    if len(words) == 1:
        return words[0], 1
    given = " ".join(word + "." if len(word) == 1 else word for word in words[1:])
    return f"{words[0]}, {given}", len(words)


@lru_cache(maxsize=4096)
def _split_fused(value: str) -> list[str] | None:
    """Cut a run of fused codes into known codes (``PHUMBA`` → ``PHUM``, ``BA``), or None.

    Only 4-letter subject/program codes and at most one 2-letter geographic code are used, so that a
    word such as ``ECONOMIC`` (ECON OM IC) or ``POLITICS`` (PO LI TI CS) is not cut.
    """
    length = len(value)
    if length < 6 or length > 64 or not value.isalpha():
        return None
    # best[i]: fewest pieces covering value[:i] as (pieces, two-letter count, previous index).
    best: list[tuple[int, int, int] | None] = [None] * (length + 1)
    best[0] = (0, 0, -1)
    for end in range(2, length + 1):
        candidates = []
        if end >= 4 and best[end - 4] is not None and value[end - 4 : end] in _FUSE_FOUR:
            pieces, twos, _ = best[end - 4]  # type: ignore[misc]
            candidates.append((pieces + 1, twos, end - 4))
        if best[end - 2] is not None and value[end - 2 : end] in _FUSE_TWO:
            pieces, twos, _ = best[end - 2]  # type: ignore[misc]
            candidates.append((pieces + 1, twos + 1, end - 2))
        if candidates:
            best[end] = min(candidates, key=lambda candidate: (candidate[1], candidate[0]))
    final = best[length]
    if final is None or final[1] > 1 or final[0] < 2:
        return None
    pieces: list[str] = []
    end = length
    while end > 0:
        previous = best[end][2]  # type: ignore[index]
        pieces.append(value[previous:end])
        end = previous
    pieces.reverse()
    return pieces


@lru_cache(maxsize=4096)
def _repair(value: str) -> str | None:
    """A misspelt code with one letter too many (``UNDESCO``, ``POGOV``, ``MOPPS``), when unambiguous."""
    if not (5 <= len(value) <= 8) or not value.isalpha():
        return None
    candidates = set()
    for position in range(len(value)):
        candidate = value[:position] + value[position + 1 :]
        if candidate in _SUBJECT_CODES or candidate in _ORG_CODES or candidate in _PROGRAM_CODES:
            candidates.add(candidate)
    return candidates.pop() if len(candidates) == 1 else None
