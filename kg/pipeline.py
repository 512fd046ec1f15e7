"""build(paths) -> Build: read -> extract -> resolve -> graph, composed.

A file that cannot be read or extracted becomes a one-line ``Failure`` (file and reason);
it never stops the batch and never takes another document's facts with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import networkx as nx
from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg.errors import KGError
from kg.extract import extract
from kg.graph.to_networkx import coauthor_graph, employer_graph, full_graph
from kg.graph.to_rdf import DEFAULT_BASE, build_dataset, check_base
from kg.graph.vocab import KG
from kg.limits import Limits, time_budget
from kg.model import Extraction
from kg.readers import iter_paths, read, source_name
from kg.resolve.merge import resolve


@dataclass(frozen=True)
class Failure:
    """A file that could not be used, and why (one line)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class Build:
    """The result of a build: the merged graph, the per-document dataset, and what happened."""

    graph: Graph
    dataset: Dataset
    extractions: list[Extraction]
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def stats(self) -> dict[str, int]:
        """Counts for the build summary."""
        g = self.graph
        return {
            "documents read": len(self.extractions),
            "failed": len(self.failures),
            "people": len(set(g.subjects(RDF.type, KG.Person))),
            "organizations": len(set(g.subjects(RDF.type, KG.Organization))),
            "publications": len(set(g.subjects(RDF.type, KG.Publication))),
            "triples": len(g),
        }

    def coauthors(self) -> nx.Graph:
        return coauthor_graph(self.graph)

    def employers(self) -> nx.Graph:
        return employer_graph(self.graph)

    def network(self) -> nx.MultiDiGraph:
        return full_graph(self.graph)


def extract_path(path: Path, limits: Optional[Limits] = None) -> Extraction:
    """Read and extract one file within ``limits`` (its size, pages, lines and time budget);
    raises ``KGError`` subclasses with one-line messages."""
    limits = limits or Limits.from_env()
    with time_budget(limits.time_budget, source_name(path)):
        return extract(read(path, limits))


def build(paths: Iterable[str | Path] = (), *, base: str = DEFAULT_BASE, contacts: bool = False,
          min_confidence: float = 0.0, progress: Optional[Callable[[Path], None]] = None,
          limits: Optional[Limits] = None) -> Build:
    """Build a knowledge graph from CV files and folders (the bundled samples when empty).

    ``limits`` bound each file (``kg.limits``; the ``KG_*`` environment defaults when None):
    a file over one is a ``Failure`` like any unreadable file.

    >>> result = build()
    >>> result.stats()["documents read"] >= 5
    True
    """
    check_base(base)  # before any file is read
    limits = limits or Limits.from_env()
    files = _inputs(paths)
    extractions: list[Extraction] = []
    failures: list[Failure] = []
    for path in files:
        try:
            extractions.append(extract_path(path, limits))
        except KGError as error:
            failures.append(Failure(source_name(path), _reason(error, path)))
        except Exception as error:  # an extractor bug must not stop the batch
            detail = " ".join(f"{type(error).__name__}: {error}".split())[:200]
            failures.append(Failure(source_name(path), f"internal error while extracting ({detail})"))
        if progress:
            progress(path)
    resolved = resolve(extractions)
    dataset, graph = build_dataset(resolved, base=base, contacts=contacts, min_confidence=min_confidence)
    warnings = [w for e in extractions for w in e.warnings]
    return Build(graph, dataset, extractions, failures, warnings)


def _inputs(paths: Iterable[str | Path]) -> list[Path]:
    paths = list(paths)
    if not paths:
        from kg.samples import sample_paths

        return sample_paths()
    return iter_paths(paths)


def _reason(error: KGError, path: Path) -> str:
    reason = " ".join((getattr(error, "reason", None) or str(error)).split())  # one line
    prefix = f"{source_name(path)}: "
    return reason[len(prefix):] if reason.startswith(prefix) else reason
