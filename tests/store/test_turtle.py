"""N-Triples terms and the Turtle/TriG writer: any text survives, both backends agree byte for byte."""
from decimal import Decimal

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.graph.ntriples import graph_lines, term
from kg.store.memory import PREFIXES
from kg.store.turtle import _blocks, _encoded, _header, _Names, trig_text, turtle_text

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
locals_ = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
iris = st.builds(lambda ns, local: URIRef(ns + local),
                 st.sampled_from(["https://w3id.org/kg-cv/ns#", "https://w3id.org/kg-cv/id/person/",
                                  str(RDFS), "https://example.org/a/b#"]), locals_)
literals = st.one_of(
    st.builds(Literal, texts),
    st.builds(lambda t: Literal(t, lang="en"), texts),
    st.builds(Literal, st.integers(-10**12, 10**12)),
    st.builds(Literal, st.decimals(allow_nan=False, allow_infinity=False, places=3)),
    st.builds(Literal, st.booleans()),
    st.builds(lambda y: Literal(str(y), datatype=XSD.gYear), st.integers(1900, 2100)),
)
triples = st.lists(st.tuples(iris, st.one_of(st.just(RDF.type), iris), st.one_of(iris, literals)), max_size=25)


def _oxigraph_line(s, p, o) -> str:
    """The same triple as Oxigraph stores and writes it."""
    store = ox.Store()
    store.load(f"{term(s)} {term(p)} {term(o)} .".encode(), ox.RdfFormat.N_TRIPLES)
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode().strip()


@settings(max_examples=100, deadline=None)
@given(iris, literals)
def test_turtle_terms_are_written_as_oxigraph_writes_them(s, o):
    assert f"{term(s)} {term(RDFS.label)} {term(o)} ." == _oxigraph_line(s, RDFS.label, o)


@settings(max_examples=100, deadline=None)
@given(triples)
def test_turtle_round_trips_through_rdflib_and_oxigraph(rows):
    graph = Graph()
    for row in rows:
        graph.add(row)
    lines = graph_lines(graph)  # canonical: "0.000"^^xsd:decimal is written as Oxigraph keeps it, "0"
    text = turtle_text(lines, PREFIXES)
    assert graph_lines(Graph().parse(data=text, format="turtle")) == lines
    store = ox.Store()
    store.load(text.encode(), ox.RdfFormat.TURTLE)
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode()
    assert sorted(line for line in dumped.split("\n") if line) == lines


@settings(max_examples=50, deadline=None)
@given(triples, triples)
def test_turtle_trig_round_trips_named_graphs(first, second):
    dataset = Dataset()
    names = [URIRef("https://w3id.org/kg-cv/id/doc/1"), URIRef("https://w3id.org/kg-cv/id/doc/2")]
    for name, rows in zip(names, (first, second)):
        for row in rows:
            dataset.graph(name).add(row)
    text = trig_text(((term(n), graph_lines(dataset.graph(n))) for n in names), PREFIXES)
    parsed = Dataset().parse(data=text, format="trig")
    for name in names:
        assert graph_lines(parsed.graph(name)) == graph_lines(dataset.graph(name))


