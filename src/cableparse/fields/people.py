"""People named in a cable: the signer(s) at the end of the body, and person names in general
(cable-format.md §5.3, §7.6).

* ``find_signature`` finds the signature block at the end of a body and the signer names;
* ``split_person`` splits ``Political Counselor F. Daniel Sainz`` into title and name (used for the
  Classified By line);
* ``normalize_person_name`` turns ``THOMAS W. SIMONS, JR.`` into ``Thomas W. Simons, Jr.``.

All functions are pure and never raise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["find_signature", "is_title_word", "normalize_person_name", "split_person", "strip_trailing_signer"]

# --- case-insensitive search, made cheap -----------------------------------------------------------

# The only characters beyond ASCII that IGNORECASE matches to an ASCII letter (İ ı ſ K). Every other
# character keeps its length, its "word" class (\w) and its being ASCII or not under str.lower().
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered_for_search(text: str) -> str | None:
    """``text.lower()``, in which a pattern that has no upper-case letter, compiled *without* IGNORECASE,
    matches at the same positions as that pattern with IGNORECASE matches in ``text``; None when ``text``
    holds one of the four characters for which that is not so (the caller then uses IGNORECASE).

    An IGNORECASE search tries every branch of a pattern at every position; a case-sensitive pattern
    whose branches start with a letter is skipped over at C speed, many times faster.
    """
    if text.isascii() or _FOLDS_TO_ASCII.search(text) is None:
        return text.lower()
    return None


# --- titles and names ------------------------------------------------------------------------------

# Words of titles and offices that come before a name on a Classified By line. Lower case, without dots.
_TITLE_WORDS = frozenset(
    """
    acting deputy assistant associate chief cief head director dir coordinator secretary sec minister min
    counselor counsellor counsel coun couns consul consular general gen officer off adviser advisor
    representative rep rep. charge chargé chargè affaires affairs ambassador amb envoy special senior
    principal regional political pol economic econ economical commercial cultural public press labor
    science environmental management military mil defense security diplomatic legal permanent
    interagency provincial governance institutional section unit mission office post desk staff
    program programs country observer liaison attache attaché executive under undersecretary
    classification guide department state bureau embassy consulate usun useu usnato usoecd us u.s.
    cda dcm rso arso pao dpo ecpo io ipo ait isn das a/s prt emin ecmin polmin econmin pmin mcounselor
    polcouns econcouns conoff econoff poloff mgmtoff ecoff polecon pol/econ pe p/e e/p ep refcoord
    narcotics refugee refugees affairs. chair chairman president vice resident inl nas dao mgmt
    a.i. ai i.a. ecpo ecop polmil pol-mil pmo rsi lno ncis fbi dea cia dhs dod ustr osd
    """.split()
)
# Typos and run-together titles seen in the archives ("Ambassadro", "AMBSSADOR", "Counsleor",
# "Minister-Counselour", "Affiars") are caught by their beginnings.
_TITLE_PREFIXES = (
    "amb", "abass", "counsel", "counsl", "counsle", "cousel", "minist", "secreta", "direct", "coordinat",
    "represen", "repres", "charg", "affa", "affi", "consul", "deput", "assist", "politic", "econom",
    "officer", "adviser", "advisor", "attach",
)  # fmt: skip
_TITLE_INFIXES = ("couns", "counselor", "ambassad")
# Title words that only qualify the noun after them: a third given name is not accepted after these.
_TITLE_MODIFIERS = frozenset(
    "acting deputy assistant associate political pol economic econ economical commercial senior principal "
    "regional special legal permanent interagency provincial institutional under vice a.i. and of for".split()
)
_STOP_WORDS = frozenset("for by of to the and at on in per fr from with de d' a.i. a.y. i.a.".split())
# Particles that start a surname ("DE PREE", "LA LIME", "Van Voorst").
_SURNAME_PARTICLES = frozenset("de la le van von der den del di da du st st. mc mac o' ben bin al el".split())
# Camel-case prefixes that belong to names, not to run-together titles ("McNerney" vs "PolMinCons").
_NAME_CAMEL_PREFIXES = ("mc", "mac", "de", "di", "da", "du", "la", "le", "van", "von", "o'", "d'", "fitz", "st")

_INITIAL = re.compile(r"^(?:[A-Z0]\.?|(?:[A-Z]\.){2,3}[A-Z]?\.?)$")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z0'’`\\-]*[A-Za-z0]$|^[A-Z]\.[A-Z][A-Za-z]{1,20}$")
_SUFFIX_TOKEN = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)
_MARKER_TOKEN = re.compile(r"^[a-z]\.\s?[a-z]\.?$")
_CAMEL = re.compile(r"[a-z][A-Z]")
_TITLE_PART_SPLIT = re.compile(r"[-/]")


_APOSTROPHE_PREFIXES = ("d'", "d’", "d`", "d,")


def _letters(token: str) -> str:
    return "".join(filter(str.isalpha, token))


@lru_cache(maxsize=8192)  # words repeat from cable to cable; the answer depends on the word only
def is_title_word(token: str) -> bool:
    """True when ``token`` is (part of) a title or office: ``Ambassador``, ``DCM``, ``Pol/Econ``, ``ECONOFF``.

    Knows the usual abbreviations, the typos seen in the archives, run-together forms (``PolMinCons``,
    ``ECONCOUNS``), hyphenated titles (``AMBASSADOR-AT-LARGE``) and the French ``d'Affaires``.
    """
    word = token.strip(".,:;()\"'").replace("\\", "")
    lower = word.lower()
    if lower.startswith(_APOSTROPHE_PREFIXES):  # "d'Affaires"
        for prefix in _APOSTROPHE_PREFIXES:
            if lower.startswith(prefix) and len(lower) > 2:
                lower = lower[2:]
    if not lower:
        return False
    if lower in _TITLE_WORDS or lower.rstrip(".") in _TITLE_WORDS:
        return True
    if lower.startswith(_TITLE_PREFIXES) or any(map(lower.__contains__, _TITLE_INFIXES)):
        return True
    if "-" in lower or "/" in lower:
        return any(part and is_title_word(part) for part in _TITLE_PART_SPLIT.split(lower))
    if _CAMEL.search(word) and not lower.startswith(_NAME_CAMEL_PREFIXES):
        return True
    return False


@lru_cache(maxsize=8192)
def _is_title_noun(token: str) -> bool:
    """A title word that is a noun (``Officer``), not a qualifier (``Acting``, ``Political``)."""
    lower = token.strip(".,:;").lower()
    return len(_letters(token)) >= 2 and is_title_word(token) and lower not in _TITLE_MODIFIERS


@lru_cache(maxsize=8192)
def _is_initial(token: str) -> bool:
    """``J.``, ``J``, ``J.R.``: an initial (or initials), not a word."""
    return _INITIAL.match(token) is not None


def _is_marker(token: str) -> bool:
    """``s.b.``, ``e.o``: a stray marker after a name. A match is five characters long at most."""
    return len(token) <= 5 and _MARKER_TOKEN.match(token) is not None


def _is_suffix(token: str) -> bool:
    """``Jr.``, ``III``: a name suffix. A match is four characters long at most."""
    return len(token) <= 4 and _SUFFIX_TOKEN.match(token) is not None


_TOKEN = re.compile(r"\S+")
_TOKEN_EDGE = ",;:\"“”()"
# A component without these is split at white space only.
_TOKEN_SPECIAL = re.compile("[,;:\"“”()/]")


def _tokens(component: str) -> list[tuple[str, int, int, bool]]:
    """Split a name component into (token, start, end, came from a slash): ``DCM/Ted`` → DCM, Ted."""
    if _TOKEN_SPECIAL.search(component) is None:
        return [(match.group(), match.start(), match.end(), False) for match in _TOKEN.finditer(component)]
    return _tokens_with_marks(component)


def _tokens_with_marks(component: str) -> list[tuple[str, int, int, bool]]:
    """``_tokens`` for a component with punctuation or slashes: strip the one, split at the other."""
    out: list[tuple[str, int, int, bool]] = []
    for match in _TOKEN.finditer(component):
        raw = match.group(0)
        token = raw.strip(_TOKEN_EDGE)
        if not token:
            continue
        start = match.start() + raw.index(token)
        if "/" in token and token.lower() not in _TITLE_WORDS:
            offset = start
            for part in token.split("/"):
                if part:
                    out.append((part, offset, offset + len(part), True))
                offset += len(part) + 1
        else:
            out.append((token, start, start + len(token), False))
    return out


def split_person(component: str, *, mixed_case: bool = True) -> tuple[str, str]:
    """Split ``Political Counselor F. Daniel Sainz`` into ``('Political Counselor', 'F. Daniel Sainz')``.

    The name is read from the right: an optional suffix (``Jr.``, ``III``), a surname, initials and at
    most two given names (a third only when a title noun or nothing stands before it, so that
    ``ACTING E/P CIEF JEFF ZAISER`` gives ``JEFF ZAISER``). In mixed-case text an all-capitals word
    (``DCM``, ``CDA``) is a title unless the surname is in capitals too. The name is returned as written
    (``Robert O. Blake, Jr.``). Returns ``('', '')`` when there is no name.
    """
    component = component.replace("\\'", "'")
    tokens = _tokens(component)
    index = len(tokens) - 1
    while index >= 0 and _is_marker(tokens[index][0]):
        index -= 1
    end = tokens[index][2] if index >= 0 else 0
    while index >= 0 and _is_suffix(tokens[index][0]):
        index -= 1
    if index < 0:
        return "", ""
    surname = tokens[index][0].rstrip(".")
    caps_are_titles = mixed_case and not surname.isupper()
    if _is_initial(surname) or not _is_name_token(surname, caps_are_titles):
        return "", ""
    first = index
    index -= 1
    full_words = 1
    while index >= 0:
        token, _, _, from_slash = tokens[index]
        if _is_initial(token) and not from_slash:
            if full_words >= 2 and not token.endswith("."):
                break
            first = index
            index -= 1
            continue
        if full_words >= 3 or not _is_name_token(token, caps_are_titles):
            break
        if full_words == 2 and index > 0 and not _is_title_noun(tokens[index - 1][0]):
            break
        first = index
        full_words += 1
        index -= 1
    name = component[tokens[first][1] : end].strip(" ,;:")
    title = component[: tokens[first][1]].strip(" ,:;-/")
    return title, name


@lru_cache(maxsize=8192)
def _is_name_token(token: str, caps_are_titles: bool) -> bool:
    """A word that can be part of a person's name here (not a title, a stop word or a number)."""
    if not _NAME_WORD.match(token) or len(_letters(token)) < 2:
        return False
    if token.lower() in _STOP_WORDS or is_title_word(token):
        return False
    if caps_are_titles and token.isupper():
        return False
    return True


