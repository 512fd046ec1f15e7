"""kg: build a knowledge graph of people, organizations and publications from CVs.

>>> import kg
>>> result = kg.build()                      # the bundled sample CVs
>>> rows = kg.query(result.graph, "headcount").rows
>>> len(rows) > 0
True

A SPARQL server: ``kg.push(result, kg.Endpoint.at(url))``, ``kg.remote_query(endpoint, "headcount")``,
``kg.serve("output")`` (see kg/remote).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from rdflib import Dataset, Graph

from kg.errors import ExtractError, GraphError, KGError, LimitError, QueryError, ReadError, RemoteError, RenderError, SynthError
from kg.evaluate import Evaluation, evaluate
from kg.export import FORMATS as EXPORT_FORMATS
from kg.export import export, facts_tsv, trig, turtle, write_atomic, write_facts, write_trig, write_turtle
from kg.graph.to_networkx import coauthor_graph, employer_graph, full_graph
from kg.graph.to_rdf import DEFAULT_BASE
from kg.graph.validate import validate
from kg.limits import Limits
from kg.pipeline import Build, Failure, build
from kg.queries import QueryResult, named_queries
from kg.queries import run_query as query
from kg.redact import redact
from kg.remote import Endpoint, PushReport, fetch_graph, push, remote_query, serve
from kg.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Build", "DEFAULT_BASE", "EXPORT_FORMATS", "ExtractError", "Failure", "GraphError", "KGError",
    "LimitError", "Limits", "QueryError", "QueryResult", "ReadError", "RenderError", "Store", "SynthError", "build",
    "coauthor_graph", "employer_graph", "export", "facts", "full_graph", "input_files", "load_graph", "named_queries",
    "open_graph", "open_store", "query", "redact", "render_views", "validate", "write_outputs",
    # scoring against gold facts (kg/evaluate.py)
    "Evaluation", "evaluate",
    # SPARQL servers (kg/remote)
    "Endpoint", "PushReport", "RemoteError", "fetch_graph", "push", "remote_query", "serve",
]

_PARSERS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig",
            ".nq": "nquads", ".rdf": "xml", ".xml": "xml"}


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """The CV files a build over ``paths`` reads (the bundled samples when empty)."""
    from kg.pipeline import _inputs

    return _inputs(paths)


def load_graph(path: str | Path) -> Graph:
    """Load a graph kg built (or any RDF file); one-line ``GraphError`` when it cannot."""
    path = Path(path)
    fmt = _PARSERS.get(path.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown graph format (use .ttl, .nt, .trig, .jsonld)")
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (run `kg build` first)")
    try:
        if fmt in {"trig", "nquads"}:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for prefix, ns in dataset.namespaces():
                graph.bind(prefix, ns)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except Exception as error:  # rdflib raises many parser-specific errors
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise GraphError(f"{path}: not a readable {fmt} graph ({first[:200]})") from None


def open_graph(path: str | Path) -> Store:
    """A built graph to query, render or export: a store folder kg built (``OUT/store``, or
    ``OUT`` itself when it holds one), opened read-only, or a graph file read into memory.

    >>> open_graph("no/such/graph.ttl")
    Traceback (most recent call last):
    kg.errors.GraphError: no/such/graph.ttl: no such graph file (run `kg build` first)
    """
    from kg.store import is_store

    path = Path(path)
    if path.is_dir():
        folder = path if is_store(path) else path / "store"
        if is_store(folder):
            return open_store(folder, read_only=True)
        if (path / "graph.ttl").is_file():
            return Store.from_graph(load_graph(path / "graph.ttl"))
        raise GraphError(f"{path}: neither a kg store nor a build folder (run `kg build` first)")
    return Store.from_graph(load_graph(path))


def facts(graph: Graph | Store | Endpoint) -> str:
    """The facts TSV (header ``subject  relation  object``) computed from the graph by SPARQL.

    ``graph`` may be a SPARQL server's ``Endpoint``: the same query runs there.
    """
    if isinstance(graph, Endpoint):
        from kg.export import facts_text

        result = remote_query(graph, "facts")
        return facts_text(result.rows, result.columns)
    return facts_tsv(graph)


def render_views(graph: Graph | Store, out_dir: str | Path, view: str = "all", person: Optional[str] = None,
                 hops: int = 1, warnings: Iterable[str] = ()) -> list[Path]:
    """Write views of ``graph`` into ``out_dir``: coauthors, employers, talent-flow, timeline,
    ego (needs ``person``) or all of them plus ego views and ``index.html`` (listing ``warnings``).
    """
    from kg.render import render_all

    graph = graph.view_graph() if isinstance(graph, Store) else graph
    return render_all(graph, out_dir, view=view, person=person, hops=hops, warnings=warnings)


def write_outputs(result: Build, out_dir: str | Path, views: bool = True) -> list[Path]:
    """Write what ``kg build`` promises: graph.ttl, graph.trig, facts.tsv and (unless not
    ``views``) every view and index.html, all from the build's store.

    After a rebuild that changed little (``result.change``), the three files are spliced
    where they are exactly what the last build wrote (``kg.store.patch``), not rewritten."""
    from kg.store.patch import patch_outputs

    out_dir = Path(out_dir)
    written = patch_outputs(result.store, out_dir, result.change, {
        "graph.ttl": write_turtle, "graph.trig": write_trig, "facts.tsv": write_facts})
    if not views:
        return written
    return written + render_views(result.store, out_dir, warnings=[*map(str, result.failures), *result.warnings])
