"""kg: build a knowledge graph of people, organizations and publications from CVs.

>>> import kg
>>> result = kg.build()                      # the bundled sample CVs
>>> rows = kg.query(result.graph, "headcount").rows
>>> len(rows) > 0
True
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from rdflib import Dataset, Graph

from kg.errors import ExtractError, GraphError, KGError, LimitError, QueryError, ReadError, RenderError
from kg.export import FORMATS as EXPORT_FORMATS
from kg.export import export, facts_tsv, trig, turtle, write_atomic
from kg.graph.to_networkx import coauthor_graph, employer_graph, full_graph
from kg.graph.to_rdf import DEFAULT_BASE
from kg.graph.validate import validate
from kg.limits import Limits
from kg.pipeline import Build, Failure, build
from kg.queries import QueryResult, named_queries
from kg.queries import run_query as query
from kg.redact import redact

__version__ = "0.1.0"

__all__ = [
    "Build", "DEFAULT_BASE", "EXPORT_FORMATS", "ExtractError", "Failure", "GraphError", "KGError",
    "LimitError", "Limits", "QueryError", "QueryResult", "ReadError", "RenderError", "build", "coauthor_graph",
    "employer_graph", "export", "facts", "full_graph", "input_files", "load_graph", "named_queries", "query",
    "redact", "render_views", "validate", "write_outputs",
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


def facts(graph: Graph) -> str:
    """The facts TSV (header ``subject  relation  object``) computed from the graph by SPARQL."""
    return facts_tsv(graph)


def render_views(graph: Graph, out_dir: str | Path, view: str = "all", person: Optional[str] = None,
           hops: int = 1) -> list[Path]:
    """Write the coauthor, employer and (with ``person``) ego views of ``graph`` into ``out_dir``."""
    from kg.render import render_coauthors, render_ego, render_employers

    out_dir = Path(out_dir)
    pages = []
    if view in {"coauthors", "all"}:
        pages.append(render_coauthors(coauthor_graph(graph), out_dir / "coauthors.html"))
    if view in {"employers", "all"}:
        pages.append(render_employers(employer_graph(graph), out_dir / "employers.html"))
    if view == "ego" or (view == "all" and person):
        if not person:
            raise RenderError("--view ego needs --person NAME")
        pages.append(render_ego(full_graph(graph), person, out_dir / "ego.html", hops=hops))
    return pages


def write_outputs(result: Build, out_dir: str | Path) -> list[Path]:
    """Write what ``kg build`` promises: graph.ttl, graph.trig, facts.tsv and the two views."""
    out_dir = Path(out_dir)
    written = [
        write_atomic(out_dir / "graph.ttl", turtle(result.graph)),
        write_atomic(out_dir / "graph.trig", trig(result.dataset)),
        write_atomic(out_dir / "facts.tsv", facts_tsv(result.graph)),
    ]
    return written + render_views(result.graph, out_dir, view="all")
