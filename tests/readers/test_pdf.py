import re
import time

import pytest

from kg.errors import ReadError
from kg.readers import read
from kg.readers.pdf import parse_pdf
from kg.readers.pdf_layout import font_role
from tests.readers.conftest import new_pdf, pdf_bytes, write


def texts(doc) -> list[str]:
    return [line.text for line in doc.lines]


def two_column_pdf() -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    write(pdf, 50, 60, "Jane Example", size=22, style="B")
    for i in range(18):
        write(pdf, 50, 110 + 14 * i, f"Main entry {i:02d} about the work done")
    for i in range(12):
        write(pdf, 400, 112 + 17 * i, f"Sidebar skill {i:02d} and more")
    return pdf_bytes(pdf)


def test_pdf_two_columns_come_out_as_separate_contiguous_blocks():
    lines = texts(parse_pdf(two_column_pdf(), "two.pdf"))
    assert lines[0] == "Jane Example"
    main = [i for i, t in enumerate(lines) if t.startswith("Main entry")]
    side = [i for i, t in enumerate(lines) if t.startswith("Sidebar skill")]
    assert len(main) == 18 and len(side) == 12
    assert main == list(range(main[0], main[0] + 18))
    assert side == list(range(side[0], side[0] + 12))
    assert not any("Main" in t and "Sidebar" in t for t in lines)
    assert [lines[i] for i in main] == sorted(lines[i] for i in main)


def test_pdf_table_with_shared_baselines_is_not_split_into_columns():
    pdf = new_pdf()
    pdf.add_page()
    for i in range(12):
        write(pdf, 50, 100 + 14 * i, f"Institution {i:02d}, Some City")
        write(pdf, 320, 100 + 14 * i, f"Degree in Subject {i:02d}, 2019")
    lines = texts(parse_pdf(pdf_bytes(pdf), "table.pdf"))
    assert lines[0] == "Institution 00, Some City  Degree in Subject 00, 2019"
    assert len(lines) == 12


def test_pdf_bold_runs_and_right_aligned_dates():
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_xy(50, 100)
    pdf.cell(text="Roe, R., **Doe, J.**, and Poe, P. (2020) A study.", markdown=True)
    write(pdf, 50, 140, "Engineer, Acme Corp")
    write(pdf, 480, 140, "2019 - 2021")
    doc = parse_pdf(pdf_bytes(pdf), "bold.pdf")
    assert doc.lines[0].text == "Roe, R., Doe, J., and Poe, P. (2020) A study."
    assert doc.lines[0].bold_text() == ["Doe, J."]
    assert "Engineer, Acme Corp  2019 - 2021" in texts(doc)


def test_pdf_heading_levels_from_font_size():
    pdf = new_pdf()
    pdf.add_page()
    write(pdf, 50, 60, "Jane Example", size=22)
    write(pdf, 50, 100, "Experience", size=14)
    for i in range(5):
        write(pdf, 50, 120 + 12 * i, f"Body text line {i}")
    write(pdf, 50, 200, "Education", size=14)
    doc = parse_pdf(pdf_bytes(pdf), "h.pdf")
    levels = {line.text: line.heading for line in doc.lines if line.text}
    assert levels["Jane Example"] == 1
    assert levels["Experience"] == levels["Education"] == 2
    assert levels["Body text line 0"] == 0


def test_pdf_footers_and_page_numbers_removed():
    pdf = new_pdf()
    for page in range(1, 4):
        pdf.add_page()
        write(pdf, 540, 30, str(page), size=8)
        for i in range(6):
            write(pdf, 50, 100 + 14 * i, f"Page {page} entry {i}")
        write(pdf, 50, 820, f"Jane Example - Curriculum Vitae - {page}", size=8)
        write(pdf, 450, 820, f"Page {page} of 3", size=8)
    lines = [t for t in texts(parse_pdf(pdf_bytes(pdf), "f.pdf")) if t]
    assert lines == [f"Page {p} entry {i}" for p in range(1, 4) for i in range(6)]


def test_pdf_running_header_kept_on_first_page_only():
    pdf = new_pdf()
    for page in range(1, 4):
        pdf.add_page()
        write(pdf, 50, 30, "Jane Example", size=10)
        for i in range(6):
            write(pdf, 50, 100 + 14 * i, f"Entry {page}.{i}")
    lines = [t for t in texts(parse_pdf(pdf_bytes(pdf), "r.pdf")) if t]
    assert lines.count("Jane Example") == 1 and lines[0] == "Jane Example"


