"""Telegram text files (CRLF, Latin-1) and Markdown renderings."""

from __future__ import annotations

import io

from conftest import manifest_rows, shared_path
from test_containers_common import has_classification_line, only_cable, report

from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.markdown import read_markdown
from cableparse.containers.plain import read_plain
from cableparse.model import ContainerKind


def test_plain_text_is_kept_with_its_line_ends() -> None:
    data = b"\r\nVZCZCXRO7165\r\nCONFIDENTIAL SECTION 01 OF 08 NEW DELHI 005135 \r\n\xb61.  (C) Summary\r\n"
    cable = only_cable(list(read_plain(io.BytesIO(data), path_label="x.txt")))
    assert cable.text == data.decode("latin-1")
    assert "¶1." in cable.text
    assert cable.archive is None and cable.source.container is ContainerKind.TEXT


def test_empty_text_file_is_rejected() -> None:
    results = list(read_plain(io.BytesIO(b" \r\n"), path_label="x.txt"))
    assert len(results) == 1 and isinstance(results[0], Rejected) and results[0].reason == "empty file"


def test_markdown_is_read_as_written() -> None:
    text = "UNCLAS CHENGDU 000165\n\nTAGS: [KTIP](#) [PHUM](#)\n\n[1. \\(U\\)](#) Text.\n"
    cable = only_cable(list(read_markdown(io.BytesIO(text.encode()), path_label="x.md")))
    assert cable.text == text and cable.source.container is ContainerKind.MARKDOWN


def test_markdown_example() -> None:
    path = shared_path("examples", "09CHENGDU165.md")
    cable = only_cable(list(read_markdown(path)))
    assert "UNCLAS SECTION 01 OF 02 CHENGDU 000165" in cable.text
    assert "[KTIP](#)" in cable.text  # artifacts are the parser's to clean


def test_every_raw_telegram_file() -> None:
    rows = manifest_rows("raw-acp127")
    failures = []
    for row in rows:
        results = list(read_plain(row["file"], path_label=row["path"]))
        if len(results) != 1 or not isinstance(results[0], RawCable):
            failures.append(f"{row['path']}: {results}")
            continue
        text = results[0].text
        raw = row["file"].read_bytes()
        problems = []
        if not has_classification_line(text, None):
            problems.append("no classification line")
        if "\r\n" not in text or text.count("¶") != raw.count(b"\xb6"):
            problems.append("line ends or ¶ not kept")
        if problems:
            failures.append(f"{row['path']}: {'; '.join(problems)}")
    report("raw-acp127", len(rows), failures)
