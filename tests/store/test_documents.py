"""The on-disk store keeps documents' lines and shared-line counts beside its database; any
sequence of added, replaced and removed documents leaves the merged graph equal to the
union of the documents it holds (what the in-memory store computes from its named graphs)."""
from __future__ import annotations

import importlib
import itertools

from hypothesis import given, settings, strategies as st

from kg.store.documents import DocumentLines, LineCounts
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore

LINES = [f"<https://example.org/s{i % 4}> <https://example.org/p> <https://example.org/o{i}> ." for i in range(12)]
NAMES = [f"<https://example.org/doc/{n}>" for n in range(5)]

documents = st.dictionaries(st.sampled_from(NAMES), st.lists(st.sampled_from(LINES), unique=True).map(sorted),
                            max_size=3)
steps = st.lists(st.tuples(documents, st.lists(st.sampled_from(NAMES), max_size=2)), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(steps=steps)
def test_documents_any_edits_keep_the_merged_graph_the_union(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("store")
    store, memory = OxigraphStore(folder / "store", create=True), MemoryStore()
    held: dict[str, list[str]] = {}
    try:
        for graphs, drop in steps:
            drop = [name for name in drop if name not in graphs]
            if drop:
                store.remove_documents(drop)
                memory.remove_documents(drop)
            if graphs:
                store.add_documents(graphs)
                memory.add_documents(graphs)
            for name in drop:
                held.pop(name, None)
            held.update(graphs)
            union = sorted(set(itertools.chain.from_iterable(held.values())))
            assert store.lines() == memory.lines() == union
            assert store.documents() == sorted(held)
            for name, lines in held.items():
                assert store.document_lines(name) == lines
            for line in union:  # the counts a later rebuild relies on
                stating = sum(line in lines for lines in held.values())
                assert store._counts().get(line) == (stating if stating >= 2 else 0)
        expected = store.documents(), store.lines()
        store.flush()
        store.close()
        reopened = OxigraphStore(folder / "store")
        assert (reopened.documents(), reopened.lines()) == expected
        reopened.close()
    finally:
        store.close()


def test_documents_file_is_compacted_when_mostly_garbage(tmp_path):
    lines = DocumentLines(tmp_path)
    big = [f"<https://example.org/s> <https://example.org/p> \"{'x' * 200} {i}\" ." for i in range(3000)]
    lines.rewrite({"<d1>": big, "<d2>": ["<a> <b> <c> ."]})
    for round_ in range(4):
        lines.update({"<d1>": big[round_:]}, ())
    assert lines.path.stat().st_size < 2 * sum(b - a for a, b in lines.runs.values()) + (1 << 20) + 1
    again = DocumentLines(tmp_path)
    assert again.lines("<d1>") == big[3:] and again.lines("<d2>") == ["<a> <b> <c> ."]
    lines.update({}, ["<d1>"])
    assert DocumentLines(tmp_path).names() == ["<d2>"]


@given(st.dictionaries(st.text(max_size=8), st.integers(0, 5)), st.dictionaries(st.text(max_size=8), st.integers(0, 5)))
def test_documents_line_counts_update_like_a_dictionary(first, second):
    counts = LineCounts.build(first).updated(second)
    expected = {**{k: v for k, v in first.items() if v >= 2}, **second}
    for line in {*first, *second}:
        assert counts.get(line) == (expected.get(line, 0) if expected.get(line, 0) >= 2 else 0)
    assert len(counts) == sum(1 for v in expected.values() if v >= 2)


def test_documents_counts_survive_a_save_and_refuse_a_damaged_file(tmp_path):
    counts = LineCounts.build({"a": 2, "b": 7, "c": 1})
    counts.save(tmp_path / "c.bin")
    loaded = LineCounts.load(tmp_path / "c.bin")
    assert [loaded.get(x) for x in "abcd"] == [2, 7, 0, 0]
    (tmp_path / "c.bin").write_bytes((tmp_path / "c.bin").read_bytes()[:-3])
    assert LineCounts.load(tmp_path / "c.bin") is None


def test_documents_store_keeps_few_of_rocksdb_old_info_logs(tmp_path):
    for _ in range(6):
        OxigraphStore(tmp_path / "store", create=True).close()
    logs = sorted(path.name for path in (tmp_path / "store").glob("LOG.old.*"))
    assert 1 <= len(logs) <= 3


def test_documents_store_of_an_older_kg_says_to_rebuild(tmp_path):
    """A store an older kg wrote had the documents inside the database: TriG from it is a
    one-line error naming the fix, never an empty file; kg build rewrites it whole."""
    import pytest

    import kg
    from kg.errors import GraphError
    from kg.samples import sample_paths
    from kg.store.documents import COUNTS, DOCUMENTS, INDEX

    kg.build(sample_paths()[:2], store=tmp_path / "store").store.close()
    for name in (DOCUMENTS, INDEX, COUNTS):
        (tmp_path / "store" / name).unlink()
    old = OxigraphStore(tmp_path / "store", read_only=True)
    with pytest.raises(GraphError, match=r"written by an older kg; run kg build again"):
        old.write("trig", tmp_path / "graph.trig")
    assert not (tmp_path / "graph.trig").exists()
    assert old.query("owners").rows  # the merged graph still answers
    old.close()
    assert not OxigraphStore(tmp_path / "store").can_update()
    rebuilt = kg.build(sample_paths()[:2], store=tmp_path / "store").store
    assert rebuilt.documents() and rebuilt.serialize("trig")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF), min_size=1, max_size=30),
                         unique=True).map(sorted), max_size=6), st.integers(1, 64))
