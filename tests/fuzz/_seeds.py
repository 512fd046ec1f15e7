"""Seed corpora for the fuzzers: the bundled sample CVs, written into an empty corpus folder."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def seed_empty_corpora(argv: list[str], make) -> None:
    """Fill each empty folder named on the command line with ``make()``'s inputs."""
    for arg in argv[1:]:
        if arg.startswith("-"):
            continue
        folder = Path(arg)
        if folder.suffix or (folder.exists() and any(folder.iterdir())):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for data in make():
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def sample_files() -> list[Path]:
    sys.path.insert(0, os.fspath(Path(__file__).resolve().parents[2]))
    from kg.samples import sample_paths

    return sample_paths()
