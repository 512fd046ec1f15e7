"""Personal names: parse them, print them, and tell whether two may be the same person.

CVs write names every which way: ``I. Surname``, ``Surname, I.``, ``Surname, First M.``,
``Surname IJ`` (Vancouver), ``First Middle Last``, ``SURNAME, I.J.``. ``parse_name`` turns
each into a ``PersonName`` (given names or initials, a surname with its particles, a
suffix); ``compatible`` applies the rule the scorer uses: same surname, given names that
agree where both are written (``S. Brandtvik`` ~ ``S. K. Brandtvik``, but not
``Zoran Pell`` ~ ``Zena Pell``). Word lists live in ``kg/data/name_*.txt``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Optional, Union

from kg.folding import fold
from kg.memo import text_cache

_MARKS = re.compile(r"[*†‡§¶#✝✻⁎∗]+|\^\{?[\w,*]+\}?|[⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈ]+")
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_INITIALS = re.compile(r"^(?:[^\W\d_][^\W\d_]?\.-?)+(?:[^\W\d_](?![^\W\d_]))?$")
_ONE_INITIAL = re.compile(r"[^\W\d_](?:[^\W\d_](?=\.))?\.?(?:-[^\W\d_]\.?)?")
_WORD = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?$")
_GLUED = re.compile(r"^((?:[^\W\d_]\.)+)([^\W\d_]{2,}.*)$")  # "S.C.Quillon"
_NAME_GAPS = re.compile(r"[\s,]+")


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The words of ``kg/data/<name>``: one a line, ``#`` comments and blanks skipped.

    >>> "van" in word_list("name_particles.txt")
    True
    """
    text = files("kg").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(r.strip() for r in text.splitlines() if r.strip() and not r.startswith("#"))


def particles() -> frozenset[str]:
    """Surname particles (``van``, ``de``, ``el`` ...), lowercase."""
    return word_list("name_particles.txt")


@dataclass(frozen=True)
class PersonName:
    """A parsed personal name. ``given`` holds full names or initials as written
    (``"S."``, ``"J.-K."``, ``"Tamsin"``); ``surname`` keeps its particles (``"van Drunen"``)."""

    given: tuple[str, ...]
    surname: str
    suffix: str = ""


def strip_name_marks(text: str) -> str:
    """Drop footnote and student marks, superscripts and backslash escapes from a name."""
    return " ".join(_MARKS.sub(" ", text.replace("\\", " ")).split())


def _key(word: str) -> str:
    """A word lowercased without periods, to look up in the word lists."""
    return word.lower().replace(".", "")


def _title(word: str) -> str:
    """Title-case an all-caps word part by part: ``O'TIERNEY`` -> ``O'Tierney``."""
    if not word.isupper() or len(word.replace(".", "")) < 2:
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word)


def _is_initials(piece: str) -> bool:
    """``J.``, ``J.E.K.``, ``J.-H.``, ``M.M``: initials written with periods."""
    return bool(_INITIALS.match(piece)) and piece[0].isupper()


def _split_initials(piece: str) -> list[str]:
    """``J.E.K.`` -> ``J. E. K.``; ``J.-H.`` stays one; ``JA`` (Vancouver) -> ``J. A.``."""
    if "." not in piece:
        return [c + "." for c in piece]
    return [m.group(0) if m.group(0).endswith(".") else m.group(0) + "."
            for m in _ONE_INITIAL.finditer(piece)]


def _strip_affixes(text: str) -> tuple[str, str]:
    """Remove honorifics, degrees (after a comma) and a generational suffix; return (rest, suffix)."""
    honorifics, degrees = word_list("name_honorifics.txt"), word_list("name_degrees.txt")
    suffixes = word_list("name_suffixes.txt")
    parts = [p.strip() for p in text.split(",")]
    suffix = ""
    while len(parts) > 1 and (_key(parts[-1]) in degrees or _key(parts[-1]) in suffixes or not parts[-1]):
        if _key(parts[-1]) in suffixes:
            suffix = parts[-1]
        parts.pop()
    words = ", ".join(parts).split()
    while len(words) > 1 and words[0].rstrip(".").lower() in honorifics:
        words.pop(0)
    while len(words) > 2 and (_key(words[-1].rstrip(",")) in suffixes
                              or (_key(words[-1]) in degrees and _degree_shaped(words[-1]))):
        if _key(words[-1].rstrip(",")) in suffixes:
            suffix = words[-1].rstrip(",")
        words.pop()
    return " ".join(words).strip(" ,;"), suffix


