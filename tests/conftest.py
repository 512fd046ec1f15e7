"""Shared fixtures: paths to ../shared, and skips that become failures in CI.

Tests that need ../shared (the real CVs and gold facts) or Debian's Chromium skip with a
stated reason on a user's clone; with KG_REQUIRE_EXTERNALS=1 (set by .ci/run) a missing
one fails the run instead, so nothing is silently skipped in CI.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI and a laptop agree; a failure
# reproduces); the fuzzing harnesses in tests/fuzz are where randomness goes looking.
settings.register_profile("kg", derandomize=True)
settings.load_profile("kg")

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def need(condition: bool, reason: str) -> None:
    """Skip (or, in CI, fail) the calling test when ``condition`` is false."""
    if condition:
        return
    if os.environ.get("KG_REQUIRE_EXTERNALS"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    need((SHARED / "gold").is_dir(), f"../shared not found at {SHARED} (real CVs and gold facts)")
    return SHARED


@pytest.fixture(scope="session")
def scorer(shared):
    """The shared scorer module (score_facts.py), imported from ../shared/tools."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_facts", shared / "tools" / "score_facts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Surnames the sample CVs' owners are given in corpus variants (the samples are fictional).
_SURNAMES = ("Abara", "Bello", "Castro", "Dahl", "Eze", "Falk", "Gupta", "Haas", "Ito", "Jensen", "Kane",
             "Lund", "Moreau", "Nakamura", "Ortiz", "Pohl", "Quist", "Rossi", "Sato", "Tan")
_OWNERS = {"01_ada_okafor.txt": "Okafor", "02_jiwoo_park.md": "Park", "03_tomasz_kowalczyk.md": "Kowalczyk",
           "04_lucia_fernandez_ruiz.txt": "Ruiz"}


def make_corpus(folder: Path, variants: int) -> Path:
    """The bundled sample CVs plus ``variants`` text variants of each text sample (the owner
    renamed, so the variants are new people sharing the originals' co-authors and employers)."""
    from kg.samples import sample_paths

    folder.mkdir(parents=True, exist_ok=True)
    for path in sample_paths():
        (folder / path.name).write_bytes(path.read_bytes())
        if path.name not in _OWNERS:
            continue
        text = path.read_text(encoding="utf-8")
        for i in range(variants):
            surname = f"{_SURNAMES[i % len(_SURNAMES)]}{'' if i < len(_SURNAMES) else i // len(_SURNAMES)}"
            name = f"v{i:03d}_{path.name}"
            (folder / name).write_text(text.replace(_OWNERS[path.name], surname), encoding="utf-8")
    return folder
