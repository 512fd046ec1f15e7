"""Render stage without a browser: views, determinism, offline pages, escaping, legend."""
from __future__ import annotations

import base64
import doctest
import hashlib
import html
import json
import re

import networkx as nx
import pytest

import kg.render
import kg.render.html as page_html
import kg.render.views as views
from kg.errors import RenderError
from kg.render import (ego_subgraph, render_coauthors, render_ego, render_employers,
                       render_network)
from kg.render.html import EDGE_WIDTH, NODE_SIZE, script_json


SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL)


def page_data(text: str) -> dict:
    """Return the JSON data block of a rendered page."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>',
                      text, re.DOTALL)
    assert match, "no kg-data block"
    return json.loads(match.group(1))


def legend_counts(text: str) -> dict[str, int]:
    """Return {kind: count} read from the legend block of a rendered page."""
    return {kind: int(count) for kind, count in re.findall(
        r'<li data-kind="([^"]+)">.*?<span class="kg-count">(\d+)</span></li>', text)}


@pytest.mark.parametrize("module", [kg.render, views, page_html])
def test_views_docstring_examples_run(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("hops, expected", [
    (0, {"ex:ada"}),
    (1, {"ex:ada", "ex:bob", "ex:cy", "ex:dee", "ex:acme", "ex:uni", "ex:p1"}),
])
def test_views_ego_subgraph_hops_from_owner(graph, hops, expected):
    assert set(ego_subgraph(graph, "ex:ada", hops)) == expected


@pytest.mark.parametrize("hops, expected", [
    (0, {"ex:dee"}),
    (1, {"ex:dee", "ex:ada"}),   # reached against the advised_by direction
    (2, {"ex:dee", "ex:ada", "ex:bob", "ex:cy", "ex:acme", "ex:uni", "ex:p1"}),
])
def test_views_ego_subgraph_ignores_direction(graph, hops, expected):
    assert set(ego_subgraph(graph, "ex:dee", hops)) == expected


def test_views_ego_subgraph_is_simple_undirected_with_attributes(graph):
    ego = ego_subgraph(graph, "ex:ada", 1)
    assert type(ego) is nx.Graph
    assert ego.nodes["ex:bob"]["label"] == "Bob Byron"
    assert ego.edges["ex:ada", "ex:bob"]["weight"] == 3   # a→b and b→a: one fact


def test_views_ego_subgraph_accepts_unique_label(graph):
    assert set(ego_subgraph(graph, "dee de morgan", 0)) == {"ex:dee"}


@pytest.mark.parametrize("node", ["ex:nobody", "Nobody At All"])
def test_views_ego_unknown_node_raises(graph, tmp_path, node):
    with pytest.raises(RenderError, match="no such person"):
        ego_subgraph(graph, node, 1)
    with pytest.raises(RenderError, match="no such person"):
        render_ego(graph, node, tmp_path / "ego.html")
    assert not (tmp_path / "ego.html").exists()


@pytest.mark.parametrize("hops", [-1, 1.5, True])
def test_views_ego_bad_hops_raise(graph, hops):
    with pytest.raises(RenderError, match="hops"):
        ego_subgraph(graph, "ex:ada", hops)


def test_views_ego_ambiguous_label_raises(graph):
    graph.add_node("ex:bob2", label="Bob Byron", kind="person")
    with pytest.raises(RenderError, match="ambiguous"):
        ego_subgraph(graph, "Bob Byron", 1)


def test_views_simple_graph_merges_relations(graph):
    graph.add_edge("ex:bob", "ex:ada", relation="advised_by", weight=1, details=["PhD"])
    edge = views.simple_graph(graph).edges["ex:ada", "ex:bob"]
    assert edge["relations"] == ("advised_by", "coauthored_with")
    assert edge["weight"] == 4
    assert edge["details"] == ["Paper A", "Paper B", "Paper C", "PhD"]


def test_views_coauthor_subgraph_keeps_people_and_coauthorships(graph):
    view = views.coauthor_subgraph(graph)
    assert set(view) == {"ex:ada", "ex:bob", "ex:cy"}
    assert {frozenset(e) for e in view.edges} == {
        frozenset({"ex:ada", "ex:bob"}), frozenset({"ex:ada", "ex:cy"}),
        frozenset({"ex:bob", "ex:cy"})}


def test_views_employer_subgraph_keeps_people_and_places(graph):
    view = views.employer_subgraph(graph)
    assert set(view) == {"ex:ada", "ex:bob", "ex:acme", "ex:uni"}
    assert view.edges["ex:acme", "ex:ada"]["relation"] == "worked_at"


def test_views_coauthor_view_keeps_lone_owner():
    g = nx.Graph()
    g.add_node("ex:ada", label="Ada", kind="owner")
    g.add_node("ex:bob", label="Bob", kind="person")
    assert set(views.coauthor_subgraph(g)) == {"ex:ada"}


@pytest.mark.parametrize("render", [
    render_coauthors, render_employers,
    lambda g, p: render_ego(g, "ex:ada", p, hops=2),
    lambda g, p: render_network(g, p, title="All"),
])
def test_views_render_is_deterministic(tmp_path, make_graph, render):
    first = render(make_graph(), tmp_path / "a.html").read_bytes()
    shuffled = nx.MultiDiGraph()   # same graph, built in reverse order
    source = make_graph()
    shuffled.add_nodes_from(reversed(list(source.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(source.edges(data=True))))
    assert render(shuffled, tmp_path / "b.html").read_bytes() == first
    assert render(make_graph(), tmp_path / "c.html").read_bytes() == first


def test_views_page_loads_nothing_from_the_network(graph, tmp_path):
    text = render_network(graph, tmp_path / "g.html", title="All").read_text("utf-8")
    assert not re.search(r"""\b(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//|@import""", text, re.I)
    for attrs, _ in SCRIPT.findall(text):
        assert "src" not in attrs
    assert "<link" not in text
    assert "default-src 'none'" in html.unescape(text)


def test_views_csp_hashes_match_the_inline_scripts(graph, tmp_path):
    text = render_network(graph, tmp_path / "g.html", title="All").read_text("utf-8")
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                                  text).group(1))
    code = [body for attrs, body in SCRIPT.findall(text) if "json" not in attrs]
    assert len(code) == 2
    for body in code:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_views_hostile_text_is_escaped(tmp_path, hostile):
    path = render_network(hostile.graph, tmp_path / "h.html", title=hostile.label)
    text = path.read_text("utf-8")
    for raw in ("<script>window.__pwned", "<img src=x", "\u2028"):
        assert raw not in text
    assert f"<title>{html.escape(hostile.label)}</title>" in text
    data = page_data(text)
    evil = next(n for n in data["nodes"] if n["id"] == "ex:evil")
    assert evil["title"].split("\n")[:3] == [hostile.label, "person", hostile.detail]
    assert evil["title"].endswith(f"Sources: {hostile.detail}")
    assert "line\u2028two" in evil["title"]


