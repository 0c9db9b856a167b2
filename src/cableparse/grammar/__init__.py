"""The Lark parser for cable.lark, built once per process, and ``run``: a cleaned text through it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Transformer, Tree

from cableparse.grammar.lalr import LeanParser, NotParsed

GRAMMAR_PATH = Path(__file__).with_name("cable.lark")


@cache
def parser(transformer: Transformer | None = None) -> Lark:
    """The LALR parser with its contextual lexer, built on first use and reused.

    With a ``transformer`` its callbacks run as each rule is reduced, so no tree is built; without
    one the parser returns the tree. Lark caches the grammar analysis on disk between processes.
    """
    lark = Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        transformer=transformer,
        propagate_positions=False,
        maybe_placeholders=False,
        cache=True,
    )
    _append_repeats_in_place(lark)
    return lark


def _append_repeats_in_place(lark: Lark) -> None:
    """Make each ``( … )*`` of the grammar grow one list instead of building a node per line.

    Lark reads a repeat as a helper rule ``__body_star_1: __body_star_1 item | item`` and reduces it at
    every token: its default callback filters the children, calls the transformer's ``__default__`` and
    makes a new Tree, four Python calls per line. The rule that holds the repeat only takes the helper's
    children, so the helper's first Tree can take the next items itself: the rules and what the
    transformer gets stay the same.
    """
    # The LALR parser's callback per rule, where Lark 1.x keeps it; another Lark keeps its own steps.
    callbacks = getattr(getattr(getattr(lark.parser, "parser", None), "parser", None), "callbacks", None)
    if not isinstance(callbacks, dict):
        return
    for rule, callback in callbacks.items():
        # Only the step "repeat so far, then one item kept as it is" (Lark's child filter: expand the
        # first child, keep the second) is replaced.
        keeps_item = getattr(callback, "to_include", None) == [(0, True), (1, False)]
        if keeps_item and rule.expansion and rule.expansion[0] == rule.origin:
            callbacks[rule] = _append_to_repeat


def _append_to_repeat(children: list) -> Tree:
    """The callback of ``__x_star: __x_star item``: the item appended to the repeat's Tree."""
    repeat, item = children
    repeat.children.append(item)
    return repeat


@cache
def _lean(transformer: Transformer | None) -> LeanParser | None:
    return LeanParser.of(parser(transformer))


def run(text: str, transformer: Transformer | None = None) -> Any:
    """A cleaned text (see cableparse.text.clean) through the grammar: its tree, or with a
    ``transformer`` what the transformer makes of it.

    The lean loop of ``cableparse.grammar.lalr`` runs Lark's tables; a text it cannot parse goes
    through Lark's own loop, which raises ``lark.exceptions.UnexpectedInput`` with the line and column.
    """
    lean = _lean(transformer)
    if lean is not None:
        try:
            return lean.parse(text)
        except NotParsed:
            pass
    return parser(transformer).parse(text)


def parse_tree(text: str) -> Tree:
    """The tree of a cleaned text (see cableparse.text.clean)."""
    return run(text)
