"""Publications: author lists, titles, venues and years from publication-like sections.

A section is cut into entries (``pub_layout``), each entry's author list is read with
``split_citation`` — at the head of the entry, on the line under a title (title-first
layouts), or after "With" (economics CVs: "“Title.” With X and Y.") — and the owner is
placed in it by name or, failing that, by bold type. Patents give inventors; talks and
posters count only when written as citations (a "with X" note on a talk is a co-presenter).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Optional

from kg.extract.authors import Citation, split_citation, strip_label, strip_marks
from kg.extract.names import PersonName, compatible, display, fold, looks_like_person, parse_name
from kg.extract.pub_layout import Entry, byline, group_entries, joined, names_only, subheading_kind
from kg.extract.sections import Section, body
from kg.memo import text_cache
from kg.model import Document, Line, Provenance, Publication

NAME = "publications"
VERSION = "0.1"
EMITS = ("Publication", "Patent", "Authorship", "authorOf", "inventorOf", "coauthoredWith",
         "coinventorWith", "publication", "author", "rank", "asWritten", "title", "venue", "year",
         "publicationKind")

_YEAR = re.compile(r"(?<![\d/.:-])((?:19|20)\d\d)(?![\d/])")
_QUOTED = re.compile(r"[“\"]\s*([^”\"]{4,}?)\s*[”\"]")
# "With X" after a sentence, "(with X", ", with X", "joint with X" -- not "Living with Floods"
_WITH = re.compile(r"(?:^|(?<=[.”\"’)]\s)|(?<=\()|(?<=,\s)|(?<=[Jj]oint\s)|(?<=authored\s))"
                   r"[Ww]ith\s+(?=[^\W\d_])")
_LEAD_YEAR = re.compile(r"^(?:\([^()]{0,30}?(?:19|20)\d\d[^()]{0,30}\)|(?:19|20)\d\d[a-z]?)\s*[.,:]?\s*")
_SENTENCE = re.compile(r"(?<=[^\s.]{3}[.?!])\s+(?=[“\"A-Z0-9])")
_NO_WITH_KINDS = {"talk", "poster"}
_BASE_KIND = {"publications": "article", "patents": "patent", "presentations": "talk"}
_KIND_FAMILY = {"talk": ("talk", "poster"), "patent": ("patent",)}
_SUBKIND = {"poster": "poster", "patent": "patent"}
_SEGMENT = re.compile(r"(?<=[^\s.]{2}[.:])\s+|\s+[–—|-]\s+|[”\"],?\s+")  # where a byline may follow a title
_RAW_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# Places an author list is looked for in one entry (after a title, after "with", on a later
# line): a real entry has a handful; a hostile one (a runaway line) must not cost n² time.
MAX_TRIES = 12
_STRONG_REST = re.compile(r"^(?:\(|[“\"‘]|(?:19|20)\d\d|[A-Z])")
_IN_PREFIX = re.compile(r"^(?:[Ii]n:?\s+)")
_VENUE_END = re.compile(r",\s*(?:\d|vol\b|pp\b)|\s+https?://|\s+doi:")
_WITH_NOTE = re.compile(r"^[Ww]ith\b.*?(?:\.\s|$)")


def extract_publications(doc: Document, section: Section, owner: Optional[str],
                         entries: Optional[list[Entry]] = None) -> list[Publication]:
    """Every entry of a publications, patents or presentations section as a ``Publication``.

    ``entries`` are the section's ``section_entries`` when the caller has them already
    (extraction reads a section twice, before and after it knows the owner).

    >>> doc = Document.from_text("PUBLICATIONS\\nRoe, J., & Poe, E. (2020). A title. Venue.")
    >>> pub = extract_publications(doc, Section("publications", "PUBLICATIONS", 1, 1, 2), "Jane Roe")[0]
    >>> pub.authors, pub.owner_index, pub.year
    (('J. Roe', 'E. Poe'), 0, '2020')
    """
    owner_name = parse_name(owner) if owner else None
    pubs = []
    for entry in entries if entries is not None else section_entries(doc, section):
        pub = _publication(doc, entry, owner, owner_name)
        if pub is not None:
            pubs.append(pub)
    return pubs


def section_entries(doc: Document, section: Section) -> list[Entry]:
    """The entries of a publication-like section (they do not depend on the owner)."""
    return group_entries(body(doc, section), section_kind(section))


def section_kind(section: Section) -> str:
    """The publication kind a section's heading gives (``Book Chapters`` -> chapter)."""
    base = _BASE_KIND.get(section.kind, "article")
    named = subheading_kind(section.heading, heading=1) if section.heading else None
    if named and (base == "article" or named in _KIND_FAMILY.get(base, ())):
        return named
    return _SUBKIND.get(section.subkind, base)


