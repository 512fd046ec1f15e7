"""Bad input: every bad file is named with a one-line reason; the good CV loses nothing."""
from pathlib import Path

from click.testing import CliRunner

import kg
from kg.cli import main
from kg.samples import sample_paths

GOOD = next(p for p in sample_paths() if p.suffix == ".txt")


def _bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes("Zoë Ångström\n\nEDUCATION\nUniversité de Genève, MSc 2010\n".encode("latin-1"))
    pdf = next(p for p in sample_paths() if p.suffix == ".pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (folder / GOOD.name).write_bytes(GOOD.read_bytes())
    return folder


def test_pipeline_bad_files_are_reported_and_the_good_cv_is_built(tmp_path):
    folder = _bad_folder(tmp_path)
    result = kg.build([folder])
    failed = {Path(f.source).name: f.reason for f in result.failures}
    assert set(failed) == {"empty.txt", "binary.txt", "truncated.pdf"}
    assert all(reason and "\n" not in reason for reason in failed.values())
    from kg.graph.vocab import KG

    def facts(graph):
        return {t for t in graph if t[1] != KG.path}

    assert facts(kg.build([GOOD]).graph) <= facts(result.graph)  # nothing of the good CV is lost
    latin = [e for e in result.extractions if e.document.source.endswith("latin1.txt")][0]
    assert latin.owner.name == "Zoë Ångström" and latin.degrees[0].institution == "Université de Genève"


def test_pipeline_cli_names_each_bad_file(tmp_path):
    folder = _bad_folder(tmp_path)
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    for name in ("empty.txt", "binary.txt", "truncated.pdf"):
        assert sum(name in line and "failed" in line for line in result.output.splitlines()) == 1
    assert "Traceback" not in result.output


def test_facts_keep_each_cvs_own_words_for_a_merged_organization(tmp_path):
    """Two CVs name one university two ways: the entity gets the fuller label, and each
    owner's facts keep the form that owner's CV writes (the gold guidelines' rule)."""
    (tmp_path / "a.txt").write_text("Ann Lee\n\nEDUCATION\nPh.D., Physics, MIT, 2010\n")
    (tmp_path / "b.txt").write_text("Bo Kim\n\nEDUCATION\nPh.D., Chemistry, Massachusetts Institute of Technology, 2012\n")
    result = kg.build([tmp_path])
    rows = {tuple(r.split("\t")) for r in kg.facts(result.graph).splitlines()[1:]}
    assert ("Ann Lee", "studied_at", "MIT") in rows
    assert ("Bo Kim", "studied_at", "Massachusetts Institute of Technology") in rows
    labels = set(kg.query(result.graph, "SELECT ?l WHERE { ?o a <https://w3id.org/kg-cv/ns#Organization> ; "
                                        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }").rows)
    assert labels == {("Massachusetts Institute of Technology",)}


def test_pipeline_build_pauses_the_collector_and_restores_it(monkeypatch):
    """A build runs with the cyclic collector off (millions of long-lived objects, few
    cycles) and leaves it as it found it, on or off, even when the build fails."""
    import gc

    import pytest

    import kg.pipeline

    seen = []

    def resolve(*args):
        seen.append(gc.isenabled())
        raise RuntimeError("stop here")

    monkeypatch.setattr(kg.pipeline, "resolve", resolve)
    with pytest.raises(RuntimeError):
        kg.build([])
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(RuntimeError):
            kg.build([])
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()


def test_pipeline_a_store_build_keeps_its_extractions_packed(tmp_path):
    import dataclasses

    from kg.model import PackedExtraction

    in_memory = kg.build(sample_paths())
    stored = kg.build(sample_paths(), store=tmp_path / "store")
    assert all(isinstance(item, PackedExtraction) for item in stored.extractions._items)
    lean = [dataclasses.replace(e, document=dataclasses.replace(e.document, lines=())) for e in in_memory.extractions]
    assert list(stored.extractions) == lean and stored.extractions[1:3] == lean[1:3]
    assert stored.warnings == in_memory.warnings and stored.stats() == in_memory.stats()


def test_pipeline_a_store_build_lets_its_resolution_go_before_the_load(tmp_path, monkeypatch):
    """Written into the documents' file, the resolution (2 GB at 100,000 CVs) is not needed
    while the merge and Oxigraph's load run: nothing may keep it alive until then."""
    import gc
    import weakref

    import kg.pipeline
    from kg.store.oxigraph import OxigraphStore

    made, alive_at_load = [], []
    resolve, load_saved = kg.pipeline.resolve, OxigraphStore.load_saved

    def recorded(*args, **kwargs):
        resolved = resolve(*args, **kwargs)
        made.append(weakref.ref(resolved))
        return resolved

    def load(store):
        gc.collect()
        alive_at_load.append(made[-1]() is not None)
        return load_saved(store)

    monkeypatch.setattr(kg.pipeline, "resolve", recorded)
    monkeypatch.setattr(OxigraphStore, "load_saved", load)
    kg.build(sample_paths(), store=tmp_path / "store", cache=tmp_path / "cache")
    assert alive_at_load == [False]