def normalize_person_name(name: str) -> str:
    """A name in the usual capitalisation: ``THOMAS W. SIMONS, JR.`` → ``Thomas W. Simons, Jr.``.

    Names already in mixed case keep their capitals. The OCR zero for O (``LEE 0. COLDREN``,
    ``B0HLEN``) is read as the letter. ``MCDONALD`` → ``McDonald``, ``O'DONOHUE`` → ``O'Donohue``,
    ``STRAUSZ-HUPE`` → ``Strausz-Hupe``; roman numerals stay in capitals.
    """
    if not name:
        return name
    fixed = _OCR_ZERO.sub("O", name)
    if any(char.islower() for char in fixed):
        return fixed
    return _WORD_IN_NAME.sub(_capitalise_word, fixed)


_OCR_ZERO = re.compile(r"(?<=[A-Za-z])0|0(?=[A-Za-z])|(?<![0-9A-Za-z])0(?=\.)")
_WORD_IN_NAME = re.compile(r"[A-Za-z]+")
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII"})


def _capitalise_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word in _ROMAN:
        return word
    lower = word.lower()
    if lower.startswith("mc") and len(word) > 3:
        return "Mc" + lower[2].upper() + lower[3:]
    return lower[:1].upper() + lower[1:]


# --- signatures ------------------------------------------------------------------------------------

