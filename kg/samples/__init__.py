"""Bundled sample CVs: seven fictional people whose papers, employers and schools overlap.

``kg build`` with no path builds the graph from these files. Hand-written gold facts for
each sample are in ``gold/NAME.gold.tsv``; ``make_samples.py`` regenerates the PDF and
DOCX samples. See README.md in this folder.
"""
from __future__ import annotations

from pathlib import Path

SAMPLES_DIR: Path = Path(__file__).resolve().parent

#: File suffixes of the sample CVs themselves.
CV_SUFFIXES = (".txt", ".md", ".pdf", ".docx")


def sample_paths() -> list[Path]:
    """The sample CV files, sorted by name (not the README, gold files or generator).

    >>> [p.name for p in sample_paths()][:2]
    ['01_ada_okafor.txt', '02_jiwoo_park.md']
    """
    return sorted(
        p for p in SAMPLES_DIR.iterdir()
        if p.is_file() and p.suffix.lower() in CV_SUFFIXES and p.name.lower() != "readme.md"
        and not p.name.startswith((".", "_"))
    )


__all__ = ["SAMPLES_DIR", "CV_SUFFIXES", "sample_paths"]
