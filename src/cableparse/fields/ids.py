"""Cable reference ids: ``YY`` + origin + serial (``09CHENGDU165``), and the origins (posts) inside them.

The canonical form (cable-format.md §1.1, §7.2) is the two-digit year, the origin upper-cased without
spaces, dots, hyphens or apostrophes, and the serial without leading zeros. Origins are repaired in this
order, each step only when the previous one left an origin that is not a known post:

1. clean-up: ``0`` between letters read as ``O``, ``AMEMBASSY``/``EMBASSY``/``AMCONSUL`` removed;
2. the alias table (``data/ids_post_aliases.tsv``: ``SECSTATE`` → ``STATE``, ``USUN`` → ``USUNNEWYORK`` …);
3. garbage WikiLeaks put around the origin: an ``EFTO``/``NOFORN`` prefix, a ``US`` prefix, a trailing
   two-letter country code or ``WASHDC``;
4. a unique known post that the origin abbreviates (``HALIF`` → ``HALIFAX``, ``PORTA`` → ``PORTAUPRINCE``);
5. a unique known post one typo away (two for long names): ``WELLINGOTN``, ``TRIPOLII``, ``RUSSELS``;
6. a known post at the end, after other garbage (``SIFIEDABUJA`` → ``ABUJA``).

A post whose city was renamed is then given the name its messages carried in the cited year
(``87CHENNAI3108`` → ``87MADRAS3108``, ``03KOLKATA516`` → ``03CALCUTTA516``): see ``dated_post``.

Known posts are listed in ``data/ids_posts.tsv``. All functions are pure and never raise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache
from importlib import resources

from cableparse.fields.dates import expand_two_digit_year

__all__ = [
    "canonical_id",
    "canonical_post",
    "dated_post",
    "known_post",
    "reference_id_from_parts",
    "KNOWN_POSTS",
]


def _data_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a packaged data file."""
    text = resources.files("cableparse.fields").joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


KNOWN_POSTS: frozenset[str] = frozenset(line.split("\t")[0].strip() for line in _data_lines("ids_posts.tsv"))
"""Canonical origins (MRN prefixes) that a reference id may carry."""

_ALIASES: dict[str, str] = {
    fields[0]: fields[1]
    for fields in (line.split("\t") for line in _data_lines("ids_post_aliases.tsv"))
    if len(fields) >= 2
}

# Posts in sorted order, so that the posts an abbreviation starts are found by bisection.
_SORTED_POSTS: tuple[str, ...] = tuple(sorted(KNOWN_POSTS))
_LONGEST_POST = max(map(len, KNOWN_POSTS), default=0)

# Prefixes WikiLeaks left in front of some origins (``07EFTOSANAA2300``, ``85NOFORNMOGADISHU1643``).
_JUNK_PREFIXES = ("EFTO", "NOFORN", "FSC", "US")
# Suffixes after the post name: a country code (``MADRIDSP``) or the capital of the agency (``USDOCWASHDC``).
_JUNK_SUFFIX_RE = re.compile(r"(?:WASHDC|WASHINGTONDC|DC)$")
_NON_ID_CHARS_RE = re.compile(r"[^A-Z0-9]")
# A digit 0 that stands for the letter O: between letters, or ending/starting a word of letters.
_ZERO_AS_O_RE = re.compile(r"(?<=[A-Z])0(?=[A-Z])|(?<=[A-Z]{3})0$|^0(?=[A-Z]{3})")
_EMBASSY_RE = re.compile(r"AMEMBASSY|EMBASSY|AMCONSUL")

# ``[19|20]YY`` + origin and serial, with any garbage in between.
_ID_RE = re.compile(r"^(?:19|20)?(\d{2})([A-Z0-9]{1,60}?)$")
# A garbled "SECTION nn OF nn" in front of the origin: letters, then digit-ish pairs around OF/F/O.
_SECTION_JUNK_RE = re.compile(r"^[A-Z]{0,9}?[0-9OQ]{1,2}[A-Z]{0,2}[0-9OQ]{1,2}(?=[A-Z]{3,}\d)")
# Origin then serial, and possibly trailing garbage (``OSLO000160ZDK164``, ``STATE255291TOSEC140303``).
_ORIGIN_SERIAL_RE = re.compile(r"^([A-Z][A-Z0-9]{0,40}?[A-Z])(\d{1,7})(?:[A-Z][A-Z0-9]{0,40})?$")


