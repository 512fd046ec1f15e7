"""Injection: CV text full of script, javascript: URLs, SVG handlers and template syntax, built
and shown in every view in Chromium: it reaches the page as text, nothing runs, nothing loads."""
from __future__ import annotations

import json

import pytest

import kg
from tests.render.test_browser import hover_text

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "javascript:window.__pwned=2",
    '"><svg onload="window.__pwned=3">',
    "{{constructor.constructor('window.__pwned=4')()}}",
    "<img src=x onerror=window.__pwned=5>",
    "</script><script>window.__pwned=6</script>",
    "${window.__pwned=7} #{window.__pwned=8} <%= 9 %>",
    '<img src="https://example.org/x.png"><link rel=stylesheet href="//example.org/s.css">',
    "<iframe src=javascript:window.__pwned=10></iframe>",
]


def _cv() -> str:
    jobs = "\n".join(f"Staff Engineer {p}, Vexa Labs, {2000 + i} - {2001 + i}" for i, p in enumerate(PAYLOADS))
    pubs = "\n".join(f'{i + 1}. M. Quist and C. Norr. "Study {p}." Journal of Tests, {2000 + i}.'
                     for i, p in enumerate(PAYLOADS))
    return f"Mara Quist\n\nEXPERIENCE\n{jobs}\n\nPUBLICATIONS\n{pubs}\n"


def _strings(value) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in _strings(item)]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inject")
    (folder / "cv.txt").write_text(_cv(), encoding="utf-8")
    result = kg.build([folder / "cv.txt"])
    written = kg.write_outputs(result, folder / "out")
    ego = kg.render_views(result.graph, folder / "out", view="ego", person="Mara Quist", hops=2)
    return [p for p in written if p.suffix == ".html"] + ego


def test_injection_every_view_shows_payloads_as_text_and_runs_nothing(open_page, pages):
    names = {p.name for p in pages}
    assert {"coauthors.html", "employers.html", "index.html", "timeline.html", "ego.html"} <= names, names
    seen: set[str] = set()
    for path in pages:
        source = path.read_text(encoding="utf-8")
        assert "<script>window" not in source and "<svg onload" not in source and "<iframe" not in source
        opened = open_page(path)
        page = opened.page
        assert page.evaluate("typeof window.__pwned") == "undefined", path.name
        counts = page.evaluate("""() => ({img: document.querySelectorAll('img').length,
            iframe: document.querySelectorAll('iframe').length,
            handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(
                a => a.name.startsWith('on'))).length,
            external: [...document.querySelectorAll('a[href], link[href]')].filter(
                e => !e.getAttribute('href').startsWith('#') && !e.getAttribute('href').endsWith('.html')).length})""")
        assert counts == {"img": 0, "iframe": 0, "handlers": 0, "external": 0}, (path.name, counts)
        shown = [page.evaluate("document.body.innerText")]
        if page.evaluate("typeof nodes !== 'undefined'"):  # a network page: the data and the hover
            shown += _strings(json.loads(page.evaluate("JSON.stringify([nodes.get(), edges.get()])")))
            owner = next((n for n in page.evaluate("nodes.get()") if n["label"] == "Mara Quist"), None)
            if owner is not None:
                text, elements = hover_text(page, owner["id"])
                assert elements == 0 and "Mara Quist" in text
        seen |= {p for p in PAYLOADS if any(p in text for text in shown)}
        assert page.evaluate("typeof window.__pwned") == "undefined", path.name
        assert not opened.blocked and not opened.errors, (path.name, opened.blocked, opened.errors)
    assert seen == set(PAYLOADS)  # every payload reached a page (as data), none ran
