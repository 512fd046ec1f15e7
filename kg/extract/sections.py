"""Find a CV's sections from its headings.

A ``Section`` is a kind (education, experience, publications ...), the heading as
written, and the line range of its body. Lines before the first heading form the
``preamble`` section (name and contact details, usually).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A run of lines under one heading.

    ``kind`` is one of: preamble, contact, summary, education, experience, publications,
    patents, presentations, awards, skills, teaching, service, grants, advising,
    references, projects, languages, interests, other. ``subkind`` refines it where the
    heading says more (``"volunteer"``, ``"internship"``, ``"editor"`` ...).
    Line numbers are 1-based and inclusive; ``heading_line`` is 0 for the preamble.
    """

    kind: str
    heading: str
    heading_line: int
    first_line: int
    last_line: int
    subkind: str = ""

    def line_numbers(self) -> range:
        return range(self.first_line, self.last_line + 1)


import re
from dataclasses import replace
from functools import lru_cache
from importlib.resources import files

from kg.model import Document, Line
from kg.memo import text_cache

_MAX_HEADING_WORDS = 7
_NUMBERING = re.compile(r"^\s*(?:[0-9]+|[ivxIVX]+|[A-Za-z])[.)]\s+")
_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LABELLED = re.compile(r"^([A-Za-z][A-Za-z &/-]{2,40}):\s+\S")
_JOINED = re.compile(r"\s*(?:,|/|&|\band\b)\s*")


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], tuple[str, str, bool]]:
    """Heading phrase (as a word tuple) -> (kind, subkind, exact), from ``kg/data/sections.tsv``."""
    table: dict[tuple[str, ...], tuple[str, str, bool]] = {}
    text = files("kg").joinpath("data/sections.tsv").read_text(encoding="utf-8")
    for row in text.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        kind, subkind, phrase, *flags = row.split("\t")
        table.setdefault(tuple(_words(phrase)), (kind, subkind, "exact" in flags))
    return table


def _words(text: str) -> list[str]:
    text = text.casefold().replace("&", " and ")
    return _WORDS.findall(text)


@text_cache()
def classify_heading(text: str) -> tuple[str, str] | None:
    """The (kind, subkind) a heading names, by the longest known phrase it contains.

    >>> classify_heading("FULL-TIME EXPERIENCE")
    ('experience', '')
    >>> classify_heading("Software Engineer") is None
    True
    >>> classify_heading("Honors & Awards")
    ('awards', '')
    """
    words = _words(_NUMBERING.sub("", text))
    if not words or len(words) > _MAX_HEADING_WORDS:
        return None
    table = _phrases()
    best: tuple[int, tuple[str, str]] | None = None
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            hit = table.get(tuple(words[start:start + size]))
            if hit and hit[2] and size != len(words):
                continue
            if hit and (best is None or size > best[0]):
                best = (size, hit[:2])
        if best:
            break
    if best is None:
        return _combined_heading(text) if len(words) > 1 else None
    # A long heading that only mentions a short phrase is probably an entry, not a section.
    if len(words) - best[0] > 3:
        return None
    return best[1]


def _combined_heading(text: str) -> tuple[str, str] | None:
    """A heading that joins several section names takes the first one's kind.

    >>> _combined_heading("Leadership, Volunteer, and Community Activities")
    ('service', '')
    """
    parts = [p for p in _JOINED.split(_NUMBERING.sub("", text)) if p.strip()]
    if len(parts) < 2:
        return None
    for part in parts:
        hit = _phrases().get(tuple(_words(part)))
        if hit:
            return hit[:2]
    return None


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _plain_heading(line: Line) -> tuple[str, str, str] | None:
    """(kind, subkind, heading text) when an unmarked line is a section heading.

    A heading is a short line that names a known section, written in capitals, in bold,
    or alone with an optional colon; or a known capitalised phrase fused to the first
    entry ("EXPERIENCE Staff Engineer, Acme") or followed by a colon ("Teaching: Lecturer, X").
    """
    text = line.text.strip()
    if not text:
        return None
    bare = text.rstrip(":").strip()
    whole_bold = bool(line.bold) and sum(b - a for a, b in line.bold) >= len(text.strip("*: ")) - 1
    hit = classify_heading(bare)
    if hit and (_is_caps(bare) or whole_bold or line.heading or _known_exactly(bare) or text.endswith(":")):
        return (*hit, bare)
    return _fused_heading(text)


@text_cache()
def _known_exactly(text: str) -> bool:
    return tuple(_words(_NUMBERING.sub("", text))) in _phrases()


