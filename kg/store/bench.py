"""Hand measurements of the build stages after extraction (``python -m kg.store.bench N``).

Not a test: it prints seconds. It makes N synthetic extractions from the bundled samples
(each sample's records under a new owner and a new checksum, so N documents share
co-authors and employers the way a real corpus does), then times what a rebuild after one
changed CV costs: resolving every document, making the changed document's graph,
updating the store, and writing Turtle. The benchmark script of the synthetic corpus
generator can call these functions with real CVs instead.
"""
from __future__ import annotations

import dataclasses
import hashlib
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kg.model import Extraction

_GIVEN = ("Amara", "Bruno", "Chen", "Dana", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lena")
_FAMILY = ("Abbot", "Berg", "Cruz", "Diaz", "Ekwueme", "Fox", "Grant", "Holm", "Iqbal", "Jung", "Khan", "Lima")


def synthetic_extractions(n: int) -> list[Extraction]:
    """``n`` extractions: the samples' records, each copy with its own owner and checksum."""
    from kg.pipeline import extract_path
    from kg.samples import sample_paths

    base = [extract_path(path) for path in sample_paths()]
    out = []
    for i in range(n):
        model = base[i % len(base)]
        name = f"{_GIVEN[i % 12]} {_GIVEN[(i // 12) % 12][0]}. {_FAMILY[(i // 144) % 12]}{i // 1728 or ''}"
        checksum = hashlib.sha256(f"{i}".encode()).hexdigest()
        document = dataclasses.replace(model.document, checksum=checksum, source=f"cv/{i:06d}{model.document.source[-4:]}",
                                       lines=())
        owner = dataclasses.replace(model.owner, name=name) if model.owner else None
        out.append(_restamp(dataclasses.replace(model, document=document, owner=owner), checksum))
    return out


def _restamp(extraction: Extraction, checksum: str) -> Extraction:
    def fix(record):
        return dataclasses.replace(record, provenance=dataclasses.replace(record.provenance, checksum=checksum))

    return dataclasses.replace(extraction, positions=tuple(map(fix, extraction.positions)),
                               degrees=tuple(map(fix, extraction.degrees)),
                               publications=tuple(map(fix, extraction.publications)),
                               advisings=tuple(map(fix, extraction.advisings)))


def measure(n: int, folder: Path) -> dict[str, float]:
    """Seconds for each stage of a full and of a one-document rebuild over ``n`` documents."""
    from kg.export import turtle
    from kg.graph.ntriples import document_digest, document_lines
    from kg.pipeline import _fill_store
    from kg.resolve.merge import resolve

    times: dict[str, float] = {}
    extractions = synthetic_extractions(n)
    options = {"base": "https://w3id.org/kg-cv/id/", "contacts": False, "min_confidence": 0.0}

    def timed(name, action):
        start, cpu = time.perf_counter(), time.process_time()
        value = action()
        # wall seconds, and this process's CPU seconds (what a busy shared machine distorts less)
        times[name] = (round(time.perf_counter() - start, 3), round(time.process_time() - cpu, 3))
        return value

    resolved = timed("resolve (all documents)", lambda: resolve(extractions))
    timed("digests (all documents)", lambda: [document_digest(e, resolved, **options) for e in extractions])
    lines = timed("graph lines (all documents)", lambda: document_lines(resolved, **options))
    times["triples (quads)"] = sum(map(len, lines.values()))
    store, _ = timed("full build into store (lines, merge, bulk load)",
                     lambda: _fill_store(folder / "store", resolved, options))
    times["triples (merged)"] = len(store)
    text = timed("turtle from the build's lines", lambda: turtle(store))
    times["turtle bytes"] = len(text)
    changed = list(extractions)
    changed[0] = dataclasses.replace(changed[0], positions=changed[0].positions[1:])
    resolved = timed("rebuild: resolve", lambda: resolve(changed))
    store.close()
    store, _ = timed("rebuild: update store (1 document)", lambda: _fill_store(folder / "store", resolved, options))
    timed("rebuild: turtle", lambda: turtle(store))
    store.close()
    from kg.store import open_store

    reopened = open_store(folder / "store", read_only=True)
    timed("turtle from the store on disk (reopened)", lambda: turtle(reopened))
    timed("query headcount on the store", lambda: reopened.query("headcount"))
    timed("query coauthors on the store", lambda: reopened.query("coauthors", {"person": "Amara A. Abbot"}))
    times["peak memory of this process (MB)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return times


def extraction_rate(repeat: int = 5) -> float:
    """CVs per second read and extracted in this one process, over the samples ``repeat`` times."""
    from kg.parallel import extract_one
    from kg.samples import sample_paths

    jobs = [(str(path), path.read_bytes()) for path in sample_paths()]
    extract_one(jobs[0])  # imports and data files loaded before timing
    start = time.process_time()
    for _ in range(repeat):
        for job in jobs:
            extract_one(job)
    return round(repeat * len(jobs) / (time.process_time() - start), 1)


def main(argv: list[str]) -> None:
    n = int(argv[1]) if len(argv) > 1 else 1000
    print(f"{'extraction, one process (CVs per CPU second)':<50} {extraction_rate()}")
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        print(f"{'stage (N = ' + str(n) + ')':<50} wall s, cpu s (or a count)")
        for name, value in measure(n, folder).items():
            print(f"{name:<50} {value}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv)
