"""Turn a view (a simple networkx graph) into one self-contained, offline HTML page.

The page inlines vis-network 9.1.2 as shipped inside pyvis (``pyvis/lib/vis-9.1.2``),
so it opens from ``file://`` with no network. pyvis's own template is not used: it links
Bootstrap and tom-select from CDNs and interpolates options unescaped.

CV text is untrusted, so:
- node and edge data go into a ``<script type="application/json">`` block, written by
  :func:`script_json`, which escapes ``<``, ``>``, ``&``, U+2028 and U+2029;
- the title and the legend go through :func:`html.escape`;
- hover titles are plain strings, which vis-network 9 shows with ``innerText``;
- a Content-Security-Policy allows only the page's own two scripts (by hash) and no
  network at all, as a second line of defence.

Output is deterministic: nodes and edges are sorted, vis's layout seed is fixed, and
nothing depends on time.

Past FREEZE_ABOVE nodes the positions come from :mod:`kg.render.layout` and physics is off,
so the page draws at once; past MAX_DRAWN nodes the page draws the largest components first
and keeps the rest in its data, one click away ("show all"), saying what it left out.
"""
from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import math
import re
from functools import lru_cache
from pathlib import Path

import networkx as nx

from kg.errors import RenderError
from kg.render.layout import LAYOUT_SEED, drawn_first, positions
from kg.render.views import as_lines

# kind -> (legend text, colour). Order is the legend's order; "owner" stands out.
PALETTE: dict[str, tuple[str, str]] = {
    "owner": ("CV owner", "#e15759"),
    "person": ("person", "#4e79a7"),
    "organization": ("organization", "#f28e2b"),
    "school": ("school", "#59a14f"),
    "publication": ("publication", "#b07aa1"),
}
OTHER = ("other", "#9c9c9c")

FREEZE_ABOVE = 300          # nodes: past this, positions are computed here and physics is off
MAX_DRAWN = 2500            # nodes drawn at first; the rest wait behind "show all"
MAX_EDGES_DRAWN = 12_000    # links drawn at first (the heaviest); the rest likewise
MAX_EDGES_IN_PAGE = 60_000  # links a page holds at all (the heaviest); it says how many it lacks
NODE_SIZE = (10.0, 40.0)    # dot radius in px, smallest and largest degree
BIG_NODE_SIZE = (4.0, 18.0)  # the same past FREEZE_ABOVE nodes, where dots are packed tighter
BIG_LABEL_FROM = 14         # past FREEZE_ABOVE nodes, labels show once their text is this big (px)
EDGE_WIDTH = (1.0, 8.0)     # line width in px, weight 1 and the cap
MAX_LABEL = 40              # characters drawn on the canvas; the hover has the rest
MAX_LINES = 12              # detail lines in one hover
BIG_EDGE_LINES = 4          # the same for a link, past FREEZE_ABOVE nodes (keeps big pages small)
MAX_SOURCES = 5             # CV file names in one hover

HERE = Path(__file__).parent
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def script_json(value: object) -> str:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _text(value: object, default: str = "") -> str:
    """Return an attribute as a single string."""
    return default if value is None else str(value)


def _capped(lines: list[str], most: int = MAX_LINES) -> list[str]:
    """Keep at most ``most`` lines, saying how many were left out."""
    if len(lines) <= most:
        return lines
    return lines[:most - 1] + [f"… and {len(lines) - most + 1} more"]


def node_label(graph: nx.Graph, node: str) -> str:
    """Return the display name of ``node``, falling back to the end of its IRI."""
    label = graph.nodes[node].get("label")
    if label:
        return str(label)
    return re.split(r"[/#]", str(node).rstrip("/#"))[-1] or str(node)


def node_title(graph: nx.Graph, node: str) -> str:
    """Return the hover text of a node: label, kind, details, sources (plain text)."""
    data = graph.nodes[node]
    lines = [node_label(graph, node), _text(data.get("kind"), OTHER[0])]
    lines += _capped([line for line in as_lines(data.get("details")) if line.strip()])
    return "\n".join(lines + _sources_line(data))


