"""End to end on real CVs: kg build + kg facts, scored by ../shared/tools/score_facts.py."""
import io
import json
from contextlib import redirect_stdout

from click.testing import CliRunner

from kg.cli import main


def _score(scorer, tmp_path, cvs, gold):
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", *map(str, cvs), "--out", str(out), "-q"]).exit_code == 0
    facts = CliRunner().invoke(main, ["facts", str(out / "graph.ttl")]).output
    (tmp_path / "facts.tsv").write_text(facts)
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        scorer.main(["--gold", str(gold), "--pred", str(tmp_path / "facts.tsv"), "--json"])
    return next(json.loads(line) for line in buffer.getvalue().splitlines() if line.startswith("{"))


def test_extraction_seeds_meet_the_bar(shared, scorer, tmp_path):
    scores = _score(scorer, tmp_path, sorted((shared / "seeds").glob("*.txt")), shared / "gold")
    assert scores["micro"]["f1"] >= 0.90, scores
    for relation in ("worked_at", "studied_at", "coauthored_with", "advised_by"):
        assert scores[relation]["f1"] >= 0.85, (relation, scores[relation])
