"""kg.synth.generate: deterministic files in every format, readable by kg's readers."""
from __future__ import annotations

import pytest

import kg
from kg.errors import SynthError
from kg.readers import read
from kg.synth import format_mix, generate, parse_shares


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generate_same_seed_gives_byte_identical_files(tmp_path):
    mix = {"txt": 1, "md": 1, "pdf": 1, "docx": 1}
    generate(4, tmp_path / "a", seed=5, formats=mix)
    generate(4, tmp_path / "b", seed=5, formats=mix)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert {name.rsplit(".", 1)[-1] for name in a} >= {"txt", "md", "pdf", "docx", "tsv"}
    assert a == b


def test_generate_forked_workers_write_the_same_files(tmp_path):
    generate(40, tmp_path / "one", seed=3, formats="txt,md")
    generate(40, tmp_path / "two", seed=3, formats="txt,md", workers=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_generate_another_seed_gives_another_corpus(tmp_path):
    generate(5, tmp_path / "a", seed=1, formats="txt")
    generate(5, tmp_path / "b", seed=2, formats="txt")
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_generate_writes_one_gold_file_per_cv_and_a_manifest(corpus):
    folder, paths = corpus
    assert len(paths) == 24 and all(p.is_file() for p in paths)
    assert sorted(p.name for p in (folder / "gold").iterdir()) == sorted(f"{p.stem}.gold.tsv" for p in paths)
    rows = (folder / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == ["file", "format", "owner", "gold", "layout"]
    assert [row.split("\t")[0] for row in rows[1:]] == [p.name for p in paths]


def test_generate_shares_formats_as_asked(corpus):
    _, paths = corpus
    counts = {fmt: sum(p.suffix == f".{fmt}" for p in paths) for fmt in ("txt", "md", "pdf", "docx")}
    assert counts == {"txt": 10, "md": 10, "pdf": 2, "docx": 2}


def test_generate_build_reads_the_cvs_not_the_gold_files(corpus):
    folder, paths = corpus
    assert kg.input_files([folder]) == sorted(paths)


@pytest.mark.parametrize("fmt", ["txt", "md", "pdf", "docx"])
def test_generate_every_format_reads_back_with_the_owner_on_top(corpus, fmt):
    folder, paths = corpus
    owners = dict(row.split("\t")[:3:2] for row in (folder / "manifest.tsv").read_text().splitlines()[1:])
    for path in (p for p in paths if p.suffix == f".{fmt}"):
        document = read(path)
        top = " ".join(line.text for line in document.lines[:3]).casefold()
        assert owners[path.name].split()[-1].casefold() in top, (path.name, top)
        assert len(document.lines) > 8


def test_generate_bad_parameters_are_one_line_errors(tmp_path):
    with pytest.raises(SynthError, match="unknown format 'xls'"):
        generate(3, tmp_path, formats="txt,xls")
    with pytest.raises(SynthError, match="positive integer"):
        generate(0, tmp_path)
    (tmp_path / "taken").write_text("a file, not a folder")
    with pytest.raises(SynthError, match="cannot create the output folder"):
        generate(2, tmp_path / "taken" / "corpus", formats="txt")


def test_generate_format_mix_keeps_default_shares_and_overrides():
    assert format_mix() == {"txt": 0.45, "md": 0.45, "pdf": 0.05, "docx": 0.05}
    assert format_mix("md") == {"md": 1.0}
    assert format_mix("txt,md", {"pdf": 0.1}) == pytest.approx({"txt": 0.45, "md": 0.45, "pdf": 0.1})
    with pytest.raises(SynthError):
        format_mix(shares={"txt": -1})
    with pytest.raises(SynthError):
        format_mix({"txt": 0})
    with pytest.raises(SynthError, match="FORMAT=SHARE"):
        parse_shares(["pdf:3"])


def test_generate_over_an_earlier_corpus_leaves_no_stale_cvs(tmp_path):
    generate(12, tmp_path, seed=1, formats="txt,md")
    (tmp_path / "notes.txt").write_text("mine")
    paths = generate(5, tmp_path, seed=2, formats="txt")
    assert sorted(kg.input_files([tmp_path])) == sorted(paths + [tmp_path / "notes.txt"])
    assert len(list((tmp_path / "gold").iterdir())) == 5
