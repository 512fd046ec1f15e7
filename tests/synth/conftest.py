"""A small synthetic corpus, generated once per test session (all four formats)."""
from __future__ import annotations

import pytest

from kg.synth import generate

MIXED = {"txt": 4, "md": 4, "pdf": 1, "docx": 1}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """24 CVs of seed 11 in every format: (folder, CV paths)."""
    out = tmp_path_factory.mktemp("synth") / "corpus"
    return out, generate(24, out, seed=11, formats=MIXED)
