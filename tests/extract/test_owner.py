import pytest

from kg.extract.owner import clean_candidate, contacts, find_owner
from kg.extract.sections import find_sections
from kg.model import Document


@pytest.mark.parametrize("header,name", [
    ("Mara Quist", "Mara Quist"), ("MARA J. QUIST", "Mara J. Quist"), ("Dr. Mara Quist, PhD", "Mara Quist"),
    ("CV | Mara Quist | mara@example.org", "Mara Quist"), ("Mara Quist – CV", "Mara Quist"),
    ("Curriculum Vitae\nMara Quist", "Mara Quist"),
])
def test_owner_from_header(header, name):
    doc = Document.from_text(f"{header}\n\nEDUCATION\nNorthfield University, BSc 2010\n")
    assert find_owner(doc, find_sections(doc)).name == name


def test_owner_place_glued_to_the_name_is_cut_with_email_evidence():
    doc = Document.from_text("Mara Quist Oslo, Norway\nmquist@example.org\n\nEDUCATION\nNorthfield University\n")
    assert find_owner(doc, find_sections(doc)).name == "Mara Quist"


def test_owner_inferred_when_the_header_names_nobody():
    doc = Document.from_text("12 Harbour Road\nmq@example.org\n\nEDUCATION\nNorthfield University\n")
    owner = find_owner(doc, find_sections(doc), [], ("Mara Quist", "author-lists"))
    assert (owner.name, owner.method) == ("Mara Quist", "author-lists")


def test_owner_from_email_as_a_last_resort():
    doc = Document.from_text("12 Harbour Road\nmara.quist@example.org\n\nEDUCATION\nNorthfield University\n")
    owner = find_owner(doc, find_sections(doc))
    assert (owner.name, owner.method) == ("Mara Quist", "email")


@pytest.mark.parametrize("text", ["Data Scientist", "Northfield University", "Oslo, Norway", "EDUCATION", "2019 - 2020"])
def test_owner_rejects_non_names(text):
    assert clean_candidate(text) is None


def test_owner_contacts_found():
    doc = Document.from_text("Mara Quist\nmara@example.org | +47 912 34 567 | https://example.org/mara\n")
    kinds = sorted(c.kind for c in contacts(doc, doc.lines))
    assert kinds == ["email", "phone", "url"]
