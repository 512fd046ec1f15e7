"""Resolved extractions -> an RDF dataset with one named graph per source document.

Every record (position, degree, publication, authorship, advising) is a node with its
provenance (source document, lines, extractor, confidence); the direct edges the simple
questions need (workedAt, studiedAt, coauthoredWith, advisedBy, authorOf) are derived from
the records and live in the same document's graph. No blank nodes: every IRI is derived
from names and content, so the same inputs give the same graph.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from itertools import combinations
from typing import Optional

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.errors import GraphError
from kg.graph.vocab import DEFAULT_BASE, KG, name_key  # noqa: F401  (name_key: kg.graph.to_rdf's too)
from kg.model import Extraction, Provenance, Publication
from kg.resolve.merge import Resolved, slugify
from kg.resolve.orgs import fold, preferred_org_label

NON_EMPLOYMENT = {"volunteer"}
PREFIXES = {"kg": KG._NS, "rdfs": RDFS, "skos": SKOS, "xsd": XSD}
# rdflib's namespaces answer each attribute through Python calls: these are asked for per record
_TYPE, _LABEL, _ALT_LABEL = RDF.type, RDFS.label, SKOS.altLabel


class GraphBuilder:
    """Writes one extraction at a time into its document's named graph."""

    def __init__(self, resolved: Resolved, base: str = DEFAULT_BASE, contacts: bool = False,
                 min_confidence: float = 0.0, dataset=None) -> None:
        self.resolved = resolved
        self.ns = Namespace(base if base.endswith(("/", "#")) else base + "/")
        self.contacts = contacts
        self.min_confidence = min_confidence
        # Any object with rdflib's Dataset.graph(name).add(triple) and bind(); kg.graph.ntriples
        # passes one that keeps each document's triples as N-Triples lines.
        self.dataset = Dataset() if dataset is None else dataset
        # rdflib's Literal, or the sink's own maker of literal terms (kg.graph.ntriples writes
        # each as N-Triples text at once: making rdflib Literals took a third of the lines' time)
        self.literal = getattr(self.dataset, "literal", Literal)
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)
        self.dataset.bind("id", self.ns)

    # ------------------------------------------------------------------ IRIs
    def person_iri(self, checksum: str, written: str) -> URIRef:
        return self.ns[f"person/{self.resolved.person_refs[(checksum, written)]}"]

    def org_iri(self, written: str) -> URIRef:
        return self.ns[f"org/{self.resolved.org_refs[written]}"]

    def doc_iri(self, extraction: Extraction) -> URIRef:
        return self.ns[f"doc/{extraction.document.id}"]

    def publication_iri(self, pub: Publication, extraction: Extraction, index: int) -> URIRef:
        if pub.title:
            key = fold(pub.title)
            digest = hashlib.sha256(f"{key}|{pub.kind == 'patent'}".encode()).hexdigest()[:10]
            return self.ns[f"pub/{slugify(pub.title)[:48]}-{digest}"]
        return self.ns[f"pub/{extraction.document.id}-{index}"]

    # ------------------------------------------------------------------ building
    def add(self, extraction: Extraction) -> None:
        graph = self.dataset.graph(self.doc_iri(extraction))
        doc = self.doc_iri(extraction)
        self._document(graph, extraction, doc)
        owner = self._owner(graph, extraction, doc)
        checksum = extraction.document.checksum
        as_written = self._written_forms(extraction)
        for i, position in enumerate(self._kept(extraction.positions)):
            node = self.ns[f"position/{extraction.document.id}-{i + 1}"]
            org = self._org(graph, position.organization)
            graph.add((node, KG.nameAsWritten, self.literal(as_written[position.organization])))
            self._record(graph, node, KG.Position, position.provenance, doc)
            self._add_all(graph, node, [(KG.organization, org), (KG.positionKind, self.literal(position.kind))]
                          + _dated(position, self.literal) + _texts(self.literal, (KG.title, position.title),
                                                      (KG.location, position.location), (KG.unit, position.unit)))
            if owner is not None:
                graph.add((node, KG.holder, owner))
                if position.kind not in NON_EMPLOYMENT:
                    graph.add((owner, KG.workedAt, org))
        for i, degree in enumerate(self._kept(extraction.degrees)):
            node = self.ns[f"degree/{extraction.document.id}-{i + 1}"]
            org = self._org(graph, degree.institution)
            graph.add((node, KG.nameAsWritten, self.literal(as_written[degree.institution])))
            self._record(graph, node, KG.Degree, degree.provenance, doc)
            self._add_all(graph, node, [(KG.organization, org)] + _dated(degree, self.literal) + _texts(
                self.literal, (KG.degreeName, degree.degree), (KG.field, degree.field),
                (KG.location, degree.location), (KG.unit, degree.unit)))
            for written in degree.advisors:
                advisor = self._person(graph, checksum, written)
                graph.add((node, KG.advisor, advisor))
                if owner is not None and advisor != owner:
                    graph.add((owner, KG.advisedBy, advisor))
            if owner is not None:
                graph.add((node, KG.holder, owner))
                graph.add((owner, KG.studiedAt, org))
        for i, advising in enumerate(self._kept(extraction.advisings)):
            node = self.ns[f"advising/{extraction.document.id}-{i + 1}"]
            advisor = self._person(graph, checksum, advising.advisor)
            self._record(graph, node, KG.Advising, advising.provenance, doc)
            graph.add((node, KG.advisor, advisor))
            graph.add((node, KG.role, self.literal(advising.role)))
            if owner is not None and advisor != owner:
                graph.add((node, KG.holder, owner))
                graph.add((owner, KG.advisedBy, advisor))
        for i, pub in enumerate(self._kept(extraction.publications)):
            self._publication(graph, extraction, pub, i + 1, doc, owner)

    def _written_forms(self, extraction: Extraction) -> dict[str, str]:
        """Each organization name of a CV -> the most complete form that CV writes for its entity.

        The entity's label may come from another CV ("Massachusetts Institute of Technology"
        where this one only writes "MIT"); facts about this CV's owner keep this CV's words.
        """
        names = [r.organization for r in extraction.positions] + [r.institution for r in extraction.degrees]
        by_entity: dict[str, dict[str, int]] = {}
        for name in names:
            counts = by_entity.setdefault(self.resolved.org_refs[name], {})
            counts[name] = counts.get(name, 0) + 1
        return {name: preferred_org_label(by_entity[self.resolved.org_refs[name]]) for name in names}

    def _kept(self, records):
        return [r for r in records if r.provenance.confidence >= self.min_confidence]

    def _document(self, graph: Graph, extraction: Extraction, doc: URIRef) -> None:
        document = extraction.document
        graph.add((doc, _TYPE, KG.Document))
        graph.add((doc, KG.path, self.literal(document.source)))
        graph.add((doc, KG.checksum, self.literal(document.checksum)))
        graph.add((doc, KG.format, self.literal(document.format)))

    def _owner(self, graph: Graph, extraction: Extraction, doc: URIRef) -> Optional[URIRef]:
        found = extraction.owner
        if found is None:
            return None
        owner = self._person(graph, extraction.document.checksum, found.name)
        graph.add((owner, KG.describedBy, doc))
        graph.add((doc, KG.ownerInferredBy, self.literal(found.method)))
        if self.contacts:
            terms = {"email": KG.email, "phone": KG.phone, "url": KG.homepage}
            for contact in found.contacts:
                if contact.kind in terms:
                    graph.add((owner, terms[contact.kind], self.literal(contact.value)))
        return owner

    def _person(self, graph: Graph, checksum: str, written: str) -> URIRef:
        node = self.person_iri(checksum, written)
        entity = self.resolved.person(checksum, written)
        graph.add((node, _TYPE, KG.Person))
        self._names(graph, node, entity.label, written)
        return node

    def _org(self, graph: Graph, written: str) -> URIRef:
        node = self.org_iri(written)
        entity = self.resolved.org(written)
        graph.add((node, _TYPE, KG.Organization))
        self._names(graph, node, entity.label, written)
        return node

    def _names(self, graph: Graph, node: URIRef, label: str, written: str) -> None:
        """The entity's label, the form this CV writes (when another) and the lookup key of each."""
        graph.add((node, _LABEL, self.literal(label)))
        graph.add((node, KG.nameKey, self.literal(name_key(label))))
        if written != label:
            graph.add((node, _ALT_LABEL, self.literal(written)))
            graph.add((node, KG.nameKey, self.literal(name_key(written))))

    def _record(self, graph: Graph, node: URIRef, cls: URIRef, provenance: Provenance, doc: URIRef) -> None:
        graph.add((node, _TYPE, cls))
        graph.add((node, KG.source, doc))
        graph.add((node, KG.firstLine, self.literal(provenance.first_line)))
        graph.add((node, KG.lastLine, self.literal(provenance.last_line)))
        graph.add((node, KG.extractor, self.literal(f"{provenance.extractor}/{provenance.version}")))
        graph.add((node, KG.confidence, self.literal(_decimal(provenance.confidence))))

    def _add_all(self, graph: Graph, node: URIRef, pairs) -> None:
        for predicate, value in pairs:
            graph.add((node, predicate, value))

    def _publication(self, graph: Graph, extraction: Extraction, pub: Publication, index: int,
                     doc: URIRef, owner: Optional[URIRef]) -> None:
        node = self.publication_iri(pub, extraction, index)
        patent = pub.kind == "patent"
        self._record(graph, node, KG.Patent if patent else KG.Publication, pub.provenance, doc)
        graph.add((node, KG.publicationKind, self.literal(pub.kind)))
        self._add_all(graph, node, _texts(self.literal, (KG.title, pub.title), (KG.venue, pub.venue)))
        if pub.year:
            graph.add((node, KG.year, self.literal(pub.year, datatype=XSD.gYear)))
        people: list[URIRef] = []
        for rank, written in enumerate(pub.authors, start=1):
            person = self._person(graph, extraction.document.checksum, written)
            authorship = self.ns[f"authorship/{extraction.document.id}-{index}-{rank}"]
            self._record(graph, authorship, KG.Authorship, pub.provenance, doc)
            self._add_all(graph, authorship, [(KG.publication, node), (KG.author, person),
                                              (KG.rank, self.literal(rank)), (KG.asWritten, self.literal(written))])
            graph.add((person, KG.inventorOf if patent else KG.authorOf, node))
            people.append(person)
        if owner is not None and owner not in people and not patent and people:
            # A CV lists the owner's work: a list without the owner's name (a group author,
            # a consortium poster) still makes its authors the owner's co-authors.
            graph.add((owner, KG.authorOf, node))
            people.append(owner)
        link = KG.coinventorWith if patent else KG.coauthoredWith
        for a, b in combinations(sorted(set(people)), 2):
            graph.add((a, link, b))
            graph.add((b, link, a))

    def merged(self) -> Graph:
        """The union of every document's graph, as one graph."""
        union = Graph()
        for prefix, namespace in self.dataset.namespaces():
            union.bind(prefix, namespace)
        for quad in self.dataset.quads((None, None, None, None)):
            union.add(quad[:3])
        return union


