"""The grammar's parser: the repeat shortcut in cableparse.grammar must not change any tree."""

from __future__ import annotations

import pytest
from lark import Lark

from cableparse.grammar import GRAMMAR_PATH, parse_tree, parser
from cableparse.text import clean
from conftest import FIXTURES, manifest_rows


@pytest.fixture(scope="module")
def plain_parser() -> Lark:
    """The same grammar as Lark builds it, every callback its own."""
    return Lark(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
                maybe_placeholders=False)


def _texts_of_fixtures() -> list[str]:
    return [clean(path.read_bytes()).text for path in sorted(FIXTURES.iterdir()) if path.is_file()]


def test_repeat_steps_are_replaced() -> None:
    callbacks = parser().parser.parser.parser.callbacks
    repeat_steps = [rule for rule in callbacks if rule.expansion and rule.expansion[0] == rule.origin]
    assert repeat_steps, "the grammar has repeats"
    assert all(callbacks[rule].__name__ == "_append_to_repeat" for rule in repeat_steps)


def test_trees_equal_lark_own_on_fixtures(plain_parser: Lark) -> None:
    texts = _texts_of_fixtures()
    assert len(texts) >= 5
    for text in texts:
        assert parse_tree(text) == plain_parser.parse(text)


def test_trees_equal_lark_own_on_corpus(plain_parser: Lark) -> None:
    rows = manifest_rows("raw-acp127")[:150] + manifest_rows("bare-text")[:150]
    texts = {row["path"]: clean(row["file"].read_bytes()).text for row in rows}
    different = [path for path, text in texts.items() if parse_tree(text) != plain_parser.parse(text)]
    print(f"trees equal on {len(rows) - len(different)} of {len(rows)} corpus texts")
    assert not different
