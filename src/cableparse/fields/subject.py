"""The SUBJECT line: find it, join its wrapped lines, and put it in title case.

cable-format.md §7.1: the subject may wrap over several lines; it ends at a blank line, a REF line,
``Classified By``, a paragraph number, the spaced classification of a repeated header (``C O N …``)
or a caption such as ``SENSITIVE BUT UNCLASSIFIED``, and these may also follow on the same line.
A leading portion mark (``(U)``, ``(C)``) is not part of the subject.

All public functions are pure and never raise.
"""

from __future__ import annotations

import html
import re

from cableparse.fields.tags import ORGANIZATION_CODES

__all__ = ["clean_subject", "titlecase"]

# The keyword, in capitals, sentence case or lower case, possibly fused to a tag before it
# (``POLITICAL PARTIESSUBJECT:``).
_SUBJECT_KEY = re.compile(
    r"(?:(?<![A-Za-z])(?:SUBJ(?:ECT)?|Subj(?:ect)?|subj(?:ect)?)|(?<=[A-Z])SUBJECT)[ \t]*:[ \t]*"
)
# How far into the text another SUBJECT keyword is looked for when the first one holds no subject.
_SEARCH_LIMIT = 5000
# Text that ends the subject within a line.
_INLINE_STOP = re.compile(
    r"\s(?:REF(?:S|TELS?|\(S\))?|Ref(?:s|tels?|\(s\))?)\s*:"
    r"|(?<!\s)\s*\bCLASSIFIED\s+BY\b|(?<!\s)\s*\bClassified\s+[Bb]y\b"
    r"|(?<!\s)\s*\bSENSI?TIVE\s+BUT\b|(?<!\s)\s*\bSensitive\s+[Bb]ut\b"
    r"|(?<!\s)\s*\bC O N F\b|(?<!\s)\s*\bS E C R\b|(?<!\s)\s*\bU N C L\b"
)
# Words one of which _INLINE_STOP needs (it is case-sensitive): substring tests spare the regex, which
# tries all its branches at every position, on almost every line.
_INLINE_STOP_WORDS = ("CLASSIFIED", "Classified", "SENS", "Sensitive", "C O N F", "S E C R", "U N C L")
# A line that ends the subject.
_STOP_LINE = re.compile(
    r"(?:REF(?:S|TELS?|\(S\))?\b|Ref(?:s|tels?|\(s\))?\b|CLASSIFIED\s|Classified\s|C O N|S E C|U N C"
    r"|SENSI?TIVE BUT|Sensitive [Bb]ut|THIS IS AN? ACTION|This is an? [Aa]ction|E\.\s?O\.|TAGS\b|Tags:"
    r"|¶|\d{1,2}\s?\.\s*(?:\(|[A-Za-z])|\d{1,2}\s?\)\s|-{3,})",
)
# Page-break lines: ``PAGE 02 HARARE 01234 …`` (old layout) and ``DUBAI 00000049 001.2 OF 003``.
_PAGE_LINE = re.compile(r"PAGE\s+\d{1,3}\b|[A-Z][A-Z .'-]{1,30}\s\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b")
_CLASSIFICATION_LINE = re.compile(
    r"(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|SECRET NOFORN)\s*\Z"
)
# A portion mark that opens the subject: ``(U)``, ``(SBU)``, ``(C/NF)``, ``(S//NF)``.
_LEADING_MARK = re.compile(
    r"\((?:TS|S|C|U|SBU|LOU|FOUO|NF)(?:/{1,2}(?:REL(?: TO)?(?:[ ,]+[A-Z]{2,4}){1,8}|[A-Z]{1,6})){0,3}\)\s*",
    re.IGNORECASE,
)
_TRAILING_MARK = re.compile(r"\s\((?:TS|S|C|U|SBU|LOU|FOUO)(?:/{1,2}[A-Z]{1,6}){0,3}\)\Z")
_LOWER = re.compile(r"[a-z]")
_REDACTION_RUN = re.compile(r"[Xx]{4,}")


def clean_subject(text: str) -> str | None:
    """The subject of a cable, joined on one line with whitespace folded; None when there is none.

    ``text`` is the SUBJECT block as it stands in a cable (or a longer stretch of the cable that
    contains it). The keyword may be ``SUBJECT:``, ``SUBJ:``, with or without a space, in any case.
    The subject stops at the first blank line, REF, ``Classified By``, paragraph number, repeated
    header or caption, on the same line or a following one. A leading portion mark is dropped, a
    word split at a line-end hyphen is joined (``US-\\nLATIN`` → ``US-LATIN``), HTML character
    references are decoded. ``CORRECTED COPY`` is kept as written.
    """
    if not isinstance(text, str) or not text:
        return None
    if text.startswith("SUBJECT:"):
        subject = _one_line_subject(text)
        if subject is not None:
            return subject
    return _find_subject(text)


