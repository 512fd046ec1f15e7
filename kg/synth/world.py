"""The world a synthetic corpus is drawn from: people, communities, advisors and papers.

A world is drawn once per (seed, corpus size). People belong to research communities (a
field, a few home organizations, a dozen or so members who publish with each other again
and again, plus occasional co-authors from elsewhere in the field); doctoral students are
advised by senior members; papers are world objects, so two CV owners who wrote a paper
together both list it, with the same authors. CV owners are people of this world.

>>> world = World(seed=1, n_cvs=20)
>>> len(world.owners)
20
>>> all(world.people[world.papers[i].authors[0]] for i in range(3))
True
"""
from __future__ import annotations

import bisect
import gc
import heapq
import math
import random
from dataclasses import dataclass, field
from typing import Optional

from kg.synth.data import cultures, fields
from kg.synth.names import NameDrawer, key
from kg.synth.orgs import Orgs
from kg.synth.rand import Picker

__all__ = ["REF_YEAR", "Community", "Paper", "Person", "World"]

_CONSORTIUM_FIELDS = ("physics", "biology", "medicine", "publichealth", "neuro")

#: The "current year" of every synthetic world (fixed, so output never depends on the clock).
REF_YEAR = 2025


@dataclass(slots=True, eq=False)
class Person:
    id: int
    given: tuple[str, ...]
    surname: str
    culture: str
    field: str
    community: int
    start: int  # the year the person began university
    track: str  # "academic", or "outside" (companies, hospitals, agencies)
    home: int  # id of the current employer
    rate: float  # papers per active year
    doctorate: bool = False
    advisor: int = -1
    coadvisor: int = -1
    phd_org: int = -1
    key: tuple[str, str] = ("", "")  # names.key: who this person looks like on an author list
    papers: list[int] = field(default_factory=list)
    students: list[int] = field(default_factory=list)
    forms: Optional[dict] = None  # written forms of the name, filled by kg.synth.cite when first needed


@dataclass(slots=True)
class Paper:
    id: int
    authors: tuple[int, ...]
    year: int
    field: str


@dataclass(slots=True)
class Community:
    id: int
    field: str
    orgs: tuple[int, ...]
    members: list[int]


