"""Every error and warning code in the source is documented in docs/errors.md (issue 5).

The codes are read from the source, not listed here, so a new code without documentation fails:

* error codes: ``code="…"`` arguments (``CableParseError(..., code="empty-input")``);
* warning codes: the first string of ``warn(…)``/``_warning(…)`` calls (build.py), of the
  ``repairs.append(("…", …))`` tuples of text.py and of the ``warnings.append(("…", …))`` tuples of
  the field functions.

A code is documented when docs/errors.md has a heading with it in backquotes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

import cableparse

SOURCE = Path(cableparse.__file__).parent
ERRORS_DOC = ROOT / "docs" / "errors.md"
_ERROR_CODE = re.compile(r"""\bcode=["']([a-z][a-z0-9-]+)["']""")
_WARNING_CODE = re.compile(r"""(?:\bwarn|\b_warning|repairs\.append|warnings\.append)\(\s*\(?\s*["']([a-z][a-z0-9-]+)["']""")
_HEADING_CODE = re.compile(r"^#{2,5} `([a-z][a-z0-9-]+)`", re.MULTILINE)


def _sources() -> dict[str, str]:
    return {str(path.relative_to(SOURCE)): path.read_text(encoding="utf-8") for path in sorted(SOURCE.rglob("*.py"))}


def error_codes() -> set[str]:
    return {code for text in _sources().values() for code in _ERROR_CODE.findall(text)}


def warning_codes() -> set[str]:
    return {code for text in _sources().values() for code in _WARNING_CODE.findall(text)}


def documented_codes() -> set[str]:
    return set(_HEADING_CODE.findall(ERRORS_DOC.read_text(encoding="utf-8")))


def test_the_extraction_finds_the_known_codes() -> None:
    """Guards the regexes above: if the code moves to another idiom, this fails before the docs drift."""
    assert {"empty-input", "binary-input", "grammar-error", "rejected"} <= error_codes()
    assert {"encoding-fallback", "control-characters", "no-classification-line", "paragraph-renumbered"} <= warning_codes()
    assert len(warning_codes()) >= 15


@pytest.mark.parametrize("code", sorted(error_codes() | warning_codes()))
def test_code_is_documented(code: str) -> None:
    assert code in documented_codes(), f"{code!r} is raised or recorded in src/ but has no `### `{code}`` heading in docs/errors.md"


def test_every_documented_code_exists() -> None:
    stale = documented_codes() - error_codes() - warning_codes()
    assert not stale, f"docs/errors.md documents codes the source no longer has: {sorted(stale)}"


def test_each_code_has_an_example_and_advice() -> None:
    text = ERRORS_DOC.read_text(encoding="utf-8")
    sections = re.split(r"^#{2,5} ", text, flags=re.MULTILINE)
    for section in sections:
        heading = section.split("\n", 1)[0]
        found = re.fullmatch(r"`([a-z][a-z0-9-]+)`", heading.strip())
        if not found:
            continue
        assert "*Example:*" in section, f"{found.group(1)}: no example"
        assert "*What to do:*" in section, f"{found.group(1)}: no advice"


def test_warning_codes_in_the_doc_are_the_ones_parse_emits() -> None:
    """A few codes checked end to end: the documented trigger really yields the code."""
    import cableparse as api

    text = "DE RUEHXX #ABC\nFM AMEMBASSY X\n\nUNCLAS X 000001\n\nSUBJECT: T\n\n1. TEXT.\n"
    assert "unreadable-header-line" in [w.code for w in api.parse(text).warnings]
    text = "R 451299Z ZZZ 09\nFM AMEMBASSY X\n\nUNCLAS X 000001\n\nSUBJECT: T\n\n1. TEXT.\n"
    assert "unreadable-dtg" in [w.code for w in api.parse(text).warnings]
    assert "encoding-fallback" in [w.code for w in api.parse(b"UNCLAS X 000001\n\n\xb61.  (C) Summary.\n").warnings]