def _degree_shaped(word: str) -> bool:
    """``PhD``, ``M.Sc.``, ``MEng``: a degree written so it cannot be a surname (``Mba``)."""
    return "." in word.rstrip(".") or any(c.isupper() for c in word[1:]) and not word.isupper()


def _units(text: str) -> Optional[list[tuple[str, str]]]:
    """Split name text into ("init", "J.") / ("caps", "JA") / ("word", "Smith") units."""
    units: list[tuple[str, str]] = []
    for piece in text.replace(". ", ". ").split():
        glued = _GLUED.match(piece)
        pieces = [glued.group(1), glued.group(2)] if glued else [piece]
        for part in pieces:
            if _is_initials(part):
                units += [("init", i) for i in _split_initials(part)]
            elif part.isalpha() and part.isupper() and len(part) <= 3:
                units.append(("caps", part))
            elif _WORD.match(part):
                units.append(("word", part.rstrip(".")))
            else:
                return None
    return units


def _surname_start(words: list[str]) -> int:
    """Index where the surname begins in an all-words name: last word plus its particles."""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in particles():
        start -= 1
    return start


def _natural(units: list[tuple[str, str]]) -> Optional[tuple[list[str], list[str]]]:
    """Given-first order: given names/initials, then the surname words. Capitals without
    periods are initials (``Jane Q Doe``, ``JA Doe``) unless the whole name is in capitals."""
    mixed = any(k == "word" and not t.isupper() for k, t in units)
    tagged: list[tuple[str, str]] = []
    for kind, text in units:
        if kind == "caps" and (mixed or len(text) == 1):
            tagged += [("init", i) for i in _split_initials(text)]
        else:
            tagged.append(("word" if kind == "caps" else kind, text))
    texts = [t for _, t in tagged]
    inits = [i for i, (k, _) in enumerate(tagged) if k == "init"]
    start = inits[-1] + 1 if inits else _surname_start(texts)
    given, surname = texts[:start], texts[start:]
    return (given, surname) if surname else None


def _vancouver(units: list[tuple[str, str]]) -> Optional[tuple[list[str], list[str]]]:
    """Surname first, initials after (``Quillon TR``, ``Osmund L.``); None if not that shape."""
    n_words = 0
    while n_words < len(units) and units[n_words][0] == "word":
        n_words += 1
    rest = units[n_words:]
    if not n_words or not rest or any(k == "word" for k, _ in rest):
        return None
    if all(k == "caps" and len(t) > 1 for k, t in rest) and all(t.isupper() for _, t in units[:n_words]):
        return None  # "JOHN SMITH" style all caps: not initials
    given = [g for _, t in rest for g in _split_initials(t)]
    return given, [t for _, t in units[:n_words]]


@lru_cache(maxsize=1 << 18)  # resolution parses the same written names many times
def parse_name(text: str) -> Optional[PersonName]:
    """Parse one personal name, or return None when ``text`` is not one.

    >>> parse_name("QUILLON, T.R.")
    PersonName(given=('T.', 'R.'), surname='Quillon', suffix='')
    >>> parse_name("Prof. B. Marand Qorbani*").surname
    'Marand Qorbani'
    """
    if not isinstance(text, str):
        return None
    return _parse_name(text)


@lru_cache(maxsize=65536)
def _parse_name(text: str) -> Optional[PersonName]:
    """``parse_name``, memoised: resolution and co-author clustering compare every name
    with many others, and a long publication list repeats the same names thousands of times."""
    cleaned = " ".join(_PAREN.sub(" ", strip_name_marks(text)).split()).strip(" ,;:")
    cleaned, suffix = _strip_affixes(cleaned)
    if not cleaned or len(cleaned) > 80:
        return None
    if "," in cleaned:
        parts = _comma_form(cleaned)
    else:
        units = _units(cleaned)
        if not units or len(units) > 7:
            return None
        parts = _vancouver(units) if units[0][0] == "word" and units[-1][0] != "word" else None
        parts = parts or _natural(units)
    if not parts:
        return None
    given, surname = parts
    if not surname or any(not w[0].isalpha() for w in surname):
        return None
    surname_text = " ".join(_title(w) for w in surname)
    if len(surname_text.replace(" ", "")) < 2 or not any(c.isupper() for c in surname_text):
        return None
    return PersonName(tuple(_title(g) if "." not in g else g for g in given), surname_text, suffix)


