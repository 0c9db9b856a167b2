"""SUBJECT: clean_subject and titlecase."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cableparse.fields.subject import clean_subject, titlecase
from conftest import assert_conformance, conformance_cases, manifest_rows

# --- clean_subject on small inputs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SUBJECT: WU YI INTERVENES AS DR. GAO CASE LAYS BARE\nCENTER-LOCAL DISCORD\n\n1. (C) x",
         "WU YI INTERVENES AS DR. GAO CASE LAYS BARE CENTER-LOCAL DISCORD"),
        ("SUBJ: KOREA AT 30TH UNGA: GABON \n \nREF: STATE 272523", "KOREA AT 30TH UNGA: GABON"),
        ("SUBJECT:NO SPACE AFTER THE COLON\n", "NO SPACE AFTER THE COLON"),
        ("SUBJECT: (C) MARKED SUBJECT\n", "MARKED SUBJECT"),
        ("SUBJECT: (S//NF) MARKED SUBJECT\n", "MARKED SUBJECT"),
        ("Subject: (s) lower case mark\n", "lower case mark"),
        ("SUBJECT: CORRECTED COPY: REACTIONS TO MAKHLUF\nDESIGNATION\n\nREF: X",
         "CORRECTED COPY: REACTIONS TO MAKHLUF DESIGNATION"),
        ("SUBJECT: THE US- \nLATIN AMERICAN TIES\n", "THE US-LATIN AMERICAN TIES"),
        ("SUBJECT: A SUBJECT REFS: (A) ROME 1\n", "A SUBJECT"),
        ("SUBJECT: A SUBJECT\nREFTEL: ROME 1\n", "A SUBJECT"),
        ("SUBJECT: A SUBJECT\nClassified By: Someone\n", "A SUBJECT"),
        ("SUBJECT: A SUBJECT C O N F I D E N T I A L ROME 1", "A SUBJECT"),
        ("TAGS: ECON PGOV TU POLITICAL PARTIESSUBJECT: NEW LAW\n", "NEW LAW"),
        ("SUBJECT: SPLIT BY A PAGE\nCONFIDENTIAL\nPAGE 02 HARARE 01234 01 OF 02 121212Z\nBREAK\n\n", "SPLIT BY A PAGE BREAK"),
        ("SUBJECT: AN ALL CAPITALS SUBJECT\nThis is an action message, see para 4.\n", "AN ALL CAPITALS SUBJECT"),
        ("SUBJECT: Bla &#8217; bla &amp; bla", "Bla ’ bla & bla"),
        ("SUBJECT:...\n\nC O N F I D E N T I A L\nSUBJECT: THE FULL COPY\n\n", "THE FULL COPY"),
    ],
)
def test_clean_subject(text, expected):
    assert clean_subject(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "TAGS: PREL\n\n1. (C) The talks will be the subject of close cooperation.", "SUBJECT:\n\n\n\n", "SUBJECT: (U)"],
)
def test_clean_subject_none(text):
    assert clean_subject(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("SUBJECT:REF()\n Cx-&#;1.\\")), max_size=80))
def test_clean_subject_never_raises(text):
    result = clean_subject(text)
    assert result is None or (result and "\n" not in result)


# --- titlecase on small inputs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("USG AND GOI DISCUSS THE WAY AHEAD", "USG and GOI Discuss the Way Ahead"),
        ("WHO IS IN CHARGE OF THE MOD?", "Who Is in Charge of the MOD?"),
        ("PM'S VISIT TO THE U.S.: A SUCCESS", "PM's Visit to the U.S.: A Success"),
        ("TITLE II OF THE ACT", "Title II of the Act"),
        ("MEETING WITH MR. SMITH", "Meeting With Mr. Smith"),
        ("PLAN B FOR THE DPRK", "Plan B for the DPRK"),
        ("xxxxx MEETS THE FM", "XXXXX Meets the FM"),
        ("FACE-TO-FACE TALKS", "Face-to-Face Talks"),
        ("   ", ""),
    ],
)
def test_titlecase(subject, expected):
    assert titlecase(subject) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_titlecase_never_raises(text):
    assert isinstance(titlecase(text), str)


# --- cablemap conformance ----------------------------------------------------------------------

DISPUTED_SUBJECT = {
    "subject:test_reader_subject.py:_TEST_DATA[17]": "'CONFIDENTIAL' is the page header of page 2 "
    "(it is followed by 'PAGE 02 HARA…'), not a word of the subject; cablemap keeps it",
}


def test_conformance_subject():
    # Cases with an html_file arg carry the cable's text (read from data-subject/in) as their input.
    assert_conformance("subject", lambda text: clean_subject(text) or "", DISPUTED_SUBJECT)


def test_conformance_titlefy():
    cases = conformance_cases("titlefy")
    failures = [(c["input"], titlecase(c["input"]), c["expected"]) for c in cases if titlecase(c["input"]) != c["expected"]]
    passed = len(cases) - len(failures)
    print(f"\ntitlefy conformance: {passed}/{len(cases)} = {passed / len(cases):.1%}")
    assert passed / len(cases) >= 0.95, failures


# --- corpus: the archive's <h3> subject (its first line only) ------------------------------------

_PRE = re.compile(r"<pre>(.*?)</pre>", re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]+>")


def _archive_subject(value: str) -> str:
    """The archive's subject as comparable text: it drops the '(' of a mark, keeps REF and backslashes."""
    value = " ".join(html.unescape(value).split())
    value = re.sub(r"^(?:U|S|C|S/NF|C/NF|SBU|S//NF|C//NF|SBU/NF|TS)\) ", "", value, flags=re.IGNORECASE)
    value = value.rstrip(" \\").lstrip('"')
    return re.split(r" (?:REFS?:|Ref(?:s|\(s\))?:|REFTELS?:|Classified By|CLASSIFIED BY|SENSITIVE BUT)", value)[0].strip()


def test_corpus_subjects_agree_with_archive():
    rows = manifest_rows("cablegate-html")
    compared = agreed = 0
    misses = []
    for row in rows:
        expected = _archive_subject(row["answer"].get("meta_subject(cablegate h3)", ""))
        if not expected:
            continue  # the archive has none; several of these cables do have one
        pres = _PRE.findall(row["file"].read_text(encoding="utf-8", errors="replace"))
        if not pres:
            continue
        text = html.unescape(_ANY_TAG.sub("", pres[-1].replace("&#x000A;", "\n"))).replace("¶", "")
        got = " ".join((clean_subject(text) or "").split()).lstrip('"')
        compared += 1
        if got == expected or got.startswith(expected) or (
            expected.endswith("...") and got.startswith(expected[:-3].rstrip())
        ):
            agreed += 1
        else:
            misses.append((row["ref_id"], got, expected))
    if compared == 0:
        pytest.skip("no cablegate pages")
    print(f"\ncorpus subjects: {agreed}/{compared} = {agreed / compared:.2%} agree with the archive; {misses[:5]}")
    assert agreed / compared >= 0.98


def test_one_line_subject_reads_as_the_general_path():
    from cableparse.fields import subject as subject_module

    texts = ["SUBJECT:  BASHIR RELEASES COUP PLOTTERS\n\n", "SUBJECT: (C) KEY TALKS\n", "SUBJECT: X (U)",
             "SUBJECT: TALKS REF: A. STATE 1\n\n", "SUBJECT: CLASSIFIED BY X\n\n", "SUBJECT: ...\n\nSUBJECT: REAL ONE\n",
             "SUBJECT: A &amp; B\n\n", "SUBJECT: \\  AB \\\n\n", "SUBJECT: FIRST\nSECOND\n\n", "SUBJECT:\n\nLATER\n",
             "SUBJECT: (U)\n\n", "SUBJECT: US-\n\n", "SUBJECT: X\n \\ \n"]
    for text in texts:
        one_line = subject_module._one_line_subject(text)
        assert one_line is None or one_line == subject_module._find_subject(text), text
        assert clean_subject(text) == subject_module._find_subject(text), text
    assert subject_module._one_line_subject("SUBJECT: (C) KEY TALKS\n") == "KEY TALKS"
    assert subject_module._one_line_subject("SUBJECT: FIRST\nSECOND\n\n") is None
