"""kg eval: the reference scorer's matching rules, per document misses, one-line errors."""
import json

from click.testing import CliRunner

import kg
from kg.cli import main
from kg.evaluate import GoldDocument, load_gold, read_rows, score_facts
from kg.samples import sample_paths


def test_eval_samples_against_their_gold_reports_every_relation():
    result = CliRunner().invoke(main, ["eval", *map(str, sample_paths()), "--gold", str(sample_paths()[0].parent / "gold"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert set(scores) >= {"worked_at", "studied_at", "coauthored_with", "advised_by", "micro", "documents"}
    assert len(scores["documents"]) == 7
    assert scores["micro"]["f1"] > 0.8


def test_eval_lists_what_was_missed_and_what_was_spurious():
    gold = [GoldDocument("jane", "Jane Roe", {"worked_at": [["Acme Corp", "Acme"]], "studied_at": [["MIT"]],
                                              "coauthored_with": [["Bo Kim"], ["Ann Lee"]]})]
    rows = read_rows("subject\trelation\tobject\nJane Roe\tworked_at\tThe Acme Corporation\n"
                     "Jane Roe\tworked_at\tGlobex\nB. Kim\tcoauthored_with\tJ. Roe\nZed Poe\tworked_at\tMIT\n")
    result = score_facts(rows, gold)
    doc = result.documents[0]
    assert doc.missed == {"studied_at": ["MIT"], "coauthored_with": ["Ann Lee"]}
    assert doc.spurious == {"worked_at": ["Globex"]}
    assert (result.relations["worked_at"].tp, result.relations["worked_at"].predicted) == (1, 2)
    report = result.report()
    assert "missed:   MIT" in report and "spurious: Globex" in report


def test_eval_gives_the_shared_scorers_numbers(shared, scorer, tmp_path):
    """Same gold, same facts: kg eval and ../shared/tools/score_facts.py agree to the digit."""
    import io
    from contextlib import redirect_stdout

    seeds = sorted((shared / "seeds").glob("*.txt"))
    build = kg.build(seeds)
    facts = tmp_path / "facts.tsv"
    facts.write_text(kg.facts(build.graph))
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        scorer.main(["--gold", str(shared / "gold"), "--pred", str(facts), "--json"])
    reference = next(json.loads(line) for line in buffer.getvalue().splitlines() if line.startswith("{"))
    ours = score_facts(read_rows(facts.read_text()), load_gold(shared / "gold")).as_dict()
    for relation in ("worked_at", "studied_at", "coauthored_with", "advised_by"):
        assert ours[relation] == reference[relation], relation
    assert abs(ours["micro"]["f1"] - reference["micro"]["f1"]) < 1e-12


def test_eval_without_gold_files_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["eval", str(sample_paths()[0]), "--gold", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"kg: error: {tmp_path}: no NAME.gold.tsv files"]
