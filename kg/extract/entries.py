"""Group a section's lines into entries: an organization with its roles, places and dates.

Works for the layouts CVs use: "Title, Company, dates" on one line; a company line with
roles beneath it; "Title" then "Company" then dates on separate lines; dates first;
dates as a line of their own or right-aligned after a run of spaces. Description lines
(bullets, sentences) are skipped but extend the entry's line range.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Optional

from kg.extract.dates import DateRange, find_dates, is_date_only
from kg.extract.segments import Segment, field_words, is_place, is_sentence, organization_strength, split_segments, title_score
from kg.limits import check_time
from kg.memo import text_cache
from kg.model import Line
from kg.resolve.orgs import aliases, org_key

_UNIT = re.compile(r"^(?:dep(?:artmen)?t\.?|division|faculty|school of|college of|lab(?:oratory)? of|"
                   r"group|team|center for|centre for|institute of|institute for|program(?:me)? in)\b",
                   re.IGNORECASE)
_UNIT_TAIL = re.compile(r"\b(?:department|dept\.?|division|section|branch|unit|team|group|lab|program(?:me)?)$",
                        re.IGNORECASE)
_NOT_ORG = re.compile(r"^(?:jan(?:uary)?|feb(?:ruary)?|march|april|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
                      r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|expected|anticipated|freelance|freelancer|self[- ]employed|independent|various|confidential|"
                      r"stealth(?: startup)?|n/?a|none|present|current|remote|hybrid|full[- ]time|"
                      r"part[- ]time|now|gpa|grade|thesis|dissertation|advisor|supervisor|honou?rs?|"
                      r"honou?red|minor|major|courses?|coursework|summa cum laude|magna cum laude|cum laude)\b",
                      re.IGNORECASE)
_HEADLINE_PARTS = re.compile(r"\s*(?:[,;|–—]|\s-\s)\s*")
_INSTITUTION = re.compile(r"\b(?:University|Universit\w+|College|Hochschule|Polytechnic)\b")
_AND = re.compile(r"\s+(?:and|&)\s+")
_FIRST_PART_END = re.compile(r"\s*[,;|–—]\s*")


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
    partners: list[str] = field(default_factory=list)  # joint hosts: "University of X and Y Center"
    units: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    dates: list[DateRange] = field(default_factory=list)
    place: Optional[str] = None
    first_line: int = 0
    last_line: int = 0
    lines: list[Line] = field(default_factory=list)
    header: bool = False  # the organization stood on a line of its own, roles listed beneath

    def touch(self, line: Line) -> None:
        self.first_line = self.first_line or line.number
        self.last_line = max(self.last_line, line.number)
        self.lines.append(line)


def is_description(line: Line, base_indent: int = 0) -> bool:
    """A bullet or sentence describing the work, not an entry header.

    ``base_indent`` is the indentation of the section's entries: only lines indented
    deeper than it count as indented.
    """
    return _described(line.text, line.indent > base_indent)


@text_cache()
def _described(text: str, deeper: bool) -> bool:
    """``is_description`` of a line's text, indented deeper than its entries or not (kept:
    an education section is grouped twice, for degrees and for posts)."""
    text = text.strip()
    words = text.split()
    if not words or is_date_only(text):
        return False
    if text[0].islower() or words[0] in {"-", "•", "·", "–", "*", "o", "○", "■"}:
        return True
    if is_headline(text) and _anchored(text):
        return False
    if is_sentence(text) or _VERB_FIRST.match(text):
        return True
    if len(words) > 12:
        return True
    if len(words) > 9 and re.search(r"[.!?]$", text) and not find_dates(text):
        return True
    if deeper and len(words) > 6:
        return True
    return False


_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
_MINOR = frozenset("a an and at de del der des di du en for in la le of on the to und van von y & – —".split())


_CONNECTOR = re.compile(r"(?:,|:|&|\b(?:and|or|of|the|in|for|with|at|on|to|by|from|a|an))\s*$", re.IGNORECASE)


def _continues(prev: Line, line: Line, base: int, width: int) -> bool:
    """``line`` carries on the description ``prev`` began: ``prev`` stops mid-phrase ("... and",
    "... of") or runs to the column's full width without a full stop, and ``line`` sits as
    deep as it, below the entries' own indentation."""
    if line.indent <= base or line.indent < prev.indent:
        return False
    text = prev.text.rstrip()
    return bool(_CONNECTOR.search(text)) or (len(text) >= 0.85 * width and not re.search(r"[.!?]$", text))


