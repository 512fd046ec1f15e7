"""The built graph: SHACL-valid, deterministic, and its direct edges match its records."""
import os
import subprocess
import sys

import unicodedata

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

import kg
from kg.graph.to_rdf import name_key
from kg.graph.vocab import KG


@pytest.fixture(scope="module")
def samples():
    return kg.build()


def test_to_rdf_sample_graph_conforms_to_the_shapes(samples):
    conforms, report = kg.validate(samples.graph)
    assert conforms, report


def test_to_rdf_seed_graph_conforms_to_the_shapes(shared):
    conforms, report = kg.validate(kg.build([shared / "seeds"]).graph)
    assert conforms, report


def test_to_rdf_turtle_is_byte_identical_across_runs_and_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "--out", str(out), "-q"], check=True, env=env)
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]


def test_to_rdf_turtle_round_trips(samples, tmp_path):
    path = kg.export(samples.graph, tmp_path / "g.ttl")
    assert isomorphic(kg.load_graph(path), samples.graph)


def test_to_rdf_every_worked_at_edge_has_a_position_record(samples):
    g = samples.graph
    for person, org in g.subject_objects(KG.workedAt):
        records = [r for r in g.subjects(KG.holder, person) if (r, KG.organization, org) in g
                   and (r, RDF.type, KG.Position) in g]
        assert records, (person, org)


def test_to_rdf_named_graph_per_document(samples):
    documents = set(samples.graph.subjects(RDF.type, KG.Document))
    contexts = {c.identifier for c in samples.dataset.contexts() if len(c)}
    assert documents <= contexts


def test_to_rdf_contacts_stay_out_unless_asked(shared):
    plain = kg.build([shared / "seeds"]).graph
    assert not list(plain.subject_objects(KG.email))
    with_contacts = kg.build([shared / "seeds"], contacts=True).graph
    assert list(with_contacts.subject_objects(KG.email))


def test_to_rdf_every_label_and_alt_label_has_its_name_key(samples):
    g = samples.graph
    named = set(g.subjects(RDFS.label, None)) | set(g.subjects(SKOS.altLabel, None)) | set(g.subjects(KG.nameKey, None))
    assert named
    for node in named:
        names = set(g.objects(node, RDFS.label)) | set(g.objects(node, SKOS.altLabel))
        assert {str(k) for k in g.objects(node, KG.nameKey)} == {str(n).lower() for n in names}, node


def _lcase_oxigraph(text: str) -> str:
    return next(iter(ox.Store().query(f"SELECT (LCASE({ox.Literal(text)}) AS ?k) WHERE {{}}")))["k"].value


def _lcase_rdflib(text: str) -> str:
    return str(next(iter(Graph().query("SELECT (LCASE(?x) AS ?k) WHERE {}", initBindings={"x": Literal(text)})))[0])


@pytest.mark.parametrize("text", ["İstanbul Teknik Üniversitesi", "STRASSE ẞ ß", "ΟΔΥΣΣΕΑΣ ΣΑΣ", "Ǆ ǅ", "K Å ﬁ", "I İ ı"])
def test_to_rdf_name_key_is_what_lcase_computes_on_edge_cases(text):
    assert name_key(text) == _lcase_oxigraph(text) == _lcase_rdflib(text)


# Characters Python's Unicode database knows (Oxigraph's Rust may know newer ones).
_ASSIGNED = st.characters(blacklist_categories=("Cs", "Cn"), blacklist_characters="\x00")


@settings(max_examples=150, deadline=None)
@given(st.text(_ASSIGNED, max_size=30))
def test_to_rdf_name_key_is_what_lcase_computes(text):
    """The queries look ``LCASE`` of a parameter up among the keys: both engines must agree."""
    assert name_key(text) == _lcase_oxigraph(text) == _lcase_rdflib(text)


def test_to_rdf_name_key_differs_from_oxigraph_only_on_characters_python_does_not_know():
    chars = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF and c != 0x20]
    lowered = _lcase_oxigraph(" ".join(chars)).split(" ")
    differ = [c for c, low in zip(chars, lowered) if name_key(c) != low]
    assert len(lowered) == len(chars)
    assert all(unicodedata.category(c) == "Cn" for c in differ), [hex(ord(c)) for c in differ]
