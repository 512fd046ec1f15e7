"""Benchmark: how fast co-author pages of 1k, 5k and 10k people draw and settle in Chromium.

    .venv/bin/python -m tests.bench.bench_views                 # sizes 1000 5000 10000
    .venv/bin/python -m tests.bench.bench_views --sizes 1000 --pyvis-cap 60 --out output/bench

For each size it builds a co-author graph, writes kg's page (``kg.render.render_coauthors``)
and a plain pyvis page of the same graph (pyvis defaults, physics on; vis-network inlined
so it runs offline), opens both in headless Chromium with every network request aborted,
and reports:

- Python: layout time and total time to write kg's page, page size;
- kg page: time from navigation start until the network is drawn and settled
  (``kgTimings.settled``), then the time to draw everything after ticking "show all",
  and the time one zoom step takes to redraw with everything drawn;
- kg page with no limits (every node and link drawn at load): time until drawn and settled;
- pyvis page: time to write it (see :func:`pyvis_page`) and until vis-network reports
  ``stabilizationIterationsDone`` (capped: ">cap" when it has not by then).

The graphs come from the synthetic corpus: ``kg.synth`` writes 0.72 CVs per person wanted
(txt and md, seed 1), ``kg.build`` reads them, and each size takes the first N people of
the co-author graph in breadth-first order from the most linked person of each component,
largest components first. The built co-author graph is cached in ``--out``. Without
kg.synth, the stand-in below is used (research communities publishing together, some
cross-community papers, a CV owner in each community). Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.render import render_coauthors
from kg.render.layout import positions
from kg.render.views import coauthor_subgraph

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PYVIS_HOOK = """
Object.defineProperty(window, "network", {configurable: true, get() { return this.__kgNet; },
  set(value) { this.__kgNet = value;
    const stable = () => { if (!window.__kgStable) window.__kgStable = performance.now(); };
    value.on("stabilized", stable);
    value.on("stabilizationIterationsDone", stable);
    value.on("afterDrawing", () => { window.__kgDrawn = window.__kgDrawn || performance.now(); }); }});
"""


def standin_coauthors(people: int, seed: int = 1) -> nx.Graph:
    """A co-author graph shaped like the synthetic corpus: communities of 6-40 people who
    write papers together (3-6 authors), a few papers across communities."""
    rng = random.Random(f"kg-bench/{seed}/{people}")
    graph, members, start = nx.Graph(), [], 0
    while start < people:
        size = min(people - start, rng.randint(6, 40))
        members.append(list(range(start, start + size)))
        start += size
    for person in range(people):
        graph.add_node(f"ex:p{person:05d}", label=f"Person {person:05d}", kind="person",
                       details=[f"Researcher, Organization {person % 997} (20{person % 20:02d}–present)"],
                       sources=[f"cv{person // 7:05d}.txt"])
    paper = 0
    for number, group in enumerate(members):
        graph.nodes[f"ex:p{group[0]:05d}"]["kind"] = "owner"
        for _ in range(max(1, len(group) * 3 // 4)):
            authors = rng.sample(group, min(len(group), rng.randint(3, 6)))
            if rng.random() < 0.15:
                authors.append(rng.randrange(people))
            _paper(graph, authors, f"Paper {paper} on topic {number}")
            paper += 1
    return graph


def _paper(graph: nx.Graph, authors: list[int], title: str) -> None:
    names = sorted({f"ex:p{a:05d}" for a in authors})
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if graph.has_edge(a, b):
                graph.edges[a, b]["weight"] += 1
                graph.edges[a, b]["details"].append(title)
            else:
                graph.add_edge(a, b, relation="coauthored_with", weight=1, details=[title], sources=[])


def first_people(graph: nx.Graph, people: int) -> nx.Graph:
    """The first ``people`` nodes breadth-first from each component's most linked node."""
    from kg.render.layout import components

    picked: list[str] = []
    for part in components(graph):
        hub = min(part, key=lambda n: (-graph.degree(n), n))
        picked += [hub] + [v for _, v in nx.bfs_edges(graph, hub, sort_neighbors=sorted)]
        if len(picked) >= people:
            break
    return graph.subgraph(picked[:people]).copy()


