"""Positions: the organizations the owner worked at, with title, dates, place and kind."""
from __future__ import annotations

import re

from kg.extract.entries import Entry, group_entries
from kg.extract.segments import CORPORATE_SUFFIX, is_place, organization_strength
from kg.extract.sections import Section, body
from kg.model import Document, Position, Provenance

NAME = "positions"
VERSION = "0.1"
EMITS = ("Position", "workedAt", "holder", "organization", "title", "startDate", "endDate",
         "current", "location", "unit", "positionKind")

_KINDS = (
    ("internship", r"\bintern(?:ship)?\b|\bco-?op\b|\btrainee\b|\bapprentice"),
    ("assistantship", r"\b(?:research|teaching|graduate|lab|laboratory)\s+assistant|\bassistantship|\b(?:g?ra|g?ta)\b"),
    ("postdoc", r"\bpost-?doc|\bpostdoctoral"),
    ("residency", r"\bresiden(?:t|cy)\b"),
    ("visiting", r"\bvisiting\b"),
    ("faculty", r"\bprofessor\b|\blecturer\b|\bfaculty\b|\binstructor\b|\bdean\b"),
    ("freelance", r"\bfreelanc"),
    ("volunteer", r"\bvolunteer"),
)
_KIND_PATTERNS = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _KINDS)
_NOT_CLIENT = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December|Python|R|C|Java|Excel|Windows|Linux)$")
_SUBKIND = {"volunteer": "volunteer", "freelance": "freelance", "contract": "contract", "internship": "internship"}


def position_kind(title: str | None, subkind: str = "") -> str:
    """The kind of a position from its title and the section it sits in.

    >>> position_kind("Graduate Research Assistant"), position_kind("Research Intern")
    ('assistantship', 'internship')
    """
    for kind, pattern in _KIND_PATTERNS:
        if title and pattern.search(title):
            return kind
    return _SUBKIND.get(subkind, "employment")


def extract_positions(doc: Document, section: Section) -> list[Position]:
    """Positions listed in an experience (or teaching) section."""
    positions: list[Position] = []
    strict = section.kind in {"teaching", "education"}
    for entry in group_entries(body(doc, section), keep_bare=True):
        if not entry.organization and not strict:
            entry.organization = client(entry)
        if not entry.organization:
            continue
        positions.extend(_positions_of(doc, section, entry, strict))
    return positions


_CLIENT = re.compile(r"\b(?:for|at)\s+(?:the\s+)?((?:[A-Z][\w&.'’-]*|of|and|&|for|the)"
                     r"(?:\s+(?:[A-Z][\w&.'’-]*|of|and|&|for|the))*)(,\s*[^.;]+)?")


def client(entry: Entry) -> str | None:
    """The organization a contract entry was done for: "Data analysis for Ecoscape Consultants Ltd.".

    Taken only when the phrase is organization-like (an organization word, or a place after
    it: "for Clearwater Seafoods, Bedford, NS"); "for R. Hilborn" is a person.

    >>> from kg.model import Line
    >>> client(Entry(lines=[Line(1, "Stock assessment for Clearwater Seafoods, Bedford, NS, Canada.")]))
    'Clearwater Seafoods'
    >>> client(Entry(lines=[Line(1, "Maps for the database of R. Hilborn")])) is None
    True
    """
    for line in entry.lines:
        for match in _CLIENT.finditer(line.text):
            name = re.sub(r"\s+(?:of|and|&|for|the)$", "", match.group(1).strip())
            name = name.rstrip(".") if not CORPORATE_SUFFIX.match(name.split()[-1]) else name
            if len(name) < 3 or re.search(r"\b[A-Z]\.\s*[A-Z]", name) or _NOT_CLIENT.match(name):
                continue
            place = (match.group(2) or "").strip(", ")
            if organization_strength(name) == 2 or (place and is_place(place.rstrip("."))):
                return name
    return None


def _positions_of(doc: Document, section: Section, entry: Entry, strict: bool) -> list[Position]:
    roles = entry.roles or [None]
    out = []
    for role in roles:
        if strict and role is None:
            continue
        title = role.text if role else None
        dates = (role.dates if role and role.dates else entry.dates) or []
        start = dates[0].start if dates else None
        end = dates[-1].end if dates else None
        current = bool(dates) and dates[-1].current
        confidence = 0.9 if title and dates else 0.75 if title or dates else 0.6
        provenance = Provenance(doc.source, doc.checksum, entry.first_line, entry.last_line,
                                NAME, VERSION, confidence)
        for host in [entry.organization, *entry.partners]:
            out.append(Position(host, provenance, title=title, start=start, end=end,
                                current=current, location=entry.place, kind=position_kind(title, section.subkind),
                                unit=entry.units[0] if entry.units else None))
    return out
