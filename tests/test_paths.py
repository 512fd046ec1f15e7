"""Paths: every output lands under --out, whatever the input names hold (``../``, odd bytes)."""
from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

import kg
from kg.cli import main
from tests.hostile_corpus import simple_cv


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_paths_outputs_stay_under_out_whatever_the_input_names(tmp_path):
    cvs = tmp_path / "a" / "b" / "cvs"
    cvs.mkdir(parents=True)
    names = ["x..%2f..%2fgraph.ttl.txt", "evil..\\..\\x.txt", os.fsdecode(b"odd \xff\xfe bytes.txt"),
             "graph.ttl.md", "-rf.txt", "ego.html.txt"]
    for i, name in enumerate(names):
        (cvs / name).write_text(simple_cv(f"Person {chr(65 + i)}orsk"), encoding="utf-8")
    before = _files(tmp_path)
    out = tmp_path / "a" / "out"
    dotted = str(cvs / ".." / ".." / "b" / "cvs")  # an input path that climbs and comes back
    runner = CliRunner()
    assert runner.invoke(main, ["build", dotted, "--out", str(out)]).exit_code == 0
    assert runner.invoke(main, ["export", "--graph", str(out / "graph.ttl"), "--out", str(out / "export")]).exit_code == 0
    result = runner.invoke(main, ["render", "--graph", str(out / "graph.ttl"), "--view", "ego",
                                  "--person", "../../../etc/passwd", "--out", str(out)])
    assert result.exit_code == 1 and "../../../etc/passwd" in result.output  # no such person, one line
    new = _files(tmp_path) - before
    assert new and all(out in p.parents for p in new), sorted(map(str, new))
    built = kg.build([dotted])
    assert not built.failures, built.failures
    sources = built.extractions
    assert len(sources) == len(names)
    assert all(e.document.source.isprintable() for e in sources)
