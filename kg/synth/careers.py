"""What one CV says, before any layout: a world person's jobs, degrees, papers and the rest.

``career(world, person, rng)`` lays out a life that fits the world: the doctorate is where
the advisor works, the papers are the world's papers with this person on them, the last job
is the person's current employer. Talks, awards, grants, patents, students and references
add the names of organizations and people that are *not* facts about the owner.
"""
from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from typing import Optional

from kg.synth.data import fields
from kg.synth.rand import mix, nth
from kg.synth.world import REF_YEAR, Paper, Person, World

__all__ = ["Career", "Degree", "Job", "career", "fill", "paper_title"]

YearMonth = tuple[int, int]


@dataclass(slots=True)
class Job:
    org: int
    title: str
    start: YearMonth
    end: Optional[YearMonth]  # None: to the present
    kind: str  # faculty, postdoc, student, intern, outside
    bullets: list[tuple[str, int]] = field(default_factory=list)  # text, id of the organization it names
    mentor: int = -1  # an internship mentor: not an advisor


@dataclass(slots=True)
class Degree:
    org: int
    level: str  # bachelor, master, doctorate, md
    subject: str
    start: int
    end: int  # after REF_YEAR: expected
    advisors: tuple[int, ...] = ()
    thesis: str = ""
    exchange: int = -1  # an exchange stay at another institution, written inside the entry


@dataclass
class Career:
    person: Person
    jobs: list[Job]  # newest first
    degrees: list[Degree]  # newest first
    papers: list[Paper]  # newest first
    patents: list[tuple[tuple[int, ...], str, int]] = field(default_factory=list)  # inventors, title, year
    talks: list[tuple[str, str, int, int]] = field(default_factory=list)  # kind, title, host org, year
    awards: list[tuple[str, int]] = field(default_factory=list)
    grants: list[tuple[str, int, int, int]] = field(default_factory=list)  # title, funder org, co-PI, year
    service: list[str] = field(default_factory=list)
    students: list[int] = field(default_factory=list)
    references: list[int] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def fill(template: str, field_: str, h: int, extra: Optional[dict] = None) -> str:
    """Fill ``{topic}``, ``{method}``, ``{object}``, ``{journal}`` ... from the field's words, by hash ``h``."""
    text = template.format_map(_Words(fields()[field_], h, extra))
    first = text.split(" ", 1)[0]
    return text if first != first.lower() else text[0].upper() + text[1:]


class _Words(dict):
    """``{name}`` -> a word of the field (or of all fields) picked by hash, or an ``extra`` value."""

    def __init__(self, spec, h: int, extra: Optional[dict]):
        super().__init__(extra or {})
        self.spec, self.h = spec, h

    def __missing__(self, name: str) -> str:
        words = self.spec[name] or fields()["*"][name]
        return nth(words, self.h, hash_slot(name)) if words else name


@functools.lru_cache(maxsize=None)
def hash_slot(name: str) -> int:
    return sum(ord(c) * 31 ** i for i, c in enumerate(name)) & 0xFFFF


def paper_title(world: World, paper: Paper) -> str:
    """The title of a world paper (the same in every CV that lists it)."""
    title = world.titles.get(paper.id)
    if title is None:
        h = mix(world.seed, 17, paper.id)
        title = world.titles[paper.id] = fill(nth(fields()["*"]["title"], h, 1), paper.field, h)
    return title


def career(world: World, person: Person, rng: random.Random) -> Career:
    """Everything ``person``'s CV will say, drawn with ``rng``."""
    degrees = _degrees(world, person, rng)
    jobs = _jobs(world, person, degrees, rng)
    papers = sorted((world.papers[i] for i in person.papers), key=lambda p: (-p.year, p.id))
    result = Career(person, jobs, degrees, papers)
    _extras(world, result, rng)
    return result


def _university(world: World, person: Person, rng: random.Random) -> int:
    return world.orgs.pick(rng, person.field, "university").id


