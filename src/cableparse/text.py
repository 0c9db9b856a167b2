"""Clean-up of a cable's text before it is tokenized.

Whatever container a cable came from, the grammar sees one shape of text: ``\\n`` line ends, no HTML
entities or tags, no Markdown link artifacts, no WikiLeaks ``¶`` anchors, no control characters, no
trailing blanks, and a final newline. What the clean-up had to repair is reported as warnings.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cableparse.containers.encoding import decode

# Markdown renderings wrap tags and paragraph numbers in dead links: ``[KTIP](#)``, ``[1. \(U\)](#)``.
_MARKDOWN_LINK = re.compile(r"\[((?:[^\]\\\n]|\\.){0,400})\]\(#[^)\n]{0,200}\)")
# The same link read in two steps (see _without_markdown_links): its text, items up to the first "]" or
# line end, then its target.
_MARKDOWN_LINK_ITEMS = 400
_MARKDOWN_LINK_TEXT = re.compile(r"(?:[^\]\\\n]++|\\.)*+")
_MARKDOWN_LINK_TARGET = re.compile(r"\]\(#[^)\n]{0,200}\)")
_MARKDOWN_ESCAPE_PAIR = re.compile(r"\\.")
_MARKDOWN_ESCAPE = re.compile(r"\\([()\[\]*_#.\\-])")
_HTML_TAG = re.compile(r"</?(?:a|code|pre|br|p|span|div|b|i|em|strong)\b[^>\n]{0,400}>", re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);")
# WikiLeaks put an anchor "¶" before every line that starts with a number or a capital and a dot; PDF
# conversions kept it as a stray byte. It is never part of the cable.
_PILCROW_AT_LINE_START = re.compile(r"([ \t]{0,20})¶[ \t]?")
_PILCROW_AFTER_LINE_END = re.compile(r"\n([ \t]{0,20})¶[ \t]?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# A line end after white space (a blank or a tab, or other white space).
_BLANK_BEFORE_LINE_END = re.compile(r"\n(?<=[^\S\n]\n)")
# The backslash that some database dumps left before each line end.
_DUMP_LINE_END = re.compile(r"[ \t]\\[ \t]*$", re.MULTILINE)
# Export residue found at line starts in some cablegate pages: a "Cable dated:" stamp glued to the
# classification line, and the '","' between two cables.csv columns.
_EXPORT_RESIDUE = re.compile(r"^(?:[ \t]*Cable dated:[ \t]*\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?[ \t]*|\",\")", re.MULTILINE)
# First-release JSON exports lost their newlines: a very long line with "¶" marks in it, or with the
# preamble's TAGS and SUBJECT lines in its opening, is such a text (a paragraph written as one line is not).
_COLLAPSED_MIN_LENGTH = 1500
_COLLAPSED_PREAMBLE_SPAN = 3000


@dataclass(slots=True)
class CleanText:
    """The cleaned text and what was repaired to get it."""

    text: str
    repairs: list[tuple[str, str]] = field(default_factory=list)
    """(warning code, message) for each kind of repair that changed the text."""


def clean(raw: str | bytes) -> CleanText:
    """Bring a cable's text to the one shape the grammar reads."""
    repairs: list[tuple[str, str]] = []
    if isinstance(raw, (bytes, bytearray)):
        text = decode(bytes(raw))
        if not _is_utf8(raw):
            repairs.append(("encoding-fallback", "text is not UTF-8; bytes outside it were read as cp1252/Latin-1"))
    else:
        text = raw
    # Most cables need none of the repairs: each is tried only where a substring test says it could apply.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text and _HTML_TAG.search(text):
        text = _HTML_TAG.sub("", text)
        repairs.append(("html-markup", "HTML tags removed from the text"))
    if "&" in text and _HTML_ENTITY.search(text):
        text = html.unescape(text)
    # A multi-character substring test scans the whole text; a one-character test ("]", "\\": rare in
    # cables) runs much faster, so it goes first.
    if "]" in text and "](#" in text:
        text = _without_markdown_links(text)
        repairs.append(("markdown-artifacts", "Markdown link artifacts removed"))
    ascii_only = text.isascii()
    if not ascii_only and "¶" in text:
        text = _without_line_start_pilcrows(text)
    if ("Cable dated:" in text or '","' in text) and _EXPORT_RESIDUE.search(text):
        text = _EXPORT_RESIDUE.sub("", text)
        repairs.append(("export-residue", "database-export residue removed from line starts"))
    if "\\" in text and "\\\n" in text:
        text = _DUMP_LINE_END.sub("", text)
    if not ascii_only and "\xa0" in text:
        text = text.replace("\xa0", " ")
    # The control characters are looked for before the line ends are stripped, as they always were.
    has_control = _has_control_characters(text)
    text = _without_trailing_blanks(text)
    # str.isprintable also refuses tabs and other non-printables: only with both is there a repair.
    if has_control and not text.replace("\n", "").isprintable():
        text = _CONTROL.sub("", text)
        repairs.append(("control-characters", "control characters (NUL and the like) removed"))
    if _is_collapsed_text(text):
        repairs.append(
            ("newlines-collapsed", "the text has lost its line ends; its structure was read from ¶ marks and spacing")
        )
        text = _restore_collapsed_lines(text)
    text, split = split_run_on_preamble(text)
    if split:
        repairs.append(("run-on-lines", "preamble lines that had run together were split"))
    text = text.strip("\n")
    return CleanText(text + "\n", repairs)


