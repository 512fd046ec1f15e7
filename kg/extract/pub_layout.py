"""Cut a publications section into entries, whatever the layout.

Entries start at list labels (``[1]``, ``1.``, ``(1)``, bullets, a year column
``2019   Roe, J. ...``), after blank lines, at the outer line of a hanging indent, or — one
citation a line — at a line that opens an author list after a line that ended a sentence.
Sub-headings ("Journal Articles", "Book Chapters", "Patents") switch the kind of what
follows; year lines ("2019") give the year of what follows. Title-first layouts (title,
venue, then an author line) are regrouped so each entry ends at its author line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Optional

from kg.extract.authors import Citation, split_citation, strip_label
from kg.limits import check_time
from kg.memo import text_cache
from kg.model import Line

_LABEL = re.compile(r"^\s*(?:\[[A-Za-z]{0,3}\d{1,3}[a-z]?\]|(?!\(?(?:19|20)\d\d[.)])\(?\d{1,4}\)|(?!(?:19|20)\d\d[.)])\d{1,4}[.)]"  # [J3] (3) 3.
                    r"|[•▪◦●∙·‣○■□►–—\-*+]|o)(?=\s)")  # bullets
_YEAR_RANGE = r"((?:19|20)\d\d)[a-z]?(?:\s*[-–—/]+\s*(?:(?:19|20)?\d\d|present|now))?"
_YEAR_COLUMN = re.compile(r"^\s*" + _YEAR_RANGE + r"(?:\s{2,}|\t|\s*[:|]\s+)(?=\S)", re.IGNORECASE)
_YEAR_ANY = re.compile(r"\b(?:19|20)\d\d\b")
_YEAR_FIRST = re.compile(r"^\(?((?:19|20)\d\d)[a-z]?\)?[.:]?\s+(?=\S)")
_YEAR_ONLY = re.compile(r"^\s*" + _YEAR_RANGE + r"\s*:?\s*$", re.IGNORECASE)
_ENUM = re.compile(r"^\s*(?:[A-Z]|[ivxIVX]+|\d{1,2})[.)]\s+")
_DITTO = re.compile(r"^\W*?[–—]+\s*[.,]?\s*\(\s*(?:19|20)\d\d")
_OPEN_END = re.compile(r"(?:,|&|\b[^\W\d_]{1,2}\.|-|\b(?:and|of|the|in|for|on|at|to|with|by|from|a|an))\s*$")
_CLOSED_END = re.compile(r"[.!?)\]”\"\d]\s*$|https?://\S+\s*$")
_OPENER = re.compile(r"^(?:[“\"‘]|\(?(?:19|20)\d\d[a-z]?\b)")
_WORD_CHAR = re.compile(r"\w")
_JOINER = re.compile(r"\s*(?:and|&|,)\s")


@dataclass
class Entry:
    """The lines of one entry, its kind, the year a year line above gave, and the author list
    it repeats (``– (2015)`` means "same authors as above")."""

    lines: list[Line]
    kind: str
    year: Optional[str] = None
    inherited: Optional[Citation] = None


@dataclass
class _Item:
    line: Line
    text: str
    label: bool = False
    year: Optional[str] = None
    indent: int = 0
    blank: bool = False
    _lead: Optional[bool] = field(default=None, repr=False)

    @property
    def opens_list(self) -> bool:
        """The line starts with an author list."""
        if self._lead is None:
            self._lead = bool(split_citation(self.text).authors)
        return self._lead


@lru_cache(maxsize=None)
def table_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file in ``kg/data`` (comments and blanks skipped)."""
    text = files("kg").joinpath(f"data/{name}").read_text(encoding="utf-8")
    rows = [row for row in text.splitlines() if row.strip() and not row.startswith("#")]
    return tuple(tuple(row.split("\t")) for row in rows)


def joined(lines: list[Line]) -> str:
    """The text of an entry's lines as one string, labels dropped, hyphenated breaks mended."""
    out = ""
    for i, line in enumerate(lines):
        text = _strip_label(line.text)[0] if i == 0 else line.text.strip()
        if not text:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out = (out[:-1] if text[0].islower() and not _capital_word_before(out) else out) + text
        else:
            out = f"{out} {text}" if out else text
    return out


def names_only(cite: Citation) -> bool:
    """The author list is all its line holds (bar a parenthetical note or a word)."""
    return len(re.findall(r"[^\W\d_]{2,}", re.sub(r"\([^()]*\)?", "", cite.rest))) < 2


