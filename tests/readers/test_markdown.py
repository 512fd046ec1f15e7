import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import ReadError
from kg.readers.markdown import inline, parse_markdown


def md(text: str):
    return parse_markdown(text.encode("utf-8"), "cv.md")


def texts(text: str) -> list[str]:
    return [line.text for line in md(text).lines]


@pytest.mark.parametrize("source,expected", [
    ("**Doe, J.** and Roe, R.", ("Doe, J. and Roe, R.", ["Doe, J."])),
    ("__Acme Corp__ Engineer", ("Acme Corp Engineer", ["Acme Corp"])),
    ("Roe, R., ***Doe, J.***, Poe, P.", ("Roe, R., Doe, J., Poe, P.", ["Doe, J."])),
    ("<strong>Doe</strong> and <b>Roe</b>", ("Doe and Roe", ["Doe", "Roe"])),
    ("*Journal of Things*, 2020", ("Journal of Things, 2020", [])),
    ("_Journal_ and snake_case_name", ("Journal and snake_case_name", [])),
    ("Wu*, Li*, and Doe", ("Wu*, Li*, and Doe", [])),
    ("Smith\\*, Jones\\*", ("Smith*, Jones*", [])),
    ("[Acme](https://acme.example/a_b) Inc.", ("Acme Inc.", [])),
    ("**[Doe, J.](https://x.example)**", ("Doe, J.", ["Doe, J."])),
    ("See <https://x.example/a_b_c>", ("See https://x.example/a_b_c", [])),
    ("![photo](me.jpg) Jane", ("Jane", [])),
    ("Uses `snake_case` and `**x**`", ("Uses snake_case and **x**", [])),
    ("R&amp;D &eacute;t&eacute; &#8211; x", ("R&D été – x", [])),
    ("Research \\& Development", ("Research & Development", [])),
    ("Title {: .no_toc} {{ site.url }} {% include x.html %}", ("Title", [])),
    ("a <span class='x'>b</span> c", ("a b c", [])),
    ("~~old~~ new", ("old new", [])),
])
def test_markdown_inline(source, expected):
    doc = md(source)
    line = doc.lines[0]
    assert (line.text, line.bold_text()) == expected


@pytest.mark.parametrize("source,expected", [
    ("# Jane Doe\n## Experience\n###### Deep", [("Jane Doe", 1), ("Experience", 2), ("Deep", 6)]),
    ("## Closed heading ##", [("Closed heading", 2)]),
    ("Jane Doe\n========\nExperience\n----------", [("Jane Doe", 1), ("Experience", 2)]),
    ("#hashtag", [("#hashtag", 0)]),
])
def test_markdown_headings(source, expected):
    assert [(line.text, line.heading) for line in md(source).lines] == expected


def test_markdown_thematic_breaks_and_separators_are_dropped():
    assert texts("One\n\n---\n\nTwo\n***\n| a | b |\n|---|:-:|\n| c | d |") == ["One", "", "", "Two", "a  b", "c  d"]


def test_markdown_front_matter_gives_title():
    doc = md("---\nlayout: cv\ntitle: \"Jane Doe – CV\"\n---\n# Experience\n")
    assert doc.title == "Jane Doe – CV"
    assert [line.text for line in doc.lines] == ["Experience"]


def test_markdown_toml_front_matter():
    assert md("+++\ntitle = 'CV'\n+++\nBody").title == "CV"


def test_markdown_lists_record_depth():
    doc = md("- Top\n  - Nested\n    * Deeper\n- Back\n\tcontinued\n\nAfter")
    assert [(line.text, line.indent) for line in doc.lines] == [
        ("Top", 1), ("Nested", 2), ("Deeper", 3), ("Back", 1), ("continued", 1), ("", 0), ("After", 0),
    ]


def test_markdown_ordered_list_keeps_numbers():
    assert [(l.text, l.indent) for l in md("1. First\n2) Second").lines] == [("1. First", 1), ("2) Second", 1)]


def test_markdown_pandoc_definition_list():
    doc = md("2015--17\n:   Research Fellow, School of\n    Things, Some University\n\n2014\n:   Intern")
    assert [(line.text, line.indent) for line in doc.lines] == [
        ("2015--17", 0), ("Research Fellow, School of", 1), ("Things, Some University", 1), ("", 0),
        ("2014", 0), ("Intern", 1),
    ]


def test_markdown_link_and_bold_wrap_across_lines():
    doc = md("Roe, R., **J.\nDoe**, [Prize of\nthe Year](https://x.example).\\\nNext")
    assert [line.text for line in doc.lines] == ["Roe, R., J.", "Doe, Prize of", "the Year.", "Next"]
    assert [line.bold_text() for line in doc.lines[:2]] == [["J."], ["Doe"]]


def test_markdown_html_line_breaks():
    assert texts("**Engineer**<br>Acme Corp<br/>2019\n| a<br>b | c |") == ["Engineer", "Acme Corp", "2019", "a b  c"]


def test_markdown_fenced_code_is_literal():
    assert texts("```\n**not bold**\n```\nafter") == ["**not bold**", "after"]


def test_markdown_blockquote_and_html_comment():
    assert texts("> Quoted **x**\n<!-- hidden\ncomment -->\nShown") == ["Quoted x", "Shown"]


def test_markdown_markup_only_lines_dropped_blank_lines_kept():
    assert texts("A\n<div class='x'>\n{% include nav.html %}\n[ref]: https://x.example\n\nB") == ["A", "", "B"]


def test_markdown_list_bullet_is_not_stripped_twice():
    assert texts("- \u2013 (2015) Same authors") == ["\u2013 (2015) Same authors"]


def test_markdown_empty_file():
    with pytest.raises(ReadError, match="empty file"):
        md("")


def test_markdown_inline_mask_matches_text():
    text, mask = inline("**a** _b_ `c` [d](e)")
    assert text == "a b c d" and len(mask) == len(text)


# ------------------------------------------------------------------------- properties

_MD = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["**", "__", "*", "_", "`", "[", "](", ")", "<", ">", "\n", "# ", "- ", "  ", "|", "---",
                         "===", ":   ", "\\", "&amp;", "{{", "}}", "<b>", "</b>", "Doe", " "]),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_MD)
def test_markdown_never_raises_lines_consecutive_bold_valid(source):
    try:
        doc = md(source)
    except ReadError as error:
        assert error.reason in {"empty file", "binary data, not text"}
        return
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    for line in doc.lines:
        assert "\n" not in line.text
        for a, b in line.bold:
            assert 0 <= a < b <= len(line.text)
