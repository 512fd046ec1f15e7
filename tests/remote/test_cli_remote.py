"""The CLI against a real Oxigraph server: kg push, then query / facts / render with --endpoint,
printing what the same commands print over the local files."""
import json

import pytest
from click.testing import CliRunner

from kg.cli import main


@pytest.fixture
def pushed(server, sample):
    result = CliRunner().invoke(main, ["push", str(sample), "--endpoint", server.query_url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Pushed 7 CV graphs (")
    return server.url, sample


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_remote_query_prints_what_the_local_query_prints(pushed, fmt):
    url, sample = pushed
    args = ["query", "people-at", "-p", "organization=University of Toronto", "--format", fmt]
    remote = CliRunner().invoke(main, args + ["--endpoint", url])
    local = CliRunner().invoke(main, args + ["--graph", str(sample / "graph.ttl")])
    assert remote.exit_code == 0 and remote.output == local.output
    if fmt == "json":
        assert json.loads(remote.output)


def test_cli_remote_facts_and_hostile_parameter(pushed):
    url, sample = pushed
    remote = CliRunner().invoke(main, ["facts", "--endpoint", url])
    assert remote.output == CliRunner().invoke(main, ["facts", str(sample / "graph.ttl")]).output
    hostile = CliRunner().invoke(main, ["query", "coauthors", "-p", 'person="} ; DROP ALL ; { "', "--endpoint", url])
    assert hostile.exit_code == 0
    assert CliRunner().invoke(main, ["facts", "--endpoint", url]).output == remote.output


def test_cli_remote_render(pushed, tmp_path):
    url, _ = pushed
    result = CliRunner().invoke(main, ["render", "--endpoint", url, "--view", "ego", "--person", "Jiwoo Park",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ego.html").stat().st_size > 0


def test_cli_remote_push_again_drops_stale_graphs_unless_kept(pushed, server):
    from rdflib.namespace import RDF

    from kg.graph.to_rdf import DEFAULT_BASE
    from kg.graph.vocab import KG
    from kg.remote.push import put_graph

    url, sample = pushed
    stale = DEFAULT_BASE + "doc/ffffffffffffffff"
    put_graph(server.endpoint, stale, f"<{stale}> <{RDF.type}> <{KG.Document}> .\n".encode())
    kept = CliRunner().invoke(main, ["push", str(sample / "graph.trig"), "--endpoint", url, "--keep-stale"])
    assert kept.exit_code == 0 and "dropped" not in kept.output
    dropped = CliRunner().invoke(main, ["push", str(sample), "--endpoint", url, "--jobs", "1"])
    assert "dropped 1 graphs of CVs no longer in the build" in dropped.output
