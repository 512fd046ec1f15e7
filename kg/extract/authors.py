"""Split a citation into its author list and the rest (title, venue, year).

``split_citation`` reads names one at a time from the start of the text, each in one of
the forms citation styles use: inverted ``Surname, I.`` / ``Surname, First M.`` (APA,
Chicago's first author), Vancouver ``Surname IJ``, natural ``I. Surname`` / ``First Last``
(IEEE), separated by ``,`` ``;`` ``and`` ``&``, with ``. . .`` elisions skipped. The list
ends where the grammar stops: a year ``(2019)``/``, 2019.``, a quoted title, a sentence
after a name. Text that does not open with a name gives no authors. Every author returned
is a substring of ``strip_marks(text)``: names are never invented or rewritten.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from kg.extract.names import fold, looks_like_person, particles, word_list
from kg.memo import text_cache

_TOKEN = re.compile(r"(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*)"
                    r"|(?P<num>\d+[a-z]?)|(?P<punct>\S)")
_ELISION = re.compile(r"\.(?:\s?\.){2,}|…")
# escapes and star/dagger marks; ^{1}, ^1,2, ^a; superscripts; footnote digits ("Roe1, Poe2")
_MARK = re.compile(r"\\(?=\S)|[*†‡§¶#✝⁎∗]+"
                   r"|\^\{[^{}]*\}|\^(?:\d+|[a-z])(?:,(?:\d+|[a-z])\b)*"
                   r"|[⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈ]+"
                   r"|(?<=[a-z])\d{1,2}(?=\s*(?:[,;&]|and\s|\())")
# [J3] (3) 3. ; bullets and a pandoc definition ":" ; "Authors:"
_LABEL = re.compile(r"^\s*(?:\[[A-Za-z]{0,3}\d{1,3}[a-z]?\]|(?!\(?(?:19|20)\d\d[.)])\(?\d{1,4}\)|(?!(?:19|20)\d\d[.)])\d{1,4}[.)](?=\s)"
                    r"|[•▪◦●∙·‣○■□►–—\-+](?=\s)|o(?=\s)|:(?=\s)"
                    r"|(?:[Cc]o-?)?[Aa]uthors?\s*:)\s*")
_DOUBLE_STOP = re.compile(r"(?<=\.)\s+\.(?=[\s,;]|$)")
_SPACE_BEFORE_COMMA = re.compile(r"\s+(?=[,;])")
_QUOTES = "“”\"‘'«»„"
_EDITORS = re.compile(r"^\(?\s*(?:eds?|editors?|edited|hrsg|coords?)\b", re.IGNORECASE)
_OTHERS = ("others", "more", "coauthors", "colleagues")
_NOT_START = {"in", "eds", "ed", "edited", "with", "by", "see", "and"}


@dataclass(frozen=True)
class Citation:
    """The author list at the head of a citation, and what follows it."""

    authors: tuple[str, ...] = ()
    rest: str = ""
    et_al: bool = False
    elided: bool = False


@dataclass(frozen=True)
class _Tok:
    kind: str  # word | num | punct | end
    text: str
    start: int
    end: int


@text_cache()
def strip_marks(text: str) -> str:
    """Whitespace collapsed, elisions as ``…``, author marks (``*``, ``†``, ``^1``, ``¹``,
    glued footnote digits) and markdown escapes removed.

    >>> strip_marks("Doe, J.*, Roe, A.^1 . . . Poe, E.†")
    'Doe, J., Roe, A. … Poe, E.'
    """
    text = _ELISION.sub(" … ", " ".join(text.split()))
    text = _MARK.sub("", text)
    text = _DOUBLE_STOP.sub("", text)  # "M. *." -> "M."
    text = _SPACE_BEFORE_COMMA.sub("", text)
    return " ".join(text.split())


@text_cache()
def strip_label(text: str) -> str:
    """Drop leading list labels: ``[3]``, ``(3)``, ``3.``, bullets, a definition ``:``."""
    previous = None
    while previous != text:
        previous, text = text, _LABEL.sub("", text, count=1)
    return text


def _tokens(text: str) -> Iterator[_Tok]:
    """Words, numbers and punctuation with their offsets, then an end token."""
    for m in _TOKEN.finditer(text):
        yield _Tok(m.lastgroup or "punct", m.group(0), m.start(), m.end())
    yield _Tok("end", "", len(text), len(text))


class _Reader:
    """A cursor over the tokens of one citation, with the name grammars."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[_Tok] = []  # read lazily: a list ends long before a runaway line does
        self._pending = _tokens(text)
        self.role_words = word_list("author_roles.txt")

    # -- token predicates -------------------------------------------------------------
    def t(self, i: int) -> _Tok:
        """Token ``i`` (the end token past the end)."""
        while len(self.toks) <= i:
            tok = next(self._pending, None)
            if tok is None:
                return self.toks[-1]
            self.toks.append(tok)
        return self.toks[i]

    def is_cap(self, i: int) -> bool:
        """A capitalised word (``Roe``, ``O'Tierney``, ``d'Arc``), not a lone capital."""
        tok = self.t(i)
        if tok.kind != "word":
            return False
        w = tok.text
        return w[0].isupper() and len(w) > 1 or bool(re.match(r"^[dlo]['’][^\W\d_]", w) and len(w) > 3)

    def is_particle(self, i: int) -> bool:
        """A surname particle (``van``, ``de``, ``El``)."""
        return self.t(i).kind == "word" and self.t(i).text.lower() in particles()

    def is_suffix(self, i: int) -> bool:
        """A generational suffix (``Jr``, ``III``)."""
        return self.t(i).kind == "word" and self.t(i).text.lower() in word_list("name_suffixes.txt")

    def given_word(self, i: int) -> bool:
        """A spelled-out given name after ``Surname,`` (``Roe, Jane``), not ``USA`` or ``van``."""
        return self.is_cap(i) and not self.is_particle(i) and not self.t(i).text.isupper()

    def caps_initials(self, i: int) -> bool:
        """``JA`` after a mixed-case word (``Roe JA``): Vancouver initials, not a name word."""
        tok, prev = self.t(i), self.t(i - 1)
        return (i > 0 and tok.kind == "word" and tok.text.isupper() and len(tok.text) <= 3
                and prev.kind == "word" and not prev.text.isupper())

    def init_unit(self, i: int, two: bool = True) -> Optional[int]:
        """``J.``, ``Ch.`` (when ``two``), ``J.-H.`` at ``i``: the index after it."""
        w = self.t(i)
        if w.kind != "word" or self.t(i + 1).text != "." or not w.text[0].isupper():
            return None
        if len(w.text) > 2 or (len(w.text) == 2 and not (two and w.text[1].islower())):
            return None
        end = i + 2
        if self.t(end).text == "-" and self.t(end).start == self.t(end - 1).end:
            nxt = self.init_unit(end + 1)
            end = nxt if nxt else end
        return end

    def initials(self, i: int, bare_ok: int, two: bool = True) -> Optional[int]:
        """A run of initials; ``bare_ok`` also takes that many capitals without periods
        (``H``, Vancouver ``JA``); ``two`` lets the run open with a two-letter ``Ch.``."""
        j = i
        while True:
            nxt = self.init_unit(j, two=two and j == i)
            tok = self.t(j)
            if nxt:
                j = nxt
            elif (tok.kind == "word" and tok.text.isupper() and len(tok.text) == 1 and j > i
                  and tok.start == self.t(j - 1).end):  # "M.M Pellow", "J.E"
                j += 1
            elif bare_ok and j == i and tok.kind == "word" and tok.text.isupper() \
                    and len(tok.text) <= bare_ok:
                return j + 1
            else:
                break
        return j if j > i else None

    def bare_initial(self, i: int, width: int) -> bool:
        """``Q`` in ``Jane Q Doe``, ``JA`` in ``JA Doe``: capitals without a period before a name word."""
        tok, nxt = self.t(i), self.t(i + 1)
        return (tok.kind == "word" and tok.text.isupper() and len(tok.text) <= width
                and nxt.kind == "word" and (self.is_cap(i + 1) or self.bare_initial(i + 1, 1)))

    def boundary(self, i: int, lenient: bool) -> bool:
        """Whether a name may end before token ``i``."""
        tok = self.t(i)
        if tok.kind in ("end", "num") or (tok.text and tok.text in ",;&….():[" + _QUOTES):
            return True
        if tok.kind == "word" and (tok.text in ("and", "et") or self.is_suffix(i)):
            return True
        return lenient and tok.kind == "word"

    # -- name grammars -----------------------------------------------------------------
    def surname(self, i: int, max_caps: int) -> tuple[int, int]:
        """Particles and up to ``max_caps`` capitalised words: (end index, words read)."""
        j, caps = i, 0
        while caps < max_caps:
            if self.is_particle(j) and (self.is_cap(j + 1) or self.is_particle(j + 1)) and (
                    self.t(j).text.islower() or caps == 0):
                j += 1
            elif self.is_cap(j) and self.init_unit(j) is None and not (caps and self.caps_initials(j)):
                j, caps = j + 1, caps + 1
            else:
                break
        return j, caps

    def inverted(self, i: int) -> Optional[int]:
        """``Surname, I. I.`` or ``Surname, First M.``."""
        end, caps = self.surname(i, 3)
        if not caps or self.t(end).text != ",":
            return None
        g = end + 1
        given = self.initials(g, bare_ok=1)
        if given is None and caps == 1 and self.given_word(g) and not (
                self.t(i).text.isupper() and len(self.t(i).text) < 3):  # not "NS, Canada"
            given = self.initials(g + 1, bare_ok=0) or g + 1
        if given is None:
            return None
        dotted = self.t(given - 1).text == "."
        return given if self.boundary(given, lenient=dotted and caps == 1) else None

    def vancouver_end(self, i: int) -> Optional[int]:
        """``Oduya M. A title``: a Vancouver name whose full stop also ends the list (tried
        after ``natural``, which reads ``Femke B. van Drunen`` right)."""
        end, caps = self.surname(i, 2)
        bare = self.t(end)
        if caps and bare.kind == "word" and bare.text.isupper() and len(bare.text) <= 3 \
                and self.t(end + 1).text == ".":
            return end + 1
        return None

    def vancouver(self, i: int) -> Optional[int]:
        """``Surname IJ`` / ``Surname I.J.`` / ``Surname. I.``."""
        end, caps = self.surname(i, 2)
        if not caps or end == i:
            return None
        dotted = self.t(end).text == "." and caps == 1 and self.init_unit(end + 1)  # "Pellow. L.A.,"
        given = self.initials(end + 1 if dotted else end, bare_ok=0 if dotted else 3)
        if dotted:
            return given if given and self.t(given).text in (",", ";", "&", "and") else None
        return given if given and self.boundary(given, lenient=False) else None

    def natural(self, i: int) -> Optional[int]:
        """``I. Surname``, ``First M. Last``, ``F. van Last``."""
        units: list[tuple[str, int]] = []  # (kind, end index)
        j, surname_started = i, False
        while len(units) < 8:
            init = self.initials(j, bare_ok=0, two=not units) if not surname_started else None
            if init:
                units.append(("init", init))
                j = init
            elif not surname_started and self.bare_initial(j, 1 if units else 2):
                units.append(("init", j + 1))
                j += 1
            elif units and self.is_suffix(j):
                break
            elif self.is_cap(j) and not (units and self.caps_initials(j)):
                surname_started = surname_started or any(k == "init" for k, _ in units)
                units.append(("word", j + 1))
                j += 1
            elif units and self.is_particle(j) and (self.is_cap(j + 1) or self.is_particle(j + 1)):
                units.append(("particle", j + 1))
                j += 1
            else:
                break
        return self._natural_end(i, units)

    def _natural_end(self, i: int, units: list[tuple[str, int]]) -> Optional[int]:
        """Check a natural name's units: given names first, a surname word last."""
        if units and units[-1][0] == "init":  # "U. Ux." : a two-letter surname before a full stop
            last_start = units[-2][1] if len(units) > 1 else i
            if len(self.t(last_start).text) == 2 and len(units) > 1 and self.t(last_start + 2).kind != "word":
                units[-1] = ("word", last_start + 1)
            else:
                return None
        words = [k for k, _ in units if k == "word"]
        if len(units) < 2 or units[-1][0] != "word" or len(words) > 4 or units[0][0] == "particle":
            return None
        end = units[-1][1]
        return end if self.boundary(end, lenient=False) else None

    def group(self, i: int) -> Optional[int]:
        """A group author ("X Research Consortium"): capitalised words with an org word."""
        org, j = word_list("name_org_words.txt"), i
        while j - i < 10 and (self.is_cap(j) or self.t(j).kind == "num"
                              or self.t(j).text in ("of", "the", "The", "&", "-")):
            j += 1
        words = {fold(self.t(k).text) for k in range(i, j)}
        return j if j - i >= 2 and words & org and self.boundary(j, lenient=False) else None

    def roles(self, i: int) -> int:
        """Skip ``(aut, cre)``-style role parentheses after a name."""
        if self.t(i).text != "(":
            return i
        j = i + 1
        while self.t(j).kind == "word" and fold(self.t(j).text) in self.role_words or self.t(j).text in (",", "-"):
            j += 1
        return j + 1 if self.t(j).text == ")" and j > i + 1 else i


