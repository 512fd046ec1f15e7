import io
import zipfile

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import kg.readers.docx as docx_reader
from kg.errors import ReadError
from kg.readers import read
from kg.readers.docx import parse_docx


def lines_of(data: bytes):
    return parse_docx(data, "cv.docx").lines


def test_docx_headings_bold_and_title(make_docx):
    def fill(document):
        document.core_properties.title = "Jane Example CV"
        document.add_heading("Jane Example", 0)
        document.add_heading("Publications", 1)
        document.add_heading("Journal articles", 2)
        paragraph = document.add_paragraph("Roe, R., ")
        paragraph.add_run("Doe, J.").bold = True
        paragraph.add_run(", and Poe, P. (2020) A study.")

    doc = parse_docx(make_docx(fill), "cv.docx")
    assert doc.title == "Jane Example CV" and doc.format == "docx"
    assert [(l.text, l.heading) for l in doc.lines[:3]] == [
        ("Jane Example", 1), ("Publications", 1), ("Journal articles", 2),
    ]
    assert doc.lines[3].text == "Roe, R., Doe, J., and Poe, P. (2020) A study."
    assert doc.lines[3].bold_text() == ["Doe, J."]


def test_docx_bold_from_character_and_paragraph_styles(make_docx):
    def fill(document):
        document.add_paragraph().add_run("Strong name", style="Strong")
        style = document.styles.add_style("Entry Bold", 1)
        style.font.bold = True
        document.add_paragraph("Whole line bold", style="Entry Bold")
        paragraph = document.add_paragraph("", style="Entry Bold")
        paragraph.add_run("bold ")
        paragraph.add_run("not bold").bold = False

    lines = lines_of(make_docx(fill))
    assert [l.bold_text() for l in lines] == [["Strong name"], ["Whole line bold"], ["bold"]]


def test_docx_lists_and_line_breaks(make_docx):
    def fill(document):
        document.add_paragraph("First item", style="List Bullet")
        document.add_paragraph("Nested item", style="List Bullet 2")
        document.add_paragraph("Numbered", style="List Number")
        document.add_paragraph("Line one\nLine two")
        document.add_paragraph("\u2022 Typed bullet")

    assert [(l.text, l.indent) for l in lines_of(make_docx(fill))] == [
        ("First item", 1), ("Nested item", 2), ("Numbered", 1), ("Line one", 0), ("Line two", 0), ("Typed bullet", 0),
    ]


def test_docx_tables_in_body_order(make_docx):
    def fill(document):
        document.add_paragraph("Before")
        table = document.add_table(rows=2, cols=3)
        for col, text in enumerate(["2019 - 2021", "Engineer", "Acme Corp"]):
            table.cell(0, col).text = text
        table.cell(1, 0).merge(table.cell(1, 2)).text = "Merged row"
        document.add_paragraph("After")

    assert [l.text for l in lines_of(make_docx(fill))] == [
        "Before", "2019 - 2021  Engineer  Acme Corp", "Merged row", "After",
    ]


def test_docx_layout_table_cells_come_one_after_another(make_docx):
    def fill(document):
        table = document.add_table(rows=1, cols=2)
        side, main = table.cell(0, 0), table.cell(0, 1)
        side.text = "Skills"
        main.text = "Experience"
        for i in range(4):
            side.add_paragraph(f"Skill {i}")
            main.add_paragraph(f"Job line {i}")

    texts = [l.text for l in lines_of(make_docx(fill))]
    assert texts[:5] == ["Skills", "Skill 0", "Skill 1", "Skill 2", "Skill 3"]
    assert texts[6:11] == ["Experience", "Job line 0", "Job line 1", "Job line 2", "Job line 3"]


def test_docx_hyperlink_text_is_kept_and_headers_skipped(make_docx):
    def fill(document):
        document.sections[0].header.paragraphs[0].text = "Running header text"
        paragraph = document.add_paragraph("Site: ")
        link = OxmlElement("w:hyperlink")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "example.org"
        run.append(text)
        link.append(run)
        paragraph._p.append(link)

    assert [l.text for l in lines_of(make_docx(fill))] == ["Site: example.org"]


def test_docx_text_box_is_read_once(make_docx):
    def fill(document):
        paragraph = document.add_paragraph("Anchor")
        run = OxmlElement("w:r")
        pict = OxmlElement("w:pict")
        box = OxmlElement("w:txbxContent")
        inner = OxmlElement("w:p")
        inner_run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "Sidebar text"
        inner_run.append(text)
        inner.append(inner_run)
        box.append(inner)
        pict.append(box)
        run.append(pict)
        paragraph._p.append(run)

    assert [l.text for l in lines_of(make_docx(fill))] == ["Anchor", "", "Sidebar text"]


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"Jane Doe, plain text", "not a DOCX (not a zip file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "not a DOCX (a legacy .doc"),
    (b"PK\x03\x04 broken", "not a DOCX (damaged zip file)"),
    (_zip({"hello.txt": "not a docx"}), "not a DOCX (zip without word/document.xml)"),
    (_zip({"word/document.xml": "<not-xml"}), "damaged or unsupported DOCX"),
])
def test_docx_refuses_what_is_not_a_docx(data, reason):
    with pytest.raises(ReadError) as caught:
        parse_docx(data, "bad.docx")
    assert caught.value.reason.startswith(reason)


def test_docx_zip_bomb_guard(make_docx, monkeypatch):
    data = make_docx(lambda document: document.add_paragraph("x" * 5000))
    monkeypatch.setattr(docx_reader, "MAX_DOCUMENT_XML", 4096)
    with pytest.raises(ReadError, match="too large: word/document.xml"):
        parse_docx(data, "big.docx")


def test_docx_read_by_suffix(tmp_path, make_docx):
    path = tmp_path / "cv.docx"
    path.write_bytes(make_docx(lambda document: document.add_paragraph("Hello")))
    doc = read(path)
    assert doc.source == str(path) and [l.text for l in doc.lines] == ["Hello"]


def test_docx_outline_level_counts_as_heading(make_docx):
    def fill(document):
        paragraph = document.add_paragraph("Custom heading")
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), "1")
        paragraph._p.get_or_add_pPr().append(level)

    assert lines_of(make_docx(fill))[0].heading == 2
