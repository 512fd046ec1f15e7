"""PDF CVs: rebuild reading order from character positions, keep bold and font-size headings.

pdfplumber gives each character with its box and font. We group characters into rows by
baseline and rows into words by gaps, look for a column gutter per page (the sidebar of
two-column CV templates) and emit each column as one block, so two columns are never
interleaved line by line. A gap much wider than a space inside a line becomes two spaces
(a column gap: right-aligned dates). Icon-font glyphs, page numbers and running
headers/footers are dropped; a large vertical gap becomes a blank line, as entries in a
CV are separated by white space.
"""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from importlib import resources
from typing import Iterator, Optional

from kg.errors import ReadError
from kg.model import Document, checksum_of
from kg.readers.normalize import RawLine, finish, is_bullet, normalize_text

WORD_GAP = 0.1  # a gap wider than this many font sizes separates words
COLUMN_GAP = 0.9  # a gap wider than this inside a line becomes a double space
EDGE_BAND = 0.07  # running headers and footers live in this fraction of the page height
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,4}(?:\s*(?:/|of|von|de|sur)\s*\d{1,4})?$|^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$", re.I
)


@dataclass
class _Word:
    x0: float
    x1: float
    chars: list[str] = field(default_factory=list)
    mask: list[bool] = field(default_factory=list)
    size: float = 0.0
    y: float = 0.0  # baseline of the first character


@dataclass
class _Row:
    """Words on one baseline (of one column, once columns are split)."""

    y: float  # baseline, top-down
    top: float
    bottom: float
    words: list[_Word]
    size: float


@dataclass
class _PdfLine:
    text: str
    mask: list[bool]
    page: int
    row: _Row
    block: int
    indent_x: float  # where the text (after any bullet) starts
    block_x: float  # left edge of the line's block
    bullet: bool = False  # the line opens with a bullet glyph


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


def _rows(chars: list[dict]) -> list[_Row]:
    """Group a page's characters into rows by baseline, then into words by gaps."""
    kept = []
    for c in chars:
        text = c.get("text") or ""
        if not text or text.startswith("(cid:") or not c.get("upright", True):
            continue
        role = font_role(c.get("fontname") or "")
        if role == "icon":
            continue
        size = float(c.get("size") or 0) or 1.0
        matrix = c.get("matrix")
        y = -float(matrix[5]) if matrix else float(c["bottom"])
        kept.append((y, float(c["x0"]), float(c["x1"]), text, role == "bold", size, c["top"], c["bottom"]))
    kept.sort()
    rows: list[_Row] = []
    group: list[tuple] = []
    for item in kept:
        if group and item[0] - group[0][0] > 0.35 * max(item[5], group[0][5]):
            rows.append(_row(group))
            group = []
        group.append(item)
    if group:
        rows.append(_row(group))
    return [row for row in rows if row.words]


def _row(group: list[tuple]) -> _Row:
    group.sort(key=lambda item: item[1])
    words: list[_Word] = []
    word: Optional[_Word] = None
    for y, x0, x1, text, bold, size, _, _ in group:
        if text.isspace():
            word = None
            continue
        if word and word.chars[-1] == text and abs(x0 - word.x1 + (x1 - x0)) < 0.15 * size:
            word.mask[-len(text):] = [True] * len(text)  # overprinted: a poor man's bold
            continue
        if word is None or x0 - word.x1 > WORD_GAP * size:
            word = _Word(x0, x1, size=size, y=y)
            words.append(word)
        word.chars.append(text)
        word.mask.extend([bold] * len(text))
        word.x1 = max(word.x1, x1)
        word.size = max(word.size, size)
    top = min(item[6] for item in group)
    bottom = max(item[7] for item in group)
    return _Row(group[0][0], top, bottom, words, _size(words))


def _size(words: list[_Word]) -> float:
    """The font size most characters of these words use."""
    sizes: Counter = Counter()
    for word in words:
        sizes[round(word.size, 1)] += len(word.mask)
    return sizes.most_common(1)[0][0] if sizes else 0.0


# -------------------------------------------------------------------------- columns