_CLASSIFICATION_LINE = re.compile(
    r"^(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE|"
    r"U N C L A S S I F I E D|C O N F I D E N T I A L|S E C R E T|SENSITIVE BUT UNCLASSIFIED|"
    r"SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|SENSITIVE|FOUO|EYES ONLY)"
    r"(?:[ /]{1,3}(?:NOFORN|SIPDIS|FOUO|ONLY|SENSITIVE|NODIS|EXDIS|ORCON|REL[A-Z ,]{0,30}|ROGER))*[ /.]{0,3}$",
    re.IGNORECASE,
)
_END_MARKER = re.compile(
    r"^[>\"' ]{0,4}(?:N{3,4}|BT|#[0-9]{1,5}|END CABLE TEXT|=+ ?CABLE ENDS ?=+|CABLE ENDS|"
    r"NOTE BY [A-Z/ ]{1,12}:.*|[0-9]{4}[A-Z]{1,12}[0-9]{1,6} - (?:CLASSIFICATION: )?[A-Z /]{6,40}[ \"]{0,3}|"
    r"DECLASSIFIED/RELEASED .*|SYSTEMATIC REVIEW .*|SELECT \* FROM .*|(?:</?[a-z]{1,8}\b[^>]{0,80}>[ \t]*)+|"
    r"[-.=*#>\"'”_/,;\\ ]{1,80})$",
    re.IGNORECASE,
)
_PAGE_MARKER = re.compile(
    r"^(?:PAGE [0-9]{2,3} .{4,60}|[A-Z][A-Z .'-]{1,20} [0-9]{8} {1,3}[0-9]{3}(?:\.[0-9])? OF [0-9]{3})$"
)
# "Visit Embassy X's Classified Website at http://…": a boilerplate footer, before or after the signer.
_WEB_FOOTER = re.compile(r"https?:|www\.|\.gov\b|classified web ?site|portal:|intelink", re.IGNORECASE)
_WEB_FOOTER_MAX = 110
# The same, for text lowered by ``lowered_for_search``.
_WEB_FOOTER_LOWER = re.compile(r"https?:|www\.|\.gov\b|classified web ?site|portal:|intelink")
# A name glued to the end of such a footer or of a URL ("…/index. cfm Tuttle", "…/can ada WILKINS").
_NAME_AFTER_URL = re.compile(r"[ \t]([A-Z][A-Za-z'’-]{2,30})[ \t]{0,4}$")
# A name after a closing formula without a stop: "End Comment MATHIEU".
_NAME_AFTER_FORMULA = re.compile(
    r"(?:\bEND (?:OF )?(?:TEXT|COMMENT|FYI|QUOTE|SUMMARY|NOTE|MESSAGE)|\bUNQUOTE|\bMINIMIZE CONSIDERED|[Xx]{4}|\*{3}|"
    r"[0-9]{3}(?:\.[0-9])? OF [0-9]{3})"
    r"[ \t.:]{1,6}([A-Z][A-Z'’-]{1,30})[ \t]{0,4}$",
    re.IGNORECASE,
)
# "HALL NNNN 2004ROME02926 - Classification: CONFIDENTIAL": the end of message on the signer's line.
_INLINE_END = re.compile(r"(?<![ \t])[ \t]+N{3,4}\b.{0,80}$")
_ENDS_WITH_REDACTION = re.compile(r"(?<![Xx])[Xx]{4,}[ \t.]{0,3}$")
# Site-build artefacts at the end of a line: a `` \\`` continuation mark, a tab and an ISO date.
_CONTINUATION = re.compile(r"(?<![ \t])(?:[ \t]+[0-9]{4}-[0-9]{2}-[0-9]{2})?[ \t]*(?:\\[ \t]*)?$")
# Footers of the El País copies.
_PRESS_FOOTER = re.compile(r"@ EL P|^ID:[ \t]*[0-9]{1,8}$|impresi[oó]n:")
_SEPARATOR_END = re.compile(r"(?:(?<!\*)\*{3,}|(?<!=)={3,}|(?<!-)-{3,})[ \t]*$")
_REDACTED = re.compile(r"^[Xx]{4,}$")

