"""Push and remote-query timings against a SPARQL server, for the benchmark scripts.

``replicate`` makes a larger dataset from a build (each CV copied with new document and
people IRIs, organizations shared, as in a real collection); ``measure`` pushes it
three times (to an empty server, unchanged, with one CV changed) and times a few named
queries.

>>> from kg.remote.server import start_server      # doctest: +SKIP
>>> with start_server(port=0) as server:            # doctest: +SKIP
...     print(measure(replicate("output", 100, "/tmp/x100.nq"), server.endpoint))
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

from kg.remote.endpoint import Endpoint
from kg.remote.push import document_graphs, push
from kg.remote.query import remote_query

QUERIES = ("headcount", "top-coauthors", "shared-employers", "facts")


def replicate(source, copies: int, path: str | Path) -> Path:
    """Write ``copies`` copies of each CV graph of ``source`` as N-Quads to ``path``."""
    path = Path(path)
    with path.open("wb") as out:
        for iri, body in document_graphs(source).items():
            doc_id = iri.rsplit("/", 1)[1].encode()
            for copy in range(copies):
                renamed = body.replace(doc_id, doc_id + b"c%d" % copy).replace(b"/person/", b"/person/c%d-" % copy)
                graph = b" <" + iri.encode().replace(doc_id, doc_id + b"c%d" % copy) + b"> .\n"
                out.write(b"".join(line[:-2] + graph for line in renamed.splitlines(keepends=True)))
    return path


def measure(source, endpoint: Endpoint, *, jobs: int = 4, queries: Iterable[str] = QUERIES) -> dict[str, float]:
    """Seconds to push ``source`` (to an empty server, again unchanged, again with one CV changed)
    and to run each named query in ``queries`` on ``endpoint``."""
    started = time.perf_counter()
    graphs = document_graphs(source)
    timings = {"read_s": round(time.perf_counter() - started, 3)}
    first = push(graphs, endpoint, jobs=jobs)
    again = push(graphs, endpoint, jobs=jobs)
    iri = min(graphs)
    changed = dict(graphs)
    changed[iri] = graphs[iri] + b'<%s> <http://www.w3.org/2000/01/rdf-schema#comment> "changed" .\n' % iri.encode()
    one = push(changed, endpoint, jobs=jobs)
    timings.update({"documents": first.documents, "triples": first.triples,
                    "push_s": round(first.seconds, 3), "repush_s": round(again.seconds, 3),
                    "one_changed_s": round(one.seconds, 3), "one_changed_sent": one.sent})
    for name in queries:
        started = time.perf_counter()
        rows = len(remote_query(endpoint, name).rows)
        timings[f"query_{name}_s"] = round(time.perf_counter() - started, 3)
        timings[f"query_{name}_rows"] = rows
    return timings
