"""cableparse: US diplomatic cables into typed, validated records."""

from cableparse.errors import CableParseError
from cableparse.model import Cable

__all__ = ["Cable", "CableParseError"]
__version__ = "0.1.0"