# One to three words of a name on a line of its own, with the odd stray mark after it ("GILLESPIE##").
_NAME_LINE = re.compile(
    r"^[ \t]{0,40}((?:[A-Z][A-Za-z'’`-]{0,30}\.?[ \t]{1,3}){0,2}[A-Z][A-Za-z'’`-]{1,30})[ \t#*.,\"”]{0,6}$"
)
_NAME_LINE_MAX = 150  # _NAME_LINE matches at most 148 characters
# A name after the end of the last sentence on the same line: "… END COMMENT. HOAGLAND".
_NAME_AFTER_SENTENCE = re.compile(
    r"(?P<end>[.!?][\"”')]{0,2}|[)\"”])[ \t]{1,12}"
    r"(?P<name>(?:(?:DE|LA|LE|DI|DU|VAN|VON|DEL|DA|De|La|Le|Di|Du|Van|Von|Del|Da)[ \t])?[A-Z][A-Za-z'’`-]{1,30})"
    r"(?P<stop>\.?)[ \t#*]{0,4}$"
)
# Formulas that close a text before a signer on the same line (old cables); after these the name is
# accepted even in an all-capitals text.
_CLOSING_FORMULA = re.compile(
    r"(?:END (?:OF )?(?:TEXT|COMMENT|FYI|QUOTE|SUMMARY|NOTE|MESSAGE)|UNQUOTE|MINIMIZE CONSIDERED|"
    r"END CABLE)[ .]{0,3}[.!]?[\"”')]{0,2}$",
    re.IGNORECASE,
)
_SENTENCE_PUNCTUATION = (".", "!", "?", ")", '"', "”", ":", "'", "’", "]")
_NOT_SIGNER_WORDS = frozenset(
    """
    END TEXT COMMENT COMMENTS SUMMARY NOTE NOTES QUOTE UNQUOTE BEGIN REGARDS THANKS THANK YOU FYI SIPDIS
    NOFORN CONFIDENTIAL SECRET UNCLASSIFIED LIMITED OFFICIAL USE ACTION REQUEST REQUESTED MINIMIZE
    THE AN OF AND TO IN FOR ON AT BY WITH IS ARE WAS WERE WE IT THIS THAT AS OR BUT NOT BE HAS HAVE
    CONSIDERED ENDS CABLE MESSAGE TELEGRAM CLASSIFIED DECLASSIFIED AMBASSADOR CHARGE DCM STATE SECSTATE
    WASHDC BT NNNN NNN EXDIS NODIS LIMDIS STADIS SENSITIVE INFO YES NO OK OVER ALL NONE DONE AGREED
    APPROVED PARA PARAS ETC SUBJECT TAGS REF REFTEL REFTELS CLEARED DRAFTED SIGNED BEST WISHES TEXT
    SECTION PAGE EMBASSY CONSULATE POST DEPARTMENT SECRETARY AMEMBASSY AMCONSUL SENDS GP GDS OADR
    DECL PM AM UTC GMT UN US USG NATO EU ENDIT PLEASE ADVISE APPRECIATED TRUE COPY ORIGINAL SIGNATURE
    ABOVE BELOW FOLLOWS FOLLOWING ATTACHMENT ENCLOSURE TBD NA N/A
    """.split()
)


