"""A build killed mid-way (SIGKILL) leaves the previous outputs intact and readable, and
the next build finishes as if nothing had happened (issue 7, "Nothing lost")."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from kg.synth import generate

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def _build(folder: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(folder), "--out", str(out), "-q", "--jobs", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "facts.tsv")}


def test_killed_build_leaves_previous_outputs_readable_and_the_rebuild_equals_a_fresh_build(tmp_path):
    old_cvs, new_cvs = tmp_path / "old", tmp_path / "new"
    generate(10, old_cvs, seed=1, formats={"txt": 1, "md": 1})
    generate(16, new_cvs, seed=2, formats={"txt": 1, "md": 1})
    fresh = tmp_path / "fresh"
    assert _build(new_cvs, fresh).wait(timeout=300) == 0
    expected = _outputs(fresh)

    out = tmp_path / "out"
    assert _build(old_cvs, out).wait(timeout=300) == 0
    previous = _outputs(out)
    killed = 0
    for delay in (0.6, 1.6):  # during start-up and extraction, and later while writing
        process = _build(new_cvs, out)
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        for name, body in _outputs(out).items():
            assert body in (previous[name], expected[name]), f"{name} is neither the old nor the new file"
        Graph().parse(out / "graph.ttl", format="turtle")  # readable
        facts = subprocess.run([sys.executable, "-m", "kg.cli", "facts", str(out)], capture_output=True, text=True)
        assert facts.returncode == 0, facts.stderr  # the store opens after the kill

    assert killed, "no build was still running when its signal came"
    assert _build(new_cvs, out).wait(timeout=300) == 0
    assert _outputs(out) == expected
