import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.readers.normalize import RawLine, bold_ranges, clean, finish, join_hyphenated, normalize_text, strip_bullet


@pytest.mark.parametrize("raw,expected", [
    ("e\ufb03cient \ufb01eld \ufb02ow \ufb00ect \ufb04uent", "efficient field flow ffect ffluent"),
    ("Jane\u00a0Doe", "Jane Doe"),
    ("Jane\u2009Doe", "Jane Doe"),
    ("opti\u00admization", "optimization"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    ("\uf0e0 jane@example.org", "jane@example.org"),
    ("\\faAt : jane@example.org", "jane@example.org"),
    ("\\faFile *[regular]: cv.pdf", "cv.pdf"),
    ("\\faPhone +1 555 0100  \\faGithub janedoe", "+1 555 0100  janedoe"),
    ("(cid:12) Paris", "Paris"),
    ("bell\x07 char", "bell char"),
    ("Acme\tBoston", "Acme  Boston"),
    ("Acme       Boston, MA", "Acme  Boston, MA"),
    ("  padded   ", "padded"),
    ("Cafe\u0301", "Caf\u00e9"),
    ("\u260e 555 0100", "555 0100"),
    ("Skills \u25cf\u25cf\u25cf\u25cb\u25cb", "Skills"),
])
def test_normalize_clean_cases(raw, expected):
    assert clean(raw)[0] == expected


def test_normalize_clean_keeps_mask_through_ligatures_and_spaces():
    text, mask = clean("\ufb01nal\u00a0\u00a0report", [True] * 4 + [False] * 8)
    assert text == "final  report"
    assert bold_ranges(text, mask) == ((0, 5),)


@pytest.mark.parametrize("raw,expected,bullet", [
    ("\u2022 Item", "Item", True),
    ("  - Item", "Item", True),
    ("* Item", "Item", True),
    ("\u2013 (2015) Same authors", "(2015) Same authors", True),
    ("\u25aa Item", "Item", True),
    ("\u2219Item", "Item", True),
    ("-5% costs", "-5% costs", False),
    ("*Equal contribution", "*Equal contribution", False),
    ("Plain line", "Plain line", False),
])
def test_normalize_strip_bullet(raw, expected, bullet):
    text, mask, found = strip_bullet(raw, [False] * len(raw))
    assert (text.strip(), found) == (expected, bullet)
    assert len(mask) == len(text)


def _texts(lines):
    return [line.text for line in join_hyphenated([RawLine(t) for t in lines])]


@pytest.mark.parametrize("lines,expected", [
    (["methods for optimi-", "zation of graphs"], ["methods for optimization", "of graphs"]),
    (["a study of state-of-the-", "art methods"], ["a study of state-of-the-art", "methods"]),
    (["joint work with Vert-", "Pre and others"], ["joint work with Vert-", "Pre and others"]),
    (["period 2019-", "present"], ["period 2019-", "present"]),
    (["a dash -", "then more"], ["a dash -", "then more"]),
    (["ends with a frag-", "ment."], ["ends with a fragment."]),
])
def test_normalize_join_hyphenated(lines, expected):
    assert _texts(lines) == expected


def test_normalize_no_join_into_list_item_or_heading():
    lines = [RawLine("first part-"), RawLine("item text", item=True)]
    assert [l.text for l in join_hyphenated(lines)] == ["first part-", "item text"]
    lines = [RawLine("Heading-", heading=2), RawLine("word rest")]
    assert [l.text for l in join_hyphenated(lines)] == ["Heading-", "word rest"]


def test_normalize_join_moves_bold_with_the_word():
    lines = finish([RawLine("by Jane Do-", [False] * 3 + [True] * 8), RawLine("ering and others", [True] * 5 + [False] * 11)])
    assert lines[0].text == "by Jane Doering"
    assert lines[0].bold_text() == ["Jane Doering"]
    assert lines[1].text == "and others" and lines[1].bold == ()


def test_normalize_finish_numbers_lines_and_keeps_blank_ones():
    lines = finish([RawLine("\u2022 One"), RawLine(""), RawLine("   "), RawLine("Two", indent=2)])
    assert [(l.number, l.text, l.indent) for l in lines] == [(1, "One", 0), (2, "", 0), (3, "", 0), (4, "Two", 2)]


def test_normalize_text_for_titles():
    assert normalize_text("Curriculum\nVitae\u00a0 ") == "Curriculum Vitae"


# ------------------------------------------------------------------------- properties

_PIECES = [" ", "  ", "\t", "-", "*", "\u2022 ", "\u00a0", "\u00ad", "\u200b", "\ufb01", "\ue000", "\\faAt :",
           "\\faPhone", "(cid:3)", "\u0301", "\\fa", "Ab", "e", "1"]
_TEXT = st.lists(st.one_of(st.characters(), st.sampled_from(_PIECES)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_normalize_clean_never_raises_and_keeps_mask_aligned(text, data):
    bold = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    cleaned, mask = clean(text, bold)
    assert len(mask) == len(cleaned)
    assert cleaned == cleaned.strip()
    assert "   " not in cleaned and "\n" not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    for a, b in bold_ranges(cleaned, mask):
        assert 0 <= a < b <= len(cleaned)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example("\\fa(cid:3)Ab")
def test_normalize_clean_is_idempotent(text):
    once = clean(text)[0]
    assert clean(once)[0] == once


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.booleans()), max_size=8))
def test_normalize_finish_lines_are_consecutive_and_bold_ranges_valid(rows):
    raws = [RawLine(text, [bold] * len(text)) for text, bold in rows]
    lines = finish(raws)
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    for line in lines:
        previous_end = 0
        for a, b in line.bold:
            assert previous_end <= a < b <= len(line.text)
            previous_end = b