# What a continuation tail can be made of; a line that ends otherwise has none.
_CONTINUATION_CHARS = " \t\\0123456789-"
_CONTINUATION_LAST = frozenset(" \t\\0123456789\n")
# The end-anchored signer patterns (_NAME_AFTER_FORMULA, _NAME_AFTER_URL, _NAME_AFTER_SENTENCE,
# _CLOSING_FORMULA) match at most 61 characters before the end of a line: searching only the last
# 64 finds the same match and does not scan a long paragraph line.
_LINE_END_SPAN = 64


def _core(line: str) -> str:
    """The line without trailing blanks and the `` \\`` continuation mark some site builds add."""
    if not line or line[-1] not in _CONTINUATION_LAST:
        return line  # the usual case: nothing to take off
    if line[-1] == "\n":
        return _CONTINUATION.sub("", line)
    # The mark is made of blanks, digits, "-" and "\\" only: search just that tail of the line.
    match = _CONTINUATION.search(line, len(line.rstrip(_CONTINUATION_CHARS)))
    return line[: match.start()] if match is not None else line


def _strip_inline_end(line: str) -> str:
    """``line`` without an end-of-message mark written after the signer (``HALL NNNN 2004ROME…``)."""
    return _INLINE_END.sub("", line) if "NNN" in line else line


