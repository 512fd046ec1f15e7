"""Every view kg build writes, in Chromium: the expected nodes are drawn, search focuses a
node, hovers show CV text as text, nothing leaves the page; a screenshot of each view."""
from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.graph.to_networkx import careers, talent_flow_graph
from kg.render.views import coauthor_subgraph, ego_subgraph, employer_subgraph
from tests.render.test_browser import hover_text

pytestmark = pytest.mark.browser

IMG = '"><img src=x onerror="window.__pwned=2">'
BOLD_ORG = "Nordlicht <b>Data</b> GmbH"
HOSTILE_CV = f"""Mara Quist

EXPERIENCE
Staff Engineer {IMG}, Vexa Labs, 2019 - present
Research Engineer, {BOLD_ORG}, 2016 - 2019

EDUCATION
Ph.D. in Computer Science, University of Oslo, 2011 - 2015

PUBLICATIONS
1. M. Quist, B. Evil, and C. Norr. "A study." Journal of Tests, 2021.
2. M. Quist and C. Norr. "Another <i>study</i>." Journal of Tests, 2022.
"""
HOSTILE_FILE = "<img src=x onerror=alert(1)>.txt"


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """The bundled samples built once, with every view written."""
    out = tmp_path_factory.mktemp("views")
    result = kg.build()
    return result, {p.relative_to(out).as_posix(): p for p in kg.write_outputs(result, out)}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A CV whose titles, organization and paper carry markup, and an empty file whose name
    does; built and written once."""
    cvs = tmp_path_factory.mktemp("hostile-cvs")
    (cvs / "cv.txt").write_text(HOSTILE_CV, encoding="utf-8")
    (cvs / HOSTILE_FILE).write_text("", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-views")
    result = kg.build([cvs])
    return result, {p.name: p for p in kg.write_outputs(result, out)}


def _clean(opened) -> None:
    page = opened.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
    assert opened.blocked == [] and opened.errors == []


def _search(page, text: str) -> str:
    page.fill("#kg-search", text)
    page.press("#kg-search", "Enter")
    return page.get_attribute("body", "data-kg-focus")


@pytest.mark.parametrize("name, view", [
    ("coauthors.html", lambda r: coauthor_subgraph(r.coauthors())),
    ("employers.html", lambda r: employer_subgraph(r.employers())),
    ("talent-flow.html", lambda r: talent_flow_graph(r.graph)),
    ("ego/ada-nkechi-okafor.html",
     lambda r: ego_subgraph(r.network(), "https://w3id.org/kg-cv/id/person/ada-nkechi-okafor", 1)),
])
def test_browser_views_draw_search_and_screenshot(open_page, samples, artifacts, name, view):
    result, pages = samples
    expected = view(result)
    opened = open_page(pages[name])
    page = opened.page
    page.screenshot(path=str(artifacts / f"view-{Path(name).stem}.png"))
    assert page.evaluate("nodes.length") == expected.number_of_nodes() > 0
    assert page.evaluate("Object.keys(network.body.nodes).length") == expected.number_of_nodes()
    assert page.evaluate("edges.length") == expected.number_of_edges()
    hub = max(sorted(expected), key=expected.degree)
    label = expected.nodes[hub]["label"]
    assert _search(page, label.lower()) == hub
    assert page.evaluate("network.getSelectedNodes()") == [hub]
    assert page.text_content("#kg-status") == label
    assert _search(page, "no such name at all") is None
    assert page.text_content("#kg-status") == "No match"
    page.uncheck(".kg-kind-filter >> nth=0")
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") > 0
    _clean(opened)


def test_browser_views_timeline_rows_and_search(open_page, samples, artifacts):
    result, pages = samples
    people = [p for p in careers(result.graph) if any(r["start"] or r["end"] for r in p["records"])]
    opened = open_page(pages["timeline.html"])
    page = opened.page
    assert page.locator("g.kg-row").count() == len(people) == 7
    dated = [r for p in people for r in p["records"] if r["start"] or r["end"]]
    assert page.locator("rect.kg-bar").count() == len(dated)    # undated records have no bar
    page.fill("#kg-search", "okafor")
    assert page.locator("g.kg-row").count() == 1
    assert page.locator("g.kg-row text title").text_content() == "Ada Nkechi Okafor"
    page.fill("#kg-search", "")
    page.screenshot(path=str(artifacts / "view-timeline.png"))
    _clean(opened)


def test_browser_views_index_links_every_view(open_page, samples, artifacts):
    result, pages = samples
    opened = open_page(pages["index.html"])
    page = opened.page
    hrefs = page.locator(".kg-views a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert set(hrefs) == set(pages) - {"index.html", "graph.ttl", "graph.trig", "facts.tsv"}
    counts = dict(page.locator("[data-count]").evaluate_all(
        "items => items.map(li => [li.dataset.count, li.querySelector('.kg-count-n').textContent])"))
    assert counts["people"] == str(result.stats()["people"])
    assert page.locator(".kg-top-orgs tbody tr").count() == 10
    assert page.locator(".kg-top-people tbody tr").first.text_content().startswith("Ada Nkechi Okafor")
    page.screenshot(path=str(artifacts / "view-index.png"), full_page=True)
    _clean(opened)


@pytest.mark.parametrize("name, node_label, shown", [
    ("employers.html", BOLD_ORG, BOLD_ORG),
    ("talent-flow.html", BOLD_ORG, BOLD_ORG),
    ("employers.html", "Mara Quist", IMG),
])
def test_browser_views_hover_shows_cv_text_as_text(open_page, hostile, name, node_label, shown):
    _, pages = hostile
    opened = open_page(pages[name])
    page = opened.page
    node = next(n for n in page.evaluate("nodes.get()") if n["title"].split("\n")[0] == node_label)
    text, elements = hover_text(page, node["id"])
    assert shown in text and elements == 0
    _clean(opened)


def test_browser_views_hostile_timeline_and_index_stay_text(open_page, hostile):
    result, pages = hostile
    assert [f.source for f in result.failures] and HOSTILE_FILE in result.failures[0].source
    timeline = open_page(pages["timeline.html"])
    titles = timeline.page.locator("rect.kg-bar title").all_text_contents()
    assert any(IMG in t for t in titles) and any(BOLD_ORG in t for t in titles)
    _clean(timeline)
    index = open_page(pages["index.html"])
    warnings = index.page.locator(".kg-warnings li").all_text_contents()
    assert any(HOSTILE_FILE in w for w in warnings)
    assert index.page.evaluate("document.querySelectorAll('img, script, b').length") == 0
    _clean(index)


def test_browser_views_big_page_draws_largest_first_and_brings_back(open_page, make_chain, tmp_path):
    import networkx as nx

    from kg.render import render_coauthors

    graph = make_chain(400)
    for i in range(20):     # 20 two-person components after the owner's chain of 400
        graph.add_edge(f"ex:x{i:02d}a", f"ex:x{i:02d}b", relation="coauthored_with", weight=1)
        for end in "ab":
            graph.nodes[f"ex:x{i:02d}{end}"].update(label=f"Pair {i} {end}", kind="person")
    opened = open_page(render_coauthors(graph, tmp_path / "big.html", limit=410))
    page = opened.page
    assert page.evaluate("nodes.length") == 410
    assert page.evaluate("network.physics.options.enabled") is False
    assert "Left out: 30 nodes" in page.text_content("#kg-left-out")
    assert page.evaluate("nodes.get('ex:p200').x") is not None
    assert _search(page, "Pair 19 b") == "ex:x19b"                 # a left-out node comes back
    assert page.evaluate("[nodes.length, edges.get().filter(e => e.to === 'ex:x19b').length]") == [411, 0]
    page.check("#kg-show-all")
    assert page.evaluate("[nodes.length, edges.length]") == [440, nx.Graph(graph).number_of_edges()]
    _clean(opened)
