"""Tests of kg.extract.publications (and its layout helper): fictional CV sections."""
from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.pub_layout import group_entries, subheading_kind
from kg.extract.publications import (EMITS, NAME, VERSION, coauthors, extract_publications,
                                     owner_from_author_lists, section_kind)
from kg.extract.sections import Section
from kg.model import Document, Line

OWNER = "Tamsin R. Quillon"


def _doc(text: str) -> Document:
    return Document.from_text(textwrap.dedent(text).strip("\n"), source="cv.txt")


def _pubs(text: str, owner: str | None = OWNER, kind: str = "publications"):
    doc = _doc(text)
    section = Section(kind, doc.lines[0].text.strip(), 1, 1, len(doc.lines))
    return extract_publications(doc, section, owner)


def _coauthors(pubs) -> set[str]:
    return {a for p in pubs if p.kind != "patent" for i, a in enumerate(p.authors) if i != p.owner_index}


def test_publications_numbered_apa():
    pubs = _pubs("""
        PUBLICATIONS
        1. Quillon, T. R., Brandtvik, S., & Oduya, M. (2021). Tidal memory in glass eels.
           Journal of Imaginary Biology, 4(2), 1-9.
        2. Pellow, A., & Quillon, T. (2019). A second title. Fictional Letters.
    """)
    assert [p.authors for p in pubs] == [("T. R. Quillon", "S. Brandtvik", "M. Oduya"), ("A. Pellow", "T. Quillon")]
    assert [p.owner_index for p in pubs] == [0, 1]
    assert [p.year for p in pubs] == ["2021", "2019"]
    assert pubs[0].title == "Tidal memory in glass eels"
    assert pubs[0].venue == "Journal of Imaginary Biology"
    assert (pubs[0].provenance.first_line, pubs[0].provenance.last_line) == (2, 3)
    assert pubs[0].provenance.extractor == NAME and pubs[0].provenance.version == VERSION


def test_publications_ieee_bracketed_and_bulleted():
    pubs = _pubs("""
        Selected Publications
        - [1] T. Quillon, K. Marrow and A. Osmund, "Sparse tides," Proc. Imaginary Conf., 2020.
        - [2] S. Brandtvik, T. Quillon, “Dense tides,” Imaginary Trans., 2018.
    """)
    assert _coauthors(pubs) == {"K. Marrow", "A. Osmund", "S. Brandtvik"}
    assert pubs[0].title == "Sparse tides"


def test_publications_blank_separated_hanging_entries():
    pubs = _pubs("""
        Publications

        Quillon, T.R., A.B. Pellow, K.M.
            Varga. A wrapped title that
            goes on. Venue 12: 3-4.

        Oduya, M., T.R. Quillon. Another title. Venue.
    """)
    assert [p.authors for p in pubs] == [("T. R. Quillon", "A. B. Pellow", "K. M. Varga"), ("M. Oduya", "T. R. Quillon")]


def test_publications_one_citation_a_line_without_labels():
    pubs = _pubs("""
        Publications
        Quillon, T., Oduya, M., Pellow, A., Varga, K., Lindqvar, E.,
        & Tarkanen, P. (2020). A title split over
        two lines. Venue.
        Brandtvik, S., Quillon, T., & Nwosu-Hale, I. (2019). Next title. Venue.
    """)
    assert len(pubs) == 2
    assert _coauthors(pubs) == {"M. Oduya", "A. Pellow", "K. Varga", "E. Lindqvar", "P. Tarkanen",
                                "S. Brandtvik", "I. Nwosu-Hale"}


def test_publications_year_lines_and_subheadings():
    pubs = _pubs("""
        Publications
        Journal Articles
        2021
        Quillon, T., & Oduya, M. A title without a year. Venue.
        Book Chapters
        2019
        Quillon, T. A chapter. In: A. Editor-Person and B. Other (Eds.), A Book. Press.
        Patents
        Quillon, T., Marrow, K. Flux capacitor. US Patent 1,234,567.
    """)
    assert [(p.kind, p.year) for p in pubs] == [("article", "2021"), ("chapter", "2019"), ("patent", None)]
    assert pubs[1].authors == ("T. Quillon",)
    assert _coauthors(pubs) == {"M. Oduya"}


