"""kg serve: the built graph.trig loaded into OUT/store once, served read-only on loopback, and
stopped cleanly by Ctrl-C."""
import os
import signal
import subprocess
import sys
import time

import pytest

import kg
from kg.errors import GraphError
from kg.remote.server import load_store, start_server
from tests.remote.conftest import _has_oxigraph
from tests.conftest import need


@pytest.fixture
def built(sample, tmp_path):
    need(_has_oxigraph(), "the oxigraph server binary is not installed (pip install oxigraph)")
    out = tmp_path / "out"
    out.mkdir()
    for name in ("graph.trig", "graph.ttl"):
        (out / name).write_bytes((sample / name).read_bytes())
    return out


def test_server_load_store_loads_once_and_again_when_graph_trig_changes(built):
    store = load_store(built)
    stamp = (built / "store.source").read_text()
    assert store == built / "store" and store.is_dir()
    assert load_store(built) == store and (built / "store.source").read_text() == stamp
    with (built / "graph.trig").open("a") as trig:
        trig.write("\n# changed\n")
    load_store(built)
    assert (built / "store.source").read_text() != stamp


def test_server_load_store_without_a_build_is_one_line(tmp_path):
    with pytest.raises(GraphError, match="run `kg build"):
        load_store(tmp_path)


def test_server_serves_the_build_read_only(built, sample):
    with start_server(load_store(built), port=0, read_only=True) as server:
        graph = kg.load_graph(sample / "graph.ttl")
        assert kg.remote_query(server.endpoint, "owners") == kg.query(graph, "owners")
        with pytest.raises(kg.RemoteError, match="read-only"):
            kg.push(built, server.endpoint)


def test_server_cli_prints_addresses_and_stops_on_ctrl_c(built):
    # started with SIGINT ignored, as a script's background job is: Ctrl-C must still stop it
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(built), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        endpoint_line = process.stdout.readline()
        ui_line = process.stdout.readline()
        assert endpoint_line.startswith("SPARQL endpoint: http://127.0.0.1:"), endpoint_line + process.stderr.read()
        assert ui_line.startswith("Browser UI:      http://127.0.0.1:")
        url = endpoint_line.split()[-1]
        rows = kg.remote_query(kg.Endpoint.at(url), "headcount").rows
        assert rows and rows[0][0]
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    assert process.returncode == 0 and "Stopped." in out
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            kg.remote_query(kg.Endpoint.at(url, retries=0), "ASK { }")
        except kg.RemoteError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the Oxigraph server still answers after Ctrl-C")


def test_server_port_in_use_is_one_line(oxigraph, built):
    with pytest.raises(kg.RemoteError, match="did not start"):
        start_server(load_store(built), port=oxigraph.port)
