"""The on-disk store: incremental builds equal full rebuilds, the store and the Turtle file
hold the same graph, and named queries answer the same on both backends."""
import hashlib
import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

import kg
import kg.parallel
from kg.cli import main
from kg.export import trig, turtle
from kg.graph.ntriples import graph_lines
from tests.conftest import make_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"), variants=2)


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = kg.build([corpus], store=out / "store", cache=out / ".kg")
    kg.write_outputs(result, out)
    return out, result


@pytest.fixture(scope="module")
def memory(corpus):
    return kg.build([corpus])


def _outputs(store):
    return turtle(store), trig(store), kg.facts(store)


def test_store_incremental_build_equals_a_full_rebuild(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "cvs"
    folder.mkdir()
    for path in corpus.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    first = kg.build([folder], store=tmp_path / "store", cache=tmp_path / "cache")
    assert first.extracted == len(list(folder.iterdir()))

    edited, deleted = folder / "v000_02_jiwoo_park.md", folder / "v001_01_ada_okafor.txt"
    gone = [hashlib.sha256(path.read_bytes()).hexdigest() for path in (edited, deleted)]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Senior Research Scientist", "Principal Scientist"),
                      encoding="utf-8")
    deleted.unlink()
    seen = []
    monkeypatch.setattr(kg.parallel, "extract", lambda doc: seen.append(doc.source) or _extract(doc))
    again = kg.build([folder], store=tmp_path / "store", cache=tmp_path / "cache")
    assert seen == [str(edited)] and again.extracted == 1  # nothing untouched was re-extracted

    full = kg.build([folder], store=tmp_path / "fresh")
    assert _outputs(again.store) == _outputs(full.store)
    reopened = kg.open_graph(tmp_path / "store")
    assert _outputs(reopened) == _outputs(full.store)
    text = turtle(reopened)
    assert hashlib.sha256(edited.read_bytes()).hexdigest() in text and not any(c in text for c in gone)
    reopened.close()
    (tmp_path / "store" / "kg-merged.nt").unlink()  # without the kept lines, read the database
    assert _outputs(kg.open_graph(tmp_path / "store")) == _outputs(full.store)


_extract = kg.parallel.extract


def test_store_and_turtle_file_hold_the_same_graph(built):
    out, result = built
    from_file = kg.load_graph(out / "graph.ttl")
    store = kg.open_graph(out)
    assert store.lines() == graph_lines(from_file)
    assert isomorphic(store.graph(), from_file)
    assert len(store) == len(from_file) == result.stats()["triples"]


def test_store_build_equals_the_in_memory_build(built, memory):
    _, result = built
    assert turtle(result.store) == turtle(memory.graph)
    assert trig(result.store) == trig(memory.dataset)
    assert isomorphic(result.graph, memory.graph)
    assert result.store.documents() == sorted(f"<{g.identifier}>" for g in memory.dataset.graphs() if len(g))


def _sort_key(row):
    return tuple("" if v is None else v for v in row)


_PARAMS = {"person": "Ada Okafor", "organization": "University of Toronto", "school": "MIT",
           "subject": "Priya Raghunathan", "object": "MIT"}
# Any written form in any case: "mit" is an alternative label, the label is the long name.
_CASED = {"person": "ADA OKAFOR", "organization": "university of toronto",
          "school": "massachusetts institute of technology", "subject": "priya RAGHUNATHAN", "object": "Mit"}


_CASES = [(name, _PARAMS) for name in sorted(kg.named_queries())] + [
    (name, _CASED) for name, query in sorted(kg.named_queries().items()) if query.params]


@pytest.mark.parametrize("name, params", _CASES, ids=[f"{n}-{'cased' if p is _CASED else 'written'}" for n, p in _CASES])
def test_store_named_queries_answer_the_same_on_both_backends(built, memory, name, params):
    _, result = built
    wanted = {p: params[p] for p, _ in kg.named_queries()[name].params}
    on_disk, in_memory = kg.query(result.store, name, wanted), kg.query(memory.graph, name, wanted)
    assert on_disk.columns == in_memory.columns
    # rdflib and Oxigraph order ties and mixed date types differently; the rows are the same
    assert sorted(on_disk.rows, key=_sort_key) == sorted(in_memory.rows, key=_sort_key)
    assert on_disk.rows or not wanted  # every parameter names something in the samples


