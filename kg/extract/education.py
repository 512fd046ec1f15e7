"""Education: institutions the owner studied at, degrees, fields, dates and advisors."""
from __future__ import annotations

import re
from typing import Optional

from kg.extract.entries import Entry, group_entries
from kg.extract.segments import organization_strength
from kg.extract.sections import Section, body
from kg.model import Advising, Degree, Document, Line, Provenance

NAME = "education"
VERSION = "0.1"
EMITS = ("Degree", "studiedAt", "holder", "organization", "degreeName", "field", "startDate",
         "endDate", "advisor", "Advising", "advisedBy", "role")

_ADVISOR = re.compile(
    r"(?P<role>(?:co-?)?advis(?:or|er)s?|(?:co-?)?supervis(?:or|ors|ion|ed by)|promoto?rs?|"
    r"(?:thesis|dissertation|committee)\s+(?:chair|advis(?:or|er))|mentor(?=\s*:))"
    r"\s*(?:\(s\))?\s*[:\-–]?\s*(?:by\s+)?(?P<names>[^;()\n]+)", re.IGNORECASE)
_CHAIR = re.compile(r"([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*\((?i:co-?)?(?i:chair)\)")
_EXCHANGE = re.compile(
    r"\b(?:abroad|exchange|visiting|fulbright|erasmus|study stay|semester|term|year)\b[^.;]{0,120}?\b(?:at|to|in)\s+"
    r"(?P<org>(?:the\s+)?(?:[A-Z][\w.&'’-]*\s+){0,6}(?:University|College|Institute|School|Universit\w+)"
    r"(?:\s+(?:of|for|de|di)\s+(?:[A-Z][\w.&'’-]*\s*){1,8})?)")  # bounded: linear on a runaway line
_HONORIFIC = re.compile(r"^(?:prof(?:essor)?\.?|dr\.?|assoc\.?\s+prof\.?|asst\.?\s+prof\.?)\s+", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZÀ-Ý][\w.'’-]*(?:\s+(?:[A-ZÀ-Ý][\w.'’-]*|van|von|de|der|da|di|du|la|le|el|al|bin|ibn)){1,4}$")


def extract_degrees(doc: Document, section: Section) -> list[Degree]:
    """Degrees and stays at institutions listed in an education section."""
    lines = body(doc, section)
    entry_lines = [line for line in lines if not _EXCHANGE.search(line.text)]
    degrees = [_degree(doc, entry) for entry in group_entries(entry_lines, role_kinds=("degree", "field", "title"))]
    degrees = [d for d in degrees if d]
    degrees += _exchanges(doc, lines, {d.institution for d in degrees})
    return degrees


def _degree(doc: Document, entry: Entry) -> Optional[Degree]:
    name = entry.organization
    if not name or not (organization_strength(name) or re.fullmatch(r"[A-Z][A-Z&]{1,7}", name)):
        return None
    degree = next((r for r in entry.roles if r.kind == "degree"), None)
    dates = (degree.dates if degree and degree.dates else entry.dates) or [
        d for r in entry.roles for d in r.dates]
    degree_name, field = _degree_and_field(degree.text if degree else None, entry)
    field = field or next((r.text for r in entry.roles if r.kind == "field"), None)
    advisors = tuple(name for line in entry.lines for name, _ in find_advisors(line.text))
    provenance = Provenance(doc.source, doc.checksum, entry.first_line, entry.last_line, NAME,
                            VERSION, 0.9 if degree_name else 0.75)
    return Degree(entry.organization, provenance, degree=degree_name, field=field,
                  start=dates[0].start if dates else None, end=dates[-1].end or dates[-1].start if dates else None,
                  location=entry.place, advisors=advisors, unit=entry.units[0] if entry.units else None)


def _degree_and_field(text: Optional[str], entry: Entry) -> tuple[Optional[str], Optional[str]]:
    if not text:
        return None, None
    match = re.match(r"^(.+?)\s+(?:in|of)\s+(.+)$", text)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return text.strip(), None


def _exchanges(doc: Document, lines: list[Line], known: set[str]) -> list[Degree]:
    """Exchange and visiting stays written inside education entries ("a year abroad at X")."""
    found = []
    for line in lines:
        for match in _EXCHANGE.finditer(line.text):
            name = re.sub(r"^the\s+", "", match.group("org").strip(), flags=re.IGNORECASE)
            if name in known:
                continue
            known.add(name)
            provenance = Provenance(doc.source, doc.checksum, line.number, line.number, NAME, VERSION, 0.7)
            found.append(Degree(name, provenance, degree="exchange"))
    return found


def find_advisors(text: str) -> list[tuple[str, str]]:
    """(name, role) pairs an "Advisor: X" style phrase names.

    >>> find_advisors("Advisor: Prof. Jane Q. Doe")
    [('Jane Q. Doe', 'advisor')]
    >>> find_advisors("Dissertation Committee: Ann Lee (Chair), Bo Kim")
    [('Ann Lee', 'chair')]
    """
    out: list[tuple[str, str]] = []
    for match in _ADVISOR.finditer(text):
        role = "supervisor" if "supervis" in match.group("role").lower() else "advisor"
        if "chair" in match.group("role").lower():
            role = "chair"
        for name in split_names(match.group("names")):
            out.append((name, role))
    for match in _CHAIR.finditer(text):
        out.append((_HONORIFIC.sub("", match.group(1)).strip(), "chair"))
    return out


def split_names(text: str) -> list[str]:
    """Person names in a short list ("Prof. A and Dr. B, C"); stops at the first non-name."""
    names = []
    for part in re.split(r",|;|\band\b|&|/", text):
        part = _HONORIFIC.sub("", part.strip().strip(".")).strip()
        part = re.sub(r",?\s*(?:Ph\.?\s?D\.?|M\.?D\.?)$", "", part).strip()
        if not part:
            continue
        if not _NAME.match(part):
            break
        names.append(part)
    return names


def extract_advisings(doc: Document, sections: list[Section]) -> list[Advising]:
    """Advisor statements anywhere outside publication-like sections."""
    skip = {"publications", "patents", "presentations", "advising", "references"}
    found = []
    for section in sections:
        if section.kind in skip:
            continue
        for line in body(doc, section) if section.heading_line else [doc.line(n) for n in section.line_numbers()]:
            if section.kind == "service" and not re.search(r"\b(?:my|thesis|dissertation)\b", line.text, re.I):
                continue
            for name, role in find_advisors(line.text):
                provenance = Provenance(doc.source, doc.checksum, line.number, line.number, "advising",
                                        VERSION, 0.85 if role != "chair" else 0.7)
                found.append(Advising(name, provenance, role))
    return found

