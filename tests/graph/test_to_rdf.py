"""The built graph: SHACL-valid, deterministic, and its direct edges match its records."""
import os
import subprocess
import sys

import pytest
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

import kg
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
