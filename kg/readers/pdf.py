"""PDF CVs: rebuild reading order from character positions, keep bold and font-size headings.

pdfminer.six gives each character with its box and font; ``pdf_layout`` turns them into rows
and column blocks (a two-column CV's sidebar comes out as its own block, never interleaved
line by line with the main column). Here the blocks become lines: icon-font glyphs, page
numbers and running headers/footers are dropped, font sizes clearly above the body size
become heading levels, and a wide vertical gap becomes a blank line, since entries in a
CV are separated by white space.
"""
from __future__ import annotations

import contextvars
import io
import logging
import re
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional

from kg.errors import LimitError, ReadError
from kg.limits import Limits, check_time, too_big
from kg.model import Document, checksum_of
from kg.readers.normalize import RawLine, finish, is_bullet, normalize_text
from kg.readers.pdf_layout import Row, line_text, page_rows, tagged_blocks

EDGE_BAND = 0.07  # running headers and footers live in this fraction of the page height
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,4}(?:\s*(?:/|of|von|de|sur)\s*\d{1,4})?$|^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$", re.I
)


@dataclass
class _PdfLine:
    text: str
    mask: list[bool]
    page: int
    row: Row
    block: int
    indent_x: float  # where the text (after any bullet) starts
    block_x: float  # left edge of the line's block
    bullet: bool = False  # the line opens with a bullet glyph


# ---------------------------------------------------------------------------- lines


def _page_lines(blocks: list[list[Row]], page: int, first_block: int) -> list[_PdfLine]:
    """The lines of one page's blocks in reading order, with what blank lines and indents need."""
    lines = []
    for n, block in enumerate(blocks, start=first_block):
        block.sort(key=lambda row: row.y)
        block_x = min(row.words[0].x0 for row in block)
        for row in block:
            text, mask = line_text(row.words)
            first = row.words[0]
            bullet = len(row.words) > 1 and len(first.chars) == 1 and is_bullet(first.chars[0])
            start = row.words[1].x0 if bullet else first.x0
            lines.append(_PdfLine(text, mask, page, row, n, start, block_x, bullet))
    return lines


def _column_streams(tagged: list[list[tuple[str, list[Row]]]], heights: dict[int, float]):
    """(block group number, page, blocks) in reading order across pages.

    Page by page, unless every page has the same two columns of unequal width (a sidebar
    beside a main column, as in AltaCV and moderncv layouts): then each column runs on from
    page to page, so the experience a page break cut in two reads as one section. The
    column page 1 shows first stays first; full-width runs at the top or bottom edge of a
    page (the header, running footers) keep their place.
    """
    per_page = [(n, blocks) for n, blocks in enumerate(tagged, start=1)]
    if len(tagged) < 2 or not _same_columns(tagged, heights):
        return [(n, n, [b for _, b in blocks]) for n, blocks in per_page]
    first = next(tag for tag, _ in tagged[0] if tag != "full")
    order = (first, "right" if first == "left" else "left")
    out = [(n, n, [b for tag, b in blocks if tag == "full"]) for n, blocks in per_page[:1]]
    group = len(tagged) + 1
    for side in order:
        for n, blocks in per_page:
            out.append((group, n, [b for tag, b in blocks if tag == side]))
            group += 1
    out += [(group + n, n, [b for tag, b in blocks if tag == "full"]) for n, blocks in per_page[1:]]
    return out


def _same_columns(tagged: list[list[tuple[str, list[Row]]]], heights: dict[int, float]) -> bool:
    """Every page: a left and a right column with overlapping gutters, of clearly unequal widths;
    full-width text only at the page edges (and page 1's header)."""
    edges = []
    for page, blocks in enumerate(tagged, start=1):
        sides = {tag: [w for t, block in blocks if t == tag for row in block for w in row.words] for tag in ("left", "right")}
        if not sides["left"] or not sides["right"]:
            return False
        for tag, block in blocks:
            if tag == "full" and page > 1 and not all(
                    row.bottom < EDGE_BAND * heights[page] or row.top > (1 - EDGE_BAND) * heights[page] for row in block):
                return False
        left = (min(w.x0 for w in sides["left"]), max(w.x1 for w in sides["left"]))
        right = (min(w.x0 for w in sides["right"]), max(w.x1 for w in sides["right"]))
        edges.append((left, right))
    gutter_lo = max(left[1] for left, _ in edges)
    gutter_hi = min(right[0] for _, right in edges)
    widths = [(left[1] - left[0], right[1] - right[0]) for left, right in edges]
    unequal = all(min(a, b) < 0.8 * max(a, b) for a, b in widths)
    return gutter_lo < gutter_hi and unequal


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


