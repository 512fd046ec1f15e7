"""Remote queries: the same answers as local ones, parameters bound as data, URL shapes per server."""
import doctest

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.errors import QueryError
from kg.queries import named_queries, run_query
from kg.remote import endpoint as endpoint_module
from kg.remote import query as query_module
from kg.remote.query import bind_values, remote_query

PARAMS = {"person": "Ada Okafor", "organization": "University of Toronto", "school": "MIT",
          "subject": "Priya Raghunathan", "object": "MIT"}


@pytest.fixture(scope="module")
def pushed(oxigraph, sample):
    """The sample build pushed once to the session's server (read-only tests share it)."""
    from kg.remote.endpoint import request

    request(oxigraph.endpoint, "POST", oxigraph.endpoint.update_url, data={"update": "DROP ALL"})
    kg.push(sample, oxigraph.endpoint)
    return oxigraph.endpoint, kg.load_graph(sample / "graph.ttl")


@pytest.mark.parametrize("module", [endpoint_module, query_module])
def test_query_docstring_examples_run(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_query_every_named_query_answers_as_locally(pushed, name):
    endpoint, graph = pushed
    params = {p: PARAMS[p] for p, _ in named_queries()[name].params}
    assert remote_query(endpoint, name, params) == run_query(graph, name, params)


def test_query_explain_names_files_and_lines(pushed):
    endpoint, _ = pushed
    result = remote_query(endpoint, "explain", {"subject": "Priya Raghunathan", "object": "MIT"})
    assert result.columns == ("record", "type", "path", "first", "last", "extractor", "confidence")
    assert {"Degree"} <= {row[1] for row in result.rows}
    assert all(row[2].endswith(".pdf") and int(row[3]) <= int(row[4]) for row in result.rows)


@pytest.mark.parametrize("text", [
    "ASK { ?s a <https://w3id.org/kg-cv/ns#Person> }",
    "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/kg-cv/ns#Person> }",
    "CONSTRUCT { ?p a <https://w3id.org/kg-cv/ns#Person> } WHERE { ?p a <https://w3id.org/kg-cv/ns#Person> }",
])
def test_query_ask_select_construct_shapes_match_local(pushed, text):
    endpoint, graph = pushed
    assert remote_query(endpoint, text) == run_query(graph, text)


def test_query_hostile_parameter_is_data_not_sparql(pushed):
    endpoint, graph = pushed
    hostile = '"} ; DROP ALL ; { "'
    assert remote_query(endpoint, "coauthors", {"person": hostile}).rows == ()
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert int(remote_query(endpoint, count).rows[0][0]) > 100


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40))
def test_query_any_parameter_text_round_trips(pushed, value):
    endpoint, _ = pushed
    result = remote_query(endpoint, "SELECT ?v WHERE { }", {"v": value})
    assert result.rows == ((value,),)


@pytest.mark.parametrize("text, expected", [
    ("SELECT ?x WHERE { ?x ?p ?v }", 'SELECT ?x WHERE { ?x ?p "1" }'),
    ("SELECT ?v { ?x ?p ?v }", 'SELECT ?v { VALUES (?v) { ("1") } ?x ?p "1" }'),
    ("CONSTRUCT { ?x ?p ?v } WHERE { ?x ?p ?v }", 'CONSTRUCT { ?x ?p ?v } WHERE { VALUES (?v) { ("1") } ?x ?p "1" }'),
    ("SELECT ?x WHERE { { ?x ?p ?o FILTER(?o = ?v) } UNION { ?x ?q ?v } }",
     'SELECT ?x WHERE { { ?x ?p ?o FILTER(?o = "1") } UNION { ?x ?q "1" } }'),
    ('PREFIX a: <http://x/#where{> # where {\nSELECT ?x WHERE { ?x a:p "}{?v" }',
     'PREFIX a: <http://x/#where{> # where {\nSELECT ?x WHERE { ?x a:p "}{?v" }'),
])
def test_query_parameters_become_literals_inside_every_branch(text, expected):
    assert bind_values(text, {"v": "1"}) == expected


def test_query_bad_parameter_name_and_no_where_are_query_errors():
    with pytest.raises(QueryError):
        bind_values("SELECT ?x WHERE { }", {"x y": "1"})
    with pytest.raises(QueryError):
        bind_values("DESCRIBE <http://x/>", {"v": "1"})


@pytest.mark.parametrize("server, url, query, store", [
    ("oxigraph", "http://127.0.0.1:7878", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store"),
    ("oxigraph", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store"),
    ("fuseki", "http://h:3030/ds/", "http://h:3030/ds/sparql", "http://h:3030/ds/data"),
    ("graphdb", "http://h:7200/repositories/cv", "http://h:7200/repositories/cv",
     "http://h:7200/repositories/cv/rdf-graphs/service"),
    ("virtuoso", "http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud-auth"),
    ("qlever", "http://h:7001", "http://h:7001", "http://h:7001"),
])
def test_query_endpoint_url_shapes_per_server(server, url, query, store):
    endpoint = kg.Endpoint.at(url, server=server)
    assert (endpoint.query_url, endpoint.store_url) == (query, store)


def test_query_fetch_graph_is_the_merged_graph(pushed):
    from rdflib.compare import isomorphic

    endpoint, graph = pushed
    assert isomorphic(kg.fetch_graph(endpoint), graph)


def test_query_facts_from_a_server_equal_local_facts(pushed):
    endpoint, graph = pushed
    assert kg.facts(endpoint) == kg.facts(graph)
