"""No regex of cableparse backtracks catastrophically (issue 5, docs/robustness.md).

Every compiled pattern is collected programmatically — the module-level ``re.Pattern`` objects of
every cableparse module (and those kept in module-level lists, tuples and dicts) and the terminals of
the Lark grammar — and run on adversarial strings built from the pattern itself:

* for each repeat that may run long (unbounded, or more than ``_LONG_REPEAT`` times), the text the
  pattern needs to reach it, then its body pumped to the target length — ending there, or followed
  by a character nothing expects (the classic near-miss that makes a backtracking engine retry);
* the same opening repeated over and over (many starts, none closed: the quadratic case of
  ``<td>(.*?)</td>`` with ``finditer``);
* a long run of each character the pattern mentions.

Each string is timed at 2,000 and 8,000 characters in the same process. A linear scan takes about
4x as long on the longer string; a quadratic one 16x. A pattern fails when the ratio exceeds
``_MAX_RATIO`` and the long run takes more than ``_NOISE_FLOOR`` seconds (below that, timer noise
dominates and nothing pathological can hide: a quadratic scan of 8,000 characters costs far more).

Module patterns are timed with ``finditer`` (a search from every position, what ``search``, ``sub``
and ``findall`` do); grammar terminals with ``match`` at the start, which is how the lexer uses
them (it matches at the position where the last token ended).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import time
from collections.abc import Callable, Iterator

import pytest

try:  # Python 3.11+
    from re import _constants as sre_constants, _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

import cableparse
from cableparse.grammar import parser

_SHORT, _LONG, _LONGER = 2_000, 8_000, 32_000
_PROBE, _PROBE_SECONDS = 500, 0.05  # a first run on 500 characters catches cubic and exponential cases
_CONFIRM_BELOW = 0.1  # seconds: a slower 8,000-character run is not noise
_MAX_RATIO = 8.0
_NOISE_FLOOR = 0.004  # seconds for the 8,000-character run
_LONG_REPEAT = 64
_SKIP_MODULES = {"cableparse.__main__"}

MAXREPEAT = sre_constants.MAXREPEAT
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):
    _REPEATS.add(sre_constants.POSSESSIVE_REPEAT)


# --- collecting the patterns -------------------------------------------------------------------


def module_patterns() -> list[tuple[str, re.Pattern]]:
    """(``module.NAME``, pattern) for every compiled pattern held at module level in cableparse."""
    found: dict[tuple, tuple[str, re.Pattern]] = {}
    for info in pkgutil.walk_packages(cableparse.__path__, "cableparse."):
        if info.name in _SKIP_MODULES:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            values: list = []
            if isinstance(value, re.Pattern):
                values = [value]
            elif isinstance(value, (list, tuple)):
                values = [v for v in value if isinstance(v, re.Pattern)]
            elif isinstance(value, dict):
                values = [v for v in value.values() if isinstance(v, re.Pattern)]
            for index, pattern in enumerate(values):
                key = (pattern.pattern, pattern.flags)
                label = f"{info.name}.{name}" + (f"[{index}]" if len(values) > 1 else "")
                found.setdefault(key, (label, pattern))
    return sorted(found.values(), key=lambda item: item[0])


def grammar_terminals() -> list[tuple[str, re.Pattern]]:
    """(``cable.lark:NAME``, compiled regex) for every terminal of the grammar."""
    out = []
    for terminal in parser().terminals:
        flags = 0
        for flag in terminal.pattern.flags:
            flags |= getattr(re, flag.upper(), 0) if len(flag) > 1 else re.RegexFlag[_FLAG_LETTERS[flag]]
        out.append((f"cable.lark:{terminal.name}", re.compile(terminal.pattern.to_regexp(), flags)))
    return out


_FLAG_LETTERS = {"i": "IGNORECASE", "m": "MULTILINE", "s": "DOTALL", "x": "VERBOSE", "u": "UNICODE", "l": "LOCALE"}


# --- building adversarial strings ---------------------------------------------------------------

_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "5",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": " ",
    "CATEGORY_LINEBREAK": "\n",
    "CATEGORY_NOT_LINEBREAK": "a",
}
_PROBES = " aA5.\t-/'\"(),:#<>x0Z\n"


def _in_class(items: list, char: str) -> bool:
    """Whether ``char`` is in the character set ``items`` (an IN node's list)."""
    negate = False
    hit = False
    code = ord(char)
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            hit = hit or arg == code
        elif name == "RANGE":
            hit = hit or arg[0] <= code <= arg[1]
        elif name == "CATEGORY":
            sample = _CATEGORY_CHARS.get(str(arg))
            if str(arg) == "CATEGORY_DIGIT":
                hit = hit or char.isdigit()
            elif str(arg) == "CATEGORY_NOT_DIGIT":
                hit = hit or not char.isdigit()
            elif str(arg) == "CATEGORY_SPACE":
                hit = hit or char.isspace()
            elif str(arg) == "CATEGORY_NOT_SPACE":
                hit = hit or not char.isspace()
            elif str(arg) == "CATEGORY_WORD":
                hit = hit or char.isalnum() or char == "_"
            elif str(arg) == "CATEGORY_NOT_WORD":
                hit = hit or not (char.isalnum() or char == "_")
            elif sample is not None:
                hit = hit or char == sample
    return hit != negate


def _class_chars(items: list) -> list[str]:
    """A few characters of a character set: its literals and range ends, and probes that fall in it."""
    out: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "RANGE":
            out.extend((chr(arg[0]), chr(arg[1])))
        elif name == "CATEGORY" and str(arg) in _CATEGORY_CHARS:
            out.append(_CATEGORY_CHARS[str(arg)])
    out.extend(probe for probe in _PROBES if _in_class(items, probe))
    return [c for c in dict.fromkeys(out) if _in_class(items, c)][:6]


def _first_chars(items: list) -> list[str]:
    """Characters that can start a match of the node sequence ``items`` (a few, not all)."""
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return [chr(arg)]
        if name == "NOT_LITERAL":
            return [c for c in "a 5" if ord(c) != arg][:2]
        if name == "ANY":
            return ["a", " "]
        if name == "IN":
            return _class_chars(arg)
        if name == "SUBPATTERN":
            return _first_chars(arg[-1])
        if name == "BRANCH":
            chars: list[str] = []
            for branch in arg[1]:
                chars.extend(_first_chars(branch))
            return list(dict.fromkeys(chars))[:6]
        if name in {str(r) for r in _REPEATS}:
            return _first_chars(arg[2])
        if name == "ATOMIC_GROUP":
            return _first_chars(arg)
        # AT, ASSERT, ASSERT_NOT, GROUPREF: match no character; look further
    return []


def _sample(items: list) -> str:
    """A short string matching the node sequence ``items`` (lookarounds ignored)."""
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if arg != ord("a") else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            chars = _class_chars(arg)
            out.append(chars[0] if chars else "a")
        elif name == "SUBPATTERN":
            out.append(_sample(arg[-1]))
        elif name == "ATOMIC_GROUP":
            out.append(_sample(arg))
        elif name == "BRANCH":
            out.append(_sample(arg[1][0]))
        elif name in {str(r) for r in _REPEATS}:
            low, _high, body = arg
            out.append(_sample(body) * low)
    return "".join(out)


def _pump_points(items: list, prefix: str) -> Iterator[tuple[str, list[str]]]:
    """(text leading to it, units to repeat) for every long repeat inside the sequence ``items``."""
    for index, (op, arg) in enumerate(items):
        name = str(op)
        before = prefix + _sample(items[:index])
        if name in {str(r) for r in _REPEATS}:
            low, high, body = arg
            if high == MAXREPEAT or high > _LONG_REPEAT:
                units = _first_chars(body) if len(body) == 1 and str(body[0][0]) in ("IN", "LITERAL", "ANY", "NOT_LITERAL") else []
                whole = _sample(body)
                units = list(dict.fromkeys(units + ([whole] if whole else [])))
                if units:
                    yield before, units
            yield from _pump_points(body, before)
        elif name == "SUBPATTERN":
            yield from _pump_points(arg[-1], before)
        elif name == "ATOMIC_GROUP":
            yield from _pump_points(arg, before)
        elif name == "BRANCH":
            for branch in arg[1]:
                yield from _pump_points(branch, before)


def _literal_chars(items: list) -> set[str]:
    chars: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(arg))
        elif name == "IN":
            chars.update(_class_chars(arg)[:2])
        elif name in ("SUBPATTERN",):
            chars |= _literal_chars(arg[-1])
        elif name == "BRANCH":
            for branch in arg[1]:
                chars |= _literal_chars(branch)
        elif name in {str(r) for r in _REPEATS}:
            chars |= _literal_chars(arg[2])
        elif name in ("ASSERT", "ASSERT_NOT"):
            chars |= _literal_chars(arg[1])
    return chars