#: (file, byte cap, bytes decoded so far) of the PDF being read, for ``_lzwdecode``.
_LZW_BUDGET: contextvars.ContextVar[Optional[list]] = contextvars.ContextVar("kg_lzw_budget", default=None)


@contextmanager
def _quiet_pdfminer(source: str = "<pdf>", limits: Optional[Limits] = None) -> Iterator[None]:
    """Silence pdfminer's warnings about odd fonts while we read (restored afterwards), and
    give it a linear ``decompress_corrupted`` (its own adds one byte at a time to a bytes
    object: quadratic, minutes for a damaged stream of a megabyte) and an LZW decoder that
    stops at ``limits.max_pdf_stream_bytes``."""
    from pdfminer import pdftypes

    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _lzwdecode
    token = _LZW_BUDGET.set([source, (limits or Limits()).max_pdf_stream_bytes, 0])
    try:
        yield
    finally:
        _LZW_BUDGET.reset(token)
        logger.setLevel(level)


def _lzwdecode(data: bytes) -> bytes:
    """pdfminer's LZW decoding, stopped with a LimitError once the file's LZW streams pass
    ``max_pdf_stream_bytes`` (an LZW bomb turns 12 bits into up to 4 KB, a thousandfold:
    the Flate check before reading cannot see it) and checking the time budget as it goes."""
    from pdfminer.lzw import LZWDecoder

    budget = _LZW_BUDGET.get()
    if budget:  # count first, keeping nothing: a bomb is refused without its bytes in memory
        total = budget[2]
        for count, piece in enumerate(LZWDecoder(io.BytesIO(data)).run(), start=1):
            total += len(piece)
            if total > budget[1]:
                raise LimitError(budget[0], too_big("inflated streams", total, budget[1], "max_pdf_stream_bytes"))
            if count % 4096 == 0:
                check_time("an LZW stream")
        budget[2] = total
    return b"".join(LZWDecoder(io.BytesIO(data)).run())


def _decompress_corrupted(data: bytes) -> bytes:
    """What pdfminer's ``decompress_corrupted`` returns, in linear time: the stream inflated
    up to a bad checksum in its last four bytes; an error earlier is raised as pdfminer does."""
    inflate = zlib.decompressobj()
    head, tail = data[:-4], data[-4:]
    out = [inflate.decompress(head)] if head else []
    for i in range(len(tail)):
        try:
            out.append(inflate.decompress(tail[i:i + 1]))
        except zlib.error:
            break
    return b"".join(out)


_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def _check_streams(data: bytes, source: str, limits: Limits) -> None:
    """Refuse a PDF whose Flate streams inflate past ``max_pdf_stream_bytes`` (a bomb),
    inflating each in 1 MB steps and keeping nothing, before pdfminer inflates them whole."""
    total, cap = 0, limits.max_pdf_stream_bytes
    for match in _STREAM.finditer(data):
        inflate = zlib.decompressobj()
        pending = data[match.end():]
        try:
            while pending and total <= cap:
                total += len(inflate.decompress(pending, 1024 * 1024))
                pending = inflate.unconsumed_tail
                if inflate.eof:
                    break
        except zlib.error:
            pass  # not Flate, or damaged: pdfminer decides
        if total > cap:
            raise LimitError(source, too_big("inflated streams", total, cap, "max_pdf_stream_bytes"))


