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

import dataclasses
import gc
import hashlib
import itertools
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import networkx as nx
from rdflib import Dataset, Graph

from kg.cache import ExtractionCache, GraphCache, group_memo, keep_groups
from kg.errors import GraphError, KGError
from kg.extract import extract
from kg.graph.ntriples import document_digest, document_lines, document_name
from kg.graph.to_networkx import coauthor_graph, employer_graph, full_graph
from kg.graph.to_rdf import DEFAULT_BASE, build_dataset, check_base
from kg.graph.vocab import KG
from kg.model import Extraction
from kg.parallel import Failure, extract_all
from kg.limits import Limits, time_budget
from kg.readers import iter_paths, read, source_name
from kg.resolve.merge import document_people, resolution_slice, resolve
from kg.store import Store
from kg.store.memory import MemoryStore
from kg.store.patch import Change, patch_merged, state_digest
from kg.store.turtle import split_lines

__all__ = ["Build", "Failure", "build", "extract_path"]

#: From this many documents to (re)write, their graph lines are made in worker processes.
PARALLEL_LINES = 64


@dataclass
class Build:
    """The result of a build: the store holding the graph, the extractions, and what happened.

    ``graph`` (the merged rdflib graph) and ``dataset`` (one named graph per document) are
    read from the store; for a build into an on-disk store that loads them into memory.
    ``extracted`` counts the files read and extracted by this build, not taken from a cache;
    ``change`` says what a rebuild changed in an on-disk store (None when it wrote it whole).
    """

    store: Store
    extractions: list[Extraction]
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extracted: int = 0
    change: Optional[Change] = None

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
    with paused_collector():
        return _build(paths, base, contacts, min_confidence, progress, jobs, scheduler, store, cache, limits)