def _without_line_start_pilcrows(text: str) -> str:
    """``text`` without the "¶" (and one blank after it) that WikiLeaks put at line starts."""
    # A pattern that starts with a literal "\n" is searched for fast; the first line is done apart.
    first = _PILCROW_AT_LINE_START.match(text)
    if first:
        return first.group(1) + _PILCROW_AFTER_LINE_END.sub("\n\\1", text[first.end() :])
    return _PILCROW_AFTER_LINE_END.sub("\n\\1", text)


def _has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a character of ``_CONTROL``.

    In UTF-8 the bytes 0x00-0x1F and 0x7F stand only for themselves, and bytes.translate deletes them
    several times faster than a regex scan finds them."""
    encoded = text.encode("utf-8", "surrogatepass")
    return len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded)


def _without_trailing_blanks(text: str) -> str:
    """``text`` with every line right-stripped (str.rstrip: all Unicode white space)."""
    # Pages end nearly every line with one space or more: then a pass over the lines costs less than
    # the two str.replace passes (one per space) and the check after them.
    if " \n" in text or _BLANK_BEFORE_LINE_END.search(text):
        return "\n".join(map(str.rstrip, text.split("\n")))
    if text and text[-1] != "\n" and text[-1].isspace():
        last = text.rfind("\n") + 1
        return text[:last] + text[last:].rstrip()
    return text


def _is_collapsed_text(text: str) -> bool:
    """Whether a line of ``text`` is a whole cable body that lost its line ends."""
    # Any line of 1,500 characters or more holds a whole aligned block of 750 without a line end.
    if not any(text.find("\n", start, start + 750) < 0 for start in range(0, len(text) - 749, 750)):
        return False
    return any(len(line) >= _COLLAPSED_MIN_LENGTH and _is_collapsed(line) for line in text.split("\n"))


def _is_collapsed(line: str) -> bool:
    """Whether a long line is a whole cable body that lost its line ends."""
    if "¶" in line:
        return True
    opening = line[:_COLLAPSED_PREAMBLE_SPAN]
    return "TAGS" in opening and "SUBJ" in opening


def _without_markdown_links(text: str) -> str:
    """``text`` with each dead link ``[text](#…)`` replaced by its text, unescaped: what a
    ``_MARKDOWN_LINK.sub`` gives, in time linear in the text.

    That regex tries every "[" and reads up to 400 items (a character, or a backslash and the character
    it escapes) from each: 400 times the work on a run of "[" that no link closes. Here the items after
    a "[" are read once, because every "[" among them reads the same items to the same end (the items
    after any "[" start right after it, and none starts with "]"): one read decides for all of them.
    """
    pieces = []
    previous = 0
    opening = text.find("[")
    while opening >= 0:
        end = _MARKDOWN_LINK_TEXT.match(text, opening + 1).end()  # type: ignore[union-attr]
        target = _MARKDOWN_LINK_TARGET.match(text, end)
        start = _first_link_start(text, opening, end) if target else -1
        if target is None or start < 0:
            opening = text.find("[", end)
            continue
        pieces.append(text[previous:start])
        pieces.append(_MARKDOWN_ESCAPE.sub(r"\1", text[start + 1 : end]))
        previous = target.end()
        opening = text.find("[", previous)
    pieces.append(text[previous:])
    return "".join(pieces)


def _first_link_start(text: str, opening: int, end: int) -> int:
    """The first "[" at or after ``opening`` whose link text, up to ``end``, has at most
    ``_MARKDOWN_LINK_ITEMS`` items (the regex's bound), or -1."""
    escapes = [found.start() for found in _MARKDOWN_ESCAPE_PAIR.finditer(text, opening + 1, end)]
    if not escapes:
        return text.find("[", max(opening, end - _MARKDOWN_LINK_ITEMS - 1), end)
    # An item is one or two characters: a "[" further back than twice the bound cannot do.
    start = text.find("[", max(opening, end - 2 * _MARKDOWN_LINK_ITEMS - 1), end)
    while start >= 0:
        if end - start - 1 - (len(escapes) - bisect.bisect_left(escapes, start + 1)) <= _MARKDOWN_LINK_ITEMS:
            return start
        start = text.find("[", start + 1, end)
    return -1


# In a collapsed export the only structure left is the "¶" WikiLeaks put before lines that began with a
# number, the runs of spaces where blank lines were ("000059  SIPDIS  SIPDIS  E.O."), the dashed rules
# around headings and the page markers, now inline. A wrapped line end became one space or none.
_COLLAPSED_PILCROW = re.compile(r"¶[ \t]*")
# "¶" lost before a paragraph whose number has no space after it ("(d)    1.(C) Summary:", "END SUMMARY
# 2.(SBU)").
# The patterns of these breaks start with the punctuation before the blanks and keep it (replaced by
# "\1\n\n"): a regex that starts with a small character class is tried only where one stands.
_COLLAPSED_UNMARKED_PARAGRAPH = re.compile(
    r"([.:;)\"'”]|(?<=END )(?:SUMMARY|COMMENT|NOTE))[ \t][ \t]++(?=\d{1,3}\.[ \t]{0,4}\((?:[UCS]|SBU|LOU|TS)(?:/{1,2}[A-Za-z ,]{1,20}){0,3}\))"
)
# A portion-marked block after a blank line: "(d)  (C) SUMMARY -----  ¶1."
_COLLAPSED_MARKED_BLOCK = re.compile(
    r"([.:;)\"'”])(?<!\d[.)])(?<!\b\w[.)])[ \t][ \t]++(?=\((?:[UCS]|SBU|LOU|TS)(?:/{1,2}[A-Z ,]{1,20}){0,3}\) )"
)
# The post's words are one space apart: "… security at UN  STATE 00080163  011 OF 024   domestic …".
# The words before the serial can be read only one way, so they are an atomic group (no retries).
_COLLAPSED_PAGE_MARKER = re.compile(
    r" (?>[A-Z][A-Z.'/-]{0,20}(?: [A-Z][A-Z.'/-]{0,20}){0,3}) \d{8} {1,3}\d{3}(?:\.\d)? OF \d{3}(?= |$)"
)
# What every page marker ends with; it starts with a literal, so it is searched for fast.
_COLLAPSED_PAGE_MARKER_END = re.compile(r" OF \d{3}(?= |$)")
# A rule may be broken in two by a stray space ("--------------------------------------------- -").
# (Written "----" and then up to 116 more, the same as -{4,120}: a pattern starting with a literal is
# tried only where it stands.)
_RULE = r"----(?:-{0,116})(?: -{1,80})?"
_COLLAPSED_RULED_HEADING = re.compile(r"(" + _RULE + r") {1,8}([^-\s][^\n]{0,99}?) {1,8}(" + _RULE + r")(?=\s|$)")
# A heading with a rule under it, after a blank line ("past.  Iran ----  ¶2."); after a single space the
# heading and its rule were lines of the paragraph above.
# (Written to start with a blank, tried only at runs of two or more, and only where "----" follows on the
# line within reach: at most 38 more blanks, a heading of at most 197 characters and 8 spaces.)
_COLLAPSED_UNDERLINED_HEADING = re.compile(
    r"[ \t](?<=\S[ \t])[ \t](?=[^\n]{0,243}?----)[ \t]{0,38}"
    r"([^\s-](?:\S| (?=\S)|(?<=:)  (?=\S)){0,98}?)( {1,8})(" + _RULE + r")(?=\s|$)"
)
# For _sub_before_rules: where such a heading can start before its rule's "----" (2 + 243), how long it
# can be (40 blanks, 197 characters of heading, 8 spaces, a rule of 120 + 81), and the runs of dashes.
_RULE_REACH = 245
_RULE_MATCH_LENGTH = 40 + 197 + 8 + 201
_DASH_RUN = re.compile(r"----+")
# In the preamble every run of spaces was a line end, but in "DECL:  OADR" or "SUBJECT:  TEXT", before
# "Reasons" of a Classified By line or before a lower-case word ("for reasons 1.4 b and  d").
_COLLAPSED_PREAMBLE_BLANK = re.compile(r"(?<!:)[ \t]{2,}(?!(?i:reasons?)\b|[a-z(\d])")
# What a heading is not: a closing formula ("End Summary"), a list item, a preamble line.
_NOT_A_HEADING = re.compile(
    r"(?i:end (?:of )?(?:summary|comment|note)\b)|-{1,2} |\(?(?:[A-Za-z]|\d{1,2})[.)] |[*•] "
    r"|(?i:E\.\s?O\.|TAGS|SUBJ|REF|CLASSIFIED|DECL)|(?:SIPDIS|NOFORN|SENSITIVE|EXDIS|NODIS|LIMDIS)\b"
)
# Captions that open a line of the captions-and-action-lines block, and what follows them there that
# is more than captions ("SIPDIS SECRET//REL SAU", "NOFORN SIPDIS FROM AMBASSADOR").
_LEADING_CAPTIONS = re.compile(
    r"(?>(?:(?:SIPDIS|NOFORN|SENSITIVE|EXDIS|NODIS|LIMDIS)(?: |$))+)(?=\S)(?!BUT |FOR OFFICIAL)"
)
# An action line's verb, and where a new action line starts inside a run of them: one word (the
# office, or two with a second word such as STAFF or HOUSE) and FOR or PASS, not after what leaves the
# line before open. ("DEPT FOR EUR/CE, DEPT ALSO FOR EUR/ERA" is one line: ALSO goes with the word before.)
_ACTION_WORD = re.compile(r"\b(?:FOR|PASS)\b")
_ACTION_LINE_START = re.compile(
    r"(?<![,;&/ ])(?<!\bAND)(?<!\bFOR)(?<!\bTO) (?!(?:ALSO|STAFF|POSTS|HOUSE) )"
    r"(?=[A-Z][A-Z0-9/&.-]{0,30} (?:ALSO |PLEASE |STAFF |POSTS |HOUSE )?(?:FOR(?! OFFICIAL)|PASS)\b)"
)
_PREAMBLE_KEYWORD = re.compile(r"[ \t]*(?:\(U\)[ \t]*)?(?i:E\.[ ]?O\.|EO |DECL|TAGS?|SUBJ|REF|CLASSIFIED BY)")
_RUN_ON_KEYWORD = re.compile(r"(?i:TAGS?:|SUBJ(?:ECT)?:|REFS?:|CLASSIFIED BY)")
_LIST_ITEM_START = re.compile(r"-{1,2} ?|\(?(?:[A-Za-z]|\d{1,2})[.)] ")
_CLOSING_QUOTES = ("\"", "'", "”", "’")
_COLLAPSED_FIRST_PARAGRAPH = re.compile(r"^\d{1,3}\.", re.MULTILINE)
# A caption line that cablegate printed inside a paragraph ("goal of SIPDIS developing").
_COLLAPSED_INNER_CAPTION = re.compile(r" {1,3}SIPDIS(?= {1,3}[a-z])")
# Where a line began in the trailer after the last paragraph: a footer, a rule of stars, a closing formula.
_COLLAPSED_TRAILER_LINE = re.compile(
    r"[ \t]{1,2}(?=\"?Visit |\*{5,}|MINIMIZE CONSIDERED)|[ \t]{2}(?=[A-Z][A-Z'-]{1,20}(?: [A-Z][A-Z'-]{0,20}){0,2}[ \t.]*$)"
    r"|(?<=\*{5}) (?=[A-Z][a-z]|[A-Z]{2})"
    r"|[ \t]{0,8}\b(?=NNNN|End Cable Text|END CABLE TEXT)|(?<=NNNN)[ \t]*|(?<=Cable Text)[ \t]*"
)
# Three spaces or more were blank lines.
_COLLAPSED_TRAILER_BLANK = re.compile(r"[ \t]{3,}")
# The signer after the last sentence: "… turn out well.\" TIMKEN JR", "… End Talking Points CLINTON".
_COLLAPSED_SIGNER = re.compile(
    r"(?:(?<=[.!?\"”')])|(?<=[a-z]))[ \t]{1,3}([A-Z][A-Z'-]{1,20}(?: (?:[A-Z][A-Z'-]{0,20}\.?)){0,2}|[A-Z][a-z]{2,20})[ \t.]*$"
)
# What follows a "¶" that opens a paragraph: a portion mark, or the first paragraph's number.
_END_MARK_LINE = re.compile(r"(?:NNNN|End Cable Text|END CABLE TEXT)$")
_PARAGRAPH_AFTER = re.compile(r"\d{1,3}\. {0,6}\([A-Za-z]{1,4}|1\. ")
_SENTENCE_END = frozenset(".:;!?)\"'”’")
_HEADING_END = (".", ",", ";", ":")
# "… (INFR-5H) E." ends with a list item's letter, not with a sentence.
_LIST_MARK_AT_END = re.compile(r"(?:^|\s)\(?(?:[A-Za-z]|\d{1,2})[.)]$")


def _restore_collapsed_lines(text: str) -> str:
    """A text whose body lost its line ends, with its paragraphs, preamble lines, captions, headings and
    signature back on lines of their own, as far as the marks left in it tell."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if len(line) >= _COLLAPSED_MIN_LENGTH), 0)
    head = "\n".join(lines[:first])
    body = "\n".join(lines[first:])
    if _COLLAPSED_PAGE_MARKER_END.search(body):
        body = _COLLAPSED_PAGE_MARKER.sub("  ", body)
    if "SIPDIS" in body:
        body = _without_inner_captions(body)
    body = _COLLAPSED_PILCROW.sub(_collapsed_break, body)
    body = _COLLAPSED_UNMARKED_PARAGRAPH.sub("\\1\n\n", body)
    body = _COLLAPSED_MARKED_BLOCK.sub("\\1\n\n", body)
    if "----" in body:
        body = _COLLAPSED_RULED_HEADING.sub(r"\n\n\1\n\2\n\3\n\n", body)
        body = _sub_before_rules(_COLLAPSED_UNDERLINED_HEADING, _underlined_heading, body)
    blocks = body.split("\n\n")
    first_paragraph = next((i for i, block in enumerate(blocks) if _COLLAPSED_FIRST_PARAGRAPH.match(block)), len(blocks))
    preamble, rest = _restore_preamble("\n\n".join(blocks[:first_paragraph]))
    out = [preamble] if preamble else []
    for block in rest.split("\n\n") + blocks[first_paragraph:]:
        out.extend(_split_trailing_heading(block))
    if len(out) > 1:
        out[-1] = _restore_signature(out[-1])
    body = "\n\n".join(block.strip(" \t") for block in out if block.strip())
    return head + "\n" + body if head else body


def _underlined_heading(found: re.Match[str]) -> str:
    """A heading and its rule on lines of their own; two spaces or more between them were a blank line
    (or a page break, now two spaces too), which is kept: the pages show the same."""
    between = "\n\n" if len(found.group(2)) > 1 else "\n"
    return "\n\n" + found.group(1) + between + found.group(3) + "\n\n"


def _sub_before_rules(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], body: str) -> str:
    """``pattern.sub(replace, body)`` for a pattern whose every match starts at most
    ``_RULE_REACH`` characters before a "----" and is at most ``_RULE_MATCH_LENGTH`` long: only the
    stretches before the dashed rules are searched."""
    pieces = []
    previous = 0
    for start, end in _stretches_before_rules(body):
        # Past the stretch, enough text is left for any match that starts in it (and for its lookahead).
        for found in pattern.finditer(body, max(start, previous), min(len(body), end + _RULE_MATCH_LENGTH + 2)):
            if found.start() >= end:
                break
            pieces.append(body[previous : found.start()])
            pieces.append(replace(found))
            previous = found.end()
    if not pieces:
        return body
    pieces.append(body[previous:])
    return "".join(pieces)


def _stretches_before_rules(body: str) -> list[tuple[int, int]]:
    """(start, end) of the merged stretches from ``_RULE_REACH`` characters before each run of dashes
    to its end."""
    stretches: list[tuple[int, int]] = []
    for run in _DASH_RUN.finditer(body):
        start = max(0, run.start() - _RULE_REACH)
        if stretches and start <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], run.end())
        else:
            stretches.append((start, run.end()))
    return stretches


def _collapsed_break(found: re.Match[str]) -> str:
    # WikiLeaks put "¶" before any number that began a line, wrapped dates too ("August ¶15. In
    # addition"): only after a sentence end, or before a portion mark, was it a paragraph.
    text = found.string
    position = found.start() - 1
    while position >= 0 and text[position] in " \t":
        position -= 1
    if position >= 0 and text[position] not in _SENTENCE_END and not _PARAGRAPH_AFTER.match(text, found.end()):
        return "" if position < found.start() - 1 else " "
    return "\n\n"


def _without_inner_captions(body: str) -> str:
    """The body without the SIPDIS captions that stood on a line of their own inside a paragraph."""
    pieces = []
    previous = 0
    position = body.find(" SIPDIS")
    while position >= 0:
        start = position
        while start > previous and position - start < 2 and body[start - 1] == " ":
            start -= 1
        found = _COLLAPSED_INNER_CAPTION.match(body, start)
        if found and start > 0 and not body[start - 1].isspace():
            pieces.append(body[previous:start])
            previous = found.end()
        position = body.find(" SIPDIS", position + 7)
    pieces.append(body[previous:])
    return "".join(pieces)


def _split_trailing_heading(block: str) -> list[str]:
    """A paragraph and the heading after its last sentence, a blank line before it ("… to this end.
    THE SITUATION"), as two blocks: in the export the next paragraph follows the heading."""
    block = block.rstrip(" \t")
    cut = block.rfind("  ")
    if cut < 0 or len(block) - cut > 82:
        return [block]
    heading = block[cut:].strip()
    before = block[:cut].rstrip()
    # a question after a question is one of a list of them, not a heading
    if (
        before
        and heading
        and before[-1] in _SENTENCE_END
        and not (before[-1] == "?" and heading[-1] == "?")
        and not _LIST_MARK_AT_END.search(before)
        and _is_heading(heading)
    ):
        return [before, heading]
    return [block]


def _restore_preamble(text: str) -> tuple[str, str]:
    """The preamble (captions, action lines, E.O., TAGS, SUBJECT, REF, Classified By), one line per run
    of spaces, and the text after it that is no preamble line nor the continuation of one (a heading,
    an unnumbered paragraph), left as it is."""
    lines: list[str] = []
    keyword = None
    position = 0
    for gap in _COLLAPSED_PREAMBLE_BLANK.finditer(text + "  "):
        segment = text[position : gap.start()]
        for number, line in enumerate(segment.split("\n")):
            found = _PREAMBLE_KEYWORD.match(line)
            if found:
                # the last keyword of the line: TAGS and SUBJECT may still run on after the E.O. line
                inner = _RUN_ON_KEYWORD.findall(line)
                keyword = (inner[-1] if inner else found.group().strip()).upper()[:3]
            elif keyword is not None and line.strip() and not _continues_preamble_line(keyword, line):
                start = position + sum(len(part) + 1 for part in segment.split("\n")[:number])
                return "\n".join(lines).strip("\n"), text[start:]
            elif keyword is None and line.strip():
                # Captions and action lines: a run of spaces there was a blank line, and the action
                # lines of one block were joined by single spaces.
                line = _split_action_lines(line) + "\n"
            lines.append(line)
        position = gap.end()
    return "\n".join(lines).strip("\n"), ""


def _split_action_lines(line: str) -> str:
    """A line of the captions-and-action-lines block of a collapsed text with its lines back: captions
    apart from the action line after them ("SIPDIS SECRET//REL SAU", "NOFORN SIPDIS FOR NEA/ARP") or
    before them ("DEPT FOR EUR/CE SIPDIS"), and each action line of a block on its own line ("… MAHER
    JUSTICE FOR BRUCE SWARTZ USEU FOR …"). A new action line opens with one word and FOR or PASS, and
    follows no "," ";" "/" "&" or AND (which leave the line before open); two actions that shared a
    line, or a line wrapped before a word and FOR, cannot be told from this."""
    if " " not in line:
        return line
    captions = _LEADING_CAPTIONS.match(line)
    if captions and captions.end() < len(line):
        return captions.group().rstrip() + "\n" + _split_action_lines(line[captions.end() :])
    if ("FOR" in line or "PASS" in line) and _ACTION_WORD.search(line):
        if line.endswith(" SIPDIS"):
            line = line[:-7] + "\nSIPDIS"
        line = _ACTION_LINE_START.sub("\n", line)
    return line


def _continues_preamble_line(keyword: str, line: str) -> bool:
    """Whether a line can go on the preamble line of ``keyword`` (its first three letters, upper case):
    wrapped subjects and tags are in capitals, reference items are lettered or in capitals."""
    stripped = line.strip()
    if keyword in ("SUB", "TAG"):
        return not any(char.islower() for char in stripped)
    if keyword == "REF":
        return bool(_LIST_ITEM_START.match(stripped)) or not any(char.islower() for char in stripped)
    return False


def _is_heading(text: str) -> bool:
    """Whether a short piece of text can be a heading: no sentence or clause end (a question may be
    one), not a list item, not a closing formula, not a preamble or caption line."""
    return bool(
        text
        and len(text) <= 80
        and not text.endswith(_HEADING_END)
        and not text.endswith(_CLOSING_QUOTES)
        and not text.endswith("-")
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"'")
        and not text.isdigit()
        and not _NOT_A_HEADING.match(text)
        and not _COLLAPSED_FIRST_PARAGRAPH.match(text)
    )


def _restore_signature(block: str) -> str:
    """The last block with its trailer lines (signer, footers, closing formulas) on lines of their own."""
    cut = max(block.rfind(". "), block.rfind(".\""), len(block) - 400, 0)
    tail = _COLLAPSED_TRAILER_LINE.sub("\n", _COLLAPSED_TRAILER_BLANK.sub("\n\n", block[cut:]))
    lines = tail.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].rstrip()
        if not line or _END_MARK_LINE.match(line):
            continue
        found = _COLLAPSED_SIGNER.search(line)
        if found and found.start() > 0 and not line[: found.start()].rstrip().endswith(("Mr.", "Ms.", "Dr.")):
            lines[index] = line[: found.start()].rstrip() + "\n" + found.group(1)
        break
    return block[:cut] + "\n".join(lines)


# Exports that lost some line ends run preamble lines together: "ANKARA 008305S/CT FOR REAPE.O. 12958:
# DECL: 11/14/2012 TAGS: PTER TU", "TAGS: PREL TUSUBJECT: …". In the preamble (before the first numbered
# paragraph) a keyword that cannot stand mid-line gets its line back.
# Keywords looked for (in upper case) and, where the word alone is not enough, what must stand at
# the match: str.find over the upper-cased preamble is much cheaper than a case-blind regex scan.
_RUN_ON_NEEDLES = ("TAGS:", "SUBJECT:", "SUBJ:", "REF:", "CLASSIFIED BY", "E.O.", "E. O.", "AGS:")
_CITATION_AFTER = re.compile(r"[ \t]+[A-Z][A-Za-z .]{1,20} \d{1,6}\b")
_EO_AT = re.compile(r"E\.\s?O\.\s?\d{5}\s?:")
# What may stand before a keyword at the start of its own line.
_LINE_OPENING = re.compile(r"[ \t]*(?:\(U\)[ \t]*)?$")
# "Classified By: (U) Classified by …", "Ref: Ref A) …": the same keyword twice is one line.
_KEYWORD_ONLY = re.compile(
    r"[ \t]{0,8}(?:CLASSIFIED BY|REFS?|SUBJECT|TAGS)[ \t]{0,8}:?[ \t]{0,8}(?:\(U\)[ \t]{0,8})?$", re.IGNORECASE
)
_TRAILING_MARK = re.compile(r"\(U\)[ \t]*$")
_RUN_ON_SERIAL = re.compile(
    r"^((?:(?:[A-Z] ){4,}[A-Z]|UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET)(?: SECTION \d{1,3} OF \d{1,3})? "
    r"[A-Z][A-Z .'-]{1,30} \d{6})(?=[ \t]*[^\d\s])",
    re.MULTILINE,
)
_RUN_ON_SERIAL_AFTER_LINE_END = re.compile("\n" + _RUN_ON_SERIAL.pattern[1:])
_FIRST_PARAGRAPH = re.compile(r"^[ \t]{0,8}\d{1,3}\.[ \t]", re.MULTILINE)
_FIRST_PARAGRAPH_AFTER_LINE_END = re.compile(r"\n[ \t]{0,8}\d{1,3}\.[ \t]")
_PREAMBLE_LIMIT = 6000


def split_run_on_preamble(text: str) -> tuple[str, bool]:
    """Give run-together preamble lines their line ends back; True if anything was split.

    Only a keyword with text before it on its line is a run-on; in a REF line, whose items may quote
    anything, only a Classified By is.
    """
    end = _preamble_end(text)
    head = _split_run_on_serials(text[:end])
    cuts = []
    for position, keyword in _keyword_positions(head):
        line_start = head.rfind("\n", 0, position) + 1
        before = head[line_start:position]
        in_ref_line = before.lstrip().upper().startswith("REF") and keyword != "CLASSIFIED BY"
        if not _LINE_OPENING.match(before) and not in_ref_line and not _KEYWORD_ONLY.match(before):
            mark = _TRAILING_MARK.search(before)
            cuts.append(line_start + mark.start() if mark else position)
    if not cuts and len(head) == end:  # a split serial line is one character longer
        return text, False
    pieces = []
    previous = 0
    for cut in cuts:
        pieces.append(head[previous:cut].rstrip(" \t"))
        previous = cut
    pieces.append(head[previous:])
    return "\n".join(pieces) + text[end:], True


def _preamble_end(text: str) -> int:
    """Where the preamble ends: at the first numbered paragraph, within ``_PREAMBLE_LIMIT``."""
    # A pattern that starts with a literal "\n" is searched for fast; the first line is tried apart.
    if _FIRST_PARAGRAPH.match(text, 0, _PREAMBLE_LIMIT):
        return 0
    first = _FIRST_PARAGRAPH_AFTER_LINE_END.search(text, 0, _PREAMBLE_LIMIT)
    return first.start() + 1 if first else min(len(text), _PREAMBLE_LIMIT)


def _split_run_on_serials(head: str) -> str:
    """``head`` with a line end after a classification-and-serial line that text runs on from."""
    first = _RUN_ON_SERIAL.match(head)
    if first:
        return first.group(1) + "\n" + _RUN_ON_SERIAL_AFTER_LINE_END.sub("\n\\1\n", head[first.end() :])
    return _RUN_ON_SERIAL_AFTER_LINE_END.sub("\n\\1\n", head)


def _keyword_positions(head: str) -> list[tuple[int, str]]:
    """Where preamble keywords stand in ``head`` after other text on their line, in order (a keyword at
    a line start is never a run-on)."""
    upper = head.upper()
    found = []
    for needle in _RUN_ON_NEEDLES:
        position = upper.find(needle)
        while position >= 0:
            if position and head[position - 1] != "\n" and _is_keyword_at(head, upper, position, needle):
                found.append((position, needle))
            position = upper.find(needle, position + 1)
    return sorted(set(found))


def _is_keyword_at(head: str, upper: str, position: int, needle: str) -> bool:
    end = position + len(needle)
    if needle.startswith("E"):
        return bool(_EO_AT.match(head, position))
    if needle == "AGS:":  # the typo of TAGS: after a date ("DECL: 08/22/2017 AGS: …")
        return position >= 3 and upper[position - 3 : position - 1].isdigit() and upper[position - 1] == " "
    if needle == "REF:":
        if end >= len(head) or head[end] not in " \t":
            return False
        # Glued to the word before ("… VISIT TO EGYPTREF: CAIRO 493") only when a cable citation follows.
        return position == 0 or not upper[position - 1].isalpha() or bool(_CITATION_AFTER.match(head, end))
    if needle == "CLASSIFIED BY":
        return (position == 0 or not upper[position - 1].isalnum()) and (end == len(head) or not upper[end].isalnum())
    return True


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
