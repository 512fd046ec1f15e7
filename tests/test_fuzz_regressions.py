"""Inputs the atheris fuzzers (tests/fuzz/) found to crash or hang a reader or extractor, kept
as regression cases: generated here as text or from a few lines of PDF, not as binaries."""
from __future__ import annotations

import pytest

from kg.errors import ReadError
from kg.extract import extract
from kg.model import Document
from kg.readers import read_bytes
from tests.hostile_corpus import raw_pdf


def _rows(last_x: str) -> bytes:
    """Eight rows of text, the last one placed at ``last_x`` points from the left."""
    xs = ["72"] * 7 + [last_x]
    return " ".join(f"BT /F1 10 Tf {x} {700 - 14 * i} Td (Row {i} text here) Tj ET" for i, x in enumerate(xs)).encode()


@pytest.mark.parametrize("x", ["9e11", "-9e11", "1e400", "NaN"])
def test_fuzz_pdf_text_at_an_absurd_place_is_read(x):
    """fuzz_readers, crash 935bac62: a character at x = 9e11 made the column finder allocate a
    list of 9e11 cells (MemoryError)."""
    doc = read_bytes(raw_pdf(1, stream=_rows(x)), "far.pdf", "pdf")
    assert [line.text for line in doc.lines][:7] == [f"Row {i} text here" for i in range(7)]


def _never_raises(data: bytes, fmt: str) -> None:
    try:
        read_bytes(data, f"fuzz.{fmt}", fmt)
    except ReadError as error:
        assert "\n" not in str(error)


_WIDTHS = b"/FirstChar 32 /LastChar 126 /Widths [" + b" 500" * 95 + b"]"


@pytest.mark.parametrize("font_name", [b"+Oops", b"42", b"<< /X 1 >>", b"[/A]", b"(Paren)"])
def test_fuzz_pdf_font_named_by_a_keyword_is_read(font_name):
    """fuzz_readers, crash 7fb68164: a font descriptor whose FontName was a keyword, not a name
    (pdfminer passes it on as is; the layout called .split on it)."""
    font = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Foo " + _WIDTHS
            + b" /FontDescriptor << /Type /FontDescriptor /FontName " + font_name + b" /Flags 32 >> >>")
    doc = read_bytes(raw_pdf(1, font=font), "font.pdf", "pdf")
    assert doc.lines[0].text == "Page text"
