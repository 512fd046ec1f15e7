"""Citations in the styles CVs use: IEEE, APA, ACM, ACS, Nature, MLA and plain "First Last" lists.

``citation(...)`` returns the runs of one reference (text with bold/italic marks) and the
name each author was written as, so the gold facts name co-authors exactly as the CV does.

>>> from kg.synth.world import Person
>>> ada = Person(0, ("Ada", "Nkechi"), "Okafor", "ng", "physics", 0, 2000, "academic", 0, 1.0)
>>> jiwoo = Person(1, ("Jiwoo",), "Park", "ko", "physics", 0, 2005, "academic", 0, 1.0)
>>> runs, forms = authors_runs("apa", [jiwoo, ada], ada, bold_owner=True)
>>> "".join(text for text, _ in runs), runs[-1], forms
('Park, J., & Okafor, A. N.', ('Okafor, A. N.', 'b'), [(1, 'Park, J.')])
"""
from __future__ import annotations

import functools

from kg.synth.names import full, inverted, short
from kg.synth.rand import mix
from kg.synth.world import REF_YEAR, Paper, Person

__all__ = ["STYLES", "Run", "authors_runs", "citation"]

STYLES = ("ieee", "apa", "full", "mla", "acm", "acs", "nature")
Run = tuple[str, str]  # (text, style): style "" plain, "b" bold, "i" italic

_PREPRINT = {"econ": "NBER Working Paper No. {n}", "biology": "bioRxiv {year}.{m:02d}.{d:02d}.{n}",
             "medicine": "medRxiv {year}.{m:02d}.{d:02d}.{n}", "publichealth": "medRxiv {year}.{m:02d}.{d:02d}.{n}",
             "psychology": "PsyArXiv preprint", "history": "Working paper"}


def _form(style: str, person: Person, first: bool, compact: bool) -> str:
    forms = person.forms
    if forms is None:
        forms = person.forms = {}
    key = (style, first and style == "mla", compact)
    form = forms.get(key)
    if form is None:
        form = forms[key] = _name_form(style, person.given, person.surname, *key[1:])
    return form


def _name_form(style: str, given: tuple[str, ...], surname: str, first: bool, compact: bool) -> str:
    if style in ("ieee", "acm"):
        return short(given, surname, compact)
    if style in ("apa", "nature", "acs"):
        return inverted(given, surname, compact or style == "acs")
    if style == "mla" and first:
        return f"{surname}, {full(given, surname)[: -len(surname) - 1]}"
    return full(given, surname)


def authors_runs(style: str, authors: list[Person], owner: Person, *, bold_owner: bool = False,
                 compact: bool = False, etal: int = 0, star: bool = False) -> tuple[list[Run], list[tuple[int, str]]]:
    """The author list of one reference, and (person id, written name) for everyone but the owner.

    ``etal`` > 0 cuts lists longer than 6 after that many names when the owner is among them.
    """
    shown = authors
    cut = bool(etal) and len(authors) > 6 and owner in authors[:etal]
    if cut:
        shown = authors[:etal]
    names = [_form(style, p, i == 0, compact) for i, p in enumerate(shown)]
    sep = "; " if style == "acs" else ", "
    last = {"apa": ", & ", "nature": " & ", "acs": "; ", "full": " and "}.get(style, ", and ")
    if len(shown) == 2 and style in ("ieee", "acm", "mla", "full"):
        last = " and "
    if cut:
        last = sep
    pieces = [(last if i == len(names) - 1 else sep) + name if i else name for i, name in enumerate(names)]
    at = next((i for i, p in enumerate(shown) if p is owner), -1)
    tail = ", et al." if cut and style in ("apa", "acs", "nature") else " et al." if cut else ""
    if at < 0:
        runs: list[Run] = [("".join(pieces) + tail, "")]
    else:
        head = "".join(pieces[:at]) + (pieces[at][: -len(names[at])] if at else "")
        rest = ("*" if star else "") + "".join(pieces[at + 1:]) + tail
        runs = [run for run in ((head, ""), (names[at], "b" if bold_owner else ""), (rest, "")) if run[0]]
    forms = [(p.id, name) for p, name in zip(shown, names) if p is not owner]
    return runs, forms