def test_store_named_queries_find_names_in_any_case(built):
    _, result = built
    for name in sorted(kg.named_queries()):
        wanted = {p: _PARAMS[p] for p, _ in kg.named_queries()[name].params}
        if wanted:
            cased = {p: _CASED[p] for p in wanted}
            assert kg.query(result.store, name, wanted).rows == kg.query(result.store, name, cased).rows, name


def test_store_facts_are_sorted_by_kg_and_limited_after_sorting(built, memory):
    _, result = built
    assert kg.named_queries()["facts"].sort
    for graph in (result.store, memory.graph):
        rows = kg.query(graph, "facts").rows
        assert rows == tuple(sorted(rows)) and len(rows) > 50
        assert kg.query(graph, "facts", limit=5).rows == rows[:5]


def test_store_facts_file_is_merged_from_sorted_runs(built, tmp_path, monkeypatch):
    import tempfile

    export = importlib.import_module("kg.export")  # kg.export is also the export function
    _, result = built
    made = []
    temporary = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **kw: made.append(kw) or temporary(**kw))
    monkeypatch.setattr(export, "FACTS_RUN", 7)
    export.write_facts(result.store, tmp_path / "facts.tsv")
    text = (tmp_path / "facts.tsv").read_text(encoding="utf-8")
    assert text == kg.facts(result.store) and text.count("\n") > 50
    assert len(made) > 5 and all(kw["dir"] == tmp_path for kw in made)
    query = kg.named_queries()["facts"].text.replace("SELECT DISTINCT", "SELECT", 1)
    rows = list(result.store.solutions(query, {})[1])
    assert len(rows) > len(set(rows)), "no repeated rows: the runs' merge drops none"
    assert not list(tmp_path.glob(".facts.tsv*")), "temporary files left behind"


def test_store_facts_of_a_large_store_come_per_batch_of_owners(built, tmp_path, monkeypatch):
    """Over FACTS_WHOLE documents the rows are asked for a batch of owners at a time: the
    same file, and no batch parts a label from its rows."""
    export = importlib.import_module("kg.export")
    _, result = built
    batches, real = [], export.facts_rows
    monkeypatch.setattr(export, "facts_rows", lambda store, labels: batches.append(sorted(labels)) or real(store, labels))
    monkeypatch.setattr(export, "FACTS_WHOLE", 0)
    monkeypatch.setattr(export, "FACTS_BATCH", 3)
    monkeypatch.setattr(result.store, "facts_lines", lambda scratch, select=True: None)  # as a store without them
    export.write_facts(result.store, tmp_path / "facts.tsv")
    assert (tmp_path / "facts.tsv").read_text(encoding="utf-8") == kg.facts(result.store)
    assert len(batches) > 3 and all(len(batch) >= 3 for batch in batches[:-1])
    assert sorted(label for batch in batches for label in batch) == sorted({label for batch in batches for label in batch})


