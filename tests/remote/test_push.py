"""Pushing to a real Oxigraph server: counts and answers equal the local build, re-pushes replace
exactly, stale CV graphs go, foreign graphs stay, and a killed push leaves no half-written CV."""
import os
import shutil
import signal
import subprocess
import sys
import time
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

import kg
from kg.errors import GraphError
from kg.graph.to_rdf import DEFAULT_BASE
from kg.graph.vocab import KG
from kg.remote.endpoint import request
from kg.remote.push import ONTOLOGY_GRAPH, document_graphs, put_graph, remote_documents
from kg.remote.query import remote_query
from kg.samples import sample_paths

DOCS = DEFAULT_BASE + "doc/"
VERSION = URIRef("http://example.org/test#version")


def count(endpoint, text) -> int:
    return int(remote_query(endpoint, text).rows[0][0])


def remote_graph(endpoint, iri) -> Graph:
    answer = request(endpoint, "GET", endpoint.store_url, params={"graph": iri},
                     headers={"Accept": "application/n-triples"})
    return Graph().parse(data=answer.text, format="nt")


def test_push_counts_and_answers_equal_the_local_build(server, sample):
    endpoint = server.endpoint
    report = kg.push(sample, endpoint)
    local = Dataset()
    local.parse(sample / "graph.trig", format="trig")
    quads = sum(1 for _ in local.quads((None, None, None, None)))
    assert report.documents == 7 and report.triples == quads and not report.warnings
    in_docs = f'GRAPH ?g {{ ?g a {KG.Document.n3()} . ?s ?p ?o }}'
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ {in_docs} }}") == quads
    merged = kg.load_graph(sample / "graph.ttl")
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {in_docs} }} }}") \
        == len(merged)
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(merged)  # the default graph
    assert remote_query(endpoint, "headcount") == kg.query(merged, "headcount")


def test_push_puts_the_ontology_in_its_own_graph(server, sample):
    kg.push(sample, server.endpoint)
    ontology = Graph().parse(data=files("kg.ontology").joinpath("kg.ttl").read_text(encoding="utf-8"), format="turtle")
    assert isomorphic(remote_graph(server.endpoint, ONTOLOGY_GRAPH), ontology)


def test_push_again_after_one_cv_changed_leaves_exactly_the_new_facts(server, tmp_path):
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    for path in sample_paths():
        shutil.copy(path, cvs / path.name)
    endpoint = server.endpoint
    before = kg.build([cvs])
    kg.push(before, endpoint)
    changed = next(cvs.glob("*ada*"))
    changed.write_text(changed.read_text(encoding="utf-8").replace("Toronto", "Waterloo"), encoding="utf-8")
    after = kg.build([cvs])
    report = kg.push(after, endpoint)
    old, new = set(document_graphs(before)), set(document_graphs(after))
    assert len(old - new) == 1 and report.deleted == tuple(old - new)
    assert remote_documents(endpoint, [DOCS]) == new
    for iri in new:
        assert isomorphic(remote_graph(endpoint, iri), after.dataset.graph(URIRef(iri))), iri
    assert remote_query(endpoint, "facts") == kg.query(after.graph, "facts")


def test_push_keep_stale_and_foreign_graphs(server, sample, tmp_path):
    endpoint = server.endpoint
    stale = DOCS + "0000000000000000"
    put_graph(endpoint, stale, f"<{stale}> <{RDF.type}> <{KG.Document}> .\n".encode())
    foreign = "http://example.org/not-kg"
    put_graph(endpoint, foreign, f"<{foreign}> <{RDF.type}> <{KG.Document}> .\n".encode())
    kg.push(sample, endpoint, prune=False)
    assert stale in remote_documents(endpoint, [DOCS])
    report = kg.push(sample, endpoint)
    assert report.deleted == (stale,)
    assert len(remote_graph(endpoint, foreign)) == 1


def test_push_refuses_a_merged_graph_with_one_line(sample):
    with pytest.raises(GraphError, match="graph.trig"):
        document_graphs(sample / "graph.ttl")


def _versioned(path, documents: int, version: str, triples: int) -> None:
    dataset = Dataset()
    for i in range(documents):
        iri = URIRef(f"{DOCS}{i:016x}")
        graph = dataset.graph(iri)
        graph.add((iri, RDF.type, KG.Document))
        for j in range(triples):
            graph.add((iri, VERSION, Literal(f"{version}-{j}")))
    dataset.serialize(path, format="trig")


def test_push_killed_midway_leaves_each_document_old_or_new(server, tmp_path):
    documents, endpoint = 300, server.endpoint
    _versioned(tmp_path / "old.trig", documents, "old", 20)
    _versioned(tmp_path / "new.trig", documents, "new", 30)
    kg.push(tmp_path / "old.trig", endpoint)
    code = "import sys, kg; kg.push(sys.argv[1], kg.Endpoint.at(sys.argv[2]), jobs=1)"
    pusher = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "new.trig"), server.url])
    new = f'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g <{VERSION}> "new-0" }} }}'
    deadline = time.monotonic() + 60
    while count(endpoint, new) < 5 and pusher.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(pusher.pid, signal.SIGKILL)
    pusher.wait()
    time.sleep(0.3)  # let the server finish a request it had fully received
    rows = remote_query(endpoint, f"""SELECT ?g (COUNT(?v) AS ?n) (SUM(IF(STRSTARTS(?v, "new-"), 1, 0)) AS ?fresh)
        WHERE {{ GRAPH ?g {{ ?g <{VERSION}> ?v }} }} GROUP BY ?g""").rows
    states = {(int(n), int(fresh)) for _, n, fresh in rows}
    assert len(rows) == documents
    assert states <= {(20, 0), (30, 30)}
    assert (30, 30) in states and (20, 0) in states, "the push was not caught mid-way"
    kg.push(tmp_path / "new.trig", endpoint)
    assert count(endpoint, new) == documents


