"""Every view of an RDF graph, and the index page that links them: what ``kg build`` and
``kg render`` write.

    >>> import kg, tempfile
    >>> pages = render_all(kg.build().graph, tempfile.mkdtemp())
    >>> [p.name for p in pages][:4], pages[-1].name
    (['coauthors.html', 'employers.html', 'talent-flow.html', 'timeline.html'], 'index.html')
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF

from kg.errors import RenderError
from kg.graph.to_networkx import Projector
from kg.graph.vocab import KG

EGO_PAGES = 12      # kg build writes ego views (1 hop) of this many CV owners, most linked first
EGO_LINKS = 5_000   # links those pages hold at most: the centre's own, then the heaviest
TOP = 10            # rows in the index's top-organization and most-connected tables


def _size(graph: nx.Graph) -> str:
    n, m = graph.number_of_nodes(), graph.number_of_edges() + graph.graph.get("dropped", 0)
    return f"{n:,} node{'s' * (n != 1)}, {m:,} link{'s' * (m != 1)}"


def _slug(node: str, taken: set[str]) -> str:
    """A file name for a node's ego page, from the end of its IRI."""
    base = re.sub(r"[^a-z0-9]+", "-", re.split(r"[/#]", node.rstrip("/#"))[-1].lower()).strip("-")
    slug, number = base or "node", 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def counts(graph: Graph) -> dict[str, int]:
    """People, organizations, publications, CVs and triples of an RDF graph."""
    def count(cls) -> int:
        return len(set(graph.subjects(RDF.type, cls)))

    return {"people": count(KG.Person), "organizations": count(KG.Organization),
            "publications": count(KG.Publication), "CVs": count(KG.Document),
            "triples": len(graph)}


def top_organizations(employers: nx.Graph, top: int = TOP) -> list[tuple[str, int]]:
    """Organizations and schools by number of people linked to them."""
    orgs = [(data.get("label") or node, employers.degree(node), node)
            for node, data in employers.nodes(data=True)
            if data.get("kind") in {"organization", "school"}]
    return [(label, degree) for label, degree, _ in
            sorted(orgs, key=lambda o: (-o[1], str(o[0]).casefold(), o[2]))[:top]]


def most_connected(coauthors: nx.Graph, top: int = TOP) -> list[tuple[str, int]]:
    """People by number of co-authors."""
    people = [(data.get("label") or node, coauthors.degree(node), node)
              for node, data in coauthors.nodes(data=True)]
    return [(label, degree) for label, degree, _ in
            sorted(people, key=lambda p: (-p[1], str(p[0]).casefold(), p[2]))[:top]]


def _ego_pages(network: nx.MultiDiGraph, out_dir: Path, hops: int) -> list[tuple[Path, str, nx.Graph]]:
    """Ego views of the most linked CV owners, into ``out_dir/ego/``."""
    from kg.render import render_ego
    from kg.render.views import ego_subgraph

    owners = sorted((n for n, kind in network.nodes(data="kind") if kind == "owner"),
                    key=lambda n: (-network.degree(n), n))[:EGO_PAGES]
    pages, taken = [], set()
    for owner in owners:
        path = out_dir / "ego" / f"{_slug(owner, taken)}.html"
        label = str(network.nodes[owner].get("label") or owner)
        ego = ego_subgraph(network, owner, hops, most=EGO_LINKS)
        pages.append((render_ego(network, owner, path, hops=hops, subgraph=ego), label, ego))
    return pages


def render_all(graph: Graph, out_dir: str | Path, view: str = "all", person: Optional[str] = None,
               hops: int = 1, warnings: Iterable[str] = (), title: str = "Knowledge graph") -> list[Path]:
    """Write ``view`` (one of ``kg.render.VIEWS``) of ``graph`` into ``out_dir``; "all" writes
    every view, ego views (of ``person``, or else of the most linked CV owners) and
    ``index.html`` with the counts, top organizations, most connected people and ``warnings``.
    """
    from kg.render import VIEWS, render_coauthors, render_ego, render_employers, render_index
    from kg.render import render_talent_flow, render_timeline

    if view not in VIEWS:
        raise RenderError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    if view == "ego" and not person:
        raise RenderError("--view ego needs --person NAME")
    out_dir, every = Path(out_dir), view == "all"
    project = Projector(graph)
    pages, listed = [], []
    coauthors = employers = None
    if view in {"coauthors", "all"}:
        coauthors = project.coauthors()
        pages.append(render_coauthors(coauthors, out_dir / "coauthors.html"))
        listed.append((pages[-1].name, "Co-author network", "people linked by joint publications, "
                       "coloured by community", _size(coauthors)))
    if view in {"employers", "all"}:
        employers = project.employers()
        pages.append(render_employers(employers, out_dir / "employers.html"))
        listed.append((pages[-1].name, "Employer network", "people and the organizations they "
                       "worked or studied at", _size(employers)))
    if view in {"talent-flow", "all"}:
        flow = project.talent_flow()
        pages.append(render_talent_flow(flow, out_dir / "talent-flow.html"))
        listed.append((pages[-1].name, "Talent flow", "organizations linked by the people who "
                       "moved between them, arrows in time order", _size(flow)))
    if view in {"timeline", "all"}:
        people = project.careers()
        pages.append(render_timeline(people, out_dir / "timeline.html"))
        listed.append((pages[-1].name, "Career timeline", "positions and degrees on a time axis",
                       f"{len(people):,} people"))
    if view == "ego" or (every and person):
        network = project.full()
        pages.append(render_ego(network, person, out_dir / "ego.html", hops=hops))
    elif every:
        for path, label, ego in _ego_pages(project.full(), out_dir, hops):
            pages.append(path)
            listed.append((path.relative_to(out_dir).as_posix(), f"Ego view: {label}",
                           f"everything within {hops} link{'s' * (hops != 1)}", _size(ego)))
    if every:
        pages.append(render_index(out_dir / "index.html", title=title, counts=counts(graph),
                                  views=listed, top_orgs=top_organizations(employers),
                                  top_people=most_connected(coauthors), warnings=list(warnings)))
    return pages
