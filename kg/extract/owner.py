"""The CV owner: the person the document is about, and how the name was found.

The header names the owner in most CVs ("Jane Q. Roe", "CV | Jane Roe | jane@x.org",
"JANE ROE", "Dr. Jane Roe"). When it does not (a converter lost it), the name is taken
from the document title, the author lists (the one name on every list, or the bold
one) or the e-mail address, and ``Owner.method`` records which.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

from kg.extract.sections import Section, classify_heading
from kg.extract.segments import is_place, organization_strength, split_trailing_place, title_score
from kg.memo import text_cache
from kg.model import Contact, Document, Line, Owner, Provenance, Publication

NAME = "owner"
VERSION = "0.1"
EMITS = ("describedBy", "ownerInferredBy", "email", "phone", "homepage")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w/])\+?\d[\d\s().-]{7,}\d(?![\w/])")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\]]+|\b[\w-]+\.github\.io\b[^\s<>()]*")
_NOISE = re.compile(r"\b(?:curriculum\s+vitae|curriculum|vitae|resume|résumé|cv|homepage|home page|"
                    r"personal website|website|portfolio|резюме|个人简历|個人簡歷|简历|簡歷|履歴書|履历|이력서|"
                    r"السيرة الذاتية|קורות חיים)\b", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|mx)\.?\s+", re.IGNORECASE)
_DEGREES = re.compile(r",?\s*\b(?:ph\.?\s?d|m\.?d|m\.?sc|msc|mba|m\.?a|b\.?sc|dphil|esq)\.?\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s{2,}|\s*[|•·,–—:()]\s*|\s+-\s+|\t")
_ADDRESS = re.compile(r"\b(?:road|rd|street|st|avenue|ave|boulevard|blvd|lane|drive|district|building|bldg|"
                      r"suite|floor|apt|apartment|box|room|campus|hall|zip|postcode|no)\b\.?", re.IGNORECASE)
_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-ZÀ-ÖØ-Þ]\.|(?:van|von|de|der|den|da|di|du|la|le|el|al|bin|ibn|dos|das))$")
_SPACES = re.compile(r"\s+")


@text_cache()
def clean_candidate(text: str) -> Optional[str]:
    """A person's name from a header segment, or None.

    >>> clean_candidate("Dr. Jane Q. Roe, PhD"), clean_candidate("JANE ROE"), clean_candidate("Data Scientist")
    ('Jane Q. Roe', 'Jane Roe', None)
    >>> clean_candidate("Иван Петров"), clean_candidate("山田 太郎"), clean_candidate("简历")
    ('Иван Петров', '山田 太郎', None)
    """
    text = _DEGREES.sub("", _HONORIFIC.sub("", _NOISE.sub(" ", text).strip(" #*_-|,"))).strip(" ,.-")
    text = _SPACES.sub(" ", text)
    if not text or any(c.isdigit() for c in text) or "@" in text or "/" in text:
        return None
    if text.isupper():
        text = " ".join(w if len(w.rstrip(".")) == 1 else w.capitalize() for w in text.split())
    words = text.split()
    if len(words) > 2:
        head, place = split_trailing_place(text)
        if place:
            words = head.split()
    caseless = _caseless_name(words)
    if not caseless and (not 2 <= len(words) <= 5 or not all(_name_token(w) for w in words)):
        return None
    name = " ".join(words)
    if organization_strength(name) or title_score(name) or is_place(name) or classify_heading(name):
        return None
    return name


def _name_token(word: str) -> bool:
    """A capitalised name word in any cased script (``Roe``, ``O'Tierney``, ``Петров``), an
    initial, or a surname particle."""
    if _TOKEN.match(word):
        return True
    return word[0].isupper() and all(c.isalpha() or c in "'’.-" for c in word)


def _caseless_name(words: list[str]) -> bool:
    """A name in a script without capitals (山田 太郎, 김민준, ليلى حداد, דוד כהן, राहुल शर्मा): one
    to four words of letters and marks only; a single word must be short (a CJK name unspaced)."""
    if not 1 <= len(words) <= 4 or any(len(w) > 20 for w in words):
        return False
    if not all(unicodedata.category(c) in ("Lo", "Mn", "Mc") for w in words for c in w):
        return False
    return len(words) > 1 or 2 <= len(words[0]) <= 4


def contacts(doc: Document, lines: Iterable[Line]) -> tuple[Contact, ...]:
    """E-mail addresses, phone numbers and web addresses on the given lines."""
    found: list[Contact] = []
    for line in lines:
        for kind, pattern in (("email", _EMAIL), ("url", _URL), ("phone", _PHONE)):
            for match in pattern.finditer(line.text):
                value = match.group(0).rstrip(".,;")
                if kind == "url" and _EMAIL.search(value):
                    continue
                if kind == "phone" and sum(c.isdigit() for c in value) < 9:
                    continue
                provenance = Provenance(doc.source, doc.checksum, line.number, line.number, NAME, VERSION, 0.9)
                found.append(Contact(kind, value, provenance))
    return tuple(dict.fromkeys(found))


_MAIN_SECTIONS = frozenset({"summary", "experience", "education", "publications", "research", "teaching"})
_SIDEBAR_SECTIONS = frozenset({"preamble", "contact", "skills", "languages", "interests", "links"})


def _header_lines(doc: Document, sections: list[Section]) -> list[Line]:
    """The lines before the CV's body: the preamble, and a sidebar's contact and skills
    sections when they come first (LinkedIn and sidebar exports put the name after them)."""
    last = 0
    for section in sections:
        if section.kind in _MAIN_SECTIONS or section.kind not in _SIDEBAR_SECTIONS:
            break
        last = section.last_line
    lines = [doc.line(n) for n in range(1, min(max(last, 3), 40) + 1) if n <= len(doc.lines)]
    marks = {s.heading_line for s in sections if s.heading_line}
    return [line for line in lines if line.text.strip() and line.number not in marks][:20]


def _candidates(doc: Document, sections: list[Section]) -> list[tuple[float, str, str, int]]:
    """(score, name, method, line) for every name-like segment of the header and title."""
    found = []
    if doc.title:
        for part in _SEPARATORS.split(doc.title):
            name = clean_candidate(part)
            if name:
                found.append((2.0, name, "title", 1))
    for rank, line in enumerate(_header_lines(doc, sections)):
        if _is_address(line.text):
            continue
        for part in _SEPARATORS.split(line.text):
            name = clean_candidate(part)
            if name:
                bonus = 1.0 if line.heading else 0.5 if line.bold else 0.0
                found.append((3.0 - 0.2 * rank + bonus, name, "header", line.number))
    return found


def _is_address(text: str) -> bool:
    """A postal address line: digits with address words, or several commas and a number."""
    digits = bool(re.search(r"\d", text))
    return digits and (bool(_ADDRESS.search(text)) or text.count(",") >= 2)


@text_cache()
def _surname_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.split()[-1].casefold())


def _evidence(name: str, emails: list[str], authors: list[str]) -> float:
    """Support for a candidate from e-mail local parts and author lists."""
    surname = _surname_key(name)
    score = 0.0
    if surname and any(surname in e.split("@")[0].casefold() for e in emails):
        score += 1.0
    hits = sum(1 for a in authors if a.split() and _surname_key(a) == surname)
    return score + min(hits, 5) * 0.4


def find_owner(doc: Document, sections: list[Section], publications: list[Publication] = (),
               from_authors: Optional[tuple[str, str]] = None) -> Optional[Owner]:
    """The owner of ``doc``: from the header when it names a person, else inferred.

    ``from_authors`` is the (name, method) the publications extractor infers from the
    author lists, used when the header names nobody.
    """
    header = _header_lines(doc, sections)
    found_contacts = contacts(doc, header + _contact_lines(doc, sections))
    emails = [c.value for c in found_contacts if c.kind == "email"]
    addresses = [c.value for c in found_contacts if c.kind in {"email", "url"}]
    authors = [a for p in publications for a in p.authors]
    scored = sorted(((s + _evidence(n, addresses, authors), -line, n, m, line)
                     for s, n, m, line in _candidates(doc, sections)), reverse=True)
    if scored and from_authors and len(publications) >= 2 and _evidence(scored[0][2], [], authors) == 0:
        scored = []  # the author lists name someone the header does not: trust the lists
    if scored and scored[0][0] >= 2.0:
        _, _, name, method, line = scored[0]
        return Owner(name, method, _provenance(doc, line, 0.9 if method == "header" else 0.8), found_contacts)
    if from_authors:
        name, method = from_authors
        return Owner(name, method, _provenance(doc, 1, 0.7), found_contacts)
    frequent = _frequent_author(publications, found_contacts)
    if frequent:
        return Owner(frequent, "author-lists", _provenance(doc, 1, 0.6), found_contacts)
    from_email = _name_from_email(emails)
    if from_email:
        return Owner(from_email, "email", _provenance(doc, 1, 0.5), found_contacts)
    return None


def _frequent_author(publications: list[Publication], found: tuple[Contact, ...]) -> Optional[str]:
    """Among the authors on most lists, the one the e-mail or web address spells out."""
    lists = [p.authors for p in publications if len(p.authors) > 1]
    if len(lists) < 2:
        return None
    counts: dict[str, int] = {}
    for authors in lists:
        for key in {_squash(a) for a in authors}:
            counts[key] = counts.get(key, 0) + 1
    addresses = [_squash(c.value) for c in found if c.kind in {"email", "url"}]
    frequent = {k for k, n in counts.items() if n >= 0.6 * len(lists)}
    matches = sorted({a for authors in lists for a in authors
                      if _squash(a) in frequent and any(_squash(a) in address for address in addresses)},
                     key=lambda a: (-len(a), a))
    return matches[0] if matches else None


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


def _contact_lines(doc: Document, sections: list[Section]) -> list[Line]:
    return [doc.line(n) for s in sections if s.kind == "contact" for n in s.line_numbers()]


def _name_from_email(emails: list[str]) -> Optional[str]:
    """ "jane.roe@x.org" -> "Jane Roe"; nothing for "jroe12@x.org"."""
    for email in emails:
        local = email.split("@")[0]
        parts = [p for p in re.split(r"[._-]", local) if p]
        if len(parts) == 2 and all(p.isalpha() and len(p) > 1 for p in parts):
            return " ".join(p.capitalize() for p in parts)
    return None


def _provenance(doc: Document, line: int, confidence: float) -> Provenance:
    return Provenance(doc.source, doc.checksum, line, line, NAME, VERSION, confidence)
