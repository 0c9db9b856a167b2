"""WikiLeaks cablegate pages: every page of the corpus, and pages written here."""

from __future__ import annotations

import datetime as dt
import io

from conftest import manifest_rows
from test_containers_common import UTC, has_classification_line, metadata_mismatches, only_cable, report

from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.wikileaks_html import read_wikileaks_html
from cableparse.model import ContainerKind

PAGE = """<?xml version='1.0' encoding='utf-8' ?>
<html><head><title>Cable Viewer</title></head><body>
<div class='pane small'><h3>Browse latest releases</h3><a href='/tag/XX_0.html'>XX</a></div>
<div class='pane big'>
<h3>Viewing cable 07BEIJING1668, WU YI INTERVENES AS DR. GAO CASE LAYS &amp; BARE</h3>
<table class='cable'>
<tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>
<tr>
<td><a href='/cable/2007/03/07BEIJING1668.html'>07BEIJING1668</a></td>
<td><a href='/date/2007-03_0.html'>2007-03-13 09:09</a></td>
<td><a href='/reldate/2010-12-04_0.html'>2010-12-04 21:09</a></td>
<td><a href='/classification/1_0.html' title='unclassified'>CONFIDENTIAL</a></td>
<td><a href='/origin/89_0.html'>Embassy Beijing</a></td>
</tr>
<tr><td colspan='5'>Appears in these articles:<br /><a href='http://http://www.spiegel.de'>http://www.spiegel.de</a><br /></td></tr>
</table>
<code><pre>VZCZCXRO3413&#x000A;OO RUEHCN&#x000A;DE RUEHBJ #1668/01 0720900</pre></code>
<code><pre>C O N F I D E N T I A L SECTION 01 OF 02 BEIJING 001668 &#x000A;&#x000A;SIPDIS &#x000A;\
TAGS: <a href='/tag/PHUM_0.html'>PHUM</a> <a href='/tag/PREL_0.html'>PREL</a>&#x000A;&#x000A;\
<a id='par1' href='#par1'>¶</a>1. (C) Summary &amp; more.&#x000A;</pre></code>
</div></body></html>"""


# Pages where the reader is right and the page (or the answer key) is not. Each still reads as one
# cable; the check named here is the one that disagrees, and why.
_NO_LINE = "no classification line: the page's body <pre> starts at SIPDIS"
_CUT = "classification line lost its first letter(s) on the page"
_OTHER = "the page's body is another cable's, with another classification"
_KEY_BR = "answer key subject empty: its extractor missed an <h3> ending in <br>; the page has one"
KNOWN_DISAGREEMENTS = {
    "04MADRID4827.html": _NO_LINE,
    "07LAPAZ3262.html": _NO_LINE,
    "09LAPAZ96.html": _NO_LINE + "; " + _KEY_BR,
    "09SANSALVADOR789.html": _NO_LINE,
    "06AMMAN3564.html": _CUT + " ('O N F I D E N T I A L … PARIS 004247', another cable too)",
    "09LAGOS14.html": _CUT + " ('O N F I D E N T I A L')",
    "10BAGHDAD290.html": _CUT + " ('O N F I D E N T I A L')",
    "07BAGHDAD146.html": _CUT + " ('E C R E T')",
    "07SANAA473.html": _CUT + " ('E C R E T')",
    "09MOSCOW1108.html": _CUT + " ('CSE C R E T … SHENYANG 000004', another cable too)",
    "05SOFIA1280.html": _OTHER + " (S E C R E T … PARIS 005539; metadata UNCLASSIFIED//FOUO)",
    "08LAPAZ751.html": _OTHER + " (S E C R E T BOGOTA 004036; metadata CONFIDENTIAL)",
    "07PARIS2725.html": _OTHER + " (S E C R E T … MOSCOW; metadata CONFIDENTIAL)",
    "09HAVANA132.html": _OTHER + " (C O N F I D E N T I A L … MOSCOW 000512; metadata SECRET)",
    "10MEXICO614.html": _OTHER + " (S E C R E T … ISLAMABAD 000416; metadata UNCLASSIFIED//FOUO)",
    "88BAGHDAD28.html": _OTHER + " ('S e c r e t state 068250'; metadata CONFIDENTIAL)",
    "09RPODUBAI349.html": "metadata says SECRET//NOFORN, the cable's own line says C O N F I D E N T I A L",
    "08RABAT727.html": "metadata says SECRET, the cable's own line says C O N F I D E N T I A L",
    "08BUCHAREST608.html": _KEY_BR,
    "09MALABO13.html": _KEY_BR,
    "09MALABO27.html": _KEY_BR,
    "09MALABO48.html": _KEY_BR,
    "09BAGHDAD2744.html": _KEY_BR,
}


