"""Compose one CV: a world person's career, laid out as ``Line``s, with the names it writes recorded.

``compose(world, person, fmt, rng)`` returns the lines, the owner's name as the header
gives it (the gold subject), the ``Record`` the gold facts come from, and the layout.
Sections other than experience and education live in ``kg.synth.sections``.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from kg.folding import fold
from kg.synth.careers import Career, Degree, Job, career
from kg.synth.data import fields
from kg.synth.gold import Record
from kg.synth.layout import Layout, Line
from kg.synth.names import full, short
from kg.synth.orgs import Org
from kg.synth.world import REF_YEAR, Person, World

__all__ = ["Composed", "Composer", "compose"]

_DEGREES = ({"bachelor": "B.Sc.", "master": "M.Sc.", "doctorate": "Ph.D.", "md": "M.D."},
            {"bachelor": "BSc", "master": "MSc", "doctorate": "PhD", "md": "MD"},
            {"bachelor": "B.S.", "master": "M.S.", "doctorate": "Ph.D.", "md": "M.D."},
            {"bachelor": "Bachelor of Science", "master": "Master of Science", "doctorate": "Doctor of Philosophy",
             "md": "Doctor of Medicine"},
            {"bachelor": "B.A.", "master": "M.A.", "doctorate": "Ph.D.", "md": "M.D."})
_ADVISOR_LABEL = {"advisor": ("Advisor: ", "Advisors: "), "supervisor": ("Supervisor: ", "Supervisors: "),
                  "thesis": ("Thesis advisor: ", "Thesis advisors: "), "by": ("Supervised by ", "Supervised by "),
                  "inline": ("advisor: ", "advisors: ")}


@dataclass
class Composed:
    lines: list[Line]
    subject: str
    record: Record
    layout: Layout
    career: Career


def compose(world: World, person: Person, fmt: str, rng: random.Random) -> Composed:
    """Lay out ``person``'s CV for format ``fmt`` (txt, md, pdf, docx)."""
    from kg.synth.sections import add_sections

    cv = career(world, person, rng)
    layout = Layout.draw(rng, fmt, person.track == "academic")
    composer = Composer(world, cv, layout, rng)
    subject = composer.header()
    add_sections(composer)
    return Composed(composer.lines, subject, composer.record, layout, cv)


