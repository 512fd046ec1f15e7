"""The named queries are written for Oxigraph's planner (names bound as keys, OPTIONAL bodies
it can run row by row, labels from sub-selects, rows sorted by kg); each must answer exactly
what its plain formulation (``plain_queries/NAME.rq``, as first written) answers, for every
name in the graph, on the store and on rdflib's in-memory graph."""
from pathlib import Path

import pytest

import kg
from kg.synth import generate

PLAIN = Path(__file__).parent / "plain_queries"
NAMES = sorted(path.stem for path in PLAIN.glob("*.rq"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """40 synthetic CVs (namesakes, shared employers, advisors, patents) and the samples."""
    corpus = tmp_path_factory.mktemp("corpus")
    generate(40, corpus, seed=5, formats={"txt": 1, "md": 1})
    result = kg.build([corpus], store=corpus.parent / "store", cache=corpus.parent / "cache")
    return result, kg.build([corpus])


def _names(result) -> dict[str, list[str]]:
    """The people, employers, schools and related pairs the graph's facts name."""
    rows = kg.query(result.store, "facts").rows
    people = sorted({s for s, _, _ in rows})
    pairs = sorted({(s, o) for s, _, o in rows})
    return {"person": people,
            "organization": sorted({o for _, r, o in rows if r == "worked_at"}),
            "school": sorted({o for _, r, o in rows if r == "studied_at"}),
            "pair": pairs}


def _param_sets(name: str, names: dict[str, list]) -> list[dict[str, str]]:
    wanted = [p for p, _ in kg.named_queries()[name].params]
    if not wanted:
        return [{}]
    if wanted == ["subject", "object"]:
        sets = [{"subject": s, "object": o} for s, o in names["pair"]]
    else:
        (param,) = wanted
        sets = [{param: value} for value in names[param]]
    return sets[:: max(1, len(sets) // 200)]  # at most about 200, spread over the names


def _rows(result) -> list:
    return sorted(result.rows, key=lambda row: tuple("" if v is None else v for v in row))


def test_query_plans_cover_every_rewritten_query():
    assert set(NAMES) <= set(kg.named_queries())
    assert {"people-at", "alumni", "explain", "top-coauthors", "shared-employers"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_query_plans_answer_as_the_plain_query_does(built, name):
    on_disk, memory = built
    plain = (PLAIN / f"{name}.rq").read_text(encoding="utf-8")
    sets = _param_sets(name, _names(on_disk))
    answered = 0
    for i, params in enumerate(sets):
        got, wanted = kg.query(on_disk.store, name, params), kg.query(on_disk.store, plain, params)
        assert got.columns == wanted.columns
        assert _rows(got) == _rows(wanted), (name, params)
        if i % max(1, len(sets) // 8) == 0:  # rdflib is slower: a spread of the names
            assert _rows(kg.query(memory.graph, name, params)) == _rows(wanted), (name, params)
        answered += bool(got.rows)
    assert answered >= min(len(sets), 3)  # the names find something: the comparison is not empty


def test_query_plans_corpus_has_what_the_rewrites_are_about(built):
    """Patents (explain's inventor branch), a position and a degree at one organization
    (people-at and alumni must tell them apart) and advisors."""
    on_disk, _ = built
    ask = lambda text: kg.query(on_disk.store, "PREFIX kg: <https://w3id.org/kg-cv/ns#> ASK { " + text + " }").rows
    assert ask("?p kg:inventorOf ?x . ?q kg:inventorOf ?x . FILTER (?p != ?q)") == (("true",),)
    assert ask("?a a kg:Position ; kg:holder ?p ; kg:organization ?o . ?b a kg:Degree ; kg:holder ?p ; kg:organization ?o") == (("true",),)
    assert ask("?p kg:advisedBy ?a") == (("true",),)
