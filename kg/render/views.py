"""Which part of the graph each view shows: plain functions from a graph to a graph.

Every view first folds its input (``Graph``, ``DiGraph`` or ``MultiDiGraph``) into an
undirected simple ``nx.Graph`` with :func:`simple_graph`, because a page draws one line
per pair of nodes. Nothing here knows about HTML.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from kg.errors import RenderError

PEOPLE_KINDS = frozenset({"person", "owner"})
EMPLOYER_KINDS = frozenset({"organization", "school"})
COAUTHOR_RELATIONS = frozenset({"coauthored_with"})
EMPLOYER_RELATIONS = frozenset({"worked_at", "studied_at"})


def as_lines(value: object) -> list[str]:
    """Return a list-of-strings attribute (``details``, ``sources``) as a list.

    A bare string is one line; None is no lines.
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(item) for item in value]
    return [str(value)]


def _merge_unique(into: list[str], extra: Iterable[str]) -> None:
    """Append the items of ``extra`` not yet in ``into``, keeping first-seen order."""
    for item in extra:
        if item not in into:
            into.append(item)


def _merge_edge(merged: dict, relation: str, data: dict) -> None:
    """Fold one input edge into the merged attributes of its node pair.

    The same relation seen twice (``a→b`` and ``b→a`` in a DiGraph record one fact)
    keeps the larger weight; different relations add up.
    """
    weight = data.get("weight", 1)
    weight = weight if isinstance(weight, (int, float)) and weight > 0 else 1
    per_relation = merged.setdefault("_weights", {})
    per_relation[relation] = max(per_relation.get(relation, 0), weight)
    _merge_unique(merged.setdefault("details", []), as_lines(data.get("details")))
    _merge_unique(merged.setdefault("sources", []), as_lines(data.get("sources")))
    if isinstance(data.get("colour"), str):
        merged.setdefault("colour", data["colour"])
    if data.get("kinds"):
        merged["kinds"] = tuple(sorted(set(merged.get("kinds", ())) | set(as_lines(data["kinds"]))))


def simple_graph(graph: nx.Graph) -> nx.Graph:
    """Fold any networkx graph into an undirected simple graph, merging parallel edges.

    A merged edge carries ``relation`` (the distinct relations, sorted, comma-joined),
    ``relations`` (the same as a tuple), ``weight`` and the union of ``details``,
    ``sources`` and (employer links) ``kinds``; the first ``colour`` seen. Node attributes
    are copied. The result says ``graph["folded"]``, so a page need not fold it again.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", relation="coauthored_with", weight=2)
    0
    >>> g.add_edge("b", "a", relation="coauthored_with", weight=2)
    0
    >>> simple_graph(g).edges["a", "b"]["weight"]
    2
    """
    return _fold(graph.nodes(data=True), graph.edges(data=True))


def _fold(nodes: Iterable[tuple], edges: Iterable[tuple]) -> nx.Graph:
    """:func:`simple_graph` of the graph with ``nodes`` ((node, data)) and ``edges`` ((u, v, data))."""
    simple = nx.Graph()
    for node, data in nodes:
        simple.add_node(node, **data)
    merged: dict[tuple, dict] = {}
    for u, v, data in edges:
        if u == v:
            continue
        pair = _pair(u, v)
        relation = str(data.get("relation") or "related_to")
        _merge_edge(merged.setdefault(pair, {}), relation, data)
    for (u, v), attrs in merged.items():
        weights = attrs.pop("_weights")
        relations = tuple(sorted(weights))
        simple.add_edge(u, v, relation=", ".join(relations), relations=relations,
                        weight=sum(weights.values()), **attrs)
    simple.graph["folded"] = True
    return simple


def find_node(graph: nx.Graph, node: str) -> str:
    """Return the node id for ``node``: a node IRI, or else a unique exact label.

    Raises RenderError when nothing (or more than one node) matches.
    """
    if node in graph:
        return node
    if not isinstance(node, str):
        raise RenderError(f"no such person: {node!r}; pass a node IRI")
    wanted = node.strip().casefold()
    matches = sorted(n for n, label in graph.nodes(data="label")
                     if isinstance(label, str) and label.strip().casefold() == wanted)
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise RenderError(f"ambiguous person {node!r}: matches {', '.join(matches)}; "
                          "pass one of these node IRIs instead")
    raise RenderError(f"no such person: {node!r} is neither a node IRI nor a label "
                      "in the graph; list people with `kg query` and pass an IRI")


def ego_subgraph(graph: nx.Graph, node: str, hops: int = 1, most: int | None = None) -> nx.Graph:
    """Return the undirected simple subgraph within ``hops`` edges of ``node``.

    Any relation counts as one hop, whatever its direction. ``node`` is a node IRI
    (or a unique label); RenderError if it is absent or ``hops`` is negative. With
    ``most``, the subgraph keeps its ``most`` heaviest links (the centre's own first), as
    :func:`relation_subgraph` does: a popular name's neighbours can share millions.

    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> sorted(ego_subgraph(g, "b", hops=1))
    ['a', 'b', 'c']
    """
    if not isinstance(hops, int) or isinstance(hops, bool) or hops < 0:
        raise RenderError(f"hops must be a whole number >= 0, got {hops!r}")
    centre = find_node(graph, node)
    near, frontier = {centre}, [centre]
    for _ in range(hops):  # breadth first over links either way, without copying the graph
        reached = set()
        for n in frontier:
            reached.update(graph.succ[n] if graph.is_directed() else graph.adj[n])
            if graph.is_directed():
                reached.update(graph.pred[n])
        frontier = list(reached - near)
        near |= reached
        if not frontier:
            break
    nodes = [n for n in graph if n in near]  # in the graph's order, as a subgraph view has them
    edges = _induced_edges(graph, nodes, near)
    if most is None or len(edges) <= most:
        return _fold(((n, graph.nodes[n]) for n in nodes), edges)
    return _heaviest_part(graph, nodes, edges, centre, most)