# Posts whose message prefix changed with the city's name: old prefix, new prefix, last year of the old
# prefix, first year of the new one. The years come from the renaming of the city, except for Calcutta,
# whose consulate kept CALCUTTA until January 2007 (Cablegate: 04-07CALCUTTA, 07-10KOLKATA). In the
# years between (the renaming year), the name as written is kept: either may be right.
_RENAMED_POSTS: tuple[tuple[str, str, int, int], ...] = (
    ("BOMBAY", "MUMBAI", 1994, 1996),  # renamed 1995
    ("MADRAS", "CHENNAI", 1995, 1997),  # renamed 1996; Cablegate: 87MADRAS, 90MADRAS, 04CHENNAI on
    ("CALCUTTA", "KOLKATA", 2006, 2008),  # renamed 2001, prefix changed January 2007
    ("LENINGRAD", "STPETERSBURG", 1990, 1992),  # renamed September 1991; Cablegate: 91LENINGRAD4146 (August)
)
_RENAMED_BY_NAME: dict[str, tuple[str, str, int, int]] = {
    name: entry for entry in _RENAMED_POSTS for name in entry[:2]
}


def dated_post(origin: str, yy: str | int | None) -> str:
    """The canonical origin as the post's messages were prefixed in year ``yy`` (two digits or four).

    ``dated_post("CHENNAI", "87")`` → ``MADRAS``; ``dated_post("CALCUTTA", 2008)`` → ``KOLKATA``. Posts
    that were not renamed, years in which either name may be right, and unusable years give ``origin``.
    """
    entry = _RENAMED_BY_NAME.get(origin)
    if entry is None:
        return origin
    try:
        year = expand_two_digit_year(int(yy))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return origin
    old, new, last_old, first_new = entry
    if year <= last_old:
        return old
    if year >= first_new:
        return new
    return origin


