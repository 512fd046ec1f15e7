"""Push a built graph to a SPARQL server: one named graph per CV, by the Graph Store HTTP Protocol.

Each document's graph is replaced by one ``PUT`` carrying all of it, so a push stopped
half-way leaves every document on the server either as it was or as it is now, never a
mixture. The ontology goes in its own graph (the ontology's IRI). The merged graph (every
triple once, as graph.ttl) replaces the server's default graph, which queries read: a
server's union of named graphs repeats a triple once per CV stating it, and joins over
popular organizations then multiply. Last, graphs of documents no longer in the build
are ``DELETE``d: only graphs under the build's document namespace that describe
themselves as a ``kg:Document``; nothing else on the server is touched.
"""
from __future__ import annotations

import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Callable, Iterable, Optional

from rdflib import Dataset
from rdflib.namespace import RDF

from kg.errors import GraphError, RemoteError
from kg.graph.to_rdf import DEFAULT_BASE
from kg.graph.vocab import KG
from kg.remote.endpoint import Endpoint, request
from kg.remote.query import send_query, sparql_string

NTRIPLES = "application/n-triples; charset=utf-8"
ONTOLOGY_GRAPH = str(KG._NS)

@dataclass(frozen=True)
class PushReport:
    """What a push did: documents and triples sent, stale document graphs dropped, warnings."""

    endpoint: str
    documents: int
    triples: int
    deleted: tuple[str, ...]
    seconds: float
    warnings: tuple[str, ...] = ()


def push(source, endpoint: Endpoint, *, prune: bool = True, jobs: int = 4,
         progress: Optional[Callable[[str], None]] = None) -> PushReport:
    """Send ``source`` (a ``Build``, a ``Dataset``, a ``.trig`` file or a build folder) to ``endpoint``.

    ``prune`` drops the server's document graphs that the build no longer has; ``jobs``
    requests run at once; ``progress`` is called with each graph sent.

    >>> report = push("output", Endpoint.at("http://127.0.0.1:7878"))  # doctest: +SKIP
    >>> report.documents, report.deleted  # doctest: +SKIP
    (7, ())
    """
    started = time.perf_counter()
    graphs = document_graphs(source)
    namespaces = sorted({iri.rsplit("/", 1)[0] + "/" for iri in graphs} or {DEFAULT_BASE + "doc/"})
    put_graph(endpoint, ONTOLOGY_GRAPH, files("kg.ontology").joinpath("kg.ttl").read_bytes(), "text/turtle")
    _put_all(endpoint, graphs, max(1, jobs), progress)
    put_graph(endpoint, None, merged(graphs.values()))
    deleted = _prune(endpoint, set(graphs), namespaces) if prune else ()
    warnings = _default_graph_warning(endpoint, min(graphs)) if graphs else ()
    triples = sum(body.count(b"\n") for body in graphs.values())
    return PushReport(str(endpoint), len(graphs), triples, deleted, time.perf_counter() - started, warnings)


def put_graph(endpoint: Endpoint, iri: Optional[str], body: bytes, content_type: str = NTRIPLES) -> None:
    """Replace the graph ``iri`` (``None``: the default graph) on the server with ``body`` in one request."""
    params = {endpoint.graph_param: iri} if iri else {"default": ""}
    try:
        request(endpoint, "PUT", endpoint.store_url, params=params, data=body, headers={"Content-Type": content_type})
    except RemoteError as error:
        raise RemoteError(f"{error} (while sending {'graph ' + iri if iri else 'the default graph'})") from None


def merged(bodies: Iterable[bytes]) -> bytes:
    """The union of N-Triples documents, each triple once, sorted."""
    lines = {line for body in bodies for line in body.splitlines(keepends=True)}
    return b"".join(sorted(lines))


def delete_graph(endpoint: Endpoint, iri: str) -> None:
    """Drop the graph ``iri`` from the server (already gone is fine)."""
    request(endpoint, "DELETE", endpoint.store_url, params={endpoint.graph_param: iri}, ok=(200, 202, 204, 404))


def document_graphs(source) -> dict[str, bytes]:
    """Each document graph of ``source`` as sorted N-Triples, by graph IRI."""
    from pyoxigraph import RdfFormat, parse

    if isinstance(source, Dataset) or hasattr(source, "dataset"):
        dataset = source if isinstance(source, Dataset) else source.dataset
        data, where = dataset.serialize(format="nquads", encoding="utf-8"), "the build's dataset"
        quads = parse(data, format=RdfFormat.N_QUADS)
        return _split(quads, where)
    path = Path(source)
    if path.is_dir():
        path = path / "graph.trig"
    formats = {".trig": RdfFormat.TRIG, ".nq": RdfFormat.N_QUADS}
    if path.suffix.lower() not in formats:
        raise GraphError(f"{path}: push needs the per-document dataset (graph.trig), not a merged graph")
    if not path.is_file():
        raise GraphError(f"{path}: no such dataset file (run `kg build` first)")
    try:
        return _split(parse(path=path, format=formats[path.suffix.lower()]), str(path))
    except (SyntaxError, ValueError, OSError) as error:
        raise GraphError(f"{path}: not a readable dataset ({str(error).splitlines()[0][:200]})") from None


def _split(quads: Iterable, where: str) -> dict[str, bytes]:
    lines: dict[str, list[str]] = defaultdict(list)
    documents = set()
    rdf_type, document = str(RDF.type), str(KG.Document)
    for quad in quads:
        graph = getattr(quad.graph_name, "value", None)
        if graph is None or graph == "urn:x-rdflib:default":
            raise GraphError(f"{where}: has triples outside the document graphs; push sends what `kg build` "
                             "writes to graph.trig")
        lines[graph].append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
        if quad.predicate.value == rdf_type and getattr(quad.object, "value", None) == document \
                and getattr(quad.subject, "value", None) == graph:
            documents.add(graph)
    strays = sorted(set(lines) - documents)
    if strays:
        raise GraphError(f"{where}: graph {strays[0]} is not a kg document graph")
    return {graph: "".join(sorted(lines[graph])).encode("utf-8") for graph in sorted(lines)}


def _put_all(endpoint: Endpoint, graphs: dict[str, bytes], jobs: int,
             progress: Optional[Callable[[str], None]]) -> None:
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="kg-push")
    try:
        futures = {pool.submit(put_graph, endpoint, iri, body): iri for iri, body in graphs.items()}
        for future in as_completed(futures):
            future.result()
            if progress:
                progress(futures[future])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def remote_documents(endpoint: Endpoint, namespaces: Iterable[str]) -> set[str]:
    """The server's kg document graphs under ``namespaces``."""
    test = " || ".join(f"STRSTARTS(STR(?g), {sparql_string(ns)})" for ns in namespaces)
    answer = send_query(endpoint, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a {KG.Document.n3()} }} "
                                  f"FILTER({test}) }}")
    return {row["g"]["value"] for row in answer.get("results", {}).get("bindings", []) if "g" in row}


def _prune(endpoint: Endpoint, keep: set[str], namespaces: list[str]) -> tuple[str, ...]:
    stale = tuple(sorted(remote_documents(endpoint, namespaces) - keep))
    for iri in stale:
        delete_graph(endpoint, iri)
    return stale


def _default_graph_warning(endpoint: Endpoint, iri: str) -> tuple[str, ...]:
    answer = send_query(endpoint, f"ASK {{ <{iri}> a {KG.Document.n3()} }}")
    if answer.get("boolean"):
        return ()
    return (f"{endpoint}: queries do not see the pushed merged graph in the server's default graph "
            "(see the README for your server)",)
