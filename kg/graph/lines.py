"""A read-only graph over N-Triples lines, holding only the predicates the views read.

The NetworkX projections (:class:`kg.graph.to_networkx.Projector`) ask an RDF graph a few
kinds of question: the objects of a subject and predicate, the subjects of a predicate and
object, every pair of a predicate, whether a triple is there. An rdflib ``Graph`` answers
them, but parsing a 10,000-CV graph into one takes minutes and gigabytes. ``LinesGraph``
answers the same questions from the store's sorted lines, with the predicates a view
needs (``VIEW_PREDICATES``) and without the authorship records' types, in two
dictionaries: about a tenth of the time and memory.

    >>> lines = ['<https://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "Ada \\\\"A\\\\"" .']
    >>> graph = LinesGraph(lines)
    >>> from rdflib import URIRef, RDFS
    >>> [str(o) for o in graph.objects(URIRef("https://e.org/a"), RDFS.label)]
    ['Ada "A"']
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator, Optional

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from kg.graph.ntriples import split_line, unescape
from kg.graph.vocab import KG

#: What the projections read: labels, types, records and their sources, dates and kinds.
VIEW_PREDICATES = frozenset(str(p) for p in (
    RDF.type, RDFS.label, KG.title, KG.describedBy, KG.source, KG.path, KG.holder, KG.author,
    KG.organization, KG.startDate, KG.endDate, KG.current, KG.degreeName, KG.positionKind,
    KG.authorOf, KG.workedAt, KG.studiedAt, KG.advisedBy, KG.inventorOf))
#: Types no view asks about, left out (an authorship record per author per paper: most of a graph).
SKIPPED_TYPES = frozenset({str(KG.Authorship)})

class LinesGraph:
    """The triples of ``lines`` (canonical N-Triples) whose predicate is in ``predicates``.

    ``size`` is what ``len()`` reports: the whole graph's triple count, for the pages that
    show it. Lookups answer as rdflib's ``Graph`` does, with rdflib terms.
    """

    def __init__(self, lines: Iterable[str], predicates: Optional[Iterable[str]] = VIEW_PREDICATES,
                 size: Optional[int] = None) -> None:
        wanted = None if predicates is None else {f"<{p}>" for p in predicates}
        skipped = {f"<{t}>" for t in SKIPPED_TYPES}
        rdf_type = f"<{RDF.type}>"
        terms: dict[str, Node] = {}
        self._forward: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self._backward: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        count = 0
        for line in lines:
            count += 1
            subject, predicate, obj = split_line(line)
            if wanted is not None and predicate not in wanted:
                continue
            if predicate == rdf_type and obj in skipped:
                continue
            s, p, o = (terms[text] if text in terms else terms.setdefault(text, _term(text))
                       for text in (subject, predicate, obj))
            self._forward[p][s].append(o)
            self._backward[p][o].append(s)
        self._size = count if size is None else size

    def __len__(self) -> int:
        return self._size

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self._forward.get(predicate, {}).get(subject, ()))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return iter(self._backward.get(predicate, {}).get(obj, ()))

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        for subject, objects in self._forward.get(predicate, {}).items():
            for obj in objects:
                yield subject, obj

    def __contains__(self, triple: tuple) -> bool:
        subject, predicate, obj = triple
        if predicate is None:
            raise TypeError("LinesGraph answers patterns with a predicate only")
        if subject is not None:
            objects = self._forward.get(predicate, {}).get(subject, ())
            return bool(objects) if obj is None else obj in objects
        if obj is not None:
            return bool(self._backward.get(predicate, {}).get(obj))
        return bool(self._forward.get(predicate))


def _term(text: str) -> Node:
    """One canonical N-Triples term as an rdflib term."""
    if text.startswith("<"):
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    end = text.rindex('"')
    body = text[1:end]
    body = unescape(body)
    tail = text[end + 1:]
    if tail.startswith("@"):
        return Literal(body, lang=tail[1:])
    if tail.startswith("^^<"):
        return Literal(body, datatype=URIRef(tail[3:-1]))
    return Literal(body)
