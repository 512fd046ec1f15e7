"""Push a built graph to a SPARQL server: one named graph per CV, by the Graph Store HTTP Protocol.

Each document's graph is replaced by one ``PUT`` carrying all of it, so a push stopped
half-way leaves every document on the server either as it was or as it is now, never a
mixture. The ontology goes in its own graph (the ontology's IRI). The merged graph (every
triple once, as graph.ttl) goes in the server's default graph, which queries read: a
server's union of named graphs repeats a triple once per CV stating it, and joins over
popular organizations then multiply. Graphs of documents no longer in the build are
``DELETE``d: only graphs under the build's document namespace that describe themselves as
a ``kg:Document``; nothing else on the server is touched.

Pushes are incremental. A manifest graph beside the documents (``<namespace>manifest``)
records the SHA-256 of what was sent for each document; a later push sends only the
documents whose digest changed, and updates the default graph by one SPARQL ``DELETE
DATA`` / ``INSERT DATA`` request (atomic on the server) worked out from the changed
documents' old graphs, fetched back from the server. The first push, ``full=True``, a
manifest that no longer matches the server, or a change too large for one request
rewrites the default graph in batches of ``BATCH_BYTES`` (a ``PUT``, then
``POST``s, which merge). The manifest is written last and dropped before a full rewrite,
so a push killed at any point is put right by the next one.
"""
from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from rdflib import Dataset
from rdflib.namespace import RDF

from kg.errors import GraphError, RemoteError
from kg.graph.to_rdf import DEFAULT_BASE
from kg.graph.vocab import KG
from kg.remote.endpoint import Endpoint, request
from kg.remote.query import send_query, sparql_string

NTRIPLES = "application/n-triples; charset=utf-8"
ONTOLOGY_GRAPH = str(KG._NS)
BATCH_BYTES = 32 << 20  # bytes per request when the default graph is sent whole (about 250,000 triples)
UPDATE_LINES = 100_000  # the most triples an incremental default-graph update sends in one request


@dataclass(frozen=True)
class PushReport:
    """What a push did: documents and triples in the build, graphs sent, stale graphs dropped, warnings."""

    endpoint: str
    documents: int
    triples: int
    deleted: tuple[str, ...]
    seconds: float
    warnings: tuple[str, ...] = ()
    sent: int = 0
    full: bool = True


def push(source, endpoint: Endpoint, *, prune: bool = True, jobs: int = 4, full: bool = False,
         progress: Optional[Callable[[str], None]] = None) -> PushReport:
    """Send ``source`` (a ``Build``, a ``Dataset``, a ``.trig`` file, a build folder, or the graphs
    ``document_graphs`` returns) to ``endpoint``.

    ``prune`` drops the server's document graphs that the build no longer has; ``jobs``
    requests run at once; ``full`` sends every graph even if the server already has it;
    ``progress`` is called with each graph sent.

    >>> report = push("output", Endpoint.at("http://127.0.0.1:7878"))  # doctest: +SKIP
    >>> report.documents, report.sent, report.deleted  # doctest: +SKIP
    (7, 7, ())
    """
    started = time.perf_counter()
    graphs = document_graphs(source)
    digests = {iri: hashlib.sha256(body).hexdigest() for iri, body in graphs.items()}
    namespaces = sorted({_namespace(iri) for iri in graphs} or {DEFAULT_BASE + "doc/"})
    put_graph(endpoint, ONTOLOGY_GRAPH, files("kg.ontology").joinpath("kg.ttl").read_bytes(), "text/turtle")
    present = remote_documents(endpoint, namespaces)
    pushed = {} if full else pushed_digests(endpoint, namespaces)
    changed = sorted(iri for iri in graphs if iri not in present or pushed.get(iri) != digests[iri])
    gone = sorted(set(pushed) - set(graphs))  # their triples are in the default graph, and must leave it
    incremental = bool(pushed) and set(pushed) <= present and not any(b"_:" in graphs[iri] for iri in changed)
    if incremental:
        # the old versions of every changed graph the server holds, even one a killed push sent
        # but did not list: whatever it stated is in the default graph
        incremental = _update_default(endpoint, graphs, changed, [i for i in changed if i in present] + gone, jobs)
    if not incremental:
        for namespace in namespaces:
            delete_graph(endpoint, manifest_graph(namespace))
        put_default(endpoint, merged(graphs.values()))
    _put_all(endpoint, {iri: graphs[iri] for iri in changed}, max(1, jobs), progress)
    deleted = _prune(endpoint, set(graphs), present) if prune else ()
    _put_manifests(endpoint, digests, namespaces)
    warnings = _default_graph_warning(endpoint, min(graphs)) if graphs else ()
    triples = sum(body.count(b"\n") for body in graphs.values())
    return PushReport(str(endpoint), len(graphs), triples, deleted, time.perf_counter() - started, warnings,
                      sent=len(changed), full=not incremental)


def put_graph(endpoint: Endpoint, iri: Optional[str], body: bytes, content_type: str = NTRIPLES) -> None:
    """Replace the graph ``iri`` (``None``: the default graph) on the server with ``body`` in one request."""
    params = {endpoint.graph_param: iri} if iri else {"default": ""}
    try:
        request(endpoint, "PUT", endpoint.store_url, params=params, data=body, headers={"Content-Type": content_type})
    except RemoteError as error:
        raise RemoteError(f"{error} (while sending {'graph ' + iri if iri else 'the default graph'})") from None


