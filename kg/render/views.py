"""Which part of the graph each view shows: plain functions from a graph to a graph.

Every view first folds its input (``Graph``, ``DiGraph`` or ``MultiDiGraph``) into an
undirected simple ``nx.Graph`` with :func:`simple_graph`, because a page draws one line
per pair of nodes. Nothing here knows about HTML.
"""
from __future__ import annotations

import heapq
from collections import Counter
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
    simple = nx.Graph()
    for node, data in graph.nodes(data=True):
        simple.add_node(node, **data)
    merged: dict[tuple, dict] = {}
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        pair = tuple(sorted((u, v), key=str))
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


def ego_subgraph(graph: nx.Graph, node: str, hops: int = 1) -> nx.Graph:
    """Return the undirected simple subgraph within ``hops`` edges of ``node``.

    Any relation counts as one hop, whatever its direction. ``node`` is a node IRI
    (or a unique label); RenderError if it is absent or ``hops`` is negative.

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
    return simple_graph(graph.subgraph(near))


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
    dropped, degree = 0, None
    if most is not None and len(edges) > most and not graph.is_multigraph():
        dropped, degree = len(edges) - most, Counter(node for edge in edges for node in edge[:2])
        edges = heapq.nsmallest(most, edges, key=lambda e: (-_weight(graph.edges[e].get("weight")),
                                                            *sorted(map(str, e))))
    simple = simple_graph(graph.edge_subgraph(edges))
    view.add_nodes_from(simple.nodes(data=True))
    view.add_edges_from(simple.edges(data=True))
    view.graph.update(dropped=dropped, folded=True)
    if degree is not None:  # nodes are sized by all their links, not only the ones kept
        nx.set_node_attributes(view, {node: degree[node] for node in view}, "degree")
    return view


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
