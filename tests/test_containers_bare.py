"""Bare ``<code><pre>`` files cut out of cablegate pages."""

from __future__ import annotations

import datetime as dt
import io

from conftest import manifest_rows
from test_containers_common import UTC, has_classification_line, only_cable, parse_key_datetime, report

from cableparse.containers.bare_pre import read_bare_pre
from cableparse.containers.base import RawCable, Rejected


# Files where the reader is right and the file (or the answer key) is not.
KNOWN_DISAGREEMENTS = {
    "09BRASILIA1017.txt": "the file's classification line lost its first letter ('NCLAS SECTION 01 OF 02')",
    "10AMMAN91.txt": "metadata of the page says SECRET//NOFORN, the cable's own line says C O N F I D E N T I A L",
}


def _read(text: str) -> list:
    return list(read_bare_pre(io.BytesIO(text.encode()), path_label="x.txt"))


def test_cable_dated_stamp_goes_to_the_metadata() -> None:
    text = (
        "<code><pre>Cable dated:2002-11-15T12:40:00S E C R E T SECTION 01 OF 05 ANKARA 008305"
        "TAGS: <a href='/tag/PTER_0.html'>PTER</a> <a href='/tag/TU_0.html'>TU</a>\n\n"
        "<a id='par1' href='#par1'>¶</a>1. (U) TEXT &amp; MORE</pre></code>\n"
    )
    cable = only_cable(_read(text))
    assert cable.text == "S E C R E T SECTION 01 OF 05 ANKARA 008305TAGS: PTER TU\n\n1. (U) TEXT & MORE"
    assert cable.archive is not None
    assert cable.archive.created == dt.datetime(2002, 11, 15, 12, 40, tzinfo=UTC)
    assert cable.archive.tags == ["PTER", "TU"]


def test_article_links_before_the_block_and_date_line_kept() -> None:
    text = (
        "Appears in these articles:<br /><a href='http://www.spiegel.de'>http://www.spiegel.de</a><br />\n"
        "<code><pre>Friday, 23 February 2001, 15:53\nC O N F I D E N T I A L PRETORIA 001173\n</pre></code>"
    )
    cable = only_cable(_read(text))
    assert cable.text == "Friday, 23 February 2001, 15:53\nC O N F I D E N T I A L PRETORIA 001173\n"
    assert cable.archive is None


def test_empty_block_is_rejected() -> None:
    results = _read("<code><pre>  \n</pre></code>")
    assert len(results) == 1 and isinstance(results[0], Rejected)


def test_every_corpus_file() -> None:
    rows = manifest_rows("bare-text")
    failures = []
    known = []
    for row in rows:
        results = list(read_bare_pre(row["file"], path_label=row["path"]))
        if len(results) != 1 or not isinstance(results[0], RawCable):
            failures.append(f"{row['path']}: {results}")
            continue
        cable = results[0]
        problems = []
        # The answer key comes from the same cable's page elsewhere; this file records no
        # classification or origin, only its name (the reference id) and sometimes a "Cable dated" stamp.
        meta = cable.archive
        if meta is None or meta.reference_id != row["ref_id"]:
            problems.append(f"reference id from the file name: {meta and meta.reference_id} != {row['ref_id']}")
        if meta is not None and (meta.classification or meta.origin):
            problems.append(f"unexpected metadata {meta}")
        if meta is not None and meta.created is not None:
            key = parse_key_datetime(row["answer"].get("meta_created", ""))
            if key is None or (meta.created.date(), meta.created.hour) != (key.date(), key.hour):
                problems.append(f"created {meta.created} != page's {key} (date and hour)")
        if not has_classification_line(cable.text, row["answer"].get("meta_classification")):
            problems.append("no classification line")
        if "<a " in cable.text or "<pre>" in cable.text:
            problems.append("markup left in the text")
        name = row["path"].rsplit("/", 1)[-1]
        if problems and name in KNOWN_DISAGREEMENTS:
            known.append(f"{name}: {KNOWN_DISAGREEMENTS[name]}")
        elif problems:
            failures.append(f"{row['path']}: {'; '.join(problems)}")
    print("bare-text known disagreements:", *known, sep="\n  ")
    assert len(known) == len(KNOWN_DISAGREEMENTS), "a listed disagreement no longer happens: update the list"
    report("bare-text", len(rows) - len(known), failures)
