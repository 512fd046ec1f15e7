"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pyshacl)."""
from __future__ import annotations

from importlib.resources import files

from rdflib import Graph


def shapes() -> Graph:
    return Graph().parse(data=files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8"),
                         format="turtle")


def ontology() -> Graph:
    return Graph().parse(data=files("kg.ontology").joinpath("kg.ttl").read_text(encoding="utf-8"),
                         format="turtle")


def validate(graph: Graph) -> tuple[bool, str]:
    """(conforms, report text) of the graph against the shapes."""
    from pyshacl import validate as shacl

    conforms, _, text = shacl(graph, shacl_graph=shapes(), ont_graph=ontology(), inference="none",
                              allow_warnings=True)
    return bool(conforms), str(text)