@dataclass
class _Found:
    """What an entry says about its authors, and how sure the reading is."""

    authors: list[str]
    rest: str
    title: Optional[str]
    venue: Optional[str]
    confidence: float
    with_style: bool = False


def _publication(doc: Document, entry: Entry, owner: Optional[str],
                 owner_name: Optional[PersonName]) -> Optional[Publication]:
    """One entry as a Publication, or None when it is not a work (a note, a link)."""
    text = joined(entry.lines)
    found = _find_authors(entry, text, owner_name)
    if not found.authors and not _is_work(text):
        return None
    names = [display(n) if (n := parse_name(a)) else a for a in found.authors]
    index = _owner_index([parse_name(a) for a in found.authors], owner_name, entry.lines)
    if owner and (found.with_style or not found.authors):  # the owner is implied
        names, index = [owner] + [n for n in names if not compatible(n, owner_name)], 0
    provenance = Provenance(doc.source, doc.checksum, entry.lines[0].number, entry.lines[-1].number,
                            NAME, VERSION, round(found.confidence, 2))
    year = _year(found.rest or text) or entry.year
    kind = _kind(text, entry.kind)
    return Publication(tuple(names), provenance, found.title, found.venue, year, kind, index)


def _find_authors(entry: Entry, text: str, owner_name: Optional[PersonName]) -> _Found:
    """The entry's author list: at its head, under its title, or after "With"; else none."""
    first = next((k for k, line in enumerate(entry.lines) if strip_label(line.text.strip())), 0)
    lead = entry.inherited or byline(entry.lines, first)  # a label alone on its line: look below
    if lead.authors:
        return _Found(list(lead.authors), lead.rest, *_title_venue(lead.rest), _confidence(lead))
    inner = _inner_authors(entry, owner_name)
    if inner is not None:
        k, cite = inner
        title = strip_marks(joined(entry.lines[:1])).strip(" .,") or None
        venue = strip_marks(joined(entry.lines[1:k])).strip(" .,") or _first_sentence(cite.rest)
        return _Found(list(cite.authors), cite.rest, title, venue, 0.75)
    with_names = _with_authors(text) if entry.kind not in _NO_WITH_KINDS else None
    if with_names is not None:
        names, rest, at = with_names
        title = _title_venue(re.sub(r"[\s,(]*(?:joint|co-?authored)?[\s,(]*$", "", text[:at]))[0]
        return _Found(names, rest, title, _first_sentence(re.sub(r"^[)\s,.;:]+", "", rest)), 0.7, True)
    inline = _inline_authors(text, owner_name, entry.lines)
    if inline is not None:
        at, cite = inline
        return _Found(list(cite.authors), cite.rest, strip_marks(text[:at]).strip(" .,;:–—-|“”\"") or None,
                      _first_sentence(cite.rest), 0.6)
    return _Found([], "", *_title_venue(text), 0.4)


def _inline_authors(text: str, owner_name: Optional[PersonName],
                    lines: list[Line]) -> Optional[tuple[int, Citation]]:
    """``Title — J. Roe, A. Poe, Venue 2020``: an author list after the title on one line,
    taken only when it holds the owner (or the bold name, or several initialled names)."""
    for match in islice(_SEGMENT.finditer(text), MAX_TRIES):
        cite = split_citation(text[match.end():], single_ok=owner_name is not None)  # the owner vouches
        if not cite.authors:
            continue
        names = [parse_name(a) for a in cite.authors]
        if owner_name is not None:
            if any(n is not None and compatible(n, owner_name) for n in names):
                return match.end(), cite
        elif _bold_indices(names, lines) or sum("." in a for a in cite.authors) >= 2:
            return match.end(), cite
    return None


def _confidence(cite: Citation) -> float:
    """How sure a head-of-entry author list is: ends at a year or title, has several names."""
    rest = cite.rest
    strong = bool(_STRONG_REST.match(rest)) or not rest
    score = 0.9 if strong else 0.8
    return score if len(cite.authors) > 1 or cite.et_al else score - 0.1