def _find_subject(text: str) -> str | None:
    """clean_subject for any text: the first SUBJECT keyword that is followed by a subject."""
    for match in _SUBJECT_KEY.finditer(text):
        subject = _subject_at(text, match.end())
        # A subject cut to "..." (04THEHAGUE281) is followed by a fuller copy of the header.
        if subject is not None and _has_alphanumeric(subject):
            return subject
        if match.start() > _SEARCH_LIMIT:
            break
    return None


def _one_line_subject(text: str) -> str | None:
    """The subject of the commonest SUBJECT text, ``SUBJECT: …`` on one line with a blank line or the
    end after it; None for any other text, or when the general path would look further.

    Gives what _subject_at gives for such a text: the first line is the whole subject, and only a stop
    within it can cut it (the test for an all-capitals subject matters for the lines after the first).
    """
    line_end = text.find("\n")
    if line_end < 0:
        line = text[8:]
    else:
        next_end = text.find("\n", line_end + 1)
        following = text[line_end + 1 : next_end] if next_end >= 0 else text[line_end + 1 :]
        if following.strip(" \t\r\\"):
            return None
        line = text[8:line_end]
    line = line.strip(" \t\r\\")
    if not line:
        return None
    stop = _inline_stop(line)
    if stop:
        line = line[: stop.start()].rstrip()
        if not line:
            return None
    subject = _tidy(line)
    return subject if subject is not None and _has_alphanumeric(subject) else None


def _has_alphanumeric(subject: str) -> bool:
    """True when the subject has a letter or digit (most start with one)."""
    return subject[0].isalnum() or any(char.isalnum() for char in subject)


def _subject_at(text: str, start: int) -> str | None:
    """The cleaned subject that starts at ``start``, or None."""
    lines = _subject_lines(text, start)
    if not lines:
        return None
    return _tidy(_join_lines(lines))


def _tidy(subject: str) -> str | None:
    """The joined subject with references decoded, whitespace folded and portion marks dropped; None if empty."""
    if "&" in subject:
        subject = html.unescape(subject)
    # The same as replacing each whitespace run by a space (split() and the regex \s agree on whitespace).
    subject = " ".join(subject.split()).strip(" \\")
    subject = _LEADING_MARK.sub("", subject, count=1) if subject.startswith("(") else subject
    if subject.endswith(")"):
        subject = _TRAILING_MARK.sub("", subject)
    subject = subject.strip()
    return subject or None


def _subject_lines(text: str, start: int) -> list[str]:
    """The lines of the subject, from ``start`` (just after the keyword) to the first stop."""
    raw_lines = text[start:].split("\n", 40)[:40]
    lines: list[str] = []
    upper_mode: bool | None = None
    index = 0
    # "SUBJECT:" alone on its line, the subject after one or two blank lines (09CAIRO1945).
    while index < len(raw_lines) and index < 3 and not raw_lines[index].strip(" \t\r\\"):
        index += 1
    while index < len(raw_lines):
        line = raw_lines[index].strip(" \t\r\\")
        if not line:
            break
        if lines:
            if _STOP_LINE.match(line):
                break
            if _PAGE_LINE.match(line):
                index += 1
                continue
            if _CLASSIFICATION_LINE.match(line):
                following = raw_lines[index + 1].strip() if index + 1 < len(raw_lines) else ""
                if not following or _PAGE_LINE.match(following):
                    # The classification that heads a new page (``CONFIDENTIAL\nPAGE 02 …``).
                    index += 1
                    continue
            if upper_mode and _has_lowercase(line):
                # An all-capitals subject followed by a sentence: the body has started.
                break
        stop = _inline_stop(line)
        if stop:
            line = line[: stop.start()].rstrip()
            if line:
                lines.append(line)
            break
        lines.append(line)
        if upper_mode is None:
            upper_mode = not _has_lowercase(line)
        index += 1
    return lines


def _inline_stop(line: str) -> re.Match[str] | None:
    """Where text that ends the subject starts within ``line`` (REF, Classified By, a caption), or None."""
    if (":" in line and ("REF" in line or "Ref" in line)) or _has_stop_word(line):
        return _INLINE_STOP.search(line)
    return None