def test_publications_year_column():
    pubs = _pubs("""
        Journal Articles
            2022     Oduya, M., Quillon T.R. (2022). Tides. Imaginary Letters.
            2020     Quillon, T., & Varga, K. (2020). Currents. Imaginary Letters.
    """)
    assert [p.authors for p in pubs] == [("M. Oduya", "T. R. Quillon"), ("T. Quillon", "K. Varga")]


def test_publications_title_first_layout():
    pubs = _pubs("""
        Publications
        Rapid Approximate Tides on Wide Imaginary Oceans

        IMC'29 Apr. 2029

        Tamsin Quillon, Kofi Marrow, Ines Varga

        Slow Exact Tides

        PREPRINT May 2022

        Piet Osmund, Tamsin Quillon
    """)
    assert [p.authors for p in pubs] == [("Tamsin Quillon", "Kofi Marrow", "Ines Varga"),
                                         ("Piet Osmund", "Tamsin Quillon")]
    assert pubs[0].title == "Rapid Approximate Tides on Wide Imaginary Oceans"
    assert [p.owner_index for p in pubs] == [0, 1]


def test_publications_with_style_economics():
    text = """
        research
            “Doubtful tides.” Imaginary Letters, 16 (2), 3–9, 2021.

            “Second thoughts on tides do not
                hold water.” With K.C. Marrow, G.G. Pellow, and C.J. Varga. Proceedings of
                the Imaginary Academy, 15 (2), 2018.

            “Northern Tides.” With J. Osmund and D. Lindqvar, in “A Report”, K. Ortolan and
                J. Editorson (eds.), Final Report 2011.
    """
    pubs = _pubs(text)
    assert pubs[0].authors == (OWNER,) and pubs[0].owner_index == 0
    assert pubs[1].authors == (OWNER, "K. C. Marrow", "G. G. Pellow", "C. J. Varga")
    assert pubs[1].owner_index == 0
    assert pubs[1].title == "Second thoughts on tides do not hold water"
    assert pubs[2].authors == (OWNER, "J. Osmund", "D. Lindqvar")  # editors left out
    anonymous = _pubs(text, owner=None)
    assert anonymous[1].authors == ("K. C. Marrow", "G. G. Pellow", "C. J. Varga")
    assert anonymous[1].owner_index is None


def test_publications_talk_with_note_is_not_an_author_list():
    pubs = _pubs("""
        Conference Presentations
        1. “Tides of the future”, with Kofi Marrow and Ines Varga. Imaginary Conference. 2024.
        2. Quillon, T., Oduya, M. (2019). Derivation of tides. Presented at Imaginary Meeting.
    """, kind="presentations")
    assert [p.kind for p in pubs] == ["talk", "talk"]
    assert pubs[0].authors == (OWNER,)
    assert pubs[1].authors == ("T. Quillon", "M. Oduya")


def test_publications_group_author_and_placeholder():
    pubs = _pubs("""
        PUBLICATIONS

        qwerty (Jan 2030). qwerty. Submitted to qwerty.

        Shero, R., Northwind Outcomes Study Group (Sep 2021). Tides and health. Presented by RS.
    """, owner="Oskar J. Hemlock")
    assert _coauthors(pubs) == {"R. Shero"}


def test_publications_ditto_dash_repeats_authors():
    pubs = _pubs("""
        Publications
        • Quillon, Tamsin and Maarten K. van Drunen (2016b). “Tides”. In: Imaginary Journal.
        • – (2015). “Nested tides”. In: Imaginary Journal.
    """)
    assert pubs[1].authors == pubs[0].authors == ("Tamsin Quillon", "Maarten K. van Drunen")
    assert pubs[1].year == "2015"


