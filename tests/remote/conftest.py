"""A real Oxigraph server on a free loopback port, the sample build, and a tiny HTTP server for failures.

The Oxigraph binary comes with kg (the ``oxigraph`` package); where it is missing the tests
skip with a reason (fail in CI, see tests/conftest.py).
"""
from __future__ import annotations

import shutil
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import kg
from kg.export import trig, write_atomic
from kg.remote.endpoint import request
from tests.conftest import need


def _has_oxigraph() -> bool:
    return (Path(sys.executable).parent / "oxigraph").is_file() or shutil.which("oxigraph") is not None


@pytest.fixture(scope="session")
def oxigraph():
    """One in-memory Oxigraph server for the session (default graph = union of the named graphs)."""
    need(_has_oxigraph(), "the oxigraph server binary is not installed (pip install oxigraph)")
    from kg.remote.server import start_server

    server = start_server(port=0)
    yield server
    server.stop()


@pytest.fixture
def server(oxigraph):
    """The session's Oxigraph server, emptied for this test."""
    endpoint = oxigraph.endpoint
    request(endpoint, "POST", endpoint.update_url, data={"update": "DROP ALL"})
    return oxigraph


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """The bundled samples built into a folder holding graph.trig and graph.ttl."""
    out = tmp_path_factory.mktemp("sample")
    result = kg.build()
    write_atomic(out / "graph.trig", trig(result.dataset))
    kg.export(result.graph, out / "graph.ttl")
    return out


@contextmanager
def tiny_server(answer):
    """A real HTTP server on loopback; ``answer(handler) -> (status, content_type, body)`` decides each reply."""

    class Handler(BaseHTTPRequestHandler):
        def _reply(self):
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            status, content_type, body = answer(self)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _reply

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
