"""Text and Markdown writers of kg.synth, and the format mix parser (properties)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.synth import FORMATS, format_mix
from kg.synth.layout import Line
from kg.synth.write_text import _wrap, markdown, text

_WORDS = st.lists(st.text(alphabet="abcdefghij.,;-–é", min_size=1, max_size=14), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(_WORDS, st.integers(min_value=20, max_value=100))
def test_write_text_wrap_keeps_every_word_and_the_width(words, width):
    lines = _wrap(" ".join(words), width, "    ")
    assert " ".join(line.strip() for line in lines).split() == words
    for line in lines:
        assert len(line) <= width or " " not in line.strip()


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(FORMATS), st.floats(min_value=0.001, max_value=1e6), min_size=1))
def test_write_text_format_mix_shares_sum_to_one(weights):
    mix = format_mix(weights)
    assert set(mix) == set(weights)
    assert abs(sum(mix.values()) - 1.0) < 1e-9


def test_write_text_bold_owner_and_dates_in_both_formats():
    lines = [Line("name", [("Ada Okafor", "b")]), Line("heading", [("Publications", "")]),
             Line("item", [("[1] ", ""), ("A. Okafor", "b"), (" and J. Park, *Title*,", "")]),
             Line("entry", [("Engineer, Acme", "")], "2019–2021")]
    md = markdown(lines, "hash2").decode()
    assert "[1] **A. Okafor** and J. Park, \\*Title\\*," in md
    assert "Engineer, Acme 2019–2021" in md
    plain = text(lines, "caps_rule").decode().splitlines()
    assert plain[:1] == ["Ada Okafor"] and "PUBLICATIONS" in plain and "=" * len("Publications") in plain
    assert plain[-1].startswith("Engineer, Acme") and plain[-1].endswith("2019–2021") and len(plain[-1]) == 92
