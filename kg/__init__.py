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

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from kg.errors import ExtractError, GraphError, KGError, LimitError, QueryError, ReadError, RemoteError, RenderError, SynthError
# named like their modules (kg.export, kg.redact, kg.evaluate): bound here, or importing the
# module would leave kg.export meaning the module
from kg.evaluate import Evaluation, evaluate
from kg.export import FORMATS as EXPORT_FORMATS
from kg.export import export, facts_tsv, trig, turtle, write_atomic, write_facts, write_trig, write_turtle
from kg.redact import redact

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.pipeline import Build
    from kg.remote import Endpoint
    from kg.store import Store

#: What ``kg.NAME`` is, imported on first use: ``kg query`` then loads what it needs, not
#: networkx, the extractors or the HTTP client (a third of a second of every command).
_LAZY = {
    "coauthor_graph": "kg.graph.to_networkx", "employer_graph": "kg.graph.to_networkx",
    "full_graph": "kg.graph.to_networkx",
    "DEFAULT_BASE": "kg.graph.vocab", "validate": "kg.graph.validate", "Limits": "kg.limits",
    "Build": "kg.pipeline", "Failure": "kg.pipeline", "build": "kg.pipeline",
    "QueryResult": "kg.queries", "named_queries": "kg.queries", "query": "kg.queries:run_query",
    "Endpoint": "kg.remote", "PushReport": "kg.remote", "fetch_graph": "kg.remote", "push": "kg.remote",
    "remote_query": "kg.remote", "serve": "kg.remote",
    "Store": "kg.store", "open_store": "kg.store",
}


def __getattr__(name: str):
    """``kg.NAME`` from ``_LAZY`` (or the submodule ``kg.NAME``), imported when first asked for."""
    where = _LAZY.get(name)
    if where is None:
        try:
            return importlib.import_module(f"kg.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"kg.{name}":
                raise
            raise AttributeError(f"module 'kg' has no attribute {name!r}") from None
    module, _, attribute = where.partition(":")
    value = getattr(importlib.import_module(module), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
    from rdflib import Dataset, Graph

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
    from kg.store import Store, is_store, open_store

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
    from kg.export import facts_text, facts_tsv
    from kg.remote import Endpoint, remote_query

    if isinstance(graph, Endpoint):
        result = remote_query(graph, "facts")
        return facts_text(result.rows, result.columns)
    return facts_tsv(graph)


def render_views(graph: Graph | Store, out_dir: str | Path, view: str = "all", person: Optional[str] = None,
                 hops: int = 1, warnings: Iterable[str] = ()) -> list[Path]:
    """Write views of ``graph`` into ``out_dir``: coauthors, employers, talent-flow, timeline,
    ego (needs ``person``) or all of them plus ego views and ``index.html`` (listing ``warnings``).
    """
    from kg.render import render_all
    from kg.store import Store

    graph = graph.view_graph() if isinstance(graph, Store) else graph
    return render_all(graph, out_dir, view=view, person=person, hops=hops, warnings=warnings)


def write_outputs(result: Build, out_dir: str | Path, views: bool = True) -> list[Path]:
    """Write what ``kg build`` promises: graph.ttl, graph.trig, facts.tsv and (unless not
    ``views``) every view and index.html, all from the build's store.

    After a rebuild that changed little (``result.change``), the three files are spliced
    where they are exactly what the last build wrote (``kg.store.patch``), not rewritten."""
    from kg.export import start_facts, start_trig, start_turtle
    from kg.store.patch import patch_outputs

    out_dir = Path(out_dir)
    # Turtle and TriG are begun first: their worker processes write while the facts query runs
    written = patch_outputs(result.store, out_dir, result.change, {
        "graph.ttl": start_turtle, "graph.trig": start_trig, "facts.tsv": start_facts})
    if not views:
        return written
    return written + render_views(result.store, out_dir, warnings=[*map(str, result.failures), *result.warnings])
