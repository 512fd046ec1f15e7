"""Inputs the atheris fuzzers (tests/fuzz/) found to crash or hang a reader or extractor, kept
as regression cases: generated here as text or from a few lines of PDF, not as binaries."""
from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from kg.errors import ReadError
from kg.extract import extract
from kg.extract.authors import split_citation
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


_WIDTHS = b"/FirstChar 32 /LastChar 126 /Widths [" + b" 500" * 95 + b"]"


@pytest.mark.parametrize("font_name", [b"+Oops", b"42", b"<< /X 1 >>", b"[/A]", b"(Paren)"])
def test_fuzz_pdf_font_named_by_a_keyword_is_read(font_name):
    """fuzz_readers, crash 7fb68164: a font descriptor whose FontName was a keyword, not a name
    (pdfminer passes it on as is; the layout called .split on it)."""
    font = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Foo " + _WIDTHS
            + b" /FontDescriptor << /Type /FontDescriptor /FontName " + font_name + b" /Flags 32 >> >>")
    doc = read_bytes(raw_pdf(1, font=font), "font.pdf", "pdf")
    assert doc.lines[0].text == "Page text"


@contextmanager
def _hang_guard(seconds: int = 120):
    """Fail instead of hanging forever if a loop regresses (a guard, not a speed check)."""
    def alarm(*_):
        raise TimeoutError("no progress: a loop that never ends")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("text", ["Roe, J. (aut, ", "Roe, J. (", "J. Roe and A. Poe (aut, cre, -"])
def test_fuzz_author_roles_at_the_end_of_the_text_terminate(text):
    """fuzz_extract, timeout 166000c1: an author list ending inside a role parenthesis looped
    for ever; past the last token the reader sees an end token whose text "" is `in` any string."""
    with _hang_guard():
        cite = split_citation(text)
        assert cite.authors and cite.authors[0] in text
        extract(Document.from_text(f"Jane Roe\n\nPUBLICATIONS\n{text}\n"))
