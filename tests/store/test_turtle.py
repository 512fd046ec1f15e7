"""N-Triples terms and the Turtle/TriG writer: any text survives, both backends agree byte for byte."""
from decimal import Decimal

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.graph.ntriples import graph_lines, term
from kg.store.memory import PREFIXES
from kg.store.turtle import trig_text, turtle_text

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