def test_publications_bold_owner_without_owner_name():
    doc = Document("cv.md", "0" * 64, "md", (
        Line(1, "Publications", heading=2),
        Line(2, "B. Marand Qorbani, R. Quillon, A. Morrow. Title one. Venue, 2020.", bold=((19, 29),)),
        Line(3, "R. Quillon, Z. Pell. Title two. Venue, 2019.", bold=((0, 10),)),
    ))
    pubs = extract_publications(doc, Section("publications", "Publications", 1, 1, 3), None)
    assert [p.owner_index for p in pubs] == [1, 0]
    assert owner_from_author_lists(pubs, doc) == ("R. Quillon", "bold")


def test_publications_owner_from_author_lists_prefers_complete_form():
    pubs_doc = _doc("""
        Publications
        1. Quillon, T. R., & Oduya, M. (2021). One. Venue.
        2. Pellow, A., & Quillon, Tamsin R. (2019). Two. Venue.
        3. Quillon, T., Varga, K., & Osmund, P. (2018). Three. Venue.
    """)
    pubs = extract_publications(pubs_doc, Section("publications", "Publications", 1, 1, 4), None)
    assert owner_from_author_lists(pubs, pubs_doc) == ("Tamsin R. Quillon", "author-lists")


def test_publications_owner_not_inferred_from_with_lists():
    doc = _doc("""
        Journal articles
        “One.” With K.C. Marrow and C.J. Varga. Venue, 2018.
        “Two.” With C.J. Varga. Venue, 2019.
    """)
    pubs = extract_publications(doc, Section("publications", "Journal articles", 1, 1, 3), None)
    assert owner_from_author_lists(pubs, doc) is None


def test_publications_title_first_entry_with_authors_under_title():
    pubs = _pubs("""
        Publications

        Imaginary Tides Revisited
        T. Quillon, K. Marrow and P. Osmund
        Journal of Imaginary Results, 2020
    """)
    assert pubs[0].authors == ("T. Quillon", "K. Marrow", "P. Osmund")
    assert pubs[0].title == "Imaginary Tides Revisited"


def test_publications_kinds_from_entry_words():
    pubs = _pubs("""
        Publications
        1. Quillon, T., & Oduya, M. (2022). Tides. arXiv preprint arXiv:2201.00001.
        2. Quillon, T. (2016). Tides. Ph.D. Dissertation. Imaginary University.
        3. Quillon, T. (aut, cre), Oduya, M. (aut) (2021). tides: Tides in R. R package.
    """)
    assert [p.kind for p in pubs] == ["preprint", "thesis", "software"]


def test_publications_confidence_in_range_and_notes_skipped():
    pubs = _pubs("""
        Publications
        Names in italics are my students
        The full list is on my web page.
        1. Quillon, T., & Oduya, M. (2022). Tides. Venue.
    """)
    assert len(pubs) == 1
    assert all(0.0 <= p.provenance.confidence <= 1.0 for p in pubs)


def test_publications_emits_declares_terms():
    assert {"Publication", "Patent", "coauthoredWith", "authorOf"} <= set(EMITS)


@pytest.mark.parametrize("text, kind", [
    ("Journal Articles", "article"),
    ("B. Peer-Reviewed Papers in Conference Proceedings", "article"),
    ("Book Chapters", "chapter"),
    ("GRANTED PATENTS", "patent"),
    ("Working Papers", "preprint"),
    ("Posters", "poster"),
    ("Journal of Imaginary Results", None),
    ("In Proceedings of the Imaginary Conference, 2020.", None),
    ("Quillon, T. (2020). Tides.", None),
])
def test_publications_subheading_kind(text, kind):
    assert subheading_kind(text) == kind


@pytest.mark.parametrize("kind, heading, subkind, expected", [
    ("publications", "Book Chapters", "", "chapter"),
    ("publications", "Working Papers", "", "preprint"),
    ("publications", "R packages", "", "software"),
    ("publications", "Selected Publications", "", "article"),
    ("presentations", "Posters", "poster", "poster"),
    ("presentations", "Invited Talks", "talk", "talk"),
    ("patents", "Granted Patents", "patent", "patent"),
])
def test_publications_section_kind(kind, heading, subkind, expected):
    assert section_kind(Section(kind, heading, 1, 1, 2, subkind)) == expected


