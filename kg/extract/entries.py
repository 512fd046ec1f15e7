"""Group a section's lines into entries: an organization with its roles, places and dates.

Works for the layouts CVs use: "Title, Company, dates" on one line; a company line with
roles beneath it; "Title" then "Company" then dates on separate lines; dates first;
dates as a line of their own or right-aligned after a run of spaces. Description lines
(bullets, sentences) are skipped but extend the entry's line range.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from kg.extract.dates import DateRange, find_dates, is_date_only
from kg.extract.segments import Segment, organization_strength, split_segments
from kg.limits import check_time
from kg.model import Line
from kg.resolve.orgs import aliases, org_key

_UNIT = re.compile(r"^(?:dep(?:artmen)?t\.?|division|faculty|school of|college of|lab(?:oratory)? of|"
                   r"group|team|center for|centre for|institute of|institute for|program(?:me)? in)\b",
                   re.IGNORECASE)
_NOT_ORG = re.compile(r"^(?:jan(?:uary)?|feb(?:ruary)?|march|april|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
                      r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|expected|anticipated|freelance|freelancer|self[- ]employed|independent|various|confidential|"
                      r"stealth(?: startup)?|n/?a|none|present|current|remote|hybrid|full[- ]time|"
                      r"part[- ]time|now|gpa|grade|thesis|dissertation|advisor|supervisor|honou?rs?|"
                      r"honou?red|minor|major|courses?|coursework|summa cum laude|magna cum laude|cum laude)\b",
                      re.IGNORECASE)


@dataclass
class Role:
    """A title (or degree) line inside an entry, with its own dates."""

    text: str
    kind: str  # title | degree
    line: int
    dates: list[DateRange] = field(default_factory=list)
    extra: list[Segment] = field(default_factory=list)


@dataclass
class Entry:
    organization: Optional[str] = None
    units: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    dates: list[DateRange] = field(default_factory=list)
    place: Optional[str] = None
    first_line: int = 0
    last_line: int = 0
    lines: list[Line] = field(default_factory=list)

    def touch(self, line: Line) -> None:
        self.first_line = self.first_line or line.number
        self.last_line = max(self.last_line, line.number)
        self.lines.append(line)


def is_description(line: Line, base_indent: int = 0) -> bool:
    """A bullet or sentence describing the work, not an entry header.

    ``base_indent`` is the indentation of the section's entries: only lines indented
    deeper than it count as indented.
    """
    text = line.text.strip()
    words = text.split()
    if not words or is_date_only(text):
        return False
    if text[0].islower() or words[0] in {"-", "•", "·", "–", "*", "o", "○", "■"}:
        return True
    if len(words) > 12:
        return True
    if len(words) > 9 and re.search(r"[.!?]$", text) and not find_dates(text):
        return True
    if line.indent > base_indent and len(words) > 6:
        return True
    return False


def choose_organization(orgs: list[str]) -> tuple[Optional[str], list[str]]:
    """The organization among several org-like segments, and the units (departments, teams).

    >>> choose_organization(["Department of Physics", "University of Oslo"])
    ('University of Oslo', ['Department of Physics'])
    """
    usable = [o for o in orgs if not _NOT_ORG.match(o)]
    if not usable:
        return None, []
    main = [o for o in usable if not _UNIT.match(o)] or usable
    known = [o for o in main if _is_institution(o) or org_key(o) in aliases().values()]
    if known:
        pick = known[-1]
    else:
        strongest = max(organization_strength(o) for o in main)
        pick = next(o for o in main if organization_strength(o) == strongest)
    return pick, [o for o in usable if o != pick]


def _is_institution(name: str) -> bool:
    return bool(re.search(r"\b(?:University|Universit\w+|College|Hochschule|Polytechnic)\b", name))


def group_entries(lines: list[Line], role_kinds: tuple[str, ...] = ("title",)) -> list[Entry]:
    """Entries of a section body, in order."""
    entries: list[Entry] = []
    current: Optional[Entry] = None
    content = [line for line in lines if line.text.strip()]
    base = min((line.indent for line in content), default=0)
    parsed = [[] if is_description(line, base) else split_segments(line.text, line.bold) for line in content]
    for i, (line, segments) in enumerate(zip(content, parsed)):
        if i % 200 == 0:
            check_time(f"line {line.number}")
        if not segments or _NOT_ORG.match(segments[0].text) or _stray_name(segments, parsed[i + 1:i + 3], role_kinds):
            if current:
                current.touch(line)
            continue
        current = _absorb(current, entries, line, segments, role_kinds)
    if current:
        entries.append(current)
    return [e for e in entries if e.organization or e.roles]


def _absorb(current: Optional[Entry], entries: list[Entry], line: Line,
            segments: list[Segment], role_kinds: tuple[str, ...]) -> Optional[Entry]:
    orgs = [s.text for s in segments if s.kind == "organization"]
    organization, units = choose_organization(orgs)
    roles = [s for s in segments if s.kind in role_kinds]
    dates = find_dates(line.text)
    place = next((s.text for s in segments if s.kind == "place"), None)
    if organization:
        if current is None or current.organization or (current.roles and current.roles[-1].dates and dates):
            if current:
                entries.append(current)
            current = Entry()
        current.organization, current.units = organization, units
    elif roles and current is not None and _new_role_starts(current, bool(dates)):
        if current.organization is None:
            entries.append(current)
            current = Entry()
    elif current is None or (dates and not roles and current.organization and _complete(current)):
        if not (roles or dates):
            return current
        if current:
            entries.append(current)
        current = Entry()
    current.touch(line)
    titles = [r for r in roles if r.kind == "title"]
    if len(titles) > 1 and len(dates) <= 1:
        roles = [r for r in roles if r.kind != "title"] + [_joined(line.text, titles)]
    for role in roles:
        current.roles.append(Role(role.text, role.kind, line.number, list(dates) if len(roles) == 1 else []))
    if dates and not roles:
        target = current.roles[-1] if current.roles and not current.roles[-1].dates else current
        target.dates.extend(dates)
    if roles and len(roles) > 1 and dates:
        for role, date in zip(roles, dates):
            current.roles[-len(roles) + roles.index(role)].dates.append(date)
    current.place = current.place or place
    return current


def _stray_name(segments: list[Segment], following: list[list[Segment]], role_kinds: tuple[str, ...]) -> bool:
    """A bare capitalised phrase (a team, product or project) that no title or date line follows.

    Organizations with an organization word ("Vexa Labs", "Acme, Inc.") always start an entry;
    a bare name ("Dojo", "Tesla") only when the line or one of the next two has a title or dates
    (``following`` holds their segments; a description line has none).
    """
    kinds = {s.kind for s in segments}
    if kinds & set(role_kinds) or "date" in kinds or "place" in kinds:
        return False
    orgs = [s.text for s in segments if s.kind == "organization"]
    if not orgs or any(organization_strength(o) for o in orgs):
        return False
    for nxt_segments in following:
        nxt = {s.kind for s in nxt_segments}
        if nxt & set(role_kinds) or "date" in nxt:
            return False
    return True


def _joined(text: str, roles: list[Segment]) -> Segment:
    """Several title pieces of one line with one date are one title: "Scientist (Intern)"."""
    start = text.find(roles[0].text)
    end = text.rfind(roles[-1].text) + len(roles[-1].text)
    if 0 <= start < end:
        if text.count("(", start, end) > text.count(")", start, end) and text[end:end + 1] == ")":
            end += 1
        return Segment(text[start:end].strip(), roles[0].kind)
    return roles[0]


def _complete(entry: Entry) -> bool:
    return bool(entry.dates or any(r.dates for r in entry.roles))


def _new_role_starts(current: Entry, has_dates: bool) -> bool:
    """A title line after a finished role (one with dates) is the next role of the same entry."""
    if not current.roles:
        return False
    last = current.roles[-1]
    return bool(last.dates or current.dates) and (has_dates or bool(last.dates))