def _induced_edges(graph: nx.Graph, nodes: list, near: set) -> list[tuple]:
    """(u, v, data) of every edge between ``near`` nodes, in the order ``graph.subgraph(near)``
    lists them, without the subgraph view's filters (slow around a node with many links)."""
    directed, multi = graph.is_directed(), graph.is_multigraph()
    adjacency = graph.succ if directed else graph.adj
    seen: set = set()
    edges = []
    for u in nodes:
        for v, data in adjacency[u].items():
            if v not in near or v in seen:
                continue
            if multi:
                edges.extend((u, v, d) for d in data.values())
            else:
                edges.append((u, v, data))
        if not directed:
            seen.add(u)
    return edges


def _heaviest_part(graph: nx.Graph, nodes: list, edges: list[tuple], centre: str, most: int) -> nx.Graph:
    """The fold of ``edges`` keeping only the ``most`` heaviest node pairs, the centre's first."""
    weights: dict[tuple, float] = defaultdict(float)
    for u, v, data in edges:
        if u != v:
            weights[_pair(u, v)] += _weight(data.get("weight"))
    kept = _heaviest(weights, most, first=centre)
    simple = _fold(((n, graph.nodes[n]) for n in nodes), ((u, v, d) for u, v, d in edges if _pair(u, v) in kept))
    return _cut(simple, weights, kept)


def _pair(u, v) -> tuple:
    """The ends of a link in one order (by their text), whichever way it points."""
    return (u, v) if str(u) <= str(v) else (v, u)


def _heaviest(weights: dict[tuple, float], most: int, first=None) -> set[tuple]:
    """The ``most`` heaviest node pairs of ``weights`` (ties: by their ends); pairs that
    touch ``first`` come before all others."""
    return set(heapq.nsmallest(most, weights, key=lambda p: (first not in p, -weights[p], str(p[0]), str(p[1]))))


def _cut(view: nx.Graph, weights: dict[tuple, float], kept: set[tuple]) -> nx.Graph:
    """Mark ``view`` with what a cut to ``kept`` of all the pairs in ``weights`` left out:
    ``graph["dropped"]`` and each node's ``degree`` before the cut (nodes are sized by it)."""
    degree = Counter(node for ends in weights for node in ends)
    nx.set_node_attributes(view, {node: degree[node] for node in view}, "degree")
    view.graph.update(dropped=len(weights) - len(kept), folded=True)
    return view


def relation_subgraph(graph: nx.Graph, kinds: frozenset[str],
                      relations: frozenset[str], most: int | None = None) -> nx.Graph:
    """Return nodes of ``kinds`` linked by edges of ``relations``, merged and undirected.

    Nodes without such an edge are dropped, except the CV owner(s), so that a page
    always shows whose CVs these are. With ``most``, a simple graph keeps only its
    ``most`` heaviest such edges (ties: by their ends), and ``graph["dropped"]`` of the
    result says how many it left out: a page holds no more, and folding millions of
    links only to drop them costs minutes.
    """
    view = nx.Graph()
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "owner" and "owner" in kinds:
            view.add_node(node, **data)
    edges = [edge for edge, relation in _edges_with_relation(graph)
             if relation in relations and _kind(graph, edge[0]) in kinds and _kind(graph, edge[1]) in kinds]
    weights = kept = None
    if most is not None and len(edges) > most and not graph.is_multigraph():
        weights = {_pair(u, v): _weight(graph.edges[u, v].get("weight")) for u, v in edges}
        kept = _heaviest(weights, most)
        edges = [(u, v) for u, v in edges if _pair(u, v) in kept]
    simple = simple_graph(graph.edge_subgraph(edges))
    view.add_nodes_from(simple.nodes(data=True))
    view.add_edges_from(simple.edges(data=True))
    view.graph.update(dropped=0, folded=True)
    return view if weights is None else _cut(view, weights, kept)


def _weight(weight: object) -> float:
    """A link's weight as ``simple_graph`` counts it: a positive number, else 1."""
    return weight if isinstance(weight, (int, float)) and weight > 0 else 1


def _kind(graph: nx.Graph, node: str) -> str | None:
    """Return the ``kind`` attribute of ``node``."""
    return graph.nodes[node].get("kind")


def _edges_with_relation(graph: nx.Graph):
    """Yield (edge key, relation) for every edge, keys as ``edge_subgraph`` wants them."""
    if graph.is_multigraph():
        for u, v, key, relation in graph.edges(keys=True, data="relation"):
            yield (u, v, key), relation
    else:
        for u, v, relation in graph.edges(data="relation"):
            yield (u, v), relation


def coauthor_subgraph(graph: nx.Graph, most: int | None = None) -> nx.Graph:
    """Return the people linked by ``coauthored_with`` edges (weight = joint papers); see
    :func:`relation_subgraph` for ``most``."""
    return relation_subgraph(graph, PEOPLE_KINDS, COAUTHOR_RELATIONS, most)


def employer_subgraph(graph: nx.Graph) -> nx.Graph:
    """Return people and the organizations/schools they ``worked_at``/``studied_at``."""
    return relation_subgraph(graph, PEOPLE_KINDS | EMPLOYER_KINDS, EMPLOYER_RELATIONS)