def _sources_line(data: dict) -> list[str]:
    """The hover's "Sources: a.txt, b.pdf …" line (at most MAX_SOURCES names), or none."""
    sources = as_lines(data.get("sources"))
    if len(sources) > MAX_SOURCES:
        sources = sources[:MAX_SOURCES] + [f"… and {len(sources) - MAX_SOURCES} more"]
    return ["Sources: " + ", ".join(sources)] if sources else []


def edge_title(graph: nx.Graph, u: str, v: str, max_lines: int = MAX_LINES) -> str:
    """Return the hover text of an edge: its ends, relation, weight, details, sources."""
    data = graph.edges[u, v]
    relation = _text(data.get("relation"), "related_to")
    lines = [f"{node_label(graph, u)} — {node_label(graph, v)}",
             f"{relation} (weight {data.get('weight', 1)})"]
    lines += _capped(as_lines(data.get("details")), max_lines)
    return "\n".join(lines + _sources_line(data))


def kind_style(kind: object) -> tuple[str, str]:
    """Return (legend text, colour) for a node kind; unknown kinds are 'other'."""
    return PALETTE.get(kind, OTHER) if isinstance(kind, str) else OTHER


def node_size(degree: int, max_degree: int, sizes: tuple[float, float] = NODE_SIZE) -> float:
    """Scale a node's radius with the square root of its degree, within ``sizes``."""
    low, high = sizes
    if max_degree <= 0:
        return low
    return round(low + (high - low) * math.sqrt(degree / max_degree), 2)


def edge_width(weight: object) -> float:
    """Grow line width with log2(weight): 1 → 1px, 2 → 3px, 4 → 5px, capped."""
    low, high = EDGE_WIDTH
    w = weight if isinstance(weight, (int, float)) and weight >= 1 else 1
    return round(min(high, low + 2.0 * math.log2(w)), 2)


def _short(label: str) -> str:
    """Shorten a label drawn on the canvas to MAX_LABEL characters."""
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1].rstrip() + "…"


def node_records(graph: nx.Graph) -> list[dict]:
    """Return vis-network node objects, sorted by id."""
    degrees = {node: graph.nodes[node].get("degree", d) for node, d in graph.degree()}  # "degree": before a cut
    max_degree = max(degrees.values(), default=0)
    sizes = BIG_NODE_SIZE if graph.number_of_nodes() > FREEZE_ABOVE else NODE_SIZE
    records = []
    for node in sorted(graph, key=str):
        kind = graph.nodes[node].get("kind")
        colour = graph.nodes[node].get("colour")
        record = {"id": node, "label": _short(node_label(graph, node)),
                  "title": node_title(graph, node), "kind": _text(kind, OTHER[0]),
                  "color": colour if isinstance(colour, str) else kind_style(kind)[1],
                  "size": node_size(degrees[node], max_degree, sizes)}
        if kind == "owner":
            record["borderWidth"] = 3
            if isinstance(colour, str):
                record["color"] = {"background": colour, "border": "#222222"}
        records.append(record)
    return records


