"""kg synth: a thin shell over kg.synth.generate."""
from __future__ import annotations

from click.testing import CliRunner

from kg.cli import main
from kg.synth import generate


def test_cli_synth_writes_the_corpus_generate_writes(tmp_path):
    result = CliRunner().invoke(main, ["synth", "6", "--out", str(tmp_path / "cli"), "--seed", "4",
                                       "--formats", "txt,md"])
    assert result.exit_code == 0, result.output
    assert "Wrote 6 CVs (txt 3, md 3)" in result.output
    paths = generate(6, tmp_path / "api", seed=4, formats="txt,md")
    for path in paths:
        assert (tmp_path / "cli" / path.name).read_bytes() == path.read_bytes()
        gold = f"gold/{path.stem}.gold.tsv"
        assert (tmp_path / "cli" / gold).read_bytes() == (tmp_path / "api" / gold).read_bytes()


def test_cli_synth_share_and_quiet(tmp_path):
    result = CliRunner().invoke(main, ["synth", "4", "--out", str(tmp_path), "--formats", "txt",
                                       "--share", "txt=1,md=1", "-q"])
    assert result.exit_code == 0 and result.output == ""
    assert sorted(p.suffix for p in tmp_path.iterdir() if p.is_file() and p.name != "manifest.tsv") == \
        [".md", ".md", ".txt", ".txt"]


def test_cli_synth_bad_input_is_one_line(tmp_path):
    for args in (["--formats", "txt,rtf"], ["--share", "pdf"], ["--share", "pdf=-1"]):
        result = CliRunner().invoke(main, ["synth", "3", "--out", str(tmp_path), *args])
        assert result.exit_code == 1
        assert result.output.count("\n") == 1 and result.output.startswith("kg: error: ")
    assert CliRunner().invoke(main, ["synth", "0", "--out", str(tmp_path)]).exit_code == 2
