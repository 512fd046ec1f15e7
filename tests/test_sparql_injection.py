"""SPARQL parameters are bound as terms: text that would change a pasted query changes nothing."""
import pytest

import kg


@pytest.fixture(scope="module")
def graph():
    return kg.build().graph


@pytest.mark.parametrize("value", [
    'x") || true || ("', "x' || true || '", '") } UNION { ?p ?q ?name } #', "\\u0022) || true #",
    '" . ?p ?q ?r . FILTER("', "*", ".*", "", "Ada Okafor\" || \"",
])
def test_sparql_injection_parameters_match_nothing(graph, value):
    for name, param in (("coauthors", "person"), ("people-at", "organization"), ("career", "person")):
        assert kg.query(graph, name, {param: value}).rows == (), (name, value)


def test_sparql_injection_a_real_name_still_matches(graph):
    assert kg.query(graph, "coauthors", {"person": "ada okafor"}).rows
