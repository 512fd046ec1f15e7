"""kg serve: an Oxigraph server (the ``oxigraph`` package's binary) over a built graph, on loopback.

``load_store`` is the one place that decides which store folder is served: ``OUT/store``,
loaded when absent or when the build has changed since: the per-CV named graphs from
``graph.trig`` and, as ``kg push`` does, the merged ``graph.ttl`` as the default graph
that queries read. A store folder that kg serve did not load (no ``OUT/store.source``
beside it) is served as it is.
"""
from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import requests

from kg.errors import GraphError, RemoteError
from kg.remote.endpoint import Endpoint

LOOPBACK = "127.0.0.1"


def oxigraph_binary() -> str:
    """The ``oxigraph`` command installed with kg (``pip install oxigraph``)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise RemoteError("the Oxigraph server is not installed (pip install oxigraph)")
    return found


def load_store(out_dir: str | Path) -> Path:
    """The Oxigraph store folder of a build in ``out_dir``, loaded from its graph.trig if needed."""
    out_dir = Path(out_dir)
    sources = [out_dir / "graph.trig", out_dir / "graph.ttl"]
    store, marker = out_dir / "store", out_dir / "store.source"
    if store.is_dir() and (not marker.is_file() or not all(p.is_file() for p in sources)):
        return store
    for source in sources:
        if not source.is_file():
            raise GraphError(f"{source}: no such graph file (run `kg build --out {out_dir}` first)")
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    if store.is_dir() and marker.read_text(encoding="utf-8").strip() == digest:
        return store
    fresh = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    for source in sources:  # graph.trig: the named graphs; graph.ttl: the default graph
        done = subprocess.run([oxigraph_binary(), "load", "--location", str(fresh), "--file", str(source)],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0 or "Error while loading" in done.stderr:
            shutil.rmtree(fresh, ignore_errors=True)
            raise GraphError(f"{source}: oxigraph could not load it ({_last_line(done.stderr)})")
    if store.exists():
        shutil.rmtree(store)
    fresh.rename(store)
    marker.write_text(digest + "\n", encoding="utf-8")
    return store


class OxigraphServer:
    """A running ``oxigraph serve`` process; stop it with ``stop()`` or a ``with`` block."""

    def __init__(self, process: subprocess.Popen, port: int, log) -> None:
        self.process, self.port, self._log = process, port, log
        self.url = f"http://{LOOPBACK}:{port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint.at(self.url)

    def wait(self) -> int:
        return self.process.wait()

    def stop(self, grace: float = 10.0) -> None:
        """Stop the server (SIGTERM: background jobs ignore SIGINT); kill it after ``grace`` seconds."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def output(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def __enter__(self) -> "OxigraphServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_server(store: Optional[Path] = None, *, port: int = 7878, read_only: bool = False,
                 timeout: float = 30.0) -> OxigraphServer:
    """Start Oxigraph on loopback over ``store`` (in memory when ``None``); port 0 picks a free one.

    >>> with start_server(port=0) as server:  # doctest: +SKIP
    ...     print(server.query_url)
    http://127.0.0.1:40123/query
    """
    port = port or free_port()
    if not _is_free(port):
        raise RemoteError(f"the Oxigraph server did not start: port {port} on {LOOPBACK} is in use (try --port 0)")
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve"]
    if store is not None:
        command += ["--location", str(store)]
    command += ["--bind", f"{LOOPBACK}:{port}"]
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)  # Ctrl-C goes to kg, which stops the server
    server = OxigraphServer(process, port, log)
    _wait_ready(server, timeout)
    return server


def serve(out_dir: str | Path = "output", *, port: int = 7878, writable: bool = False) -> OxigraphServer:
    """Start Oxigraph over the build in ``out_dir`` (its store, loaded from graph.trig if needed)."""
    return start_server(load_store(out_dir), port=port, read_only=not writable)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def _is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def _wait_ready(server: OxigraphServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            message = _last_line(server.output())
            server.stop()
            raise RemoteError(f"the Oxigraph server did not start on port {server.port} ({message})")
        try:
            if requests.get(server.query_url, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return
        except requests.exceptions.RequestException:
            pass
        time.sleep(0.05)
    server.stop()
    raise RemoteError(f"the Oxigraph server did not answer on port {server.port} within {timeout:g} s")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no message"
