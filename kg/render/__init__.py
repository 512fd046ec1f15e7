"""Render stage: draw views of the knowledge graph as self-contained HTML pages.

Each view picks part of a networkx graph (:mod:`kg.render.views`) and writes one
offline vis-network page (:mod:`kg.render.html`): colour by node kind (co-authors: by
Louvain community; employer links: by kind of post), size by degree, line width by
weight, plain-text hovers, a legend with counts, a search box and a filter per kind.
Big graphs get positions computed beforehand (:mod:`kg.render.layout`). The career
timeline (:mod:`kg.render.timeline`) and the index page (:mod:`kg.render.index`)
complete the set :func:`render_all` writes.

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
from kg.render.html import MAX_DRAWN, MAX_EDGES_DRAWN, MAX_EDGES_IN_PAGE, build_page
from kg.render.style import (COMMUNITY_COLOURS, LINK_KINDS, SMALL_COMMUNITY, communities,
                             community_colours, link_kind)
from kg.render.views import (coauthor_subgraph, ego_subgraph, employer_subgraph,
                             find_node, simple_graph)

__all__ = ["VIEWS", "ego_subgraph", "render_all", "render_coauthors", "render_ego",
           "render_employers", "render_index", "render_network", "render_talent_flow",
           "render_timeline", "write_page"]

#: The views ``kg render --view`` knows, in the order the index lists them.
VIEWS = ("coauthors", "employers", "talent-flow", "timeline", "ego", "all")
COMMUNITIES_LISTED = 10     # legend rows; the smaller communities share one row


def write_page(text: str, path: str | Path) -> Path:
    """Write one page as UTF-8 with LF endings, creating parent folders; RenderError if not."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except OSError as error:
        raise RenderError(f"{path}: cannot write the page ({error.strerror}); "
                          "check the directory exists and is writable") from error
    return path


def render_network(graph: nx.Graph, path: str | Path, *, title: str, legend: bool = True,
                   sections: tuple = (), kind_colours: bool = True,
                   limit: int = MAX_DRAWN, directed: bool = False,
                   edge_limit: int = MAX_EDGES_DRAWN) -> Path:
    """Write ``graph`` (any networkx graph) as one offline HTML page at ``path``.

    Parallel and reverse edges are merged into one undirected line, unless ``directed``
    (then ``graph`` must be a ``DiGraph``, drawn with arrows). Past ``limit`` nodes the page draws the largest components first and
    says what it left out. Missing parent directories are created. Returns the path.
    """
    if directed:
        simple = nx.DiGraph(graph)
    else:
        simple = graph if graph.graph.get("folded") and not graph.is_multigraph() else simple_graph(graph)
    return write_page(build_page(simple, title, legend=legend, sections=sections,
                                 kind_colours=kind_colours, limit=limit,
                                 edge_limit=edge_limit, dropped=graph.graph.get("dropped", 0)), path)


def _community_legend(groups: list[set[str]], graph: nx.Graph) -> tuple:
    """Legend rows: the largest communities, named after their most linked member."""
    rows, rest, alone = [], [], 0
    for number, group in enumerate(groups):
        if len(group) < 2:
            alone += 1
        elif number >= COMMUNITIES_LISTED:
            rest.append(group)
        else:
            hub = min(group, key=lambda n: (-graph.degree(n), n))
            name = str(graph.nodes[hub].get("label") or hub)
            rows.append((number, f"{name[:30]} +{len(group) - 1}", COMMUNITY_COLOURS[number],
                         len(group)))
    if rest:
        rows.append(("rest", f"{len(rest):,} smaller communities (colours repeat)",
                     "linear-gradient(90deg, #76b7b2, #edc948, #ff9da7)", sum(map(len, rest))))
    if alone:
        rows.append(("alone", "in no community", SMALL_COMMUNITY, alone))
    return (("Communities", rows),)


def render_coauthors(graph: nx.Graph, path: str | Path, limit: int = MAX_DRAWN,
                     edge_limit: int = MAX_EDGES_DRAWN) -> Path:
    """Write the co-authorship network: people linked by joint publications, coloured by
    Louvain community, line width by number of joint papers; hovers list the person's
    organizations and the shared papers."""
    view = coauthor_subgraph(graph, most=MAX_EDGES_IN_PAGE)
    groups = communities(view)
    nx.set_node_attributes(view, community_colours(groups), "colour")
    return render_network(view, path, title="Co-authors", kind_colours=False,
                          sections=_community_legend(groups, view), limit=limit,
                          edge_limit=edge_limit)


def render_employers(graph: nx.Graph, path: str | Path, limit: int = MAX_DRAWN) -> Path:
    """Write the people–organization network (where people worked and studied), links
    coloured by kind: employment, internship, assistantship, study."""
    view = employer_subgraph(graph)
    counts = {kind: 0 for kind in LINK_KINDS}
    for _, _, data in view.edges(data=True):
        kind = link_kind(data.get("kinds") or (("study",) if data.get("relation") == "studied_at"
                                               else ("employment",)))
        data["colour"] = LINK_KINDS[kind][1]
        counts[kind] += 1
    rows = [(kind, text, colour, counts[kind]) for kind, (text, colour) in LINK_KINDS.items()
            if counts[kind]]
    return render_network(view, path, title="People, organizations and schools",
                          sections=(("Links", rows),), limit=limit)


def render_talent_flow(graph: nx.DiGraph, path: str | Path, limit: int = MAX_DRAWN) -> Path:
    """Write the organization–organization view: an arrow A → B for people who moved from
    A to B (next position or degree by date), width by number of people."""
    return render_network(graph, path, title="Talent flow between organizations",
                          limit=limit, directed=True)


def render_ego(graph: nx.Graph, node: str, path: str | Path, hops: int = 1,
               subgraph: nx.Graph | None = None) -> Path:
    """Write everything within ``hops`` links of ``node`` (an IRI or unique label);
    ``subgraph``: that part, if the caller has it already.

    Raises RenderError("no such person: ...") when the node is not in the graph.
    """
    centre = find_node(graph, node)
    label = graph.nodes[centre].get("label") or centre
    if subgraph is None:
        subgraph = ego_subgraph(graph, centre, hops, most=MAX_EDGES_IN_PAGE)
    return render_network(subgraph, path,
                          title=f"{label}: {hops} hop{'s' * (hops != 1)}")


def render_timeline(careers: list[dict], path: str | Path) -> Path:
    """Write the career timeline: each person's positions and degrees on a time axis
    (``careers`` as :func:`kg.graph.to_networkx.careers` returns them)."""
    from kg.render.timeline import timeline_page

    return write_page(timeline_page(careers), path)


def render_index(path: str | Path, **facts) -> Path:
    """Write the index page linking every view; see :func:`kg.render.index.index_page`."""
    from kg.render.index import index_page

    return write_page(index_page(**facts), path)


def render_all(*args, **kwargs) -> list[Path]:
    """Write the views of an RDF graph and the index; see :func:`kg.render.site.render_all`."""
    from kg.render.site import render_all as _render_all

    return _render_all(*args, **kwargs)
