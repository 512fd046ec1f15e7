import pytest

from kg.extract.sections import body, classify_heading, find_sections
from kg.model import Document, Line


@pytest.mark.parametrize("heading,kind", [
    ("EDUCATION", "education"), ("Work History", "experience"), ("Professional Experience", "experience"),
    ("Employment", "experience"), ("Research Positions", "experience"), ("Academic Appointments", "experience"),
    ("SELECTED PUBLICATIONS", "publications"), ("Granted Patents", "patents"), ("Honors & Awards", "awards"),
    ("Teaching Experience", "teaching"), ("Invited Talks", "presentations"), ("Skills", "skills"),
    ("Peer-reviewed journal articles", "publications"), ("Professional Service", "service"),
])
def test_sections_classify_heading_forms(heading, kind):
    assert classify_heading(heading)[0] == kind


@pytest.mark.parametrize("text", ["Software Engineer", "Senior Research Scientist at Acme Labs", "Tools"[:0] or "Data"])
def test_sections_job_titles_are_not_headings(text):
    assert classify_heading(text) is None


def test_sections_plain_caps_headings_split_the_document():
    doc = Document.from_text("Mara Quist\nmara@example.org\n\nEDUCATION\nNorthfield University, BSc 2010\n\n"
                             "WORK HISTORY\nAnalyst, Vexa Ltd, 2011 - 2014\n")
    kinds = [(s.kind, s.first_line, s.last_line) for s in find_sections(doc)]
    assert kinds == [("preamble", 1, 3), ("education", 4, 6), ("experience", 7, 8)]


def test_sections_fused_heading_gives_the_entry_back():
    doc = Document.from_text("Mara Quist\n\nEXPERIENCE Staff Engineer, Vexa Ltd\nMarch 2018 - Present\n")
    section = [s for s in find_sections(doc) if s.kind == "experience"][0]
    assert [line.text for line in body(doc, section)] == ["Staff Engineer, Vexa Ltd", "March 2018 - Present"]


def test_sections_colon_heading_with_entry():
    doc = Document.from_text("Mara Quist\n\nTeaching: Lecturer, Northfield University\nIntro to Poetry\n")
    section = [s for s in find_sections(doc) if s.kind == "teaching"][0]
    assert body(doc, section)[0].text == "Lecturer, Northfield University"


def test_sections_markdown_subheadings_stay_inside_their_section():
    lines = (Line(1, "Mara Quist", heading=1), Line(2, "Experience", heading=2), Line(3, "Vexa Ltd, Oslo", heading=3),
             Line(4, "Analyst (2015 - 2017)", heading=4), Line(5, "Education", heading=2), Line(6, "Northfield University"))
    doc = Document("x.md", "0" * 64, "md", lines)
    assert [(s.kind, s.first_line, s.last_line) for s in find_sections(doc)] == [
        ("preamble", 1, 1), ("experience", 2, 4), ("education", 5, 6)]


def test_sections_research_heading_is_decided_by_content():
    pubs = Document.from_text('Ann Lee\n\nRESEARCH\n"A title." With B. Cho. Journal of X, 2019.\n"Another." With D. Eun. Proceedings of Y (2020).\n')
    jobs = Document.from_text("Ann Lee\n\nRESEARCH\nResearch Assistant, Northfield University, 2015 - 2017\n")
    assert find_sections(pubs)[-1].kind == "publications"
    assert find_sections(jobs)[-1].kind == "experience"


def test_sections_combined_heading_takes_the_first_known_kind():
    from kg.extract.sections import classify_heading

    assert classify_heading("Leadership, Volunteer, and Community Activities") == ("service", "")


def test_sections_bold_organization_line_is_no_heading_when_headings_use_markup():
    from kg.model import Document, Line

    lines = [Line(1, "Jane Roe", heading=1), Line(2, "Experience", heading=2),
             Line(3, "Government Digital Service", bold=((0, 26),)), Line(4, "Lead Developer"),
             Line(5, "Education", heading=2), Line(6, "Aberystwyth University"), Line(7, "Skills", heading=2),
             Line(8, "Ruby")]
    doc = Document("x.md", "0" * 64, "md", tuple(lines))
    assert [(s.kind, s.first_line) for s in find_sections(doc)] == [
        ("preamble", 1), ("experience", 2), ("education", 5), ("skills", 7)]