class Composer:
    """Turns a ``Career`` into lines, one section at a time, recording every name written."""

    def __init__(self, world: World, cv: Career, layout: Layout, rng: random.Random):
        self.world, self.cv, self.layout, self.rng = world, cv, layout, rng
        self.person = cv.person
        self.lines: list[Line] = []
        self.record = Record()
        self.degree_names = _DEGREES[4 if cv.person.field in ("history", "econ", "psychology") and rng.random() < 0.6
                                     else rng.randrange(4)]
        self._introduced: set[int] = set()

    # -- small pieces ------------------------------------------------------------------------

    def add(self, kind: str, runs, right: str = "", level: int = 0) -> None:
        if isinstance(runs, str):
            runs = [(runs, "")]
        self.lines.append(Line(kind, runs, right, level))

    def heading(self, key: str) -> None:
        self.add("heading", self.rng.choice(fields()["*"][f"h_{key}"]))
        self.lines[-1].key = key

    def org(self, org_id: int, role: str = "") -> str:
        """How this CV writes an organization (recorded); ``role`` "job"/"edu" marks it a fact."""
        org: Org = self.world.orgs.all[org_id]
        layout, name = self.layout, org.name
        if org.kind == "company" and org.suffix and layout.suffix:
            name = f"{name}, {org.suffix}" if org.suffix.endswith(".") else f"{name} {org.suffix}"
        if org.acronym and layout.acronym == "short" and role == "edu":
            text = self.record.org(org_id, org.acronym)
        elif org.acronym and layout.acronym == "paren" and org_id not in self._introduced:
            self._introduced.add(org_id)
            text = f"{self.record.org(org_id, name)} ({self.record.org(org_id, org.acronym)})"
        else:
            text = self.record.org(org_id, name)
        if role == "job":
            self.record.worked(org_id)
        elif role == "edu":
            self.record.studied(org_id)
        return text

    def placed(self, org_id: int, role: str = "") -> str:
        text = self.org(org_id, role)
        return f"{text}, {self.world.orgs.all[org_id].place.written}" if self.layout.place else text

    def name(self, pid: int, style: str = "full") -> str:
        """A person other than the owner, as this CV writes them (recorded)."""
        p = self.world.people[pid]
        form = short(p.given, p.surname) if style == "short" else full(p.given, p.surname)
        return self.record.person(pid, form)

    def dated(self, kind: str, runs: list, span: str, level: int = 0, inline: str = " ({})") -> None:
        """A line with dates: at the right margin when the layout says so, else inline."""
        if self.layout.right:
            self.add(kind, runs, span, level)
        else:
            self.add(kind, runs + [(inline.format(span), "")], "", level)

    # -- header ------------------------------------------------------------------------------

    def header(self) -> str:
        p, layout, rng = self.person, self.layout, self.rng
        subject = full(p.given, p.surname, "initial" if layout.middle else "none")
        shown = subject
        done = any(d.level == "doctorate" and d.end <= REF_YEAR for d in self.cv.degrees)
        if layout.name == "caps":
            shown = subject.upper()
        elif layout.name == "degree" and done:
            shown = f"{subject}, {'Ph.D.' if rng.random() < 0.5 else 'PhD'}"
        elif layout.name == "dr" and done:
            shown = f"Dr. {subject}"
        self.add("name", [(shown, "b")])
        current = next((j for j in self.cv.jobs if j.end is None and j.kind != "intern"), None)
        if current:
            self.add("subtitle", f"{current.title}, {self.org(current.org)}")
        handle = f"{fold(p.given[0])}.{fold(p.surname).replace(' ', '')}".replace("'", "")
        domain = rng.choice(("example.com", "example.org", "mail.example.edu"))
        contact = [f"{handle}@{domain}", f"+1 (555) 01{rng.randrange(10)}-{rng.randrange(10000):04d}"]
        if rng.random() < 0.4:
            contact.append(f"https://{handle.replace('.', '')}.example.net")
        self.add("contact", rng.choice((" | ", " · ", " • ", "  ")).join(contact))
        return subject

    # -- experience --------------------------------------------------------------------------

    def jobs(self, jobs: list[Job]) -> None:
        i = 0
        while i < len(jobs):
            group = [jobs[i]]
            while (self.layout.job == "grouped" and i + len(group) < len(jobs)
                   and jobs[i + len(group)].org == jobs[i].org):
                group.append(jobs[i + len(group)])
            if len(group) > 1 or self.layout.job == "grouped":
                self._job_group(group)
            else:
                self._job(jobs[i])
            i += len(group)

    def _title(self, job: Job) -> str:
        org = self.world.orgs.all[job.org]
        if self.layout.dept and job.kind in ("faculty", "postdoc", "student") and org.kind == "university":
            return f"{job.title}, {self.rng.choice(fields()[self.person.field]['dept'])}"
        return job.title

    def _job(self, job: Job) -> None:
        layout, span = self.layout, self.layout.span(job.start, job.end)
        style, title = layout.job, self._title(job)
        if style == "dash":
            self.add("entry", [(self.placed(job.org, "job"), "b"), (f" — {title} ({span})", "")])
        elif style == "comma":
            self.dated("entry", [(f"{title}, ", ""), (self.placed(job.org, "job"), "")], span)
        elif style == "at":
            self.add("entry", [(f"{title} at ", ""), (self.org(job.org, "job"), "b")])
            self.add("detail", span, level=1)
        elif style == "dates_first":
            self.add("entry", [(f"{span}  ", ""), (f"{title}, ", ""), (self.placed(job.org, "job"), "")])
        elif style == "pipe":
            self.add("entry", [(f"{title} | {self.placed(job.org, 'job')} | {span}", "")])
        else:  # two_line: organization (and city at the right), then the title with the dates
            org = self.world.orgs.all[job.org]
            if layout.right:
                self.add("entry", [(self.org(job.org, "job"), "b")], org.place.written)
            else:
                self.add("entry", [(self.placed(job.org, "job"), "b")])
            self.dated("detail", [(title, "i")], span, level=1, inline=", {}")
        self._job_details(job)

    def _job_group(self, group: list[Job]) -> None:
        self.add("entry", [(self.placed(group[0].org, "job"), "b")])
        for job in group:
            self.dated("detail", [(self._title(job), "i")], self.layout.span(job.start, job.end), level=1)
            self._job_details(job, level=2)

    def _job_details(self, job: Job, level: int = 1) -> None:
        if job.mentor >= 0 and self.rng.random() < 0.7:
            self.add("detail", f"Mentor: {self.rng.choice(('Dr. ', ''))}{self.name(job.mentor)}", level=level)
        for text, partner in job.bullets:
            if partner >= 0:
                self.record.org(partner, self.world.orgs.all[partner].name)
            self.add("bullet", text, level=level)

    # -- education ---------------------------------------------------------------------------

    def degrees(self) -> None:
        for degree in self.cv.degrees:
            self._degree(degree)

    def _degree(self, d: Degree) -> None:
        layout = self.layout
        label = self.degree_names[d.level]
        subject = "" if d.level == "md" else d.subject
        what = f"{label} in {subject}" if subject and layout.edu in ("degree_first", "two_line") else \
            f"{label}, {subject}" if subject else label
        ongoing = d.end > REF_YEAR
        span = f"{d.start}{layout.dash}{layout.present if ongoing else d.end}"
        inline = self._advisors_inline(d)
        if layout.edu == "degree_first":
            end = f"expected {d.end}" if ongoing else str(d.end)
            self.dated("entry", [(f"{what}, ", ""), (self.placed(d.org, "edu"), ""), (inline, "")], end, inline=", {}")
        elif layout.edu == "school_first":
            self.dated("entry", [(self.placed(d.org, "edu"), "b"), (f" — {what}{inline}", "")], span)
        elif layout.edu == "dates_first":
            self.add("entry", [(f"{span}  {what}, ", ""), (self.placed(d.org, "edu"), ""), (inline, "")])
        elif layout.edu == "two_line":
            self.dated("entry", [(self.placed(d.org, "edu"), "b")], span)
            self.add("detail", [(what + inline, "i")], level=1)
        else:  # degree_line
            self.dated("entry", [(what + inline, "b")], span)
            self.add("detail", self.placed(d.org, "edu"), level=1)
        self._degree_details(d)

    def _advisor_names(self, d: Degree) -> str:
        style = "short" if self.rng.random() < 0.2 else "full"
        titled = [f"{self.rng.choice(('Prof. ', 'Dr. ', ''))}{self.name(a, style)}" for a in d.advisors]
        for a in d.advisors:
            self.record.advisor(a)
        return " and ".join(titled)

    def _advisors_inline(self, d: Degree) -> str:
        if not d.advisors or self.layout.advisor != "inline":
            return ""
        return f" ({_ADVISOR_LABEL['inline'][len(d.advisors) > 1]}{self._advisor_names(d)})"

    def _degree_details(self, d: Degree) -> None:
        if d.thesis and self.rng.random() < 0.7:
            self.add("detail", self.rng.choice((f'Thesis: "{d.thesis}"', f"Dissertation: {d.thesis}",
                                                f"Thesis: {d.thesis}")), level=1)
        if d.advisors and self.layout.advisor not in ("none", "inline"):
            label = _ADVISOR_LABEL[self.layout.advisor][len(d.advisors) > 1]
            self.add("detail", label + self._advisor_names(d), level=1)
        if d.exchange >= 0:
            self.add("detail", self.rng.choice(("Exchange semester at ", "Erasmus exchange, ", "Visiting student, "))
                     + self.org(d.exchange, "edu"), level=1)
