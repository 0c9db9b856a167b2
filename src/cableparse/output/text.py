"""The record as normalized telegram text: one consistent layout whatever the source looked like."""

from __future__ import annotations

from cableparse.model import Cable


def to_text(cable: Cable) -> str:
    """The cable as normalized text.

    Classification line un-spaced, captions and action lines, E.O., TAGS, SUBJECT, REF and Classified
    By lines in a fixed order, then the paragraphs whole (wrapped lines joined, page markers gone),
    then the signers.
    """
    blocks: list[str] = []
    classification = cable.classification
    if classification.level is not None:
        line = classification.level.value
        if classification.section is not None and classification.sections_total is not None:
            line += f" SECTION {classification.section:02d} OF {classification.sections_total:02d}"
        if classification.post:
            line += f" {classification.post}"
        if classification.serial is not None:
            line += f" {classification.serial:06d}"
        blocks.append(line)
    if classification.captions:
        blocks.append("\n".join(classification.captions))
    if cable.distribution:
        blocks.append("\n".join(cable.distribution))
    preamble = []
    declassification = cable.declassification
    if declassification is not None and (declassification.executive_order or declassification.date or declassification.rule):
        eo = f"E.O. {declassification.executive_order}:" if declassification.executive_order else "E.O.:"
        if declassification.date is not None:
            eo += f" DECL: {declassification.date:%m/%d/%Y}"
        elif declassification.rule:
            eo += f" {declassification.rule}"
        preamble.append(eo)
    if cable.tags:
        preamble.append("TAGS: " + " ".join(_tag_text(tag) for tag in cable.tags))
    if cable.subject:
        preamble.append("SUBJECT: " + cable.subject)
    if preamble:
        blocks.append("\n".join(preamble))
    if cable.references:
        lines = []
        for index, reference in enumerate(cable.references):
            bullet = f"{reference.letter}. " if reference.letter else ""
            lines.append(("REF: " if index == 0 else "     ") + bullet + reference.text)
        blocks.append("\n".join(lines))
    if declassification is not None and declassification.classified_by is not None:
        who = declassification.classified_by
        parts = [part for part in (who.title, who.name, who.agency) if part]
        line = "Classified By: " + ", ".join(parts)
        if declassification.reasons:
            line += ". Reasons " + ", ".join(declassification.reasons)
        blocks.append(line + ".")
    if cable.text:
        blocks.append(cable.text)
    if cable.signers:
        blocks.append("\n".join(cable.signers))
    return "\n\n".join(blocks) + "\n"


def _tag_text(tag) -> str:
    return f"{tag.code} ({tag.name})" if tag.name else tag.code
