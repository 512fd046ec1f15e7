"""The ontology, the vocabulary module and the extractors agree on every term."""
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.extract import EXTRACTORS
from kg.graph.validate import ontology
from kg.graph.vocab import KG, NS


def _declared() -> set[str]:
    graph = ontology()
    return {str(s)[len(NS):] for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(NS) and str(s) != NS}


def test_vocab_matches_the_ontology_exactly():
    assert set(KG.__annotations__) == _declared()


def test_vocab_every_term_has_a_label_and_a_comment():
    graph = ontology()
    for term in _declared():
        assert graph.value(KG[term], RDFS.label), term
        assert graph.value(KG[term], RDFS.comment), term


def test_vocab_terms_are_aligned_to_standard_vocabularies():
    graph = ontology()
    for cls in (KG.Person, KG.Organization, KG.Publication, KG.Position, KG.Degree, KG.Document):
        links = set(graph.objects(cls, RDFS.subClassOf)) | set(graph.objects(cls, OWL.equivalentClass))
        assert any(not str(t).startswith(NS) for t in links), cls


def test_vocab_every_term_an_extractor_emits_is_declared():
    declared = _declared()
    for module in EXTRACTORS:
        assert module.NAME and module.VERSION
        for term in module.EMITS:
            assert term in declared, f"{module.NAME} emits undeclared {term}"


def test_vocab_typo_fails_at_attribute_access():
    import pytest

    with pytest.raises(AttributeError):
        KG.workAt  # noqa: B018