def test_store_facts_come_from_the_lines_the_build_kept(corpus, tmp_path, monkeypatch):
    """A build keeps the lines the facts query reads beside the merged lines, and facts.tsv
    is made of them without asking the query (the same file as the query's). A rebuild
    that edits the merged lines deletes them; the rows then come from the edited merged
    lines (over FACTS_WHOLE documents) or from the query, the same file either way."""
    import kg.store.documents
    from kg.store.facts import FACTS

    export = importlib.import_module("kg.export")
    monkeypatch.setattr(kg.store.documents, "PARALLEL_MERGE", 0)  # the merge in key ranges, as a large build's
    files = sorted(corpus.iterdir())
    result = kg.build(files, store=tmp_path / "store", jobs=2)
    store = result.store
    assert (store.path / FACTS).stat().st_size > 0
    expected = kg.facts(store)
    with monkeypatch.context() as patch:
        patch.setattr(store, "solutions", None)  # the query is not asked
        patch.setattr(store, "run", None)
        export.write_facts(store, tmp_path / "facts.tsv")
    assert (tmp_path / "facts.tsv").read_text(encoding="utf-8") == expected
    store.close()

    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nWork\nAcme Widgets, Engineer, 2019-2020\n",
                        encoding="utf-8")
    again = kg.build(files, store=tmp_path / "store")
    assert not (again.store.path / FACTS).exists()
    expected = kg.facts(again.store)
    export.write_facts(again.store, tmp_path / "queried.tsv")
    monkeypatch.setattr(export, "FACTS_WHOLE", 0)
    monkeypatch.setattr(again.store, "run", None)
    export.write_facts(again.store, tmp_path / "selected.tsv")
    for name in ("queried.tsv", "selected.tsv"):
        assert (tmp_path / name).read_text(encoding="utf-8") == expected, name


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(*[st.one_of(st.none(), st.text("ab \t\n\x01é😀", max_size=4))] * 3), max_size=40),
       run=st.integers(1, 9))
def test_store_facts_runs_sort_as_facts_text(rows, run, tmp_path_factory):
    """Rows merged from sorted runs are facts_text's rows, in its order, with any values."""
    export = importlib.import_module("kg.export")
    folder = tmp_path_factory.mktemp("runs")
    original, export.FACTS_RUN = export.FACTS_RUN, run
    try:
        lines = b"".join(export._sorted_lines(iter(rows), folder)).decode("utf-8")
    finally:
        export.FACTS_RUN = original
    assert lines == export.facts_text(rows, ()).split("\n", 1)[1]


