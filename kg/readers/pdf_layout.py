"""PDF page geometry: characters to words and rows, and rows to column blocks in reading order.

Rows are characters sharing a baseline; words split at gaps wider than a tenth of the font
size. A column gutter is an x-range that (almost) no row crosses, with enough text on both
sides that does not share baselines row by row (which would be a table: dates beside
entries). Each band between full-width rows is emitted left column first, then right.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from operator import itemgetter
from typing import Optional

WORD_GAP = 0.1  # a gap wider than this many font sizes separates words
COLUMN_GAP = 0.9  # a gap wider than this inside a line becomes a double space


@dataclass
class Word:
    x0: float
    x1: float
    chars: list[str] = field(default_factory=list)
    mask: list[bool] = field(default_factory=list)
    size: float = 0.0
    y: float = 0.0  # baseline of the first character


@dataclass
class Row:
    """Words on one baseline (of one column, once columns are split)."""

    y: float  # baseline, top-down
    top: float
    bottom: float
    words: list[Word]
    size: float


# ------------------------------------------------------------------------------ fonts


@lru_cache(maxsize=1)
def _font_patterns() -> dict[str, re.Pattern]:
    """Regexes for bold and icon font names, from kg/data/fonts.tsv."""
    roles: dict[str, list[str]] = {"bold": [], "icon": []}
    text = resources.files("kg").joinpath("data/fonts.tsv").read_text(encoding="utf-8")
    for row in text.splitlines():
        if row.strip() and not row.startswith("#"):
            pattern, role = row.split("\t")[:2]
            roles[role.strip()].append(pattern)
    return {role: re.compile("|".join(f"(?:{p})" for p in pats), re.I) for role, pats in roles.items()}


@lru_cache(maxsize=256)
def font_role(fontname: str) -> str:
    """'icon', 'bold' or '' for a PDF font name such as 'ABCDEF+Lato-Bold'.

    >>> font_role("VVVDTZ+Lato-Bold"), font_role("XYZ+FontAwesome5Free-Solid"), font_role("Lato-Regular")
    ('bold', 'icon', '')
    """
    name = fontname.split("+", 1)[-1]
    patterns = _font_patterns()
    if patterns["icon"].search(name):
        return "icon"
    return "bold" if patterns["bold"].search(name) else ""


# ---------------------------------------------------------------------- chars to rows


def page_rows(glyphs: list[tuple], width: float, height: float) -> tuple[list[Row], float]:
    """Group a page's characters into rows by baseline, then into words by gaps.

    ``glyphs`` are (text, font name, size, matrix, x0, y0, x1, y1) in PDF page space (y
    up), as ``kg.readers.pdf`` records them. Coordinates are taken in the frame of the
    page's main text direction, so a page set sideways (rotated text) reads like an
    upright one; text in other directions (a vertical label in a margin) is left out.
    Returns the rows and the frame's height.
    """
    (dx, dy), (nx, ny) = _direction(glyphs)
    corners = [x * nx + y * ny for x in (0.0, width) for y in (0.0, height)]
    top_v = max(corners)
    roles: dict[str, str] = {}
    isfinite, hypot = math.isfinite, math.hypot
    kept = []
    for text, fontname, size, matrix, gx0, gy0, gx1, gy1 in glyphs:
        fontname = fontname or ""
        role = roles.get(fontname)
        if role is None:
            role = roles[fontname] = font_role(fontname)
        if not text or text.startswith("(cid:") or role == "icon":
            continue
        top, bottom = height - gy1, height - gy0
        a, b, _, _, e, f = matrix or (1, 0, 0, 1, gx0, height - bottom)
        if a * dx + b * dy < 0.99 * (hypot(a, b) or 1.0):
            continue
        size = float(size or 0) or 1.0
        if not (isfinite(a) and isfinite(b) and isfinite(e) and isfinite(f) and isfinite(size)
                and isfinite(gx0) and isfinite(gx1) and isfinite(top) and isfinite(bottom)):
            continue  # a character at an infinite or NaN place (a hostile matrix) is nowhere
        x0 = e * dx + f * dy
        x1 = x0 + abs(dx) * (gx1 - gx0) + abs(dy) * (bottom - top)
        y = top_v - (e * nx + f * ny)  # baseline, from the top of the frame down
        kept.append((y, x0, x1, text, role == "bold", size, y - size, y + 0.25 * size))
    kept.sort()
    rows: list[Row] = []
    group: list[tuple] = []
    for item in kept:
        if group and item[0] - group[0][0] > 0.35 * max(item[5], group[0][5]):
            rows.append(_row(group))
            group = []
        group.append(item)
    if group:
        rows.append(_row(group))
    return [row for row in rows if row.words], top_v - min(corners)


def _direction(glyphs: list[tuple]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The unit vector most characters' text runs along, and the "up" normal to it."""
    votes: Counter = Counter()
    for matrix in map(itemgetter(3), glyphs):
        votes[matrix[:2] if matrix else (1, 0)] += 1
    directions: Counter = Counter()
    for (a, b), count in votes.items():  # each distinct (a, b) is normalised once
        norm = math.hypot(a, b)
        if norm:
            directions[(round(a / norm, 2), round(b / norm, 2))] += count
    dx, dy = directions.most_common(1)[0][0] if directions else (1.0, 0.0)
    norm = math.hypot(dx, dy) or 1.0
    dx, dy = dx / norm, dy / norm
    return (dx, dy), (-dy, dx)