# Lines up to this length are judged through a cache: the lines around a signature (names, end marks,
# classification lines, blank lines) come back in cable after cable; longer lines are text, seen once.
_CACHED_LINE_MAX = 80


def _is_trailer(line: str) -> bool:
    """A line that may follow the signer: end-of-message marks, classification, page marks, footers."""
    if len(line) <= _CACHED_LINE_MAX:
        return _is_short_trailer(line)
    return _judge_trailer(line)


@lru_cache(maxsize=4096)
def _is_short_trailer(line: str) -> bool:
    """``_is_trailer`` of a short line, cached."""
    return _judge_trailer(line)


def _judge_trailer(line: str) -> bool:
    """``_is_trailer`` without the cache."""
    stripped = _core(line).strip()
    if not stripped:
        return True
    if len(stripped) > _WEB_FOOTER_MAX:
        # A long line is never a footer; the (costly) footer search only vetoes the other marks.
        return _is_end_matter(stripped) and not _has_web_footer(stripped)
    if _has_web_footer(stripped):
        return _NAME_AFTER_URL.search(stripped) is None
    return _is_end_matter(stripped)


def _has_web_footer(text: str) -> bool:
    """Same as ``_WEB_FOOTER.search(text) is not None``."""
    lowered = lowered_for_search(text)
    if lowered is not None:
        return _WEB_FOOTER_LOWER.search(lowered) is not None
    return _WEB_FOOTER.search(text) is not None


def _is_end_matter(stripped: str) -> bool:
    """An end-of-message mark, a classification line, a page mark or a press footer."""
    return bool(
        _END_MARKER.match(stripped)
        or _CLASSIFICATION_LINE.match(stripped)
        or _PAGE_MARKER.match(stripped)
        or (
            # each branch of _PRESS_FOOTER holds one of these literals
            ("@ EL P" in stripped or "impresi" in stripped or stripped.startswith("ID:"))
            and _PRESS_FOOTER.search(stripped)
        )
    )


@lru_cache(maxsize=4096)
def _name_words_ok(name: str) -> bool:
    words = name.replace(".", " ").split()
    if not words or len(words) > 3:
        return False
    if any(word.upper() in _NOT_SIGNER_WORDS for word in words):
        return False
    for word in words:
        letters = _letters(word)
        if len(set(letters.upper())) == 1 and len(letters) > 1:  # "YYY", "XXXX"
            return False
    return not all(is_title_word(word) for word in words)


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_PUNCTUATION)


def _whole_line_name(line: str) -> str | None:
    """The name when the whole line is one (``BROWN``, ``DE PREE``, ``Randt``, ``GILLESPIE##``)."""
    if len(line) > _NAME_LINE_MAX:
        return None
    return _short_line_name(line)


@lru_cache(maxsize=4096)  # signer lines ("RICE", "CLINTON") come back in cable after cable
def _short_line_name(line: str) -> str | None:
    """``_whole_line_name`` of a line of at most ``_NAME_LINE_MAX`` characters, cached."""
    match = _NAME_LINE.match(line)
    if match is None:
        return None
    name = match.group(1).strip()
    words = name.split()
    # Title case is accepted for one word only ("Randt"); longer title-case lines are headings or text.
    if len(words) > 1 and not name.isupper():
        return None
    # Several words in capitals: a particle or a suffix ("DE PREE", "TIMKEN JR"), or a double surname
    # without a stop ("SCHREIBER HUGHES"); "LAST SENTENCE." is the end of a sentence.
    if len(words) > 1 and not (
        words[0].rstrip(".").lower() in _SURNAME_PARTICLES
        or _SUFFIX_TOKEN.match(words[-1])
        or (len(words) == 2 and not line.rstrip().endswith("."))
    ):
        return None
    if len(words) == 2 and words[0] == words[1]:  # "KUBISKE KUBISKE": a doubled line
        name = words[0]
    return name if _name_words_ok(name) else None


