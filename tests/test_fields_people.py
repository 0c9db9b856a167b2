"""Tests of cableparse.fields.people: signers, person names and titles."""

from __future__ import annotations

import random
import re

import pytest

from cableparse.fields.people import (
    find_signature,
    is_title_word,
    normalize_person_name,
    split_person,
    strip_trailing_signer,
)
from conftest import conformance_cases, manifest_rows

# --- signers ---------------------------------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    return text.split("\n")


@pytest.mark.parametrize(
    ("text", "names", "start"),
    [
        ("1. TEXT OF CABLE.\n\nBROWN\n", ["BROWN"], 2),
        ("1. (C) Text of the cable.\nRandt\n", ["Randt"], 1),
        ("THE END OF THE TEXT.\n\nLAINGEN\n\nCONFIDENTIAL\n", ["LAINGEN"], 2),
        ("LAST SENTENCE.\nFEIERSTEIN\nNNNN\nEnd Cable Text\n", ["FEIERSTEIN"], 1),
        ("LAST SENTENCE.\nHOLTZ\nBT\n#0165\nNNNN\n", ["HOLTZ"], 1),
        ("LAST SENTENCE.\n\nSTRAUSZ-HUPE\n", ["STRAUSZ-HUPE"], 2),
        ("LAST SENTENCE.\n\nDE PREE\n", ["DE PREE"], 2),
        ("LAST SENTENCE.\n\nO'DONOHUE", ["O'DONOHUE"], 2),
        ("LAST SENTENCE.\n\nSMITH\nJONES\n", ["SMITH", "JONES"], 2),  # two signers on two lines
        ("(Note: drafted by POL. End Note.)\nSHAPIRO\n\n\nNNNN\n\n      2004CARACA01540 - UNCLASSIFIED", ["SHAPIRO"], 1),
        ('He said "we will see."\nWOOD\n', ["WOOD"], 1),
        ("QUOTED TEXT ENDS.\nUNQUOTE\n\nKISSINGER\n", ["KISSINGER"], 3),
        ("To the Honorable Embassy of the United States of America\nCity\nARREAGA", ["ARREAGA"], 2),
        ("GOOD CONNECTIONS.\n\nGP-3\nSACCIO\n", ["SACCIO"], 3),
        ("WE EXPECT THE FIGHTING TO CONTINUE.\n\nGILLESPIE##\n", ["GILLESPIE##".rstrip("#")], 2),
        ("the Kirchners. End Comment.\nWAYNE\nVisit Ankara's Classified Web Site at\nhttp://www.state.sgov.gov/p/eur/ankara/\n", ["WAYNE"], 1),
        ("Text ends.\nCARTER \\\n", ["CARTER"], 1),  # continuation mark of some site builds
        ("Regards.\n\nCARSON\n", ["CARSON"], 2),
    ],
)
def test_find_signature(text: str, names: list[str], start: int) -> None:
    lines = lines_of(text)
    assert find_signature(lines) == (start, names)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("21.  BEIRUT MINIMIZE CONSIDERED.  EAGLETON\n", ["EAGLETON"]),
        ("REPORT.  END OF TEXT. BAKER\n\n\nUNCLASSIFIED\n", ["BAKER"]),
        ("The girl is reported to be in good condition. Scobey\n", ["Scobey"]),
        ("and the film \u201cTaxi to the Dark Side.\u201d Stroum\n", ["Stroum"]),
        ("We continue to monitor the situation. End Comment. HOAGLAND\n", ["HOAGLAND"]),
        ("It is trite to say, but time will tell. LA LIME\n", ["LA LIME"]),
        ("bear on the economy. End Comment MATHIEU\n", ["MATHIEU"]),
        ("then resettled in the U.S. DANILOVICH\n", ["DANILOVICH"]),
        ("Visit London's Classified Website: http://www.state.sgov.gov/p/eur/london/index. cfm Tuttle\n", ["Tuttle"]),
    ],
)
def test_signer_on_the_last_line_of_text(text: str, names: list[str]) -> None:
    lines = lines_of(text)
    start, got = find_signature(lines)
    assert got == names
    if len(text.split("\n")[0].split()) > 3:
        # the line also carries text: it stays in the body, the index points past it
        assert start == 1


def test_strip_trailing_signer() -> None:
    lines = ["1. (C) Text.", "We continue to monitor the situation. End Comment. HOAGLAND"]
    start, names = find_signature(lines)
    assert (start, names) == (2, ["HOAGLAND"])
    assert strip_trailing_signer(lines[-1], names[-1]) == "We continue to monitor the situation. End Comment."
    assert strip_trailing_signer("No name here.", "SMITH") == "No name here."
    assert strip_trailing_signer("Text. SMITH NNNN", "SMITH") == "Text."