def _row(group: list[tuple]) -> Row:
    group.sort(key=lambda item: item[1])
    words: list[Word] = []
    word: Optional[Word] = None
    for y, x0, x1, text, bold, size, _, _ in group:
        if text.isspace():
            word = None
            continue
        if word and word.chars[-1] == text and abs(x0 - word.x1 + (x1 - x0)) < 0.15 * size:
            word.mask[-len(text):] = [True] * len(text)  # overprinted: a poor man's bold
            continue
        if word is None or x0 - word.x1 > WORD_GAP * size:
            word = Word(x0, x1, size=size, y=y)
            words.append(word)
        word.chars.append(text)
        word.mask.extend([bold] * len(text))
        word.x1 = max(word.x1, x1)
        word.size = max(word.size, size)
    top = min(item[6] for item in group)
    bottom = max(item[7] for item in group)
    return Row(group[0][0], top, bottom, words, row_size(words))


def row_size(words: list[Word]) -> float:
    """The font size most characters of these words use."""
    sizes: Counter = Counter()
    for word in words:
        sizes[round(word.size, 1)] += len(word.mask)
    return sizes.most_common(1)[0][0] if sizes else 0.0


# -------------------------------------------------------------------------- columns


MAX_TEXT_SPAN = 20_000.0  # points (7 m): wider than any real page's text