CVS_PER_PERSON = 0.72   # synthetic CVs per person wanted in the co-author graph (6,000 CVs gave 9,109)


def synth_coauthors(people: int, cache: Path) -> nx.Graph | None:
    """The co-author graph of a synthetic corpus big enough for ``people``, built once and
    cached in ``cache`` as node-link JSON; None when kg.synth is not installed."""
    try:
        from kg.synth import generate
    except ImportError:
        return None
    import kg

    cvs = max(60, int(people * CVS_PER_PERSON))
    saved = cache / f"synth-{cvs}-coauthors.json"
    if not saved.is_file():
        started = time.perf_counter()
        paths = generate(cvs, cache / f"synth-{cvs}", seed=1, formats="txt,md")
        # all cores, into an on-disk store: one in-memory build of 6,000 CVs took 26 min and 15 GB
        result = kg.build(paths, jobs=os.cpu_count() or 1, store=cache / f"synth-{cvs}-store")
        coauthors = result.coauthors()
        saved.write_text(json.dumps(nx.node_link_data(coauthors, edges="links")), encoding="utf-8")
        print(f"  built {cvs} synthetic CVs in {time.perf_counter() - started:.0f} s: "
              f"{coauthors.number_of_nodes()} people in the co-author graph", file=sys.stderr, flush=True)
    return nx.node_link_graph(json.loads(saved.read_text(encoding="utf-8")), edges="links")


def pyvis_page(graph: nx.Graph, path: Path) -> Path:
    """The same graph as plain pyvis writes it (defaults; vis inlined to run offline).

    The page is what ``Network.from_nx`` gives (width = weight), but edges are appended the
    way ``add_edge`` does without its duplicate scan, which is quadratic in the number of
    links (67 s for 30k links; hours for 200k).
    """
    from pyvis.edge import Edge
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    for node, data in sorted(graph.nodes(data=True)):
        net.add_node(node, label=str(data.get("label", node)), title=str(data.get("label", node)), size=10)
    for u, v, data in sorted(graph.edges(data=True)):
        net.edges.append(Edge(u, v, net.directed, width=data.get("weight", 1)).options)
    path.write_text(net.generate_html(), encoding="utf-8")
    return path


def _open(browser, path: Path, hook: str = ""):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    if hook:
        page.add_init_script(hook)
    page.goto(path.resolve().as_uri(), wait_until="commit", timeout=300_000)
    return context, page


def _poll(page, expression: str, cap: float) -> float | None:
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        page.wait_for_timeout(100)
    return None


# Each step is timed until the page's main thread is free again after the next drawing.
REDRAW_JS = """() => new Promise(done => {
  const t0 = performance.now();
  network.once("afterDrawing", () => setTimeout(() => done(performance.now() - t0), 0));
  network.moveTo({scale: network.getScale() * 1.25});
})"""
SHOW_ALL_JS = """() => new Promise(done => {
  const box = document.getElementById("kg-show-all");
  if (!box) { done(0); return; }
  const t0 = performance.now();
  network.once("afterDrawing", () => setTimeout(() => done(performance.now() - t0), 0));
  box.click();
})"""


def measure_kg(browser, path: Path) -> dict:
    context, page = _open(browser, path)
    settled = _poll(page, "window.kgTimings && kgTimings.settled", 120)
    result = {"settled_s": round(settled / 1000, 2) if settled else None,
              "drawn_nodes": page.evaluate("nodes.length"),
              "redraw_ms": round(page.evaluate(REDRAW_JS))}
    result["show_all_s"] = round(page.evaluate(SHOW_ALL_JS) / 1000, 2)
    result["all_nodes"] = page.evaluate("nodes.length")
    result["redraw_all_ms"] = round(page.evaluate(REDRAW_JS))
    context.close()
    return result


