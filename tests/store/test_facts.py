"""facts.tsv's rows joined from the merged lines (``kg.store.facts``) are the facts query's."""
import importlib

import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import GraphError
from kg.graph.ntriples import graph_lines
from kg.graph.vocab import KG
from kg.store.documents import DocumentLines
from kg.store.facts import facts_rows, selected

export = importlib.import_module("kg.export")

PEOPLE = [URIRef(f"https://e.org/person/{n}") for n in range(4)]
ORGS = [URIRef(f"https://e.org/org/{n}") for n in range(2)]
CVS = [URIRef(f"https://e.org/cv/{n}") for n in range(2)]
RECORDS = [URIRef(f"https://e.org/record/{n}") for n in range(3)]
texts = st.text(st.sampled_from(['a', 'B', ' ', '"', '\\', '\n', '\t', 'é', '😀', '\x01']), max_size=5)
labels = st.one_of(texts.map(Literal), st.tuples(texts, st.sampled_from(["en", "de-CH"])).map(
    lambda pair: Literal(pair[0], lang=pair[1])))


def _pick(nodes):
    return st.sampled_from(nodes)


def _some(draw, found: list) -> list:
    """Most of ``found``, drawn: each triple left out one time in four."""
    kept = draw(st.lists(st.sampled_from([True, True, True, False]), min_size=len(found), max_size=len(found)))
    return [triple for triple, keep in zip(found, kept) if keep]


@st.composite
def _record(draw):
    """An owner's position or degree on one of its CVs, as a build writes it (the link,
    the record, the labels), some of its triples left out."""
    person, org, cv, record = draw(_pick(PEOPLE)), draw(_pick(ORGS)), draw(_pick(CVS)), draw(_pick(RECORDS))
    return _some(draw, [(person, KG.describedBy, cv), (person, draw(st.sampled_from([KG.workedAt, KG.studiedAt])), org),
                        (record, KG.holder, person), (record, KG.organization, org), (record, KG.source, cv),
                        (record, KG.nameAsWritten, draw(labels)), (person, RDFS.label, draw(labels)),
                        (org, RDFS.label, draw(labels))])


@st.composite
def _link(draw):
    """An owner's co-author or advisor, with their labels, some triples left out."""
    person, other = draw(_pick(PEOPLE)), draw(_pick(PEOPLE))
    return _some(draw, [(person, KG.describedBy, draw(_pick(CVS))),
                        (person, draw(st.sampled_from([KG.coauthoredWith, KG.advisedBy])), other),
                        (person, RDFS.label, draw(labels)), (other, RDFS.label, draw(labels))])


#: Every kind of triple the facts query reads, between nodes few enough to meet often, and
#: a kind it does not (a title).
triples = st.one_of(
    st.tuples(_pick(PEOPLE), st.just(KG.describedBy), _pick(CVS)),
    st.tuples(_pick(PEOPLE), st.sampled_from([KG.coauthoredWith, KG.advisedBy]), _pick(PEOPLE)),
    st.tuples(_pick(PEOPLE), st.sampled_from([KG.workedAt, KG.studiedAt]), _pick(ORGS)),
    st.tuples(_pick(RECORDS), st.sampled_from([KG.holder, KG.organization, KG.source]), _pick(PEOPLE + ORGS + CVS)),
    st.tuples(_pick(RECORDS), st.just(KG.nameAsWritten), labels),
    st.tuples(_pick(PEOPLE + ORGS + RECORDS), st.just(RDFS.label), labels),
    st.tuples(_pick(PEOPLE + RECORDS), st.just(KG.title), labels),
).map(lambda triple: [triple])


def _rows_text(rows) -> str:
    return "subject\trelation\tobject\n" + b"".join(export._tsv_lines(rows)).decode("utf-8")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(triples, _record(), _link()), max_size=10))
def test_facts_rows_of_the_selected_lines_are_the_querys(found):
    """Over any graph of the kinds the query reads (owners of several CVs, people and
    organizations with no label or several, records that write a name for some of an
    owner's CVs and not others, escapes and language tags), the rows joined from the
    selected sorted lines make the facts.tsv the SPARQL query makes."""
    graph = Graph()
    for triple in (triple for group in found for triple in group):
        graph.add(triple)
    lines = [line.encode("utf-8") for line in graph_lines(graph)]
    kept = list(selected(lines))
    assert _rows_text(facts_rows(lambda: iter(kept))) == export.facts_tsv(graph)
    assert _rows_text(facts_rows(lambda: iter(lines))) == export.facts_tsv(graph)  # a superset reads the same


