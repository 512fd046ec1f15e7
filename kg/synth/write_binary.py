"""Write composed CV lines as PDF (fpdf2, core Helvetica) or DOCX (python-docx), deterministically.

PDFs carry a fixed creation date and metadata; DOCX files fixed core properties and ZIP
member timestamps: the same lines give the same bytes. PDF text uses the core fonts'
Windows-1252 encoding, so ``pdf_safe`` folds other characters first (``ł`` → ``l``);
the gold file of a PDF CV is folded the same way.
"""
from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime, timezone

from kg.synth.layout import Line

__all__ = ["FIXED_DATE", "docx", "pdf", "pdf_safe"]

FIXED_DATE = datetime(2025, 1, 15, 9, 0, 0, tzinfo=timezone.utc)
_ZIP_DATE = (2025, 1, 15, 9, 0, 0)
_FOLDS = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss",
                        "ğ": "g", "ş": "s", "Ş": "S", "ő": "o", "ű": "u", "ț": "t", "ș": "s"})


def pdf_safe(text: str) -> str:
    """``text`` with every character the PDF core fonts cannot encode folded to one they can."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    return "".join(_safe_char(ch) for ch in text.translate(_FOLDS))


def _safe_char(ch: str) -> str:
    try:
        ch.encode("cp1252")
        return ch
    except UnicodeEncodeError:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        try:
            return base.encode("cp1252").decode("cp1252") or "?"
        except UnicodeEncodeError:
            return "?"


_SIDEBAR = ("education", "skills", "languages")
_SIDE_WIDTH = 52.0


def pdf(lines: list[Line], heading: str, title: str, bullet: str = "•", columns: int = 1) -> bytes:
    """A PDF of ``lines``: bold name, headings (caps / plain / ruled), right-aligned dates.

    ``columns=2`` sets education, skills and languages in a left sidebar beside the rest, as
    two-column résumés do (one column when the sidebar would not fit on the first page).
    """
    from fpdf import FPDF

    doc = FPDF(format="letter", unit="mm")
    doc.core_fonts_encoding = "windows-1252"
    doc.set_creation_date(FIXED_DATE)
    doc.set_title(pdf_safe(title))
    doc.set_creator("kg.synth")
    doc.set_producer("fpdf2")
    doc.set_margins(18, 16, 18)
    doc.set_auto_page_break(True, margin=15)
    doc.add_page()
    header = [line for line in lines if line.kind in ("name", "subtitle", "contact")]
    body = [line for line in lines if line not in header]
    _pdf_lines(doc, header, heading, bullet)
    side, main = _split_sidebar(body) if columns == 2 else ([], body)
    top = doc.get_y() + 2
    if side and top + _height(doc, side) < doc.h - 15:
        doc.set_fill_color(236, 238, 242)
        doc.rect(12, top - 2, _SIDE_WIDTH + 10, doc.h - top - 10, style="F")
        doc.set_left_margin(18 + _SIDE_WIDTH + 8)
        doc.set_y(top)
        _pdf_lines(doc, main, heading, bullet)
        last = doc.page
        doc.page = 1
        doc.set_auto_page_break(False)
        doc.set_margins(16, 16, doc.w - 16 - _SIDE_WIDTH)
        doc.set_y(top)
        _pdf_lines(doc, side, heading, bullet)
        doc.page = last
    else:
        _pdf_lines(doc, body, heading, bullet)
    return bytes(doc.output())


def _split_sidebar(body: list[Line]) -> tuple[list[Line], list[Line]]:
    side: list[Line] = []
    main: list[Line] = []
    into = main
    for line in body:
        if line.kind == "heading":
            into = side if line.key in _SIDEBAR else main
        into.append(line)
    return side, main


def _height(doc, lines: list[Line]) -> float:
    """How tall ``lines`` would be in the sidebar (headings 10 mm, rows 4.6 mm)."""
    total = 0.0
    for line in lines:
        if line.kind == "heading":
            total += 10.0
        else:
            runs = [(pdf_safe(text), style) for text, style in line.runs if text]
            total += 5.2 + 4.6 * (len(_pdf_rows(doc, runs, 10, _SIDE_WIDTH - 6 * line.level)) - 1) + 5.2 * bool(line.right)
    return total


def _pdf_lines(doc, lines: list[Line], heading: str, bullet: str) -> None:
    for line in lines:
        if line.kind == "name":
            doc.set_font("Helvetica", "B", 17)
            doc.cell(0, 9, pdf_safe(line.text), new_x="LMARGIN", new_y="NEXT")
        elif line.kind == "heading":
            _pdf_heading(doc, pdf_safe(line.text), heading)
        else:
            _pdf_line(doc, line, bullet)


def _pdf_heading(doc, text: str, style: str) -> None:
    doc.ln(3)
    doc.set_font("Helvetica", "B", 11.5)
    doc.cell(0, 7, text.upper() if style == "caps" else text, new_x="LMARGIN", new_y="NEXT")
    if style == "rule":
        y = doc.get_y()
        doc.line(doc.l_margin, y, doc.w - doc.r_margin, y)
        doc.ln(1.5)


def _pdf_line(doc, line: Line, bullet: str) -> None:
    """One composed line, wrapped by us (fpdf's own ``write`` line breaking is slow) into cells."""
    size = 9.5 if line.kind in ("subtitle", "contact") else 10
    left = doc.l_margin + 6 * line.level + (4 if line.kind == "bullet" else 0)
    width = doc.w - doc.r_margin - left
    rows = _pdf_rows(doc, [(pdf_safe(text), style) for text, style in line.runs if text], size, width)
    right = pdf_safe(line.right)
    for i, row in enumerate(rows):
        doc.set_x(left)
        if i == 0 and line.kind == "bullet":
            doc.set_font("Helvetica", "", size)
            doc.set_x(left - 4)
            doc.cell(4, 5, bullet)
        for text, style, w in row:
            doc.set_font("Helvetica", _PDF_STYLE[style], size)
            doc.cell(w, 5, text)
        if right and i == len(rows) - 1:
            doc.set_font("Helvetica", "", size)
            w = doc.get_string_width(right)
            if doc.get_x() + w + 4 > doc.w - doc.r_margin:
                doc.ln(5)
            doc.set_x(doc.w - doc.r_margin - w - 0.5)
            doc.cell(w + 0.5, 5, right)
        doc.ln(5.2 if i == len(rows) - 1 else 4.6)


_PDF_STYLE = {"": "", "b": "B", "i": "I"}


def _pdf_rows(doc, runs: list, size: float, width: float) -> list[list[tuple[str, str, float]]]:
    """Greedy wrapping of styled runs into rows of (text, style, width) pieces at most ``width`` wide."""
    rows, row, used = [], [], 0.0
    for text, style in runs:
        doc.set_font("Helvetica", _PDF_STYLE[style], size)
        space = doc.get_string_width(" ")
        for k, word in enumerate(text.split(" ")):
            lead = space if k else 0.0
            w = doc.get_string_width(word) if word else 0.0
            if row and used + lead + w > width and word:
                rows.append(row)
                row, used, lead = [], 0.0, 0.0
            piece = (" " if lead else "") + word
            if row and row[-1][1] == style:
                row[-1] = (row[-1][0] + piece, style, row[-1][2] + lead + w)
            else:
                row.append((piece, style, lead + w))
            used += lead + w
    rows.append(row)
    return rows


def docx(lines: list[Line], heading: str, author: str) -> bytes:
    """A DOCX of ``lines``: Title and Heading styles (or bold caps), List Bullet, right tab stops for dates."""
    import docx as python_docx
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm

    doc = python_docx.Document()
    _core_properties(doc, author)
    for line in lines:
        if line.kind == "name":
            doc.add_paragraph(line.text)._p.get_or_add_pPr().style = "Title"
            continue
        if line.kind == "heading":
            if heading == "style":
                doc.add_paragraph(line.text)._p.get_or_add_pPr().style = "Heading1"
            else:
                doc.add_paragraph().add_run(line.text.upper() if heading == "caps" else line.text).bold = True
            continue
        para = doc.add_paragraph()
        if line.kind == "bullet":
            para._p.get_or_add_pPr().style = "ListBullet"  # the style id: looking up "List Bullet" by name is slow
        if line.level and line.kind != "bullet":
            para.paragraph_format.left_indent = Cm(0.7 * line.level)
        for text, style in line.runs:
            if text:
                run = para.add_run(text)
                run.bold = style == "b" or None
                run.italic = style == "i" or None
        if line.right:
            para.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
            para.add_run("\t" + line.right)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _core_properties(doc, author: str) -> None:
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.title = "Curriculum Vitae"
    props.subject = props.keywords = props.comments = ""
    stamp = FIXED_DATE.replace(tzinfo=None)
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member timestamps, so the bytes do not depend on the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()
