"""Tree → Cable: the only module that knows both the grammar's tree and the record.

The Transformer turns each part of the tree into values with the pure functions of
``cableparse.fields``, and collects every anomaly as a warning on the record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from lark import Token, Transformer, Tree

from cableparse.fields import dates, declassification, header as header_fields, ids, paragraphs, people
from cableparse.fields import references as reference_fields, spans, stations, subject as subject_fields, tags
from cableparse.fields.classification import captions_in, level_of, parse_class_line
from cableparse.model import (
    Cable,
    Classification,
    Declassification,
    Header,
    HeaderFamily,
    Precedence,
    Paragraph,
    ParseWarning,
    Reference,
    Span,
)

_REDACTED = re.compile(r"[Xx]{4,}")
_RULE_ONLY = re.compile(r"[ \t]*+-{3,}+(?:[ \t]++-++)*+[ \t]*+\Z")
_DTG = re.compile(r"\d{6} ?Z ?[A-Za-z]{3} ?\d{2,4}")
# A line that breaks off mid-phrase: a comma, AND, &, a slash or an initial at its end.
_BROKEN_OFF = re.compile(r"(?:,|\bAND|&|/|\b[A-Z]\.)$")
_DATE_LINE = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{1,2} \w+ \d{4}, \d\d:\d\d$")
_PAGE_MARKER = re.compile(r"(?P<post>[A-Z][A-Z .'/-]{0,30}?) +(?P<serial>\d{6,8}) +\d{3}")
_KISSINGER_PAGE = re.compile(r"PAGE +\d{1,3} +(?P<post>[A-Z][A-Z .'/-]{0,12}?) +(?P<serial>\d{3,6})\b")
_LONE_CAPTION_LINE = re.compile(r"^(?:SIPDIS|NOFORN|SENSITIVE)\n", re.MULTILINE | re.IGNORECASE)
# Notes the archives put before the text ("Declassified/Released US Department of State EO Systematic
# Review 30 JUN 2005", the National Archives block of 1960s cables).
_ARCHIVE_NOTE = re.compile(
    r"Declassified/Released US Department of State|Original Telegram was|Copy from the National Archives"
)
_RULE_LINES = re.compile(r"^[ \t]*+-{5,}+(?:[ \t]++-++)*+[ \t]*+$\n?", re.MULTILINE)
# What may stand after the signature and is not part of the cable: end marks, a repeated
# classification, an archive footer ("2004CARACA01540 - UNCLASSIFIED").
_TRAILER = re.compile(
    r"\s*+(?:(?:NNNN?|BT|#\d{3,5}|End Cable Text|END CABLE TEXT|UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE"
    r"|\d{4}[A-Z]{3,8}\d{5} - [A-Z /]{3,40}+)\s*+)++"
)
_PREAMBLE_TOKENS = {"EO_LINE", "TAGS_LINE", "SUBJECT", "REFERENCES", "CLASSIFIED_BY"}


@dataclass(slots=True)
class _HeaderParts:
    """What the header rule yields."""

    header: Header
    date_lines: list[str]
    warnings: list[ParseWarning]


@dataclass(slots=True)
class _Classified:
    """What the classification rule yields before it becomes part of the record."""

    classification: Classification
    distribution: list[str]
    line: int
    warnings: list[ParseWarning]


@dataclass(slots=True)
class _Body:
    """What the body rule yields: the preamble lines and the paragraph candidates, still raw."""

    classified: _Classified | None = None
    eo_lines: list[Token] = field(default_factory=list)
    tags_lines: list[Token] = field(default_factory=list)
    subjects: list[Token] = field(default_factory=list)
    references: list[Token] = field(default_factory=list)
    classified_by: list[Token] = field(default_factory=list)
    candidates: list[paragraphs.Candidate] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    archive_notes: list[str] = field(default_factory=list)
    page_ids: list[tuple[str, str]] = field(default_factory=list)
    structure: bool = False
    warnings: list[ParseWarning] = field(default_factory=list)


def _warning(code: str, message: str, line: int | None) -> ParseWarning:
    return ParseWarning(code=code, message=message, line=line)


# The model's validator itself: Header(**fields) adds a Python-level __init__ call.
_VALIDATE_HEADER = Header.__pydantic_validator__.validate_python
_VALIDATE_CLASSIFICATION = Classification.__pydantic_validator__.validate_python


class CableTransformer(Transformer):
    """Turns the tree of one cable into the parts of its record, warnings included.

    It keeps no state between calls, so one instance can run inline in the parser (Lark's
    ``transformer=`` option: no tree is built) and serve every cable.
    """

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)

    # --- header -------------------------------------------------------------------------------

    def header(self, items: list[Token]) -> _HeaderParts:
        # The values are gathered first (addressees and security line as dicts) and the Header built
        # in one validation: each assignment to a pydantic model is validated, and each validation call
        # has a cost of its own.
        fields: dict = {}
        to: list = []
        info: list = []
        exclusions: list = []
        warnings: list[ParseWarning] = []
        date_lines: list[str] = []
        office_lines: list[str] = []
        kinds = set()
        for token in items:
            kind = token.type
            kinds.add(kind)
            value = token.value.strip()
            if kind == "START_OF_MESSAGE":
                fields["start_of_message"] = value
                fields["channel"] = value[5:].strip() or None
            elif kind == "ROUTING":
                fields["prosign"], fields["routing_indicators"] = header_fields.parse_routing(value)
            elif kind == "DE_LINE":
                de_line = header_fields.parse_de_line(value)
                if de_line is None:
                    warnings.append(_warning("unreadable-header-line", f"DE line not understood: {value!r}", token.line))
                else:
                    fields["originating_station"] = de_line.station
                    fields["station_serial"] = de_line.serial
                    fields["section"] = de_line.section
                    fields["filing_time"] = de_line.filing_time
            elif kind == "SECURITY":
                fields["security"] = header_fields.security_fields(value)
            elif kind == "DTG_LINE":
                fields["dtg"] = _dtg_text(value)
                letters = dates.dtg_precedences(value)
                fields["precedences"] = [p for p in map(header_fields.precedence_from_letter, letters) if p]
            elif kind == "FM_LINE":
                fields["from_"] = " ".join(value[2:].split())
            elif kind == "ADDRESSEES":
                keyword, addressees = header_fields.addressee_fields(value)
                target = {"TO": to, "CC": to, "INFO": info, "XMT": exclusions}[keyword]
                target.extend(addressees)
            elif kind == "OFFICES":
                office_lines.append(value)
            elif kind == "DATE_LINE":
                date_lines.append(value)
        if office_lines:  # blank lines may split the block into several tokens
            fields["offices"] = header_fields.parse_offices("\n".join(office_lines))
        fields["to"] = to
        fields["info"] = info
        fields["exclusions"] = exclusions
        fields["family"] = header_fields.header_family(kinds)
        # One validation builds the Header with its addressees and security line (from their dicts).
        return _HeaderParts(_VALIDATE_HEADER(fields), date_lines, warnings)

    # --- body ---------------------------------------------------------------------------------

    def classification(self, items: list[Token]) -> _Classified:
        line_token = items[0]
        first_line = line_token.value.strip()
        read = parse_class_line(first_line)
        warnings = []
        # A list of our own: captions are added below, and the reading may be shared (it is cached).
        captions = list(read.captions) if read is not None else []
        distribution: list[str] = []
        wrapped = False
        for token in items[1:]:
            value = " ".join(token.value.split())
            if token.type == "CAPTION":
                for caption in captions_in(value):
                    if caption not in captions:
                        captions.append(caption)
            elif token.type == "DISTRIBUTION_LINE":
                # An action line wrapped onto the next line (no blank between) is one item.
                if wrapped and distribution:
                    distribution[-1] += " " + value
                else:
                    distribution.append(value)
            wrapped = (
                token.type == "DISTRIBUTION_LINE"
                and not token.value.endswith("\n\n")
                and bool(_BROKEN_OFF.search(value))
            )
        # Built once, captions complete, by the model's validator (Classification(...) adds an __init__ call).
        if read is None:
            classification = _VALIDATE_CLASSIFICATION({"line": first_line, "captions": captions})
            warnings.append(
                _warning("unreadable-classification", f"classification line not understood: {first_line!r}", line_token.line)
            )
        else:
            classification = _VALIDATE_CLASSIFICATION(
                {
                    "line": first_line, "level": read.level, "section": read.section,
                    "sections_total": read.sections_total, "post": read.post, "serial": read.serial,
                    "captions": captions,
                }
            )
        return _Classified(classification, distribution, line_token.line, warnings)

    def body(self, items: list) -> _Body:
        body = _Body()
        seen_preamble = False
        previous_text = ""
        for item in items:
            if isinstance(item, _Classified):
                if body.classified is None:
                    body.classified = item
                body.warnings.extend(item.warnings)
                body.distribution.extend(item.distribution)
                body.structure = True
                previous_text = "\n\n"
                continue
            if isinstance(item, list):  # a paragraph's tokens
                body.structure = True
                body.candidates.extend(_candidates(item, previous_text))
                previous_text = item[-1].value
                continue
            kind = item.type
            value = item.value
            if kind in _PREAMBLE_TOKENS:
                seen_preamble = body.structure = True
                {
                    "EO_LINE": body.eo_lines,
                    "TAGS_LINE": body.tags_lines,
                    "SUBJECT": body.subjects,
                    "REFERENCES": body.references,
                    "CLASSIFIED_BY": body.classified_by,
                }[kind].append(item)
                if kind == "REFERENCES":
                    self._collect_page_ids(value, body)
            elif kind == "TEXT":
                self._text(item, body, seen_preamble)
            elif kind in ("PAGE_MARKER", "PAGE_HEADER"):
                self._collect_page_ids(value, body)
            previous_text = value
        return body

    @staticmethod
    def _text(item: Token, body: _Body, seen_preamble: bool) -> None:
        """Unnumbered text in the body: a subject written under an empty SUBJECT line, archive notes,
        action lines between the captions and the preamble, or paragraphs without numbers."""
        blocks = _blocks(item.value)
        if body.subjects and not body.candidates and _is_empty_subject(body.subjects[-1].value):
            # "SUBJECT:" alone on its line, the subject after a blank line
            body.subjects[-1] = Token.new_borrow_pos("SUBJECT", "SUBJECT: " + blocks.pop(0), item)
        kept = []
        for block in blocks:
            if _DATE_LINE.match(block.strip()) or _ARCHIVE_NOTE.search(block):
                body.archive_notes.append(" ".join(_RULE_LINES.sub("", block).split()))
            elif not seen_preamble and body.classified is not None and not body.candidates and not kept:
                body.distribution.append(" ".join(block.split()))
            else:
                kept.append(block)
        if kept:
            body.candidates.extend(_candidates([Token.new_borrow_pos("TEXT", "\n\n".join(kept), item)], "\n\n"))

    def paragraph(self, items: list[Token]) -> list[Token]:
        return items

    @staticmethod
    def _collect_page_ids(value: str, body: _Body) -> None:
        for line in value.split("\n"):
            found = _PAGE_MARKER.match(line.strip()) or _KISSINGER_PAGE.match(line.strip())
            if found:
                body.page_ids.append((found.group("post"), found.group("serial")))

    def start(self, items: list) -> tuple[_HeaderParts, _Body]:
        return items[0], items[1]


def _candidates(tokens: list[Token], previous_text: str) -> list[paragraphs.Candidate]:
    """A paragraph's tokens (or a run of unnumbered text) as paragraph candidates: the paragraph, and
    the headings that stand on their own between blank lines ("Yunnan Trafficking Mainly for Marriage
    and Adoption", "Summary" over a dashed rule), each of which opens an unnumbered candidate."""
    first = tokens[0]
    text = first.value
    after_break = previous_text.endswith("\n\n") or paragraphs.ends_sentence(previous_text)
    if len(tokens) == 1 and first.type == "PARA_START":
        # The commonest paragraph: one token, no blank line inside, so one block and no heading.
        block = text.strip("\n")
        if "\n\n" not in block:
            head, _, body = block.partition("\n")
            candidate = paragraphs.Candidate(head, body, first.line, after_break)
            # _without_lone_captions's own test, here to spare its call on the 99% without captions.
            if "NOFORN" in body or "SIPDIS" in body.upper():
                candidate = _without_lone_captions(candidate)
            return [candidate]
    for token in tokens[1:]:
        if token.type in ("TEXT", "BLANK"):
            text += token.value
        else:
            # A page break or an end mark: a sentence cut by it goes on across it; after a sentence
            # end and a blank line the break was also a paragraph break (a heading may follow).
            kept = text.rstrip("\n")
            text = kept + ("\n\n" if text.endswith("\n\n") and paragraphs.ends_sentence(kept) else "\n")
    blocks = _blocks(text)
    found = []
    if first.type == "PARA_START":
        head, _, rest = blocks[0].partition("\n")
        parts = [rest] if rest else []
    else:
        head, parts = None, []
    under_heading = False
    for block in blocks[1:] if first.type == "PARA_START" else blocks:
        heading = paragraphs.heading_of(block)
        if heading is None and head is not None:
            # A dashed rule under a heading is decoration, also with a blank line or a page break
            # between them (which exports keep or drop: the same cable must give the same text).
            if not (under_heading and not parts and _RULE_ONLY.match(block)):
                parts.append(block)
            continue
        if head is not None:
            found.append(paragraphs.Candidate(head, "\n\n".join(parts), first.line, after_break))
            after_break = True
        under_heading = heading is not None
        if heading is not None:
            head, parts = heading, []
        else:  # unnumbered text that opens the run
            head, _, rest = block.partition("\n")
            parts = [rest] if rest else []
    if head is not None:
        found.append(paragraphs.Candidate(head, "\n\n".join(parts), first.line, after_break))
    # Every candidate's body is part of the text: one test of the whole spares a test per candidate.
    if "NOFORN" in text or "SIPDIS" in text.upper():
        return [_without_lone_captions(candidate) for candidate in found]
    return found


def _blocks(text: str) -> list[str]:
    """The blocks of a text: its parts between blank lines (lines of the cleaned text are never blank
    but empty, so a run of two or more newlines is what separates blocks)."""
    stripped = text.strip("\n")
    if "\n\n" not in stripped:  # one block (or none): spare the split
        return [stripped]
    # str.split and strip do in C what a regex split on "\n{2,}" does, several times faster.
    return [block for piece in stripped.split("\n\n") if (block := piece.strip("\n"))]


def _without_lone_captions(candidate: paragraphs.Candidate) -> paragraphs.Candidate:
    """A caption line that cablegate wrapped into a paragraph ("clout to" / "Sipdis" / "increasingly")."""
    body = candidate.body
    if "SIPDIS" in body.upper() or "NOFORN" in body:
        return candidate._replace(body=_LONE_CAPTION_LINE.sub("", body + "\n").rstrip("\n"))
    return candidate


def _is_empty_subject(value: str) -> bool:
    return not value.split(":", 1)[-1].strip() if ":" in value else value.strip().upper() in ("SUBJECT", "SUBJ")


def _dtg_text(line: str) -> str:
    found = _DTG.search(line)
    return found.group(0) if found else line


# --- from the parts to the record ------------------------------------------------------------


_TRANSFORMER = CableTransformer()


def build_cable(
    tree: Tree | tuple[_HeaderParts, _Body],
    *,
    reference_id: str | None = None,
    created: dt.datetime | None = None,
    classification: str | None = None,
) -> Cable:
    """Build the record from a cable's tree (or from the parts that ``CableTransformer`` made of it inline).

    ``reference_id``, ``created`` and ``classification`` (an archive's value such as
    ``SECRET//NOFORN``) fill what the text lacks; the text wins where both have a value.
    """
    header_parts, body = _TRANSFORMER.transform(tree) if isinstance(tree, Tree) else tree
    header = header_parts.header
    warnings = header_parts.warnings + body.warnings

    def warn(code: str, message: str, line: int | None) -> None:
        warnings.append(_warning(code, message, line))

    when = _created(header, created, warn)
    year = when.year if when else _year_of(reference_id)
    read_classification = _classification(body, classification, warn)
    canonical_id = _reference_id(read_classification, body, year, reference_id, warn)
    archive_notes = header_parts.date_lines + body.archive_notes
    if header.family is HeaderFamily.PARTIAL_EXTRACT:
        archive_notes.insert(0, PARTIAL_EXTRACT_NOTE)
    signers = _cut_signature(body.candidates, archive_notes)
    found, renumbering = paragraphs.number_paragraphs(body.candidates)
    for code, message, line in renumbering:
        warn(code, message, line)
    text = render_paragraphs(found)
    subject = subject_fields.clean_subject(body.subjects[0].value) if body.subjects else None
    if not body.subjects and body.structure:
        warn("no-subject", "the cable has no SUBJECT line", None)
    if not body.structure and header.family is HeaderFamily.NONE:
        warn("not-a-cable", "no header, classification line, preamble keyword or numbered paragraph found", 1)
    return Cable(
        reference_id=canonical_id,
        created=when,
        origin=header.from_,
        origin_name=stations.origin_name(header.from_) if header.from_ else None,
        precedence=_precedence(header),
        header=header,
        classification=read_classification,
        distribution=body.distribution,
        declassification=_declassification(body, warn),
        tags=tags.parse_tags(body.tags_lines[0].value) if body.tags_lines else [],
        subject=subject,
        references=_references(body, year, canonical_id),
        paragraphs=found,
        summary=spans.find_summary(text),
        comments=spans.find_comments(text),
        notes=spans.find_notes(text),
        signers=signers,
        redactions=[Span(start=start, end=end, text=text[start:end]) for start, end in spans.find_redactions(text)],
        archive_notes=archive_notes,
        text=text,
        warnings=warnings,
    )


PARTIAL_EXTRACT_NOTE = (
    "This record is a partial extract of the original cable. The full text of the original cable is not available."
)


def _created(header: Header, given: dt.datetime | None, warn) -> dt.datetime | None:
    """The DTG is authoritative; the container's date fills in when there is none."""
    when = dates.parse_dtg(header.dtg) if header.dtg else None
    if header.dtg and when is None:
        warn("unreadable-dtg", f"date-time group not understood: {header.dtg!r}", None)
    if when is None:
        return given
    if given is not None and abs(when - given) > dt.timedelta(days=1):
        warn("created-mismatch", f"the text's date {when:%Y-%m-%d} differs from the given {given:%Y-%m-%d}", None)
    return when


def _precedence(header: Header) -> Precedence | None:
    if header.precedences:
        return header.precedences[0]
    return header_fields.precedence_from_letter(header.prosign) if header.prosign else None


def _classification(body: _Body, archive_value: str | None, warn) -> Classification:
    """The classification line's values; without one, the archive's level, else the highest portion mark."""
    if body.classified is not None:
        return body.classified.classification
    level = level_of(archive_value) if archive_value else None
    if level is not None:
        warn("no-classification-line", f"no classification line; the level {level.value} is the archive's", None)
        return Classification(level=level)
    level = paragraphs.level_of_marks(candidate.head for candidate in body.candidates)
    if level is not None:
        warn("no-classification-line", f"no classification line; the level {level.value} is that of the highest portion mark", None)
    else:
        warn("no-classification-line", "no classification line was found", None)
    return Classification(level=level)


def _declassification(body: _Body, warn) -> Declassification | None:
    """The E.O. line, with the Classified By line's person and reasons."""
    result = None
    if body.eo_lines:
        line = body.eo_lines[0].value.strip()
        result = declassification.parse_eo_line(line)
        if result is None:
            warn("unreadable-eo-line", f"E.O. line not understood: {line!r}", body.eo_lines[0].line)
    classified_by, reasons = _classified_by(body)
    if classified_by is not None or reasons:
        result = result or Declassification()
        result.classified_by = classified_by
        result.reasons = reasons
    return result


def _year_of(reference_id: str | None) -> int | None:
    if reference_id and reference_id[:2].isdigit():
        return dates.expand_two_digit_year(int(reference_id[:2]))
    return None


def _reference_id(classification: Classification, body: _Body, year: int | None, given: str | None, warn) -> str | None:
    from_text = None
    if year is not None:
        if classification.post and classification.serial is not None and not _REDACTED.search(classification.post):
            from_text = ids.reference_id_from_parts(year, classification.post, classification.serial)
        elif body.page_ids:
            post, serial = body.page_ids[0]
            from_text = ids.reference_id_from_parts(year, post, serial)
    given_id = ids.canonical_id(given) if given else None
    if from_text and given_id and from_text != given_id:
        warn("reference-id-mismatch", f"the text says {from_text}, the container says {given}", body.classified.line if body.classified else None)
    result = from_text or given_id or given
    if result is None:
        warn("no-reference-id", "no reference id could be read from the text or given", None)
    return result


def _references(body: _Body, year: int | None, reference_id: str | None) -> list[Reference]:
    found: list[Reference] = []
    for token in body.references:
        found.extend(reference_fields.parse_references(token.value, year=year, reference_id=reference_id))
    return found


def _classified_by(body: _Body):
    """The Classified By line: from its own line(s), else from the first paragraphs, where 1990s cables
    put it ("1. (U) CLASSIFIED BY AMBASSADOR …")."""
    if body.classified_by:
        found = declassification.parse_classified_by("\n".join(token.value for token in body.classified_by))
        if found[0] is not None:
            return found
    for candidate in body.candidates[:2]:
        text = candidate.head + "\n" + candidate.body
        if "CLASSIFIED BY" in text.upper():
            found = declassification.parse_classified_by(text)
            if found[0] is not None:
                return found
    if body.classified_by:
        return declassification.parse_classified_by(body.classified_by[0].value)
    return None, []


def _cut_signature(candidates: list[paragraphs.Candidate], archive_notes: list[str]) -> list[str]:
    """Take the signature off the end of the last paragraph (before its lines are joined); the signers.

    Trailers after the signature (end marks, a repeated classification, an archive footer) go first;
    archive footers are kept in ``archive_notes``.
    """
    while candidates and _TRAILER.fullmatch(candidates[-1].head + "\n" + candidates[-1].body):
        trailer = candidates.pop()
        footer = re.search(r"\d{4}[A-Z]{3,8}\d{5} - [A-Z /]{3,40}", trailer.head + "\n" + trailer.body)
        if footer:
            archive_notes.append(footer.group(0))
    if not candidates:
        return []
    last = candidates[-1]
    lines = (last.head + "\n" + last.body).split("\n") if last.body else [last.head]
    start, signers = people.find_signature(lines)
    if not signers:
        return []
    kept = lines[:start]
    if start > 0 and signers[-1] in lines[start - 1]:  # "… End Comment. HOAGLAND": the name ends a text line
        kept[-1] = people.strip_trailing_signer(kept[-1], signers[-1])
    while kept and not kept[-1].strip():
        kept.pop()
    if kept:
        candidates[-1] = last._replace(head=kept[0], body="\n".join(kept[1:]))
    else:
        candidates.pop()
    return signers


def render_paragraphs(found: list[Paragraph]) -> str:
    """The paragraphs as normalized text: ``N. (MARK) text``, a blank line between paragraphs."""
    # Heads, texts and separators go into one list and one join: the texts are copied once.
    out = []
    for paragraph in found:
        if out:
            out.append("\n\n")
        if paragraph.number is not None:
            out.append(f"{paragraph.number}. ")
        if paragraph.marking:
            out.append(f"({paragraph.marking}) ")
        out.append(paragraph.text)
    return "".join(out)