@lru_cache(maxsize=1)
def _form_labels() -> dict[str, str]:
    text = files("kg").joinpath("data/form_labels.tsv").read_text(encoding="utf-8")
    rows = [row.split("\t") for row in text.splitlines() if row.strip() and not row.startswith("#")]
    return {label.strip(): role for role, label in rows}


_FORM_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ()/-]{1,80}?)(?:\s*:\s+|\s{2,}|\t)(\S.*)$")


def form_field(text: str) -> Optional[tuple[str, str]]:
    """(role, value) of a form-style line ("Occupation or position held    Research engineer").

    >>> form_field("Name and address of employer    Politecnico di Milano, Milano (Italy)")
    ('organization', 'Politecnico di Milano, Milano (Italy)')
    >>> form_field("Senior Engineer, Acme  2019") is None
    True
    """
    match = _FORM_LINE.match(text)
    if not match:
        return None
    role = _form_labels().get(" ".join(match.group(1).casefold().split()))
    return (role, match.group(2).strip()) if role else None


def _form_segments(role: str, value: str) -> list[Segment]:
    """Segments of a form field's value, the label deciding what the value is."""
    segments = split_segments(value)
    if role == "organization":
        first = re.split(r"\s*(?:,|;|\(|\s-\s|\s–\s)\s*", value, maxsplit=1)[0].strip()
        return [Segment(first, "organization")] if first else []
    if role in {"title", "degree", "field"}:
        return [Segment(value, role)] if not find_dates(value) else segments
    if role == "dates":
        return [s for s in segments if s.kind == "date"]
    return segments


_VERB_FIRST = re.compile(r"^(?:(?!Applied|Advanced|United|Integrated|Embedded|Distributed|Automated)[A-Z][a-z]{2,}ed|Led|Built|Ran|Wrote|Taught|Made|Drove|Grew|Won|Sold|Held|Gave|Took|"
                         r"Brought|Kept|Found|Spent|Set up|Oversaw|Co-led|Co-wrote)\s+(?:[a-z]|the\b|a\b|an\b)")


def _anchored(text: str) -> bool:
    """An entry header names a title, an organization or dates, not only topics."""
    first = _FIRST_PART_END.split(text, maxsplit=1)[0]
    return bool(title_score(first) or organization_strength(text) == 2 or find_dates(text))


def is_headline(text: str) -> bool:
    """A long entry header, not prose: separated parts whose words are capitalised.

    >>> is_headline("Graduate Research Assistant, Department of Biology, Dalhousie University, Halifax, NS, Canada")
    True
    >>> is_headline("Led a team of five engineers, shipping the billing service to production")
    False
    """
    if len(_HEADLINE_PARTS.split(text)) < 3:
        return False
    words = [w for w in _WORD.findall(text) if w.lower() not in _MINOR]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def choose_organization(orgs: list[str]) -> tuple[Optional[str], list[str]]:
    """The organization among several org-like segments, and the units (departments, teams).

    >>> choose_organization(["Department of Physics", "University of Oslo"])
    ('University of Oslo', ['Department of Physics'])
    """
    usable = [o for o in orgs if not _NOT_ORG.match(o)]
    if not usable:
        return None, []
    main = [o for o in usable if not is_unit(o)] or usable
    known = [o for o in main if _is_institution(o) or org_key(o) in aliases().values()]
    if known:
        pick = known[-1]
    else:  # a comma list runs from the smallest unit to the whole: the last strongest wins
        strongest = max(organization_strength(o) for o in main)
        pick = [o for o in main if organization_strength(o) == strongest][-1]
    return pick, [o for o in usable if o != pick]


def joint_hosts(name: str) -> list[str]:
    """Two organizations joined by "and" are two hosts; a name with "and" inside stays whole.

    >>> joint_hosts("University of Washington and Northwest Fisheries Science Center")
    ['University of Washington', 'Northwest Fisheries Science Center']
    >>> joint_hosts("Fisheries and Oceans Canada"), joint_hosts("Bill and Melinda Gates Foundation")
    (['Fisheries and Oceans Canada'], ['Bill and Melinda Gates Foundation'])
    >>> joint_hosts("Ontario College of Art & Design University")
    ['Ontario College of Art & Design University']
    """
    parts = _AND.split(name)
    if len(parts) != 2 or not all(len(p.split()) >= 2 and organization_strength(p) == 2 for p in parts):
        return [name]
    of_what = re.search(r"\bof\s+(\S+)$", parts[0])
    if of_what and of_what.group(1).casefold() in field_words():
        return [name]  # "College of Art & Design University": the field list goes on
    return parts