def _suffix_end(r: _Reader, end: int) -> int:
    """Extend a name over a generational suffix: ``Roe, J., Jr.`` / ``J. Roe Jr.``."""
    j = end + (r.t(end).text == ",")
    if r.t(j).kind == "word" and r.t(j).text.lower() in word_list("name_suffixes.txt"):
        return j + 1 + (r.t(j + 1).text == ".")
    return end


def _separator(r: _Reader, p: int, flags: dict) -> tuple[int, str]:
    """Consume separators at ``p``; return the new index and "", "comma", "and" or "etal"."""
    seen = ""
    while True:
        tok = r.t(p)
        if tok.text in (",", ";"):
            seen = seen or "comma"
        elif tok.text == "…":
            flags["elided"], seen = True, seen or "comma"
        elif tok.text == "&" or (tok.kind == "word" and tok.text == "and"):
            seen = "and"
        elif tok.kind == "word" and tok.text.lower() == "et" and r.t(p + 1).text.lower().startswith("al"):
            flags["et_al"] = True
            return p + 2 + (r.t(p + 2).text == "."), "etal"
        elif seen == "and" and tok.kind == "num" and r.t(p + 1).text.lower() in _OTHERS:  # "and 12 others"
            flags["et_al"] = True
            return p + 2, "etal"
        elif seen == "and" and tok.text.lower() in _OTHERS:  # "and others"
            flags["et_al"] = True
            return p + 1, "etal"
        else:
            return p, seen
        p += 1