def _has_stop_word(line: str) -> bool:
    """True when one of _INLINE_STOP_WORDS is in the line (written out: cheaper than a loop over them)."""
    return (
        "CLASSIFIED" in line
        or "Classified" in line
        or "SENS" in line
        or "Sensitive" in line
        or "C O N F" in line
        or "S E C R" in line
        or "U N C L" in line
    )


def _has_lowercase(line: str) -> bool:
    """True when a line has lower-case letters outside redactions (``xxxxx``) and ordinals (``55th``)."""
    if _LOWER.search(line) is None:  # an all-capitals line (most of them): nothing to count
        return False
    cleaned = _REDACTION_RUN.sub("", line)
    return len(_LOWER.findall(cleaned)) > 3


def _join_lines(lines: list[str]) -> str:
    """Join subject lines: a line ending in a hyphen runs into the next word without a space."""
    out = lines[0]
    for line in lines[1:]:
        if out.endswith("-") and not out.endswith(" -") and not out.endswith("--"):
            out += line
        else:
            out += " " + line
    return out


# --- title case --------------------------------------------------------------------------------

# Words kept lower case inside a title (Gruber's list, which cablemap's expectations follow).
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "of", "on", "or", "the", "to",
     "v", "v.", "via", "vs", "vs."}
)
# Two-letter English words: any other two-letter capitalised word is taken for an acronym (UK, EU, PM).
_TWO_LETTER_WORDS = frozenset(
    {"AH", "AM", "AN", "AS", "AT", "AX", "BE", "BY", "DO", "GO", "HE", "HI", "IF", "IN", "IS", "IT",
     "ME", "MY", "NO", "OF", "OH", "OK", "ON", "OR", "OX", "SO", "TO", "UP", "WE"}
)
# Title abbreviations without vowels that are words, not acronyms.
_ABBREVIATIONS = frozenset({"MR", "MRS", "MS", "DR", "ST", "JR", "SR", "LT", "MT", "FT", "PT", "VS"})
# Acronyms common in cable subjects that contain a vowel (vowel-less ones are found by rule).
_COMMON_ACRONYMS = frozenset(
    """
    ABM ACTA AFRICOM AIDS AIPAC AKP ANC ANP APEC AQAP AQI AQIM ARENA ASAT ASEAN AUC BMD BRIC CAFTA
    CARICOM CEO CDA CENTCOM CIA CITES COMESA CPA CTBT CT DAS DCM DEA DHS DIA DOD DOE DOJ DOS DPRK DROC
    DRL EAP ECA ECOWAS EU EUCOM EUR EXBS FAO FATA FBI FDI FMF FOIA FTA FTAA FY GAO GDP GOA GOAJ GOB
    GOC GOE GOF GOG GOH GOI GOJ GOK GOL GOM GON GOP GOQ GOR GOS GOSL GOSS GOU GOV GOY GOZ GSP HIV HRC
    HRW HUMINT ICE ICITAP IDP IDPS IEDS IED IFI ILEA IMET IO IPO IPR IRGC IRI ISAF ISI ISN JEM KDP KFOR
    LDC LNG LOU MEK MEPI MFA MINUSTAH MOD MOI MONUC MOU MP NAFTA NAS NATO NEA NEPAD NGO NGOS NIS NPT
    NORAD OAS OAU OECD OES OIC OIG OPEC OSCE PA PAO PDA PEPFAR PKK PLA PLO PNA PNC POL PRC PRT PRTS
    PSI PUK ROK RSO SADC SCA SCO SEC SOUTHCOM TIP TPS UAE UAV UK UN UNAMA UNAMI UNESCO UNGA UNHCR
    UNHRC UNICEF UNIFIL UNSC UNSCR USAID USEU USG USTR USUN VAT VIP VOA WFP WMD WTO
    """.split()
)
# Codes of organisations that are also English words must not be kept in capitals (``WHO IS …``).
_ACRONYMS = _COMMON_ACRONYMS | (ORGANIZATION_CODES - {"WHO", "ETA", "NAM", "ALBA", "FATAH", "HAMAS", "TALIBAN"})
_VOWELS = frozenset("AEIOUY")
_ROMAN = re.compile(r"(?=[IVX]{2,}\Z)X{0,3}(?:IX|IV|V?I{0,3})\Z")
_WORD_PARTS = re.compile(r"(--|-|/|–|—)")
_EDGES = re.compile(r"([^A-Za-z0-9]*)(.*?)([^A-Za-z0-9.]*)\Z", re.DOTALL)
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}\Z")