def _inner_authors(entry: Entry, owner_name: Optional[PersonName]) -> Optional[tuple[int, Citation]]:
    """Title-first entries: the first later line that opens a plausible author list."""
    for k in range(1, min(len(entry.lines), MAX_TRIES)):
        cite = byline(entry.lines, k)
        if not cite.authors:
            continue
        names = [parse_name(a) for a in cite.authors]
        ends_well = names_only(cite) or re.match(r"^\(?\s*(?:19|20)\d\d|^[“\"]", cite.rest)
        listed = len(names) > 1 and ends_well
        if listed or any(compatible(n, owner_name) for n in names if owner_name) \
                or _bold_indices(names, entry.lines[k:k + 1]):
            return k, cite
    return None


def _with_authors(text: str) -> Optional[tuple[list[str], str, int]]:
    """Names after a "With"/"(with" outside the quoted title: ``“T.” With A. B and C. D.``."""
    quoted = [m.span() for m in islice(_QUOTED.finditer(text), MAX_TRIES)]
    for match in islice(_WITH.finditer(text), MAX_TRIES):
        if any(a < match.start() < b for a, b in quoted):
            continue
        cite = split_citation(text[match.end():], single_ok=True)
        if cite.authors:
            return list(cite.authors), cite.rest, match.start()
    return None


