"""Education: institutions the owner studied at, degrees, fields, dates and advisors."""
from __future__ import annotations

import re
from typing import Optional

from kg.extract.entries import Entry, group_entries
from kg.extract.names import display, looks_like_person, parse_name, word_list
from kg.extract.segments import is_place, organization_strength, title_score
from kg.extract.sections import Section, body
from kg.folding import fold
from kg.memo import text_cache
from kg.model import Advising, Degree, Document, Line, Provenance

NAME = "education"
VERSION = "0.1"
EMITS = ("Degree", "studiedAt", "holder", "organization", "degreeName", "field", "startDate",
         "endDate", "advisor", "Advising", "advisedBy", "role")

_ADVISOR = re.compile(
    r"(?P<role>(?:co-?)?advis(?:or|er)s?|(?:co-?)?supervis(?:or|ors|ion|ed by)|promoto?rs?|"
    r"(?:thesis|dissertation|committee)\s+(?:chair|advis(?:or|er))|mentor(?=\s*:))"
    r"\s*(?:\(s\))?\s*[:\-–]?\s*(?:by\s+)?(?P<names>[^;\n]+)", re.IGNORECASE)
_CHAIR = re.compile(r"([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s*\((?i:co-?)?(?i:chair)\)")
_EXCHANGE = re.compile(
    r"\b(?:abroad|exchange|visiting|fulbright|erasmus|study stay|semester|term|year)\b[^.;]{0,120}?\b(?:at|to|in)\s+"
    r"(?P<org>(?:the\s+)?(?:[A-Z][\w.&'’-]*\s+){0,6}(?:University|College|Institute|School|Universit\w+)"
    r"(?:\s+(?:of|for|de|di)\s+(?:[A-Z][\w.&'’-]*\s*){1,8})?)")  # bounded: linear on a runaway line


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
    has_degree = any(r.kind == "degree" for r in entry.roles)
    if not name or not (organization_strength(name) or (has_degree and _school_acronym(name))):
        return None
    name = _with_campus(name, entry)
    degree = next((r for r in entry.roles if r.kind == "degree"), None)
    dates = (degree.dates if degree and degree.dates else entry.dates) or [
        d for r in entry.roles for d in r.dates]
    degree_name, field = _degree_and_field(degree.text if degree else None, entry)
    field = field or next((r.text for r in entry.roles if r.kind == "field"), None)
    advisors = tuple(name for line in entry.lines for name, _ in find_advisors(line.text))
    provenance = Provenance(doc.source, doc.checksum, entry.first_line, entry.last_line, NAME,
                            VERSION, 0.9 if degree_name else 0.75)
    return Degree(name, provenance, degree=degree_name, field=field,
                  start=dates[0].start if dates else None, end=dates[-1].end or dates[-1].start if dates else None,
                  location=entry.place, advisors=advisors, unit=entry.units[0] if entry.units else None)


def _school_acronym(name: str) -> bool:
    """A school written by its acronym, alone or with its city ("UBC", "UvA", "ETH Zurich").

    >>> [_school_acronym(n) for n in ["UBC", "UvA", "ETH Zurich", "NC State", "AS Level", "Zhejiang", "AAB"]]
    [True, True, True, True, False, False, True]
    """
    words = name.split()
    if not 1 <= len(words) <= 3 or title_score(name) or re.search(r"\b(?:levels?|gcses?)\b", name, re.I):
        return False
    acronym = re.fullmatch(r"[A-Z][A-Za-z&]{1,6}", words[0]) and sum(c.isupper() for c in words[0]) >= 2
    if not acronym or not all(w[:1].isupper() for w in words):
        return False
    return len(words) == 1 or not is_place(name)


def _with_campus(name: str, entry: Entry) -> str:
    """An acronym written with its city is the institution's name: "LMU Munich", "ETH Zurich".

    ("IBM Toronto" in an employment entry is IBM's Toronto office; a school's acronym
    with its city is how the school is called.)
    """
    if not entry.place or not re.fullmatch(r"[A-Z][A-Za-z&]{1,5}", name):
        return name
    joined = f"{name} {entry.place}"
    return joined if any(joined in line.text for line in entry.lines) else name


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
    return list(_advisors(text))


@text_cache()
def _advisors(text: str) -> tuple[tuple[str, str], ...]:
    """``find_advisors``, kept: education lines are read for advisors twice."""
    out: list[tuple[str, str]] = []
    for match in _ADVISOR.finditer(text):
        role = "supervisor" if "supervis" in match.group("role").lower() else "advisor"
        if "chair" in match.group("role").lower():
            role = "chair"
        names = re.sub(r"\s*\((?!(?i:co-?)?chair\))[^()]*\)", "", match.group("names"))  # "(TU Delft)"
        for name in split_names(re.split(r"[()]", names)[0]):
            out.append((name, role))
    for match in _CHAIR.finditer(text):
        out.extend((name, "chair") for name in split_names(match.group(1))[:1])
    return tuple(out)


def split_names(text: str) -> list[str]:
    """Person names in a short list ("Prof. A and Dr. B, PhD, C"); stops at the first non-name.

    Names are read by ``kg.extract.names``: honorifics and degrees go, initials stay.

    >>> split_names("Prof. Jane Q. Doe, PhD and Dr. Bo Kim; Industry Studies Association")
    ['Jane Q. Doe', 'Bo Kim']
    """
    names = []
    degrees = word_list("name_degrees.txt")
    for part in re.split(r",|;|\band\b|&|/", text):
        part = part.strip()
        if not part or fold(part).replace(" ", "") in degrees:
            continue
        name = parse_name(part)
        shown = display(name) if name else ""
        if not shown or not looks_like_person(shown) or organization_strength(shown):
            break
        names.append(shown)
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
            text = line.text
            if _ADVISOR.search(text) and re.search(r"(?:,|&|\band)\s*$", text) and line.number < len(doc.lines):
                text = f"{text} {doc.line(line.number + 1).text.strip()}"  # the list runs on
            for name, role in find_advisors(text):
                provenance = Provenance(doc.source, doc.checksum, line.number, line.number, "advising",
                                        VERSION, 0.85 if role != "chair" else 0.7)
                found.append(Advising(name, provenance, role))
    return found

