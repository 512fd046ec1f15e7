"""Undo hard wrapping: find the line breaks a text filler made, so wrapped entries read as one line.

Converters (pandoc, ``fmt``, e-mail clients, LaTeX-to-text tools) fill paragraphs to a fixed
width, so one entry — "Graduate Research Assistant, Department of Biology, Dalhousie /
University, Halifax" — is cut wherever the width ran out, often inside an organization's
name. A break is a *fill break* when the next line's first word would not have fitted on
the line: that is the filler's own rule, so it holds whatever the width was. The width is
read off the document: in filled text most lines that go on to another line end just
short of it. Text whose authors broke their own lines (one item per line) shows no such
pile-up, and nothing is joined.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

_ITEM = re.compile(r"^\s*(?:[-*+:~•·▪‣◦]|\d{1,9}[.)])(?:\s|$)")
_COLUMNS = re.compile(r"\S {3,}\S")  # right-aligned dates or places: a layout, not a fill
_HARD_BREAK = re.compile(r"(?:\\|  )$")
_STRUCTURE = re.compile(r"^\s*(?:#|={3,}|-{3,}|\||```|~~~|>)")

MIN_LINES = 20        # continued lines needed before a width is trusted
MIN_SHARE = 0.5       # share of continued lines that end within SLACK of the width
SLACK = 12
MAX_OVER = 0.1        # share of continued lines allowed past the width (unbreakable URLs)


def _width(line: str) -> int:
    return len(line.rstrip().expandtabs(4))


def _continues(line: str, nxt: str) -> bool:
    """True when ``nxt`` could carry on the paragraph ``line`` is in."""
    return bool(line.strip() and nxt.strip() and not _ITEM.match(nxt) and not _STRUCTURE.match(nxt)
                and not _STRUCTURE.match(line) and not _COLUMNS.search(_ITEM.sub("", line).strip())
                and not _COLUMNS.search(nxt.strip()))


def fill_width(lines: Sequence[str]) -> Optional[int]:
    """The width a filler wrapped ``lines`` to, or None when they were not filled.

    >>> words = ("alpha beta gamma delta epsilon zeta eta theta iota kappa " * 40).split()
    >>> text, line = [], ""
    >>> for word in words:
    ...     if line and len(line) + 1 + len(word) > 40:
    ...         text.append(line); line = word
    ...     else:
    ...         line = f"{line} {word}".strip()
    >>> fill_width(text + [line])  # the longest filled line: the width, or a little under it
    39
    >>> fill_width(["Acme Corp", "Senior Engineer", "2019 - 2021"] * 20) is None
    True
    """
    ends = [_width(a) for a, b in zip(lines, lines[1:]) if _continues(a, b)]
    if len(ends) < MIN_LINES:
        return None
    best: Optional[tuple[int, int]] = None
    for width in range(30, 201):
        near = sum(1 for end in ends if width - SLACK < end <= width)
        over = sum(1 for end in ends if end > width)
        if over <= MAX_OVER * len(ends) and near >= MIN_SHARE * len(ends) and (best is None or near > best[1]):
            best = (width, near)
    if best is None:
        return None
    return max(end for end in ends if end <= best[0])


def fill_breaks(lines: Sequence[str], width: Optional[int] = None) -> frozenset[int]:
    """Indices ``i`` whose break to line ``i + 1`` a filler made (join them with a space).

    >>> fill_breaks(["Research Assistant, Department of Biology, Dalhousie",
    ...              "University, Halifax", "Teaching Assistant"], width=55)
    frozenset({0})
    """
    width = width if width is not None else fill_width(lines)
    if width is None:
        return frozenset()
    joins = set()
    for i, (line, nxt) in enumerate(zip(lines, lines[1:])):
        if not _continues(line, nxt) or _HARD_BREAK.search(line):
            continue
        word = nxt.split(None, 1)[0]
        if _width(line) + 1 + len(word) > width:
            joins.add(i)
    return frozenset(joins)