def adversarial(pattern: re.Pattern, length: int) -> list[tuple[str, str]]:
    """(description, string of about ``length`` characters) that may make ``pattern`` backtrack."""
    source = pattern.pattern
    as_text = source.decode("latin-1") if isinstance(source, bytes) else source
    tree = list(sre_parse.parse(as_text, pattern.flags & ~re.UNICODE if isinstance(source, bytes) else pattern.flags))
    out: dict[str, str] = {}
    for before, units in _pump_points(tree, ""):
        for unit in units[:4]:
            count = max(1, (length - len(before)) // max(1, len(unit)))
            pumped = before + unit * count
            out.setdefault(f"{before[:20]!r}+{unit[:10]!r}*n", pumped[:length] if len(before) < length else pumped)
            out.setdefault(f"{before[:20]!r}+{unit[:10]!r}*n+fail", pumped[: length - 1] + "\x01")
            opening = before + unit
            out.setdefault(f"({opening[:20]!r})*n", (opening * (length // max(1, len(opening)) + 1))[:length])
    for char in sorted(_literal_chars(tree)):
        out.setdefault(f"{char!r}*n", char * length)
        out.setdefault(f"{char!r}*n+fail", char * (length - 1) + "\x01")
    return list(out.items())


# --- timing ---------------------------------------------------------------------------------------


def _time(run: Callable[[], object]) -> float:
    """Seconds per call: the best of 3, each over enough calls to last about a millisecond."""
    best = float("inf")
    for _ in range(5):
        calls = 0
        start = time.perf_counter()
        while True:
            run()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed > 0.001 or elapsed > 0.05:
                break
        best = min(best, elapsed / calls)
        if best > 0.02:  # slow already: one measurement is plenty
            break
    return best


def _runner(pattern: re.Pattern, text: str, mode: str) -> Callable[[], object]:
    subject = text.encode("latin-1", "replace") if isinstance(pattern.pattern, bytes) else text
    if mode == "search":
        return lambda: sum(1 for _ in pattern.finditer(subject))
    return lambda: pattern.match(subject)


def _once(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def scaling(pattern: re.Pattern, mode: str, *, first_only: bool = False) -> list[tuple[str, float, float]]:
    """(description, seconds at 8,000 chars, ratio to 2,000 chars) of each string that scales badly.

    ``mode`` is how the code uses the pattern: ``search`` (``search``/``sub``/``finditer``: tried at
    every position), ``match`` (only at the start), or ``lexer`` (a grammar terminal: matched at a
    line start of cleaned text, where every line ends in ``\\n``, so the strings end in one too).
    A quick single run at each size settles the fast patterns; only a run slower than the noise
    floor is measured carefully.
    """
    bad = []
    end = "\n" if mode == "lexer" else ""
    probes = {label: text + end for label, text in adversarial(pattern, _PROBE)}
    shorts = {label: text + end for label, text in adversarial(pattern, _SHORT)}
    for label, long_text in adversarial(pattern, _LONG):
        short_text = shorts.get(label)
        if short_text is None or label not in probes:
            continue
        long_text += end
        if _once(_runner(pattern, probes[label], mode)) > _PROBE_SECONDS:  # cubic or worse: stop here
            bad.append((label, _time(_runner(pattern, probes[label], mode)), float("inf")))
            if first_only:
                return bad
            continue
        if _once(_runner(pattern, short_text, mode)) > 0.25:  # slow already: do not wait for 4x more
            bad.append((label, _time(_runner(pattern, short_text, mode)), float("inf")))
            if first_only:
                return bad
            continue
        if _once(_runner(pattern, long_text, mode)) < _NOISE_FLOOR:
            continue
        short = _time(_runner(pattern, short_text, mode))
        long = _time(_runner(pattern, long_text, mode))
        ratio = long / max(short, 1e-9)
        if ratio > _MAX_RATIO and long < _CONFIRM_BELOW:
            # A fast run may be noise (other processes share the CPU): confirm on a 4x longer string.
            longer_text = dict(adversarial(pattern, _LONGER)).get(label)
            if longer_text is not None:
                longer = _time(_runner(pattern, longer_text + end, mode))
                ratio = min(ratio, longer / max(long, 1e-9))
                long = longer
        if ratio > _MAX_RATIO and long > _NOISE_FLOOR:
            bad.append((label, long, ratio))
            if first_only:
                return bad
    return bad


_USE = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\.(match|fullmatch|search|sub|subn|finditer|findall|split)\(")


def usage_mode(module_name: str, name: str) -> str:
    """``match`` when the module only ever calls ``name.match``/``name.fullmatch``, else ``search``.

    Read from the module's source, so a pattern that starts to be used with ``search`` is timed as
    such without anyone updating this test.
    """
    if not name.startswith("_"):  # public: other modules may search with it
        return "search"
    source = inspect.getsource(importlib.import_module(module_name))
    methods = {method for used, method in _USE.findall(source) if used == name}
    other_uses = len(re.findall(rf"\b{re.escape(name)}\b", source)) - 1 - sum(
        1 for used, _ in _USE.findall(source) if used == name
    )
    if methods and methods <= {"match", "fullmatch"} and other_uses == 0:
        return "match"
    return "search"


# --- patterns timed differently, each with its reason ------------------------------------------------

# Patterns that the code only ever runs with ``match`` at chosen positions, though the source does not
# show it as ``NAME.match(`` (they are passed around first).
MATCH_ONLY = {
    "cableparse.fields.spans._AFTER_SUMMARY": "(_AFTER_SUMMARY if … else _AFTER_PLAIN).match(low, after) after a keyword",
    "cableparse.fields.spans._AFTER_PLAIN": "(_AFTER_SUMMARY if … else _AFTER_PLAIN).match(low, after) after a keyword",
    "cableparse.fields.spans._MARKER_AFTER_SUMMARY": "after_pattern.match(low, found + len(keyword)) in _marker_cut",
    "cableparse.fields.spans._MARKER_AFTER_COMMENT": "after_pattern.match(low, found + len(keyword)) in _marker_cut",
}
# Patterns whose input is cut to a small size before they run: superlinear in theory, bounded in fact.
# They are checked at that size: every adversarial string must run in under _BOUNDED_SECONDS.
BOUNDED = {
    "cableparse.fields.dates._ISO_LIKE": (80, "parse_archive_datetime returns None for texts over 80 characters"),
    "cableparse.fields.dates._PLUSD": (80, "parse_archive_datetime returns None for texts over 80 characters"),
    "cableparse.fields.dates._DAY_MONTH_YEAR": (80, "parse_archive_datetime returns None for texts over 80 characters"),
    "cableparse.fields.dates._US_SLASHED": (80, "parse_archive_datetime returns None for texts over 80 characters"),
    "cableparse.fields.declassification._NAME_END": (900, "runs on pieces of the Classified By chunk (_MAX_CHUNK = 900)"),
}
_BOUNDED_SECONDS = 0.05


def _mode_of(name: str) -> str:
    if name in MATCH_ONLY:
        return "match"
    module_name, _, attribute = name.rpartition(".")
    return usage_mode(module_name, attribute.split("[")[0])


def _confirmed(pattern: re.Pattern, mode: str) -> list[tuple[str, float, float]]:
    """The strings that scale badly twice in a row (a single bad run may be another process's doing)."""
    first = scaling(pattern, mode)
    if not first:
        return []
    again = {label for label, _, _ in scaling(pattern, mode)}
    return [item for item in first if item[0] in again]


# --- the tests ------------------------------------------------------------------------------------

MODULE_PATTERNS = module_patterns()
TERMINALS = grammar_terminals()
_LINEAR = [(name, pattern) for name, pattern in MODULE_PATTERNS if name not in BOUNDED]
_BOUNDED = [(name, pattern) for name, pattern in MODULE_PATTERNS if name in BOUNDED]


def test_patterns_are_collected() -> None:
    names = {name for name, _ in MODULE_PATTERNS}
    assert len(MODULE_PATTERNS) > 150, "the collector found too few patterns: is it still walking the package?"
    assert {"cableparse.containers.markup._HTML_TAG", "cableparse.containers.cablescsv._NEXT_ROW"} <= names
    assert {name for name, _ in TERMINALS} >= {"cable.lark:TEXT", "cable.lark:PARA_START", "cable.lark:REFERENCES"}
    stale = (set(MATCH_ONLY) | set(BOUNDED)) - names
    assert not stale, f"exceptions listed for patterns that no longer exist: {sorted(stale)}"
    print(f"{len(MODULE_PATTERNS)} module patterns ({len(_BOUNDED)} bounded), {len(TERMINALS)} grammar terminals")


def test_adversarial_strings_hit_the_classic_cases() -> None:
    """The generator builds the strings that break the textbook bad patterns (and so would find them)."""
    for bad, anchored in ((r"a*a*b", True), (r"[ \t]*\\?[ \t]*$", False), (r"<td>(.*?)</td>", False), (r"\s*x\s*", False)):
        found = scaling(re.compile(bad), "match" if anchored else "search", first_only=True)
        assert found, f"no adversarial string makes {bad!r} scale badly"
    assert not scaling(re.compile(r"[ \t]+$"), "match")
    assert not scaling(re.compile(r"(?<![ \t])[ \t]+$"), "search")


@pytest.mark.parametrize("name,pattern", _LINEAR, ids=[name for name, _ in _LINEAR])
def test_module_pattern_is_linear(name: str, pattern: re.Pattern) -> None:
    bad = _confirmed(pattern, _mode_of(name))
    assert not bad, f"{name} scales badly: " + "; ".join(f"{label}: {t:.3f}s, x{r:.1f}" for label, t, r in bad)


@pytest.mark.parametrize("name,pattern", _BOUNDED, ids=[name for name, _ in _BOUNDED])
def test_bounded_pattern_is_fast_at_its_bound(name: str, pattern: re.Pattern) -> None:
    size, _reason = BOUNDED[name]
    mode = _mode_of(name)
    slow = []
    for label, text in adversarial(pattern, size):
        seconds = _time(_runner(pattern, text, mode))
        if seconds > _BOUNDED_SECONDS:
            slow.append(f"{label}: {seconds:.3f}s")
    assert not slow, f"{name} is slow even on {size} characters: " + "; ".join(slow)


@pytest.mark.parametrize("name,pattern", TERMINALS, ids=[name for name, _ in TERMINALS])
def test_grammar_terminal_is_linear(name: str, pattern: re.Pattern) -> None:
    bad = _confirmed(pattern, "lexer")
    assert not bad, f"{name} scales badly: " + "; ".join(f"{label}: {t:.3f}s, x{r:.1f}" for label, t, r in bad)