def measure_pyvis(path: Path, cap: float) -> dict:
    """Time a pyvis page in its own process, killed at ``cap`` seconds: a page busy building
    hundreds of thousands of links does not even answer the browser driver."""
    import subprocess

    try:
        done = subprocess.run([sys.executable, "-m", "tests.bench.bench_views", "--pyvis-page",
                               str(path), "--pyvis-cap", str(cap)], capture_output=True, text=True,
                              timeout=cap + 30)
        stable = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
    except subprocess.TimeoutExpired:
        stable = None
    return {"stabilized_s": round(stable / 1000, 1) if stable else None}


def _pyvis_child(path: Path, cap: float) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        _, page = _open(browser, path, PYVIS_HOOK)
        print(json.dumps(_poll(page, "window.__kgStable", cap)), flush=True)
        browser.close()


def run(sizes: list[int], cap: float, out: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as playwright:
        corpus = synth_coauthors(max(sizes), out)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in sizes:
            source = "kg.synth" if corpus is not None else "stand-in"
            graph = first_people(corpus, size) if corpus is not None else standin_coauthors(size)
            view = coauthor_subgraph(graph)
            started = time.perf_counter()
            positions(view)
            layout_s = time.perf_counter() - started
            started = time.perf_counter()
            page = render_coauthors(graph, out / f"coauthors-{size}.html")
            write_s = time.perf_counter() - started
            row = {"people": view.number_of_nodes(), "links": view.number_of_edges(),
                   "source": source, "layout_s": round(layout_s, 2), "write_s": round(write_s, 2),
                   "page_mb": round(page.stat().st_size / 1e6, 1)}
            row.update(measure_kg(browser, page))
            unlimited = render_coauthors(graph, out / f"coauthors-{size}-all.html", limit=size + 1,
                                         edge_limit=view.number_of_edges() + 1)
            row["all_at_load_s"] = measure_kg(browser, unlimited)["settled_s"]
            started = time.perf_counter()
            plain = pyvis_page(graph, out / f"pyvis-{size}.html")
            row["pyvis_write_s"] = round(time.perf_counter() - started, 1)
            row.update(measure_pyvis(plain, cap))
            rows.append(row)
            print(json.dumps(row), flush=True)
        browser.close()
    return rows


def table(rows: list[dict], cap: float) -> str:
    """The README table."""
    lines = ["| people | links | layout (s) | write (s) | page (MB) | **kg: drawn & settled (s)** | "
             "drawn first | show all (s) | zoom redraw, all drawn (ms) | kg, all drawn at load (s) | "
             "pyvis: write (s) | **pyvis: stabilized (s)** | ratio |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        pyvis = r["stabilized_s"]
        ratio = f"{pyvis / r['settled_s']:.0f}×" if pyvis and r["settled_s"] else (
            f">{cap / r['settled_s']:.0f}×" if r["settled_s"] else "?")
        lines.append(f"| {r['people']:,} | {r['links']:,} | {r['layout_s']} | {r['write_s']} | "
                     f"{r['page_mb']} | **{r['settled_s']}** | {r['drawn_nodes']:,} | {r['show_all_s']} | "
                     f"{r['redraw_all_ms']} | {r['all_at_load_s']} | {r['pyvis_write_s']} | "
                     f"**{pyvis if pyvis else f'>{cap:.0f}'}** | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--pyvis-cap", type=float, default=120.0,
                        help="stop waiting for plain pyvis after this many seconds")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-views")
    parser.add_argument("--pyvis-page", type=Path, help=argparse.SUPPRESS)   # the child process
    args = parser.parse_args(argv)
    if args.pyvis_page:
        _pyvis_child(args.pyvis_page, args.pyvis_cap)
        return
    rows = run(args.sizes, args.pyvis_cap, args.out)
    print(table(rows, args.pyvis_cap))


if __name__ == "__main__":
    main()
