"""The user documentation in docs/ must follow the code: a field, option or container added to the
code without its documentation, or a link to a page that is not there, fails here.

1. every field of every model in ``cableparse.model`` (by its JSON name) is documented in the section
   of docs/record.md that belongs to its model, and every enum value appears in docs/record.md;
2. every subcommand and option of ``cableparse`` is in docs/commands.md;
3. every container kind has its page, docs/containers/<kind>.md, naming its ``--from`` value;
4. every relative link in docs/ and README.md points to a file that exists, and its ``#anchor`` (if any)
   to a heading of that file (GitHub's heading ids).
"""

from __future__ import annotations

import argparse
import inspect
import re
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel

from cableparse import cli, model

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RECORD = DOCS / "record.md"
COMMANDS = DOCS / "commands.md"

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.MULTILINE)
_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def _models() -> list[type[BaseModel]]:
    """Every pydantic model defined in cableparse.model (the private base excluded)."""
    return [
        value for name, value in vars(model).items()
        if inspect.isclass(value) and issubclass(value, BaseModel) and value.__module__ == model.__name__
        and not name.startswith("_")
    ]


def _enums() -> list[type[Enum]]:
    return [
        value for value in vars(model).values()
        if inspect.isclass(value) and issubclass(value, Enum) and value.__module__ == model.__name__
    ]


def _json_names(record_model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in record_model.model_fields.items()]


def _sections(markdown: str) -> dict[str, str]:
    """Heading text → the text under it, up to the next heading of the same or a higher level."""
    headings = list(_HEADING.finditer(markdown))
    sections: dict[str, str] = {}
    for index, heading in enumerate(headings):
        level = len(heading.group(1))
        end = len(markdown)
        for later in headings[index + 1:]:
            if len(later.group(1)) <= level:
                end = later.start()
                break
        sections[heading.group(2).strip()] = markdown[heading.end():end]
    return sections


def _model_section(sections: dict[str, str], class_name: str) -> str | None:
    """The section whose heading names the model (``## Header``, ``## `Header` — the transport header``)."""
    pattern = re.compile(rf"(?<![A-Za-z]){re.escape(class_name)}(?![A-Za-z])")
    for heading, text in sections.items():
        if pattern.search(heading.replace("`", "")):
            return text
    return None


def _read(path: Path) -> str:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing")
    return path.read_text(encoding="utf-8")


# --- 1. the record ---------------------------------------------------------------------------------


def test_models_are_found() -> None:
    names = {m.__name__ for m in _models()}
    assert {"Cable", "Header", "Tag", "ArchiveMetadata"} <= names
    assert "from" in _json_names(model.Header), "Header.from_ must be checked under its JSON name"


@pytest.mark.parametrize("record_model", _models(), ids=lambda m: m.__name__)
def test_every_field_is_documented_in_its_section(record_model: type[BaseModel]) -> None:
    sections = _sections(_read(RECORD))
    section = _model_section(sections, record_model.__name__)
    assert section is not None, f"docs/record.md has no section headed {record_model.__name__}"
    missing = [name for name in _json_names(record_model) if f"`{name}`" not in section]
    assert not missing, f"docs/record.md, section {record_model.__name__}: no `{'`, `'.join(missing)}`"


@pytest.mark.parametrize("enum", _enums(), ids=lambda e: e.__name__)
def test_every_enum_value_is_documented(enum: type[Enum]) -> None:
    text = _read(RECORD)
    missing = [member.value for member in enum if f"`{member.value}`" not in text]
    assert not missing, f"docs/record.md does not show {enum.__name__} values {missing}"


def test_section_finder_on_small_input() -> None:
    markdown = "# Record\n\n## `Tag` — one code\n\n| `code` | x |\n\n### detail\n\n`kind`\n\n## Other\n\n`name`\n"
    sections = _sections(markdown)
    tag = _model_section(sections, "Tag")
    assert tag is not None and "`code`" in tag and "`kind`" in tag and "`name`" not in tag
    assert _model_section(sections, "Tags") is None
    assert _model_section({"Classification": "a", "Declassification": "b"}, "Classification") == "a"


