"""Atheris harness: arbitrary text through every extractor and parser.

    python tests/fuzz/fuzz_extract.py -max_total_time=600 -timeout=20

Invariants (the property tests' ones): nothing raises, and every organization an entry
yields is text of the document.
"""
import sys

import atheris

with atheris.instrument_imports(include=["kg"]):
    from kg.extract import extract
    from kg.extract.authors import split_citation
    from kg.extract.dates import find_dates, strip_dates
    from kg.extract.education import find_advisors
    from kg.extract.names import looks_like_person, parse_name
    from kg.extract.owner import clean_candidate
    from kg.extract.segments import split_segments
    from kg.model import Document


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    line = text.splitlines()[0] if text.splitlines() else text
    parse_name(line)
    looks_like_person(line)
    clean_candidate(line)
    find_dates(line)
    strip_dates(line)
    find_advisors(line)
    cite = split_citation(line)
    for author in cite.authors:
        assert author, cite
    for segment in split_segments(line):
        assert segment.text, segment
    doc = Document.from_text(text, "fuzz.txt")
    result = extract(doc)
    for org in [p.organization for p in result.positions] + [d.institution for d in result.degrees]:
        assert all(w.strip(",") in doc.text for w in org.split()), (org, text)


def seeds() -> list[bytes]:
    from _seeds import sample_files
    from kg.readers import read

    return [read(path).text.encode("utf-8") for path in sample_files()]


def main() -> None:
    from _seeds import seed_empty_corpora

    seed_empty_corpora(sys.argv, seeds)
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
