"""A lean run of the LALR tables and lexer regexes that Lark built from cable.lark.

Lark's own loop spends more of a cable's time than its regexes do: for each of the ~20 tokens of a
cable it goes through a generator, a line counter, keyword handling in ``Token`` and several
property and method calls. This loop does the same steps with the same tables, regexes and
callbacks, in one function: the contextual lexer (the union regex of the terminals the parser
state allows, in Lark's order), then shift or reduce as the table says. What the callbacks receive
is the same (token type, value, start position and line; columns are not kept).

It reads Lark's internals (Lark 1.x): ``LeanParser.of`` returns None when they are not as expected
or the grammar uses what this loop leaves out (lexer callbacks, ignored terminals, callbacks on
tokens), and the caller
then keeps Lark's own ``parse``. When the text does not fit the grammar, the loop raises
``NotParsed`` and the caller parses it with Lark, which raises its error with line and column.
"""

from __future__ import annotations

import re
from typing import Any

from lark import Lark, Token

__all__ = ["LeanParser", "NotParsed"]

_END = "$END"


class NotParsed(Exception):
    """The text does not fit the grammar (Lark's own parse tells where)."""


class LeanParser:
    """The LALR loop over one Lark parser's tables; ``parse`` gives what Lark's ``parse`` would."""

    def __init__(self, states: dict, start_state: Any, end_state: Any, callbacks: dict,
                 scanners: dict[Any, tuple[re.Pattern[str], ...]], shift: Any) -> None:
        self._states = states
        self._start_state = start_state
        self._end_state = end_state
        self._callbacks = callbacks
        self._scanners = scanners
        self._shift = shift

    @classmethod
    def of(cls, lark: Lark) -> LeanParser | None:
        """The loop over ``lark``'s tables, or None when they are not where Lark 1.x keeps them."""
        try:
            from lark.parsers.lalr_analysis import Shift

            lalr = lark.parser.parser.parser  # front end → LALR_Parser → its parser
            table = lalr.parse_table
            lexers = lark.parser.lexer.lexers  # the contextual lexer's basic lexer per parser state
            scanners = {}
            for state, lexer in lexers.items():
                scanners[state] = tuple(lexer.scanner._mres)  # built on first use, with the callbacks
                if lexer.ignore_types or lexer.callback:
                    return None
            if any(isinstance(key, str) for key in lalr.callbacks):  # callbacks on tokens: Lark's loop
                return None
            return cls(table.states, table.start_states["start"], table.end_states["start"], lalr.callbacks,
                       scanners, Shift)
        except (AttributeError, KeyError, ImportError, TypeError):
            return None

    def parse(self, text: str) -> Any:
        """What the start rule's callback makes of ``text``; ``NotParsed`` when it does not fit."""
        states, callbacks, scanners, shift = self._states, self._callbacks, self._scanners, self._shift
        state_stack = [self._start_state]
        value_stack: list = []
        new_token = Token._future_new  # Token(...) without the deprecated-keyword checks
        position, line, size = 0, 1, len(text)
        while True:
            if position < size:
                match = None
                for pattern in scanners.get(state_stack[-1], ()):
                    match = pattern.match(text, position)
                    if match is not None:
                        break
                if match is None:
                    raise NotParsed(position)
                value = match.group()
                kind = match.lastgroup
                token = new_token(kind, value, position, line)
                position = match.end()
                line += value.count("\n")
            else:
                kind, token = _END, None
            while True:  # reduce as often as the table says, then shift the token
                try:
                    action, argument = states[state_stack[-1]][kind]
                except KeyError:
                    raise NotParsed(position) from None
                if action is shift:
                    if token is None:  # the end is never shifted in a sound table
                        raise NotParsed(position)
                    state_stack.append(argument)
                    value_stack.append(token)
                    break
                rule = argument
                length = len(rule.expansion)
                if length:
                    children = value_stack[-length:]
                    del state_stack[-length:]
                    del value_stack[-length:]
                else:
                    children = []
                value_stack.append(callbacks[rule](children))
                state_stack.append(states[state_stack[-1]][rule.origin.name][1])
                if token is None and state_stack[-1] == self._end_state:
                    return value_stack[-1]
