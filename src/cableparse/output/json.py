"""The record as JSON (one object) or JSON Lines (one object per line)."""

from __future__ import annotations

from cableparse.model import Cable


def to_json(cable: Cable, *, indent: int | None = 2) -> str:
    """The record as a JSON document, with the public field names."""
    return cable.model_dump_json(indent=indent)


def to_json_line(cable: Cable) -> str:
    """The record as one line of JSON Lines (no newline at the end)."""
    return cable.model_dump_json()


def json_schema() -> dict:
    """The JSON Schema of the record."""
    return Cable.model_json_schema(by_alias=True)
