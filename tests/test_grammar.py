"""The grammar's parser: the lean LALR loop and the repeat shortcut in cableparse.grammar must give
exactly what Lark's own parser gives."""

from __future__ import annotations

import pytest
from lark import Lark

from cableparse import parsing
from cableparse.grammar import GRAMMAR_PATH, parse_tree, parser, run
from cableparse.grammar.lalr import LeanParser, NotParsed
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


def test_lean_loop_runs_for_the_cable_grammar() -> None:
    assert LeanParser.of(parser()) is not None
    assert LeanParser.of(parser(parsing._TRANSFORMER)) is not None


def test_parts_equal_lark_own_on_fixtures_and_corpus() -> None:
    """What the record is built from: the transformer's parts, by the lean loop and by Lark's loop."""
    texts = _texts_of_fixtures()
    texts += [clean(row["file"].read_bytes()).text for row in manifest_rows("csv-row")[:200]]
    lark = parser(parsing._TRANSFORMER)
    different = [index for index, text in enumerate(texts) if run(text, parsing._TRANSFORMER) != lark.parse(text)]
    print(f"parts equal on {len(texts) - len(different)} of {len(texts)} texts")
    assert not different


_TINY = """
start: item+
item: WORD ":" NUMBER ";"
WORD: /[a-z]+/
NUMBER: /[0-9]+/
"""


def test_lean_loop_on_a_small_grammar() -> None:
    lark = Lark(_TINY, parser="lalr", lexer="contextual")
    lean = LeanParser.of(lark)
    assert lean is not None
    assert lean.parse("ab:12;c:3;") == lark.parse("ab:12;c:3;")
    assert lean.parse("ab:12;x:1;c:3;").children[2].children[0].start_pos == 10
    for bad in ("ab:12", "ab:12;;", "AB:1;", "ab:1;c"):
        with pytest.raises(NotParsed):
            lean.parse(bad)


def test_lines_of_tokens_follow_the_text() -> None:
    lark = Lark("start: LINE+\nLINE: /[^\\n]*\\n+/", parser="lalr", lexer="contextual")
    tree = LeanParser.of(lark).parse("one\ntwo\n\n\nthree\n")
    assert [(str(token), token.line, token.start_pos) for token in tree.children] == [
        ("one\n", 1, 0), ("two\n\n\n", 2, 4), ("three\n", 5, 10)
    ]


def test_what_the_loop_does_not_do_is_left_to_lark() -> None:
    assert LeanParser.of(Lark(_TINY + "%ignore /[ ]+/", parser="lalr", lexer="contextual")) is None
    assert LeanParser.of(Lark(_TINY, parser="earley")) is None


def test_a_text_the_loop_cannot_parse_goes_through_lark(monkeypatch: pytest.MonkeyPatch) -> None:
    import cableparse.grammar as grammar

    class Refusing:
        def parse(self, text: str) -> None:
            raise NotParsed(0)

    monkeypatch.setattr(grammar, "_lean", lambda transformer: Refusing())
    text = _texts_of_fixtures()[0]
    assert grammar.run(text) == parser().parse(text)