def _element(r: _Reader, p: int) -> tuple[Optional[int], str]:
    """Read one list element at ``p``: (end, kind), kind "name", "full" (a natural name
    without initials, weak evidence on its own) or "group"; (None, "") when none."""
    for grammar in (r.inverted, r.vancouver, r.natural, r.vancouver_end):
        end = grammar(p)
        if end is not None:
            text = r.text[r.t(p).start:r.t(end - 1).end]
            if looks_like_person(text):
                return end, "name" if "." in text else "full"  # no initials: weak evidence
            break
    end = r.group(p)
    return (end, "group") if end is not None else (None, "")


def _clean_end(r: _Reader, p: int, rest: str, dangling: bool, count: int) -> bool:
    """Whether a list of full names only (``Jane Doe, John Roe``), weak evidence of a byline
    since any Title Case phrase looks the same, ends like one: at a year or a quoted title,
    or, with two names or more, at the end of the text or of a sentence."""
    if re.match(r"^(?:\(?\s*(?:[A-Za-z]{3,9}\.?\s+)?(?:19|20)\d\d|[“\"‘«])", rest):
        return True
    if count < 2 or dangling:
        return False
    return not rest or r.t(p - 1).text == "." or r.t(p).text == "."


def _read_list(r: _Reader) -> Optional[tuple[list[str], list[str], int, bool, dict]]:
    """Read names and separators from the start: (authors, element kinds, index where the
    list ends, whether it ended on a dangling comma, flags); None when no list opens the text."""
    authors: list[str] = []
    kinds: list[str] = []
    flags = {"et_al": False, "elided": False}
    p, sep, dangling = 0, "comma", False
    while sep in ("comma", "and"):
        end, kind = _element(r, p)
        if end is None or (kind == "group" and not kinds):
            if sep == "and" or not authors:
                return None
            dangling = True
            break
        end = _suffix_end(r, end)
        kinds.append(kind)
        if kind != "group":
            authors.append(r.text[r.t(p).start:r.t(end - 1).end])
        p, sep = _separator(r, r.roles(end), flags)
        if sep == "":
            break
    return authors, kinds, p, dangling, flags


