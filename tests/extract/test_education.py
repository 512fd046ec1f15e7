import pytest

from kg.extract.education import extract_degrees, find_advisors
from kg.extract.sections import find_sections
from kg.model import Document


def _degrees(text):
    doc = Document.from_text(text)
    return [d for s in find_sections(doc) if s.kind == "education" for d in extract_degrees(doc, s)]


def test_education_degree_field_institution_and_dates():
    found = _degrees("Mara Quist\n\nEDUCATION\nPh.D., Economics, Northfield School of Economics, 2015.\n"
                     "M.Sc., Finance, Northfield School of Economics, 2011.\n")
    assert [(d.institution, d.degree, d.field, d.end) for d in found] == [
        ("Northfield School of Economics", "Ph.D.", "Economics", "2015"),
        ("Northfield School of Economics", "M.Sc.", "Finance", "2011")]


def test_education_institution_line_then_degree_line_with_advisor():
    found = _degrees("Mara Quist\n\nEDUCATION\nNorthfield University  Oslo, Norway\nPhD in Physics  Aug 2014 - May 2019\n"
                     "Advisor: Prof. Ingrid Solberg\nHalden College\nBS in Physics  2010 - 2014\n")
    assert [(d.institution, d.degree, d.field, d.advisors) for d in found] == [
        ("Northfield University", "PhD", "Physics", ("Ingrid Solberg",)), ("Halden College", "BS", "Physics", ())]


def test_education_exchange_stay_inside_an_entry_counts():
    found = _degrees("Mara Quist\n\nEDUCATION\nNorthfield University (Oslo, Norway)  2013 — 2018\n"
                     "MSc in Cognitive Science\nCompleted a year abroad at the University of Tartu (Estonia).\n")
    assert [d.institution for d in found] == ["Northfield University", "University of Tartu"]


@pytest.mark.parametrize("text,expected", [
    ("Advisor: Prof. Jane Q. Doe", [("Jane Q. Doe", "advisor")]),
    ("(supervisor: prof. Ann Lee)", [("Ann Lee", "supervisor")]),
    ("Scientific supervision: Dr. Bo Kim and Prof. Ann Lee", [("Bo Kim", "supervisor"), ("Ann Lee", "supervisor")]),
    ("Dissertation Committee: Ann Lee (Chair), Bo Kim", [("Ann Lee", "chair")]),
    ("Co-advisors: Ann Lee, Bo Kim", [("Ann Lee", "advisor"), ("Bo Kim", "advisor")]),
    ("Advisory board member since 2019", []),
])
def test_education_advisor_phrases(text, expected):
    assert find_advisors(text) == expected


@pytest.mark.parametrize("line, institution", [
    ("Ph.D. in Microbiology McMaster University, Department of Biology  Sept 2016 – Aug 2020", "McMaster University"),
    ("B.Sc. in Biology, Honours Trent University  Sept 2010 – May 2014", "Trent University"),
    ("Ph.D. History, University of California, Los Angeles, March 2015", "University of California, Los Angeles"),
    ("B.S. Mechanical Engineering, University of Colorado - Colorado Springs, 2014", "University of Colorado, Colorado Springs"),
    ("B.Sc. Candidate, Kinesiology, University of Waterloo, Waterloo, Canada; transferred to Dalhousie University in 2004.",
     "University of Waterloo"),
])
def test_education_institution_in_fused_and_campus_layouts(line, institution):
    assert [d.institution for d in _degrees(f"Mara Quist\n\nEDUCATION\n{line}\n")][:1] == [institution]


def test_education_advisor_list_running_onto_the_next_line_with_affiliations():
    names = [n for n, _ in find_advisors(
        "Scientific supervision: Martin B. van Gijzen (TU Delft) and René-Édouard Plessix (Shell International)")]
    assert names == ["Martin B. van Gijzen", "René-Édouard Plessix"]


def test_education_committee_chair_of_an_organization_is_no_advisor():
    assert find_advisors("Dissertation Award Committee Chair, Industry Studies Association (2020 - 2022).") == []


@pytest.mark.parametrize("line, institution", [
    ("M.Sc. Physics, UvA, 2016", "UvA"),
    ("PhD, Computer Science, ETH Zurich, 2019", "ETH Zurich"),
    ("B.Sc., Technion – Israel Institute of Technology, 2012", "Technion – Israel Institute of Technology"),
    ("MSc, School of Civil Engineering at National University of Singapore, 2014", "National University of Singapore"),
])
def test_education_acronyms_dashed_names_and_units_at_schools(line, institution):
    assert [d.institution for d in _degrees(f"Mara Quist\n\nEDUCATION\n{line}\n")][:1] == [institution]


def test_education_exam_levels_are_no_school():
    found = _degrees("Mara Quist\n\nEDUCATION\nLampeter School, Wales\nAAB (A-Levels), B (AS Level)\n")
    assert [d.institution for d in found] == ["Lampeter School"]