def _osa_distance_at_most(a: str, b: str, limit: int) -> bool:
    """True if ``a`` and ``b`` are at most ``limit`` edits apart (insert, delete, substitute, swap neighbours)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return False
        previous2, previous = previous, current
    return previous[len(b)] <= limit


def _deletions(word: str, most: int) -> set[str]:
    """``word`` and every string left when 1 to ``most`` (at most 2) of its characters are deleted."""
    variants = {word}
    once = {word[:i] + word[i + 1:] for i in range(len(word))}
    variants |= once
    if most >= 2:
        for shorter in once:
            variants.update(shorter[:i] + shorter[i + 1:] for i in range(len(shorter)))
    return variants


# A post is within 2 edits only of words at most 2 letters longer; 2 edits are allowed for 9+ letters.
_TWO_EDIT_MIN_POST_LENGTH = 9 - 2


@cache
def _deletion_index(most: int) -> dict[str, tuple[str, ...]]:
    """Known posts by what is left of them with at most ``most`` (1 or 2) characters deleted.

    Symmetric-deletion search: when ``a`` and ``b`` are at most ``k`` edits apart (insert, delete,
    substitute, swap neighbours, no character edited twice), deleting at most ``k`` characters from each
    leaves a common string (an insertion is a deletion on the other side; a substitution or a swap is one
    deletion on each side). Looking up a word's deletions in this index thus finds every post within
    ``k`` edits, among a few others that the exact distance check then drops. Built on first use (a few
    milliseconds), with only the posts long enough to be 2 edits from a word that may have 2 typos.
    """
    index: dict[str, list[str]] = {}
    for post in _SORTED_POSTS:
        if most >= 2 and len(post) < _TWO_EDIT_MIN_POST_LENGTH:
            continue
        for variant in _deletions(post, most):
            index.setdefault(variant, []).append(post)
    return {variant: tuple(posts) for variant, posts in index.items()}


def _typo_candidates(origin: str, limit: int) -> set[str]:
    """Known posts that may be ``limit`` (1 or 2) edits or fewer from ``origin``: a superset, to verify."""
    index = _deletion_index(limit)
    candidates: set[str] = set()
    for variant in _deletions(origin, limit):
        posts = index.get(variant)
        if posts:
            candidates.update(posts)
    return candidates


def _within_one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` are at most one edit apart (the same as ``_osa_distance_at_most(a, b, 1)``)."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1:
        return False
    if a == b:
        return True
    mismatch = 0  # the first position where they differ (they differ somewhere: a != b)
    while mismatch < len(b) and a[mismatch] == b[mismatch]:
        mismatch += 1
    if len(a) > len(b):  # one letter too many in ``a``: dropping the first differing one must give ``b``
        return a[mismatch + 1:] == b[mismatch:]
    return a[mismatch + 1:] == b[mismatch + 1:] or (  # one letter substituted
        a[mismatch + 1:mismatch + 2] == b[mismatch:mismatch + 1]  # or two neighbours swapped
        and a[mismatch:mismatch + 1] == b[mismatch + 1:mismatch + 2]
        and a[mismatch + 2:] == b[mismatch + 2:]
    )


def _typo_match(origin: str) -> str | None:
    """The one known post a typo away from ``origin`` (1 edit, 2 for names of 9+ letters), or None.

    A post one edit away wins over posts two edits away; several posts at the same distance give None.
    """
    limit = 2 if len(origin) >= 9 else 1
    if len(origin) > _LONGEST_POST + limit:  # too long for any post
        return None
    found = [post for post in _typo_candidates(origin, 1) if _within_one_edit(origin, post)]
    if len(found) == 1:
        return found[0]
    if found or limit == 1:
        return None
    found = [post for post in _typo_candidates(origin, limit) if _osa_distance_at_most(origin, post, limit)]
    return found[0] if len(found) == 1 else None


def _prefix_match(origin: str) -> str | None:
    """The one known post that starts with ``origin`` (an abbreviation such as ``HALIF``), or None."""
    if len(origin) < 3:
        return None
    # The posts that start with ``origin`` sit together in sorted order, from where ``origin`` would go.
    first = bisect_left(_SORTED_POSTS, origin)
    if first == len(_SORTED_POSTS) or not _SORTED_POSTS[first].startswith(origin):
        return None
    if first + 1 < len(_SORTED_POSTS) and _SORTED_POSTS[first + 1].startswith(origin):
        return None
    return _SORTED_POSTS[first]


def _clean_origin(text: str) -> str:
    """Upper case, only letters and digits, ``0`` read as ``O`` inside words, embassy words removed."""
    origin = _NON_ID_CHARS_RE.sub("", text.upper())
    origin = _ZERO_AS_O_RE.sub("O", origin)
    if "EMBASSY" in origin or "AMCONSUL" in origin:
        origin = _EMBASSY_RE.sub("", origin)
    return origin


def _exact(origin: str) -> str | None:
    """A known post or alias, exactly."""
    if origin in KNOWN_POSTS:
        return origin
    return _ALIASES.get(origin)


def _without_junk(origin: str) -> str | None:
    """A known post once a WikiLeaks prefix or a trailing country code / ``WASHDC`` is removed."""
    for prefix in _JUNK_PREFIXES:
        if origin.startswith(prefix) and len(origin) > len(prefix) + 1:
            found = _exact(origin[len(prefix):])
            if found:
                return found
    stripped = _JUNK_SUFFIX_RE.sub("", origin)
    if stripped != origin and stripped:
        found = _exact(stripped)
        if found:
            return found
    if len(origin) >= 6:
        return _exact(origin[:-2])
    return None


@lru_cache(maxsize=8192)
def _resolve(origin: str, fuzzy_min_length: int, strip_garbage: bool = True) -> str | None:
    """The canonical known origin for a cleaned origin, or None when none fits."""
    if not origin:
        return None
    found = _exact(origin) or (_without_junk(origin) if strip_garbage else None)
    if found:
        return found
    if len(origin) < fuzzy_min_length:
        return None
    return _prefix_match(origin) or _typo_match(origin) or (_known_tail(origin) if strip_garbage else None)


def _known_tail(origin: str) -> str | None:
    """A known post (5+ letters) that ends ``origin`` after 3+ letters of garbage (``SIFIEDABUJA``)."""
    for start in range(3, len(origin) - 4):
        if origin[start:] in KNOWN_POSTS:
            return origin[start:]
    return None


def known_post(text: str, *, fuzzy_min_length: int = 3, strip_garbage: bool = True) -> str | None:
    """The canonical origin for a post name as written (``RIO DE JAN`` → ``RIODEJANEIRO``), or None.

    Returns None when the name is not a known post, not an alias and no abbreviation or near typo of one.
    Abbreviation and typo repair apply only to names of at least ``fuzzy_min_length`` letters. With
    ``strip_garbage=False`` the repairs meant for WikiLeaks ids (prefixes such as ``EFTO``, a trailing
    country code, garbage before a known post) are off: running text needs them less and they would read
    ``STATE CA`` (a circular airgram) as ``STATE``.
    """
    if not isinstance(text, str):
        return None
    return _known_post_cached(text, fuzzy_min_length, strip_garbage)


@lru_cache(maxsize=8192)
def _known_post_cached(text: str, fuzzy_min_length: int, strip_garbage: bool) -> str | None:
    return _resolve(_clean_origin(text), fuzzy_min_length, strip_garbage)


def canonical_post(post: str) -> str:
    """The origin part of a reference id for a post name as written (``RIO DE JAN`` → ``RIODEJANEIRO``).

    Unknown names come back cleaned (upper case, no spaces, no ``EMBASSY``) rather than guessed.
    """
    if not isinstance(post, str):
        return ""
    return _canonical_post(post)


@lru_cache(maxsize=4096)  # post names as written repeat from cable to cable
def _canonical_post(post: str) -> str:
    """``canonical_post`` of a string, cached."""
    origin = _clean_origin(post)
    return _resolve(origin, 3) or origin


def _two_digit_year(year: int | str | None) -> str | None:
    """``2009``, ``9`` or ``"09"`` → ``"09"``; None for anything else."""
    try:
        value = int(year)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if value < 0:
        return None
    return f"{value % 100:02d}"


def _serial_number(serial: int | str) -> int | None:
    """A serial as an int: leading zeros dropped, a letter O read as 0 (``O1512``)."""
    if isinstance(serial, bool):
        return None
    if isinstance(serial, int):
        return serial if serial >= 0 else None
    if not isinstance(serial, str):
        return None
    digits = serial.strip().upper().replace("O", "0").lstrip("-")
    if not digits.isdigit() or len(digits) > 9:
        return None
    return int(digits)


def reference_id_from_parts(year: int | str, post: str, serial: int | str) -> str | None:
    """The canonical id from a year, a post name and a serial as written.

    For the classification line ``UNCLAS SECTION 01 OF 02 CHENGDU 000165`` of a 2009 cable:
    ``reference_id_from_parts(2009, "CHENGDU", "000165")`` → ``09CHENGDU165``. None when a part is unusable.
    """
    yy = _two_digit_year(year)
    number = _serial_number(serial)
    origin = canonical_post(post) if isinstance(post, str) else ""
    if yy is None or number is None or not origin or not origin.isalpha():
        return None
    return f"{yy}{dated_post(origin, yy)}{number}"


def _split_origin_serial(rest: str) -> tuple[str, str] | None:
    """Origin and serial from what follows the year, with WikiLeaks garbage removed."""
    rest = _ZERO_AS_O_RE.sub("O", rest.lstrip("0123456789"))  # a doubled year (``7575LIBREVILLE1895``)
    section = _SECTION_JUNK_RE.match(rest)
    if section and any(ch.isdigit() for ch in section.group(0)):
        rest = rest[section.end():]
    match = _ORIGIN_SERIAL_RE.match(rest)
    if not match:
        return None
    return match.group(1), match.group(2)


def canonical_id(text: str, *, year: int | None = None) -> str | None:
    """The canonical reference id for an id or id-like string, or None when it has no origin and serial.

    ``05UNVIE1`` → ``05UNVIEVIENNA1``, ``06SECSTATE123`` → ``06STATE123``, ``2005 PANAMA 2342`` →
    ``05PANAMA2342``, ``07SETION02OF02BAKU1501`` → ``07BAKU1501``, ``09EFTORIYADH1110`` → ``09RIYADH1110``,
    ``87CHENNAI3108`` → ``87MADRAS3108`` (the name the post had that year, see ``dated_post``).
    Without a year in the text, ``year`` (the citing cable's) is used: ``canonical_id("BEIJING 4697",
    year=2008)`` → ``08BEIJING4697``. An origin that is not a known post is kept as written, cleaned.
    """
    if not isinstance(text, str):
        return None
    compact = _NON_ID_CHARS_RE.sub("", text.upper())
    if not compact:
        return None
    if compact[0].isdigit():
        match = _ID_RE.match(compact)
        if not match:
            return None
        yy, rest = match.group(1), match.group(2)
    else:
        yy, rest = _two_digit_year(year), compact
        if yy is None:
            return None
    parts = _split_origin_serial(rest)
    if parts is None:
        return None
    origin, serial = parts
    return reference_id_from_parts(yy, origin, serial)
