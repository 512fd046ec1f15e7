"""The kg vocabulary as code: one attribute per term of ``ontology/kg.ttl``.

Generated from the ontology (``tests/graph/test_vocab.py`` keeps the two in step); with
``_fail = True`` a misspelt term such as ``KG.workAt`` fails at import, not in a query.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

NS = "https://w3id.org/kg-cv/ns#"
#: Where people, organizations and records get their IRIs unless ``--base`` says otherwise.
DEFAULT_BASE = "https://w3id.org/kg-cv/id/"


def name_key(name: str) -> str:
    """The ``kg:nameKey`` of a label: ``str.lower()``, exactly what SPARQL's ``LCASE`` gives in
    rdflib and in Oxigraph. kg binds each named query's parameter ``P`` also as ``?PKey``, its
    key, so a query finds a name by ``?x kg:nameKey ?PKey``: an index lookup where comparing
    ``LCASE`` of every label was a scan.

    >>> name_key("İstanbul Teknik Üniversitesi"), name_key("STRAẞE")
    ('i̇stanbul teknik üniversitesi', 'straße')
    """
    return name.lower()


class KG(DefinedNamespace):
    """Classes and properties of the kg ontology."""

    _NS = Namespace(NS)
    _fail = True

    # classes
    Advising: URIRef
    Authorship: URIRef
    Degree: URIRef
    Document: URIRef
    Organization: URIRef
    Patent: URIRef
    Person: URIRef
    Position: URIRef
    Publication: URIRef
    Record: URIRef

    # properties
    advisedBy: URIRef
    advisor: URIRef
    asWritten: URIRef
    author: URIRef
    authorOf: URIRef
    checksum: URIRef
    coauthoredWith: URIRef
    coinventorWith: URIRef
    confidence: URIRef
    current: URIRef
    degreeName: URIRef
    describedBy: URIRef
    email: URIRef
    endDate: URIRef
    extractor: URIRef
    field: URIRef
    firstLine: URIRef
    format: URIRef
    holder: URIRef
    homepage: URIRef
    inventorOf: URIRef
    lastLine: URIRef
    location: URIRef
    organization: URIRef
    ownerInferredBy: URIRef
    path: URIRef
    phone: URIRef
    positionKind: URIRef
    publication: URIRef
    publicationKind: URIRef
    pushDigest: URIRef
    rank: URIRef
    role: URIRef
    source: URIRef
    startDate: URIRef
    studiedAt: URIRef
    title: URIRef
    unit: URIRef
    nameAsWritten: URIRef
    nameKey: URIRef
    venue: URIRef
    workedAt: URIRef
    year: URIRef


# Each term as a plain class attribute too: ``KG.workedAt`` is then found like any attribute,
# not through DefinedNamespace's ``__getattr__`` (three Python calls each time; a build of
# 10,000 CVs asks for kg terms about twelve million times).
for _term in KG.__annotations__:
    setattr(KG, _term, KG[_term])
del _term