def _gutter(rows: list[Row]) -> Optional[tuple[float, float]]:
    """The x-range of a column gutter: empty in (almost) every row, with text on both sides.

    A gap that only separates right-aligned dates or a narrow label column is refused:
    such "columns" share their baselines row by row, like a table.
    """
    words = [w for row in rows for w in row.words]
    if len(rows) < 6 or not words:
        return None
    lo, hi = min(w.x0 for w in words), max(w.x1 for w in words)
    if hi - lo > MAX_TEXT_SPAN:  # text strewn over kilometres: a hostile file, not a layout
        return None
    base = int(lo)
    diff = [0] * (int(hi) - base + 3)  # coverage per point, from the leftmost text on
    for w in words:
        diff[min(max(0, int(w.x0) - base), len(diff) - 1)] += 1
        diff[min(max(0, int(w.x1) - base + 1), len(diff) - 1)] -= 1
    coverage = list(accumulate(diff))
    sizes = sorted(w.size for w in words)
    min_width = max(8.0, 1.2 * sizes[len(sizes) // 2])
    xs = range(int(lo + 0.12 * (hi - lo)), int(hi - 0.12 * (hi - lo)) + 1)
    for crossings in range(max(1, len(rows) // 12) + 1):  # prefer gutters fewer rows cross
        runs = _runs([x for x in xs if coverage[x - base] <= crossings])
        for a, b in sorted(runs, key=lambda run: run[0] - run[1]):
            if b - a >= min_width and _is_gutter(rows, a, b, lo, hi):
                return float(a), float(b)
    return None


def _runs(xs: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive integers, as [start, end) pairs."""
    runs: list[tuple[int, int]] = []
    for x in xs:
        if runs and runs[-1][1] == x:
            runs[-1] = (runs[-1][0], x + 1)
        else:
            runs.append((x, x + 1))
    return runs


def _is_gutter(rows: list[Row], a: float, b: float, lo: float, hi: float) -> bool:
    """Text on both sides in enough rows, each side wide enough, and not a table's shared baselines."""
    left = right = both = 0
    left_edge, right_edge = lo, hi
    for row in rows:
        if any(w.x0 < b and w.x1 > a for w in row.words):
            continue
        on_left = [w for w in row.words if w.x1 <= a]
        on_right = [w for w in row.words if w.x0 >= b]
        aligned = bool(on_left and on_right) and abs(on_left[-1].y - on_right[0].y) < 0.5  # a table row
        left, right, both = left + bool(on_left), right + bool(on_right), both + aligned
        left_edge = max([left_edge] + [w.x1 for w in on_left])
        right_edge = min([right_edge] + [w.x0 for w in on_right])
    if min(left, right) < 3:
        return False
    if min(left_edge - lo, hi - right_edge) < 0.2 * (hi - lo):
        return False
    return both <= 0.6 * min(left, right)


def _crosses(row: Row, a: float, b: float) -> bool:
    return any(w.x0 < b and w.x1 > a for w in row.words)


def _header_row(row: Row, a: float, b: float, edge: float) -> bool:
    """A row with words on both sides whose right part starts far from the right column's edge.

    Such a row belongs to a full-width header (contact details spread across the page).
    """
    right = [w for w in row.words if w.x0 >= b]
    return bool(right) and row.words[0].x1 <= a and right[0].x0 > edge + 4 * row.size


def column_blocks(rows: list[Row], depth: int = 0) -> list[list[Row]]:
    """Rows in reading order, as blocks: full-width runs, then each column of a band."""
    return [block for _, block in tagged_blocks(rows, depth)]


def tagged_blocks(rows: list[Row], depth: int = 0) -> list[tuple[str, list[Row]]]:
    """Like ``column_blocks``, each block tagged with the side of the page's gutter it sits on.

    Tags are "full" (a full-width run, or a page without columns), "left" and "right".
    """
    gutter = _gutter(rows) if depth < 2 else None
    if gutter is None:
        return [("full", rows)] if rows else []
    a, b = gutter
    edge = min(
        (row.words[0].x0 for row in rows if row.words[0].x0 >= b and not _crosses(row, a, b)), default=b
    )
    blocks: list[tuple[str, list[Row]]] = []
    left: list[Row] = []
    right: list[Row] = []
    full: list[Row] = []

    def flush_sides() -> None:
        for tag, side in (("left", left), ("right", right)):
            blocks.extend((tag, block) for block in column_blocks(list(side), depth + 1))
            side.clear()

    for row in rows:
        if _crosses(row, a, b) or _header_row(row, a, b, edge):
            flush_sides()
            full.append(row)
            continue
        if full:
            blocks.append(("full", full))
            full = []
        for side, words in ((left, [w for w in row.words if w.x1 <= a]), (right, [w for w in row.words if w.x0 >= b])):
            if words:
                side.append(Row(words[0].y, row.top, row.bottom, words, row_size(words)))
    if full:
        blocks.append(("full", full))
    flush_sides()
    return blocks


# ---------------------------------------------------------------------------- lines


def line_text(words: list[Word]) -> tuple[str, list[bool]]:
    """Join words with one space, or two where the gap is a column gap."""
    text: list[str] = []
    mask: list[bool] = []
    for i, word in enumerate(words):
        if i:
            prev = words[i - 1]
            gap = "  " if word.x0 - prev.x1 > COLUMN_GAP * max(word.size, prev.size) else " "
            text.append(gap)
            mask.extend([prev.mask[-1] and word.mask[0]] * len(gap))
        text.append("".join(word.chars))
        mask.extend(word.mask)
    return "".join(text), mask
