"""The sections of a synthetic CV, in an order that suits the owner: experience, education,
publications, and the sections whose names are not facts (talks, grants, students, references ...).
"""
from __future__ import annotations

from kg.synth.careers import fill, paper_title
from kg.synth.cite import citation
from kg.synth.compose import Composer
from kg.synth.data import fields
from kg.synth.names import short
from kg.synth.rand import mix

__all__ = ["add_sections"]

_ACADEMIC_JOBS = ("faculty", "postdoc", "student")


def add_sections(c: Composer) -> None:
    """Append every section of ``c``'s CV to ``c.lines``."""
    academic = c.person.track == "academic"
    if c.layout.summary:
        c.heading("summary")
        c.add("text", fill("Working on {topic} and {method}, with applications to {object}.", c.person.field,
                           mix(c.world.seed, 53, c.person.id)))
    order = [_education, _experience] if c.layout.education_first else [_experience, _education]
    if academic:
        order += [_publications, _talks, _grants, _awards, _students, _service, _skills, _languages, _references]
    else:
        order += [_skills, _publications, _patents, _awards, _languages, _references]
    for section in order:
        section(c)


def _experience(c: Composer) -> None:
    jobs = c.cv.jobs
    if not jobs:
        return
    academic = [j for j in jobs if j.kind in _ACADEMIC_JOBS]
    other = [j for j in jobs if j.kind not in _ACADEMIC_JOBS]
    if academic and other and c.person.track == "academic":
        c.heading("academic")
        c.jobs(academic)
        c.heading("experience")
        c.jobs(other)
    else:
        c.heading("academic" if c.person.track == "academic" and not other else "experience")
        c.jobs(jobs)


def _education(c: Composer) -> None:
    c.heading("education")
    c.degrees()


def _publications(c: Composer) -> None:
    papers = c.cv.papers
    if not papers:
        return
    spec, layout, world = fields()[c.person.field], c.layout, c.world
    items = []
    for paper in papers:
        authors = [world.people[a] for a in paper.authors]
        kind, runs, forms = citation(layout.cite, paper, authors, c.person, paper_title(world, paper), world.seed,
                                     spec["journal"], spec["conference"], bold_owner=layout.bold_owner,
                                     compact=layout.compact, etal=layout.etal, star=layout.star)
        c.record.coauthors(forms)
        items.append((kind, runs))
    if layout.split_pubs:
        groups = [(key, [runs for kind, runs in items if kind == key]) for key in ("journal", "conference", "preprint")]
    else:
        groups = [("publications", [runs for _, runs in items])]
    number = 0
    for key, group in groups:
        if not group:
            continue
        c.heading(key)
        for runs in group:
            number += 1
            _item(c, runs, number)


def _item(c: Composer, runs: list, number: int) -> None:
    numbering = c.layout.numbering
    if numbering == "brackets":
        prefix = f"[{number}] "
    elif numbering == "dots":
        prefix = f"{number}. "
    elif numbering == "bullets":
        prefix = f"{c.layout.bullet} "
    else:
        prefix = ""
    c.add("item", [(prefix, "")] + runs if prefix else runs)


def _talks(c: Composer) -> None:
    if not c.cv.talks:
        return
    c.heading("talks")
    for kind, title, host, year in sorted(c.cv.talks, key=lambda t: -t[3]):
        host_name = c.record.org(host, c.world.orgs.all[host].name)
        if c.rng.random() < 0.5:
            c.add("item", f'{kind}: "{title}", {host_name}, {year}')
        else:
            c.dated("item", [(f'"{title}." {kind}, {host_name}', "")], str(year), inline=", {}")


def _awards(c: Composer) -> None:
    if not c.cv.awards:
        return
    c.heading("awards")
    for award, year in sorted(c.cv.awards, key=lambda a: -a[1]):
        c.dated("item", [(award, "")], str(year), inline=", {}")


def _grants(c: Composer) -> None:
    if not c.cv.grants:
        return
    c.heading("grants")
    for title, funder, copi, year in c.cv.grants:
        funder_name = c.record.org(funder, c.world.orgs.all[funder].name)
        c.dated("item", [(f'"{title}", {funder_name}. Co-PI: {c.name(copi)}', "")], f"{year}{c.layout.dash}{year + 3}",
                inline=", {}")


def _service(c: Composer) -> None:
    if not c.cv.service:
        return
    c.heading("service")
    for line in c.cv.service:
        c.add("item", f"{c.layout.bullet} {line}" if c.layout.fmt == "txt" else line)


def _students(c: Composer) -> None:
    if not c.cv.students:
        return
    c.heading("students")
    for pid in c.cv.students:
        student = c.world.people[pid]
        year = student.start + 9
        status = f"Ph.D. {year}" if year <= 2025 else "Ph.D. candidate"
        c.add("item", f"{c.name(pid)}, {status}")


def _references(c: Composer) -> None:
    if not c.cv.references:
        return
    c.heading("references")
    for pid in c.cv.references:
        person = c.world.people[pid]
        org = c.record.org(person.home, c.world.orgs.all[person.home].name)
        c.add("item", f"{c.rng.choice(('Prof. ', 'Dr. '))}{c.name(pid)}, {org}")


def _patents(c: Composer) -> None:
    if not c.cv.patents:
        return
    c.heading("patents")
    for inventors, title, year in c.cv.patents:
        names = []
        for pid in inventors:
            p = c.world.people[pid]
            names.append(short(p.given, p.surname) if pid == c.person.id else c.name(pid, "short"))
        number = f"US {10 + mix(pid, year) % 2:d},{mix(year, pid) % 1000:03d},{mix(pid) % 1000:03d} B2"
        c.add("item", f"{', '.join(names)}. {title}. {number}, {year}.")


def _skills(c: Composer) -> None:
    c.heading("skills")
    c.add("text", ", ".join(c.cv.skills))


def _languages(c: Composer) -> None:
    if c.rng.random() < 0.5:
        c.heading("languages")
        c.add("text", ", ".join(c.cv.languages))
