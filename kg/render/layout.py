"""Where nodes go, computed in Python before a page is written, and which nodes a big page draws.

A browser that has to settle thousands of nodes by physics takes minutes; positions computed
here (igraph's Fruchterman–Reingold, its grid variant past GRID_FROM nodes, one component at
a time, then the components packed in rows) let a page draw at once with physics off.
Everything is seeded and rounded, so the same graph gives the same positions, byte for byte.

    >>> import networkx as nx
    >>> spots = positions(nx.path_graph(["a", "b", "c"]))
    >>> sorted(spots) == ["a", "b", "c"] and spots == positions(nx.path_graph(["c", "b", "a"]))
    True
"""
from __future__ import annotations

import math
import random
from contextlib import contextmanager

import networkx as nx

LAYOUT_SEED = 7
SPACING = 60.0      # px: the typical distance between linked nodes
GAP = 80.0          # px: the space between packed components
GRID_FROM = 300     # nodes: from here on the grid variant (O(n) per step instead of O(n²))


def components(graph: nx.Graph) -> list[list[str]]:
    """Connected components, largest first (ties: smallest node id), each sorted by id."""
    found = [sorted(map(str, part)) for part in nx.connected_components(graph)]
    return sorted(found, key=lambda part: (-len(part), part[0]))


@contextmanager
def _seeded_igraph(seed: int):
    """Run igraph with its own seeded random generator, restoring the global one after."""
    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield igraph
    finally:
        igraph.set_random_number_generator(random)


def _component_layout(graph: nx.Graph, nodes: list[str], seed: int) -> list[tuple[float, float]]:
    """Positions of one component's nodes (in ``nodes`` order), centred, SPACING apart."""
    if len(nodes) == 1:
        return [(0.0, 0.0)]
    if len(nodes) == 2:
        return [(-SPACING / 2, 0.0), (SPACING / 2, 0.0)]
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted((min(index[u], index[v]), max(index[u], index[v]))
                   for u, v in graph.subgraph(nodes).edges())
    with _seeded_igraph(seed) as igraph:
        coords = igraph.Graph(n=len(nodes), edges=edges).layout_fruchterman_reingold(
            grid=len(nodes) >= GRID_FROM).coords
    return _normalised(coords, edges)


def _normalised(coords: list, edges: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """Centre ``coords`` and scale them so that the median link is SPACING long."""
    cx = sum(x for x, _ in coords) / len(coords)
    cy = sum(y for _, y in coords) / len(coords)
    lengths = sorted(math.dist(coords[u], coords[v]) for u, v in edges)
    median = lengths[len(lengths) // 2] if lengths else 1.0
    scale = SPACING / median if median > 0 else 1.0
    return [((x - cx) * scale, (y - cy) * scale) for x, y in coords]


def positions(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict[str, tuple[int, int]]:
    """Integer (x, y) for every node: each component laid out, then packed in rows.

    The largest component comes first, top left; rows are about as wide as the whole
    drawing is tall, so the picture is roughly square.
    """
    placed: list[tuple[list[str], list[tuple[float, float]]]] = []
    for number, nodes in enumerate(components(graph)):
        placed.append((nodes, _component_layout(graph, nodes, seed + number)))
    boxes = [_box(coords) for _, coords in placed]
    area = sum((w + GAP) * (h + GAP) for w, h, _, _ in boxes)
    row_width = max([math.sqrt(area)] + [w for w, _, _, _ in boxes[:1]])
    out: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for (nodes, coords), (width, height, left, top) in zip(placed, boxes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, (nx_, ny_) in zip(nodes, coords):
            out[node] = (round(x + nx_ - left), round(y + ny_ - top))
        x += width + GAP
        row_height = max(row_height, height)
    return out


def _box(coords: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(width, height, left, top) of a set of points."""
    xs, ys = [x for x, _ in coords], [y for _, y in coords]
    return max(xs) - min(xs), max(ys) - min(ys), min(xs), min(ys)


def drawn_first(graph: nx.Graph, limit: int) -> list[str]:
    """The ``limit`` nodes a big page draws at first: whole components, largest first,
    and inside a component too big to fit, its most linked nodes.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> drawn_first(g, 4)
    ['a', 'b', 'c', 'x']
    """
    degree = dict(graph.degree())
    order = [node for part in components(graph)
             for node in sorted(part, key=lambda n: (-degree[n], n))]
    return sorted(order[:limit])
