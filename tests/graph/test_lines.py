"""LinesGraph, the store's lines read for the views, answers as an rdflib Graph does: the
projections drawn from either are equal, and every literal comes back as it was written."""
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

import kg
from kg.graph.lines import LinesGraph, _term
from kg.graph.ntriples import graph_lines, term
from kg.graph.to_networkx import Projector
from kg.graph.vocab import KG
from kg.store import Store


def same(a, b) -> None:
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert sorted(a.edges(data=True), key=repr) == sorted(b.edges(data=True), key=repr)


def both(graph: Graph) -> tuple[Projector, Projector]:
    lines = graph_lines(graph)
    return Projector(graph), Projector(LinesGraph(lines, size=len(lines)))


@pytest.fixture(scope="module")
def seed_graph(shared):
    return kg.build([shared / "seeds"]).graph


@pytest.mark.parametrize("which", ["samples", "seeds"])
def test_lines_graph_projections_equal_the_rdflib_ones(which, request):
    graph = kg.build().graph if which == "samples" else request.getfixturevalue("seed_graph")
    rdflib, lines = both(graph)
    same(rdflib.coauthors(), lines.coauthors())
    same(rdflib.employers(), lines.employers())
    same(rdflib.full(), lines.full())
    same(rdflib.talent_flow(), lines.talent_flow())
    assert rdflib.careers() == lines.careers()
    assert lines.coauthors().number_of_edges() > 0


def test_lines_graph_keeps_only_what_the_views_read():
    graph = kg.build().graph
    lines = graph_lines(graph)
    view = LinesGraph(lines, size=len(lines))
    assert len(view) == len(graph)
    authorship = next(graph.subjects(RDF.type, KG.Authorship))
    assert (authorship, RDF.type, KG.Authorship) not in view
    assert (authorship, KG.author, graph.value(authorship, KG.author)) in view
    assert not list(view.objects(authorship, KG.rank))
    assert set(view.subjects(RDF.type, KG.Person)) == set(graph.subjects(RDF.type, KG.Person))
    with pytest.raises(TypeError):
        (authorship, None, None) in view


def test_lines_graph_render_from_a_store_equals_render_from_rdflib(tmp_path):
    graph = kg.build().graph
    old = kg.render_views(graph, tmp_path / "rdflib")
    new = kg.render_views(Store.from_graph(graph), tmp_path / "store")
    assert [p.name for p in old] == [p.name for p in new]
    for a, b in zip(old, new):
        assert a.read_bytes() == b.read_bytes(), a.name


literals = st.one_of(
    st.builds(Literal, st.text()),
    st.builds(lambda t, lang: Literal(t, lang=lang), st.text(), st.sampled_from(["en", "de-ch", "zh-hant"])),
    st.builds(lambda y: Literal(f"{y:04d}", datatype=XSD.gYear), st.integers(1000, 2100)),
    st.builds(lambda b: Literal(b), st.booleans()),
    st.builds(lambda t: URIRef("https://example.org/" + t), st.text(alphabet="abcXYZ019-_~", max_size=20)),
)


@given(literals)
def test_lines_graph_terms_round_trip(node):
    assert _term(term(node)) == node
