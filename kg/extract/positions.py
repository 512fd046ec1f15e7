"""Positions: the organizations the owner worked at, with title, dates, place and kind."""
from __future__ import annotations

import re

from kg.extract.entries import Entry, group_entries
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
_SUBKIND = {"volunteer": "volunteer", "freelance": "freelance", "contract": "contract", "internship": "internship"}


def position_kind(title: str | None, subkind: str = "") -> str:
    """The kind of a position from its title and the section it sits in.

    >>> position_kind("Graduate Research Assistant"), position_kind("Research Intern")
    ('assistantship', 'internship')
    """
    for kind, pattern in _KINDS:
        if title and re.search(pattern, title, re.IGNORECASE):
            return kind
    return _SUBKIND.get(subkind, "employment")


def extract_positions(doc: Document, section: Section) -> list[Position]:
    """Positions listed in an experience (or teaching) section."""
    positions: list[Position] = []
    strict = section.kind in {"teaching", "education"}
    for entry in group_entries(body(doc, section)):
        if not entry.organization:
            continue
        positions.extend(_positions_of(doc, section, entry, strict))
    return positions


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
        out.append(Position(entry.organization, provenance, title=title, start=start, end=end,
                            current=current, location=entry.place, kind=position_kind(title, section.subkind),
                            unit=entry.units[0] if entry.units else None))
    return out
