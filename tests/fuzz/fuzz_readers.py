"""Atheris harness: arbitrary bytes through every reader; only ReadError may come out.

    python tests/fuzz/fuzz_readers.py -max_total_time=600 -timeout=20

The first byte picks the format; PDF and DOCX inputs are seeded from the bundled sample
CVs (libFuzzer mutates them) so the fuzzer reaches past the signature checks.
"""
import sys

import atheris

with atheris.instrument_imports(include=["kg", "pdfminer", "docx"]):
    from kg.errors import ReadError
    from kg.readers import read_bytes
    from kg.readers import docx as _docx, markdown as _markdown, pdf as _pdf, text as _text  # noqa: F401 (instrumented)
    import pdfminer.pdfinterp  # noqa: F401

FORMATS = ("txt", "md", "pdf", "docx")


def one_input(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    try:
        doc = read_bytes(data[1:], f"fuzz.{fmt}", fmt)
    except ReadError as error:
        assert "\n" not in str(error), repr(error)
        return
    for line in doc.lines:
        assert "\n" not in line.text and "\x00" not in line.text, line
        for a, b in line.bold:
            assert 0 <= a < b <= len(line.text), (line, a, b)


def seeds() -> list[bytes]:
    from _seeds import sample_files

    return [bytes([FORMATS.index(path.suffix.lstrip(".").replace("markdown", "md"))]) + path.read_bytes()
            for path in sample_files() if path.suffix.lstrip(".") in FORMATS]


def main() -> None:
    from _seeds import seed_empty_corpora

    seed_empty_corpora(sys.argv, seeds)
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
