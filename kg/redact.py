"""Pseudonymise the people of a graph, to share its structure without names.

``redact(graph, salt)`` returns a copy where every ``kg:Person`` gets a new IRI and label
from a keyed hash (HMAC-SHA256 with ``salt``) of its old IRI, and every string that names
a person or points at one is dropped or replaced: labels, alternative labels and their
lowercase keys, the names authorships record as written, contact details, and the file
paths of the documents (CV file names usually are their owners' names). Organizations,
publications, dates and every edge stay as they were, so the redacted graph has the same
shape as the original.

Why a salted hash: person IRIs are made from names, and an unsalted hash of a name can be
reversed by hashing guesses ("is Ada Okafor in it?"). With a secret salt the pseudonyms
are stable (the same salt gives the same pseudonym, across builds and exports, so two
shared graphs can be joined) yet cannot be tested against guessed names by whoever
receives the graph. Keep the salt private; change it to unlink two releases.

>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import RDF, RDFS
>>> from kg.graph.vocab import KG
>>> g = Graph()
>>> ada = URIRef("https://example.org/id/person/ada-okafor")
>>> _ = g.add((ada, RDF.type, KG.Person)).add((ada, RDFS.label, Literal("Ada Okafor")))
>>> [str(o) for o in redact(g, "s3cret").objects(None, RDFS.label)]
['person 63d4821d']
"""
from __future__ import annotations

import hashlib
import hmac

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import GraphError
from kg.graph.vocab import KG, name_key

#: Properties whose values name a person, or reach one: dropped (or, for labels, replaced).
NAMING = frozenset({RDFS.label, SKOS.altLabel, KG.nameKey, KG.asWritten, KG.email, KG.phone, KG.homepage})
SALT_ENV = "KG_REDACT_SALT"


def pseudonym(iri: str, salt: str) -> str:
    """The 16-hex-digit keyed hash that stands for a person IRI.

    >>> pseudonym("https://example.org/id/person/ada-okafor", "s3cret")
    '63d4821d892c9ade'
    """
    return hmac.new(salt.encode("utf-8"), iri.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def redact(graph: Graph, salt: str) -> Graph:
    """A copy of ``graph`` with its people pseudonymised (see the module docstring).

    Raises GraphError without a salt: unsalted hashes of names can be reversed by guessing.
    """
    if not salt:
        raise GraphError(f"redacting needs a secret salt (--salt or {SALT_ENV}): "
                         "an unsalted hash of a name can be reversed by hashing guesses")
    people = {iri: _renamed(iri, salt) for iri in graph.subjects(RDF.type, KG.Person) if isinstance(iri, URIRef)}
    documents = set(graph.subjects(RDF.type, KG.Document))
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    for s, p, o in graph:
        if (s in people and p in NAMING) or p in (KG.asWritten, KG.email, KG.phone, KG.homepage):
            continue
        if p == KG.path and s in documents:
            o = Literal(f"redacted/{str(s).rstrip('/').rsplit('/', 1)[-1]}{_suffix(str(o))}")
        out.add((people.get(s, s), p, people.get(o, o)))
    for iri, new in people.items():
        label = f"person {new.rsplit('/', 1)[-1][:8]}"
        out.add((new, RDFS.label, Literal(label)))
        out.add((new, KG.nameKey, Literal(name_key(label))))  # so named queries find the pseudonym
    for authorship, person in graph.subject_objects(KG.author):
        if (authorship, KG.asWritten, None) in graph and person in people:
            out.add((authorship, KG.asWritten, Literal(f"person {people[person].rsplit('/', 1)[-1][:8]}")))
    return out


def _renamed(iri: URIRef, salt: str) -> URIRef:
    """``…/person/ada-okafor`` -> ``…/person/<pseudonym>``, under the same base."""
    head = str(iri).rsplit("/", 1)[0] if "/" in str(iri) else str(iri)
    return URIRef(f"{head}/{pseudonym(str(iri), salt)}")


def _suffix(path: str) -> str:
    """The file suffix of a path (``.pdf``), kept: it says which reader read the file."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name[name.rfind("."):].lower() if "." in name[1:] else ""