def test_documents_merged_runs_equal_one_sort(tmp_path_factory, graphs, block):
    """The merge of documents' sorted runs, read a few bytes at a time, gives the lines of
    one sort of them all, and counts how many documents state each line two or more state."""
    from collections import Counter

    folder = tmp_path_factory.mktemp("runs")
    documents = DocumentLines(folder)
    documents.rewrite_from([(f"<d{n}>", lines) for n, lines in enumerate(graphs)])
    counts = documents.merged(folder / "merged.nt", block=block)
    stated = Counter(line for lines in graphs for line in lines)
    expected = sorted(stated)
    shared = {line: n for line, n in stated.items() if n > 1}
    assert (folder / "merged.nt").read_bytes() == "".join(f"{line}\n" for line in expected).encode("utf-8")
    assert counts.keys == LineCounts.build(shared).keys and list(counts.counts) == list(LineCounts.build(shared).counts)


def test_documents_build_writes_the_same_files_whatever_its_batches(tmp_path, monkeypatch):
    """kg build makes the documents' lines a batch at a time, in name order: one document a
    batch (a CV given twice is one document whose lines come from two batches) writes the
    store files a whole batch writes, and the merged lines are the rdflib build's."""
    import shutil
    import sys

    import kg
    from kg.samples import sample_paths
    from kg.store.documents import COUNTS, DOCUMENTS, INDEX
    from kg.store.oxigraph import MERGED

    paths = sample_paths()
    twice = tmp_path / "again" / paths[0].name
    twice.parent.mkdir()
    shutil.copy(paths[0], twice)
    kg.build([*paths, twice], store=tmp_path / "whole").store.close()
    monkeypatch.setattr(sys.modules["kg.pipeline"], "LINES_BATCH", 1)
    kg.build([*paths, twice], store=tmp_path / "ones", cache=tmp_path / "cache").store.close()
    for name in (MERGED, DOCUMENTS, INDEX, COUNTS):
        assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "ones" / name).read_bytes(), name
    memory = kg.build([*paths, twice]).store
    assert (tmp_path / "whole" / MERGED).read_text(encoding="utf-8") == "".join(f"{line}\n" for line in memory.lines())
    assert not (tmp_path / "cache" / "graphs").exists()


def test_documents_damaged_cache_is_one_line(tmp_path):
    import pytest

    from kg.errors import GraphError

    documents = DocumentLines(tmp_path)
    documents.rewrite_from([("<d1>", ["b", "a"])])  # not sorted: no writer of kg's does this
    with pytest.raises(GraphError, match=r"out of order .*--no-cache\)$"):
        documents.merged(tmp_path / "merged.nt")


lines_ = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.one_of(lines_, st.sampled_from(["a", "b", "m", "z" * 300])), unique=True).map(sorted),
                min_size=1, max_size=8), st.integers(2, 4), st.integers(1, 64))