@contextmanager
def paused_collector():
    """Python's cyclic garbage collector off for the block, on again after (if it was on).

    A build allocates millions of long-lived objects (cached extractions, names, graph
    lines) and makes few cycles; the collector kept scanning them all as they grew: loading
    10,000 cached extractions took 3.7 s with it and 0.6 s without. Objects without cycles
    are freed as always; cycles made meanwhile are collected after the block.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(paths, base: str, contacts: bool, min_confidence: float, progress, jobs: int, scheduler,
           store, cache, limits: Optional[Limits]) -> Build:
    limits = limits or Limits.from_env()
    files = _inputs(paths)
    lean = store is not None or cache is not None
    # contact details reach no file unless asked for: without --contacts the cache keeps none
    shelf = "extractions-with-contacts" if contacts else "extractions"
    extraction_cache = ExtractionCache(Path(cache) / shelf) if cache is not None else None
    extractions, failures, extracted = _extract(files, jobs, scheduler, extraction_cache, progress, lean, limits,
                                                contacts)
    people = None
    if extraction_cache is not None:  # each document's people, kept with its extraction
        people = [extraction_cache.people.get(e.document.checksum) for e in extractions]
    memo = group_memo(Path(cache)) if cache is not None else None
    resolved = resolve(extractions, people, memo)
    if memo is not None:
        keep_groups(Path(cache), memo)
    options = {"base": base, "contacts": contacts, "min_confidence": min_confidence}
    if failures and not extractions:
        store = None  # nothing could be read: leave a previous build's store as it was
    change = None
    if store is None:
        dataset, graph = build_dataset(resolved, **options)
        target: Store = MemoryStore(dataset, graph)
    else:
        graphs = GraphCache(Path(cache) / "graphs") if cache is not None else None
        target, change = _fill_store(Path(store), resolved, options, graphs, jobs)
        if graphs is not None:
            graphs.prune()
    if extraction_cache is not None:
        extraction_cache.prune()
    warnings = [w for e in extractions for w in e.warnings]
    return Build(target, extractions, failures, warnings, extracted, change)


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
        elif isinstance(found, Extraction) and found.document.checksum not in cache.people:
            people = cache.people[found.document.checksum] = document_people(found)
            cache.put(data, found, people)  # an entry from before, or resolution code changed since
        return found

    pending: dict[str, bytes] = {}
    for path, outcome in extract_all(files, jobs=jobs, scheduler=scheduler, skip=known, limits=limits):
        data = pending.pop(str(path), None)
        if lean and isinstance(outcome, Extraction):
            outcome = dataclasses.replace(outcome, document=dataclasses.replace(outcome.document, lines=()))
        if not contacts and isinstance(outcome, Extraction) and outcome.owner and outcome.owner.contacts:
            outcome = dataclasses.replace(outcome, owner=dataclasses.replace(outcome.owner, contacts=()))
        if cache is not None and data is not None:
            people = document_people(outcome) if isinstance(outcome, Extraction) else None
            cache.put(data, outcome, people)
            if people is not None:
                cache.people[outcome.document.checksum] = people
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            extractions.append(outcome)
        if progress:
            progress(path)
    return extractions, failures, len(fresh)


def _fill_store(path: Path, resolved, options: dict, cache: Optional[GraphCache],
                jobs: int = 1) -> tuple[Store, Optional[Change]]:
    """Write every document's graph into the store at ``path``, touching only what changed;
    with the ``Change`` when the store was updated in place (None when written whole)."""
    from kg.store.oxigraph import MERGED, OxigraphStore

    store = OxigraphStore(path, create=True)
    digests = [document_digest(extraction, resolved, **options) for extraction in resolved.extractions]
    names = [document_name(extraction, options["base"]) for extraction in resolved.extractions]
    by_name: dict[str, list[str]] = {}
    for name, digest in zip(names, digests):
        by_name.setdefault(name, []).append(digest)
    state = {name: hashlib.sha256("".join(sorted(d)).encode()).hexdigest() for name, d in by_name.items()}
    before = store.state()
    changing = {name for name in state if before.get(name) != state[name]}
    dropped = [name for name in before if name not in state]
    incremental = bool(before) and len(changing) + len(dropped) <= len(state) // 2 and store.can_update()
    wanted = [i for i, name in enumerate(names) if not incremental or name in changing]
    if cache is not None:
        cache.used.update(digests)  # the unchanged documents' cached graphs stay for later builds
    store.set_state(None)  # an interrupted update leaves the store marked for a full rewrite
    change = None
    if not incremental and cache is not None:  # from the cache's files: the lines never all in memory
        _fill_cache(resolved, digests, options, cache, jobs)
        store.rewrite_from(_document_sources(names, digests, cache), jobs)
    else:
        graphs: dict[str, list[str]] = {}
        for i, lines in zip(wanted, _cached_lines(resolved, [digests[i] for i in wanted], wanted, options, cache,
                                                  jobs)):
            # two files with the same bytes are one document: their graphs are one named graph
            graphs[names[i]] = sorted(set(graphs[names[i]]) | set(lines)) if names[i] in graphs else lines
        if incremental:
            added, removed = store.change(graphs, dropped)
            if graphs or dropped:
                patch_merged(path / MERGED, path / f"{MERGED}.next", added, removed)
                store.update(graphs, dropped, added, removed)
                (path / f"{MERGED}.next").replace(path / MERGED)
            change = Change(state_digest(before), state_digest(state), graphs, dropped, added, removed)
        else:
            shared: dict[str, int] = {}
            merged = merged_lines(graphs.values(), shared)
            store.rewrite(graphs, merged, shared, load=False)
            graphs.clear()  # the lines are on disk now: their memory goes before Oxigraph's loader takes its own
            del merged, shared
            store.load_saved()
    store.flush()
    store.set_state(state)
    store.close()  # the build's result reads a snapshot, so the next build can write
    return OxigraphStore(path, read_only=True), change


def merged_lines(graphs: Iterable[list[str]], shared: Optional[dict[str, int]] = None) -> list[str]:
    """The sorted, distinct lines of documents' sorted lines; with ``shared``, also how many
    documents state each line that two or more state.

    One sort of them all, where runs of each document's lines are already in order: Python's
    sort merges such runs, and adjacent repeats are then dropped (12 s for 11.7 million lines
    where a set and a sort took 20 s, and the set's memory is not needed).

    >>> counts = {}
    >>> merged_lines([["a", "c"], ["b", "c"]], counts), counts
    (['a', 'b', 'c'], {'c': 2})
    """
    every = [line for lines in graphs for line in lines]
    every.sort()
    if shared is not None:
        repeats = Counter(a for a, b in zip(every, itertools.islice(every, 1, None)) if a == b)
        shared.update((line, n + 1) for line, n in repeats.items())
    return [line for line, _ in itertools.groupby(every)]


def _fill_cache(resolved, digests: list[str], options: dict, cache: GraphCache, jobs: int,
                batch: int = 1000) -> None:
    """Make and cache the graph lines of every extraction the cache lacks, ``batch`` at a
    time (memory holds one batch of lines)."""
    todo = [i for i, digest in enumerate(digests) if cache.file(digest) is None]
    for start in range(0, len(todo), batch):
        part = todo[start:start + batch]
        for i, lines in zip(part, _lines_of(resolved, [resolved.extractions[i] for i in part], options, jobs)):
            cache.put(digests[i], lines)


def _document_sources(names: list[str], digests: list[str], cache: GraphCache) -> Iterator[tuple[str, Any]]:
    """Each document's name and its cached graph's file, in name order; two files with the
    same bytes are one document, whose lines are the union of their graphs'."""
    by_name: dict[str, list[str]] = {}
    for name, digest in zip(names, digests):
        by_name.setdefault(name, []).append(digest)
    for name in sorted(by_name):
        files = [cache.file(digest) for digest in sorted(set(by_name[name]))]
        if any(file is None for file in files):
            raise GraphError(f"{cache.folder}: a cached document graph went missing during the build")
        if len(files) == 1:
            yield name, files[0]
        else:
            yield name, sorted(set().union(*(split_lines(file.read_bytes()) for file in files)))


def _cached_lines(resolved, digests: list[str], indices: list[int], options: dict, cache: Optional[GraphCache],
                  jobs: int) -> list[list[str]]:
    """The graph lines of the extractions at ``indices``: from the cache, or made (and cached)."""
    known = [cache.get(digest) if cache is not None else None for digest in digests]
    todo = [k for k, lines in enumerate(known) if lines is None]
    made = _lines_of(resolved, [resolved.extractions[indices[k]] for k in todo], options, jobs)
    for k, lines in zip(todo, made):
        known[k] = lines
        if cache is not None:
            cache.put(digests[k], lines)
    return known


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