def _degrees(world: World, person: Person, rng: random.Random) -> list[Degree]:
    spec = fields()[person.field]
    subject = lambda: rng.choice(spec["degree"])  # noqa: E731
    out = []
    year = person.start
    if person.field == "medicine" and rng.random() < 0.7:
        out.append(Degree(_university(world, person, rng), "md", "Medicine", year, year + 6))
        year += 6
    else:
        out.append(Degree(_university(world, person, rng), "bachelor", subject(), year, year + 4))
        year += 4
        if rng.random() < (0.35 if person.doctorate else 0.55) and year + 2 < REF_YEAR:
            org = out[-1].org if rng.random() < 0.3 else _university(world, person, rng)
            out.append(Degree(org, "master", subject(), year, year + 2))
            year += 2
    if person.doctorate:
        org = person.phd_org if person.phd_org >= 0 else _university(world, person, rng)
        advisors = tuple(a for a in (person.advisor, person.coadvisor) if a >= 0)
        h = mix(world.seed, 23, person.id)
        out.append(Degree(org, "doctorate", subject(), year, year + rng.randint(4, 6), advisors,
                          fill(nth(fields()["*"]["title"], h, 1), person.field, h)))
    for degree in out:
        if degree.level in ("bachelor", "master") and rng.random() < 0.06:
            degree.exchange = _university(world, person, rng)
        if degree.level == "master" and rng.random() < 0.15:
            senior = world.person_in(rng, person.field)
            if senior.id != person.id:
                degree.advisors = (senior.id,)
    return out[::-1]


def _year(rng: random.Random, first: int, last: int = REF_YEAR) -> int:
    """A year from ``first`` to ``last`` (``last`` when the range is empty)."""
    return rng.randint(first, last) if first <= last else last


def _ym(rng: random.Random, year: int, months: tuple[int, ...] = (1, 3, 6, 8, 9, 9, 10)) -> YearMonth:
    return year, rng.choice(months)


def _span(rng: random.Random, start: int, years: int) -> tuple[YearMonth, Optional[YearMonth]]:
    begin = _ym(rng, start)
    end = start + years
    if end > REF_YEAR or (end == REF_YEAR and rng.random() < 0.5):
        return begin, None
    return begin, (end, rng.choice((2, 5, 6, 7, 8, 12)))


def _jobs(world: World, person: Person, degrees: list[Degree], rng: random.Random) -> list[Job]:
    spec, shared = fields()[person.field], fields()["*"]
    jobs: list[Job] = []
    doctorate = next((d for d in degrees if d.level == "doctorate"), None)
    studies_end = degrees[0].end
    if doctorate and rng.random() < 0.55:
        start, end = _span(rng, doctorate.start, min(doctorate.end, REF_YEAR) - doctorate.start)
        jobs.append(Job(doctorate.org, rng.choice(shared["student"]), start, end, "student"))
    if "company" in spec.kinds and rng.random() < (0.4 if person.track == "outside" else 0.25):
        for _ in range(rng.randint(1, 2)):
            year = _year(rng, person.start + 2, min(studies_end, REF_YEAR) - 1)
            mentor = world.person_in(rng, person.field).id if rng.random() < 0.3 else -1
            org = world.orgs.pick(rng, person.field, "company").id
            jobs.append(Job(org, rng.choice(shared["intern"]), (year, 6), (year, rng.choice((8, 9))), "intern",
                            mentor=mentor))
    year = min(studies_end, REF_YEAR) if doctorate is None or doctorate.end <= REF_YEAR else None
    if year is not None:
        jobs += (_academic_jobs if person.track == "academic" else _outside_jobs)(world, person, year, rng)
    for job in jobs:
        if job.kind != "intern" or rng.random() < 0.5:
            h = mix(world.seed, 29, person.id, job.start[0])
            kind = "bullet" if job.kind in ("intern", "outside") else "abullet"
            job.bullets = [_bullet(world, person, kind, h, i, rng) for i in range(rng.choice((0, 0, 1, 2, 2, 3)))]
    return sorted(jobs, key=lambda j: (j.start, j.kind != "intern"), reverse=True)


def _bullet(world: World, person: Person, kind: str, h: int, i: int, rng: random.Random) -> tuple[str, int]:
    partner = world.orgs.pick(rng, person.field, rng.choice(world.orgs.kinds_of(person.field)))
    template = nth(fields()["*"][kind], h, i)
    text = fill(template, person.field, mix(h, i), {"partner": partner.name, "n": rng.randint(2, 12)})
    return text, partner.id if "{partner}" in template else -1