class World:
    """People, organizations, communities and papers drawn from ``seed`` for ``n_cvs`` CV owners."""

    def __init__(self, seed: int, n_cvs: int):
        rng = random.Random(f"kg.synth/world/{seed}/{n_cvs}")
        enabled = gc.isenabled()
        gc.disable()  # hundreds of thousands of small objects and no cycles: collection only costs time
        try:
            self._draw(rng, seed, n_cvs)
        finally:
            if enabled:
                gc.enable()

    def _draw(self, rng: random.Random, seed: int, n_cvs: int) -> None:
        self.seed = seed
        self.orgs = Orgs(rng, n_cvs)
        self.people: list[Person] = []
        self.communities: list[Community] = []
        self.papers: list[Paper] = []
        self.by_field: dict[str, list[int]] = {}
        self.titles: dict[int, str] = {}  # paper titles, drawn when a CV first lists the paper
        self._pools: dict[str, tuple[list[Person], list[int]]] = {}
        self._drawers = {k: NameDrawer(c) for k, c in cultures().items()}
        self._cultures = Picker(list(cultures()), weights=[c.weight for c in cultures().values()])
        keys = [k for k in fields() if k != "*"]
        self._fields = Picker(keys, weights=[fields()[k].number("weight") for k in keys])
        target, eligible = max(60, int(n_cvs * 2.4)), 0
        while len(self.people) < target or eligible < n_cvs * 1.3:
            eligible += self._community(rng)
        for community in self.communities:
            self._advisors(rng, community)
        for community in self.communities:
            self._papers(rng, community)
        self.owners: list[int] = self._owners(rng, n_cvs)

    # -- people ------------------------------------------------------------------------------

    def _community(self, rng: random.Random) -> int:
        """Add one community; returns how many of its members could own a CV."""
        field_ = self._fields.pick(rng)
        spec = fields()[field_]
        university = self.orgs.pick(rng, field_, "university")
        orgs = [university.id]
        kinds = spec.kinds
        for _ in range(rng.randint(1, 4)):
            org = self.orgs.pick(rng, field_, rng.choices(list(kinds), weights=list(kinds.values()))[0])
            if org.id not in orgs:
                orgs.append(org.id)
        community = Community(len(self.communities), field_, tuple(orgs), [])
        self.communities.append(community)
        size = max(4, min(60, int(rng.lognormvariate(math.log(15), 0.55))))
        leaders = 1 + (size > 20) + (size > 40)
        taken: set[tuple[str, str]] = set()
        eligible = 0
        for i in range(size):
            culture = university.place.culture if rng.random() < 0.35 else self._cultures.pick(rng)
            for _ in range(6):
                given, surname = self._drawers[culture].draw(rng)
                if key(given, surname) not in taken:
                    break
            else:
                continue
            taken.add(key(given, surname))
            years = rng.randint(15, 40) if i < leaders else min(42, 3 + int(rng.expovariate(1 / 8)))
            academic = i < leaders or rng.random() >= spec.number("leave")
            person = Person(len(self.people), given, surname, culture, field_, community.id, REF_YEAR - years,
                            "academic" if academic else "outside", -1,
                            spec.number("pubs") * (1.0 if academic else 0.12) * rng.lognormvariate(0, 0.5))
            person.key = key(given, surname)
            person.doctorate = years >= 5 and (academic or rng.random() < 0.25)
            person.home = self._home(rng, person, community).id
            self.people.append(person)
            community.members.append(person.id)
            self.by_field.setdefault(field_, []).append(person.id)
            eligible += years >= 5
        return eligible

    def _home(self, rng: random.Random, person: Person, community: Community):
        orgs = [self.orgs.all[i] for i in community.orgs]
        if person.track == "academic":
            mine = [o for o in orgs if o.kind in ("university", "lab")]
            return rng.choice(mine) if rng.random() < 0.75 else self.orgs.pick(rng, person.field, "university")
        mine = [o for o in orgs if o.kind != "university"]
        if mine and rng.random() < 0.5:
            return rng.choice(mine)
        kinds = {k: w for k, w in fields()[person.field].kinds.items() if k != "university"} or {"company": 1.0}
        return self.orgs.pick(rng, person.field, rng.choices(list(kinds), weights=list(kinds.values()))[0])

    def _advisors(self, rng: random.Random, community: Community) -> None:
        members = [self.people[i] for i in community.members]
        for person in members:
            if not person.doctorate:
                continue
            seniors = [q for q in members if q.track == "academic" and q.start <= person.start - 8]
            if seniors:
                advisor = rng.choice(seniors)
                person.advisor = advisor.id
                advisor.students.append(person.id)
                others = [q for q in seniors if q.id != advisor.id]
                if others and rng.random() < 0.15:
                    person.coadvisor = rng.choice(others).id
                home = self.orgs.all[advisor.home]
                person.phd_org = home.id if home.kind == "university" else community.orgs[0]
            else:
                person.phd_org = self.orgs.pick(rng, person.field, "university").id
            if person.track == "academic" and REF_YEAR - person.start < 10:
                person.home = person.phd_org  # still a doctoral student there

    # -- papers ------------------------------------------------------------------------------

    def _papers(self, rng: random.Random, community: Community) -> None:
        members = sorted((self.people[i] for i in community.members), key=lambda p: p.start)
        starts = [p.start for p in members]
        inverse = [1.0 / p.rate for p in members]
        mean = fields()[community.field].number("authors")
        authorships = sum(p.rate * max(0, REF_YEAR - p.start - 4) for p in members)
        first = min(REF_YEAR, starts[0] + 4)
        rand = rng.random
        for _ in range(int(authorships / mean + rand())):
            year = rng.randint(first, REF_YEAR)
            m = bisect.bisect_right(starts, year - 4)  # members who had begun research by then
            k = self._team_size(rng, mean, community.field)
            if k >= m:
                authors = members[:m]
            else:  # weighted sampling without replacement (keys u ** (1 / weight))
                keys = [rand() ** inverse[i] for i in range(m)]
                authors = [members[i] for i in heapq.nlargest(k, range(m), key=keys.__getitem__)]
            outside = max(0, k - len(authors)) + (rand() < 0.15)
            if outside:
                authors = authors + self._externals(rng, community.field, year, outside)
            if len(authors) >= 3 and rand() < 0.6:
                senior = min(authors, key=lambda p: p.start)
                authors.remove(senior)
                rng.shuffle(authors)
                authors.append(senior)
            else:
                rng.shuffle(authors)
            self._add_paper(authors, year, community.field)
        for person in members:
            if person.advisor >= 0:
                self._thesis_papers(rng, person, members)

    @staticmethod
    def _team_size(rng: random.Random, mean: float, field_: str) -> int:
        """Authors on a paper: gamma-distributed around the field's mean, now and then a consortium."""
        if field_ in _CONSORTIUM_FIELDS and rng.random() < 0.02:
            return rng.randint(15, 40)
        return 1 + round(rng.gammavariate(2.0, (mean - 1) / 2)) if mean > 1 else 1

    def _externals(self, rng: random.Random, field_: str, year: int, count: int) -> list[Person]:
        """``count`` people of the field from anywhere, who had begun research by ``year``."""
        pool, starts = self._field_pool(field_)
        m = bisect.bisect_right(starts, year - 4)
        return [pool[int(rng.random() * m)] for _ in range(count)] if m else []

    def _field_pool(self, field_: str) -> tuple[list[Person], list[int]]:
        if field_ not in self._pools:
            pool = sorted((self.people[i] for i in self.by_field[field_]), key=lambda p: (p.start, p.id))
            self._pools[field_] = pool, [p.start for p in pool]
        return self._pools[field_]

    def _thesis_papers(self, rng: random.Random, person: Person, members: list[Person]) -> None:
        """Papers a doctoral student writes with the advisor (and maybe a lab mate)."""
        first, last = person.start + 5, min(person.start + 10, REF_YEAR)
        if first > last:
            return
        advisors = [self.people[person.advisor]]
        if person.coadvisor >= 0:
            advisors.append(self.people[person.coadvisor])
        busy = {person.id, *(a.id for a in advisors)}
        for _ in range(rng.randint(1, 3) if person.track == "academic" else rng.randint(0, 2)):
            year = rng.randint(first, last)
            mates = [m for m in members if m.id not in busy and m.start + 4 <= year]
            middle = [rng.choice(mates)] if mates and rng.random() < 0.4 else []
            self._add_paper([person, *middle, *advisors], year, person.field)

    def _add_paper(self, authors: list[Person], year: int, field_: str) -> None:
        """Record a paper; authors who would look like one person on the list are dropped."""
        seen, kept = set(), []
        for person in authors:
            if person.key not in seen:
                seen.add(person.key)
                kept.append(person)
        paper = Paper(len(self.papers), tuple(p.id for p in kept), year, field_)
        self.papers.append(paper)
        for person in kept:
            person.papers.append(paper.id)

    # -- owners ------------------------------------------------------------------------------

    def _owners(self, rng: random.Random, n: int) -> list[int]:
        """CV owners: people past their first degree, with distinct (first name, surname) while possible."""
        candidates = [p.id for p in self.people if REF_YEAR - p.start >= 5]
        rng.shuffle(candidates)
        owners, used, rest = [], set(), []
        for pid in candidates:
            person = self.people[pid]
            k = key(person.given, person.surname, whole_first=True)
            (rest if k in used else owners).append(pid)
            used.add(k)
            if len(owners) == n:
                return owners
        return owners + rest[: n - len(owners)]

    def person_in(self, rng: random.Random, field_: str) -> Person:
        """Somebody of a field (for mentors, hosts, references, co-PIs)."""
        return self.people[rng.choice(self.by_field[field_])]
