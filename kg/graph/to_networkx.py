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

from kg.graph.ntriples import term
from kg.graph.vocab import KG

# kg:positionKind values drawn apart from employment in the employer view; others are employment.
_LINK_KINDS = {"internship": "internship", "assistantship": "assistantship"}
_RELATIONS = {KG.workedAt: "worked_at", KG.studiedAt: "studied_at", KG.advisedBy: "advised_by",
              KG.authorOf: "author_of", KG.inventorOf: "inventor_of"}


def _value(graph: Graph, subject, predicate):
    """The object of ``subject`` and ``predicate``; of several, the first in N-Triples order
    (rdflib's ``value`` picks any, so a title written two ways could flip between runs)."""
    objects = list(graph.objects(subject, predicate))
    if len(objects) < 2:
        return objects[0] if objects else None
    return min(objects, key=term)


def _label(graph: Graph, node) -> str:
    return str(_value(graph, node, RDFS.label) or _value(graph, node, KG.title) or node)


def _span(record, graph: Graph) -> str:
    start = _value(graph, record, KG.startDate)
    end = _value(graph, record, KG.endDate)
    current = _value(graph, record, KG.current)
    if not (start or end or current):
        return ""
    return f" ({start or '?'}–{'present' if current and current.toPython() else end or '?'})"


def _record_line(graph: Graph, record) -> str:
    org = _value(graph, record, KG.organization)
    what = _value(graph, record, KG.title) or _value(graph, record, KG.degreeName) or _value(graph, record, KG.positionKind)
    where = _label(graph, org) if org is not None else ""
    return f"{what + ', ' if what else ''}{where}{_span(record, graph)}"


def _as_strings(pair: tuple) -> tuple[str, str]:
    """The sort key of a pair of IRIs: their strings, which order as the terms do, fast."""
    return str(pair[0]), str(pair[1])