def byline(lines: list[Line], k: int) -> Citation:
    """The author list opening line ``k`` of an entry: that line alone when it holds only
    names and ends cleanly (so the title on the next line is not read as a name), else the
    list read across the following lines."""
    alone = split_citation(_strip_label(lines[k].text)[0])
    open_end = _open_end(lines[k].text) or (
        k + 1 < len(lines) and bool(_JOINER.match(lines[k + 1].text)))
    if open_end or (alone.authors and alone.rest.strip()):
        return split_citation(joined(lines[k:]))  # the list (or its title) runs on
    return Citation(alone.authors, joined(lines[k + 1:]), alone.et_al, alone.elided) if alone.authors \
        else Citation(rest=joined(lines[k:]))


@text_cache()
def _open_end(text: str) -> bool:
    """The line stops mid-phrase (``Roe, J., and``, ``Studies in the``): its entry runs on."""
    return bool(_OPEN_END.search(text))


def _capital_word_before(text: str) -> bool:
    """``Marchetti-`` at a line end: a capitalised word whose hyphen is its own."""
    word = re.search(r"([^\W\d_]+)-$", text)
    return bool(word and word.group(1)[0].isupper())


@text_cache()
def _strip_label(text: str) -> tuple[str, bool, Optional[str]]:
    """(text without list label or year column, had a label, the year column's year)."""
    stripped = text.strip()
    year_col = _YEAR_COLUMN.match(stripped)
    if year_col:
        return stripped[year_col.end():], True, year_col.group(1)
    year_first = _YEAR_FIRST.match(stripped)
    if year_first and split_citation(stripped[year_first.end():]).authors:
        return stripped[year_first.end():], True, year_first.group(1)
    labelled = bool(_LABEL.match(stripped))
    return strip_label(stripped) if labelled else stripped, labelled, None


@text_cache()
def subheading_kind(text: str, heading: int = 0) -> Optional[str]:
    """The kind a sub-heading line switches to ("" for a generic one), or None if the line
    is not a sub-heading.

    >>> subheading_kind("B. Book Chapters"), subheading_kind("Journal of Fictional Studies")
    ('chapter', None)
    """
    words = _ENUM.sub("", text.strip()).rstrip(" :").split()
    if not words or len(words) > 6 or re.search(r"\d|,|\.$", " ".join(words)):
        return None
    lowered = " ".join(words).lower()
    if " of " in f" {lowered} " and not heading or words[0].lower() == "in":
        return None
    first = re.split(r"\s+(?:and|&)\s+|\s*[/;]\s*", lowered)[0]  # "Journal articles and working papers"
    for stem, kind in table_rows("publication_kinds.tsv"):
        if re.search(r"\b" + re.escape(stem), first):
            return kind
    return "" if heading and len(words) <= 3 else None


def group_entries(lines: list[Line], kind: str = "article") -> list[Entry]:
    """The entries of a section body (heading excluded), in order; ``kind`` is the
    publication kind of the section, until a sub-heading says otherwise.

    >>> from kg.model import Document
    >>> doc = Document.from_text("Articles\\n[1] A. Roe, B. Poe. T. V, 2020.\\n[2] C. Lee. U. W,\\n  2021.")
    >>> [(e.kind, [l.number for l in e.lines]) for e in group_entries(list(doc.lines))]
    [('article', [2]), ('article', [3, 4])]
    """
    entries: list[Entry] = []
    year = None
    block: list[_Item] = []
    for i, line in enumerate(lines):
        if i % 200 == 0:
            check_time(f"line {line.number}")
        sub = _subheading_at(lines, i)
        year_only = _YEAR_ONLY.match(line.text)
        if sub is not None or year_only:
            entries += _block_entries(block, kind, year)
            block = []
            kind = (sub or kind) if sub is not None else kind
            year = year_only.group(1) if year_only else None
            continue
        block.append(_item(line))
    entries += _block_entries(block, kind, year)
    return _with_ditto(entries)


def _subheading_at(lines: list[Line], i: int) -> Optional[str]:
    """``subheading_kind`` of line ``i`` when it stands alone: a markup heading, or a line
    after a blank or a finished sentence and before a blank or a new entry."""
    line = lines[i]
    if not _WORD_CHAR.search(line.text):
        return None
    kind = subheading_kind(line.text, line.heading)
    if kind is None or line.heading:
        return kind
    before = lines[i - 1].text.strip(" -=_*~#") if i else ""
    after = _item(lines[i + 1]) if i + 1 < len(lines) else None
    alone_before = not before or bool(_CLOSED_END.search(before) and not _open_end(before))
    alone_after = after is None or after.blank or after.label or bool(_YEAR_ONLY.match(after.text)) \
        or after.opens_list or after.indent > _item(line).indent
    return kind if alone_before and alone_after else None


def _item(line: Line) -> _Item:
    """A line with its label stripped and its indentation measured."""
    text, label, year = _strip_label(line.text)
    indent = line.indent or len(line.text) - len(line.text.lstrip())
    blank = not _WORD_CHAR.search(line.text)  # a rule ("-----") counts as a blank line
    return _Item(line, text, label, year, indent, blank)


