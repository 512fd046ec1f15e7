"""build(paths) -> Build: read -> extract -> resolve -> graph, composed.

A file that cannot be read or extracted becomes a one-line ``Failure`` (file and reason);
it never stops the batch and never takes another document's facts with it.

Small builds stay in memory (rdflib). Given a ``store`` folder, the graph goes to an
Oxigraph store on disk instead, document by document; with a ``cache`` folder a rebuild
re-extracts only new and changed files and rewrites only the documents whose graph
changed (see ``kg.cache``). Extraction runs in ``jobs`` processes or on a Dask cluster
(``scheduler``), streamed back in input order, so every way gives byte-identical output.
"""
from __future__ import annotations

import bisect
import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import networkx as nx
from rdflib import Dataset, Graph

from kg.cache import ExtractionCache, GraphCache
from kg.errors import KGError
from kg.extract import extract
from kg.graph.ntriples import document_digest, document_lines, document_name
from kg.graph.to_networkx import coauthor_graph, employer_graph, full_graph
from kg.graph.to_rdf import DEFAULT_BASE, build_dataset, check_base
from kg.graph.vocab import KG
from kg.model import Extraction
from kg.parallel import Failure, extract_all
from kg.limits import Limits, time_budget
from kg.readers import iter_paths, read, source_name
from kg.resolve.merge import resolution_slice, resolve
from kg.store import Store
from kg.store.memory import MemoryStore

__all__ = ["Build", "Failure", "build", "extract_path"]

#: From this many documents to (re)write, their graph lines are made in worker processes.
PARALLEL_LINES = 64


@dataclass
class Build:
    """The result of a build: the store holding the graph, the extractions, and what happened.

    ``graph`` (the merged rdflib graph) and ``dataset`` (one named graph per document) are
    read from the store; for a build into an on-disk store that loads them into memory.
    ``extracted`` counts the files read and extracted by this build, not taken from a cache.
    """

    store: Store
    extractions: list[Extraction]
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extracted: int = 0

    @property
    def graph(self) -> Graph:
        return self.store.graph()

    @property
    def dataset(self) -> Dataset:
        return self.store.dataset()

    def stats(self) -> dict[str, int]:
        """Counts for the build summary."""
        counts = {name: _count(self.store, cls) for name, cls in
                  (("people", KG.Person), ("organizations", KG.Organization), ("publications", KG.Publication))}
        return {"documents read": len(self.extractions), "failed": len(self.failures), **counts,
                "triples": len(self.store)}

    def coauthors(self) -> nx.Graph:
        return coauthor_graph(self.graph)

    def employers(self) -> nx.Graph:
        return employer_graph(self.graph)

    def network(self) -> nx.MultiDiGraph:
        return full_graph(self.graph)


def _count(store: Store, cls) -> int:
    rows = store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{cls}> }}").rows
    return int(rows[0][0]) if rows else 0


def extract_path(path: Path, limits: Optional[Limits] = None) -> Extraction:
    """Read and extract one file within ``limits`` (its size, pages, lines and time budget);
    raises ``KGError`` subclasses with one-line messages."""
    limits = limits or Limits.from_env()
    with time_budget(limits.time_budget, source_name(path)):
        return extract(read(path, limits))


def build(paths: Iterable[str | Path] = (), *, base: str = DEFAULT_BASE, contacts: bool = False,
          min_confidence: float = 0.0, progress: Optional[Callable[[Path], None]] = None, jobs: int = 1,
          scheduler: Any = None, store: str | Path | None = None, cache: str | Path | None = None,
          limits: Optional[Limits] = None) -> Build:
    """Build a knowledge graph from CV files and folders (the bundled samples when empty).

    ``jobs`` worker processes extract in parallel (or a Dask ``scheduler`` address or
    client does); ``store`` puts the graph in an Oxigraph folder instead of memory;
    ``cache`` keeps extractions and document graphs for the next build. With a store or a
    cache, extractions do not keep their documents' lines (the files have them).
    ``limits`` bound each file (``kg.limits``; the ``KG_*`` environment defaults when None):
    a file over one is a ``Failure`` like any unreadable file.

    >>> result = build()
    >>> result.stats()["documents read"] >= 5
    True
    """
    check_base(base)  # before any file is read
    limits = limits or Limits.from_env()
    files = _inputs(paths)
    lean = store is not None or cache is not None
    # contact details reach no file unless asked for: without --contacts the cache keeps none
    shelf = "extractions-with-contacts" if contacts else "extractions"
    extraction_cache = ExtractionCache(Path(cache) / shelf) if cache is not None else None
    extractions, failures, extracted = _extract(files, jobs, scheduler, extraction_cache, progress, lean, limits,
                                                contacts)
    resolved = resolve(extractions)
    options = {"base": base, "contacts": contacts, "min_confidence": min_confidence}
    if failures and not extractions:
        store = None  # nothing could be read: leave a previous build's store as it was
    if store is None:
        dataset, graph = build_dataset(resolved, **options)
        target: Store = MemoryStore(dataset, graph)
    else:
        graphs = GraphCache(Path(cache) / "graphs") if cache is not None else None
        target = _fill_store(Path(store), resolved, options, graphs, jobs)
        if graphs is not None:
            graphs.prune()
    if extraction_cache is not None:
        extraction_cache.prune()
    warnings = [w for e in extractions for w in e.warnings]
    return Build(target, extractions, failures, warnings, extracted)