def _venue(paper: Paper, seed: int, journals, conferences) -> tuple[str, str, dict]:
    return _venue_of(seed, paper.id, paper.year, paper.field, journals, conferences)


@functools.lru_cache(maxsize=1 << 16)
def _venue_of(seed: int, paper_id: int, year: int, field: str, journals, conferences) -> tuple[str, str, dict]:
    paper = Paper(paper_id, (), year, field)
    h = mix(seed, 41, paper.id)
    numbers = {"v": (paper.year - 1960) % 70 + 1, "n": h % 12 + 1, "a": h % 900 + 1, "year": paper.year,
               "m": h % 12 + 1, "d": h % 28 + 1, "id": f"{paper.year % 100:02d}{h % 12 + 1:02d}.{h % 90000 + 10000}"}
    numbers["b"] = numbers["a"] + 6 + h % 17
    if paper.year >= REF_YEAR - 1 and h % 7 == 0:
        template = _PREPRINT.get(paper.field, "arXiv preprint arXiv:{id}")
        return "preprint", template.format(**{**numbers, "n": h % 90000 + 10000}), numbers
    if conferences and h % 100 < (55 if paper.field in ("cs", "ee") else 15):
        return "conference", conferences[h // 7 % len(conferences)], numbers
    return "journal", journals[h // 7 % len(journals)], numbers


def _end(title: str, mark: str = ".") -> str:
    """A title followed by its closing mark, unless it ends in its own (``?``, ``!``)."""
    return title if title.endswith(("?", "!")) else title + mark


def citation(style: str, paper: Paper, authors: list[Person], owner: Person, title: str, seed: int,
             journals, conferences, *, bold_owner: bool = False, compact: bool = False, etal: int = 0,
             star: bool = False) -> tuple[str, list[Run], list[tuple[int, str]]]:
    """(publication kind, runs, written co-author names) of one reference."""
    kind, venue, x = _venue(paper, seed, journals, conferences)
    runs, forms = authors_runs(style, authors, owner, bold_owner=bold_owner, compact=compact, etal=etal, star=star)
    year, journal = paper.year, kind == "journal"
    pages = f"{x['a']}–{x['b']}"
    if style == "ieee":
        tail = [(f', "{_end(title, ",")}" ', ""), (("in " if kind == "conference" else "") + venue, "i"),
                (f", vol. {x['v']}, no. {x['n']}, pp. {pages}, {year}." if journal else f", {year}.", "")]
    elif style == "apa":
        tail = [(f" ({year}). {_end(title)} ", ""), (venue, "i"),
                (f", {x['v']}({x['n']}), {pages}." if journal else ".", "")]
    elif style == "mla":
        tail = [(f'. "{_end(title)}" ', ""), (venue, "i"),
                (f", vol. {x['v']}, no. {x['n']}, {year}, pp. {pages}." if journal else f", {year}.", "")]
    elif style == "acm":
        tail = [(f". {year}. {_end(title)} ", ""), (("In " if kind == "conference" else "") + venue, "i"),
                (f" {x['v']}, {x['n']} ({year}), {pages}." if journal else f". {pages}.", "")]
    elif style == "acs":
        tail = [(f" {_end(title)} ", ""), (venue, "i"),
                (f" {year}, {x['v']}, {pages}." if journal else f" {year}.", "")]
    elif style == "nature":
        tail = [(f" {_end(title)} ", ""), (venue, "i"),
                (f" {x['v']}, {x['a']} ({year})." if journal else f" ({year}).", "")]
    else:  # "full": First Last lists
        tail = [(f" ({year}). {_end(title)} ", ""), (venue, "i"), (".", "")]
    return kind, runs + tail, forms

