"""Bytes to text for every container: UTF-8 (with or without BOM), else cp1252, else Latin-1.

The archives mix encodings, sometimes inside one file: telegram text files are Latin-1/cp1252
with ``¶`` as byte 0xB6, while pages are UTF-8 with typographic quotes. So decoding is strict
UTF-8 first and, where that fails, only the offending bytes are read as cp1252 (and the five
bytes cp1252 leaves undefined as Latin-1). A pure cp1252 file therefore comes out exactly as a
cp1252 decode would, and a UTF-8 file with a stray 0xB6 keeps its UTF-8 characters.
"""

from __future__ import annotations

import codecs

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _single_byte_char(byte: int) -> str:
    """The character of one byte in cp1252, or in Latin-1 where cp1252 defines none."""
    try:
        return bytes((byte,)).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_BYTE_CHARS: tuple[str, ...] = tuple(_single_byte_char(b) for b in range(256))
_ERROR_HANDLER = "cableparse-cp1252"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes UTF-8 rejected as cp1252/Latin-1 characters."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_BYTE_CHARS[b] for b in bad), error.end


codecs.register_error(_ERROR_HANDLER, _cp1252_fallback)


def decode(data: bytes) -> str:
    """Text of ``data``: UTF-8 (a BOM is dropped), bytes that are not UTF-8 read as cp1252/Latin-1.

    Never raises: every byte sequence has a decoding. ``b"\\xb61."`` → ``"¶1."``.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors=_ERROR_HANDLER)
