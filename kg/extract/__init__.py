"""Extraction: a ``Document`` in, an ``Extraction`` (records with provenance) out.

Sections are found first; each section kind goes to its extractor. The owner is found
from the header, with the author lists as evidence and as the fallback when the header
names nobody; publications are then read again knowing the owner, so that "with X and Y"
lists and the owner's place in each author list are right.
"""
from __future__ import annotations

from kg.extract import education, owner, positions, publications
from kg.extract.sections import Section, find_sections
from kg.limits import check_time
from kg.model import Document, Extraction, Publication

#: Every extractor module: each declares NAME, VERSION and the ontology terms it EMITS.
EXTRACTORS = (owner, positions, education, publications)

_PUBLICATION_KINDS = {"publications", "patents", "presentations"}
_POSITION_KINDS = {"experience", "teaching"}


def extract(doc: Document) -> Extraction:
    """Every record the extractors find in ``doc``.

    >>> doc = Document.from_text("Jane Roe\\n\\nEXPERIENCE\\nData Scientist, Acme Corp, 2019 - present")
    >>> result = extract(doc)
    >>> result.owner.name, [p.organization for p in result.positions]
    ('Jane Roe', ['Acme Corp'])
    """
    sections = find_sections(doc)
    check_time("finding sections")
    entries = {s: publications.section_entries(doc, s) for s in sections if s.kind in _PUBLICATION_KINDS}
    draft = _publications(doc, entries, None)
    inferred = publications.owner_from_author_lists(draft, doc) if draft else None
    check_time("reading publications")
    found = owner.find_owner(doc, sections, draft, inferred)
    pubs = _publications(doc, entries, found.name if found else None) if found else draft
    check_time("reading publications again")
    jobs = [p for s in sections if s.kind in _POSITION_KINDS for p in positions.extract_positions(doc, s)]
    degrees = [d for s in sections if s.kind == "education" for d in education.extract_degrees(doc, s)]
    jobs += _jobs_in_education(doc, sections)
    advisings = education.extract_advisings(doc, sections)
    warnings = doc.warnings + (() if found else (
        f"{doc.source}: no owner name found in the header, title, author lists or e-mail",))
    return Extraction(doc, found, tuple(jobs), tuple(degrees), tuple(pubs), tuple(advisings), warnings)


def _publications(doc: Document, entries: dict[Section, list], owner_name: str | None) -> list[Publication]:
    """The publications of every publication-like section, from its entries (cut once)."""
    return [p for section, found in entries.items()
            for p in publications.extract_publications(doc, section, owner_name, found)]


def _jobs_in_education(doc: Document, sections: list[Section]):
    """Salaried posts listed under Education (residencies, assistantships)."""
    found = []
    for section in sections:
        if section.kind != "education":
            continue
        for job in positions.extract_positions(doc, section):
            if job.title and job.kind in {"residency", "assistantship", "postdoc", "faculty"}:
                found.append(job)
    return found


__all__ = ["extract", "find_sections", "EXTRACTORS"]