def _failure(error: Exception) -> str:
    """A short reason for a pdfminer/pdfplumber exception."""
    inner = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "encrypted PDF (needs a password)"
    if not type(inner).__module__.startswith(("pdfminer", "pdfplumber")):
        return "truncated or damaged PDF: unreadable structure"  # a Python error deep in the parser
    detail = str(inner).strip().lower() or name
    return f"truncated or damaged PDF: {detail[:80]}"


def _title(document) -> Optional[str]:
    """The Info dictionary's Title, unless it is a file name or a placeholder."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    info = resolve1(document.info[0]) if document.info else {}
    title = resolve1(info.get("Title")) if isinstance(info, dict) else None
    if isinstance(title, bytes):
        title = decode_text(title)
    if not isinstance(title, str):
        return None
    title = normalize_text(re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", title))
    if re.fullmatch(r"untitled.*|.*\.(?:pdf|docx?|odt|rtf|tex|dvi|md|txt)", title, re.I):
        return None
    return title or None


def _check_signature(data: bytes, source: str) -> None:
    if not data.strip():
        raise ReadError(source, "empty file")
    if b"%PDF-" not in data[:1024]:
        head = data[:512]
        looks_text = sum(32 <= b < 127 or b in b"\t\r\n" for b in head) > 0.9 * len(head)
        raise ReadError(source, "not a PDF (looks like text)" if looks_text else "not a PDF (looks like binary data)")


def parse_pdf(data: bytes, source: str = "<pdf>", limits: Optional[Limits] = None) -> Document:
    """A Document from the bytes of a PDF CV, in reading order.

    Raises ReadError for non-PDF bytes, encrypted or damaged files and scans without text,
    LimitError for more pages, characters or inflated stream bytes than ``limits`` allow.
    """
    limits = limits or Limits.from_env()
    _check_signature(data, source)
    _check_streams(data, source, limits)
    pages, title = _load(data, source, limits)
    heights: dict[int, float] = {}
    tagged = []
    for number, (width, height, chars) in enumerate(pages, start=1):
        rows, heights[number] = page_rows(chars, width, height)
        tagged.append(tagged_blocks(rows))
    lines: list[_PdfLine] = []
    for number, page, blocks in _column_streams(tagged, heights):
        lines.extend(_page_lines(blocks, page, number * 1000))
    if not heights:
        raise ReadError(source, "truncated or damaged PDF: no pages")
    if not lines:
        raise ReadError(source, "no text layer (scanned PDF?)")
    raws = list(_raw_lines(_drop_running(lines, heights)))
    return Document(source, checksum_of(data), "pdf", finish(raws), title)


def _load(data: bytes, source: str, limits: Limits) -> tuple[list[tuple[float, float, list[_Glyph]]], Optional[str]]:
    """(width, height, characters) per page, and the metadata title; library errors -> ReadError.

    pdfminer is used directly (pdfplumber's per-character dictionaries cost twice the time).
    The page count is checked from the page tree before any page is read, and again while
    reading (a page tree can lie); so are the characters and the time budget.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with _quiet_pdfminer(source, limits):
        try:
            document = PDFDocument(PDFParser(io.BytesIO(data)))
            _check_page_count(_declared_pages(document), source, limits)
            title = _title(document)
            resources = PDFResourceManager(caching=True)
            device = _glyph_device()(resources, laparams=None)
            interpreter = PDFPageInterpreter(resources, device)
            pages, chars = [], 0
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                _check_page_count(number, source, limits)
                check_time(f"page {number}")
                interpreter.process_page(page)
                layout = device.get_result()
                pages.append((float(layout.width), float(layout.height), _chars(layout)))
                chars += len(pages[-1][2])
                if chars > limits.max_chars:
                    raise LimitError(source, too_big("characters", chars, limits.max_chars, "max_chars"))
            return pages, title
        except ReadError:
            raise
        except Exception as error:  # pdfminer raises many kinds; none may escape
            raise ReadError(source, _failure(error)) from None


def _font_name(value) -> str:
    """A font's name as text: pdfminer passes on whatever the font descriptor holds, and a
    damaged one holds a keyword, a number or a dictionary where a name belongs."""
    if isinstance(value, str):
        return value
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        return name.decode("latin-1")
    return name if isinstance(name, str) else ""


def _declared_pages(document) -> int:
    """The page count the page tree declares (0 when it says nothing usable)."""
    from pdfminer.pdftypes import resolve1

    pages = resolve1(document.catalog.get("Pages")) if isinstance(document.catalog, dict) else None
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) else 0