def test_views_script_json_escapes_script_breakers():
    text = script_json(["</script>", "&amp;", "\u2028\u2029", "'"])
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == ["</script>", "&amp;", "\u2028\u2029", "'"]


def test_views_legend_counts_kinds(graph, tmp_path):
    text = render_network(graph, tmp_path / "g.html", title="All").read_text("utf-8")
    assert legend_counts(text) == {"owner": 1, "person": 3, "organization": 1,
                                   "school": 1, "publication": 1}
    co = render_coauthors(graph, tmp_path / "co.html").read_text("utf-8")
    assert legend_counts(co) == {"owner": 1, "person": 2}


def test_views_legend_can_be_left_out(graph, tmp_path):
    text = render_network(graph, tmp_path / "g.html", title="All", legend=False)
    assert 'id="kg-legend"' not in text.read_text("utf-8")


def test_views_unknown_kind_is_other(tmp_path):
    g = nx.Graph()
    g.add_node("ex:x", label="X", kind="grant")
    g.add_node("ex:y", label="Y")
    text = render_network(g, tmp_path / "g.html", title="T").read_text("utf-8")
    assert legend_counts(text) == {"other": 2}
    assert {n["color"] for n in page_data(text)["nodes"]} == {page_html.OTHER[1]}


def test_views_nodes_coloured_sized_and_titled(graph, tmp_path):
    data = page_data(render_network(graph, tmp_path / "g.html", title="All")
                     .read_text("utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["ex:ada"]["color"] != nodes["ex:bob"]["color"]
    assert nodes["ex:ada"]["size"] == NODE_SIZE[1]       # highest degree
    assert all(NODE_SIZE[0] <= n["size"] <= NODE_SIZE[1] for n in nodes.values())
    assert nodes["ex:bob"]["title"] == ("Bob Byron\nperson\nBob Byron details\n"
                                        "Sources: ada.pdf")
    assert [n["id"] for n in data["nodes"]] == sorted(nodes)
    assert data["options"]["layout"]["randomSeed"] == page_html.LAYOUT_SEED


def test_views_edges_width_by_weight_and_titled(graph, tmp_path):
    data = page_data(render_coauthors(graph, tmp_path / "co.html").read_text("utf-8"))
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    strong, weak = edges["ex:ada", "ex:bob"], edges["ex:ada", "ex:cy"]
    assert strong["width"] > weak["width"] == EDGE_WIDTH[0]
    assert strong["title"] == ("Ada Lovelace — Bob Byron\ncoauthored_with (weight 3)\n"
                               "Paper A\nPaper B\nPaper C\nSources: ada.pdf")


@pytest.mark.parametrize("weight, width", [(1, 1.0), (2, 3.0), (4, 5.0), (10_000, 8.0)])
def test_views_edge_width_is_bounded(weight, width):
    assert page_html.edge_width(weight) == width


def test_views_long_details_are_capped():
    g = nx.Graph()
    g.add_node("ex:a", label="A", kind="person", details=[f"d{i}" for i in range(50)])
    title = page_html.node_title(g, "ex:a")
    assert title.count("\n") == page_html.MAX_LINES + 1
    assert title.endswith("… and 39 more")


def test_views_big_graph_freezes_physics(tmp_path, make_chain):
    data = page_data(render_coauthors(make_chain(350), tmp_path / "big.html")
                     .read_text("utf-8"))
    assert len(data["nodes"]) == 350 and data["freeze"] is True
    small = page_data(render_coauthors(make_chain(20), tmp_path / "small.html")
                      .read_text("utf-8"))
    assert small["freeze"] is False


def test_views_empty_view_renders_a_note(tmp_path):
    text = render_network(nx.Graph(), tmp_path / "e.html", title="Empty").read_text("utf-8")
    assert "This view has no nodes." in text
    assert page_data(text)["options"]["physics"]["enabled"] is False


def test_views_render_creates_parent_dirs(graph, tmp_path):
    out = render_coauthors(graph, tmp_path / "deep" / "er" / "co.html")
    assert out.is_file()


def test_views_render_unwritable_path_raises(graph, tmp_path):
    with pytest.raises(RenderError, match="cannot write"):
        render_coauthors(graph, tmp_path)   # a directory, not a file