def _read(page: str) -> list:
    return list(read_wikileaks_html(io.BytesIO(page.encode()), path_label="page.html"))


def test_handwritten_page() -> None:
    cable = only_cable(_read(PAGE))
    assert cable.text == (
        "VZCZCXRO3413\nOO RUEHCN\nDE RUEHBJ #1668/01 0720900\n\n"
        "C O N F I D E N T I A L SECTION 01 OF 02 BEIJING 001668 \n\nSIPDIS \n"
        "TAGS: PHUM PREL\n\n1. (C) Summary & more.\n"
    )
    meta = cable.archive
    assert meta is not None
    assert meta.reference_id == "07BEIJING1668"
    assert meta.created == dt.datetime(2007, 3, 13, 9, 9, tzinfo=UTC)
    assert meta.released == dt.datetime(2010, 12, 4, 21, 9, tzinfo=UTC)
    assert meta.classification == "CONFIDENTIAL"  # the link text, not the wrong title attribute
    assert meta.origin == "Embassy Beijing"
    assert meta.subject == "WU YI INTERVENES AS DR. GAO CASE LAYS & BARE"
    assert meta.tags == ["PHUM", "PREL"]  # the navigation's tag links are not the cable's
    assert cable.source.container is ContainerKind.CABLEGATE_HTML
    assert cable.source.path == "page.html"


def test_unclosed_pre_and_empty_subject() -> None:
    page = PAGE.replace(" WU YI INTERVENES AS DR. GAO CASE LAYS &amp; BARE", "").replace("</pre></code>\n</div>", "\n</div>")
    cable = only_cable(_read(page))
    assert cable.archive is not None and cable.archive.subject is None
    assert cable.text.endswith("1. (C) Summary & more.\n\n")


def test_page_without_pre_is_rejected() -> None:
    results = _read("<html><body><h3>Viewing cable 07X1, S</h3><p>nothing</p></body></html>")
    assert len(results) == 1 and isinstance(results[0], Rejected)
    assert "<pre>" in results[0].reason


def test_every_corpus_page() -> None:
    rows = manifest_rows("cablegate-html")
    failures = []
    known = []
    for row in rows:
        results = list(read_wikileaks_html(row["file"], path_label=row["path"]))
        if len(results) != 1 or not isinstance(results[0], RawCable):
            failures.append(f"{row['path']}: {results}")
            continue
        cable = results[0]
        problems = metadata_mismatches(cable.archive, row["answer"], subject=True)
        if not has_classification_line(cable.text, row["answer"].get("meta_classification")):
            problems.append("no classification line")
        if "<a " in cable.text or "&#x000A;" in cable.text:
            problems.append("markup left in the text")
        name = row["path"].rsplit("/", 1)[-1]
        if problems and name in KNOWN_DISAGREEMENTS:
            known.append(f"{name}: {KNOWN_DISAGREEMENTS[name]}")
        elif problems:
            failures.append(f"{row['path']}: {'; '.join(problems)}")
    print(f"cablegate-html: {len(known)} known disagreements (page or key wrong):", *known, sep="\n  ")
    assert len(known) == len(KNOWN_DISAGREEMENTS), "a listed disagreement no longer happens: update the list"
    report("cablegate-html", len(rows) - len(known), failures)