def test_publications_group_entries_keeps_every_line():
    doc = _doc("""
        1. Quillon, T. (2020). A.
           continued.
        2. Oduya, M. (2019). B.
    """)
    entries = group_entries(list(doc.lines))
    assert [[line.number for line in e.lines] for e in entries] == [[1, 2], [3]]


def test_publications_coauthors_follow_the_guidelines():
    pubs = _pubs("""
        Publications
        1. Favel, B., D.C. Brun, Sea2Sky Research Derby. A group paper. Venue, 2013.
        2. Quillon, T., & Oduya, M. (2020). Tides. Venue.
        Patents
        3. Quillon, T., Marrow, K. Flux capacitor. US Patent 1,234,567.
    """)
    assert [coauthors(p, OWNER) for p in pubs] == [["B. Favel", "D. C. Brun"], ["M. Oduya"], []]


def test_publications_byline_after_title_on_one_line():
    pubs = _pubs("""
        Publications
        Deep tides in shallow seas — T. R. Quillon, A. Pellow, B. Varga. Imaginary Journal, 2020.
        “Shallow tides,” Tamsin Quillon and Kofi Marrow, Proc. IMC 2019.
        A thesis on tides. PhD thesis, Imaginary University, 2015. Advisor: A. Smithers.
    """)
    assert [p.authors for p in pubs] == [("T. R. Quillon", "A. Pellow", "B. Varga"),
                                         ("Tamsin Quillon", "Kofi Marrow"), (OWNER,)]
    assert [p.title for p in pubs[:2]] == ["Deep tides in shallow seas", "Shallow tides"]


def test_publications_label_alone_on_its_line_and_others():
    pubs = _pubs("""
        Publications
        [1]
        T. Quillon, A. Pellow and B. Varga. Title of paper. Venue, 2020.
        [2]
        K. Marrow, T. Quillon, and others. Other. Venue, 2019.
    """)
    assert [p.authors for p in pubs] == [("T. Quillon", "A. Pellow", "B. Varga"), ("K. Marrow", "T. Quillon")]


def test_publications_numbered_title_first_entries():
    pubs = _pubs("""
        Publications
        1. Imaginary Tides Revisited
           T. Quillon, K. Marrow and P. Osmund
           Journal of Imaginary Results, 2020
        2. Shallow Tides
           A. Pellow, T. Quillon
           Imaginary Letters, 2019
    """)
    assert [(p.title, p.authors) for p in pubs] == [
        ("Imaginary Tides Revisited", ("T. Quillon", "K. Marrow", "P. Osmund")),
        ("Shallow Tides", ("A. Pellow", "T. Quillon"))]
    assert [p.venue for p in pubs] == ["Journal of Imaginary Results", "Imaginary Letters"]


_LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "Journal Articles", "2019", "1. Quillon, T., & Oduya, M. (2020). Tides. Venue.",
                     "“A title.” With K. Marrow and C. Varga. Venue, 2018.", "   continued line.",
                     "T. Quillon, K. Marrow", "• – (2015). “Again”.", "Patents"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=12), st.sampled_from([None, OWNER]))
def test_publications_never_raise_on_arbitrary_sections(lines, owner):
    doc = Document.from_text("\n".join(["Publications"] + lines))
    section = Section("publications", "Publications", 1, 1, len(doc.lines))
    pubs = extract_publications(doc, section, owner)
    for pub in pubs:
        assert 1 <= pub.provenance.first_line <= pub.provenance.last_line <= len(doc.lines)
        assert 0.0 <= pub.provenance.confidence <= 1.0
        assert pub.owner_index is None or 0 <= pub.owner_index < len(pub.authors)
    owner_from_author_lists(pubs, doc)
