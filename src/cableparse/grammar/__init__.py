"""The Lark parser for cable.lark, built once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lark import Lark, Transformer, Tree

GRAMMAR_PATH = Path(__file__).with_name("cable.lark")


@cache
def parser(transformer: Transformer | None = None) -> Lark:
    """The LALR parser with its contextual lexer, built on first use and reused.

    With a ``transformer`` its callbacks run as each rule is reduced, so no tree is built; without
    one the parser returns the tree. Lark caches the grammar analysis on disk between processes.
    """
    return Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        transformer=transformer,
        propagate_positions=False,
        maybe_placeholders=False,
        cache=True,
    )


def parse_tree(text: str) -> Tree:
    """The tree of a cleaned text (see cableparse.text.clean)."""
    return parser().parse(text)
