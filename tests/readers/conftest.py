"""Fixture builders for reader tests: PDFs made with fpdf2 and DOCX files made with python-docx.

Nothing binary is committed; every test document is generated here from invented text.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

import pytest

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "dev"


@pytest.fixture(scope="session")
def dev_pdf() -> Callable[[str], Path]:
    """Path of a real dev CV by its number prefix ("01"); skips when ../shared is absent."""
    from tests.conftest import need

    def find(prefix: str) -> Path:
        need(DEV.is_dir(), f"../shared/dev not found at {DEV.resolve()} (real CVs for reader checks)")
        matches = sorted(DEV.glob(f"{prefix}_*.pdf"))
        need(bool(matches), f"no dev PDF {prefix}_*.pdf in {DEV.resolve()}")
        return matches[0]

    return find


def new_pdf():
    """An empty fpdf2 document with a core font, no automatic page breaks."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=10)
    return pdf


def pdf_bytes(pdf) -> bytes:
    return bytes(pdf.output())


def write(pdf, x: float, y: float, text: str, size: float = 10, style: str = "") -> None:
    """Put ``text`` with its baseline near ``y`` (points from the top) at ``x``."""
    pdf.set_font("helvetica", style=style, size=size)
    pdf.text(x, y, text)


@pytest.fixture
def make_docx() -> Callable[[Callable], bytes]:
    """Build a DOCX with python-docx: pass a function that fills the document."""
    import docx

    def build(fill: Callable) -> bytes:
        document = docx.Document()
        fill(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return build