def _comma_form(text: str) -> Optional[tuple[list[str], list[str]]]:
    """``Surname, Given`` (inverted) form."""
    left, right = (s.strip() for s in text.split(",", 1))
    right = right.split(",")[0].strip()
    left_units, right_units = _units(left), _units(right)
    if not left_units or any(k == "init" for k, _ in left_units) or len(left_units) > 4:
        return None
    if right_units is None or len(right_units) > 4:
        return None
    surname = [t for _, t in left_units]
    given = [g for k, t in right_units
             for g in (_split_initials(t) if k == "caps" and (len(t) <= 2 or "." in t) else [t])]
    return given, surname


def display(name: PersonName) -> str:
    """The name as ``Given Surname``, initials as written, nothing invented.

    >>> display(parse_name("Marrow, J.-K."))
    'J.-K. Marrow'
    """
    text = " ".join((*name.given, name.surname))
    return f"{text} {name.suffix}" if name.suffix else text


def _given_keys(given: tuple[str, ...]) -> list[tuple[str, bool]]:
    """Each given name as (folded letters, is_initial); hyphenated ones split in two."""
    keys = []
    for g in given:
        initial = g.endswith(".") or len(g.replace("-", "")) == 1
        for part in g.split("-"):
            folded = fold(part).replace(" ", "")
            if folded:
                keys.append((folded, initial or len(folded) == 1))
    return keys


def _given_ok(a: tuple[str, bool], b: tuple[str, bool]) -> bool:
    """Two given names agree: equal, or an initial that starts the other."""
    if a[1] or b[1]:
        return a[0].startswith(b[0]) or b[0].startswith(a[0])
    return a[0] == b[0]


def _as_name(x: Union[str, PersonName, None]) -> Optional[PersonName]:
    """A PersonName from a string (parsed) or as is."""
    return x if isinstance(x, PersonName) or x is None else parse_name(x)


def compatible(a: Union[str, PersonName, None], b: Union[str, PersonName, None]) -> bool:
    """Whether two names may denote one person: surnames equal after folding, first given
    names agree (initial vs full by first letter), written middle names do not conflict.

    >>> compatible("S. Brandtvik", "S. K. Brandtvik"), compatible("Zoran Pell", "Zena Pell")
    (True, False)
    """
    return _compatible(a, b)


@lru_cache(maxsize=1 << 16)
def _compatible(a: Union[str, PersonName, None], b: Union[str, PersonName, None]) -> bool:
    """``compatible``, kept: a publication list compares its owner with every author."""
    na, nb = _as_name(a), _as_name(b)
    if na is None or nb is None:
        return False
    sa, sb = fold(na.surname).split(), fold(nb.surname).split()
    ga, gb = _given_keys(na.given), _given_keys(nb.given)
    if sa != sb:  # "Bahar Marand Qorbani" vs "B. Marand Qorbani": line up from the end
        short, long_ = (sa, sb) if len(sa) < len(sb) else (sb, sa)
        if not short or long_[-len(short):] != short:
            return False
        extra = long_[:-len(short)]
        g_short = ga if short is sa else gb
        if [k for k, _ in g_short[-len(extra):]] != extra:
            return False
        if short is sa:
            ga = ga[:-len(extra)]
        else:
            gb = gb[:-len(extra)]
    if not ga or not gb:
        return True
    return all(_given_ok(x, y) for x, y in zip(ga, gb))


@text_cache()
def looks_like_person(text: str) -> bool:
    """A cheap test that ``text`` is one person's name: 2-5 capitalised name tokens, no
    digits, no organization, venue, title or month words.

    >>> looks_like_person("K. A. Vant-Lune"), looks_like_person("Sea2Sky Research Derby")
    (True, False)
    """
    if not isinstance(text, str) or any(c.isdigit() for c in text):
        return False
    name = parse_name(text)
    if name is None or not name.given:
        return False
    tokens = [t for t in _NAME_GAPS.split(strip_name_marks(_PAREN.sub(" ", text))) if t]
    words = [fold(w) for w in (*name.surname.split(), *(g for g in name.given if not g.endswith(".")))]
    if len(tokens) > 6 or not 2 <= len(name.given) + len(name.surname.split()) <= 6:
        return False
    bad = word_list("name_org_words.txt") | word_list("name_nonname_words.txt")
    if any(w in bad for w in words if w):
        return False
    if fold(name.surname) in word_list("name_date_words.txt"):
        return False
    lower = [t for t in tokens if t[0].islower() and _key(t) not in particles()]
    return not lower
