"""A corpus of hostile inputs, generated into a folder (nothing binary is committed).

``write_corpus(folder)`` writes every case of issue 7 and returns {file name: Case}; each
Case says whether the file must be refused (``bad``) or read (with the owner it names).
Heavy cases (a 100 MB text, a 2,000-page PDF) are cheap to write: the PDF shares one
content stream between its pages, the text is written in large blocks.
``full=False`` writes smaller stand-ins of the heavy cases for the default test run.
"""
from __future__ import annotations

import io
import os
import random
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from kg.limits import Limits

MB = 1024 * 1024
_FIRST = ["Ilse", "Tomás", "Mirela", "Oskar", "Yuki", "Amara", "Femi", "Lotte", "Ravi", "Sunniva"]
_LAST = ["Varga", "Okonjo", "Lindqvist", "Haddad", "Brennan", "Castell", "Mbeki", "Novak", "Quirós", "Sato"]


@dataclass(frozen=True)
class Case:
    """A hostile file: refused (``bad``) with a reason matching ``reason``, or read fine."""

    bad: bool
    reason: str = ""  # a word the one-line reason must contain (bad files)
    owner: Optional[str] = None  # the owner the extraction must find (good files)
    note: str = ""


# ------------------------------------------------------------------------------ PDFs


def raw_pdf(pages: int, text: str = "Page text", stream: Optional[bytes] = None, compress: bool = False,
            font: bytes = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            encoded: Optional[bytes] = None) -> bytes:
    """A minimal valid PDF with ``pages`` pages sharing one content stream (cheap for thousands);
    ``encoded`` names the filter ``stream`` is already encoded with (b"LZWDecode")."""
    content = stream if stream is not None else f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    body = zlib.compress(content) if compress else content
    filters = b" /Filter /FlateDecode" if compress else b" /Filter /" + encoded if encoded else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)) + b"] /Count %d >>" % pages,
        font,
        b"<< /Length %d%s >>\nstream\n" % (len(body), filters) + body + b"\nendstream",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    objects += [page] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def lzw_bomb(unpacked: int) -> bytes:
    """LZW data (PDF's variant: 9 to 12 bits, early change) that decodes to at least
    ``unpacked`` zero bytes: each code names the string one longer than the last, so about
    3,800 codes (5.7 KB) give 7.4 MB, and a clear code starts the table again."""
    bits, width, total, length = [], 9, 0, 258

    def put(code: int) -> None:
        bits.append(format(code, f"0{width}b"))

    while total < unpacked:
        put(256)                      # clear, in the width the table had grown to
        width, length = 9, 258
        put(0)                        # "\0"
        total += 1
        while length < 4095 and total < unpacked:
            put(length)               # the entry being made: the previous string and its first byte
            length += 1
            total += length - 257
            width = 12 if length >= 2047 else 11 if length >= 1023 else 10 if length >= 511 else 9
    put(257)                          # end of data
    text = "".join(bits)
    text += "0" * (-len(text) % 8)
    return int(text, 2).to_bytes(len(text) // 8, "big")


def cv_pdf(name: str, encrypt: bool = False) -> bytes:
    """A one-page CV as a PDF made with fpdf2 (optionally encrypted with a user password)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    y = 60
    for line in (name, "", "EXPERIENCE", "Research Engineer, Halden Labs, 2018 - 2022"):
        pdf.text(60, y, line)
        y += 16
    if encrypt:
        pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    return bytes(pdf.output())


# ------------------------------------------------------------------------------ DOCX


def _docx_parts(paragraphs: list[str]) -> dict[str, bytes]:
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{_xml(p)}</w:t></w:r></w:p>" for p in paragraphs)
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>').encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>').encode(),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:body>{body}</w:body></w:document>').encode(),
    }


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx(paragraphs: list[str], extra: Optional[dict[str, bytes]] = None) -> bytes:
    """A minimal DOCX (only the parts python-docx needs) holding ``paragraphs``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**_docx_parts(paragraphs), **(extra or {})}.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bomb(unpacked: int) -> bytes:
    """A DOCX whose media part unpacks to ``unpacked`` zero bytes (a zip bomb, ~1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _docx_parts(["Bomb Person", "EXPERIENCE", "Engineer, Acme Labs, 2019"]).items():
            archive.writestr(name, data)
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
            block = bytes(MB)
            for _ in range(unpacked // MB):
                member.write(block)
    return out.getvalue()


def zip_of_other() -> bytes:
    """A .docx that is really a ZIP of something else (a text file and a CSV)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "not a word document\n")
        archive.writestr("data.csv", "a,b\n1,2\n")
    return out.getvalue()


