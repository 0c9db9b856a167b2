"""PlusD pages of 1970s cables."""

from __future__ import annotations

import datetime as dt
import io

from conftest import manifest_rows
from test_containers_common import UTC, has_classification_line, metadata_mismatches, only_cable, report

from cableparse.containers.base import RawCable, Rejected
from cableparse.containers.plusd import metadata_block, read_plusd

PAGE = """<html><head><script src="/plusd/js/x.js"></script></head><body>
<table id="synopsis">
<tr><td colspan="2" style="font-weight: bold;">ARRESTS OF KALOUDIS</td></tr>
<tr><td><div class="s_key"><a class="i" title="Date">Date:</a></div><div class="s_val" title=" 1974 May 17, 16:00 (Friday)">1974 May 17, 16:00 (Friday)</div></td>
<td><div class="s_key"><a class="i" title="Canonical ID">Canonical ID:</a></div><div class="s_val" title=" 1974ATHENS02959_b">1974ATHENS02959_b</div></td></tr>
<tr><td><div class="s_key"><a class="i" title="Original Classification">Original Classification:</a></div><div class="s_val" title=" LIMITED OFFICIAL USE (356550 documents)">LIMITED OFFICIAL USE</div></td>
<td><div class="s_key"><a class="i" title="Handling Restrictions", ">Handling Restrictions</a></div> <div class="s_val" title="-- N/A or Blank --">-- N/A or Blank --</div><br /></td></tr>
<tr><td><div class="s_key"><a class="i" title="TAGS">TAGS:</a></div><div class="s_val" title=" &lt;a&gt;"><a href="/plusd/?q=&qftags=GR#result" >GR<span> - Greece</span></a> <a href="/plusd/?q=&qftags=KALOUDIS%2C+NICK#result">KALOUDIS, NICK</a></div></td>
<td class="sc"><div class="s_key"><a class="i" title="From">From:</a></div><div class="s_val" title=" &lt;a&gt;Greece Athens&lt;/a&gt;"><a href="/plusd/?q=&qforigin=Greece%23%23Athens#result" title="Greece Athens (17345 documents)">Greece Athens</a></div></td></tr>
</table>
<div class="pane-tab"><div class="pane-header">Content</div><div class="pane-content"><div class="text-header hidden">
LIMITED OFFICIAL USE
R 171600Z MAY 74</div><div id="tagged-text">
1. BODY &quot;QUOTED&quot;.
</div></div></div>
<div class="pane-tab"><div class="pane-header">Metadata</div><div class="pane-content"><div class="text-content">---
Document Number: 1974ATHENS02959
Reference: STATE -097844
Review History: RELEASED &lt;15 MAY 2002 by elyme&gt;;
  APPROVED &lt;08 JUN 2005 by powellba2&gt;
Review Markings: ! 'n/a

  30 JUN 2005

'
Subject: ARRESTS OF KALOUDIS
TAGS: PINS, GR, (KALOUDIS, NICK)
</div></div></div></body></html>"""


def test_handwritten_page_without_raw_content_pane() -> None:
    cable = only_cable(list(read_plusd(io.BytesIO(PAGE.encode()), path_label="p.html")))
    assert cable.text == 'LIMITED OFFICIAL USE\nR 171600Z MAY 74\n\n1. BODY "QUOTED".\n'
    meta = cable.archive
    assert meta is not None
    assert meta.reference_id == "1974ATHENS02959_b" and meta.id == "1974ATHENS02959"
    assert meta.created == dt.datetime(1974, 5, 17, 16, 0, tzinfo=UTC)
    assert (meta.classification, meta.origin, meta.subject) == ("LIMITED OFFICIAL USE", "Greece Athens", "ARRESTS OF KALOUDIS")
    assert meta.tags == ["PINS", "GR", "(KALOUDIS, NICK)"]
    assert meta.references == ["STATE -097844"]


def test_metadata_block_line_parser() -> None:
    block = metadata_block("---\nA Key: one\n  two\nEmpty:\nOther: n/a\n")
    assert block == {"A Key": "one two", "Empty": "", "Other": "n/a"}


def test_page_without_text_is_rejected() -> None:
    results = list(read_plusd(io.BytesIO(b"<html><script src='/plusd/x.js'></script></html>")))
    assert len(results) == 1 and isinstance(results[0], Rejected)


def test_every_corpus_page() -> None:
    rows = manifest_rows("plusd")
    failures = []
    for row in rows:
        results = list(read_plusd(row["file"], path_label=row["path"]))
        if len(results) != 1 or not isinstance(results[0], RawCable):
            failures.append(f"{row['path']}: {results}")
            continue
        problems = metadata_mismatches(results[0].archive, row["answer"], subject=False)
        if not has_classification_line(results[0].text, row["answer"].get("meta_classification")):
            problems.append("no classification line")
        if "&quot;" in results[0].text or "<div" in results[0].text:
            problems.append("markup left in the text")
        if problems:
            failures.append(f"{row['path']}: {'; '.join(problems)}")
    report("plusd", len(rows), failures)