def _gutter(rows: list[_Row]) -> Optional[tuple[float, float]]:
    """The x-range of a column gutter: empty in (almost) every row, with text on both sides.

    A gap that only separates right-aligned dates or a narrow label column is refused:
    such "columns" share their baselines row by row, like a table.
    """
    words = [w for row in rows for w in row.words]
    if len(rows) < 6 or not words:
        return None
    lo, hi = min(w.x0 for w in words), max(w.x1 for w in words)
    diff = [0] * (int(hi) + 3)
    for w in words:
        diff[max(0, int(w.x0))] += 1
        diff[int(w.x1) + 1] -= 1
    coverage = list(accumulate(diff))
    sizes = sorted(w.size for w in words)
    min_width = max(8.0, 1.2 * sizes[len(sizes) // 2])
    xs = range(int(lo + 0.12 * (hi - lo)), int(hi - 0.12 * (hi - lo)) + 1)
    for crossings in range(max(1, len(rows) // 12) + 1):  # prefer gutters fewer rows cross
        runs = _runs([x for x in xs if coverage[x] <= crossings])
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


def _is_gutter(rows: list[_Row], a: float, b: float, lo: float, hi: float) -> bool:
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


def _crosses(row: _Row, a: float, b: float) -> bool:
    return any(w.x0 < b and w.x1 > a for w in row.words)


def _header_row(row: _Row, a: float, b: float, edge: float) -> bool:
    """A row with words on both sides whose right part starts far from the right column's edge.

    Such a row belongs to a full-width header (contact details spread across the page).
    """
    right = [w for w in row.words if w.x0 >= b]
    return bool(right) and row.words[0].x1 <= a and right[0].x0 > edge + 4 * row.size


def _blocks(rows: list[_Row], depth: int = 0) -> list[list[_Row]]:
    """Rows in reading order, as blocks: full-width runs, then each column of a band."""
    gutter = _gutter(rows) if depth < 2 else None
    if gutter is None:
        return [rows] if rows else []
    a, b = gutter
    edge = min(
        (row.words[0].x0 for row in rows if row.words[0].x0 >= b and not _crosses(row, a, b)), default=b
    )
    blocks: list[list[_Row]] = []
    left: list[_Row] = []
    right: list[_Row] = []
    full: list[_Row] = []
    for row in rows:
        if _crosses(row, a, b) or _header_row(row, a, b, edge):
            for side in (left, right):
                blocks.extend(_blocks(list(side), depth + 1))
                side.clear()
            full.append(row)
            continue
        if full:
            blocks.append(full)
            full = []
        for side, words in ((left, [w for w in row.words if w.x1 <= a]), (right, [w for w in row.words if w.x0 >= b])):
            if words:
                side.append(_Row(words[0].y, row.top, row.bottom, words, _size(words)))
    if full:
        blocks.append(full)
    for side in (left, right):
        blocks.extend(_blocks(side, depth + 1))
    return blocks


# ---------------------------------------------------------------------------- lines


def _line_text(words: list[_Word]) -> tuple[str, list[bool]]:
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


def _page_lines(chars: list[dict], page: int, first_block: int) -> list[_PdfLine]:
    lines = []
    for n, block in enumerate(_blocks(_rows(chars)), start=first_block):
        block.sort(key=lambda row: row.y)
        block_x = min(row.words[0].x0 for row in block)
        for row in block:
            text, mask = _line_text(row.words)
            first = row.words[0]
            bullet = len(row.words) > 1 and len(first.chars) == 1 and is_bullet(first.chars[0])
            start = row.words[1].x0 if bullet else first.x0
            lines.append(_PdfLine(text, mask, page, row, n, start, block_x, bullet))
    return lines


def _drop_running(lines: list[_PdfLine], heights: dict[int, float]) -> list[_PdfLine]:
    """Drop page numbers and headers/footers repeated on most pages (modulo digits).

    A running header on page 1 is kept: the top of the first page is where the name is.
    """
    def band(line: _PdfLine) -> str:
        height = heights[line.page]
        if line.row.bottom < EDGE_BAND * height:
            return "top"
        return "bottom" if line.row.top > (1 - EDGE_BAND) * height else ""

    def key(line: _PdfLine) -> str:
        return re.sub(r"\d+", "#", " ".join(line.text.lower().split()))

    pages = Counter()
    for k in {(key(line), line.page) for line in lines if band(line)}:
        pages[k[0]] += 1
    repeated = {k for k, n in pages.items() if n >= max(2, (len(heights) + 1) // 2)}
    kept = []
    for line in lines:
        where = band(line)
        page_number = where and _PAGE_NUMBER.match(line.text.strip())
        running = where and key(line) in repeated and not (where == "top" and line.page == 1)
        if not (page_number or running):
            kept.append(line)
    return kept


def _raw_lines(lines: list[_PdfLine]) -> Iterator[RawLine]:
    """RawLines with heading levels from font size, and blank lines at wide vertical gaps."""
    body: Counter = Counter()
    for line in lines:
        body[line.row.size] += len(line.text)
    body_size = body.most_common(1)[0][0] if body else 10.0
    levels = _heading_levels(lines, body_size)
    deltas = Counter(round(b.row.y - a.row.y) for a, b in zip(lines, lines[1:]) if a.block == b.block and b.row.y > a.row.y)
    leading = min(deltas, key=lambda d: (-deltas[d], d)) if deltas else 1.2 * body_size  # the usual line spacing
    prev: Optional[_PdfLine] = None
    for line, heading in zip(lines, levels):
        if prev is not None and _starts_paragraph(prev, line, leading, body_size):
            yield RawLine("")
        offset = line.indent_x - line.block_x
        indent = min(3, round(offset / (1.2 * body_size))) if offset < 4 * body_size else 0
        yield RawLine(line.text, line.mask, heading=heading, indent=indent)
        prev = line


def _heading_levels(lines: list[_PdfLine], body_size: float) -> list[int]:
    """Heading level per line: the largest size is 1, the next 2 ...; 0 for body text.

    A line counts when three quarters of its characters are clearly larger than the body
    size; three or more such lines in a row are a paragraph in a large font, not headings.
    """
    sizes = []
    for line in lines:
        large: Counter = Counter()
        for word in line.row.words:
            if word.size >= 1.15 * body_size:
                large[round(word.size * 2) / 2] += len(word.mask)
        total = sum(len(word.mask) for word in line.row.words)
        top = large.most_common(1)[0][0] if large else 0.0
        sizes.append(top if sum(large.values()) >= 0.75 * total else 0.0)
    rank = {size: min(6, n) for n, size in enumerate(sorted(set(sizes) - {0.0}, reverse=True), start=1)}
    levels = [rank.get(size, 0) for size in sizes]
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or levels[i] != levels[start] or lines[i].block != lines[start].block:
            if levels[start] and i - start >= 3:
                levels[start:i] = [0] * (i - start)
            start = i
    return levels


def _starts_paragraph(prev: _PdfLine, line: _PdfLine, leading: float, body_size: float) -> bool:
    """A blank line goes between blocks of a page, at a page break into another column, and at
    wide vertical gaps (but not before a bulleted line: the list belongs to the entry above)."""
    if line.page != prev.page:
        return abs(line.block_x - prev.block_x) > 2 * body_size
    if line.block != prev.block:
        return True
    return _wide_gap(prev, line, leading) and not line.bullet  # a list belongs to the entry above it


def _wide_gap(prev: _PdfLine, line: _PdfLine, leading: float) -> bool:
    if prev.block != line.block or prev.page != line.page:
        return False
    expected = max(leading, 1.15 * max(prev.row.size, line.row.size))
    return line.row.y - prev.row.y > 1.4 * expected


# ------------------------------------------------------------------------- document


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """Silence pdfminer's warnings about odd fonts while we read (restored afterwards)."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _failure(error: Exception) -> str:
    """A short reason for a pdfminer/pdfplumber exception."""
    inner = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "encrypted PDF (needs a password)"
    detail = str(inner).strip().lower() or name
    return f"truncated or damaged PDF: {detail[:80]}"


def _title(metadata: dict) -> Optional[str]:
    title = metadata.get("Title") if isinstance(metadata, dict) else None
    if isinstance(title, bytes):
        title = title.decode("utf-16" if title.startswith(b"\xfe\xff") else "latin-1", "replace")
    if not isinstance(title, str):
        return None
    title = normalize_text(re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", title))
    return title or None


def _check_signature(data: bytes, source: str) -> None:
    if not data.strip():
        raise ReadError(source, "empty file")
    if b"%PDF-" not in data[:1024]:
        head = data[:512]
        looks_text = sum(32 <= b < 127 or b in b"\t\r\n" for b in head) > 0.9 * len(head)
        raise ReadError(source, "not a PDF (looks like text)" if looks_text else "not a PDF (looks like binary data)")


def parse_pdf(data: bytes, source: str = "<pdf>") -> Document:
    """A Document from the bytes of a PDF CV, in reading order.

    Raises ReadError for non-PDF bytes, encrypted or damaged files and scans without text.
    """
    _check_signature(data, source)
    pages, title = _load(data, source)
    lines: list[_PdfLine] = []
    for number, (height, chars) in enumerate(pages, start=1):
        lines.extend(_page_lines(chars, number, number * 1000))
    heights = {number: height for number, (height, _) in enumerate(pages, start=1)}
    if not heights:
        raise ReadError(source, "PDF has no pages")
    if not lines:
        raise ReadError(source, "no text layer (scanned PDF?)")
    raws = list(_raw_lines(_drop_running(lines, heights)))
    return Document(source, checksum_of(data), "pdf", finish(raws), title)


def _load(data: bytes, source: str) -> tuple[list[tuple[float, list[dict]]], Optional[str]]:
    """(page height, characters) per page, and the metadata title; library errors -> ReadError."""
    import pdfplumber  # imported late: it is slow to import and only PDFs need it

    with _quiet_pdfminer():
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                title = _title(pdf.metadata)
                return [(float(page.height), page.chars) for page in pdf.pages], title
        except Exception as error:  # pdfminer raises many kinds; none may escape
            raise ReadError(source, _failure(error)) from None
