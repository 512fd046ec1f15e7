"""The command line, through click's CliRunner; results checked through the API."""
import json

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_cli_build_writes_every_output_and_a_summary(built):
    out, output = built
    for name in ("graph.ttl", "graph.trig", "facts.tsv", "coauthors.html", "employers.html"):
        assert (out / name).stat().st_size > 0, name
    for word in ("documents read", "failed", "people", "organizations", "publications", "triples"):
        assert word in output


def test_cli_build_no_views_writes_the_graph_only(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--no-views", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").is_file() and (tmp_path / "facts.tsv").is_file()
    assert not list(tmp_path.glob("*.html"))


def test_cli_facts_come_from_the_graph(built):
    out, _ = built
    result = CliRunner().invoke(main, ["facts", str(out / "graph.ttl")])
    lines = result.output.splitlines()
    assert lines[0] == "subject\trelation\tobject"
    relations = {line.split("\t")[1] for line in lines[1:]}
    assert {"worked_at", "studied_at", "coauthored_with", "advised_by"} <= relations
    assert result.output == kg.facts(kg.load_graph(out / "graph.ttl"))


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_query_named_with_a_parameter_in_every_format(built, fmt):
    out, _ = built
    result = CliRunner().invoke(main, ["query", "people-at", "-p", "organization=University of Toronto",
                                       "--graph", str(out / "graph.ttl"), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Ada" in result.output
    if fmt == "json":
        assert isinstance(json.loads(result.output), list)


def test_cli_query_inline_sparql_and_rq_file(built, tmp_path):
    out, _ = built
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    inline = CliRunner().invoke(main, ["query", text, "--graph", str(out / "graph.ttl"), "--format", "tsv"])
    (tmp_path / "count.rq").write_text(text)
    from_file = CliRunner().invoke(main, ["query", str(tmp_path / "count.rq"), "--graph", str(out / "graph.ttl"),
                                          "--format", "tsv"])
    assert inline.output == from_file.output and int(inline.output.split()[-1]) > 100


def test_cli_query_parameters_are_data_not_sparql(built):
    out, _ = built
    hostile = '"} ; DROP ALL ; { "'
    result = CliRunner().invoke(main, ["query", "coauthors", "-p", f"person={hostile}", "--graph", str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert len(kg.load_graph(out / "graph.ttl")) > 100


def test_cli_query_errors_are_one_line(built):
    out, _ = built
    for args in (["query", "no-such-query", "--graph", str(out / "graph.ttl")],
                 ["query", "coauthors", "--graph", str(out / "graph.ttl")],
                 ["query", "SELECT ?x WHERE {", "--graph", str(out / "graph.ttl")],
                 ["facts", str(out / "missing.ttl")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_cli_query_list_documents_at_least_eight_named_queries():
    result = CliRunner().invoke(main, ["query", "--list"])
    assert len(result.output.strip().splitlines()) >= 8


def test_cli_export_every_format(built, tmp_path):
    out, _ = built
    result = CliRunner().invoke(main, ["export", "--graph", str(out / "graph.ttl"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["graph.graphml", "graph.jsonld", "graph.nt", "graph.trig", "graph.tsv", "graph.ttl"]
    import networkx as nx
    from rdflib.compare import isomorphic

    original = kg.load_graph(out / "graph.ttl")
    for name in ("graph.nt", "graph.jsonld", "graph.trig"):
        assert isomorphic(kg.load_graph(tmp_path / name), original), name
    assert nx.read_graphml(tmp_path / "graph.graphml").number_of_nodes() > 10


def test_cli_export_of_a_large_store_leaves_the_in_memory_formats_to_be_asked_for(built, tmp_path, monkeypatch):
    """Past IN_MEMORY_EXPORT triples, ``kg export`` without --format writes the streamed
    formats and says in one line why JSON-LD and GraphML are not there; asked for, they are."""
    import kg.cli

    out, _ = built
    monkeypatch.setattr(kg.cli, "IN_MEMORY_EXPORT", 10)
    result = CliRunner().invoke(main, ["export", "--graph", str(out), "--out", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["graph.nt", "graph.trig", "graph.tsv", "graph.ttl"]
    said = [line for line in result.output.splitlines() if line.startswith("kg: ")]
    assert len(said) == 1 and said[0].startswith("kg: skipped graphml, jsonld: ") and "--format" in said[0]
    asked = CliRunner().invoke(main, ["export", "--graph", str(out), "--format", "jsonld", "--out", str(tmp_path / "j")])
    assert asked.exit_code == 0 and (tmp_path / "j" / "graph.jsonld").is_file()


def test_cli_render_ego_view(built, tmp_path):
    out, _ = built
    result = CliRunner().invoke(main, ["render", "--graph", str(out / "graph.ttl"), "--view", "ego",
                                       "--person", "Jiwoo Park", "--hops", "2", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ego.html").stat().st_size > 0


def test_cli_explain_names_files_and_lines(built):
    out, _ = built
    result = CliRunner().invoke(main, ["explain", "Priya Raghunathan", "MIT", "--graph", str(out / "graph.ttl")])
    assert result.exit_code == 0 and "Degree" in result.output and ".pdf" in result.output


def test_cli_validate(built):
    out, _ = built
    assert CliRunner().invoke(main, ["validate", str(out / "graph.ttl")]).output.strip() == "conforms"