def find_signature(lines: Sequence[str]) -> tuple[int, list[str]]:
    """Find the signature block at the end of a body.

    ``lines`` are the body's lines (cleaned; page markers already removed, though left-over ones are
    skipped too). Returns ``(index, names)``: the index of the signer's line (the start of the signature
    block; what follows it is end-of-message matter such as ``NNNN``, a repeated classification,
    ``End Cable Text``), and the signer names as written. With no signer: ``(len(lines), [])``.

    The signer is the last line of text when it is a name in capitals or a single word in title case
    (``BROWN``, ``Randt``, ``STRAUSZ-HUPE``, ``DE PREE``); two such lines in capitals are two signers.
    When the signer shares the last line with the end of the last sentence (``… END COMMENT. HOAGLAND``)
    the name is returned but the index points past that line: the line also carries text, and the caller
    strips the name from it. A name is taken from the end of a sentence only when it stands after the
    sentence's final stop, has no stop of its own, and is either in capitals within mixed-case text,
    follows a closing formula (``END OF TEXT.``, ``MINIMIZE CONSIDERED.``), or is a lone capitalised word
    after a mixed-case sentence; the last word of a sentence is never taken.
    """
    count = len(lines)
    index = count - 1
    # skip what follows a signer
    while index >= 0 and _is_trailer(lines[index]):
        index -= 1
    if index >= 0 and _REDACTED.match(lines[index].strip()):
        return count, []
    # a lower-case echo of the signer ("Huntsman" / "huntsman") is a rendering artefact
    if index >= 1 and lines[index].strip().islower() and lines[index].strip() == lines[index - 1].strip().lower():
        index -= 1
    if index < 0:
        return count, []
    line = _strip_inline_end(_core(lines[index]))
    name = _whole_line_name(line)
    if name is not None:
        previous = _previous_content(lines, index)
        if previous is None or _signer_may_follow(lines, previous, index, name):
            names = [name]
            start = index
            second = _second_signer_line(lines, index, name)
            if second is not None:
                names.insert(0, _whole_line_name(lines[second]) or "")
                start = second
            return start, names
        return count, []
    same_line = _name_after_last_sentence(line)
    if same_line is not None:
        return index + 1, [same_line]
    return count, []


def _previous_content(lines: Sequence[str], index: int) -> int | None:
    """Index of the closest non-blank line before ``index``, or None."""
    position = index - 1
    while position >= 0 and not lines[position].strip():
        position -= 1
    return position if position >= 0 else None


def _signer_may_follow(lines: Sequence[str], previous: int, index: int, name: str) -> bool:
    """Whether the line at ``index`` stands apart from the text before it (so it is not a wrapped word)."""
    if previous < index - 1:  # a blank line between
        return True
    before = _core(lines[previous])
    if _ends_sentence(before) or _is_trailer(before) or _ends_with_redaction(before):
        return True
    if _CLOSING_FORMULA.search(before, max(0, len(before) - _LINE_END_SPAN)) or _ends_with_separator(before):
        return True
    # a short code line such as "GP-3" or "YYY"
    if len(before.strip()) <= 8 and " " not in before.strip():
        return True
    # a name in capitals under mixed-case text ("City" / "ARREAGA")
    return name.isupper() and _has_lower(before)


def _has_lower(text: str) -> bool:
    """True when ``text`` holds a lower-case letter (``isupper`` answers all-capitals text at C speed)."""
    return not text.isupper() and any(map(str.islower, text))


def _without_final_newline(line: str) -> str:
    """``line`` less one final newline (where ``$`` also matches)."""
    return line[:-1] if line.endswith("\n") else line


