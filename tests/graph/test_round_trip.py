"""Hostile strings survive every serialization: parse what we wrote and compare graphs."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

import kg
from kg.graph.vocab import KG

FORMATS = ["turtle", "ntriples", "jsonld", "trig"]
HOSTILE = ['say "hi"', "back\\slash", "new\nline", "tab\tand\rreturn", "<script>alert(1)</script>",
           "'single' \"double\" '''triple'''", '"""', "\\u0041 \\n", "{{ template }} ${x} #{y}", "a\x00b\x1fc\x7f",
           "emoji 🧪 and \u202eRTL\u202c", "日本語 العربية", "\u2028\u2029", "", " ", "ends with \\", "@prefix x: <y> ."]


def _round_trip(graph: Graph, fmt: str, tmp_path) -> Graph:
    path = kg.export(graph, tmp_path / f"g{kg.EXPORT_FORMATS[fmt]}", fmt)
    return kg.load_graph(path)


def _graph(values: list[str]) -> Graph:
    graph = Graph()
    graph.bind("kg", KG._NS)
    for i, value in enumerate(values):
        node = URIRef(f"https://w3id.org/kg-cv/id/pub/p{i}")
        graph.add((node, RDF.type, KG.Publication))
        graph.add((node, KG.title, Literal(value)))
        graph.add((node, RDFS.label, Literal(value, lang="en")))
    return graph


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_hostile_literals(fmt, tmp_path):
    graph = _graph(HOSTILE)
    assert set(_round_trip(graph, fmt, tmp_path)) == set(graph)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=5), st.sampled_from(FORMATS))
def test_round_trip_any_text(tmp_path, values, fmt):
    graph = _graph(values)
    assert set(_round_trip(graph, fmt, tmp_path)) == set(graph)


HOSTILE_CV = r"""Mara "Q" Quist

EXPERIENCE
Staff Engineer \ "Lead", Vexa Labs "Ltd", 2019 - present
Researcher <b>, O'Brien & Sons {{ x }}, 2015 - 2018

PUBLICATIONS
1. M. Quist and C. Norr. "A \"quoted\" study of back\slashes." Journal of 'Tests', 2021.
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_hostile_cv_in_every_format(fmt, tmp_path):
    (tmp_path / 'cv "1" \\ x.txt').write_text(HOSTILE_CV, encoding="utf-8")
    graph = kg.build([tmp_path]).graph
    assert any('"' in str(o) for o in graph.objects()) and any("\\" in str(o) for o in graph.objects())
    assert set(_round_trip(graph, fmt, tmp_path)) == set(graph)


@pytest.mark.parametrize("base", ["https://ex.org/a b/", 'https://ex.org/<x>"/', "not an iri", "https://ex.org/\n"])
def test_round_trip_an_invalid_base_iri_is_refused_in_one_line(base, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["build", "--base", base, "--out", str(tmp_path)])
    assert result.exit_code == 1 and "not an absolute IRI" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not list(tmp_path.iterdir())
