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
import shutil
from collections.abc import Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import networkx as nx
from rdflib import Dataset, Graph

from kg.cache import ExtractionCache, group_memo, keep_groups
from kg.extract import extract
from kg.graph.ntriples import document_digest, document_lines, document_name
from kg.graph.to_networkx import coauthor_graph, employer_graph, full_graph
from kg.graph.to_rdf import DEFAULT_BASE, build_dataset, check_base
from kg.graph.vocab import KG
from kg.model import Extraction, PackedExtraction
from kg.parallel import Failure, extract_all, started_pool, worker_pool
from kg.limits import Limits, time_budget
from kg.readers import iter_paths, read, source_name
from kg.resolve.merge import Resolved, document_people, pack, resolution_slice, resolve
from kg.store import Store
from kg.store.memory import MemoryStore
from kg.store.patch import Change, state_digest

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
    extractions: Sequence[Extraction]
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


class Extractions(Sequence):
    """A build's extractions, in input order. A store build keeps them packed
    (``PackedExtraction``: a sixth of the memory at 10,000 CVs) and one is unpacked when read."""

    def __init__(self, items: list) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_unpacked(item) for item in self._items[index]]
        return _unpacked(self._items[index])


def _unpacked(item):
    return item.unpacked() if isinstance(item, PackedExtraction) else item


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
    with paused_collector(), ExitStack() as stack:
        files = _inputs(paths)
        # the graph-line workers are forked now, while this process is small: forked after
        # extraction (4.2 GB at 100,000 CVs), they kept the old copy of every page it touched
        # afterwards (3 GB more for the build); they get what they need as arguments
        lines_pool = (stack.enter_context(started_pool(jobs))
                      if store is not None and jobs > 1 and len(files) >= PARALLEL_LINES else None)
        return _build(files, base, contacts, min_confidence, progress, jobs, scheduler, store, cache, limits,
                      lines_pool)


@contextmanager
def paused_collector():
    """Python's cyclic garbage collector off for the block, on again after (if it was on).

    A build allocates millions of long-lived objects (cached extractions, names, graph
    lines) and makes few cycles; the collector kept scanning them all as they grew: loading
    10,000 cached extractions took 3.7 s with it and 0.6 s without. Objects without cycles
    are freed as always; cycles made meanwhile are collected after the block (worker pools
    freeze the objects alive when they fork: they are unfrozen after the block as well).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _build(files: list[Path], base: str, contacts: bool, min_confidence: float, progress, jobs: int, scheduler,
           store, cache, limits: Optional[Limits], lines_pool=None) -> Build:
    limits = limits or Limits.from_env()
    lean = store is not None or cache is not None
    # contact details reach no file unless asked for: without --contacts the cache keeps none
    shelf = "extractions-with-contacts" if contacts else "extractions"
    extraction_cache = ExtractionCache(Path(cache) / shelf) if cache is not None else None
    extractions, failures, extracted = _extract(files, jobs, scheduler, extraction_cache, progress, lean, limits,
                                                contacts, packed=store is not None)
    options = {"base": base, "contacts": contacts, "min_confidence": min_confidence}
    if failures and not extractions:
        store = None  # nothing could be read: leave a previous build's store as it was
    change = None
    # the resolution is handed on, not kept here: a store build lets it go once the documents'
    # lines are written (2 GB at 100,000 CVs), before the merge and Oxigraph's load
    if store is None:
        dataset, graph = build_dataset(_resolution(extractions, extraction_cache, cache), **options)
        target: Store = MemoryStore(dataset, graph)
    else:
        target, change = _fill_store(Path(store), _resolution(extractions, extraction_cache, cache), options, jobs,
                                     lines_pool)
        if cache is not None:  # the document graphs older builds kept: the store holds them
            shutil.rmtree(Path(cache) / "graphs", ignore_errors=True)
    if extraction_cache is not None:
        extraction_cache.prune()
        extraction_cache.save_files()
    warnings = [w for e in extractions for w in e.warnings]
    return Build(target, Extractions(extractions), failures, warnings, extracted, change)


def _resolution(extractions: list, extraction_cache: Optional[ExtractionCache], cache) -> Resolved:
    """The extractions resolved, with each document's people the cache kept (they are let go
    from it: what the documents say about their people serves resolution only)
    and the surname groups of the last build; this build's groups are kept for the next."""
    people = None
    if extraction_cache is not None:
        people = [extraction_cache.people.get(e.document.checksum) for e in extractions]
        extraction_cache.people.clear()
    memo = group_memo(Path(cache)) if cache is not None else None
    resolved = resolve(extractions, people, memo)
    if memo is not None:
        keep_groups(Path(cache), memo)
    return resolved


