"""A CV's look, drawn per CV: heading, entry, date, citation and naming styles.

A ``Layout`` holds every choice; ``Layout.draw(rng, fmt)`` picks them. The composer
(``kg.synth.compose``) reads them; nothing here knows about a particular person.
"""
from __future__ import annotations

import random
import shlex
from dataclasses import dataclass, fields

from kg.synth.cite import STYLES

__all__ = ["HEADINGS", "JOB_STYLES", "EDU_STYLES", "Layout", "Line"]

HEADINGS = {"txt": ("caps", "caps_rule", "setext", "colon", "numbered", "plain"),
            "md": ("hash2", "hash1", "bold", "setext", "hash3"),
            "pdf": ("caps", "plain", "rule"), "docx": ("style", "caps", "bold")}
JOB_STYLES = ("dash", "comma", "at", "dates_first", "grouped", "pipe", "two_line")
EDU_STYLES = ("degree_first", "school_first", "dates_first", "two_line", "degree_line")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ABBR = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")


@dataclass(slots=True)
class Line:
    """One line of a composed CV, before it is written in a format.

    kind: name, subtitle, contact, heading, entry, detail, bullet, item, blank.
    runs: (text, style) pairs, style "" / "b" bold / "i" italic; right: text for the right margin.
    """

    kind: str
    runs: list
    right: str = ""
    level: int = 0
    number: int = 0
    key: str = ""  # for headings: the section (education, skills ...)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass
class Layout:
    fmt: str
    heading: str
    name: str  # plain, caps, degree (", Ph.D."), dr ("Dr. ")
    middle: bool  # the header shows the middle initial
    job: str
    edu: str
    dates: str  # years, abbr, month, numeric
    dash: str
    present: str
    right: bool  # dates at the right margin (text, PDF, DOCX)
    place: bool  # write the city after organizations
    dept: bool  # "Department of X, University" in academic positions
    acronym: str  # none, paren ("Full Name (ACR)"), short (the acronym alone in education)
    suffix: bool  # companies with their corporate suffix
    cite: str
    numbering: str  # brackets, dots, bullets, none
    split_pubs: bool  # journal / conference / preprint sections
    etal: int  # 0, or cut long author lists after this many names
    compact: bool  # initials without spaces ("L.K.")
    bold_owner: bool
    star: bool  # "*" after the owner's name (corresponding author)
    bullet: str
    advisor: str  # label style of advisor lines, or "none"
    education_first: bool
    summary: bool
    gap: bool  # a blank line between entries
    wrap: int  # wrap long text lines at this width (0: never)
    columns: int  # PDF: 2 puts education, skills and languages in a left sidebar

    @classmethod
    def draw(cls, rng: random.Random, fmt: str, academic: bool) -> "Layout":
        c = rng.choice
        return cls(
            fmt=fmt, heading=c(HEADINGS[fmt]), name=c(("plain", "plain", "plain", "caps", "degree", "dr")),
            middle=rng.random() < 0.6, job=c(JOB_STYLES), edu=c(EDU_STYLES),
            dates=c(("years", "years", "abbr", "month", "numeric")), dash=c(("–", " – ", "-", " - ", "--", " to ")),
            present=c(("present", "Present", "now", "current")), right=fmt != "md" and rng.random() < 0.5,
            place=rng.random() < 0.5, dept=academic and rng.random() < 0.35,
            acronym=c(("none", "none", "paren", "short")), suffix=rng.random() < 0.35,
            cite=c(STYLES), numbering=c(("brackets", "dots", "bullets", "none")), split_pubs=rng.random() < 0.3,
            etal=c((0, 0, 0, 3, 6)), compact=rng.random() < 0.25,
            bold_owner=fmt != "txt" and rng.random() < 0.7, star=rng.random() < 0.1,
            bullet=c(("-", "•", "*", "–", "·")) if fmt == "txt" else c(("-", "*")),
            advisor=c(("advisor", "supervisor", "thesis", "by", "inline", "none")),
            education_first=academic and rng.random() < 0.6 or rng.random() < 0.15,
            summary=rng.random() < 0.4, gap=rng.random() < 0.5,
            wrap=c((0, 0, 88, 100)) if fmt == "txt" else 0,
            columns=2 if fmt == "pdf" and rng.random() < 0.35 else 1,
        )

    def describe(self) -> str:
        """The choices as shell-quoted ``key=value`` pairs (``shlex.split`` reads them back)."""
        return " ".join(f"{name}={shlex.quote(str(getattr(self, name)))}" for name in _CHOICES)

    def date(self, ym, end=False) -> str:
        if ym is None:
            return self.present
        year, month = ym
        if self.dates == "abbr":
            return f"{_ABBR[month - 1]} {year}"
        if self.dates == "month":
            return f"{_MONTHS[month - 1]} {year}"
        if self.dates == "numeric":
            return f"{month:02d}/{year}"
        return str(year)

    def span(self, start, end) -> str:
        first, last = self.date(start), self.date(end, True)
        return first if first == last else f"{first}{self.dash}{last}"


_CHOICES = tuple(f.name for f in fields(Layout) if f.name != "fmt")
