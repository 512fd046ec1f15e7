"""Shared fixtures: paths to ../shared, and skips that become failures in CI.

Tests that need ../shared (the real CVs and gold facts) or Debian's Chromium skip with a
stated reason on a user's clone; with KG_REQUIRE_EXTERNALS=1 (set by .ci/run) a missing
one fails the run instead, so nothing is silently skipped in CI.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

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
