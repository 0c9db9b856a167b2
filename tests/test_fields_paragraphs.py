"""Paragraph heads, numbering repair and unwrapping."""

from cableparse.fields.paragraphs import Candidate, number_paragraphs, split_head, unwrap


def test_split_head_forms():
    assert split_head("1. (C) Vice Premier") == (1, "C", "Vice Premier")
    assert split_head("10.  PRESS REPORTS") == (10, None, "PRESS REPORTS")
    assert split_head("(S//NF) text") == (None, "S//NF", "text")
    assert split_head("4. (s/nf) text") == (4, "S/NF", "text")
    assert split_head("3. (Note: aside) text") == (3, None, "(Note: aside) text")


def _candidates(*heads, after_break=True):
    return [Candidate(head, "", index + 1, after_break) for index, head in enumerate(heads)]


def test_pilcrow_read_as_one_is_renumbered():
    found, warnings = number_paragraphs(_candidates("1. a", "2. b", "3. c", "4. d", "15. e", "16. f", "10. g"))
    assert [p.number for p in found] == [1, 2, 3, 4, 5, 6, 10]
    assert [w[0] for w in warnings] == ["paragraph-renumbered", "paragraph-renumbered", "paragraph-out-of-sequence"]


def test_wrapped_number_joins_previous_paragraph():
    candidates = [Candidate("1. (S) arrive on or about", "August", 1, True), Candidate("15.  Officials asked.", "", 3, False)]
    found, warnings = number_paragraphs(candidates)
    assert len(found) == 1 and not warnings
    assert found[0].text == "arrive on or about August 15. Officials asked."


def test_restart_at_one_is_accepted():
    found, warnings = number_paragraphs(_candidates("1. a", "2. b", "1. c"))
    assert [p.number for p in found] == [1, 2, 1] and not warnings


def test_unwrap_keeps_blocks_and_items():
    assert unwrap("AAA BBB\nCCC-\nDDD\n-- one\n-- two\n\nNEXT\nLINE") == "AAA BBB CCC- DDD\n-- one\n-- two\n\nNEXT LINE"


def test_paragraphs_run_into_one_line_are_split():
    text = 'Consequently, it must "slay a lion" every week. 8. (SBU) Dirceu said he would travel. 9. (C) Comment. Cordial. End Comment.'
    found, _ = number_paragraphs([Candidate("7. (C) " + text, "", 1, True)])
    assert [(p.number, p.marking) for p in found] == [(7, "C"), (8, "SBU"), (9, "C")]
    assert found[0].text.endswith("every week.") and found[1].text == "Dirceu said he would travel."


def test_a_number_in_a_sentence_is_not_a_run_on_paragraph():
    found, _ = number_paragraphs([Candidate("2. (C) In 2008. 5. (C) is a label here.", "", 1, True)])
    assert len(found) == 1
