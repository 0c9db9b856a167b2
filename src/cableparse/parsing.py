"""``parse``: text → Cable, through clean-up, grammar and build."""

from __future__ import annotations

import codecs
import datetime as dt

from lark.exceptions import LarkError, UnexpectedInput

from cableparse.build import CableTransformer, build_cable
from cableparse.containers.encoding import decode
from cableparse.errors import CableParseError
from cableparse.grammar import run
from cableparse.model import ArchiveMetadata, Cable, ParseWarning, Source
from cableparse.text import clean

# Below this share of printable characters a text is binary (an image, an archive), not a cable.
_MIN_PRINTABLE_SHARE = 0.85
_TRANSFORMER = CableTransformer()
# The control characters that mark binary input (tabs, line ends and form feeds aside), as UTF-8 bytes:
# _reject_non_text counts them with bytes.translate, and U+FFFD (an undecodable byte) separately.
_NON_TEXT_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def parse(
    text: str | bytes,
    *,
    reference_id: str | None = None,
    created: dt.datetime | None = None,
    strict: bool = False,
    source: Source | str | None = None,
    archive: ArchiveMetadata | None = None,
) -> Cable:
    """Read one cable's text into a ``Cable``.

    ``reference_id`` and ``created`` are metadata a container may already know: they fill what the text
    lacks, and a disagreement with the text is a warning. Lenient (default) parsing returns what could
    be read with warnings; ``strict=True`` raises ``CableParseError`` at the first warning. Empty and
    binary input raise in both modes. ``archive`` is everything a container recorded next to the
    text: it is kept on the record, and its reference id, date and classification fill gaps the same way.
    """
    if archive is not None:
        reference_id = reference_id or archive.reference_id
        created = created or archive.created
    source_model = Source(path=source) if isinstance(source, str) else source
    label = source_model.path if source_model else None
    _reject_non_text(text, label)
    cleaned = clean(text)
    if not cleaned.text or cleaned.text.isspace():  # as ``not ….strip()``, without copying the text
        raise CableParseError("the text is empty", source=label, code="empty-input")
    try:
        parts = run(cleaned.text, _TRANSFORMER)
    except UnexpectedInput as error:  # the grammar has a catch-all line, so this means a grammar bug
        line_text = cleaned.text.split("\n")[error.line - 1] if error.line and error.line > 0 else None
        raise CableParseError(
            "the text could not be tokenized", source=label, line=error.line, column=error.column,
            line_text=line_text, code="grammar-error",
        ) from None
    except LarkError as error:
        raise CableParseError(f"the grammar failed: {error}", source=label, code="grammar-error") from None
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=dt.timezone.utc)
    cable = build_cable(
        parts,
        reference_id=reference_id,
        created=created,
        classification=archive.classification if archive else None,
    )
    cable.archive = archive
    if archive is not None and cable.origin_name is None and archive.origin:
        cable.origin_name = archive.origin
    if cleaned.repairs:
        cable.warnings[:0] = [ParseWarning(code=code, message=message) for code, message in cleaned.repairs]
    cable.source = source_model
    if strict and cable.warnings:
        first = cable.warnings[0]
        # A warning about the whole text (a repair, a missing line) points at the text's first line.
        line = first.line if first.line and first.line >= 1 else 1
        lines = cleaned.text.split("\n")
        line_text = lines[line - 1] if line <= len(lines) else None
        raise CableParseError(
            first.message, source=label, line=line, column=1 if first.line else None,
            line_text=line_text, code=first.code,
        )
    return cable


def _reject_non_text(text: str | bytes, label: str | None) -> None:
    sample = text[:4096]
    if isinstance(sample, (bytes, bytearray)):
        # UTF-16 text is mostly NUL bytes when read byte by byte: judge its characters instead.
        sample = decode(bytes(sample)) if sample.startswith(_UTF16_BOMS) else sample.decode("latin-1")
    if not sample:
        raise CableParseError("the text is empty", source=label, code="empty-input")
    # In UTF-8 the bytes 0x00-0x1F and 0x7F stand only for themselves: bytes.translate counts them several
    # times faster than a regex scan, and U+FFFD is one str.count.
    encoded = sample.encode("utf-8", "surrogatepass")
    non_text = len(encoded) - len(encoded.translate(None, _NON_TEXT_BYTES)) + sample.count("\ufffd")
    if non_text > (1 - _MIN_PRINTABLE_SHARE) * len(sample):
        raise CableParseError("the input is binary, not text", source=label, code="binary-input")