def titlecase(subject: str) -> str:
    """The subject in title case, keeping acronyms.

    Small words (a, and, of, the, to, in, on, …) stay lower case except first, last, after a colon,
    a dash or an opening bracket or quote. Acronyms stay in capitals: known ones (USG, MONUC, JEM),
    words without vowels (MTCR, GPC), two-letter non-words (UK, EU), dotted ones (U.S.) and Roman
    numerals (III). Redactions (``xxxxxxxxxxxx``) become ``XXXXXXXXXXXX``. In a subject written in
    mixed case, words that already carry capitals are kept as written (``DoD``, ``PD``).
    """
    if not isinstance(subject, str):
        return ""
    words = subject.split()
    if not words:
        return ""
    mixed = _is_mixed_case(subject)
    out: list[str] = []
    starts_phrase = True
    last = len(words) - 1
    for position, word in enumerate(words):
        if word in ("-", "--", "–", "—"):
            out.append(word)
            starts_phrase = True
            continue
        out.append(_title_word(word, starts_phrase, position == last, mixed))
        starts_phrase = word.endswith(":")
    return " ".join(out)


def _is_mixed_case(subject: str) -> bool:
    """True when the subject is written in lower or mixed case rather than in capitals."""
    cleaned = _REDACTION_RUN.sub("", subject)
    lower = sum(1 for char in cleaned if char.islower())
    upper = sum(1 for char in cleaned if char.isupper())
    return lower > upper


def _title_word(word: str, first: bool, last: bool, mixed: bool) -> str:
    """One whitespace-delimited word, which may hold hyphenated or slashed parts."""
    parts = _WORD_PARTS.split(word)
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2 == 1:
            out.append(part)
            continue
        is_first = first and index == 0
        is_last = last and index == len(parts) - 1
        after_slash = index > 0 and parts[index - 1] == "/"
        out.append(_title_part(part, is_first, is_last, mixed, after_slash))
    return "".join(out)


def _title_part(part: str, first: bool, last: bool, mixed: bool, after_slash: bool) -> str:
    match = _EDGES.match(part)
    if match is None:  # pragma: no cover - the pattern matches every string
        return part
    lead, core, trail = match.groups()
    if not core:
        return part
    # A bracket or quote opens a phrase: its first word is capitalised.
    opens = first or any(char in lead for char in "(\"'“‘[")
    return lead + _title_core(core, opens, last, mixed, after_slash) + trail


def _title_core(core: str, opens: bool, last: bool, mixed: bool, after_slash: bool) -> str:
    if _REDACTION_RUN.fullmatch(core):
        return core.upper()
    if _DOTTED.match(core):
        return core.upper() if not mixed else core
    stem = core[:-1] if core.endswith(".") else core
    dot = core[len(stem) :]
    if any(char.isdigit() for char in stem):
        return core
    letters = [char for char in stem if char.isalpha()]
    if not letters:
        return core
    has_upper = any(char.isupper() for char in letters)
    has_lower = any(char.islower() for char in letters)
    if has_upper and has_lower and any(char.isupper() for char in stem[1:]):
        return core  # Written in mixed case on purpose: DoD, McCain.
    if has_upper and not has_lower:
        base, possessive = _split_possessive(stem)
        if len(base) == 1 and (after_slash or base != "A"):
            return base + possessive.lower() + dot
        if mixed and len(base) >= 2:
            return base + possessive.lower() + dot
        if _is_acronym(base):
            return base + possessive.lower() + dot
    lower = stem.lower()
    if lower + dot in _SMALL_WORDS or lower in _SMALL_WORDS:
        if not opens and not last:
            return lower + dot
    if mixed and has_upper:
        return core
    return _capitalize(lower) + dot


def _split_possessive(stem: str) -> tuple[str, str]:
    for suffix in ("'S", "’S"):
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)], suffix
    return stem, ""


def _is_acronym(word: str) -> bool:
    """True for a capitalised word that is an acronym rather than an English word."""
    if not word.isalpha():
        plain = word.replace("'", "").replace("&", "")
        return bool(plain) and plain.isalpha() and plain in _ACRONYMS
    if word in _ABBREVIATIONS:
        return False
    if word in _ACRONYMS or _ROMAN.match(word):
        return True
    if len(word) == 2:
        return word not in _TWO_LETTER_WORDS
    return not any(char in _VOWELS for char in word)


def _capitalize(lower: str) -> str:
    """``germany's`` → ``Germany's``; ``o'brien`` → ``O'Brien``."""
    if not lower:
        return lower
    out = lower[0].upper() + lower[1:]
    if len(out) > 3 and out[1] in "'’" and out[2].isalpha():
        out = out[:2] + out[2].upper() + out[3:]
    return out