def _is_work(text: str) -> bool:
    """An entry with no author list is still a work when it has a quoted title or a year
    and a few words (a single-author item of the owner)."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    return len(words) >= 3 and bool(_QUOTED.search(text) or _YEAR.search(text))


@text_cache(maxsize=4096, longest=2000)
def _title_venue(rest: str) -> tuple[Optional[str], Optional[str]]:
    """Title and venue from the citation text after the authors (kept: both readings of
    a section ask it of every entry)."""
    rest = strip_marks(rest)
    quoted = _QUOTED.search(rest)
    if quoted:
        title = quoted.group(1).strip(" ,.")
        after = rest[quoted.end():].strip(" ,.;:")
        after = _WITH_NOTE.sub("", after).strip()
        return title or None, _first_sentence(after)
    body_text = _LEAD_YEAR.sub("", rest.lstrip(" .,;:"), count=1)
    parts = _SENTENCE.split(body_text, maxsplit=2)
    title = parts[0].strip(" .,") if parts and parts[0].strip(" .,") else None
    venue = _first_sentence(parts[1]) if len(parts) > 1 else None
    return title, venue


def _first_sentence(text: str) -> Optional[str]:
    """The first sentence of ``text`` up to volume/page numbers or a link (a venue)."""
    text = _IN_PREFIX.sub("", text.strip())
    piece = _SENTENCE.split(text, maxsplit=1)[0] if text else ""
    piece = _VENUE_END.split(piece, maxsplit=1)[0].strip(" .,;")
    return piece or None


def _year(text: str) -> Optional[str]:
    """The first plausible year (1900-2099) in ``text``."""
    match = _YEAR.search(text)
    return match.group(1) if match else None


@text_cache(maxsize=4096, longest=2000)
def _kind(text: str, base: str) -> str:
    """The entry's kind: the section/sub-heading kind, refined by words in the entry
    (kept: both readings of a section ask it of every entry)."""
    for pattern, kind, bases in _cues():
        if base in bases and pattern.search(text):
            return kind
    return base


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[re.Pattern, str, tuple[str, ...]], ...]:
    """The entry-word rules of ``kg/data/publication_cues.tsv``, compiled."""
    from kg.extract.pub_layout import table_rows
    return [(re.compile(p, re.IGNORECASE), kind, tuple(bases.split(",")))
            for p, kind, bases in table_rows("publication_cues.tsv")]


def _bold_indices(names: list[Optional[PersonName]], lines: list[Line]) -> list[int]:
    """Indices of the names the lines print in bold (surname and first initial in bold runs)."""
    runs = [t for line in lines for t in line.bold_text()]
    runs += [a or b for line in lines for a, b in _RAW_BOLD.findall(line.text)]  # unread Markdown
    tokens = fold(" ".join(runs)).split()
    found = []
    for i, name in enumerate(names):
        if name is None:
            continue
        sur = fold(name.surname).split()
        first = fold(name.given[0])[:1] if name.given else ""
        for j in range(len(tokens) - len(sur) + 1):
            if tokens[j:j + len(sur)] != sur:
                continue
            near = tokens[max(j - 3, 0):j] + tokens[j + len(sur):j + len(sur) + 3]
            if not first or any(t.startswith(first) for t in near):
                found.append(i)
                break
    return found


def _owner_index(names: list[Optional[PersonName]], owner_name: Optional[PersonName],
                 lines: list[Line]) -> Optional[int]:
    """Where the owner sits in the list: a compatible name (bold preferred), else the bold one."""
    bold = _bold_indices(names, lines)
    if owner_name is not None:
        matches = [i for i, n in enumerate(names) if n is not None and compatible(n, owner_name)]
        preferred = [i for i in matches if i in bold]
        if matches:
            return (preferred or matches)[0]
    return bold[0] if len(bold) == 1 or (bold and owner_name is None) else None


def coauthors(pub: Publication, owner: Optional[str] = None) -> list[str]:
    """The owner's co-authors on ``pub`` as the gold guidelines count them: everyone on the
    author list but the owner (at ``owner_index`` or a name compatible with ``owner``), even
    when the owner is not on the list (a group author, an elided list); none for a patent.

    >>> pub = Publication(("J. Roe", "Sea2Sky Research Team", "E. Poe"), None, owner_index=None)
    >>> coauthors(pub, "Jane Roe")
    ['E. Poe']
    """
    if pub.kind == "patent":
        return []
    return [a for i, a in enumerate(pub.authors)
            if i != pub.owner_index and not (owner and compatible(a, owner)) and looks_like_person(a)]


def owner_from_author_lists(pubs: list[Publication], doc: Document) -> Optional[tuple[str, str]]:
    """The owner's name when the header lacks it: the bold author of the lists ("bold"), or
    the name on (nearly) every multi-author list ("author-lists"), in its most complete form.

    >>> doc = Document.from_text("J. Roe, E. Poe. T. V, 2020.\\nJane Roe, A. Lee. U. W, 2021.")
    >>> pubs = extract_publications(doc, Section("publications", "", 0, 1, 2), None)
    >>> owner_from_author_lists(pubs, doc)
    ('Jane Roe', 'author-lists')
    """
    bold_votes: list[str] = []
    lists: list[list[str]] = []
    for pub in pubs:
        lines = [doc.line(n) for n in range(pub.provenance.first_line, pub.provenance.last_line + 1)]
        names = [parse_name(a) for a in pub.authors]
        bold_votes += [pub.authors[i] for i in _bold_indices(names, lines)]
        if len(pub.authors) > 1 and _has_byline(lines):
            lists.append(list(pub.authors))
    if bold_votes:
        clusters = _clusters([[v] for v in bold_votes])
        best, count = clusters[0]
        if count * 2 >= len(bold_votes):
            return best, "bold"
    clusters = _clusters(lists)
    if not clusters:
        return None
    best, count = clusters[0]
    runner_up = clusters[1][1] if len(clusters) > 1 else 0
    if count >= 2 and count >= 0.6 * len(lists) and count > runner_up:
        return best, "author-lists"
    return None


def _has_byline(lines: list[Line]) -> bool:
    """The entry names its authors in an author list (not only in a "With X" phrase)."""
    return bool(byline(lines, 0).authors) or _inner_authors(Entry(lines, ""), None) is not None


def _clusters(lists: list[list[str]]) -> list[tuple[str, int]]:
    """Group compatible names; each cluster as (most complete form, lists it is on), biggest first."""
    forms: list[list[str]] = []
    by_surname: dict[str, list[int]] = {}  # compatible names share their last surname word
    counts: Counter = Counter()
    for names in lists:
        seen = set()
        for name in names:
            key = _last_surname_word(name)
            home = next((i for i in by_surname.get(key, ()) if compatible(forms[i][0], name)), None)
            if home is None:
                forms.append([name])
                home = len(forms) - 1
                by_surname.setdefault(key, []).append(home)
            else:
                forms[home].append(name)
            if home not in seen:
                counts[home] += 1
                seen.add(home)
    ranked = sorted(counts, key=lambda i: (-counts[i], i))
    return [(_most_complete(forms[i]), counts[i]) for i in ranked]


def _last_surname_word(name: str) -> str:
    """The folded last word of a name's surname: a bucket ``compatible`` names always share."""
    parsed = parse_name(name)
    words = fold(parsed.surname).split() if parsed else []
    return words[-1] if words else ""


def _most_complete(forms: list[str]) -> str:
    """The written form with the most full given names, then the most given names."""
    def score(form: str) -> tuple[int, int, int]:
        """Full given names, then given names, then length."""
        name = parse_name(form)
        given = name.given if name else ()
        return sum(1 for g in given if not g.endswith(".")), len(given), len(form)
    best = max(forms, key=score)
    name = parse_name(best)
    return display(name) if name else best