def _block_entries(items: list[_Item], kind: str, year: Optional[str]) -> list[Entry]:
    """The entries of a run of lines between sub-headings, by start lines or, in a
    title-first layout, by paragraphs or author lines."""
    content = [it for it in items if not it.blank]
    if not content:
        return []
    groups = _by_start(items)
    if not _title_first(content):
        return _entries(_merge_orphans(groups), kind, year)
    labelled = [it for it in content if it.label]
    on_titles = len(labelled) >= 2 and sum(it.opens_list for it in labelled) * 2 < len(labelled)
    one_each = len(groups) > 1 and all(sum(it.opens_list for it in g) == 1 for g in groups)
    return _entries(groups if on_titles or one_each else _by_anchor(content), kind, year)


def _entries(groups: list[list[_Item]], kind: str, year: Optional[str]) -> list[Entry]:
    """Entries from groups of items, each with the year of its year column if any."""
    return [Entry([it.line for it in g], kind, next((it.year for it in g if it.year), year)) for g in groups]


def _by_start(items: list[_Item]) -> list[list[_Item]]:
    """Split at entry starts: labels, else blank lines, hanging indents or new author lists."""
    content = [it for it in items if not it.blank]
    labels = sum(it.label for it in content) >= 2
    first = items.index(content[0])
    blanks = any(it.blank for it in items[first:items.index(content[-1])])
    indents = [it.indent for it in content]
    outer = min(indents)
    hanging = outer < max(indents) and indents[0] == outer
    groups: list[list[_Item]] = []
    prev: Optional[_Item] = None
    for it in items:
        if it.blank:
            prev = it
            continue
        if not groups or _starts(it, prev, labels, blanks, hanging, outer):
            groups.append([])
        groups[-1].append(it)
        prev = it
    return groups


def _starts(it: _Item, prev: Optional[_Item], labels: bool, blanks: bool, hanging: bool, outer: int) -> bool:
    """Whether ``it`` opens a new entry, given how the block marks its entries."""
    if it.label or labels:
        return it.label
    if hanging:
        return it.indent <= outer
    if blanks:
        return prev is not None and prev.blank
    if prev is None or _open_end(prev.text):
        return False
    if _CLOSED_END.search(prev.text):
        one_liners = bool(_YEAR_ANY.search(prev.text) and _YEAR_ANY.search(it.text) and it.text[:1].isupper())
        return it.opens_list or bool(_OPENER.match(it.text)) or one_liners
    return it.opens_list and len(split_citation(it.text).authors) > 1


def _merge_orphans(groups: list[list[_Item]]) -> list[list[_Item]]:
    """Glue a paragraph without authors to the entry above when that one stops after its
    author list and year (a PDF that put a blank line inside the entry)."""
    merged: list[list[_Item]] = []
    for group in groups:
        if merged and not group[0].opens_list and not group[0].label and _incomplete(merged[-1]):
            merged[-1] = merged[-1] + group
        else:
            merged.append(group)
    return merged


def _incomplete(group: list[_Item]) -> bool:
    """An entry that stops after its author list and year, its title still to come."""
    cite = split_citation(joined([it.line for it in group]))
    rest = re.sub(r"^\([^()]*\)", "", cite.rest).strip(" .,;:")
    return bool(cite.authors) and len(re.findall(r"[^\W\d_]{2,}", rest)) < 3


def _title_first(content: list[_Item]) -> bool:
    """Title, venue, then a line holding only the authors, entry after entry."""
    if content[0].opens_list:
        return False
    leads = [split_citation(it.text) for it in content if it.opens_list]
    alone = [c for c in leads if names_only(c)]
    return len(alone) * 2 >= len(leads) and (len(alone) >= 2 or len(leads) == 1 == len(alone))


def _by_anchor(content: list[_Item]) -> list[list[_Item]]:
    """Regroup so that each entry runs from after the previous author line to its own."""
    groups: list[list[_Item]] = [[]]
    for it in content:
        groups[-1].append(it)
        if it.opens_list:
            groups.append([])
    if not groups[-1]:
        groups.pop()
    elif len(groups) > 1:
        tail = groups.pop()
        groups[-1] += tail
    return groups


def _with_ditto(entries: list[Entry]) -> list[Entry]:
    """``– (2015). Title`` repeats the author list of the entry above."""
    previous: Optional[Citation] = None
    for entry in entries:
        if _DITTO.match(_strip_label(entry.lines[0].text)[0]) or _DITTO.match(entry.lines[0].text.strip()):
            entry.inherited = previous and Citation(previous.authors, joined(entry.lines).lstrip("–— .,"))
        else:
            cite = split_citation(joined(entry.lines))
            previous = cite if cite.authors else previous
    return entries