def test_turtle_abbreviates_only_plain_local_names():
    lines = graph_lines(Graph().add((URIRef("https://w3id.org/kg-cv/id/person/ada"), RDFS.label, Literal("Ada")))
                        .add((URIRef("https://w3id.org/kg-cv/id/person/ada"), RDF.type,
                              URIRef("https://w3id.org/kg-cv/ns#Person")))
                        .add((URIRef("https://w3id.org/kg-cv/id/person/ada"), URIRef("https://w3id.org/kg-cv/ns#x"),
                              Literal(Decimal("0.85")))))
    assert turtle_text(lines, PREFIXES) == (
        "@prefix kg: <https://w3id.org/kg-cv/ns#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        '<https://w3id.org/kg-cv/id/person/ada> a kg:Person ;\n    rdfs:label "Ada" ;\n    kg:x 0.85 .\n')


@settings(max_examples=50, deadline=None)
@given(triples, st.integers(1, 5))
def test_turtle_pieces_join_to_the_whole_text(rows, every):
    """The writer yields text every few lines; cut anywhere, the pieces are the same text."""
    graph = Graph()
    for row in rows:
        graph.add(row)
    lines = graph_lines(graph)
    names = _Names(PREFIXES)
    pieces = list(_blocks(_encoded(lines, every + 1), names, "", every=every))
    assert all(pieces)  # never an empty piece
    assert _header(names, PREFIXES) + b"".join(pieces).decode("utf-8") == turtle_text(lines, PREFIXES)


def test_turtle_streamed_files_equal_the_serialized_text(tmp_path, monkeypatch):
    """Store.write streams each format into its file: the bytes serialize() gives, from the
    store a build wrote, from the same store reopened (lines read from disk 64 MB at a time;
    here in blocks of 97 bytes) and from rdflib; Turtle also in 2 and 3 processes; with and
    without copy_file_range."""
    import sys

    import kg
    import kg.store.oxigraph
    from kg.samples import sample_paths
    from kg.store import open_store

    built = kg.build(sample_paths(), store=tmp_path / "store")
    memory = kg.build(sample_paths())
    texts = {fmt: memory.store.serialize(fmt) for fmt in ("turtle", "ntriples", "trig", "nquads")}
    assert any(ord(c) > 127 for c in texts["turtle"])  # the pieces are encoded one by one
    real_chunks = kg.store.oxigraph.file_chunks
    monkeypatch.setattr(kg.store.oxigraph, "file_chunks",
                        lambda path, block=0, start=0, stop=None: real_chunks(path, 97, start, stop))
    reopened = open_store(tmp_path / "store", read_only=True)
    for name, store in (("built", built.store), ("reopened", reopened), ("memory", memory.store)):
        for fmt, text in texts.items():
            path = store.write(fmt, tmp_path / "out" / f"{name}.{fmt}")
            assert path.read_bytes() == text.encode("utf-8"), (name, fmt)

    monkeypatch.setattr(sys.modules["kg.export"], "PARALLEL_TURTLE", 0)  # the samples' Turtle in parts too
    for jobs in (2, 3):
        monkeypatch.setattr(sys.modules["kg.export"].os, "cpu_count", lambda: jobs)
        assert reopened.write("turtle", tmp_path / "out" / f"parts{jobs}.ttl").read_bytes() == texts["turtle"].encode("utf-8")
        assert reopened.write("trig", tmp_path / "out" / f"parts{jobs}.trig").read_bytes() == texts["trig"].encode("utf-8")

    def refuse(*args):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(sys.modules["kg.export"].os, "copy_file_range", refuse, raising=False)
    assert reopened.write("turtle", tmp_path / "out" / "python.ttl").read_bytes() == texts["turtle"].encode("utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_turtle_streamed_write_fails_in_one_line_and_leaves_nothing(tmp_path):
    import pytest

    from kg.errors import GraphError
    from kg.export import write_streamed

    def pieces():
        yield b"a"
        raise OSError(28, "No space left on device")

    with pytest.raises(GraphError, match=r"x\.ttl: cannot write \(No space left on device\)$"):
        write_streamed(tmp_path / "x.ttl", pieces(), lambda: "header\n")
    assert list(tmp_path.iterdir()) == []


def test_turtle_parts_are_deleted_as_they_are_copied(tmp_path, monkeypatch):
    """The disk holds the output and one part beyond it, not the output twice; a file
    copied whole (the N-Triples export of kg-merged.nt) is kept."""
    import sys

    export = sys.modules["kg.export"]
    parts = [tmp_path / f"part{i}" for i in range(3)]
    for i, part in enumerate(parts):
        part.write_bytes(f"<{i}>\n".encode() * 1000)
    left, real_append = [], export._append
    monkeypatch.setattr(export, "_append", lambda source, out: left.append(
        [p.name for p in parts if p.exists()]) or real_append(source, out))
    export._assemble(tmp_path / "out.nt", b"head\n", parts, consume=True)
    assert left == [["part0", "part1", "part2"], ["part1", "part2"], ["part2"]]
    assert (tmp_path / "out.nt").read_bytes() == b"head\n" + b"".join(f"<{i}>\n".encode() * 1000 for i in range(3))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]
    export.copy_file(tmp_path / "out.nt", tmp_path / "copy.nt")
    assert (tmp_path / "out.nt").read_bytes() == (tmp_path / "copy.nt").read_bytes()


# few subjects with many lines each, so that a cut often lands inside one subject's lines
crowded = st.lists(st.tuples(st.sampled_from([URIRef(f"https://w3id.org/kg-cv/id/person/p{i}") for i in range(3)]),
                             st.one_of(st.just(RDF.type), iris), st.one_of(iris, literals)), max_size=40)


@settings(max_examples=25, deadline=None)
@given(st.one_of(triples, crowded), st.integers(2, 5))
def test_turtle_file_written_in_parts_equals_one_writer(tmp_path_factory, rows, jobs):
    """write_turtle_file cuts kg-merged.nt between subjects and writes the parts in ``jobs``
    processes: the bytes of one writer, whatever the cuts (a subject is never split)."""
    from kg.export import subject_cuts, write_turtle_file
    from kg.store.turtle import joined_lines

    folder = tmp_path_factory.mktemp("parts")
    graph = Graph()
    for row in rows:
        graph.add(row)
    lines = graph_lines(graph)
    source = folder / "merged.nt"
    source.write_text(joined_lines(lines), encoding="utf-8")
    data = source.read_bytes()
    cuts = subject_cuts(source, jobs)
    assert cuts[0] == 0 and cuts[-1] == len(data) and cuts == sorted(set(cuts))
    for cut in cuts[1:-1]:  # at a line start, where the subject changes
        assert data[cut - 1:cut] == b"\n"
        before = data[:cut - 1].rsplit(b"\n", 1)[-1]
        assert data[cut:].split(b" ", 1)[0] != before.split(b" ", 1)[0]
    written = write_turtle_file(source, folder / "graph.ttl", PREFIXES, jobs=jobs, least=0)
    assert written.read_text(encoding="utf-8") == turtle_text(lines, PREFIXES)
    assert sorted(p.name for p in folder.iterdir()) == ["graph.ttl", "merged.nt"]  # no part left behind


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(triples, crowded), max_size=6), st.integers(2, 4))
def test_trig_file_written_in_parts_equals_one_writer(tmp_path_factory, graphs, jobs):
    """write_trig_file shares named graphs (runs of a documents file, some empty) among
    ``jobs`` processes: the bytes of one writer."""
    from kg.export import write_trig_file
    from kg.store.turtle import joined_lines, trig_text

    folder = tmp_path_factory.mktemp("trig")
    runs, data, named = [], b"", []
    for n, rows in enumerate(graphs):
        graph = Graph()
        for row in rows:
            graph.add(row)
        lines = graph_lines(graph)
        chunk = joined_lines(lines).encode("utf-8")
        name = f"<https://w3id.org/kg-cv/id/doc/{n:02d}>"
        runs.append((name, len(data), len(data) + len(chunk)))
        named.append((name, lines))
        data += chunk
    (folder / "documents.nt").write_bytes(data)
    written = write_trig_file(folder / "documents.nt", runs, folder / "graph.trig", PREFIXES, jobs=jobs, least=0)
    assert written.read_text(encoding="utf-8") == trig_text(named, PREFIXES)
    assert sorted(p.name for p in folder.iterdir()) == ["documents.nt", "graph.trig"]