@text_cache()
def _fused_heading(text: str) -> tuple[str, str, str] | None:
    """A capitalised heading run into its first entry, or a ``Heading: entry`` line."""
    colon = _LABELLED.match(text)
    if colon and _known_exactly(colon.group(1)):
        kind, subkind, _ = _phrases()[tuple(_words(colon.group(1)))]
        return kind, subkind, colon.group(1)
    tokens = text.split(" ")
    caps = 0
    while caps < len(tokens) and _is_caps(tokens[caps]) and caps < 4:
        caps += 1
    if 0 < caps < len(tokens) and not _is_caps(tokens[caps]) and tokens[caps][:1].isupper():
        head = " ".join(tokens[:caps])
        if _known_exactly(head):
            kind, subkind, _ = _phrases()[tuple(_words(head))]
            return kind, subkind, head
    return None


def find_sections(doc: Document) -> list[Section]:
    """Split a document into sections at its headings.

    Markup headings (Markdown ``#``, DOCX styles, large PDF fonts) that name no known
    section start a section of kind ``other`` only when they sit at the level the known
    section headings use; deeper ones are sub-headings inside the current section.

    >>> doc = Document.from_text("Jane Roe\\n\\nEDUCATION\\nMIT, PhD 2010")
    >>> [(s.kind, s.first_line, s.last_line) for s in find_sections(doc)]
    [('preamble', 1, 2), ('education', 3, 4)]
    """
    marks = _heading_marks(doc)
    level = _section_level(doc, marks)
    if level and sum(doc.line(n).heading == level for n in marks) >= 3:
        # The document marks its sections with heading markup: a plain bold line that only
        # mentions a section word ("Government Digital Service") is an entry, not a heading.
        marks = {n: m for n, m in marks.items()
                 if doc.line(n).heading or _is_caps(m[2]) or _known_exactly(m[2]) or doc.line(n).text.rstrip().endswith(":")}
    starts: list[tuple[int, str, str, str]] = []  # line, kind, subkind, heading
    for line in doc.lines:
        mark = marks.get(line.number)
        if mark:
            starts.append((line.number, *mark))
        elif line.heading and level and line.heading == level and _looks_like_title(line.text):
            starts.append((line.number, "other", "", line.text.strip()))
    sections: list[Section] = []
    first_body = starts[0][0] if starts else len(doc.lines) + 1
    if first_body > 1:
        sections.append(Section("preamble", "", 0, 1, first_body - 1))
    for i, (number, kind, subkind, heading) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else len(doc.lines)
        sections.append(Section(kind, heading, number, number, end, subkind))
    return [_resolve_research(doc, s) for s in sections]


def _heading_marks(doc: Document) -> dict[int, tuple[str, str, str]]:
    marks = {}
    for line in doc.lines:
        hit = _plain_heading(line)
        if hit:
            marks[line.number] = hit
    return marks


def _section_level(doc: Document, marks: dict[int, tuple[str, str, str]]) -> int:
    """The markup heading level most known section headings use (0 when none)."""
    levels = [doc.line(n).heading for n in marks if doc.line(n).heading]
    return max(set(levels), key=lambda lv: (levels.count(lv), -lv)) if levels else 0


def _looks_like_title(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and "," not in text and not re.search(r"\d", text)


def _resolve_research(doc: Document, section: Section) -> Section:
    """Decide whether an ambiguous "Research" section lists positions or publications."""
    if section.kind != "research":
        return section
    citations = 0
    for number in section.line_numbers():
        text = doc.line(number).text
        if re.search(r"[\"“”]|\bet al\b|\b(19|20)\d\d[a-z]?\)|\bWith [A-Z]|\bJournal\b|\bProceedings\b", text):
            citations += 1
    kind = "publications" if citations >= 2 else "experience"
    return replace(section, kind=kind)


def body(doc: Document, section: Section) -> list[Line]:
    """The lines of a section without its heading.

    A heading fused to its first entry ("EXPERIENCE Staff Engineer, Acme") gives that
    line back without the heading words, with its bold ranges shifted to match.
    """
    lines = [doc.line(n) for n in section.line_numbers()]
    if not section.heading_line or not lines:
        return lines
    first = lines[0]
    rest = _after_heading(first.text, section.heading)
    if rest is None:
        return lines[1:]
    cut = len(first.text) - len(rest)
    bold = tuple((max(a - cut, 0), b - cut) for a, b in first.bold if b > cut)
    return [replace(first, text=rest, bold=bold, heading=0)] + lines[1:]


def _after_heading(text: str, heading: str) -> str | None:
    stripped = text.strip()
    if not heading or not stripped.startswith(heading):
        return None
    rest = stripped[len(heading):].lstrip(" :").strip()
    return rest or None