def test_store_is_compacted_after_a_bulk_load(corpus, tmp_path, monkeypatch):
    """A store written whole over an earlier build (its old files and the clear's deletions
    beside the loader's new ones) is left compacted: compacting again merges nothing."""
    import pyoxigraph

    import kg.store.oxigraph

    monkeypatch.setattr(kg.store.oxigraph, "BULK_BYTES", 0)  # the corpus is small: bulk-load it anyway
    files = sorted(corpus.iterdir())
    for chosen in (files, files[:len(files) // 3]):  # the second changes too much to update in place
        result = kg.build(chosen, store=tmp_path / "store")
        assert result.change is None
        result.store.close()

    def tables():
        return sorted(p.name for p in (tmp_path / "store").glob("*.sst"))

    loaded = tables()
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.optimize()
    del store
    assert tables() == loaded


def test_store_parameters_are_data_not_sparql(built):
    out, _ = built
    store = kg.open_graph(out)
    before = len(store)
    for hostile in ('"} ; DROP ALL ; { "', "x\" } } SELECT * WHERE { ?s ?p ?o", "\\\n\t'"):
        assert kg.query(store, "coauthors", {"person": hostile}).rows == ()
    assert len(kg.open_graph(out)) == before


def test_store_cli_commands_work_on_the_store(built, tmp_path):
    out, _ = built
    runner = CliRunner()
    query = runner.invoke(main, ["query", "people-at", "-p", "organization=University of Toronto", "--store",
                                 str(out / "store"), "--format", "tsv"])
    assert query.exit_code == 0 and "Ada" in query.output
    assert runner.invoke(main, ["facts", str(out)]).output == (out / "facts.tsv").read_text()
    explain = runner.invoke(main, ["explain", "Priya Raghunathan", "MIT", "--graph", str(out)])
    assert explain.exit_code == 0 and ".pdf" in explain.output
    render = runner.invoke(main, ["render", "--graph", str(out), "--view", "ego", "--person", "Jiwoo Park",
                                  "--out", str(tmp_path)])
    assert render.exit_code == 0 and (tmp_path / "ego.html").stat().st_size > 0
    export = runner.invoke(main, ["export", "--graph", str(out / "store"), "--format", "turtle", "--format", "trig",
                                  "--out", str(tmp_path)])
    assert export.exit_code == 0
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    assert (tmp_path / "graph.trig").read_bytes() == (out / "graph.trig").read_bytes()


def test_store_missing_or_foreign_folder_is_one_line(tmp_path):
    for args in (["query", "owners", "--graph", str(tmp_path / "nothing")], ["facts", str(tmp_path)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
        assert "Traceback" not in result.output


def test_store_cli_rebuild_reports_what_it_extracted(tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["build", "--out", str(tmp_path), "--jobs", "1"])
    again = runner.invoke(main, ["build", "--out", str(tmp_path), "--jobs", "2"])
    assert first.exit_code == again.exit_code == 0, again.output
    extracted = [line.split()[-1] for result in (first, again) for line in result.output.splitlines()
                 if line.strip().startswith("extracted")]
    assert extracted == ["7", "0"]
    assert Graph().parse(tmp_path / "graph.ttl").__len__() > 100


def test_store_moved_files_keep_their_cached_extractions(corpus, tmp_path):
    first, moved = tmp_path / "a", tmp_path / "b"
    for folder in (first, moved):
        folder.mkdir()
    for path in sorted(corpus.iterdir())[:5]:
        (first / path.name).write_bytes(path.read_bytes())
        (moved / f"renamed-{path.name}").write_bytes(path.read_bytes())
    kg.build([first], store=tmp_path / "store", cache=tmp_path / "cache")
    again = kg.build([moved], store=tmp_path / "store", cache=tmp_path / "cache")
    assert again.extracted == 0
    assert all(Path(e.document.source).parent == moved for e in again.extractions)
    fresh = kg.build([moved], store=tmp_path / "fresh")
    assert _outputs(again.store) == _outputs(fresh.store)


def _reads(monkeypatch) -> list[str]:
    """The files kg.parallel reads from now on."""
    import kg.parallel

    read, real = [], kg.parallel.load
    monkeypatch.setattr(kg.parallel, "load", lambda path, limits=None: (read.append(path.name), real(path, limits))[1])
    return read


def test_store_rebuild_reads_only_files_whose_status_changed(corpus, tmp_path, monkeypatch):
    """A rebuild takes unchanged files from the cache by their status (size, times, inode)
    without reading them; a file rewritten with the same size and its old modification time
    is still read (its change time moved), and the result equals a fresh build."""
    import os

    import kg.cache

    folder = tmp_path / "cvs"
    folder.mkdir()
    for path in sorted(corpus.iterdir())[:6]:
        (folder / path.name).write_bytes(path.read_bytes())
    kg.build([folder], store=tmp_path / "store", cache=tmp_path / "cache").store.close()
    monkeypatch.setattr(kg.cache, "_RACY_NS", 0)  # files made a moment ago count as settled
    read = _reads(monkeypatch)
    kg.build([folder], store=tmp_path / "store", cache=tmp_path / "cache").store.close()
    assert read == []
    target = next(p for p in sorted(folder.iterdir()) if p.suffix == ".txt")
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("University", "Universidad")[:len(text)].ljust(len(text)), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    again = kg.build([folder], store=tmp_path / "store", cache=tmp_path / "cache")
    assert read == [target.name] and again.extracted == 1
    fresh = kg.build([folder], store=tmp_path / "fresh")
    assert _outputs(again.store) == _outputs(fresh.store)


def test_store_rebuild_reads_files_changed_just_before_it_looked(corpus, tmp_path, monkeypatch):
    """Files changed within two seconds of the build looking at them may change again in the
    same clock tick: the next build reads them all again."""
    folder = tmp_path / "cvs"
    folder.mkdir()
    for path in sorted(corpus.iterdir())[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    kg.build([folder], store=tmp_path / "store", cache=tmp_path / "cache").store.close()
    read = _reads(monkeypatch)
    again = kg.build([folder], store=tmp_path / "store", cache=tmp_path / "cache")
    assert read == sorted(p.name for p in folder.iterdir()) and again.extracted == 0
