"""Positions computed before a page is written, and what a big page draws first."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.render.layout import components, drawn_first, positions

edge_lists = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=80)


def _graph(edges, order=1) -> nx.Graph:
    g = nx.Graph()
    g.add_edges_from((f"n{u:02d}", f"n{v:02d}") for u, v in edges[::order] if u != v)
    return g


@settings(max_examples=25, deadline=None)
@given(edge_lists)
def test_layout_every_node_gets_integer_coordinates_whatever_the_order(edges):
    first, second = positions(_graph(edges)), positions(_graph(edges, -1))
    assert first == second
    assert set(first) == set(_graph(edges))
    assert all(isinstance(c, int) for spot in first.values() for c in spot)


def test_layout_components_do_not_overlap():
    g = nx.disjoint_union_all([nx.cycle_graph(30), nx.star_graph(12), nx.path_graph(4),
                               nx.complete_graph(5)])
    g = nx.relabel_nodes(g, {n: f"n{n:03d}" for n in g})
    spots = positions(g)
    boxes = []
    for part in components(g):
        xs, ys = [spots[n][0] for n in part], [spots[n][1] for n in part]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]


def test_layout_links_are_about_spacing_long():
    g = nx.relabel_nodes(nx.grid_2d_graph(20, 20), lambda n: f"n{n[0]:02d}{n[1]:02d}")
    spots = positions(g)
    lengths = sorted(((spots[u][0] - spots[v][0]) ** 2 + (spots[u][1] - spots[v][1]) ** 2) ** 0.5
                     for u, v in g.edges())
    assert 40 < lengths[len(lengths) // 2] < 80


@pytest.mark.parametrize("limit, expected", [
    (3, ["a", "b", "c"]),
    (2, ["a", "b"]),                 # the hub first inside a component too big to fit
    (5, ["a", "b", "c", "x", "y"]),
])
def test_layout_drawn_first_keeps_largest_components_then_hubs(limit, expected):
    g = nx.Graph([("b", "a"), ("b", "c"), ("x", "y")])
    g.add_node("lone")
    assert drawn_first(g, limit) == expected
