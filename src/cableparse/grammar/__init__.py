"""The Lark parser for cable.lark, built once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lark import Lark, Tree

GRAMMAR_PATH = Path(__file__).with_name("cable.lark")


@cache
def parser() -> Lark:
    """The LALR parser with its contextual lexer (built on first use, then reused)."""
    return Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=False,
        maybe_placeholders=False,
        cache=False,
    )


def parse_tree(text: str) -> Tree:
    """The tree of a cleaned text (see cableparse.text.clean)."""
    return parser().parse(text)
