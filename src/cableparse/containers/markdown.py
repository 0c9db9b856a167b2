"""Reader for Markdown renderings of cablegate pages (``09CHENGDU165.md``).

The text is read as it is: link artifacts such as ``[KTIP](#)`` and ``[1. \\(U\\)](#)`` are left
for the parser's clean-up, which knows what a TAGS line and a paragraph number look like.
"""

from __future__ import annotations

from collections.abc import Iterator

from cableparse.containers.base import ReadResult, SourceLike
from cableparse.containers.plain import read_text_document
from cableparse.model import ContainerKind

__all__ = ["read_markdown"]


def read_markdown(
    source: SourceLike, *, path_label: str | None = None, member: str | None = None
) -> Iterator[ReadResult]:
    """Read one Markdown file: one ``RawCable`` with the text as written."""
    return read_text_document(source, ContainerKind.MARKDOWN, path_label=path_label, member=member)
