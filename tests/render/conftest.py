"""Fixtures for render tests: a small hand-built graph and an offline Chromium page."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from tests.conftest import need

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
HOSTILE_LABEL = "<script>window.__pwned=1</script>"
HOSTILE_DETAIL = '"><img src=x onerror="window.__pwned=2">'
ARTIFACTS = Path(__file__).resolve().parents[2] / "output" / "test-artifacts"


def add_coauthors(graph: nx.MultiDiGraph, a: str, b: str, papers: list[str]) -> None:
    """Record a co-authorship both ways, as a directed builder might."""
    for u, v in ((a, b), (b, a)):
        graph.add_edge(u, v, relation="coauthored_with", weight=len(papers),
                       details=papers, sources=["ada.pdf"])


def sample_graph() -> nx.MultiDiGraph:
    """Return a small CV graph: an owner, three people, an employer, a school, a paper."""
    g = nx.MultiDiGraph()
    people = {"ada": ("Ada Lovelace", "owner"), "bob": ("Bob Byron", "person"),
              "cy": ("Cy Somerville", "person"), "dee": ("Dee De Morgan", "person")}
    for key, (label, kind) in people.items():
        g.add_node(f"ex:{key}", label=label, kind=kind, sources=["ada.pdf"],
                   details=[f"{label} details"])
    g.add_node("ex:acme", label="Acme Corp", kind="organization", details=[], sources=[])
    g.add_node("ex:uni", label="University of London", kind="school")
    g.add_node("ex:p1", label="Notes on the Analytical Engine", kind="publication")
    add_coauthors(g, "ex:ada", "ex:bob", ["Paper A", "Paper B", "Paper C"])
    add_coauthors(g, "ex:ada", "ex:cy", ["Paper A"])
    add_coauthors(g, "ex:bob", "ex:cy", ["Paper A"])
    g.add_edge("ex:ada", "ex:acme", relation="worked_at", weight=1,
               details=["Staff Scientist, Acme Corp (2019–present)"], sources=["ada.pdf"])
    g.add_edge("ex:bob", "ex:acme", relation="worked_at", weight=1)
    g.add_edge("ex:ada", "ex:uni", relation="studied_at", weight=1)
    g.add_edge("ex:ada", "ex:dee", relation="advised_by", weight=1)
    g.add_edge("ex:ada", "ex:p1", relation="author_of", weight=1)
    return g


def hostile_graph() -> nx.Graph:
    """Return a three-person graph whose CV text tries to inject HTML and script."""
    g = nx.Graph()
    g.add_node("ex:evil", label=HOSTILE_LABEL, kind="person",
               details=[HOSTILE_DETAIL, "line\u2028two"], sources=[HOSTILE_DETAIL])
    g.add_node("ex:ada", label="Ada Lovelace", kind="owner")
    g.add_node("ex:bob", label="Bob", kind="person")
    g.add_edge("ex:evil", "ex:ada", relation="coauthored_with", weight=2,
               details=[HOSTILE_LABEL, HOSTILE_DETAIL])
    g.add_edge("ex:ada", "ex:bob", relation="coauthored_with", weight=1)
    return g


def chain_graph(n: int) -> nx.Graph:
    """Return an owner co-authoring with n-1 people who form a chain (n nodes)."""
    g = nx.Graph()
    g.add_node("ex:owner", label="Owner", kind="owner")
    for i in range(1, n):
        g.add_node(f"ex:p{i:03d}", label=f"Person {i}", kind="person",
                   details=[f"Researcher, Lab {i % 4}"], sources=["owner.pdf"])
        g.add_edge("ex:owner", f"ex:p{i:03d}", relation="coauthored_with",
                   weight=1 + i % 4, details=[f"Paper {i}"])
        if i > 1:
            g.add_edge(f"ex:p{i - 1:03d}", f"ex:p{i:03d}", relation="coauthored_with",
                       weight=1)
    return g


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """The small sample CV graph."""
    return sample_graph()


@pytest.fixture
def make_graph():
    """Factory for fresh copies of the sample CV graph."""
    return sample_graph


@pytest.fixture
def make_chain():
    """Factory: make_chain(n) is an owner plus n-1 co-authors in a chain."""
    return chain_graph


@dataclass
class Hostile:
    """A graph with injection attempts in its text, and the attempts themselves."""
    graph: nx.Graph
    label: str = HOSTILE_LABEL
    detail: str = HOSTILE_DETAIL


@pytest.fixture
def hostile() -> Hostile:
    """The hostile three-person graph."""
    return Hostile(hostile_graph())


@dataclass
class OpenedPage:
    """A page opened offline, with every non-file request and page error recorded."""
    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skips when it is not installed."""
    need(CHROMIUM.exists(), "Debian chromium not installed: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """Return open(path): load a page from file:// with all other requests aborted."""
    contexts = []

    def _open(path: Path) -> OpenedPage:
        context = chromium.new_context(viewport={"width": 1200, "height": 800})
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page)

        def route(request_route):
            url = request_route.request.url
            if url.startswith("file:"):
                request_route.continue_()
            else:
                opened.blocked.append(url)
                request_route.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("console", lambda msg: msg.type == "error"
                and opened.errors.append(msg.text))
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_selector("body[data-kg-ready=true]", timeout=10_000)
        return opened

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    """The git-ignored directory for screenshots, created on demand."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