def _check_page_count(pages: int, source: str, limits: Limits) -> None:
    if pages > limits.max_pdf_pages:
        raise LimitError(source, too_big("pages", pages, limits.max_pdf_pages, "max_pdf_pages"))


class _Glyph(tuple):
    """One character as the glyph device records it: (text, font name, size, matrix, x0, y0,
    x1, y1), in PDF page space (y up)."""

    __slots__ = ()


def _chars(layout) -> list[_Glyph]:
    """The characters of a page the glyph device recorded (inside figures too), in the
    order pdfminer's own layout walk gave them."""
    chars: list[_Glyph] = []
    stack = [layout]
    while stack:
        for item in reversed(list(stack.pop())):
            if isinstance(item, _Glyph):
                chars.append(item)
            elif hasattr(item, "__iter__"):
                stack.append(item)
    return chars


_DEVICE = None


def _glyph_device():
    """pdfminer's page aggregator, recording each character as a ``_Glyph`` instead of an
    ``LTChar`` and leaving out the paths and images kg never reads.

    The box is pdfminer's own arithmetic (``LTChar.__init__``, ``apply_matrix_rect``), so the
    numbers are the same to the last bit; what is saved is the object per character and the
    font lookups, done once per font and character code (a font without a width table made
    pdfminer raise and catch an exception for every character): a third of a PDF's reading.
    """
    global _DEVICE
    if _DEVICE is not None:
        return _DEVICE
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdffont import PDFUnicodeNotDefined

    class GlyphDevice(PDFPageAggregator):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._glyphs: dict = {}  # (font, cid) -> (text, width, displacement)
            self._fonts: dict = {}  # font -> (name, vertical, descent per unit size)

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
            known = self._glyphs.get((font, cid))
            if known is None:
                try:
                    text = font.to_unichr(cid)
                    assert isinstance(text, str), str(type(text))
                except PDFUnicodeNotDefined:
                    text = self.handle_undefined_char(font, cid)
                known = self._glyphs[font, cid] = (text, font.char_width(cid), font.char_disp(cid))
            text, textwidth, textdisp = known
            facts = self._fonts.get(font)
            if facts is None:
                facts = self._fonts[font] = (_font_name(font.fontname), font.is_vertical(), font.get_descent())
            fontname, vertical, descent = facts
            adv = textwidth * fontsize * scaling
            if vertical:
                vx, vy = textdisp
                vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
                vy = (1000 - vy) * fontsize * 0.001
                bx0, by0, bx1, by1 = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
            else:
                low = descent * fontsize + rise
                bx0, by0, bx1, by1 = (0, low, adv, low + fontsize)
            a, b, c, d, e, f = matrix
            left1, bottom1 = a * bx0 + c * by0 + e, b * bx0 + d * by0 + f
            right1, bottom2 = a * bx1 + c * by0 + e, b * bx1 + d * by0 + f
            right2, top1 = a * bx1 + c * by1 + e, b * bx1 + d * by1 + f
            left2, top2 = a * bx0 + c * by1 + e, b * bx0 + d * by1 + f
            x0, y0 = min(left1, left2, right1, right2), min(bottom1, bottom2, top1, top2)
            x1, y1 = max(left1, left2, right1, right2), max(bottom1, bottom2, top1, top2)
            size = x1 - x0 if vertical else y1 - y0
            self.cur_item.add(_Glyph((text, fontname, size, matrix, x0, y0, x1, y1)))
            return adv

        def paint_path(self, *args, **kwargs) -> None:
            pass

        def render_image(self, *args, **kwargs) -> None:
            pass

    _DEVICE = GlyphDevice
    return _DEVICE