# ------------------------------------------------------------------------------ text


def publication_list(n: int, owner: str = "Ilse Varga") -> str:
    """A CV with ``n`` numbered citations (co-authors drawn from a fixed seed)."""
    rng = random.Random(n)
    lines = [owner, "", "PUBLICATIONS"]
    for i in range(1, n + 1):
        others = [f"{rng.choice(_FIRST)[0]}. {rng.choice(_LAST)}" for _ in range(rng.randint(1, 4))]
        lines.append(f"{i}. I. Varga, {', '.join(others)}. \"Study number {i} of things.\" "
                     f"Journal of Tests {i % 40}, {1990 + i % 34}.")
    return "\n".join(lines) + "\n"


def write_huge_text(path: Path, size: int) -> None:
    """About ``size`` bytes of CV-like text, written in 1 MB blocks."""
    block = ("Lorem Ipsum, Research Engineer, Halden Labs, 2018 - 2022\n" * 18_000).encode()[:MB]
    with path.open("wb") as out:
        out.write(b"Huge Person\n\nEXPERIENCE\n")
        for _ in range(max(1, size // len(block))):
            out.write(block)


def simple_cv(name: str, org: str = "Halden Labs") -> str:
    return f"{name}\n\nEXPERIENCE\nResearch Engineer, {org}, 2018 - 2022\n"


# ------------------------------------------------------------------------------ corpus


def remove_deep(folder: Path) -> None:
    """Remove the corpus's 1,100-deep folder bottom up (shutil.rmtree recurses, and fails on it)."""
    chain = [folder / "deep"]
    while (chain[-1] / "a").is_dir():
        chain.append(chain[-1] / "a")
    for level in reversed(chain):
        for child in level.iterdir() if level.is_dir() else ():
            if not child.is_dir() or child.is_symlink():
                child.unlink()
        if level.is_dir():
            level.rmdir()


#: The limits the default (small) corpus is built with: its heavy cases cross these, as the
#: full corpus's cross the defaults, at a tenth of the cost.
SMALL_LIMITS = Limits(max_file_bytes=4 * MB, max_pdf_pages=50, max_pdf_stream_bytes=16 * MB,
                      max_docx_unzipped_bytes=16 * MB)
SMALL_LIMIT_OPTIONS = ["--limit", f"max_file_bytes={4 * MB}", "--limit", "max_pdf_pages=50",
                       "--limit", f"max_pdf_stream_bytes={16 * MB}", "--limit", f"max_docx_unzipped_bytes={16 * MB}"]


def limits_for(full: bool) -> Limits:
    """The limits a corpus is meant to be built with: the defaults for the full one."""
    return Limits() if full else SMALL_LIMITS


def write_corpus(folder: Path, full: bool = False) -> dict[str, Case]:
    """Write every hostile case into ``folder``; return {relative path: Case}.

    ``full`` writes the heavy cases at issue size (100 MB of text, a 2,000-page PDF, 10,000
    citations, bombs past the default limits); otherwise at sizes that cross ``SMALL_LIMITS``
    and a 30-citation list.
    """
    big = (lambda full_size, small_size: full_size if full else small_size)
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Case] = {}

    def put(name: str, data: bytes, case: Case) -> None:
        (folder / name).write_bytes(data)
        cases[name] = case

    put("empty.txt", b"", Case(True, "empty"))
    put("bad\nname.pdf", b"junk, not a PDF\n", Case(True, "not a PDF", note="a newline in its name"))
    put("blank.md", b"  \n\t\n", Case(True, "empty"))
    put("binary.txt", random.Random(1).randbytes(64 * 1024), Case(True, "binary"))
    put("binary.pdf", random.Random(2).randbytes(4096), Case(True, "not a PDF"))
    put("binary.docx", random.Random(3).randbytes(4096), Case(True, "not a DOCX"))
    write_huge_text(folder / "huge.txt", big(100, 5) * MB)
    cases["huge.txt"] = Case(True, "too large")
    put("many-pages.pdf", raw_pdf(big(2000, 60)), Case(True, "pages"))
    good_pdf = cv_pdf("Oskar Lindqvist")
    put("truncated.pdf", good_pdf[: len(good_pdf) // 2], Case(True, "PDF"))
    put("encrypted.pdf", cv_pdf("Secret Person", encrypt=True), Case(True, "encrypted"))
    put("flate-bomb.pdf", raw_pdf(1, stream=b"BT ET\n" + b" " * (big(256, 24) * MB), compress=True), Case(True, "too large"))
    put("lzw-bomb.pdf", raw_pdf(1, stream=lzw_bomb(big(256, 24) * MB), encoded=b"LZWDecode"), Case(True, "too large"))
    put("zip-bomb.docx", docx_bomb(big(300, 24) * MB), Case(True, "too large"))
    put("zip-of-csv.docx", zip_of_other(), Case(True, "word/document.xml"))
    put("utf16.txt", simple_cv("Mirela Haddad").encode("utf-16"), Case(False, owner="Mirela Haddad"))
    put("utf16-nobom.txt", simple_cv("Lotte Brennan").encode("utf-16-le"), Case(False, owner="Lotte Brennan"))
    put("latin1.txt", simple_cv("Tomás Quirós", "Universität Zürich").encode("latin-1"),
        Case(False, owner="Tomás Quirós"))
    mixed = simple_cv("Sunniva Castell").encode() + "Müller Straße, Göteborg\n".encode("latin-1")
    put("mixed-encoding.txt", mixed, Case(False, owner="Sunniva Castell"))
    controls = "Femi\x00 Okonjo\n\x1b[31m\nEXPERIENCE\x07\nResearch\x0b Engineer, Halden Labs\x00, 2018 - 2022\x7f\n"
    put("controls.txt", controls.encode(), Case(False, owner="Femi Okonjo"))
    put("rtl.txt", simple_cv("\u202eRavi Mbeki\u202c").encode(), Case(False, owner="Ravi Mbeki"))
    put("arabic.txt", simple_cv("ليلى حداد", "جامعة القاهرة").encode(), Case(False, owner="ليلى حداد"))
    put("cjk.txt", simple_cv("山田 太郎", "東京大学").encode(), Case(False, owner="山田 太郎"))
    put("cyrillic.txt", simple_cv("Иван Петров").encode("utf-16"), Case(False, owner="Иван Петров"))
    put("publications.txt", publication_list(big(10_000, 30)).encode(), Case(False, owner="Ilse Varga"))
    put("long-line.txt", ("Yuki Sato\n\nPUBLICATIONS\n" + "A. Roe, " * 125_000 + "\n").encode(),
        Case(False, owner="Yuki Sato", note="a line of a million characters"))
    put("long-line.md", ("# Amara Novak\n\n## Publications\n\n- " + "**a** [b](c) *" * 70_000 + "\n").encode(),
        Case(False, owner="Amara Novak"))
    put("not-really.docx", docx(["Oskar Brennan", "EXPERIENCE", "Research Engineer, Halden Labs, 2018 - 2022"]),
        Case(False, owner="Oskar Brennan", note="a minimal DOCX, not Word's"))
    os.mkfifo(folder / "pipe.txt")
    cases["pipe.txt"] = Case(True, "not a regular file")
    (folder / "dangling.md").symlink_to(folder / "no-such-target.md")
    cases["dangling.md"] = Case(True, "no such file")
    loop = folder / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop, target_is_directory=True)
    (loop / "inside.txt").write_text(simple_cv("Yuki Castell"))
    cases["loop/inside.txt"] = Case(False, owner="Yuki Castell", note="inside a symlink loop")
    deep = folder / "deep"
    deep.mkdir()
    for _ in range(1100):  # deeper than Python's recursion limit; os.makedirs itself would recurse
        deep = deep / "a"
        deep.mkdir()
    (deep / "cv.txt").write_text(simple_cv("Amara Lindqvist"))
    cases[str((deep / "cv.txt").relative_to(folder))] = Case(False, owner="Amara Lindqvist", note="1,100 folders deep")
    locked = folder / "locked.txt"
    locked.write_text(simple_cv("Lotte Okonjo"))
    locked.chmod(0)
    readable = os.access(locked, os.R_OK)  # root reads anything
    cases["locked.txt"] = Case(False, owner="Lotte Okonjo") if readable else Case(True, "permission denied")
    for name, owner in (("escape ..%2f..%2f \udcff.txt", "Oskar Sato"), ("line\nbreak\t<b>.txt", "Ravi Haddad")):
        (folder / name).write_text(simple_cv(owner))  # an undecodable byte; a newline and markup
        cases[name] = Case(False, owner=owner, note="a file name with odd bytes")
    return cases