def test_facts_rows_of_the_cases_the_query_tells_apart():
    """The cases one by one, against the query: a record's name for the CV that writes it
    and the label for the owner's other CV; an owner with two labels; a co-author and an
    organization without a label (no row); a record without a holder; a non-owner."""
    owner, coauthor, nameless, stranger = PEOPLE
    org, unlabelled = ORGS
    cv, other_cv = CVS
    record, headless, _ = RECORDS
    graph = Graph()
    for triple in [(owner, KG.describedBy, cv), (owner, KG.describedBy, other_cv), (owner, RDFS.label, Literal("Ada")),
                   (owner, RDFS.label, Literal("Ada L.", lang="en")), (owner, KG.coauthoredWith, coauthor),
                   (owner, KG.coauthoredWith, nameless), (coauthor, RDFS.label, Literal('Bo "B"\nC')),
                   (owner, KG.workedAt, org), (owner, KG.studiedAt, unlabelled), (org, RDFS.label, Literal("Org")),
                   (record, KG.holder, owner), (record, KG.organization, org), (record, KG.source, cv),
                   (record, KG.nameAsWritten, Literal("ORG (as written)")), (headless, KG.organization, org),
                   (headless, KG.source, other_cv), (headless, KG.nameAsWritten, Literal("not this")),
                   (stranger, RDFS.label, Literal("Cy")), (stranger, KG.workedAt, org), (stranger, KG.advisedBy, owner)]:
        graph.add(triple)
    lines = [line.encode("utf-8") for line in graph_lines(graph)]
    made = _rows_text(facts_rows(lambda: selected(lines)))
    assert made == export.facts_tsv(graph) == _rows_text(facts_rows(lambda: iter(lines)))
    assert made.split("\n")[1:-1] == [f"{name}\t{relation}\t{value}" for name in ("Ada", "Ada L.") for relation, value in (
        ("coauthored_with", 'Bo "B" C'), ("worked_at", "ORG (as written)"), ("worked_at", "Org"))]


def test_facts_selection_keeps_what_the_rows_need_only():
    """An owner's links and CVs, every label, and the lines of records that write a name;
    not a non-owner's links, a record without a name, or anything else."""
    graph = Graph()
    owner, other, org, cv, named, plain = PEOPLE[0], PEOPLE[1], ORGS[0], CVS[0], RECORDS[0], RECORDS[1]
    for triple in [(owner, KG.describedBy, cv), (owner, KG.coauthoredWith, other), (other, KG.coauthoredWith, owner),
                   (other, KG.workedAt, org), (owner, RDFS.label, Literal("O")), (org, RDFS.label, Literal("Org")),
                   (named, KG.holder, owner), (named, KG.organization, org), (named, KG.source, cv),
                   (named, KG.nameAsWritten, Literal("ORG")), (plain, KG.holder, owner), (plain, KG.source, cv),
                   (owner, KG.title, Literal("t"))]:
        graph.add(triple)
    kept = {line.decode("utf-8") for line in selected(line.encode("utf-8") for line in graph_lines(graph))}
    assert sorted(kept) == sorted(line for line in graph_lines(graph)
                                  if not line.startswith((f"<{other}>", f"<{plain}>")) and f"<{KG.title}>" not in line)


def test_facts_rows_name_a_damaged_line():
    with pytest.raises(GraphError, match="damaged .*kg build --no-cache$"):
        list(facts_rows(lambda: iter([b"<x:a> <x:p>"])))


_subjects = [f"<https://e.org/s/{n}>" for n in range(6)] + ["_:b1", "_:b10"]
_lines = st.tuples(st.sampled_from(_subjects),
                   st.sampled_from([f"<{p}>" for p in (RDFS.label, KG.describedBy, KG.coauthoredWith, KG.nameAsWritten,
                                                       KG.holder, KG.source, KG.title)]),
                   st.sampled_from(['"x"', '"y z"', "<https://e.org/s/1>", "<https://e.org/s/2>"])).map(
    lambda t: f"{t[0]} {t[1]} {t[2]} .")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(_lines, unique=True).map(sorted), min_size=1, max_size=8), st.integers(1, 4),
       st.booleans())
def test_facts_lines_kept_by_the_merge_are_the_selection(tmp_path_factory, graphs, jobs, presort):
    """The merge keeps aside the selection of its merged lines, whether it runs in one
    process or in several over key ranges (cut between subjects, never inside one: an
    owner's links in one range and its CV in the next would be lost), after presorting
    or not."""
    import kg.store.documents as documents_module

    folder = tmp_path_factory.mktemp("facts")
    documents = DocumentLines(folder)
    documents.rewrite_from([(f"<d{n}>", lines) for n, lines in enumerate(graphs)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(documents_module, "PARALLEL_MERGE", 0)
        if presort:
            patch.setattr(documents_module, "PRESORT_RUNS", 0)
            patch.setattr(documents_module, "PRESORT_GROUP", 64)
        documents.merged(folder / "merged.nt", jobs=jobs, facts=folder / "facts.nt")
    merged = (folder / "merged.nt").read_bytes().split(b"\n")[:-1]
    kept = (folder / "facts.nt").read_bytes().split(b"\n")[:-1]
    assert kept == list(selected(merged))
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []
