"""The REF block: its lettered items, what each cites, and the canonical ids of cited cables.

A REF block (cable-format.md §7.2) looks like ``REF: A. BEIJING 1063 B. 08 STATE 4697 C. EMAIL 05/11/07``,
wrapped over lines, with ``¶`` before bullets (added by the WikiLeaks renderer), page markers in the middle,
blank lines between items, and often the ``Classified By`` line or paragraph 1 right after it on the same
line. Reading it takes four steps:

1. clean: ``¶``, trailing backslashes and page markers (``MADRID 00000869 001.2 OF 004``) go;
2. cut: the block starts after the first ``REF:``/``REFS.:``/``REFTEL``/``REFERENCE:`` (or at the start when there is
   none) and stops at ``Classified By``, a paragraph number, a spaced-out classification line, a
   ``SUBJECT``/``TAGS``/``E.O.`` line, or a blank line that is not followed by another item;
3. split: bullets (``A.``, ``(A)``, ``A)``, ``[A]``, ``A:``, ``A -``) are accepted only in alphabetical
   order, so that ``(C)`` in ``KUWAIT (C)02293`` or ``U.S.`` are not taken for bullets; a doubled bullet
   (``A. A)``) counts once; text before the first bullet and items without one are split at ``;``;
4. read: every ``[year] POST serial [year]`` whose post is a known origin becomes a cable reference
   (``AND``, ``&`` and commas continue the previous post: ``BRASILIA 2799 AND 2764``), the year may also
   stand between post and serial (``STATE 04 274600``); a six-digit number followed by a month is a
   date-time group and a serial followed by more groups of digits a report number, neither an id; a
   renamed post takes the name of the cited year (``MADRAS 3108`` of 1987 → ``87MADRAS3108``, see
   ``ids.dated_post``); other items are typed by their words (email, telcon, memo, report, other).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cableparse.fields.ids import dated_post, known_post
from cableparse.model import Reference, ReferenceKind

__all__ = ["parse_references"]

# --- cleaning ------------------------------------------------------------------------------------

_PILCROW_RE = re.compile("[\u00b6\ufffd]")
# ``MADRID 00000869 001.2 OF 004``: post, zero-padded MRN, page of pages (may wrap over lines).
_PAGE_MARKER_RE = re.compile(
    r"(?:\b[A-Z][A-Z.'-]{1,20}(?: [A-Z.'-]{1,20}){0,3} )?(?<!0)0{2,}\d{1,6}\s{1,12}\d{3}(?:\.\d)?\s{1,4}OF\s{1,4}\d{3}\b"
)
# Old page header: ``CONFIDENTIAL PAGE 02 ROME 01196 01 OF 02 082030Z``.
_OLD_PAGE_RE = re.compile(
    r"\b(?:UNCLAS\w{0,6}|LIMITED OFFICIAL USE|CONFIDENTIAL|SECRET)\s{1,4}PAGE\s{1,4}\d{2,3}\s{1,4}"
    r"[A-Z][A-Z ]{1,25}?\s\d{2,6}\s{1,4}\d{2}\s{1,4}OF\s{1,4}\d{2}(?:\s{1,4}\d{6}Z?)?"
)
_TRAILING_BACKSLASH_RE = re.compile(r"(?<![ \t])[ \t]*\\[ \t]*$", re.M)

# --- where the block starts and stops ------------------------------------------------------------

_MARKER_RE = re.compile(r"REF(?:TEL|ERENCE)?S?\.?[ \t]{0,3}:|^[ \t]*REF(?:TEL)?S?\b", re.I | re.M)
_REPEATED_MARKER_RE = re.compile(r"^\s*REF(?:TEL)?S?\s{0,3}:?\s*", re.I)
# Where the block ends inside a line. Each pattern runs on the lower-cased line, and only when a cheap
# substring test says it might match (these run on every line of the block: the hot path).
_PARAGRAPH_MARK_RE = re.compile(r"(?:^|\s)\d{1,2} ?\. ?\((?:u|c|s|sbu|lou|s/nf|c/nf|ts|s//nf|c//nf)\)")  # 1. (C)
_INLINE_STOPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Classified By (and "Classiied By"), with the portion mark some cables put before it
    ("ied", re.compile(r"(?:\((?:u|c|s|sbu)\)\s{0,3})?class\w{0,3}ied\s{1,3}by\b")),
    ("this ", re.compile(r"(?:\((?:u|c|s|sbu)\)\s{0,3})?\bthis (?:message|cable|telegram) is\b")),
    ("sensitive but", re.compile(r"\bsensitive but unclass")),
    (".(", _PARAGRAPH_MARK_RE),
    (". (", _PARAGRAPH_MARK_RE),
    ("\u00b6", re.compile(r"\u00b6 ?\d{1,2} ?\.")),  # ¶1. (the pilcrow is still there)
    ("end ref", re.compile(r"\bend refs?\b")),
)
# S e c r e t, C O N F I D E N T I A L, C O R R E C T E D: a classification line spelled out.
_SPACED_WORD_RE = re.compile(r"\s*(?:[a-z] ){4,}[a-z]\b")
_LINE_STOP_FIRST = frozenset("0123456789-sbetuc")
_LINE_STOP_RE = re.compile(
    r"^[ \t]*(?:\d{1,2} ?\.(?!\d)|-{3,}|(?:begin )?summary\b|sipdis\b|e\. ?o\. ?\d|tags\b|subj(?:ect)?\b"
    r"|(?:unclas(?:sified)?|confidential|secret)\s{1,3}(?:section\b|[a-z ]{2,25}\d{6}))",
    re.I,
)
_BULLET_LINE_RE = re.compile(r"^[\s\u00b6\ufffd\-*]*(?:\(?[A-Za-z][.):\]]|\[[A-Za-z]\])")
# A line that starts with the serial of an item cut before it (``C) SAO PAULO`` / blank / ``1483; D) …``).
_SERIAL_LINE_RE = re.compile(r"^[ \t]*\d{1,7}[;,](?:\s|$)")
# The last line so far ends in the middle of an item: a bullet (and maybe its year), AND, a comma.
_INCOMPLETE_RE = re.compile(
    r"(?:(?:^|[\s;,])(?:\(?[A-Za-z][.):\]]\)?|\[[A-Za-z]\]|REFS?:?)(?:\s+(?:\d{2}|(?:19|20)\d{2}))?"
    r"|\band|&|,)\s*$",
    re.I,
)

# --- items -------------------------------------------------------------------------------------

_BULLET_RE = re.compile(
    r"[\s;,](?:\((?P<paren>[A-Za-z])\)|\[(?P<square>[A-Za-z])\]|(?P<plain>[A-Za-z])(?:\.\)|\.|\)|:| -))"
    r"(?=\s|\(|[A-Z]{2}|[A-Z][a-z]|\d{2} )"  # ``A)04 Dar es Salaam 2602``: a year right after the bullet
)
_BARE_BULLET_RE = re.compile(r"(?<![^\s;,])(?P<bare>[A-Z])\s(?=[A-Za-z0-9'])")
_BARE_START_RE = re.compile(r"^\s*A\s(?=\S)")
# A letter O in a serial (``LAGOS O1512``) and a digit 0 in a post name (``COTON0U``, ``0TTAWA``). Each
# pattern starts with its literal so that the engine jumps from candidate to candidate.
_O_FOR_ZERO_RE = re.compile(r"O(?<![A-Za-z]O)(?=\d{2,7}\b)")
_ZERO_FOR_O_RE = re.compile(r"0(?:(?<=[A-Za-z]0)(?=[A-Za-z]|\b)|(?<![0-9A-Za-z]0)(?=[A-Za-z]{3}))")
_APOSTROPHE_YEAR_RE = re.compile(r"['\u2019\u2018](?=\d{2}\b)")

# ``[year] POST [(yy) | yy] serial [-yy | yy]``. Post words are letters with dots/apostrophes inside. A
# serial followed by more groups of digits is an intelligence report number (``SOFIA 6 811 0045 05``).
_CABLE_RE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:(?P<year>\d{4}|0?\d{2})[ -]{0,3})?"
    r"(?P<post>[A-Za-z][A-Za-z'.]{0,24}(?:[ -]{1,2}[A-Za-z][A-Za-z'.]{0,24}){0,4}?)"
    r"[ -]{0,3}(?:\((?P<year2>\d{2})\) ?|\([A-Z]\) ?|(?P<year5>\d{2}) (?=\d{4,7}(?![\dA-Za-z])))?"
    r"(?P<serial>\d{1,7})(?![\dA-Za-z])(?! \d{3}(?!\d))"
    r"(?:(?: ?- ?(?P<year3>\d{2})| (?P<year4>\d{2}))(?![\d/])(?=\s*(?:[,;.):]|$|[A-Z]\)|AND\b)))?"
)
# ``TUNIS 091214 MAY 97``: a six-digit "serial" followed by a month is a date-time group, not a serial.
_MONTH_AFTER_RE = re.compile(r" ?(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]{0,6}\.? ?\d{2}\b", re.I)
_SIMPLE_CABLE_RE = re.compile(
    r"(?:(?P<year>\d{4}|\d{2}) )?(?P<post>[A-Za-z][A-Za-z'.]{0,24}(?: [A-Za-z][A-Za-z'.]{0,24}){0,3}) (?P<serial>\d{1,7})"
)
_CONTINUATION_RE = re.compile(
    r"\s*(?:,|&|\band\b|\bAND\b)\s*(?P<serial>\d{1,7})(?![\dA-Za-z/])(?![.)]?\s*-?\s*[A-Za-z][A-Za-z'. ]{0,40}\d)",
)
_REVERSED_RE = re.compile(r"^\W*(?P<serial>\d{1,7})\s+(?P<post>[A-Za-z][A-Za-z'.]{1,20}(?: [A-Za-z][A-Za-z'.]{0,20}){0,2})\W*$")
_BARE_SERIAL_RE = re.compile(r"^\W*(?P<serial>\d{1,7})\W*$")
_CONNECTOR_START = frozenset(",;&:aA")
_CONNECTOR_END = frozenset(",;&:-")
_CONNECTOR_RE = re.compile(r"^(?:\s|,|;|&|:|\band\b|\bAND\b)+|(?:\s|,|;|&|:|\band\b|\bAND\b)+$")

_KIND_RULES: tuple[tuple[ReferenceKind, re.Pattern[str]], ...] = (
    (ReferenceKind.EMAIL, re.compile(r"e-?\s?mails?\b|\bemail", re.I)),
    (ReferenceKind.TELCON, re.compile(r"\btele?cons?\b|\bphone\b|\btelephone\b|\bcall\b", re.I)),
    (ReferenceKind.MEMO, re.compile(r"\bmemcons?\b|\bmemo\b|\bmemorandum\b|\bmemoranda\b|\bmeeting notes\b", re.I)),
    (
        ReferenceKind.REPORT,
        re.compile(r"\breports?\b|\bIIR\b|\bTD-\d|\bOSC\b|\bINTSUM\b|\bFBIS\b|\bstudy\b|\bassessment\b", re.I),
    ),
    (
        ReferenceKind.CABLE,
        re.compile(
            r"\btelegrams?\b|\bcables?\b|\bmsg\b|\bmessage\b|\bDTG\b|\b\d{6}Z\b|\bR\d{6}Z\b"
            r"|\b\d{6} (?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)",
            re.I,
        ),
    ),
)


def _clean(text: str) -> str:
    """The text without trailing backslashes and page markers (pilcrows are kept for the stop rules)."""
    if "\\" in text:
        text = _TRAILING_BACKSLASH_RE.sub("", text)
    if " OF " in text or "\nOF " in text:
        text = _PAGE_MARKER_RE.sub(" ", text)
        if "PAGE" in text:
            text = _OLD_PAGE_RE.sub(" ", text)
    return text


def _block(text: str) -> str:
    """The REF block: from after the first REF marker to the first place where it clearly ends."""
    marker = _MARKER_RE.search(text)
    if marker:
        text = text[marker.end():]
    while True:  # ``REF: REF: SECSTATE 58408``, ``Ref:  Ref A) Taipei``
        repeated = _REPEATED_MARKER_RE.match(text)
        if not repeated or repeated.end() == 0:
            break
        text = text[repeated.end():]
    kept: list[str] = []
    blank = False
    for index, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if not stripped or stripped in {"-", "\u00b6"}:
            blank = bool(kept)
            continue
        if (
            (kept or not (marker and index == 0))
            and stripped[0].lower() in _LINE_STOP_FIRST
            and _LINE_STOP_RE.match(line)
        ):
            break
        if blank and not (
            _BULLET_LINE_RE.match(line) or _INCOMPLETE_RE.search(kept[-1][-24:]) or _SERIAL_LINE_RE.match(line)
        ):
            break
        blank = False
        stop = _inline_stop(line)
        if stop is not None:
            if line[:stop].strip():
                kept.append(line[:stop])
            break
        kept.append(line)
    block = " ".join(kept)
    if "\u00b6" in block or "\ufffd" in block:
        block = _PILCROW_RE.sub(" ", block)
    return " ".join(block.split())  # whitespace runs to one space (str.split and re's \s agree on it)


def _inline_stop(line: str) -> int | None:
    """Where the block ends inside ``line`` (``… 07 STATE 17940 Classified By: …``), or None."""
    lower = line.lower()
    if _SPACED_WORD_RE.match(lower):
        return 0
    earliest: int | None = None
    for needle, pattern in _INLINE_STOPS:
        if needle in lower:
            found = pattern.search(lower)
            if found and (earliest is None or found.start() < earliest):
                earliest = found.start()
    return earliest


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1)


def _items(block: str) -> list[tuple[str | None, str]]:
    """The block split at its bullets: (letter or None, text) in order."""
    bullets: list[tuple[int, int, str]] = []
    last: str | None = None
    last_end = -1
    for match in _BULLET_RE.finditer(" " + block):
        letter = (match.group("paren") or match.group("square") or match.group("plain")).upper()
        start, end = match.start(), match.end() - 1  # the separator matched before it; the space added
        if last is None:
            if letter != "A":
                continue
        elif letter == last and not block[last_end:start].strip():
            # A doubled bullet (``A. A)``, ``A. (A)``): extend the first.
            bullets[-1] = (bullets[-1][0], end, letter)
            last_end = end
            continue
        elif letter not in (last, _next_letter(last)):
            continue
        bullets.append((start, end, letter))
        last, last_end = letter, end
    if not bullets and _BARE_START_RE.match(block):
        bullets = _bare_bullets(block)
    if not bullets:
        return [(None, block)] if block else []
    items: list[tuple[str | None, str]] = []
    if block[: bullets[0][0]].strip():
        items.append((None, block[: bullets[0][0]]))
    for index, (_, end, letter) in enumerate(bullets):
        stop = bullets[index + 1][0] if index + 1 < len(bullets) else len(block)
        items.append((letter, _strip_repeated_bullet(block[end:stop], letter)))
    return items


def _bare_bullets(block: str) -> list[tuple[int, int, str]]:
    """Bullets written as bare letters (``A Montreal 365, B Ottawa 406``), when the block starts so."""
    bullets: list[tuple[int, int, str]] = []
    expected = "A"
    for match in _BARE_BULLET_RE.finditer(block):
        if match.group("bare") == expected:
            bullets.append((match.start(), match.end(), expected))
            expected = _next_letter(expected)
    return bullets if len(bullets) > 1 or block.lstrip().startswith("A -") else []


def _strip_repeated_bullet(text: str, letter: str) -> str:
    """``REF A STATE 122214`` → ``STATE 122214``; ``REF: KATHMANDU 2282`` → ``KATHMANDU 2282``."""
    text = text.strip()
    repeated = _REPEATED_MARKER_RE.match(text)
    if repeated and repeated.end():
        text = text[repeated.end():]
        if len(text) > 2 and text[0].upper() == letter and text[1] in " .)":
            text = text[2:].lstrip(" .)")
    return text


def _yy(value: str | None) -> str | None:
    """Two-digit year from ``08``, ``2008`` or a mistyped ``094``; None if not a plausible year."""
    if not value:
        return None
    if len(value) == 4:
        return value[2:] if value[:2] in ("19", "20") else None
    return value[-2:]


# Words that a number follows in running text and that are one typo from a post (``PARAS`` ~ ``PARIS``).
_NOT_POSTS = frozenset({"PARA", "PARAS", "PARAGRAPH", "PAGE", "PAGES", "SECTION", "ITEM", "NUMBER", "NO", "VOL"})


_WORD_SEPARATOR_RE = re.compile(r"[ -]{1,2}")


@lru_cache(maxsize=4096)
def _resolve_post(words: str) -> tuple[str, int] | None:
    """The known origin named by the last words of ``words`` and where those words start, or None."""
    if words.rsplit(None, 1)[-1].upper().strip(".") in _NOT_POSTS:
        return None
    origin = known_post(words, fuzzy_min_length=5, strip_garbage=False)
    if origin:  # the common case: all the words name the post
        return origin, 0
    for separator in _WORD_SEPARATOR_RE.finditer(words):
        origin = known_post(words[separator.end():], fuzzy_min_length=5, strip_garbage=False)
        if origin:
            return origin, separator.end()
    return None


def _kind_of(text: str) -> ReferenceKind:
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return ReferenceKind.OTHER


def _segment_references(
    segment: str, letter: str | None, default_yy: str | None, own_post: str | None
) -> list[Reference]:
    """The references of one ``;``-separated piece of an item."""
    text = segment.strip(" ;,")
    if not text:
        return []
    simple = _SIMPLE_CABLE_RE.fullmatch(text)
    if simple:  # the common case, ``08 BEIJING 004697``: one cable and nothing else
        resolved = _resolve_post(simple.group("post"))
        if resolved is not None and resolved[1] == 0:
            yy = _yy(simple.group("year")) or default_yy
            ref_id = _make_id(yy, resolved[0], simple.group("serial"))
            return [_reference(letter=letter, text=text, reference_id=ref_id, kind=ReferenceKind.CABLE)]
    found: list[tuple[int, int, str | None]] = []  # (start, end, id)
    position = 0
    while True:
        match = _CABLE_RE.search(text, position)
        if not match:
            break
        resolved = _resolve_post(match.group("post"))
        serial = match.group("serial")
        if resolved is None or (len(serial) == 6 and _MONTH_AFTER_RE.match(text, match.end("serial"))):
            position = match.start("serial") + 1
            continue
        origin, offset = resolved
        stated_yy = match.group("year2") or match.group("year5") or match.group("year3") or match.group("year4")
        yy = _yy(stated_yy or match.group("year"))
        if offset:  # words in front of the post are not part of it, nor is a year before them
            yy = _yy(stated_yy)
        yy = yy or default_yy
        start = match.start("post") + offset if offset else match.start()
        found.append((start, match.end(), _make_id(yy, origin, serial)))
        position = match.end()
        while True:  # ``2799 AND 2764``, ``11657 and 7743, 12155``
            more = _CONTINUATION_RE.match(text, position)
            if not more:
                break
            found.append((more.start("serial"), more.end(), _make_id(yy, origin, more.group("serial"))))
            position = more.end()
    if not found:
        return _uncited(text, letter, default_yy, own_post)
    references = []
    for index, (start, _, ref_id) in enumerate(found):
        piece_start = 0 if index == 0 else start
        piece_end = found[index + 1][0] if index + 1 < len(found) else len(text)
        piece = text[piece_start:piece_end].strip()
        if piece[:1] in _CONNECTOR_START or piece[-1:] in _CONNECTOR_END or piece.endswith(("AND", "and")):
            piece = _CONNECTOR_RE.sub("", piece).rstrip(" -")
        references.append(_reference(letter=letter, text=piece, reference_id=ref_id, kind=ReferenceKind.CABLE))
    return references


def _uncited(text: str, letter: str | None, default_yy: str | None, own_post: str | None) -> list[Reference]:
    """An item with no ``POST serial``: a reversed ``870 Ulaanbaatar``, a bare serial, or another kind."""
    reversed_form = _REVERSED_RE.match(text)
    if reversed_form:
        origin = known_post(reversed_form.group("post"), fuzzy_min_length=5, strip_garbage=False)
        if origin:
            ref_id = _make_id(default_yy, origin, reversed_form.group("serial"))
            return [_reference(letter=letter, text=text, reference_id=ref_id, kind=ReferenceKind.CABLE)]
    bare = _BARE_SERIAL_RE.match(text)
    if bare:  # a serial alone cites a cable of the citing post, unless it is too high for a post abroad
        serial = bare.group("serial")
        plausible = own_post is not None and (own_post == "STATE" or len(serial.lstrip("0")) <= 5)
        ref_id = _make_id(default_yy, own_post, serial) if plausible else None
        return [_reference(letter=letter, text=text, reference_id=ref_id, kind=ReferenceKind.CABLE)]
    return [_reference(letter=letter, text=text, kind=_kind_of(text))]


# The model's own validator: the same validated Reference as ``Reference(...)`` without the Python frame
# of ``BaseModel.__init__`` (a third cheaper; ``model_construct`` is slower still in pydantic 2).
_validate_reference = Reference.__pydantic_validator__.validate_python


def _reference(*, letter: str | None, text: str, reference_id: str | None = None, kind: ReferenceKind) -> Reference:
    """One validated Reference."""
    return _validate_reference({"letter": letter, "text": text, "reference_id": reference_id, "kind": kind})


def _make_id(yy: str | None, origin: str | None, serial: str) -> str | None:
    if yy is None or not origin:
        return None
    return f"{yy}{dated_post(origin, yy)}{int(serial)}"


_OWN_ID_RE = re.compile(r"(\d{2})([A-Z]+)\d+$")


def _citing_parts(year: int | None, reference_id: str | None) -> tuple[str | None, str | None]:
    """Default two-digit year and own post from the citing cable's year and id."""
    default_yy = f"{year % 100:02d}" if isinstance(year, int) and year >= 0 else None
    own_post = None
    if isinstance(reference_id, str):
        own = _OWN_ID_RE.match(reference_id)
        if own:
            default_yy = default_yy or own.group(1)
            own_post = own.group(2)
    return default_yy, own_post


def parse_references(text: str, *, year: int | None = None, reference_id: str | None = None) -> list[Reference]:
    """The items of a REF block, in order, each typed; cited cables get their canonical id.

    ``text`` is the block as it stands in the cable (it may start with ``REF:``, carry ``¶`` before bullets
    and page markers, and run on into ``Classified By`` or paragraph 1, where reading stops). Without an
    explicit year an id takes ``year``, the citing cable's year (from ``reference_id`` when ``year`` is
    None). An item that names several cables (``BRASILIA 2799 AND 2764``) gives one reference per cable,
    all with the item's letter. A serial alone (``A) 6307``) cites a cable of the citing post.

    A reference to the citing cable itself (``reference_id``) is dropped: it is an artifact of a page
    marker or a repeated header, never a real citation (cablemap issue #4). Never raises: odd input gives
    an empty list.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        return _parse(text, year, reference_id)
    except (ValueError, IndexError, TypeError):  # defensive: a parser of found text must not raise
        return []


def _parse(text: str, year: int | None, reference_id: str | None) -> list[Reference]:
    default_yy, own_post = _citing_parts(year, reference_id)
    block = _block(_clean(text))
    if not block:
        return []
    block = _O_FOR_ZERO_RE.sub("0", block)
    if "0" in block:
        block = _ZERO_FOR_O_RE.sub("O", block)
    if "'" in block or "\u2019" in block or "\u2018" in block:
        block = _APOSTROPHE_YEAR_RE.sub("", block)
    references: list[Reference] = []
    for letter, item in _items(block):
        for segment in item.split(";"):
            for reference in _segment_references(segment, letter, default_yy, own_post):
                if reference.reference_id is not None and reference.reference_id == reference_id:
                    continue
                references.append(reference)
    return references
