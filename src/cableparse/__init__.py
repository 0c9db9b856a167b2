"""cableparse: US diplomatic cables into typed, validated records.

>>> import cableparse
>>> cable = cableparse.parse(text)
>>> cable.reference_id, cable.subject
"""

from cableparse.errors import CableParseError
from cableparse.model import Cable

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


def __getattr__(name: str):
    # The parser and its grammar load on first use, so that `import cableparse` stays fast.
    if name == "parse":
        from cableparse.parsing import parse

        return parse
    if name == "read":
        from cableparse.reading import read

        return read
    if name == "to_text":
        from cableparse.output.text import to_text

        return to_text
    if name == "to_json":
        from cableparse.output.json import to_json

        return to_json
    if name == "canonical_id":
        from cableparse.fields.ids import canonical_id

        return canonical_id
    if name == "clean_content":
        from cableparse.fields.spans import clean_content

        return clean_content
    if name == "titlecase":
        from cableparse.fields.subject import titlecase

        return titlecase
    raise AttributeError(f"module 'cableparse' has no attribute {name!r}")