def test_push_bench_replicates_and_measures(server, sample, tmp_path):
    from kg.remote.bench import measure, replicate

    timings = measure(replicate(sample, 2, tmp_path / "x2.nq"), server.endpoint, queries=("headcount",))
    assert timings["documents"] == 14 and timings["query_headcount_rows"] > 0
    assert timings["push_s"] > 0 and timings["repush_s"] > 0 and timings["one_changed_sent"] == 1


def default_graph(endpoint) -> Graph:
    answer = request(endpoint, "GET", endpoint.store_url, params={"default": ""},
                     headers={"Accept": "application/n-triples"})
    return Graph().parse(data=answer.text, format="nt")


def local_merged(dataset: Dataset) -> Graph:
    merged = Graph()
    for graph in dataset.graphs():
        if graph.identifier != dataset.default_graph.identifier:
            merged += graph
    return merged


def test_push_again_unchanged_sends_nothing_and_keeps_the_default_graph(server, sample):
    endpoint = server.endpoint
    first = kg.push(sample, endpoint)
    again = kg.push(sample, endpoint)
    assert (first.sent, first.full) == (7, True)
    assert (again.sent, again.full, again.deleted) == (0, False, ())
    assert isomorphic(default_graph(endpoint), kg.load_graph(sample / "graph.ttl"))
    forced = kg.push(sample, endpoint, full=True)
    assert (forced.sent, forced.full) == (7, True)


def test_push_incremental_update_of_the_default_graph_equals_the_merged_build(server, tmp_path):
    """A triple other CVs still state stays when a changed CV drops it; one no CV states any more goes."""
    endpoint = server.endpoint
    hostile = ['quote " and \\ backslash', "new\nline\ttab", "é ü 漢字 \u202e", "} ; DROP ALL ; {", "\u0001"]

    def write(name, versions):
        dataset = Dataset()
        for i, version in enumerate(versions):
            iri = URIRef(f"{DOCS}{i:016x}")
            graph = dataset.graph(iri)
            graph.add((iri, RDF.type, KG.Document))
            if version == "v1":
                graph.add((URIRef("http://example.org/shared"), VERSION, Literal("stated by every v1 CV")))
            for j, text in enumerate(hostile):
                graph.add((iri, VERSION, Literal(f"{version}-{j} {text}")))
        dataset.serialize(tmp_path / name, format="trig")
        return dataset

    write("a.trig", ["v1", "v1", "v1"])
    new = write("b.trig", ["v1", "v2", "v1"])
    assert kg.push(tmp_path / "a.trig", endpoint).full
    report = kg.push(tmp_path / "b.trig", endpoint)
    assert (report.sent, report.full) == (1, False)
    assert isomorphic(default_graph(endpoint), local_merged(new))
    only = write("c.trig", ["v2"])  # two CVs gone, one changed: nothing states the shared triple now
    report = kg.push(tmp_path / "c.trig", endpoint)
    assert (report.sent, report.full, len(report.deleted)) == (1, False, 2)
    assert isomorphic(default_graph(endpoint), local_merged(only))
    assert not any(default_graph(endpoint).triples((URIRef("http://example.org/shared"), None, None)))


def test_push_falls_back_to_a_full_push_when_the_server_lost_a_graph(server, sample):
    endpoint = server.endpoint
    kg.push(sample, endpoint)
    lost = sorted(remote_documents(endpoint, [DOCS]))[0]
    request(endpoint, "DELETE", endpoint.store_url, params={"graph": lost})
    report = kg.push(sample, endpoint)
    assert (report.sent, report.full) == (1, True)
    assert isomorphic(default_graph(endpoint), kg.load_graph(sample / "graph.ttl"))
    assert lost in remote_documents(endpoint, [DOCS])


def test_push_default_graph_in_batches_equals_one_request(server, sample):
    from kg.remote.push import merged, put_default

    body = merged(document_graphs(sample).values())
    put_default(server.endpoint, body, batch=1000)
    assert isomorphic(default_graph(server.endpoint), kg.load_graph(sample / "graph.ttl"))


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=30), max_size=40),
       st.integers(min_value=0, max_value=200))
def test_push_batches_cut_only_at_line_ends(lines, size):
    from kg.remote.push import _chunks

    body = "".join(line + "\n" for line in lines).encode("utf-8")
    pieces = list(_chunks(body, size))
    assert b"".join(pieces) == body
    assert all(piece.endswith(b"\n") and len(piece) > 0 for piece in pieces)
