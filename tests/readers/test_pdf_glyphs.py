"""kg's glyph device records what pdfminer's own layout objects say, to the last bit.

``kg.readers.pdf`` replaces pdfminer's ``LTChar`` (one object per character, and font
lookups per character) by a tuple computed with the same arithmetic. These tests read
PDFs both ways and compare every number.
"""
from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

from kg.readers.pdf import _chars, _font_name, _glyph_device
from tests.readers.conftest import new_pdf, pdf_bytes, write

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "kg" / "samples").glob("*.pdf"))


def _pages(data: bytes, device_class, walk) -> list[list[tuple]]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    resources = PDFResourceManager(caching=True)
    device = device_class(resources, laparams=None)
    interpreter = PDFPageInterpreter(resources, device)
    pages = []
    for page in PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data)))):
        interpreter.process_page(page)
        pages.append(walk(device.get_result()))
    return pages


def _reference(layout) -> list[tuple]:
    """pdfminer's LTChar objects, walked the way kg walked them before the glyph device."""
    from pdfminer.layout import LTChar

    chars, stack = [], [layout]
    while stack:
        for item in reversed(list(stack.pop())):
            if isinstance(item, LTChar):
                chars.append((item.get_text(), _font_name(item.fontname), item.size, item.matrix,
                               item.x0, item.y0, item.x1, item.y1))
            elif hasattr(item, "__iter__"):
                stack.append(item)
    return chars


def _same(ours: list[list[tuple]], theirs: list[list[tuple]]) -> None:
    assert len(ours) == len(theirs)
    for page_ours, page_theirs in zip(ours, theirs):
        assert len(page_ours) == len(page_theirs)
        for a, b in zip(page_ours, page_theirs):
            assert tuple(a) == b or all(  # NaN never equals itself
                x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y)) for x, y in zip(a, b))


def _vertical_pdf() -> bytes:
    """A hand-made PDF whose font writes top to bottom (a Type0 font with Identity-V)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        None,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPro-Regular /Encoding /Identity-V /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPro-Regular /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 4 >> /DW 1000 /W2 [1 [-1000 400 880]] /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /KozMinPro-Regular /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    stream = b"BT /F1 12 Tf 100 300 Td <0001000200030004> Tj 5 Ts <0005> Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _both(data: bytes) -> tuple[list[list[tuple]], list[list[tuple]]]:
    from pdfminer.converter import PDFPageAggregator

    return _pages(data, _glyph_device(), _chars), _pages(data, PDFPageAggregator, _reference)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_glyphs_equal_pdfminer_chars_on_the_bundled_pdfs(path):
    ours, theirs = _both(path.read_bytes())
    assert sum(map(len, ours)) > 500
    _same(ours, theirs)


def test_glyphs_equal_pdfminer_chars_for_rotated_bold_figures_and_repeated_fonts():
    pdf = new_pdf()
    pdf.add_page()
    write(pdf, 50, 60, "Jane Example", size=22, style="B")
    with pdf.rotation(90, x=300, y=400):
        write(pdf, 100, 300, "Sideways line")
    with pdf.rotation(33, x=200, y=500):
        write(pdf, 200, 500, "Slanted (cid:9) text")
    write(pdf, 50, 700, "Ünïcödé, ß and ½ in Latin-1", style="I")
    pdf.set_xy(50, 300)
    pdf.cell(text="E = mc")
    pdf.char_vpos = "SUP"  # a text rise (Ts)
    pdf.cell(text="2")
    pdf.char_vpos = "SUB"
    pdf.cell(text="0")
    pdf.char_vpos = "LINE"
    pdf.add_page()
    write(pdf, 50, 100, "Second page, same fonts again", style="B")
    pdf.line(10, 10, 200, 200)  # a path: the glyph device skips it, pdfminer keeps it
    ours, theirs = _both(pdf_bytes(pdf))
    assert [len(page) for page in ours] == [len(page) for page in theirs] and all(ours)
    _same(ours, theirs)


def test_glyphs_equal_pdfminer_chars_for_a_font_that_writes_top_to_bottom():
    ours, theirs = _both(_vertical_pdf())
    assert len(ours[0]) == 5
    _same(ours, theirs)


def test_dev_two_column_pdf_glyphs_equal_pdfminer_chars(dev_pdf):
    ours, theirs = _both(dev_pdf("01").read_bytes())
    _same(ours, theirs)
