"""``read``: containers → records. Joins the container readers to ``parse``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Union

from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.detect import read_raw
from cableparse.errors import CableParseError
from cableparse.model import Cable, ContainerKind
from cableparse.parsing import parse

Sources = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]


def parse_raw(raw: RawCable, *, strict: bool = False) -> Cable:
    """Parse one cable a container yielded, keeping its provenance and archive metadata.

    The container's reference id and date fill what the text lacks; where they disagree with the
    text, the record keeps the text's value and a warning.
    """
    return parse(raw.text, strict=strict, source=raw.source, archive=raw.archive)


def read_results(
    sources: Sources, *, kind: ContainerKind | str | None = None, strict: bool = False
) -> Iterator[Cable | Rejected]:
    """Every record of the sources, in order: a ``Cable``, or a ``Rejected`` with the reason."""
    container = ContainerKind(kind) if isinstance(kind, str) else kind
    for raw in read_raw(sources, kind=container):
        if isinstance(raw, Rejected):
            yield raw
            continue
        try:
            yield parse_raw(raw, strict=strict)
        except CableParseError as error:
            yield Rejected(source=raw.source, reason=error.one_line())


def read(sources: Sources, *, kind: ContainerKind | str | None = None, strict: bool = False) -> Iterator[Cable]:
    """Every cable in files, folders, globs or archives (``-`` for standard input), as records.

    A record that cannot be read raises ``CableParseError`` naming its source; use ``read_results``
    to receive such records as ``Rejected`` values and go on.
    """
    for result in read_results(sources, kind=kind, strict=strict):
        if isinstance(result, Rejected):
            where = result.source
            raise CableParseError(
                result.reason, source=where.path, line=where.row, code="rejected"
            )
        yield result