def _extract(files: list[Path], jobs: int, scheduler: Any, cache: Optional[ExtractionCache],
             progress: Optional[Callable[[Path], None]], lean: bool, limits: Limits, contacts: bool = False,
             packed: bool = False):
    """Every file's extraction (packed when ``packed``; without its document's lines when
    ``lean``) or failure, the failures, and how many files were extracted, not recalled."""
    extractions: list[Extraction | PackedExtraction] = []
    failures: list[Failure] = []
    fresh: set[str] = set()

    def recall(path: Path):  # unchanged since the last build: not even read
        return cache.recall(path, limits.max_file_bytes)

    def known(path: Path, data: bytes):
        found = cache.get(data, source_name(path), path) if cache is not None else None
        if found is None:
            fresh.add(str(path))
            pending[str(path)] = data
        elif isinstance(found, PackedExtraction) and found.document.checksum not in cache.people:
            people = cache.people[found.document.checksum] = document_people(found)
            cache.put(data, found, people)  # an entry from before, or resolution code changed since
        return found

    pending: dict[str, bytes] = {}
    for path, outcome in extract_all(files, jobs=jobs, scheduler=scheduler, skip=known, limits=limits,
                                     recall=recall if cache is not None else None):
        data = pending.pop(str(path), None)
        if isinstance(outcome, Extraction):  # extracted now
            outcome = _trimmed(outcome, lean, contacts)
            kept = pack(outcome) if packed or cache is not None else outcome
            if cache is not None and data is not None:
                cache.people[outcome.document.checksum] = people = document_people(outcome)
                cache.put(data, kept, people)
            outcome = kept if packed else outcome
        elif isinstance(outcome, PackedExtraction) and not packed:  # from the cache
            outcome = outcome.unpacked()
        elif isinstance(outcome, Failure) and cache is not None and data is not None:
            cache.put(data, outcome)
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            extractions.append(outcome)
        if progress:
            progress(path)
    return extractions, failures, len(fresh)


def _trimmed(extraction: Extraction, lean: bool, contacts: bool) -> Extraction:
    """The extraction without its document's lines when ``lean``, and without the owner's
    contact details unless ``contacts``."""
    if lean:
        extraction = dataclasses.replace(extraction, document=dataclasses.replace(extraction.document, lines=()))
    if not contacts and extraction.contacts:
        extraction = dataclasses.replace(extraction, owner=dataclasses.replace(extraction.owner, contacts=()))
    return extraction


def _fill_store(path: Path, resolved, options: dict, jobs: int = 1, pool=None) -> tuple[Store, Optional[Change]]:
    """Write every document's graph into the store at ``path``, touching only what changed;
    with the ``Change`` when the store was updated in place (None when written whole).

    A store written whole gets the documents' lines as they are made, a batch at a time and
    in name order, into its documents' file (the lines are never all in memory). They were
    cached in ``.kg/graphs`` as well: a second copy of the same 1.8 GB at 10,000 CVs that
    only a build with a deleted store read, and making the lines again takes as long as
    copying them (``_document_graphs``)."""
    from kg.store.oxigraph import OxigraphStore

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
    store.set_state(None)  # an interrupted update leaves the store marked for a full rewrite
    change = None
    if incremental:
        graphs = dict(_document_graphs(resolved, names, options, jobs,
                                       [i for i, name in enumerate(names) if name in changing], pool))
        added, removed = store.change(graphs, dropped)
        if graphs or dropped:
            store.update(graphs, dropped, added, removed)  # kg-merged.nt's edits noted, not copied
        change = Change(state_digest(before), state_digest(state), graphs, dropped, added, removed)
    else:
        documents = _document_graphs(resolved, names, options, jobs, pool=pool)
        del resolved  # the generator holds it until the last document's lines are made
        store.rewrite_from(documents, jobs)
    store.flush()
    store.set_state(state)
    store.close()  # the build's result reads a snapshot, so the next build can write
    return OxigraphStore(path, read_only=True), change


#: Documents whose graph lines a full build makes at a time: memory holds one batch (the
#: parent of a 10,000-CV build kept 190 MB more after batches of 1,000, 95 MB after 250).
LINES_BATCH = 250


def _document_graphs(resolved, names: list[str], options: dict, jobs: int,
                     indices: Optional[list[int]] = None, pool=None) -> Iterator[tuple[str, list[str]]]:
    """Each document's name and its graph's sorted lines, in name order, for the extractions
    at ``indices`` (all by default), made ``LINES_BATCH`` at a time by one pool of ``jobs``
    worker processes when there are many (``pool`` when given, else one made here). Two
    files with the same bytes are one document: its lines are the union of their graphs'.

    A worker gets the extraction and only the part of the resolution it needs (its names'
    IRIs and labels), so the work ships and scales like extraction does.
    """
    order = sorted(range(len(names)) if indices is None else indices, key=lambda i: (names[i], i))
    many = jobs > 1 and len(order) >= PARALLEL_LINES
    own = worker_pool(jobs) if many and pool is None else None
    pool = (pool or own) if many else None
    name: Optional[str] = None
    lines: list[str] = []
    try:
        for start in range(0, len(order), LINES_BATCH):
            part = order[start:start + LINES_BATCH]
            if pool is None:
                batch = [_lines_job((resolved, resolved.extractions[i], options)) for i in part]
            else:
                work = ((resolution_slice(resolved, resolved.extractions[i]), resolved.extractions[i], options)
                        for i in part)
                batch = list(pool.map(_lines_job, work, chunksize=16))
            for i, made in zip(part, batch):
                if names[i] == name:
                    lines = sorted(set(lines) | set(made))
                    continue
                if name is not None:
                    yield name, lines
                name, lines = names[i], made
            del batch
    finally:
        if own is not None:
            own.shutdown(cancel_futures=True)
    if name is not None:
        yield name, lines


def _lines_job(job) -> list[str]:
    resolved, extraction, options = job
    extraction = _unpacked(extraction)
    return document_lines(resolved, [extraction], **options).get(document_name(extraction, options["base"]), [])


def _inputs(paths: Iterable[str | Path]) -> list[Path]:
    paths = list(paths)
    if not paths:
        from kg.samples import sample_paths

        return sample_paths()
    return iter_paths(paths)
