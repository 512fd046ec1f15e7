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