def split_citation(text: str, *, single_ok: bool = False) -> Citation:
    """The author list at the start of ``text`` and the rest of the citation.

    >>> c = split_citation("Doe, J. A., Roe, B., & Poe, E. (2020). A title. Venue.")
    >>> c.authors, c.rest
    (('Doe, J. A.', 'Roe, B.', 'Poe, E.'), '(2020). A title. Venue.')

    A lone full name (``Dynamic Time Warping (DTW) ...``) counts only before a year or a
    quoted title, unless ``single_ok`` (for the names after "With").
    """
    if not isinstance(text, str):
        return Citation()
    return _split_citation(text, single_ok)


@lru_cache(maxsize=16384)
def _split_citation(text: str, single_ok: bool) -> Citation:
    """``split_citation``, memoised: entry grouping asks about the same line several times."""
    cleaned = strip_label(strip_marks(text))
    reading = _reading(cleaned)
    if reading is None:
        return Citation(rest=cleaned)
    citation, ends_well = reading
    if not single_ok and not ends_well:
        return Citation(rest=cleaned)
    return citation


@lru_cache(maxsize=16384)
def _reading(cleaned: str) -> Optional[tuple[Citation, bool]]:
    """The author list opening a cleaned citation, and whether it is strong or, a list of
    full names only, ends like a byline; None when no list opens the text. Kept apart from
    ``single_ok`` so that a line read both ways is parsed once."""
    r = _Reader(cleaned)
    if r.t(0).kind == "word" and r.t(0).text.lower() in _NOT_START:
        return None
    read = _read_list(r)
    if read is None:
        return None
    authors, kinds, p, dangling, flags = read
    rest = cleaned[r.t(p).start:].lstrip(" ,;:.")
    if not authors or _EDITORS.match(rest):
        return None
    weak = all(k in ("full", "group") for k in kinds)
    ends_well = not weak or _clean_end(r, p, rest, dangling, len(authors))
    return Citation(tuple(authors), rest, flags["et_al"], flags["elided"]), ends_well
