"""NetworkX projections of the RDF graph, read from the graph itself (so a graph loaded
from Turtle projects the same as one just built).

Node attributes: ``label``, ``kind`` (owner, person, organization, school, publication),
``details`` (hover lines) and ``sources`` (file names). Edge attributes: ``relation``,
``weight``, ``details``, ``sources``. This is the contract ``kg.render`` draws from.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.graph.vocab import KG

_RELATIONS = {KG.workedAt: "worked_at", KG.studiedAt: "studied_at", KG.advisedBy: "advised_by",
              KG.authorOf: "author_of", KG.inventorOf: "inventor_of"}


def _label(graph: Graph, node) -> str:
    return str(graph.value(node, RDFS.label) or graph.value(node, KG.title) or node)


def _sources(graph: Graph, node) -> list[str]:
    docs = set(graph.objects(node, KG.describedBy)) | set(graph.objects(node, KG.source))
    for record in graph.subjects(KG.holder, node):
        docs |= set(graph.objects(record, KG.source))
    for record in graph.subjects(KG.author, node):
        docs |= set(graph.objects(record, KG.source))
    for record in graph.subjects(KG.organization, node):
        docs |= set(graph.objects(record, KG.source))
    return sorted({PurePath(str(graph.value(d, KG.path) or d)).name for d in docs})


def _span(record, graph: Graph) -> str:
    start = graph.value(record, KG.startDate)
    end = graph.value(record, KG.endDate)
    current = graph.value(record, KG.current)
    if not (start or end or current):
        return ""
    return f" ({start or '?'}–{'present' if current and current.toPython() else end or '?'})"


def _record_line(graph: Graph, record) -> str:
    org = graph.value(record, KG.organization)
    what = graph.value(record, KG.title) or graph.value(record, KG.degreeName) or graph.value(record, KG.positionKind)
    where = _label(graph, org) if org is not None else ""
    return f"{what + ', ' if what else ''}{where}{_span(record, graph)}"


def _node_attrs(graph: Graph, node) -> dict:
    types = set(graph.objects(node, RDF.type))
    if KG.Person in types:
        kind = "owner" if (node, KG.describedBy, None) in graph else "person"
    elif KG.Organization in types:
        worked = (None, KG.workedAt, node) in graph
        kind = "organization" if worked or (None, KG.studiedAt, node) not in graph else "school"
    else:
        kind = "publication"
    details = sorted({_record_line(graph, r) for r in graph.subjects(KG.holder, node)})
    return {"label": _label(graph, node), "kind": kind, "details": details, "sources": _sources(graph, node)}


def full_graph(graph: Graph) -> nx.MultiDiGraph:
    """Every person, organization and publication, with every direct relation."""
    out = nx.MultiDiGraph()
    for predicate, relation in sorted(_RELATIONS.items()):
        for s, o in sorted(graph.subject_objects(predicate)):
            for node in (s, o):
                if str(node) not in out:
                    out.add_node(str(node), **_node_attrs(graph, node))
            out.add_edge(str(s), str(o), key=relation, relation=relation, weight=1, details=[], sources=[])
    coauthors = coauthor_graph(graph)
    for a, b, data in sorted(coauthors.edges(data=True)):
        for node in (a, b):
            if node not in out:
                out.add_node(node, **coauthors.nodes[node])
        out.add_edge(a, b, key="coauthored_with", **data)
    return out


def coauthor_graph(graph: Graph) -> nx.Graph:
    """People linked by joint publications; weight = number of joint publications."""
    papers: dict[tuple, set] = defaultdict(set)
    for pub in graph.subjects(RDF.type, KG.Publication):
        if (pub, RDF.type, KG.Patent) in graph:
            continue
        authors = sorted(set(graph.subjects(KG.authorOf, pub)))
        for i, a in enumerate(authors):
            for b in authors[i + 1:]:
                papers[(a, b)].add(pub)
    out = nx.Graph()
    for (a, b), pubs in sorted(papers.items()):
        for node in (a, b):
            if str(node) not in out:
                out.add_node(str(node), **_node_attrs(graph, node))
        titles = sorted(_label(graph, p) for p in pubs)
        out.add_edge(str(a), str(b), relation="coauthored_with", weight=len(pubs), details=titles,
                     sources=sorted({s for p in pubs for s in _sources(graph, p)}))
    return out


def employer_graph(graph: Graph) -> nx.Graph:
    """People and the organizations they worked or studied at; edges carry titles and dates."""
    out = nx.Graph()
    for predicate, relation, cls in ((KG.workedAt, "worked_at", KG.Position), (KG.studiedAt, "studied_at", KG.Degree)):
        for person, org in sorted(graph.subject_objects(predicate)):
            for node in (person, org):
                if str(node) not in out:
                    out.add_node(str(node), **_node_attrs(graph, node))
            records = [r for r in graph.subjects(KG.holder, person)
                       if (r, KG.organization, org) in graph and (r, RDF.type, cls) in graph]
            details = sorted({_record_line(graph, r) for r in records})
            sources = sorted({PurePath(str(graph.value(d, KG.path))).name
                              for r in records for d in graph.objects(r, KG.source)})
            if out.has_edge(str(person), str(org)):
                edge = out.edges[str(person), str(org)]
                edge["relation"] = "worked_at"
                edge["details"] = sorted(set(edge["details"]) | set(details))
                edge["weight"] += 1
            else:
                out.add_edge(str(person), str(org), relation=relation, weight=1, details=details, sources=sources)
    return out
