"""The in-memory backend: rdflib's ``Dataset`` (one graph per document) and the merged ``Graph``.

This is what ``kg.build()`` returns for small batches and what ``kg.load_graph`` reads a
file into; queries run on rdflib's SPARQL engine with ``initBindings``.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Optional

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.graph.ntriples import graph_lines, term
from kg.store import Store

PREFIXES = {"kg": "https://w3id.org/kg-cv/ns#", "owl": "http://www.w3.org/2002/07/owl#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#"}


class MemoryStore(Store):
    """A store over an rdflib ``Dataset`` and its merged ``Graph`` (made from it when not given).

    >>> MemoryStore(graph=Graph()).serialize("turtle")
    ''
    """

    def __init__(self, dataset: Optional[Dataset] = None, graph: Optional[Graph] = None) -> None:
        self.prefixes = dict(PREFIXES)
        self._dataset = dataset if dataset is not None else Dataset()
        if graph is None:
            graph = Graph()
            for prefix, namespace in self._dataset.namespaces():
                graph.bind(prefix, namespace)
            for s, p, o, _ in self._dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        self._graph = graph

    def add_documents(self, graphs: Mapping[str, list[str]]) -> None:
        self.remove_documents(name for name in graphs if name in set(self.documents()))
        for name, lines in graphs.items():
            named = self._dataset.graph(URIRef(name[1:-1]))
            named.parse(data="\n".join(lines), format="nt")
            for triple in named:
                self._graph.add(triple)

    def remove_documents(self, names: Iterable[str]) -> None:
        names = set(names)
        if not names:
            return
        for name in names:
            self._dataset.remove_graph(URIRef(name[1:-1]))
        kept = {t for s, p, o, _ in self._dataset.quads((None, None, None, None)) for t in [(s, p, o)]}
        for triple in list(self._graph):
            if triple not in kept:
                self._graph.remove(triple)

    def documents(self) -> list[str]:
        return sorted(term(g.identifier) for g in self._dataset.graphs()
                      if isinstance(g.identifier, URIRef) and len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID)

    def lines(self) -> list[str]:
        return graph_lines(self._graph)

    def document_lines(self, name: str) -> list[str]:
        return graph_lines(self._dataset.graph(URIRef(name[1:-1])))

    def run(self, text: str, bindings: Mapping[str, str], limit: Optional[int] = None):
        from kg.queries import run_query

        return run_query(self._graph, text, dict(bindings), limit=limit)

    def graph(self) -> Graph:
        return self._graph

    def dataset(self) -> Dataset:
        return self._dataset

    def __len__(self) -> int:
        return len(self._graph)



