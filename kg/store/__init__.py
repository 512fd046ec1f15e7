"""Where a built graph lives: one small interface, two backends.

``MemoryStore`` keeps rdflib's in-memory ``Dataset`` and merged ``Graph`` (small builds,
tests, graphs loaded from a file); ``OxigraphStore`` keeps the merged graph in a pyoxigraph
store on disk (``OUT/store/``) and each document's lines in a file beside it, which ``kg
build`` fills and ``kg query``, ``kg render`` and ``kg export`` open without parsing Turtle
again.

Both hold one graph per document (named by the document's IRI) and the merged graph
(their union), which queries read. Rows move between them as canonical N-Triples lines
(``kg.graph.ntriples``), so both backends write byte-identical Turtle and TriG.

>>> from kg.store import open_store
>>> store = open_store(None)                 # an empty in-memory store
>>> store.add_documents({"<https://example.org/doc/1>": [
...     '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .']})
>>> len(store), store.query("SELECT ?l WHERE { ?s ?p ?l }").rows
(1, (('A',),))
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional

from rdflib import Dataset, Graph

from kg.errors import GraphError
from kg.store.turtle import line_pieces, text_of, trig_parts, turtle_parts

__all__ = ["MemoryStore", "OxigraphStore", "Store", "is_store", "open_store"]

#: The marker file an Oxigraph store folder written by kg carries beside its database.
MARKER = "kg-store.json"


class Store(ABC):
    """A built graph: per-document named graphs and their union (the merged graph)."""

    prefixes: dict[str, str]

    @abstractmethod
    def add_documents(self, graphs: Mapping[str, list[str]]) -> None:
        """Add (or replace) documents' named graphs: graph IRI as ``<…>`` -> N-Triples lines."""

    @abstractmethod
    def remove_documents(self, names: Iterable[str]) -> None:
        """Drop documents' named graphs, and the merged triples no other document states."""

    @abstractmethod
    def documents(self) -> list[str]:
        """The named graphs' IRIs (as ``<…>``), sorted."""

    @abstractmethod
    def lines(self) -> list[str]:
        """The merged graph as sorted, distinct N-Triples lines."""

    @abstractmethod
    def document_lines(self, name: str) -> list[str]:
        """One named graph as sorted N-Triples lines."""

    @abstractmethod
    def run(self, text: str, bindings: Mapping[str, str], limit: Optional[int] = None):
        """Run SPARQL over the merged graph with ``bindings`` bound as literals -> ``QueryResult``."""

    def solutions(self, text: str, bindings: Mapping[str, str]) -> tuple[tuple[str, ...], Iterator[tuple]]:
        """``run``'s columns and rows, the rows given as they come: the on-disk store streams
        them out of Oxigraph, where ``run`` holds them all."""
        result = self.run(text, bindings)
        return result.columns, iter(result.rows)

    @abstractmethod
    def graph(self) -> Graph:
        """The merged graph as an rdflib ``Graph`` (for views, SHACL, JSON-LD and GraphML)."""

    @abstractmethod
    def __len__(self) -> int:
        """Triples in the merged graph."""

    def close(self) -> None:
        """Release the store (the on-disk one holds a lock while open)."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @staticmethod
    def from_graph(graph: Graph) -> "Store":
        """An in-memory store over an rdflib graph (its triples, no named graphs)."""
        from kg.store.memory import MemoryStore

        return MemoryStore(graph=graph)

    # ------------------------------------------------------------ shared behaviour
    def query(self, query: str, params: Optional[Mapping[str, str]] = None, limit: Optional[int] = None):
        """Run a named query, a ``.rq`` file or SPARQL text (see ``kg.queries.run_query``)."""
        from kg.queries import run_query

        return run_query(self, query, dict(params or {}), limit=limit)

    def view_graph(self):
        """What the views read of the merged graph, made in seconds at any size
        (a :class:`kg.graph.lines.LinesGraph`; ``len()`` is the whole graph's)."""
        from kg.graph.lines import LinesGraph

        lines = self.lines()
        return LinesGraph(lines, size=len(lines))

    def dataset(self) -> Dataset:
        """The per-document graphs as an rdflib ``Dataset``."""
        dataset = Dataset()
        for prefix, namespace in self.prefixes.items():
            dataset.bind(prefix, namespace)
        for name in self.documents():
            dataset.graph(_iri(name)).parse(data="\n".join(self.document_lines(name)), format="nt")
        return dataset

    def serialize(self, fmt: str = "turtle") -> str:
        """The merged graph as ``turtle`` or ``ntriples``, or the named graphs as ``trig`` or
        ``nquads``: deterministic text, the same from either backend."""
        return text_of(self._parts(fmt))

    def write(self, fmt: str, path: str | Path) -> Path:
        """``serialize(fmt)`` written into ``path`` (atomically), a piece at a time: memory
        holds one piece, and a reopened store streams its lines from disk."""
        from kg.export import write_streamed

        return write_streamed(Path(path), *self._parts(fmt))

    def start_write(self, fmt: str, path: str | Path) -> Callable[[], Path]:
        """``write`` begun: a store that writes in worker processes returns while they run.
        Call what it returns to finish (here the file is written already)."""
        written = self.write(fmt, path)
        return lambda: written

    def facts_lines(self, scratch: Path, select: bool = True):
        """The lines ``kg.store.facts.facts_rows`` makes facts.tsv's rows of, as a function
        that reads them anew each call (temporary files go in ``scratch``; ``select``: they
        may be selected from all the merged lines when the store did not keep them aside);
        None where the store keeps no such lines (the facts query answers instead)."""
        return None

    def stream_lines(self) -> Iterable[str]:
        """``lines()``, possibly read as they are used (the on-disk store streams its file)."""
        return self.lines()

    def _parts(self, fmt: str):
        if fmt == "turtle" or (fmt == "trig" and not self.documents()):  # a graph read from a file
            return turtle_parts(self.stream_lines(), self.prefixes)
        if fmt == "ntriples":
            return line_pieces(self.stream_lines()), str
        if fmt == "trig":
            return trig_parts(((name, self.document_lines(name)) for name in self.documents()), self.prefixes)
        if fmt == "nquads":
            return line_pieces(f"{line[:-1]}{name} ." for name in self.documents()
                               for line in self.document_lines(name)), str
        raise GraphError(f"cannot serialize a store as {fmt!r} (turtle, ntriples, trig, nquads)")


def _iri(name: str):
    from rdflib import URIRef

    return URIRef(name[1:-1])


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a store folder kg wrote (``OUT/store``)."""
    return (Path(path) / MARKER).is_file()


def open_store(path: str | Path | None, *, create: bool = False, read_only: bool = False) -> Store:
    """The store at ``path`` (an Oxigraph folder), or an empty in-memory store for ``None``.

    ``create`` makes a new on-disk store when none is there; ``read_only`` opens one that
    another process may be writing. A missing or foreign folder is a one-line ``GraphError``.
    """
    if path is None:
        from kg.store.memory import MemoryStore

        return MemoryStore()
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(Path(path), create=create, read_only=read_only)


from kg.store.memory import MemoryStore  # noqa: E402  (the backends import Store from here)
from kg.store.oxigraph import OxigraphStore  # noqa: E402