def edge_records(graph: nx.Graph) -> list[dict]:
    """Return vis-network edge objects with ids e0, e1 …, sorted by their ends.

    A directed graph's edges get arrows, and a pair linked both ways is drawn as two arcs.
    """
    directed = graph.is_directed()
    pairs = sorted(graph.edges() if directed else
                   (tuple(sorted((u, v), key=str)) for u, v in graph.edges()))
    most = BIG_EDGE_LINES if graph.number_of_nodes() > FREEZE_ABOVE else MAX_LINES
    records = []
    for i, (u, v) in enumerate(pairs):
        data = graph.edges[u, v]
        record = {"id": f"e{i}", "from": u, "to": v, "title": edge_title(graph, u, v, most),
                  "relation": _text(data.get("relation"), "related_to"),
                  "weight": data.get("weight", 1), "width": edge_width(data.get("weight", 1))}
        if isinstance(data.get("colour"), str):     # a colour that means something: wider
            record["color"] = {"color": data["colour"], "highlight": "#34495e",
                               "hover": "#34495e"}
            record["width"] = max(record["width"], 2.5)
        if directed:
            record["arrows"] = "to"
            if graph.has_edge(v, u):
                record["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2}
        records.append(record)
    return records


def vis_options(node_count: int) -> dict:
    """Return the vis-network options: seeded physics (off when positions are given),
    hover tooltips, dots."""
    big = node_count > FREEZE_ABOVE
    return {
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": not big},
        "physics": {
            "enabled": 0 < node_count <= FREEZE_ABOVE,
            "solver": "barnesHut" if big else "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110,
                                 "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 200 if big else 400,
                              "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big},
        "nodes": {"shape": "dot", "font": {"size": 14, "face": "sans-serif",
                                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": BIG_LABEL_FROM if big else 5}}},
        "edges": {"smooth": False, "color": {"color": "#a0aab4", "highlight": "#34495e",
                                             "hover": "#34495e"}},
    }


def kind_counts(graph: nx.Graph) -> list[tuple[str, str, str, int]]:
    """Return (kind, legend text, colour, count) for kinds present, in legend order."""
    counts: dict[str, int] = {}
    for _, kind in graph.nodes(data="kind"):
        key = kind if isinstance(kind, str) and kind in PALETTE else OTHER[0]
        counts[key] = counts.get(key, 0) + 1
    order = list(PALETTE) + [OTHER[0]]
    return [(kind, *kind_style(kind), counts[kind]) for kind in order if kind in counts]


def legend_html(graph: nx.Graph, sections: tuple = (), kind_colours: bool = True) -> str:
    """Return the legend block: one colour swatch and count per kind present, then the
    view's own ``sections`` (heading, [(key, text, colour, count)]), e.g. communities.

    With ``kind_colours`` false (nodes coloured by something else) kinds show no colour.
    """
    def swatch(colour: str) -> str:
        return f'<span class="kg-swatch" style="background:{colour}"></span>'

    items = "\n".join(
        f'<li data-kind="{html.escape(kind)}">{swatch(colour if kind_colours else "#ffffff")}'
        f'<span class="kg-kind">{html.escape(text)}'
        f'</span> <span class="kg-count">{count}</span></li>'
        for kind, text, colour, count in kind_counts(graph))
    blocks = [f'<h2>Legend</h2>\n<ul>\n{items}\n</ul>']
    for heading, rows in sections:
        lines = "\n".join(
            f'<li data-key="{html.escape(str(key))}">{swatch(html.escape(colour))}'
            f'<span class="kg-kind">{html.escape(text)}</span> '
            f'<span class="kg-count">{count}</span></li>' for key, text, colour, count in rows)
        blocks.append(f'<h2>{html.escape(heading)}</h2>\n<ul class="kg-section">\n{lines}\n</ul>')
    note = "Dot size: number of links. Line width: weight."
    if not kind_colours:
        note += " Thick border: CV owner."
    return ('<aside id="kg-legend" class="kg-legend" aria-label="Legend">\n'
            + "\n".join(blocks) + f'\n<p class="kg-note">{note}</p>\n</aside>')


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    """Return one of this package's asset files (page.html, page.css, page.js)."""
    return (HERE / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def vis_network_js() -> str:
    """Return vis-network.min.js as vendored by pyvis; RenderError if missing."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RenderError("pyvis is not installed; run `pip install pyvis>=0.3.2`")
    path = Path(spec.submodule_search_locations[0], "lib", "vis-9.1.2", "vis-network.min.js")
    try:
        code = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RenderError(f"{path}: cannot read vis-network ({error.strerror}); "
                          "reinstall pyvis 0.3.2") from error
    if re.search(r"</script|<!--", code, re.IGNORECASE):
        raise RenderError(f"{path}: cannot be inlined, it contains '</script' or '<!--'")
    return code


def _script_hash(code: str) -> str:
    """Return the CSP source expression allowing one inline script."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """Return a CSP that runs only ``scripts`` and loads nothing from anywhere."""
    hashes = " ".join(_script_hash(code) for code in scripts)
    return (f"default-src 'none'; script-src {hashes}; "
            "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")


def canonical(graph: nx.Graph) -> nx.Graph:
    """Return a copy of ``graph`` with nodes and edges inserted in sorted order
    (a DiGraph stays directed)."""
    ordered = nx.DiGraph() if graph.is_directed() else nx.Graph()
    ordered.add_nodes_from((n, graph.nodes[n]) for n in sorted(graph, key=str))
    pairs = sorted(graph.edges() if graph.is_directed()
                   else (tuple(sorted(edge, key=str)) for edge in graph.edges()))
    ordered.add_edges_from((u, v, graph.edges[u, v]) for u, v in pairs)
    return ordered


def page_data(graph: nx.Graph, limit: int = MAX_DRAWN, edge_limit: int = MAX_EDGES_DRAWN,
              dropped: int = 0) -> dict:
    """The JSON the page draws: nodes (with x, y past FREEZE_ABOVE), edges, vis options,
    and under ``more`` what is drawn on request: the nodes past ``limit`` and their edges,
    and the lightest edges between drawn nodes past ``edge_limit``. ``dropped``: links
    the caller already left out of ``graph``."""
    nodes = node_records(graph)
    graph, cut = heaviest_links(graph, MAX_EDGES_IN_PAGE)
    dropped += cut
    edges = edge_records(graph)
    n = graph.number_of_nodes()
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    if n > FREEZE_ABOVE:
        spots = positions(undirected)
        for record in nodes:
            record["x"], record["y"] = spots[record["id"]]
    drawn = set(drawn_first(undirected, limit)) if n > limit else set(graph)
    inside = [e for e in edges if e["from"] in drawn and e["to"] in drawn]
    if len(inside) > edge_limit:
        heaviest = sorted(inside, key=lambda e: (-e["weight"], e["from"], e["to"]))[:edge_limit]
        keep = {e["id"] for e in heaviest}
        inside = [e for e in inside if e["id"] in keep]
    kept = {e["id"] for e in inside}
    return {"nodes": [r for r in nodes if r["id"] in drawn], "edges": inside,
            "more": {"nodes": [r for r in nodes if r["id"] not in drawn],
                     "edges": [e for e in edges if e["id"] not in kept]},
            "options": vis_options(n), "freeze": n > FREEZE_ABOVE, "dropped": dropped}


def heaviest_links(graph: nx.Graph, most: int) -> tuple[nx.Graph, int]:
    """``graph`` with only its ``most`` heaviest links (ties: by ends), and how many it lost.

    A page carries at most MAX_EDGES_IN_PAGE links: past that (a few papers with hundreds of
    authors give hundreds of thousands of pairs) the page would weigh hundreds of megabytes.
    """
    if graph.number_of_edges() <= most:
        return graph, 0
    ranked = sorted(graph.edges(data="weight", default=1),
                    key=lambda e: (-(e[2] if isinstance(e[2], (int, float)) else 1), str(e[0]), str(e[1])))
    slim = graph.__class__()
    slim.add_nodes_from(graph.nodes(data=True))
    slim.add_edges_from((u, v, graph.edges[u, v]) for u, v, _ in ranked[:most])
    return canonical(slim), graph.number_of_edges() - most


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


def left_out_note(data: dict) -> str:
    """The sentence saying what a big page does not draw at first (empty when nothing)."""
    more_nodes, more_edges = len(data["more"]["nodes"]), len(data["more"]["edges"])
    dropped = data.get("dropped", 0)
    if not more_nodes and not more_edges and not dropped:
        return ""
    shown = len(data["nodes"])
    what = (f"the {shown:,} nodes of the largest connected groups, most linked first"
            if more_nodes else f"all {shown:,} nodes")
    note = f"Drawn: {what}, and the {len(data['edges']):,} heaviest links between them."
    if more_nodes or more_edges:
        note += (f" Left out: {_plural(more_nodes, 'node')} and {_plural(more_edges, 'link')} — "
                 "tick “show all” to draw them, or search for a name.")
    if dropped:
        note += (f" Not in this page at all: the {dropped:,} lightest links (the graph has "
                 "them: kg query, kg export).")
    return f'<p id="kg-left-out" class="kg-left-out">{note}</p>'



def controls_html(graph: nx.Graph, data: dict) -> str:
    """Search box, a checkbox per node kind, and "show all" when the page left nodes out."""
    kinds = "".join(
        f'<label><input type="checkbox" class="kg-kind-filter" value="{html.escape(kind)}" '
        f'checked> {html.escape(text)}</label>' for kind, text, _, _ in kind_counts(graph))
    more_nodes, more_edges = len(data["more"]["nodes"]), len(data["more"]["edges"])
    more = f"{more_nodes:,} more nodes" if more_nodes else f"{more_edges:,} more links"
    show_all = (f'<label class="kg-show-all"><input type="checkbox" id="kg-show-all"> show all '
                f'({more})</label>' if more_nodes or more_edges else "")
    return ('<form id="kg-controls" class="kg-controls" role="search">'
            '<input id="kg-search" type="search" list="kg-names" autocomplete="off" '
            'placeholder="Find a person or organization" aria-label="Find a person or organization">'
            '<datalist id="kg-names"></datalist>'
            f'<span class="kg-kinds" aria-label="Show kinds">{kinds}</span>{show_all}'
            '<output id="kg-status" class="kg-status"></output></form>')


def build_page(graph: nx.Graph, title: str, legend: bool = True, *, sections: tuple = (),
               kind_colours: bool = True, limit: int = MAX_DRAWN,
               edge_limit: int = MAX_EDGES_DRAWN, dropped: int = 0) -> str:
    """Return the whole HTML page for a simple graph (undirected, or directed with arrows).

    ``sections`` are extra legend blocks (see :func:`legend_html`); ``limit`` and
    ``edge_limit`` are how many nodes and links the page draws before "show all";
    ``dropped`` how many links of the graph were left out before it got here.
    """
    graph = canonical(graph)
    data = page_data(graph, limit, edge_limit, dropped)
    vis_js, page_js = vis_network_js(), _asset("page.js")
    n, m = graph.number_of_nodes(), graph.number_of_edges() + dropped
    values = {
        "csp": html.escape(content_security_policy([vis_js, page_js])),
        "title": html.escape(title),
        "css": _asset("page.css"),
        "vis_js": vis_js,
        "page_js": page_js,
        "summary": f"{n} node{'s' * (n != 1)}, {m} link{'s' * (m != 1)}",
        "controls": controls_html(graph, data) if n else "",
        "left_out": left_out_note(data),
        "legend": legend_html(graph, sections, kind_colours) if legend else "",
        "empty": "" if n else '<p class="kg-empty">This view has no nodes.</p>',
        "data": script_json(data),
    }
    return fill("page.html", values)


def fill(template: str, values: dict[str, str]) -> str:
    """Fill the ``{{name}}`` placeholders of one of this package's templates with ``values``
    (already escaped: this only pastes). ``{{head}}`` is the pages' shared ``head.html``
    (doctype, charset, Content-Security-Policy, title), whose own placeholders are filled too."""
    text = _asset(template).replace("{{head}}", _asset("head.html").rstrip("\n"), 1)
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)
