"""NetworkX projections of the RDF graph, read from the graph itself (so a graph loaded
from Turtle projects the same as one just built).

Node attributes: ``label``, ``kind`` (owner, person, organization, school, publication),
``details`` (hover lines) and ``sources`` (file names). Edge attributes: ``relation``,
``weight``, ``details``, ``sources``; employer edges also ``kinds`` (employment,
internship, assistantship, study). This is the contract ``kg.render`` draws from, with
:func:`talent_flow_graph` (organizations linked by the people who moved between them) and
:func:`careers` (each person's positions and degrees, for a timeline).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.graph.vocab import KG

# kg:positionKind values drawn apart from employment in the employer view; others are employment.
_LINK_KINDS = {"internship": "internship", "assistantship": "assistantship"}
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
            kinds = {_link_kind(graph, r) for r in records} or {"study" if cls == KG.Degree else "employment"}
            if out.has_edge(str(person), str(org)):
                edge = out.edges[str(person), str(org)]
                edge["relation"] = "worked_at"
                edge["details"] = sorted(set(edge["details"]) | set(details))
                edge["kinds"] = tuple(sorted(set(edge["kinds"]) | kinds))
                edge["weight"] += 1
            else:
                out.add_edge(str(person), str(org), relation=relation, weight=1, details=details,
                             sources=sources, kinds=tuple(sorted(kinds)))
    return out


def _link_kind(graph: Graph, record) -> str:
    """employment, internship, assistantship (a position's kind) or study (a degree)."""
    if (record, RDF.type, KG.Degree) in graph:
        return "study"
    return _LINK_KINDS.get(str(graph.value(record, KG.positionKind)), "employment")


def _date_key(value) -> tuple[int, int]:
    """(year, month) of a gYear / gYearMonth / date literal; (0, 0) when unreadable."""
    parts = str(value or "").split("-")
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return 0, 0


def careers(graph: Graph) -> list[dict]:
    """Each person's positions and degrees in date order, for a timeline: dicts with
    ``id``, ``label``, ``kind`` and ``records`` (``kind``, ``what``, ``org``, ``org_id``, ``start``,
    ``end``, ``current``; dates as written, ``YYYY`` or ``YYYY-MM``). People by label."""
    people = []
    for person in set(graph.subjects(RDF.type, KG.Person)):
        records = []
        for record in graph.subjects(KG.holder, person):
            org = graph.value(record, KG.organization)
            if org is None:
                continue
            current = graph.value(record, KG.current)
            start, end = graph.value(record, KG.startDate), graph.value(record, KG.endDate)
            what = graph.value(record, KG.title) or graph.value(record, KG.degreeName)
            records.append({"kind": _link_kind(graph, record), "what": str(what or ""),
                            "org": _label(graph, org), "org_id": str(org), "start": str(start or ""), "end": str(end or ""),
                            "current": bool(current is not None and current.toPython())})
        if records:
            records.sort(key=lambda r: (_date_key(r["start"] or r["end"]), _date_key(r["end"]),
                                        r["org"], r["what"], r["kind"]))
            kind = "owner" if (person, KG.describedBy, None) in graph else "person"
            people.append({"id": str(person), "label": _label(graph, person), "kind": kind,
                           "records": records})
    return sorted(people, key=lambda p: (p["label"].casefold(), p["id"]))


def talent_flow_graph(graph: Graph) -> nx.DiGraph:
    """Organizations linked by people who moved between them: an edge A -> B for each person
    whose next position or degree (by start date) after one at A was at B. ``weight`` is
    the number of people, ``details`` says who and when. Undated records are left out."""
    moves: dict[tuple[str, str], set[str]] = defaultdict(set)
    for person in careers(graph):
        stints = [r for r in person["records"] if r["start"] or r["end"]]
        for before, after in zip(stints, stints[1:]):
            if before["org_id"] == after["org_id"]:
                continue
            when = f"{before['start'] or before['end']} → {after['start'] or after['end']}"
            moves[(before["org_id"], after["org_id"])].add(f"{person['label']} ({when})")
    out = nx.DiGraph()
    for (a, b), who in sorted(moves.items()):
        for node in (a, b):
            if node not in out:
                out.add_node(node, **_node_attrs(graph, URIRef(node)))
        out.add_edge(a, b, relation="moved_to", weight=len(who), details=sorted(who), sources=[])
    return out
