"""Graph lines made without rdflib terms are the lines rdflib's terms give."""
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import XSD

from kg.graph.ntriples import document_lines, graph_lines, literal_term, term
from kg.graph.to_rdf import build_dataset


@given(st.text())
def test_literal_term_of_a_string_equals_rdflib(text):
    assert literal_term(text) == term(Literal(text))


@given(st.one_of(st.integers(), st.booleans(), st.decimals(allow_nan=False, allow_infinity=False, places=3),
                 st.tuples(st.text(max_size=8), st.sampled_from([XSD.gYear, XSD.gYearMonth, XSD.string, None]))))
def test_literal_term_of_a_typed_value_equals_rdflib(value):
    value, datatype = value if isinstance(value, tuple) else (value, None)
    assert literal_term(value, datatype=datatype) == term(Literal(value, datatype=datatype))
    assert literal_term(value, datatype=datatype) == term(Literal(value, datatype=datatype))  # kept, the same


def test_literal_term_tells_equal_values_of_other_types_apart():
    assert literal_term(1) != literal_term(True) != literal_term(Decimal(1))


def test_document_lines_equal_the_rdflib_dataset(shared):
    """Each document's lines, made as text, equal its named graph in the rdflib dataset,
    for the samples and the seeds (every kind of record, unicode, quotes, dates)."""
    from kg.pipeline import extract_path
    from kg.resolve.merge import resolve
    from kg.samples import sample_paths

    for paths in (sample_paths(), sorted((shared / "seeds").iterdir())):
        resolved = resolve([extract_path(path) for path in paths])
        dataset, _ = build_dataset(resolved)
        made = document_lines(resolved)
        expected = {term(graph.identifier): graph_lines(graph) for graph in dataset.graphs()
                    if len(graph) and str(graph.identifier) != "urn:x-rdflib:default"}
        assert made == expected
