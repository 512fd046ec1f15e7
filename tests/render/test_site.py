"""All views of a build, the index page, communities and link kinds, without a browser."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import RenderError
from kg.render import render_all, render_coauthors, render_employers
from kg.render.html import left_out_note
from kg.render.html import page_data as build_data
from kg.render.style import LINK_KINDS, communities, community_colours, link_kind
from tests.render.test_views import page_data

PAGES = ["coauthors.html", "employers.html", "talent-flow.html", "timeline.html"]


@pytest.fixture(scope="module")
def sample_build():
    return kg.build()


@pytest.fixture(scope="module")
def written(sample_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return out, render_all(sample_build.graph, out, warnings=["a.txt: <b>bad</b>"])


def test_site_writes_every_view_ego_pages_and_index(written):
    out, pages = written
    names = [p.relative_to(out).as_posix() for p in pages]
    assert names[:4] == PAGES and names[-1] == "index.html"
    assert len([n for n in names if n.startswith("ego/")]) == 7       # one per sample CV owner
    index = (out / "index.html").read_text("utf-8")
    for name in names[:-1]:
        assert f'href="{name}"' in index
    assert "a.txt: &lt;b&gt;bad&lt;/b&gt;" in index and "<script" not in index


def test_site_is_byte_identical_across_runs(sample_build, written, tmp_path):
    out, pages = written
    again = render_all(sample_build.graph, tmp_path, warnings=["a.txt: <b>bad</b>"])
    for first, second in zip(pages, again):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_site_single_views_and_errors(sample_build, tmp_path):
    assert [p.name for p in render_all(sample_build.graph, tmp_path, view="talent-flow")] == ["talent-flow.html"]
    with pytest.raises(RenderError, match="unknown view"):
        render_all(sample_build.graph, tmp_path, view="nope")
    with pytest.raises(RenderError, match="needs --person"):
        render_all(sample_build.graph, tmp_path, view="ego")


def test_site_cli_render_writes_timeline(tmp_path, sample_build):
    graph = tmp_path / "graph.ttl"
    kg.export(sample_build.graph, graph)
    result = CliRunner().invoke(main, ["render", "--graph", str(graph), "--view", "timeline",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("timeline.html")


def test_site_coauthors_coloured_by_community(sample_build, tmp_path):
    view = sample_build.coauthors()
    groups = communities(view)
    assert sum(len(g) for g in groups) == view.number_of_nodes()
    assert groups == communities(view.copy())
    colours = community_colours(groups)
    data = page_data(render_coauthors(view, tmp_path / "co.html").read_text("utf-8"))
    drawn = {n["id"]: n["color"] for n in data["nodes"]}
    owner = "https://w3id.org/kg-cv/id/person/ada-nkechi-okafor"
    assert drawn[owner] == {"background": colours[owner], "border": "#222222"}
    assert len({colours[n] for n in view}) == len([g for g in groups if len(g) > 1])
    assert "Ada Nkechi Okafor +" in (tmp_path / "co.html").read_text("utf-8")


def test_site_employer_links_coloured_by_kind(sample_build, tmp_path):
    data = page_data(render_employers(sample_build.employers(), tmp_path / "e.html").read_text("utf-8"))
    colours = {e["color"]["color"] for e in data["edges"]}
    assert colours == {colour for _, colour in LINK_KINDS.values()}
    assert link_kind(("study", "employment")) == "employment"
    assert link_kind(("assistantship", "study")) == "assistantship"


def test_site_talent_flow_arrows_in_time_order(sample_build, tmp_path):
    from kg.graph.to_networkx import talent_flow_graph

    flow = talent_flow_graph(sample_build.graph)
    labels = {(flow.nodes[a]["label"], flow.nodes[b]["label"]) for a, b in flow.edges()}
    assert ("Massachusetts Institute of Technology", "Max Planck Institute for Solid State Research") in labels
    assert ("Max Planck Institute for Solid State Research", "University of Toronto") in labels
    data = page_data(render_all(sample_build.graph, tmp_path, view="talent-flow")[0].read_text("utf-8"))
    assert {e["arrows"] for e in data["edges"]} == {"to"}
    edge = next(e for e in data["edges"] if e["title"].startswith("Massachusetts Institute of Technology — Max Planck"))
    assert "Ada Nkechi Okafor (2012-03 → 2015-06)" in edge["title"]


def test_site_big_page_has_positions_and_says_what_it_left_out(make_chain, tmp_path):
    graph = make_chain(400)
    data = build_data(graph, limit=350)
    assert len(data["nodes"]) == 350 and len(data["more"]["nodes"]) == 50
    assert all(isinstance(n["x"], int) for n in data["nodes"] + data["more"]["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert len(data["edges"]) + len(data["more"]["edges"]) == graph.number_of_edges()
    text = render_coauthors(graph, tmp_path / "big.html", limit=350).read_text("utf-8")
    assert re.search(r"Left out: 50 nodes and \d+ links", text)


def test_site_big_page_draws_the_heaviest_links_first(make_chain):
    graph = make_chain(400)              # owner links weigh 1-4, chain links 1
    data = build_data(graph, edge_limit=300)
    assert len(data["nodes"]) == 400 and not data["more"]["nodes"]
    assert len(data["edges"]) == 300
    lightest_drawn = min(e["weight"] for e in data["edges"])
    assert all(e["weight"] <= lightest_drawn for e in data["more"]["edges"])
    assert "and the 300 heaviest links between them" in left_out_note(data)


def test_site_page_holds_at_most_its_link_budget(make_chain, monkeypatch):
    import kg.render.html as page_html

    monkeypatch.setattr(page_html, "MAX_EDGES_IN_PAGE", 100)
    graph = make_chain(400)
    data = build_data(graph)
    assert len(data["edges"]) + len(data["more"]["edges"]) == 100
    assert data["dropped"] == graph.number_of_edges() - 100
    assert min(e["weight"] for e in data["edges"]) >= 2      # the owner's heavier links
    owner = next(n for n in data["nodes"] if n["id"] == "ex:owner")
    assert owner["size"] == page_html.BIG_NODE_SIZE[1]          # sized by its real degree
    assert "Not in this page at all: the 697 lightest links" in left_out_note(data)


def test_site_coauthor_view_cuts_to_its_link_budget_before_folding(make_chain, monkeypatch, tmp_path):
    """Past the page's link budget the coauthor view keeps the heaviest links before it
    folds, colours and lays out the graph (millions of pairs would take minutes), and the
    page still says how many it left out and sizes people by all their links."""
    import kg.render as render
    from kg.render.views import coauthor_subgraph

    monkeypatch.setattr(render, "MAX_EDGES_IN_PAGE", 100)
    graph = make_chain(400)
    view = coauthor_subgraph(graph, most=100)
    assert view.number_of_edges() == 100 and view.graph["dropped"] == graph.number_of_edges() - 100
    assert min(w for *_, w in view.edges(data="weight")) >= 2
    assert view.nodes["ex:owner"]["degree"] == graph.degree("ex:owner")
    assert coauthor_subgraph(graph).graph["dropped"] == 0
    text = render_coauthors(graph, tmp_path / "co.html").read_text("utf-8")
    assert f"Not in this page at all: the {graph.number_of_edges() - 100:,} lightest links" in text
    assert f"{graph.number_of_edges()} links" in text


def test_site_ego_view_of_a_hub_keeps_the_centres_links_and_the_heaviest_others(make_chain, tmp_path):
    from kg.render.views import ego_subgraph

    graph = make_chain(400)
    whole = ego_subgraph(graph, "ex:p010", hops=2)
    part = ego_subgraph(graph, "ex:p010", hops=2, most=50)
    assert whole.number_of_nodes() == part.number_of_nodes() == 400
    assert part.number_of_edges() == 50 and part.graph["dropped"] == whole.number_of_edges() - 50
    assert all(part.has_edge("ex:p010", n) for n in whole["ex:p010"])   # the centre's own links stay
    kept = [w for u, v, w in part.edges(data="weight") if "ex:p010" not in (u, v)]
    lost = [w for u, v, w in whole.edges(data="weight") if "ex:p010" not in (u, v) and not part.has_edge(u, v)]
    assert min(kept) >= max(lost)
    assert part.nodes["ex:owner"]["degree"] == whole.degree("ex:owner")
    roomy = ego_subgraph(graph, "ex:p010", hops=2, most=10_000)
    assert sorted(roomy.edges(data=True), key=repr) == sorted(whole.edges(data=True), key=repr)
