"""The fast paths of the clean-up give what the plain regexes and line loops give (text.clean runs on
every cable, so its repairs are tried only where a cheap test says they could apply)."""

from __future__ import annotations

import random
import time

import pytest

from cableparse.errors import CableParseError
from cableparse.parsing import _reject_non_text
from cableparse.text import (
    _COLLAPSED_UNDERLINED_HEADING,
    _MARKDOWN_ESCAPE,
    _MARKDOWN_LINK,
    _has_control_characters,
    _sub_before_rules,
    _underlined_heading,
    _without_line_start_pilcrows,
    _without_markdown_links,
    _without_trailing_blanks,
    clean,
)


def _markdown_by_regex(text: str) -> str:
    return _MARKDOWN_LINK.sub(lambda found: _MARKDOWN_ESCAPE.sub(r"\1", found.group(1)), text)


@pytest.mark.parametrize(
    "text",
    ["[KTIP](#) [1. \\(U\\)](#)", "[a[b](#x)", "[a\\](#)b](#)", "[\\\n](#)", "[" * 450 + "](#)", "\\[" * 300 + "](#)",
     "[" + "a" * 400 + "](#)", "[" + "a" * 401 + "](#)", "[" + "\\]" * 400 + "](#)", "[x](#" + "y" * 201 + ")"],
)
def test_markdown_links_come_out_as_the_regex_has_them(text: str) -> None:
    assert _without_markdown_links(text) == _markdown_by_regex(text)


def test_markdown_links_on_random_texts() -> None:
    pieces = ["[", "]", "(", ")", "#", "\\", "\n", "a", " ", "](#)", "[a](#)", "\\]", "\\\\"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        assert _without_markdown_links(text) == _markdown_by_regex(text), text


def test_markdown_links_take_linear_time_on_runs_of_brackets() -> None:
    text = "[" * 20000 + "\n](#)"
    start = time.process_time()
    assert _without_markdown_links(text) == text
    assert time.process_time() - start < 0.05  # the regex takes over a second on this


@pytest.mark.parametrize(
    "text",
    ["a \nb  \nc   \n", "a\t\nb \t \n", "a\u3000\nb\u2028 \nlast  ", "x\x0c\ny", "", " ", "\n\n  \n", "a b"],
)
def test_trailing_blanks_go_as_with_rstrip(text: str) -> None:
    assert _without_trailing_blanks(text) == "\n".join(line.rstrip() for line in text.split("\n"))


def test_control_characters_are_found_in_any_text() -> None:
    assert _has_control_characters("abc\x01") and _has_control_characters("é\x7f’")
    assert not _has_control_characters("tab\tline\nreturn\r’ \ud800")
    assert clean("a\x00b ¶c\n").repairs == [("control-characters", "control characters (NUL and the like) removed")]


def test_pilcrows_go_only_at_line_starts() -> None:
    assert _without_line_start_pilcrows("¶1. a ¶2.\n  ¶ 3. b\n¶") == "1. a ¶2.\n  3. b\n"


def test_underlined_headings_are_looked_for_only_before_rules() -> None:
    text = "end of it.  Iran ----  more.  " + "words " * 100 + "x.  Iraq --------- -  and"
    expected = _COLLAPSED_UNDERLINED_HEADING.sub(_underlined_heading, text)
    assert expected != text  # both headings are found
    assert _sub_before_rules(_COLLAPSED_UNDERLINED_HEADING, _underlined_heading, text) == expected
    assert _sub_before_rules(_COLLAPSED_UNDERLINED_HEADING, _underlined_heading, "no rules here") == "no rules here"


def test_binary_share_is_counted_on_characters() -> None:
    _reject_non_text("text\x00" * 10 + "x" * 50, None)  # 10 of 100: text
    with pytest.raises(CableParseError):
        _reject_non_text("\ufffd\x01" * 10 + "x" * 20, None)
    with pytest.raises(CableParseError):
        _reject_non_text(b"\x00\x01\xff" * 100, None)