def _dated(record, literal=Literal) -> list[tuple[URIRef, Literal]]:
    pairs = []
    if record.start:
        pairs.append((KG.startDate, _date(record.start, literal)))
    if record.end:
        pairs.append((KG.endDate, _date(record.end, literal)))
    if getattr(record, "current", False):
        pairs.append((KG.current, literal(True)))
    return pairs


def _decimal(value: float) -> Decimal:
    """A confidence as a canonical decimal (``1`` not ``1.0``), the form every RDF store keeps."""
    number = Decimal(str(round(value, 3))).normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral() else number


def _date(value: str, literal=Literal) -> Literal:
    return literal(value, datatype=XSD.gYearMonth if len(value) == 7 else XSD.gYear)


def _texts(literal, *pairs) -> list[tuple[URIRef, Literal]]:
    return [(predicate, literal(value)) for predicate, value in pairs if value]


_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\\x7f]*\Z")


def check_base(base: str) -> str:
    """``base`` when it is an absolute IRI every serializer can write, else a one-line GraphError.

    >>> check_base("https://example.org/id/")
    'https://example.org/id/'
    >>> check_base("not an iri")
    Traceback (most recent call last):
    kg.errors.GraphError: --base 'not an iri': not an absolute IRI (write it like https://example.org/id/)
    """
    if not isinstance(base, str) or not _IRI.match(base):
        raise GraphError(f"--base {base!r}: not an absolute IRI (write it like https://example.org/id/)")
    return base


def build_dataset(resolved: Resolved, base: str = DEFAULT_BASE, contacts: bool = False,
                  min_confidence: float = 0.0) -> tuple[Dataset, Graph]:
    """The per-document dataset and the merged graph for a resolved batch."""
    check_base(base)
    builder = GraphBuilder(resolved, base, contacts, min_confidence)
    for extraction in sorted(resolved.extractions, key=lambda e: e.document.checksum):
        builder.add(extraction)
    return builder.dataset, builder.merged()
