"""Errors that stop parsing, and the codes of warnings that do not.

A warning is a value on the record (``Cable.warnings``); nothing here is raised in lenient mode.
Strict mode raises ``CableParseError`` for the first warning, pointing at its line.
"""

from __future__ import annotations


class CableParseError(ValueError):
    """The text could not be read as a cable, or (in strict mode) had an anomaly.

    The message names the source, line and column and shows the offending line with a caret.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        line_text: str | None = None,
        code: str = "not-a-cable",
    ) -> None:
        self.reason = message
        self.source = source
        self.line = line
        self.column = column
        self.line_text = line_text
        self.code = code
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.source or "<text>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        out = f"{where}: {self.reason} [{self.code}]"
        if self.line_text is not None:
            shown = self.line_text if len(self.line_text) <= 200 else self.line_text[:200] + "…"
            out += f"\n    {shown}"
            if self.column is not None and self.column - 1 <= len(shown):
                out += "\n    " + " " * (self.column - 1) + "^"
        return out

    def one_line(self) -> str:
        """The message without the quoted source line, for a command-line error."""
        return self._render().split("\n", 1)[0]
