"""Render stage in Debian's Chromium: pages draw offline, hostile text stays text."""
from __future__ import annotations

import pytest

from kg.render import render_coauthors, render_network

pytestmark = pytest.mark.browser

NODE_CENTRE_JS = """id => {
  const point = network.canvasToDOM(network.getPositions([id])[id]);
  const box = document.getElementById('mynetwork').getBoundingClientRect();
  return [point.x + box.left, point.y + box.top];
}"""


def hover_text(page, node_id: str) -> tuple[str, int]:
    """Hover a node; return the tooltip's text and how many non-<br> elements it holds."""
    page.mouse.move(*page.evaluate(NODE_CENTRE_JS, node_id))
    tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=3000)
    elements = tooltip.evaluate("t => t.querySelectorAll(':not(br)').length")
    return tooltip.inner_text(), elements


def test_browser_draws_network_offline(open_page, make_chain, tmp_path):
    opened = open_page(render_coauthors(make_chain(40), tmp_path / "co.html"))
    page = opened.page
    assert page.evaluate("network.body.data.nodes.length") == 40
    assert page.evaluate("nodes.length") == 40
    assert page.evaluate("Object.keys(network.body.nodes).length") == 40
    width, height = page.evaluate(
        "() => { const c = document.querySelector('#mynetwork canvas');"
        " return [c.width, c.height]; }")
    assert width > 500 and height > 300
    assert opened.blocked == []
    assert opened.errors == []


def test_browser_hostile_text_stays_text(open_page, hostile, tmp_path):
    opened = open_page(render_network(hostile.graph, tmp_path / "h.html",
                                      title=hostile.label))
    page = opened.page
    assert page.title() == hostile.label
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("nodes.get('ex:evil').label") == hostile.label
    text, elements = hover_text(page, "ex:evil")
    assert text.splitlines()[:3] == [hostile.label, "person", hostile.detail]
    assert elements == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.blocked == [] and opened.errors == []


def test_browser_csp_blocks_injected_markup(open_page, hostile, tmp_path):
    """Even markup injected by some future bug could neither run nor fetch."""
    opened = open_page(render_network(hostile.graph, tmp_path / "h.html", title="T"))
    page = opened.page
    page.evaluate("""() => document.body.insertAdjacentHTML('beforeend',
        '<img src="https://example.org/x.png" onerror="window.__pwned=3">')""")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert all(url.startswith("https://example.org") for url in opened.blocked)


def test_browser_legend_lists_kinds(open_page, graph, tmp_path):
    page = open_page(render_network(graph, tmp_path / "g.html", title="All")).page
    legend = page.locator("#kg-legend")
    assert legend.is_visible()
    rows = legend.locator("li").evaluate_all(
        "items => items.map(li => [li.dataset.kind,"
        " li.querySelector('.kg-count').textContent])")
    assert rows == [["owner", "1"], ["person", "3"], ["organization", "1"],
                    ["school", "1"], ["publication", "1"]]
    colours = legend.locator(".kg-swatch").evaluate_all(
        "items => items.map(s => getComputedStyle(s).backgroundColor)")
    assert len(set(colours)) == 5


@pytest.mark.parametrize("name", ["coauthors", "network"])
def test_browser_screenshot(open_page, make_chain, make_graph, artifacts, tmp_path, name):
    """Save pictures to look at: a 50-person co-author page and the full sample graph."""
    if name == "coauthors":
        path = render_coauthors(make_chain(50), tmp_path / "co.html")
    else:
        path = render_network(make_graph(), tmp_path / "all.html", title="Sample CV graph")
    page = open_page(path).page
    shot = artifacts / f"{name}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_browser_big_graph_settles_then_freezes(open_page, make_chain, tmp_path):
    page = open_page(render_coauthors(make_chain(320), tmp_path / "big.html")).page
    assert page.evaluate("nodes.length") == 320
    assert page.evaluate("network.physics.options.enabled") is False
