"""Dates and date ranges as CVs write them, to ISO prefixes.

Handles ``2019``, ``Oct. 2019``, ``October 2019``, ``10/2019``, ``2019-10``, ``Fall 2015``,
ranges joined by ``-``, ``–``, ``—``, ``--``, ``to``, ``until``, open ends (``Present``,
``now``, ``current``, ``ongoing``, ``since 2019``, ``2019–``) and short end years
(``2015--17``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from kg.memo import text_cache

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    "spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12,
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter)"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_POINT = (
    rf"(?:{_MONTH}\.?,?\s*(?:\d{{1,2}},?\s+)?{_YEAR}"  # Oct. 2019, October 3, 2019
    rf"|\d{{1,2}}[/.]{_YEAR}"                          # 10/2019
    rf"|{_YEAR}[/.-](?:0?[1-9]|1[0-2])(?![\d])"        # 2019-10
    rf"|{_YEAR})"
)
_OPEN = r"(?:present|now|current(?:ly)?|ongoing|today|date|heute|aujourd'hui)"
_DASH = r"\s*(?:-{1,3}|–|—|−|~|\bto\b|\buntil\b|\btill\b)\s*"
_RANGE = re.compile(
    rf"\b(?P<month>{_MONTH})\.?{_DASH}(?P<mend>{_MONTH}\.?,?\s*(?:\d{{1,2}},?\s+)?{_YEAR})"  # Aug.–Dec. 2023
    rf"|(?:\b(?:since|from)\s+)?(?P<start>{_POINT})"
    rf"(?:{_DASH}\*?(?P<end>{_POINT}|{_OPEN}|\d{{2}}(?!\d))\*?|(?P<dangling>\s*(?:-{{1,2}}|–|—)(?=\s*$|\s*[|,;)])))?",
    re.IGNORECASE,
)
_SINCE = re.compile(rf"\b(?:since|from)\s+{_POINT}", re.IGNORECASE)
# Compiled once: a runaway line holds tens of thousands of dates.
_YEAR_RE = re.compile(_YEAR)
_MONTH_RE = re.compile(rf"({_MONTH})", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})[/.]({_YEAR})$")
_YEAR_MONTH = re.compile(rf"^({_YEAR})[/.-](\d{{1,2}})$")
_OPEN_RE = re.compile(_OPEN, re.IGNORECASE)
_TWO_DIGITS = re.compile(r"\d{2}")
_EMPTY_PARENS = re.compile(r"\(\s*[,;–—-]?\s*\)")
_WIDE_GAP = re.compile(r"\s{3,}")
_LETTERS = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class DateRange:
    """A parsed date or range and where it sits in the text it came from."""

    start: Optional[str]
    end: Optional[str]
    current: bool
    begin: int
    stop: int

    @property
    def text_span(self) -> tuple[int, int]:
        return self.begin, self.stop


@text_cache()
def parse_point(text: str) -> Optional[str]:
    """An ISO prefix for one date, or None.

    >>> parse_point("Oct. 2019"), parse_point("10/2019"), parse_point("2019")
    ('2019-10', '2019-10', '2019')
    """
    text = text.strip().strip("*").strip()
    year = _YEAR_RE.search(text)
    if not year:
        return None
    month_word = _MONTH_RE.match(text)
    if month_word:
        return f"{year.group(0)}-{MONTHS[month_word.group(1).lower()]:02d}"
    numeric = _MONTH_YEAR.match(text) or _YEAR_MONTH.match(text)
    if numeric:
        a, b = numeric.groups()
        month, year_text = (a, b) if len(b) == 4 else (b, a)
        if 1 <= int(month) <= 12:
            return f"{year_text}-{int(month):02d}"
    return year.group(0)


def find_dates(text: str) -> list[DateRange]:
    """Every date or date range in ``text``, left to right.

    >>> [(d.start, d.end, d.current) for d in find_dates("Engineer, Acme  Oct. 2019 - Present")]
    [('2019-10', None, True)]
    >>> [(d.start, d.end) for d in find_dates("2015--17: Postdoc")]
    [('2015', '2017')]
    >>> [(d.start, d.end) for d in find_dates("Aug.–Dec. 2023  Visiting Scholar")]
    [('2023-08', '2023-12')]
    >>> [(d.start, d.end) for d in find_dates("Nov. - Feb. 2020")]
    [('2019-11', '2020-02')]
    """
    return list(_find_dates(text))


@text_cache()
def _find_dates(text: str) -> tuple[DateRange, ...]:
    """``find_dates``, kept: a line is asked for its dates by several extractors."""
    if not _YEAR_RE.search(text):  # every date the patterns read holds a year
        return ()
    found = []
    for match in _RANGE.finditer(text):
        if match.group("month"):
            end = parse_point(match.group("mend"))
            month = MONTHS[match.group("month").lower()]
            year = int(end[:4]) - (month > int(end[5:7])) if end and len(end) == 7 else None
            found.append(DateRange(f"{year}-{month:02d}" if year else None, end, False, match.start(), match.end()))
            continue
        start = parse_point(match.group("start"))
        end_text = match.group("end")
        current = bool(end_text and _OPEN_RE.fullmatch(end_text))
        end = None
        if end_text and not current:
            end = _short_year(start, end_text) if _TWO_DIGITS.fullmatch(end_text) else parse_point(end_text)
        if match.group("dangling") or (match.group(0).lower().startswith("since") and not end_text):
            current = True
        found.append(DateRange(start, end, current, match.start(), match.end()))
    return tuple(found)


def _short_year(start: Optional[str], two_digits: str) -> Optional[str]:
    if not start:
        return None
    century = start[:2]
    end = f"{century}{two_digits}"
    return end if end >= start[:4] else f"{int(century) + 1}{two_digits}"


@text_cache()
def strip_dates(text: str) -> str:
    """``text`` with its dates and ranges removed and the separators they leave tidied.

    >>> strip_dates("Staff Engineer (Oct. 2019 - Present)")
    'Staff Engineer'
    """
    out = text
    for found in reversed(find_dates(text)):
        out = out[:found.begin] + " " + out[found.stop:]
    out = _EMPTY_PARENS.sub(" ", out)
    out = _WIDE_GAP.sub("  ", out)
    return out.strip(" ,;:|–—-").strip()


@text_cache()
def is_date_only(text: str) -> bool:
    """True when a line holds nothing but dates (and separators).

    >>> is_date_only("May 2018 - Aug 2018"), is_date_only("Engineer 2019")
    (True, False)
    """
    rest = strip_dates(text)
    return bool(find_dates(text)) and not _LETTERS.search(rest)