def _academic_jobs(world: World, person: Person, year: int, rng: random.Random) -> list[Job]:
    shared = fields()["*"]
    home = world.orgs.all[person.home]
    jobs = []
    for _ in range(rng.choice((0, 1, 1, 1, 2))):
        if REF_YEAR - year < 4:
            break
        kind = "lab" if rng.random() < 0.25 else "university"
        org = world.orgs.pick(rng, person.field, kind).id
        length = rng.randint(2, 3)
        start, end = _span(rng, year, length)
        jobs.append(Job(org, rng.choice(shared["early"]), start, end, "postdoc"))
        year += length
    ladder = ["Assistant Professor", "Associate Professor", "Professor"] if home.kind == "university" else \
        ["Research Scientist", "Senior Research Scientist", "Principal Scientist"]
    if rng.random() < 0.3 and home.kind == "university":
        ladder = ["Lecturer", "Senior Lecturer", "Reader"]
    for title in ladder:
        if year > REF_YEAR:
            break
        length = rng.randint(5, 8)
        start, end = _span(rng, year, length if title != ladder[-1] else 99)
        jobs.append(Job(home.id, title, start, end, "faculty"))
        year += length
    return jobs


def _outside_jobs(world: World, person: Person, year: int, rng: random.Random) -> list[Job]:
    spec = fields()[person.field]
    kinds = {k: w for k, w in spec.kinds.items() if k != "university"} or {"company": 1.0}
    titles = spec["industry"]
    jobs = []
    while year <= REF_YEAR and len(jobs) < 6:
        length = rng.randint(1, 5)
        last = year + length > REF_YEAR or rng.random() < 0.2
        kind = rng.choices(list(kinds), list(kinds.values()))[0]
        org = person.home if last else world.orgs.pick(rng, person.field, kind).id
        start, end = _span(rng, year, 99 if last else length)
        title = rng.choice(titles)
        if jobs and rng.random() < 0.3 and not title.startswith(("Senior", "Staff", "Principal")):
            title = "Senior " + title
        jobs.append(Job(org, title, start, end, "outside"))
        if last:
            break
        if rng.random() < 0.25:  # a promotion at the same employer: two roles under one heading
            jobs.append(Job(org, "Senior " + title if not title.startswith("Senior") else "Lead " + title[7:],
                            (year + length, rng.randint(1, 12)), None if year + length + 2 > REF_YEAR else
                            (year + length + 2, rng.randint(1, 12)), "outside"))
            length += 2
        year += length
    return jobs


def _extras(world: World, cv: Career, rng: random.Random) -> None:
    person, shared = cv.person, fields()["*"]
    h = mix(world.seed, 31, person.id)
    academic = person.track == "academic" and REF_YEAR - person.start >= 9
    for i in range(rng.randint(0, 5) if academic else rng.randint(0, 1)):
        host = world.orgs.pick(rng, person.field, rng.choice(("university", "university", "lab", "company")))
        cv.talks.append((nth(shared["talk"], h, i), fill("{topic} and {method}", person.field, mix(h, i)), host.id,
                         _year(rng, max(person.start + 6, REF_YEAR - 12))))
    for award in rng.sample(shared["award"], rng.randint(0, 3)):
        cv.awards.append((award, _year(rng, person.start + 3)))
    if academic and rng.random() < 0.4:
        funder = world.orgs.pick(rng, person.field, "agency")
        copi = world.person_in(rng, person.field)
        if copi.id != person.id:
            cv.grants.append((fill("{topic} in {object}", person.field, mix(h, 3)), funder.id, copi.id,
                              rng.randint(REF_YEAR - 8, REF_YEAR)))
    if academic:
        service = (fill(nth(shared["service"], h, 60 + i), person.field, mix(h, 60 + i))
                   for i in range(rng.randint(0, 3)))
        cv.service = list(dict.fromkeys(service))
        cv.students = [s for s in person.students if REF_YEAR - world.people[s].start >= 5][:8]
    if person.track == "outside" and rng.random() < 0.12:
        community = world.communities[person.community].members
        inventors = tuple(dict.fromkeys([person.id, *rng.sample(community, min(2, len(community)))]))
        cv.patents.append((inventors, fill("Method and system for {topic} in {object}", person.field, mix(h, 7)),
                           _year(rng, person.start + 6)))
    if rng.random() < 0.2:
        cv.references = [world.person_in(rng, person.field).id for _ in range(rng.randint(2, 3))]
        cv.references = [r for r in dict.fromkeys(cv.references) if r != person.id]
    cv.skills = rng.sample(shared["skill"], rng.randint(3, 8))
    languages = rng.sample(shared["language"], rng.randint(1, 3))
    cv.languages = [f"{lang} ({rng.choice(shared['level'])})" for lang in languages]
