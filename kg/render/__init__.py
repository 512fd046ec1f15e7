"""Render stage: draw views of the knowledge graph as self-contained HTML pages.

Each view picks part of a networkx graph (:mod:`kg.render.views`) and writes one
offline vis-network page (:mod:`kg.render.html`): colour by node kind, size by
degree, line width by weight, plain-text hovers, a legend with counts.

    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.Graph()
    >>> g.add_node("ex:ada", label="Ada", kind="owner")
    >>> g.add_node("ex:bob", label="Bob", kind="person")
    >>> g.add_edge("ex:ada", "ex:bob", relation="coauthored_with", weight=2)
    >>> out = render_coauthors(g, pathlib.Path(tempfile.mkdtemp()) / "co.html")
    >>> out.name
    'co.html'
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.errors import RenderError
from kg.render.html import build_page
from kg.render.views import (coauthor_subgraph, ego_subgraph, employer_subgraph,
                             find_node, simple_graph)

__all__ = ["ego_subgraph", "render_coauthors", "render_ego", "render_employers",
           "render_network"]


def render_network(graph: nx.Graph, path: str | Path, *, title: str,
                   legend: bool = True) -> Path:
    """Write ``graph`` (any networkx graph) as one offline HTML page at ``path``.

    Parallel and reverse edges are merged into one undirected line. Missing parent
    directories are created. Returns the path written.
    """
    path = Path(path)
    page = build_page(simple_graph(graph), title, legend=legend)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(page)
    except OSError as error:
        raise RenderError(f"{path}: cannot write the page ({error.strerror}); "
                          "check the directory exists and is writable") from error
    return path


def render_coauthors(graph: nx.Graph, path: str | Path) -> Path:
    """Write the co-authorship network: people linked by joint publications."""
    return render_network(coauthor_subgraph(graph), path, title="Co-authors")


def render_employers(graph: nx.Graph, path: str | Path) -> Path:
    """Write the people–organization network (where people worked and studied)."""
    return render_network(employer_subgraph(graph), path,
                          title="People, organizations and schools")


def render_ego(graph: nx.Graph, node: str, path: str | Path, hops: int = 1) -> Path:
    """Write everything within ``hops`` links of ``node`` (an IRI or unique label).

    Raises RenderError("no such person: ...") when the node is not in the graph.
    """
    centre = find_node(graph, node)
    label = graph.nodes[centre].get("label") or centre
    subgraph = ego_subgraph(graph, centre, hops)
    return render_network(subgraph, path,
                          title=f"{label}: {hops} hop{'s' * (hops != 1)}")