def put_default(endpoint: Endpoint, body: bytes, batch: int = BATCH_BYTES) -> None:
    """Replace the server's default graph with ``body`` (N-Triples), about ``batch`` bytes a request."""
    chunks = _chunks(body, batch)
    first = next(chunks, b"")
    put_graph(endpoint, None, first)
    for chunk in chunks:
        try:
            request(endpoint, "POST", endpoint.store_url, params={"default": ""}, data=chunk,
                    headers={"Content-Type": NTRIPLES})
        except RemoteError as error:
            raise RemoteError(f"{error} (while sending the default graph)") from None


def _chunks(body: bytes, size: int) -> Iterator[bytes]:
    """``body`` in pieces of about ``size`` bytes, each ending at a line's end."""
    start = 0
    while start < len(body):
        end = body.find(b"\n", start + size) + 1 or len(body)
        yield body[start:end]
        start = end


def merged(bodies: Iterable[bytes]) -> bytes:
    """The union of N-Triples documents, each triple once, sorted."""
    lines = {line for body in bodies for line in body.splitlines(keepends=True)}
    return b"".join(sorted(lines))


def manifest_graph(namespace: str) -> str:
    """The IRI of the graph recording what kg pushed for the documents under ``namespace``."""
    return namespace + "manifest"


def pushed_digests(endpoint: Endpoint, namespaces: Iterable[str]) -> dict[str, str]:
    """The digest the server's manifests record for each document graph kg pushed there."""
    digests = {}
    for namespace in namespaces:
        answer = send_query(endpoint, f"SELECT ?g ?d WHERE {{ GRAPH <{manifest_graph(namespace)}> "
                                      f"{{ ?g {KG.pushDigest.n3()} ?d }} }}")
        for row in answer.get("results", {}).get("bindings", []):
            if "g" in row and "d" in row and row["g"]["value"].startswith(namespace):
                digests[row["g"]["value"]] = row["d"]["value"]
    return digests


def _put_manifests(endpoint: Endpoint, digests: dict[str, str], namespaces: Iterable[str]) -> None:
    for namespace in namespaces:
        body = "".join(f"<{iri}> <{KG.pushDigest}> \"{digest}\" .\n" for iri, digest in sorted(digests.items())
                       if iri.startswith(namespace))
        put_graph(endpoint, manifest_graph(namespace), body.encode("utf-8"))


def remote_lines(endpoint: Endpoint, iri: str) -> set[bytes]:
    """The triples of the server's graph ``iri`` as N-Triples lines written as kg writes them."""
    from pyoxigraph import RdfFormat, parse

    answer = request(endpoint, "GET", endpoint.store_url, params={endpoint.graph_param: iri},
                     headers={"Accept": "application/n-triples"}, ok=(200, 404))
    if answer.status_code == 404:
        return set()
    try:
        triples = parse(answer.content, format=RdfFormat.N_TRIPLES)
        return {f"{t.subject} {t.predicate} {t.object} .\n".encode("utf-8") for t in triples}
    except (SyntaxError, ValueError) as error:
        raise RemoteError(f"{endpoint}: graph {iri} came back unreadable ({str(error).splitlines()[0][:200]})") \
            from None


def _update_default(endpoint: Endpoint, graphs: dict[str, bytes], changed: list[str], old: list[str],
                    jobs: int) -> bool:
    """Move the default graph from the old documents to the new ones in one update; False if too large."""
    inserted = {line for iri in changed for line in graphs[iri].splitlines(keepends=True)}
    if len(inserted) > UPDATE_LINES:
        return False
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="kg-fetch") as pool:
        removed = set().union(*pool.map(lambda iri: remote_lines(endpoint, iri), old))
    if any(line.startswith(b"_:") or b" _:" in line for line in removed) or len(removed) > UPDATE_LINES:
        return False
    for body in graphs.values():  # a triple another document still states stays
        removed.difference_update(body.splitlines(keepends=True))
    if not removed and not inserted:
        return True
    update = (f"DELETE DATA {{ {_data(removed)} }} ;\n" if removed else "") + \
        (f"INSERT DATA {{ {_data(inserted)} }}" if inserted else "")
    try:
        request(endpoint, "POST", endpoint.update_url, data=update.encode("utf-8"),
                headers={"Content-Type": "application/sparql-update; charset=utf-8"})
    except RemoteError as error:
        raise RemoteError(f"{error} (while updating the default graph)") from None
    return True


def _data(lines: Iterable[bytes]) -> str:
    return "\n".join(line.decode("utf-8").rstrip("\n") for line in sorted(lines))


def _namespace(iri: str) -> str:
    return iri.rsplit("/", 1)[0] + "/"


def delete_graph(endpoint: Endpoint, iri: str) -> None:
    """Drop the graph ``iri`` from the server (already gone is fine)."""
    request(endpoint, "DELETE", endpoint.store_url, params={endpoint.graph_param: iri}, ok=(200, 202, 204, 404))


def document_graphs(source) -> dict[str, bytes]:
    """Each document graph of ``source`` as sorted N-Triples, by graph IRI."""
    from pyoxigraph import RdfFormat, parse

    if isinstance(source, dict):  # already split, as this function returns them
        return source
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


def _prune(endpoint: Endpoint, keep: set[str], present: set[str]) -> tuple[str, ...]:
    stale = tuple(sorted(present - keep))
    for iri in stale:
        delete_graph(endpoint, iri)
    return stale


def _default_graph_warning(endpoint: Endpoint, iri: str) -> tuple[str, ...]:
    answer = send_query(endpoint, f"ASK {{ <{iri}> a {KG.Document.n3()} }}")
    if answer.get("boolean"):
        return ()
    return (f"{endpoint}: queries do not see the pushed merged graph in the server's default graph "
            "(see the README for your server)",)