def test_end_of_message_on_the_signer_line() -> None:
    assert find_signature(["TEXT ENDS.", "HALL NNNN 2004ROME02926 - Classification: CONFIDENTIAL"]) == (1, ["HALL"])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "IMAGE WHILE PROCEEDING WITH BUSINESS AS USUAL.\n",  # the last word of a sentence is no signer
        "the prospect of\nreturning to Cuba. End Comment.\n",
        "will be signed by the\nUnited States\n",  # a wrapped line, not a name
        "with the U.S. Congress\n",
        "LAST SENTENCE.\n\nEND COMMENT\n",
        "LAST SENTENCE.\n\nXXXXXXXXXXXX\n",  # a redacted signer is no name
        "LAST SENTENCE.\nNNNN\n",
        "FIRST LINE.\nTHE LAST SENTENCE\n",
        "Thanks\n",
        "We met him in Washington. Ambassador\n",
    ],
)
def test_no_signer_is_invented(text: str) -> None:
    lines = lines_of(text)
    assert find_signature(lines) == (len(lines), [])


def test_signers_conformance() -> None:
    cases = conformance_cases("signers")
    passed = 0
    failed = []
    for case in cases:
        # the cases still carry WikiLeaks' pilcrows and page markers; find_signature skips the latter
        lines = case["input"].replace("¶", "").split("\n")
        _, names = find_signature(lines)
        if names == case["expected"]:
            passed += 1
        else:
            failed.append((case["id"], case["expected"], names))
    rate = passed / len(cases)
    print(f"signers: {passed}/{len(cases)} = {rate:.2%}")
    assert rate >= 0.95, failed


_BODY_BLOCK = re.compile(r"<code><pre>(.*?)</pre></code>", re.S)


def test_signers_on_cablegate_bodies() -> None:
    """How often a signer is found on real cablegate pages (most cables are signed)."""
    from cableparse.text import clean

    rows = manifest_rows("cablegate-html")
    signed = 0
    missed: list[tuple[str, str]] = []
    total = 0
    for row in rows:
        blocks = _BODY_BLOCK.findall(row["file"].read_text(encoding="utf-8", errors="replace"))
        if not blocks:
            continue
        lines = clean(blocks[-1]).text.split("\n")
        total += 1
        start, names = find_signature(lines)
        assert 0 <= start <= len(lines)
        if names:
            signed += 1
            assert all(name.strip() and len(name) <= 40 for name in names)
        else:
            tail = [line for line in lines if line.strip()][-2:]
            missed.append((row["ref_id"], " | ".join(line[-70:] for line in tail)))
    rate = signed / total
    print(f"signers found on cablegate bodies: {signed}/{total} = {rate:.2%}")
    for ref, tail in random.Random(0).sample(missed, min(20, len(missed))):
        print(f"  missed {ref}: {tail}")
    assert total >= 300
    assert rate >= 0.90


# --- names and titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("component", "mixed", "title", "name"),
    [
        ("Political Counselor F. Daniel Sainz", True, "Political Counselor", "F. Daniel Sainz"),
        ("Ambassador Clark T. Randt, Jr.", True, "Ambassador", "Clark T. Randt, Jr."),
        ("ACTING E/P CIEF JEFF ZAISER", False, "ACTING E/P CIEF", "JEFF ZAISER"),
        ("Acting DCM/Ted Osius", True, "Acting DCM", "Ted Osius"),
        ("CDA Nancy McEldowney", True, "CDA", "Nancy McEldowney"),
        ("MARY BETH LEONARD", False, "", "MARY BETH LEONARD"),
        ("Pol/Econ Officer Jessica Davis Ba", True, "Pol/Econ Officer", "Jessica Davis Ba"),
        ("AMBASSADOR TO SUDAN TIMOTHY CARNEY", False, "AMBASSADOR TO SUDAN", "TIMOTHY CARNEY"),
        ("AMBASSADOR JOHN L. WITHERS II", False, "AMBASSADOR", "JOHN L. WITHERS II"),
        ("Acting Ecmin William Meara", True, "Acting Ecmin", "William Meara"),
        ("Ambassador", True, "", ""),
        ("ADANA 222", False, "", ""),
        ("", True, "", ""),
    ],
)
def test_split_person(component: str, mixed: bool, title: str, name: str) -> None:
    assert split_person(component, mixed_case=mixed) == (title, name)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("Ambassador", True), ("AMBSSADOR", True), ("Abassador", True), ("PolMinCons", True),
        ("ECONCOUNS", True), ("d'Affaires", True), ("AMBASSADOR-AT-LARGE", True), ("Pol/Econ", True),
        ("McNerney", False), ("Randt", False), ("PIERRE-RICHARD", False), ("LeBaron", False),
    ],
)  # fmt: skip
def test_is_title_word(token: str, expected: bool) -> None:
    assert is_title_word(token) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("THOMAS W. SIMONS, JR.", "Thomas W. Simons, Jr."),
        ("LEE 0. COLDREN", "Lee O. Coldren"),
        ("B0HLEN", "Bohlen"),
        ("TOM MCDONALD", "Tom McDonald"),
        ("O'DONOHUE", "O'Donohue"),
        ("STRAUSZ-HUPE", "Strausz-Hupe"),
        ("JOHN L. WITHERS II", "John L. Withers II"),
        ("Patricia A McNerney", "Patricia A McNerney"),
        ("", ""),
    ],
)
def test_normalize_person_name(name: str, expected: str) -> None:
    assert normalize_person_name(name) == expected