def is_unit(name: str) -> bool:
    """A part of an organization: "Department of Physics", "Offshore Section", "Platform Team".

    >>> is_unit("Department of Physics"), is_unit("Offshore Section"), is_unit("Fisheries and Oceans Canada")
    (True, True, False)
    >>> is_unit("Battery Materials Lab"), is_unit("Boston Consulting Group")
    (True, False)
    """
    if _UNIT.match(name):
        return True
    tail = _UNIT_TAIL.search(name)
    return bool(tail) and not _is_institution(name) and organization_strength(name[:tail.start()]) < 2


def _is_institution(name: str) -> bool:
    return bool(_INSTITUTION.search(name))


def group_entries(lines: list[Line], role_kinds: tuple[str, ...] = ("title",), keep_bare: bool = False) -> list[Entry]:
    """Entries of a section body, in order; ``keep_bare`` keeps entries of dates and description only."""
    entries: list[Entry] = []
    current: Optional[Entry] = None
    content = [line for line in lines if line.text.strip()]
    base = min((line.indent for line in content), default=0)
    width = max((len(line.text) for line in content), default=0)
    described: list[bool] = []
    for i, line in enumerate(content):
        described.append(is_description(line, base) or (
            i > 0 and described[i - 1] and _continues(content[i - 1], line, base, width)))
    parsed = []
    for i, line in enumerate(content):
        form = form_field(line.text)
        if form:
            described[i] = form[0] == "description"
            parsed.append([] if described[i] else _form_segments(*form))
        else:
            parsed.append([] if described[i] else split_segments(line.text, line.bold))
    for i, (line, segments) in enumerate(zip(content, parsed)):
        if i % 200 == 0:
            check_time(f"line {line.number}")
        if not segments or (segments[0].kind != "date" and _NOT_ORG.match(segments[0].text)) or _stray_name(segments, parsed[i + 1:i + 3], role_kinds):
            if current:
                current.touch(line)
            continue
        current = _absorb(current, entries, line, segments, role_kinds)
    if current:
        entries.append(current)
    return [e for e in entries if e.organization or e.roles or (keep_bare and e.dates)]


def _absorb(current: Optional[Entry], entries: list[Entry], line: Line,
            segments: list[Segment], role_kinds: tuple[str, ...]) -> Optional[Entry]:
    if current is not None and _location_line(current, line, segments):
        current.place = current.place or segments[0].text
        current.touch(line)
        return current
    orgs = [s.text for s in segments if s.kind == "organization"]
    roles = [s for s in segments if s.kind in role_kinds]
    if orgs and roles and current is not None and current.header and (
            all(is_unit(o) for o in orgs)
            or (line.indent > current.lines[0].indent and all(organization_strength(o) < 2 for o in orgs))):
        current.units.extend(o for o in orgs if o not in current.units)  # "Lab X" under its company
        orgs = []
    organization, units = choose_organization(orgs)
    dates = find_dates(line.text)
    place = next((s.text for s in segments if s.kind == "place"), None)
    if organization:
        if current is None or current.organization or (current.roles and current.roles[-1].dates and dates):
            if current:
                entries.append(current)
            current = Entry()
        hosts = joint_hosts(organization)
        current.organization, current.partners, current.units = hosts[0], hosts[1:], units
        current.header = not roles
    elif roles and current is not None and _new_role_starts(current, bool(dates)):
        if current.organization is None:
            entries.append(current)
            current = Entry()
    elif current is None or (dates and not roles and _complete(current) and not _awaits_dates(current)):
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


def _location_line(current: Entry, line: Line, segments: list[Segment]) -> bool:
    """ "Armonk, New York" right under a finished entry's dates: a town the gazetteer is too
    small to know, placed by its region, not the next employer."""
    return (len(segments) >= 2 and segments[0].kind == "organization" and organization_strength(segments[0].text) == 0
            and all(s.kind == "place" for s in segments[1:]) and bool(current.organization) and current.place is None
            and _complete(current) and current.last_line == line.number - 1
            and is_place(", ".join(s.text for s in segments)))


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


def _awaits_dates(entry: Entry) -> bool:
    """The entry's last role came after its dates were given: a dates line is that role's."""
    return bool(entry.roles) and not entry.roles[-1].dates and len(entry.roles) > 1


def _complete(entry: Entry) -> bool:
    return bool(entry.dates or any(r.dates for r in entry.roles))


def _new_role_starts(current: Entry, has_dates: bool) -> bool:
    """A title line after a finished role (one with dates) is the next role of the same entry."""
    if not current.roles:
        return False
    last = current.roles[-1]
    return bool(last.dates or current.dates) and (has_dates or bool(last.dates))