def test_pdf_hyphenation_joined_and_blank_line_at_wide_gap():
    pdf = new_pdf()
    pdf.add_page()
    write(pdf, 50, 100, "Methods for the optimi-")
    write(pdf, 50, 112, "zation of graphs")
    write(pdf, 50, 160, "Next entry")
    assert texts(parse_pdf(pdf_bytes(pdf), "hy.pdf")) == ["Methods for the optimization", "of graphs", "", "Next entry"]


def test_pdf_sideways_page_reads_in_text_order_and_margin_labels_are_skipped():
    pdf = new_pdf()
    pdf.add_page()
    with pdf.rotation(90, x=300, y=400):
        for i in range(5):
            write(pdf, 100, 300 + 14 * i, f"Sideways line {i}")
    pdf.add_page()
    for i in range(5):
        write(pdf, 50, 100 + 14 * i, f"Upright line {i}")
    with pdf.rotation(90, x=20, y=700):
        write(pdf, 20, 700, "Vertical margin label")
    lines = [t for t in texts(parse_pdf(pdf_bytes(pdf), "side.pdf")) if t]
    assert lines == [f"Sideways line {i}" for i in range(5)] + [f"Upright line {i}" for i in range(5)]


@pytest.mark.parametrize("title,expected", [
    ("Jane Example - CV", "Jane Example - CV"), ("Microsoft Word - Jane CV", "Jane CV"), ("resume.docx", None),
    ("Untitled", None),
])
def test_pdf_title_from_metadata(title, expected):
    pdf = new_pdf()
    pdf.set_title(title)
    pdf.add_page()
    write(pdf, 50, 100, "Hello")
    assert parse_pdf(pdf_bytes(pdf), "t.pdf").title == expected


def _simple_pdf() -> bytes:
    pdf = new_pdf()
    pdf.add_page()
    for i in range(30):
        write(pdf, 50, 60 + 20 * i, f"Line number {i} of a simple document")
    return pdf_bytes(pdf)


def test_pdf_truncated_file_is_a_read_error():
    data = _simple_pdf()
    with pytest.raises(ReadError) as caught:
        parse_pdf(data[: len(data) // 2], "half.pdf")
    assert caught.value.reason.startswith("truncated or damaged PDF")


def test_pdf_encrypted_file_is_a_read_error():
    pdf = new_pdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    write(pdf, 50, 100, "Secret text")
    with pytest.raises(ReadError, match="encrypted"):
        parse_pdf(pdf_bytes(pdf), "locked.pdf")


def test_pdf_owner_password_only_still_reads():
    pdf = new_pdf()
    pdf.set_encryption(owner_password="owner")
    pdf.add_page()
    write(pdf, 50, 100, "Readable text")
    assert texts(parse_pdf(pdf_bytes(pdf), "open.pdf")) == ["Readable text"]


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"Jane Doe\nEducation\n" * 20, "not a PDF (looks like text)"),
    (bytes(range(256)) * 4, "not a PDF (looks like binary data)"),
    (b"%PDF-1.4\n%garbage", "truncated or damaged PDF"),
])
def test_pdf_not_a_pdf(data, reason):
    with pytest.raises(ReadError) as caught:
        parse_pdf(data, "x.pdf")
    assert caught.value.reason.startswith(reason)


def test_pdf_without_text_layer():
    pdf = new_pdf()
    pdf.add_page()
    pdf.rect(50, 50, 200, 100, style="F")
    with pytest.raises(ReadError, match="no text layer"):
        parse_pdf(pdf_bytes(pdf), "scan.pdf")


def test_pdf_read_by_suffix(tmp_path):
    path = tmp_path / "cv.pdf"
    path.write_bytes(two_column_pdf())
    doc = read(path)
    assert doc.format == "pdf" and doc.source == str(path)
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))


@pytest.mark.parametrize("name,role", [
    ("ABCDEF+Lato-Bold", "bold"), ("Raleway-SemiBold", "bold"), ("Helvetica-Bold", "bold"), ("CMBX10", "bold"),
    ("Arial,Bold", "bold"), ("Roboto-Medium", "bold"), ("Times-Roman", ""), ("Lato-Italic", ""),
    ("XYZ+FontAwesome", "icon"), ("FontAwesome5Free-Solid", "icon"), ("MarVoSym", "icon"), ("Wingdings", "icon"),
])
def test_pdf_font_roles(name, role):
    assert font_role(name) == role


