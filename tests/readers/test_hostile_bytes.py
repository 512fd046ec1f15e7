"""Readers on arbitrary and damaged bytes: a Document or a one-line ReadError, nothing else."""
from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ReadError
from kg.readers import FORMATS, read_bytes
from kg.samples import sample_paths

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=None)
def _sample(fmt: str) -> bytes:
    return next(p for p in sample_paths() if p.suffix == f".{fmt}").read_bytes()


def _read(data: bytes, fmt: str) -> None:
    try:
        doc = read_bytes(data, f"fuzz.{fmt}", fmt)
    except ReadError as error:
        assert "\n" not in str(error), str(error)
        return
    for line in doc.lines:
        assert "\n" not in line.text and all(0 <= a < b <= len(line.text) for a, b in line.bold)


@SETTINGS
@given(st.binary(max_size=4096), st.sampled_from(FORMATS))
def test_hostile_bytes_arbitrary_bytes_in_every_format(data, fmt):
    _read(data, fmt)


@SETTINGS
@given(st.sampled_from(["pdf", "docx", "md", "txt"]), st.data())
def test_hostile_bytes_damaged_sample_files(fmt, data):
    """A sample CV with bytes flipped, cut short or spliced: what a damaged download gives."""
    original = bytearray(_sample(fmt))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(original) - 1))
        original[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(original) // 2, len(original)))
    _read(bytes(original[:cut]), fmt)


def test_hostile_bytes_docx_external_entity_is_not_resolved(tmp_path):
    """An XXE DOCX: an entity naming a local file must not pull that file into the CV."""
    import io
    import zipfile

    from tests.hostile_corpus import _docx_parts

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    parts = _docx_parts(["Jane Roe"])
    parts["word/document.xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>Jane Roe</w:t></w:r></w:p><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"
        "</w:body></w:document>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    doc = read_bytes(out.getvalue(), "xxe.docx", "docx")
    assert doc.lines[0].text == "Jane Roe" and "TOP-SECRET-MARKER" not in doc.text