class Projector:
    """The NetworkX projections of one RDF graph, sharing their lookups: each node's
    attributes and each document's file name are read once, the coauthor graph and the
    careers are made once, however many views ask.

    ``graph`` is an rdflib ``Graph`` or anything answering the same lookups (``objects``,
    ``subjects``, ``subject_objects``, ``in``), such as :class:`kg.graph.lines.LinesGraph`.
    """

    def __init__(self, graph) -> None:
        self.graph = graph
        self._attrs: dict = {}
        self._files: dict = {}
        self._coauthors: nx.Graph | None = None
        self._careers: list[dict] | None = None

    def _file(self, document) -> str:
        name = self._files.get(document)
        if name is None:
            name = self._files[document] = PurePath(str(_value(self.graph, document, KG.path) or document)).name
        return name

    def sources(self, node) -> list[str]:
        """File names of the documents that state ``node`` or a record about it."""
        graph = self.graph
        docs = set(graph.objects(node, KG.describedBy)) | set(graph.objects(node, KG.source))
        for predicate in (KG.holder, KG.author, KG.organization):
            for record in graph.subjects(predicate, node):
                docs.update(graph.objects(record, KG.source))
        return sorted({self._file(d) for d in docs})

    def node_attrs(self, node) -> dict:
        """``label``, ``kind``, ``details`` (hover lines) and ``sources`` of ``node``."""
        attrs = self._attrs.get(node)
        if attrs is not None:
            return attrs
        graph = self.graph
        types = set(graph.objects(node, RDF.type))
        if KG.Person in types:
            kind = "owner" if (node, KG.describedBy, None) in graph else "person"
        elif KG.Organization in types:
            worked = (None, KG.workedAt, node) in graph
            kind = "organization" if worked or (None, KG.studiedAt, node) not in graph else "school"
        else:
            kind = "publication"
        details = sorted({_record_line(graph, r) for r in graph.subjects(KG.holder, node)})
        attrs = self._attrs[node] = {"label": _label(graph, node), "kind": kind, "details": details,
                                     "sources": self.sources(node)}
        return attrs

    def _add_node(self, out: nx.Graph, node) -> None:
        if str(node) not in out:
            out.add_node(str(node), **self.node_attrs(node))

    def full(self) -> nx.MultiDiGraph:
        """Every person, organization and publication, with every direct relation."""
        graph, out = self.graph, nx.MultiDiGraph()
        for predicate, relation in sorted(_RELATIONS.items()):
            for s, o in sorted(graph.subject_objects(predicate), key=_as_strings):
                self._add_node(out, s)
                self._add_node(out, o)
                out.add_edge(str(s), str(o), key=relation, relation=relation, weight=1, details=[], sources=[])
        coauthors = self.coauthors()
        for a, b, data in sorted(coauthors.edges(data=True)):
            for node in (a, b):
                if node not in out:
                    out.add_node(node, **coauthors.nodes[node])
            out.add_edge(a, b, key="coauthored_with", **data)
        return out

    def coauthors(self) -> nx.Graph:
        """People linked by joint publications; weight = number of joint publications.

        Made once: every call returns the same graph (copy it before changing it)."""
        if self._coauthors is not None:
            return self._coauthors
        graph = self.graph
        papers: dict[tuple, list] = defaultdict(list)
        titles: dict = {}
        terms: dict = {}
        for pub in graph.subjects(RDF.type, KG.Publication):
            if (pub, RDF.type, KG.Patent) in graph:
                continue
            people = {str(a): a for a in graph.subjects(KG.authorOf, pub)}
            if len(people) < 2:
                continue
            terms.update(people)
            titles[pub] = (_label(graph, pub), self.sources(pub))
            authors = sorted(people)  # as strings: sorting rdflib terms calls Python per comparison
            for i, a in enumerate(authors):
                for b in authors[i + 1:]:
                    papers[(a, b)].append(pub)  # each publication once: its authors are a set
        out = nx.Graph()
        for (a, b), pubs in sorted(papers.items()):
            if a not in out:
                out.add_node(a, **self.node_attrs(terms[a]))
            if b not in out:
                out.add_node(b, **self.node_attrs(terms[b]))
            if len(pubs) == 1:
                title, sources = titles[pubs[0]]
                details, sources = [title], list(sources)
            else:
                details = sorted(titles[p][0] for p in pubs)
                sources = sorted({s for p in pubs for s in titles[p][1]})
            out.add_edge(a, b, relation="coauthored_with", weight=len(pubs), details=details, sources=sources)
        self._coauthors = out
        return out

    def employers(self) -> nx.Graph:
        """People and the organizations they worked or studied at; edges carry titles and dates."""
        graph, out = self.graph, nx.Graph()
        for predicate, relation, cls in ((KG.workedAt, "worked_at", KG.Position),
                                         (KG.studiedAt, "studied_at", KG.Degree)):
            for person, org in sorted(graph.subject_objects(predicate), key=_as_strings):
                self._add_node(out, person)
                self._add_node(out, org)
                records = [r for r in graph.subjects(KG.holder, person)
                           if (r, KG.organization, org) in graph and (r, RDF.type, cls) in graph]
                details = sorted({_record_line(graph, r) for r in records})
                sources = sorted({self._file(d) for r in records for d in graph.objects(r, KG.source)})
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

    def careers(self) -> list[dict]:
        """Each person's positions and degrees in date order (see :func:`careers`)."""
        if self._careers is None:
            self._careers = careers(self.graph)
        return self._careers

    def talent_flow(self) -> nx.DiGraph:
        """Organizations linked by the people who moved between them (see :func:`talent_flow_graph`)."""
        moves: dict[tuple[str, str], set[str]] = defaultdict(set)
        for person in self.careers():
            stints = [r for r in person["records"] if r["start"] or r["end"]]
            for before, after in zip(stints, stints[1:]):
                if before["org_id"] == after["org_id"]:
                    continue
                when = f"{before['start'] or before['end']} → {after['start'] or after['end']}"
                moves[(before["org_id"], after["org_id"])].add(f"{person['label']} ({when})")
        out = nx.DiGraph()
        for (a, b), who in sorted(moves.items()):
            self._add_node(out, URIRef(a))
            self._add_node(out, URIRef(b))
            out.add_edge(a, b, relation="moved_to", weight=len(who), details=sorted(who), sources=[])
        return out


def full_graph(graph: Graph) -> nx.MultiDiGraph:
    """Every person, organization and publication, with every direct relation."""
    return Projector(graph).full()


def coauthor_graph(graph: Graph) -> nx.Graph:
    """People linked by joint publications; weight = number of joint publications."""
    return Projector(graph).coauthors()


def employer_graph(graph: Graph) -> nx.Graph:
    """People and the organizations they worked or studied at; edges carry titles and dates."""
    return Projector(graph).employers()


def _link_kind(graph: Graph, record) -> str:
    """employment, internship, assistantship (a position's kind) or study (a degree)."""
    if (record, RDF.type, KG.Degree) in graph:
        return "study"
    return _LINK_KINDS.get(str(_value(graph, record, KG.positionKind)), "employment")


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
            org = _value(graph, record, KG.organization)
            if org is None:
                continue
            current = _value(graph, record, KG.current)
            start, end = _value(graph, record, KG.startDate), _value(graph, record, KG.endDate)
            what = _value(graph, record, KG.title) or _value(graph, record, KG.degreeName)
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
    return Projector(graph).talent_flow()