# ------------------------------------------------------------ real CVs in ../shared/dev


@pytest.mark.shared
@pytest.mark.parametrize("prefix", ["01", "03"])
def test_pdf_dev_two_column_cvs_do_not_interleave(dev_pdf, prefix):
    doc = read(dev_pdf(prefix))
    assert max(len(line.text) for line in doc.lines) < 100  # a line mixing two columns would be longer
    headings = [(line.number, line.text) for line in doc.lines if line.heading == 2]
    numbers = {text: number for number, text in headings}
    assert numbers["EXPERIENCE"] < numbers["EDUCATION"]
    after = [n for n, _ in headings if n > numbers["EXPERIENCE"]]
    assert after[0] - numbers["EXPERIENCE"] > 20  # the main column's entries follow their heading unbroken


@pytest.mark.shared
def test_pdf_dev_long_cv_is_fast_and_has_no_footers(dev_pdf):
    start = time.perf_counter()
    doc = read(dev_pdf("02"))
    assert time.perf_counter() - start < 8.0
    assert not any(re.search(r"\bPage \d+ of \d+\b", line.text) for line in doc.lines)
    assert len(doc.lines) > 500


@pytest.mark.shared
def test_pdf_dev_icon_macros_and_glyphs_removed(dev_pdf):
    doc = read(dev_pdf("04"))
    assert not any("\\fa" in line.text for line in doc.lines)
    assert not any(re.search(r"(^|\s)z(\s|$)", line.text) for line in doc.lines)
    assert any(line.bold for line in doc.lines)


def test_pdf_sidebar_layout_reads_each_column_on_across_pages():
    """A main column beside a narrow sidebar on every page: page 2's main column follows
    page 1's, so an experience section cut by the page break stays together."""
    pdf = new_pdf()
    for page in range(2):
        pdf.add_page()
        for i in range(20):
            write(pdf, 40, 80 + 16 * i, f"Main p{page} line {i:02d} of the experience column, with its longer text")
        for i in range(10):
            write(pdf, 380, 82 + 19 * i, f"Side p{page} item {i:02d} skills and languages")
    lines = [t for t in texts(parse_pdf(pdf_bytes(pdf), "sidebar.pdf")) if t]
    main = [t for t in lines if t.startswith("Main")]
    assert lines[:40] == main, "both pages' main column first, in order"
    assert [t for t in lines[40:]] == [t for t in lines if t.startswith("Side")]


def test_pdf_equal_columns_still_read_page_by_page():
    pdf = new_pdf()
    for page in range(2):
        pdf.add_page()
        for i in range(20):
            write(pdf, 40, 80 + 16 * i, f"Left p{page} line {i:02d} text")
            write(pdf, 320, 83 + 17 * i, f"Right p{page} line {i:02d} text")
    lines = [t for t in texts(parse_pdf(pdf_bytes(pdf), "equal.pdf")) if t]
    firsts = [t.split()[0] + t.split()[1] for t in lines]
    assert firsts == ["Leftp0"] * 20 + ["Rightp0"] * 20 + ["Leftp1"] * 20 + ["Rightp1"] * 20


def _lzw_literal(data: bytes) -> bytes:
    """``data`` LZW-encoded with literal codes only (a clear code every 250 keeps them 9 bits)."""
    codes = []
    for start in range(0, len(data), 250):
        codes += [256, *data[start:start + 250]]
    bits = "".join(format(code, "09b") for code in codes + [257])
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def test_pdf_lzw_streams_are_read_and_an_lzw_bomb_is_refused():
    from kg.errors import LimitError
    from kg.limits import Limits
    from tests.hostile_corpus import lzw_bomb, raw_pdf

    text = b"BT /F1 12 Tf 72 720 Td (Ada Okafor, LZW encoded) Tj ET"
    good = parse_pdf(raw_pdf(1, stream=_lzw_literal(text), encoded=b"LZWDecode"), "lzw.pdf")
    assert "Ada Okafor, LZW encoded" in "\n".join(line.text for line in good.lines)
    bomb = raw_pdf(1, stream=lzw_bomb(12 * 2**20), encoded=b"LZWDecode")
    with pytest.raises(LimitError, match="inflated streams 8.0 MB .limit 8 MB; raise KG_MAX_PDF_STREAM_BYTES"):
        parse_pdf(bomb, "bomb.pdf", Limits(max_pdf_stream_bytes=8 * 2**20))
