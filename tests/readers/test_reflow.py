"""Hard-wrapped text: fill breaks are found and joined, authors' own breaks are kept."""
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.readers.markdown import parse_markdown
from kg.readers.reflow import MIN_LINES, fill_breaks, fill_width

ENTRY = ("Graduate Research Assistant, Department of Biological Sciences, Simon Fraser "
         "University, Burnaby, BC, Canada")


def _pandoc_like(entries: list[str], width: int = 72) -> str:
    """A pandoc definition list, filled to ``width`` the way pandoc fills it."""
    blocks = []
    for year, text in entries:
        lines = textwrap.wrap(text, width=width - 4)
        blocks.append(f"{year}\n:   " + "\n    ".join(lines))
    return "Experience\n==========\n\n" + "\n\n".join(blocks) + "\n"


def test_markdown_definition_list_filled_by_pandoc_reads_one_entry_per_line():
    entries = [(str(2000 + i), f"{ENTRY} and the Northwest Fisheries Science Center, item {i}") for i in range(12)]
    doc = parse_markdown(_pandoc_like(entries).encode())
    texts = [line.text for line in doc.lines if line.indent]
    assert texts[0] == f"{ENTRY} and the Northwest Fisheries Science Center, item 0"
    assert len(texts) == 12


def test_lines_broken_by_their_author_are_not_joined():
    text = "\n".join(["Acme Corporation", "Senior Engineer", "2019 - 2021", ""] * 12)
    assert fill_width(text.splitlines()) is None
    doc = parse_markdown(text.encode())
    assert "Acme Corporation" in [line.text for line in doc.lines]


def test_columns_and_hard_breaks_are_never_joined():
    lines = ["Research Assistant, Department of Biology, Dalhousie\\", "University, Halifax",
             "Resident Physician, Surgery                 2021-current", "University of Chicago"]
    assert fill_breaks(lines, width=55) == frozenset()


words = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=60, max_size=300)


@settings(max_examples=60, deadline=None)
@given(words, st.integers(min_value=40, max_value=100))
def test_joining_the_fill_breaks_of_filled_text_gives_back_the_paragraph(chosen, width):
    paragraph = " ".join(chosen)
    lines = textwrap.wrap(paragraph, width=width)
    breaks = fill_breaks(lines)
    if len(lines) > MIN_LINES + 1:
        assert breaks, "a filled paragraph of this length shows its width"
    if breaks:  # when a width is found, every break it reports is real and the text is intact
        joined, current = [], lines[0]
        for i, line in enumerate(lines[1:]):
            if i in breaks:
                current += " " + line
            else:
                joined.append(current)
                current = line
        joined.append(current)
        assert " ".join(joined).split() == paragraph.split()
        assert len(joined) == 1
