"""cableparse: US diplomatic cables into typed, validated records.

>>> import cableparse
>>> cable = cableparse.parse(text)
>>> cable.reference_id, cable.subject
"""

from cableparse.errors import CableParseError

__all__ = [
    "Cable",
    "CableParseError",
    "canonical_id",
    "clean_content",
    "parse",
    "read",
    "titlecase",
    "to_json",
    "to_text",
]
__version__ = "0.1.0"


# What each public name is, loaded on first use: `import cableparse` stays fast (the typed model alone
# takes pydantic a few hundred milliseconds to build), and a notebook pays only for what it uses.
_LAZY = {
    "Cable": ("cableparse.model", "Cable"),
    "parse": ("cableparse.parsing", "parse"),
    "read": ("cableparse.reading", "read"),
    "to_text": ("cableparse.output.text", "to_text"),
    "to_json": ("cableparse.output.json", "to_json"),
    "canonical_id": ("cableparse.fields.ids", "canonical_id"),
    "titlecase": ("cableparse.fields.subject", "titlecase"),
    "clean_content": ("cableparse.fields.spans", "clean_content"),
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'cableparse' has no attribute {name!r}")
    from importlib import import_module

    module, attribute = _LAZY[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