def test_documents_merge_in_parts_equals_one_process(tmp_path_factory, graphs, jobs, block):
    """Cut into key ranges at sampled lines and merged in ``jobs`` processes, the merged
    lines and counts are those of one process (lines shared across runs, long lines, runs
    that fall wholly on one side of a cut)."""
    import pytest

    import kg.store.documents as documents_module

    folder = tmp_path_factory.mktemp("parts")
    documents = DocumentLines(folder)
    documents.rewrite_from([(f"<d{n}>", lines) for n, lines in enumerate(graphs)])
    one = documents.merged(folder / "one.nt", block=block)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(documents_module, "PARALLEL_MERGE", 0)
        parts = documents.merged(folder / "parts.nt", block=block, jobs=jobs)
    assert (folder / "parts.nt").read_bytes() == (folder / "one.nt").read_bytes()
    assert (parts.keys, list(parts.counts)) == (one.keys, list(one.counts))
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_documents_first_line_at_least_a_pivot(tmp_path):
    from kg.store.documents import _first_at_least

    run = [b"a", b"bb", b"c" * 9000, b"d", b"e" * 5000, b"f"]
    data = b"x\n" + b"".join(line + b"\n" for line in run)
    (tmp_path / "r").write_bytes(data)
    starts, at = [], 2
    for line in run:
        starts.append(at)
        at += len(line) + 1
    with open(tmp_path / "r", "rb") as handle:
        for pivot, want in ((b"", 0), (b"a", 0), (b"b", 1), (b"c", 2), (b"cz", 3), (b"d", 3), (b"e", 4),
                            (b"ez", 5), (b"f", 5), (b"g", None)):
            expected = starts[want] if want is not None else len(data)
            assert _first_at_least(handle.fileno(), 2, len(data), pivot) == expected, pivot


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.one_of(lines_, st.sampled_from(["a", "b", "m", "z" * 300])), unique=True).map(sorted),
                min_size=1, max_size=8), st.integers(1, 3), st.integers(0, 400))
def test_documents_presorted_groups_merge_as_the_runs_do(tmp_path_factory, graphs, jobs, group):
    """Documents' runs sorted together in groups first (any group size, in one process or
    several) give the merged lines and counts of merging the runs themselves, and leave
    no scratch file."""
    import pytest

    import kg.store.documents as documents_module

    folder = tmp_path_factory.mktemp("presort")
    documents = DocumentLines(folder)
    documents.rewrite_from([(f"<d{n}>", lines) for n, lines in enumerate(graphs)])
    one = documents.merged(folder / "one.nt")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(documents_module, "PRESORT_RUNS", 0)
        patch.setattr(documents_module, "PRESORT_GROUP", group)
        patch.setattr(documents_module, "PARALLEL_MERGE", 0)
        grouped = documents.merged(folder / "grouped.nt", jobs=jobs)
    assert (folder / "grouped.nt").read_bytes() == (folder / "one.nt").read_bytes()
    assert (grouped.keys, list(grouped.counts)) == (one.keys, list(one.counts))
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_documents_presorted_scratch_goes_before_the_parts_are_joined(tmp_path, monkeypatch):
    """The merge's workers read the presorted scratch; once they are done it is deleted,
    before their parts are joined into the output (at 100,000 CVs the scratch is 19.8 GB
    and the join needs the output's size again: a build ran out of disk there)."""
    import kg.store.documents as documents_module

    export = importlib.import_module("kg.export")
    documents = DocumentLines(tmp_path)
    documents.rewrite_from([(f"<d{n}>", sorted(f"<s{k}> <p> <o{n}> ." for k in range(50))) for n in range(6)])
    seen, assemble = [], export._assemble
    monkeypatch.setattr(export, "_assemble", lambda path, *rest, **options: (
        seen.append((path.name, sorted(p.name for p in tmp_path.glob("*.presorted")))), assemble(path, *rest, **options))[1])
    monkeypatch.setattr(documents_module, "PRESORT_RUNS", 0)
    monkeypatch.setattr(documents_module, "PARALLEL_MERGE", 0)
    documents.merged(tmp_path / "merged.nt", jobs=2)
    assert seen == [("merged.nt", [])]
    assert len((tmp_path / "merged.nt").read_text().splitlines()) == 300
