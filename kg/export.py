"""Serializers: Turtle, N-Triples, JSON-LD, TriG, GraphML and the facts TSV.

Every writer is deterministic: the same graph gives the same bytes (sorted triples and
nodes, no blank nodes, no timestamps), and every file is written atomically (a temporary
file beside it, then a rename) so an interrupted run leaves the previous file intact.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from kg.errors import GraphError
from kg.graph.to_networkx import full_graph
from kg.queries import format_result, run_query

FORMATS = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig",
           "graphml": ".graphml", "tsv": ".tsv"}


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise GraphError(f"{path}: cannot write ({error.strerror})") from None
    return path


def turtle(graph: Graph) -> str:
    return graph.serialize(format="turtle")


def ntriples(graph: Graph) -> str:
    lines = sorted(line for line in graph.serialize(format="nt").split("\n") if line.strip())  # not splitlines: U+2028 may stand in a literal
    return "\n".join(lines) + "\n"


def jsonld(graph: Graph) -> str:
    context = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces()) if prefix}
    data = json.loads(graph.serialize(format="json-ld", context=context))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    nodes.sort(key=lambda n: n.get("@id", ""))
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def trig(dataset: Dataset) -> str:
    return dataset.serialize(format="trig")


def facts_tsv(graph: Graph) -> str:
    """The direct facts as ``subject  relation  object`` rows with a header, via SPARQL."""
    return format_result(run_query(graph, "facts"), "tsv") + "\n"


def graphml(graph: Graph) -> str:
    """The NetworkX projection as GraphML (lists joined with "; " for Gephi and Cytoscape)."""
    projection = nx.MultiDiGraph()
    network = full_graph(graph)
    for node, data in sorted(network.nodes(data=True)):
        projection.add_node(node, **_flat(data))
    for a, b, key, data in sorted(network.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        projection.add_edge(a, b, key=key, **_flat(data))
    return "\n".join(nx.generate_graphml(projection)) + "\n"


def _flat(data: dict) -> dict:
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in data.items()}


def export(graph: Graph, path: str | Path, fmt: str | None = None, dataset: Dataset | None = None) -> Path:
    """Write ``graph`` to ``path`` in ``fmt`` (guessed from the suffix when omitted)."""
    path = Path(path)
    fmt = fmt or next((f for f, suffix in FORMATS.items() if path.suffix == suffix), None)
    if fmt not in FORMATS:
        raise GraphError(f"{path}: unknown export format (use one of {', '.join(FORMATS)})")
    if fmt == "trig":
        return write_atomic(path, trig(dataset if dataset is not None else _as_dataset(graph)))
    writers = {"turtle": turtle, "ntriples": ntriples, "jsonld": jsonld, "graphml": graphml, "tsv": facts_tsv}
    return write_atomic(path, writers[fmt](graph))


def _as_dataset(graph: Graph) -> Dataset:
    dataset = Dataset()
    for prefix, ns in graph.namespaces():
        dataset.bind(prefix, ns)
    default = dataset.default_graph
    for triple in graph:
        default.add(triple)
    return dataset