def _extract(files: list[Path], jobs: int, scheduler: Any, cache: Optional[ExtractionCache],
             progress: Optional[Callable[[Path], None]], lean: bool, limits: Limits, contacts: bool = False):
    extractions: list[Extraction] = []
    failures: list[Failure] = []
    fresh: set[str] = set()

    def known(path: Path, data: bytes):
        found = cache.get(data, str(path)) if cache is not None else None
        if found is None:
            fresh.add(str(path))
            pending[str(path)] = data
        return found

    pending: dict[str, bytes] = {}
    for path, outcome in extract_all(files, jobs=jobs, scheduler=scheduler, skip=known, limits=limits):
        data = pending.pop(str(path), None)
        if lean and isinstance(outcome, Extraction):
            outcome = dataclasses.replace(outcome, document=dataclasses.replace(outcome.document, lines=()))
        if not contacts and isinstance(outcome, Extraction) and outcome.owner and outcome.owner.contacts:
            outcome = dataclasses.replace(outcome, owner=dataclasses.replace(outcome.owner, contacts=()))
        if cache is not None and data is not None:
            cache.put(data, outcome)
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            extractions.append(outcome)
        if progress:
            progress(path)
    return extractions, failures, len(fresh)


def _fill_store(path: Path, resolved, options: dict, cache: Optional[GraphCache], jobs: int = 1) -> Store:
    """Write every document's graph into the store at ``path``, touching only what changed."""
    from kg.store.oxigraph import OxigraphStore

    store = OxigraphStore(path, create=True)
    digests = [document_digest(extraction, resolved, **options) for extraction in resolved.extractions]
    known = [cache.get(digest) if cache is not None else None for digest in digests]
    todo = [i for i, lines in enumerate(known) if lines is None]
    for i, lines in zip(todo, _lines_of(resolved, [resolved.extractions[i] for i in todo], options, jobs)):
        known[i] = lines
        if cache is not None:
            cache.put(digests[i], lines)
    graphs: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for extraction, digest, lines in zip(resolved.extractions, digests, known):
        name = document_name(extraction, options["base"])
        # two files with the same bytes are one document: their graphs are one named graph
        graphs[name] = sorted(set(graphs[name]) | set(lines)) if name in graphs else lines
        by_name.setdefault(name, []).append(digest)
    digests = by_name
    state = {name: hashlib.sha256("".join(sorted(d)).encode()).hexdigest() for name, d in digests.items()}
    before = store.state()
    changed = {name: graphs[name] for name in graphs if before.get(name) != state[name]}
    dropped = [name for name in before if name not in graphs]
    previous = None
    if before and len(changed) + len(dropped) <= len(graphs) // 2:
        previous = store.saved_lines()  # the merged graph as the last build left it, sorted
    store.set_state(None)  # an interrupted update leaves the store marked for a full rewrite
    if previous is None:
        merged = sorted(set().union(*graphs.values()))
        store.clear()
        store.update(graphs, (), merged, ())
    else:
        merged, added, removed = _merged_after(store, previous, before, changed, dropped)
        store.update(changed, dropped, added, removed)
    store.save_lines(merged)
    store.flush()
    store.set_state(state)
    store.close()  # the build's result reads a snapshot, so the next build can write
    result = OxigraphStore(path, read_only=True)
    result.written(graphs, merged)
    return result


def _merged_after(store, previous: list[str], before: dict, changed: dict, dropped: list[str]):
    """The merged graph's sorted lines after replacing ``changed`` and dropping ``dropped``
    documents, with the lines it gains and loses: work in the size of the change, not of
    the corpus (no union of every document, no sort of every line)."""
    stale = {name for name in (*changed, *dropped) if name in before}
    old = set().union(*(store.document_lines(name) for name in stale)) if stale else set()
    new = set().union(*changed.values()) if changed else set()
    removed = sorted(line for line in old - new if not store.stated_elsewhere(line, stale))
    gone = set(removed)
    merged = [line for line in previous if line not in gone] if gone else list(previous)
    added = []
    for line in sorted(new - old):
        at = bisect.bisect_left(merged, line)
        if at == len(merged) or merged[at] != line:
            merged.insert(at, line)
            added.append(line)
    return merged, added, removed


def _lines_of(resolved, extractions: list[Extraction], options: dict, jobs: int) -> Iterable[list[str]]:
    """Each extraction's graph lines, in worker processes when there are many.

    A worker gets the extraction and only the part of the resolution it needs (its names'
    IRIs and labels), so the work ships and scales like extraction does.
    """
    if jobs <= 1 or len(extractions) < PARALLEL_LINES:
        return [_lines_job((resolved, extraction, options)) for extraction in extractions]
    from concurrent.futures import ProcessPoolExecutor

    jobs_ = ((resolution_slice(resolved, extraction), extraction, options) for extraction in extractions)
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_lines_job, jobs_, chunksize=32))


def _lines_job(job) -> list[str]:
    resolved, extraction, options = job
    return document_lines(resolved, [extraction], **options).get(document_name(extraction, options["base"]), [])


def _inputs(paths: Iterable[str | Path]) -> list[Path]:
    paths = list(paths)
    if not paths:
        from kg.samples import sample_paths

        return sample_paths()
    return iter_paths(paths)