def _ends_with_redaction(line: str) -> bool:
    """Same as ``_ENDS_WITH_REDACTION.search(line)``: four X or more, then at most three of `` \\t.``."""
    body = _without_final_newline(line)
    head = body.rstrip(" \t.")
    return len(body) - len(head) <= 3 and len(head) - len(head.rstrip("Xx")) >= 4


def _ends_with_separator(line: str) -> bool:
    """Same as ``_SEPARATOR_END.search(line)``: ``***``, ``===`` or ``---`` then blanks at the end."""
    head = _without_final_newline(line).rstrip(" \t")
    mark = head[-1:]
    return mark in ("*", "=", "-") and len(head) - len(head.rstrip(mark)) >= 3


def _second_signer_line(lines: Sequence[str], index: int, name: str) -> int | None:
    """The line just above a signer when it holds a second signer in capitals, else None."""
    if not name.isupper() or index < 1:
        return None
    above = index - 1
    other = _whole_line_name(lines[above])
    if other is None or not other.isupper() or len(other.split()) > 2:
        return None
    before = _previous_content(lines, above)
    if before is not None and before == above - 1 and not _ends_sentence(lines[before]):
        return None
    return above


def _name_after_last_sentence(line: str) -> str | None:
    """The signer written after the end of the last sentence on the same line, or None."""
    tail = max(0, len(line) - _LINE_END_SPAN)
    formula = _NAME_AFTER_FORMULA.search(line, tail)
    if formula is not None and formula.group(1).isupper() and _name_words_ok(formula.group(1)):
        return formula.group(1)
    glued = _NAME_AFTER_URL.search(line, tail)
    if (
        glued is not None
        and _name_words_ok(glued.group(1))
        and not is_title_word(glued.group(1))
        and _has_web_footer(line)  # last: it scans the whole line
    ):
        return glued.group(1)
    match = _NAME_AFTER_SENTENCE.search(line, tail)
    if match is None:
        return None
    name = match.group("name")
    if not _name_words_ok(name):
        return None
    text_before = line[: match.start("end") + 1].rstrip()  # not empty: it ends with the stop
    last_word = text_before.rsplit(None, 1)[-1]
    sentence_is_mixed = _has_lower(text_before)
    if name.isupper() and (
        sentence_is_mixed or _CLOSING_FORMULA.search(text_before, max(0, len(text_before) - _LINE_END_SPAN))
    ):
        return name
    if match.group("stop"):  # only a capitals name in mixed-case text may carry a stop ("STEPHENS.")
        return None
    # "U.S. Congress": a stop after an abbreviation does not end the sentence
    if match.group("end").startswith(".") and not _ends_real_word(last_word):
        return None
    if name.isupper():
        # all-capitals text: accept after a sentence stop only when the line holds several words
        return name if len(text_before.rsplit(None, 2)) >= 3 else None
    # a lone title-case word after mixed-case text ("… do together. Aguirre")
    if sentence_is_mixed and " " not in name and not is_title_word(name):
        return name
    return None


def _ends_real_word(word: str) -> bool:
    """True when ``word`` (ending in a stop) is a word or number, not an abbreviation (``U.S.``, ``Mr.``)."""
    core = word.rstrip(".!?\"”')")
    tail = core.rsplit(".", 1)[-1]
    if len(_letters(tail)) == 1 and not any(char.isdigit() for char in tail):
        return False
    return core.lower() not in {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "amb", "gen", "no", "vs", "etc"}


def strip_trailing_signer(line: str, name: str) -> str:
    """``line`` without the signer ``name`` written after its last sentence (see ``find_signature``).

    ``"… END COMMENT. HOAGLAND"`` → ``"… END COMMENT."``. Also drops an end-of-message mark or footer
    glued after the name. A line that does not end with the name is returned unchanged (trailing blanks
    and continuation marks removed).
    """
    core = _strip_inline_end(_core(line)).rstrip(" \t#*")
    if not name or not core.endswith(name):
        return core
    return core[: len(core) - len(name)].rstrip()
