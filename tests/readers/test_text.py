import codecs
import os

import pytest

from kg.errors import ReadError
from kg.model import checksum_of
from kg.readers import SUPPORTED_SUFFIXES, iter_paths, read, read_bytes
from kg.readers.text import parse_text

SAMPLE = "Jane Doe\n\nExperience\n  Engineer, Acme Corp  2019 – 2021\n    • Built things\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_text_decodes_common_encodings(encoding):
    text = "Zoë Müller – “Résumé”\nÉcole Normale Supérieure\n"
    doc = parse_text(text.encode(encoding), "cv.txt")
    assert [line.text for line in doc.lines] == ["Zoë Müller – “Résumé”", "École Normale Supérieure"]


def test_text_latin1_reads_rather_than_raises():
    data = "Françoise Dupont\nUniversité de Genève \x81".encode("latin-1")
    doc = parse_text(data, "cv.txt")
    assert doc.lines[0].text == "Françoise Dupont"
    assert doc.lines[1].text.startswith("Université de Genève")


def test_text_document_fields():
    data = SAMPLE.encode()
    doc = parse_text(data, "cvs/jane.txt")
    assert (doc.source, doc.format, doc.checksum, doc.title) == ("cvs/jane.txt", "txt", checksum_of(data), None)
    assert doc.text == "\n".join(line.text for line in doc.lines)
    assert [line.number for line in doc.lines] == [1, 2, 3, 4, 5]


def test_text_indent_and_bullets():
    doc = parse_text(SAMPLE.encode(), "cv.txt")
    assert [(line.text, line.indent) for line in doc.lines] == [
        ("Jane Doe", 0), ("", 0), ("Experience", 0), ("Engineer, Acme Corp  2019 – 2021", 1), ("Built things", 2),
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_text_any_newline_convention(newline):
    doc = parse_text(newline.join(["a", "b", "", "c"]).encode(), "cv.txt")
    assert [line.text for line in doc.lines] == ["a", "b", "", "c"]


def test_text_tab_counts_four_spaces():
    assert parse_text(b"\tIndented", "cv.txt").lines[0].indent == 2


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"  \n\n\t ", "empty file"),
    (codecs.BOM_UTF8, "empty file"),
    (bytes(range(256)) * 20, "binary data, not text"),
    (b"text\x00\x00\x00\x01\x02" * 50, "binary data, not text"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary data, not text"),
])
def test_text_refuses_empty_and_binary(data, reason):
    with pytest.raises(ReadError) as caught:
        parse_text(data, "bad.txt")
    assert caught.value.reason == reason
    assert caught.value.source == "bad.txt"


# ------------------------------------------------------------------ read / iter_paths


def test_text_read_by_suffix(tmp_path):
    path = tmp_path / "cv.TEXT"
    path.write_bytes(SAMPLE.encode())
    doc = read(path)
    assert doc.source == str(path) and doc.format == "txt"


@pytest.mark.parametrize("name,reason", [("missing.txt", "no such file"), ("cv.rtf", "unsupported file type")])
def test_text_read_errors_name_the_problem(tmp_path, name, reason):
    with pytest.raises(ReadError) as caught:
        read(tmp_path / name)
    assert caught.value.reason.startswith(reason)


def test_text_read_bytes_formats():
    assert read_bytes(b"# Title", "x", "markdown").lines[0].heading == 1
    assert read_bytes(b"plain", "x", ".txt").format == "txt"
    with pytest.raises(ReadError, match="unknown format"):
        read_bytes(b"plain", "x", "rtf")


def test_text_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".text", ".md", ".markdown", ".pdf", ".docx"}


def test_text_iter_paths_sorted_recursive_skipping_hidden(tmp_path):
    for name in ["b.md", "a.txt", "README.md", ".hidden.txt", "notes.rtf", "~$lock.docx", "sub/c.pdf", ".git/x.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path])]
    assert found == ["README.md", "a.txt", "b.md", "sub/c.pdf"]


def test_text_iter_paths_keeps_files_as_given_and_dedupes(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    given = [tmp_path / "a.txt", tmp_path / "missing.txt", tmp_path, str(tmp_path / "a.txt")]
    assert iter_paths(given) == [tmp_path / "a.txt", tmp_path / "missing.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_text_iter_paths_survives_symlink_loops(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "cv.txt").write_text("x")
    (tmp_path / "d" / "loop").symlink_to(tmp_path)
    assert [p.name for p in iter_paths([tmp_path])] == ["cv.txt"]


def test_text_markdown_in_a_txt_file_is_read_as_markdown():
    from kg.readers.text import parse_text

    doc = parse_text(b"# Mara Quist\n\n## Education\n\n- **Northfield University**, PhD 2019\n")
    assert doc.lines[0].heading == 1 and doc.lines[0].text == "Mara Quist"
    line = next(l for l in doc.lines if "Northfield" in l.text)
    assert line.bold_text() == ["Northfield University"]


def test_text_underlined_headings_are_headings():
    from kg.readers.text import parse_text

    doc = parse_text(b"Jane Roe\n\nInvited Talks\n-------------\nSeminar, MIT, 2020\n\nEducation\n=========\nMIT\n")
    assert [(l.text, l.heading) for l in doc.lines if l.text] == [
        ("Jane Roe", 0), ("Invited Talks", 2), ("Seminar, MIT, 2020", 0), ("Education", 1), ("MIT", 0)]