# --- 2. the commands -------------------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [
        option for action in parser._actions for option in action.option_strings
        if option not in ("-h", "--help")
    ]


def test_every_command_and_option_is_documented() -> None:
    text = _read(COMMANDS)
    parser = cli.build_argument_parser()
    commands = _subcommands(parser)
    assert {"parse", "convert", "schema"} <= set(commands)
    missing = [f"cableparse {option}" for option in _options(parser) if f"`{option}`" not in text and option not in text]
    for name, sub in commands.items():
        if f"cableparse {name}" not in text:
            missing.append(f"cableparse {name}")
        for option in _options(sub):
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text):
                missing.append(f"cableparse {name} {option}")
        for action in sub._actions:
            if "--from" in action.option_strings:
                continue  # the container names are checked against docs/containers/ below
            for choice in action.choices or ():
                shown = [f"`{choice}`"] + [f"{option} {choice}" for option in action.option_strings]
                if isinstance(choice, str) and not any(form in text for form in shown):
                    missing.append(f"cableparse {name}: value {choice}")
    assert not missing, f"docs/commands.md does not document: {missing}"


def test_exit_codes_are_documented() -> None:
    text = _read(COMMANDS)
    for code in (cli.EXIT_OK, cli.EXIT_INPUT_ERROR, cli.EXIT_USAGE, cli.EXIT_INTERRUPTED):
        assert re.search(rf"`{code}`", text), f"docs/commands.md does not explain exit code {code}"


def test_python_m_is_documented() -> None:
    assert "python -m cableparse" in _read(COMMANDS)


# --- 3. the containers -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(model.ContainerKind), ids=lambda k: k.value)
def test_every_container_has_a_page(kind: model.ContainerKind) -> None:
    page = DOCS / "containers" / f"{kind.value}.md"
    text = _read(page)
    assert f"--from {kind.value}" in text, f"{page.relative_to(ROOT)} does not show `--from {kind.value}`"


def test_archives_page_exists() -> None:
    text = _read(DOCS / "containers" / "archives.md")
    for word in (".gz", ".zip", ".tar", "glob", "standard input"):
        assert word in text, f"docs/containers/archives.md does not mention {word}"


# --- 4. the links ----------------------------------------------------------------------------------


def _relative_links(markdown: str) -> list[str]:
    """Targets of the Markdown links that point into the repository (no URL, no bare #anchor)."""
    without_code = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    without_code = re.sub(r"`[^`\n]*`", "", without_code)
    return [target for target in _LINK.findall(without_code) if not _EXTERNAL.match(target)]


def test_link_finder_on_small_input() -> None:
    text = (
        "See [the record](record.md#tag), [site](https://example.org), [top](#top), "
        "![img](x.png), `[not](a-link.md)` and\n```\n[nor](this.md)\n```\n[cmd](../commands.md \"title\")"
    )
    assert _relative_links(text) == ["record.md#tag", "../commands.md"]


def _slug(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, spaces → hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(markdown: str) -> set[str]:
    """The ids of a page's headings (a repeated id gets ``-1``, ``-2`` … as on GitHub)."""
    without_code = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    seen: dict[str, int] = {}
    anchors = set()
    for match in _HEADING.finditer(without_code):
        slug = _slug(match.group(2))
        count = seen.get(slug, 0)
        anchors.add(slug if count == 0 else f"{slug}-{count}")
        seen[slug] = count + 1
    return anchors


def test_anchor_ids_on_small_input() -> None:
    assert _slug("`Cable` — the record") == "cable--the-record"
    assert _slug("7. More than one machine: Dask") == "7-more-than-one-machine-dask"
    assert _slug("What is a cable?") == "what-is-a-cable"
    assert _anchors("# A\n## A\n```\n# not a heading\n```\n") == {"a", "a-1"}


def _markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


@pytest.mark.parametrize("page", _markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in _relative_links(text) + [f"#{a}" for a in re.findall(r"\]\(#([^)\s]+)\)", text)]:
        path, _, anchor = target.partition("#")
        linked = page if not path else (page.parent / path)
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked.read_text(encoding="utf-8")):
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)} links to missing files or headings: {broken}"
