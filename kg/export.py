"""Serializers: Turtle, N-Triples, JSON-LD, TriG, GraphML and the facts TSV.

Every writer is deterministic: the same graph gives the same bytes (sorted triples and
nodes, no blank nodes, no timestamps), and every file is written atomically (a temporary
file beside it, then a rename) so an interrupted run leaves the previous file intact.
Each takes an rdflib graph or a ``kg.store`` store; Turtle, N-Triples and TriG come from
the store's sorted N-Triples lines (``kg.store.turtle``), so an rdflib graph and the
on-disk store holding the same triples give the same bytes.
"""
from __future__ import annotations

import heapq
import itertools
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from rdflib import Dataset, Graph

from kg.errors import GraphError
from kg.queries import one_line, run_query
from kg.store import Store
from kg.store.memory import MemoryStore

FORMATS = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "trig": ".trig",
           "graphml": ".graphml", "tsv": ".tsv"}


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise GraphError(f"{path}: cannot write ({error.strerror})") from None
    return path


def write_streamed(path: Path, pieces: Iterable[bytes], header: Callable[[], str] = str) -> Path:
    """Write UTF-8 ``pieces`` to ``path`` atomically, one at a time, after ``header()``
    (asked for once the pieces are written: a Turtle header names the prefixes its body
    used). Memory holds one piece, where joining a gigabyte of Turtle first held it several
    times over (a string with one non-ASCII character takes four bytes per character)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writing(path) as temporary:
        fd, body = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        temporary.append(body)
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
        head = header().encode("utf-8")
        if head:
            _assemble(path, head, [body], consume=True)
        else:
            os.replace(body, path)
    return path


@contextmanager
def _writing(path: Path) -> Iterator[list[str]]:
    """Around writing ``path``: the temporary files put in the list it yields are deleted
    after, and an ``OSError`` becomes a one-line ``GraphError`` naming ``path``."""
    temporary: list[str] = []
    try:
        yield temporary
    except OSError as error:
        raise GraphError(f"{path}: cannot write ({error.strerror})") from None
    finally:
        for name in temporary:
            Path(name).unlink(missing_ok=True)


#: Below this many bytes of N-Triples, Turtle is written in this process.
PARALLEL_TURTLE = 64 << 20


def write_turtle_file(source: Path, path: Path, prefixes: dict[str, str], jobs: Optional[int] = None,
                      least: Optional[int] = None) -> Path:
    """``start_turtle_file`` finished."""
    return start_turtle_file(source, path, prefixes, jobs, least)()


def start_turtle_file(source: Path, path: Path, prefixes: dict[str, str], jobs: Optional[int] = None,
                      least: Optional[int] = None) -> Callable[[], Path]:
    """Turtle of ``source`` (sorted, distinct N-Triples lines, such as ``kg-merged.nt``) into
    ``path``, atomically, in ``jobs`` processes (default: all cores) when it is over
    ``least`` bytes (default ``PARALLEL_TURTLE``), begun: call what it returns to finish it.

    The file is cut into byte ranges between subjects; each process writes the blocks of its
    range to a file of its own and says which prefixes they used; the header and the parts
    are then joined by kernel copies. The bytes are those of one writer: a part ends its last
    block with `` .\n`` and the next starts a block, so a blank line goes between them.
    """
    jobs = jobs or os.cpu_count() or 1
    least = PARALLEL_TURTLE if least is None else least
    cuts = subject_cuts(source, jobs) if jobs > 1 and source.stat().st_size >= least else []
    if len(cuts) < 3:  # one range: one writer, here
        cuts = [0, source.stat().st_size]
    return _write_in_parts(path, prefixes, _turtle_range,
                           [(str(source), start, stop, prefixes) for start, stop in zip(cuts, cuts[1:])])


def write_trig_file(source: Path, runs: list[tuple[str, int, int]], path: Path, prefixes: dict[str, str],
                    jobs: Optional[int] = None, least: Optional[int] = None) -> Path:
    """``start_trig_file`` finished."""
    return start_trig_file(source, runs, path, prefixes, jobs, least)()


def start_trig_file(source: Path, runs: list[tuple[str, int, int]], path: Path, prefixes: dict[str, str],
                    jobs: Optional[int] = None, least: Optional[int] = None) -> Callable[[], Path]:
    """TriG of named graphs whose sorted N-Triples lines are byte ranges of ``source``
    (``runs``: graph IRI as ``<…>``, start, stop; in graph order) into ``path``, atomically,
    in ``jobs`` processes (default: all cores) when they hold over ``least`` bytes (default
    ``PARALLEL_TURTLE``): each writes the graphs of one share of the runs, as
    ``start_turtle_file`` does for Turtle. The bytes are those of one writer. Begun: call
    what it returns to finish it."""
    runs = [run for run in runs if run[2] > run[1]]  # a graph without lines is not written
    total = sum(stop - start for _, start, stop in runs)
    jobs = jobs or os.cpu_count() or 1
    least = PARALLEL_TURTLE if least is None else least
    if jobs < 2 or len(runs) < 2 or total < least:  # one share: one writer, here
        jobs = 1
    shares: list[list[tuple[str, int, int]]] = [[]]
    done = 0
    for run in runs:  # about equal bytes per share, graphs whole
        if done >= total * len(shares) / jobs and len(shares) < jobs:
            shares.append([])
        shares[-1].append(run)
        done += run[2] - run[1]
    return _write_in_parts(path, prefixes, _trig_share, [(str(source), share, prefixes) for share in shares])


def _write_in_parts(path: Path, prefixes: dict[str, str], worker: Callable, jobs: list[tuple]) -> Callable[[], Path]:
    """Turtle or TriG in parts, begun: ``start_in_parts`` with the header of the prefixes the
    workers used, and a blank line between parts; call what it returns to finish ``path``."""
    from kg.store.turtle import prefix_header

    finish = start_in_parts(path, worker, jobs,
                            lambda used: prefix_header(set().union(*used), prefixes).encode("utf-8"), b"\n")

    def written() -> Path:
        finish()
        return path

    return written


def in_parts(path: Path, worker: Callable, jobs: list[tuple], head: Callable[[list], bytes],
             between: bytes = b"") -> list:
    """Run ``worker((*job, part file))`` for each job in its own process, then write ``path``
    atomically: ``head(the workers' results)``, then the parts that are not empty with
    ``between`` between each two (joined by kernel copies). The workers' results, in order."""
    return start_in_parts(path, worker, jobs, head, between)()


def start_in_parts(path: Path, worker: Callable, jobs: list[tuple], head: Callable[[list], bytes],
                   between: bytes = b"") -> Callable[[], list]:
    """``in_parts`` begun: the workers run in their own processes while the caller goes on
    (kg build runs the facts query meanwhile). The function it returns waits for them, writes
    ``path`` and gives their results; call it also when the caller failed in between, to
    remove the parts. One job runs in this process, when that function is called."""
    import concurrent.futures
    import multiprocessing

    from kg.parallel import die_with_parent

    path.parent.mkdir(parents=True, exist_ok=True)
    parts: list[str] = []
    pool, futures = None, []
    with _writing(path) as failed:  # a failure here: one line, and the parts made so far deleted
        try:
            for _ in jobs:
                fd, part = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
                os.close(fd)
                parts.append(part)
            if len(jobs) > 1:
                # fork where there is one (the children only read and write files): spawning would
                # import the caller's main module again, which a script without a main guard forbids
                methods = multiprocessing.get_all_start_methods()
                context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
                pool = concurrent.futures.ProcessPoolExecutor(len(jobs), mp_context=context,
                                                              initializer=die_with_parent, initargs=(os.getpid(),))
                futures = [pool.submit(worker, (*job, part)) for job, part in zip(jobs, parts)]
        except BaseException:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            failed.extend(parts)
            raise

    def finish() -> list:
        with _writing(path) as temporary:
            temporary.extend(parts)
            try:
                results = [future.result() for future in futures] if pool else [worker((*jobs[0], parts[0]))]
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
            _assemble(path, head(results), parts, between=between, consume=True)
        return results

    return finish


def subject_cuts(source: Path, parts: int) -> list[int]:
    """Offsets cutting the sorted N-Triples file ``source`` into about ``parts`` equal byte
    ranges, each cut at the start of a line whose subject differs from the line before it."""
    import mmap

    size = source.stat().st_size
    cuts = [0]
    if size:
        with open(source, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for k in range(1, parts):
                at = max(data.find(b"\n", size * k // parts) + 1, cuts[-1])
                if 0 < at < size:
                    before = data.rfind(b"\n", 0, at - 1) + 1
                    subject = data[before:data.find(b" ", before) + 1]
                    while 0 < at < size and data[at:at + len(subject)] == subject:
                        at = data.find(b"\n", at) + 1
                cuts.append(size if at <= 0 else at)
    cuts.append(size)
    return sorted(set(cuts))


def _turtle_range(job) -> set[str]:
    """Write the Turtle blocks of one byte range of a sorted N-Triples file (a worker's job);
    the prefixes they used."""
    from kg.store.oxigraph import file_chunks
    from kg.store.turtle import _blocks, _Names

    source, start, stop, prefixes, out = job
    names = _Names(prefixes)
    with open(out, "wb") as handle:
        for piece in _blocks(file_chunks(Path(source), 1 << 24, start, stop), names, ""):
            handle.write(piece)
    return names.used


def _trig_share(job) -> set[str]:
    """Write the TriG of one share of the named graphs (a worker's job); the prefixes used."""
    from kg.store.turtle import _Names, trig_graphs

    source, share, prefixes, out = job
    names = _Names(prefixes)
    with open(source, "rb") as data, open(out, "wb") as handle:
        def graphs():
            for name, start, stop in share:  # one document's run: a few hundred lines
                yield name, [os.pread(data.fileno(), stop - start, start).split(b"\n")[:-1]]

        for piece in trig_graphs(graphs(), names):
            handle.write(piece)
    return names.used


def copy_file(source: Path, path: Path) -> Path:
    """``source``'s bytes into ``path``, atomically, by a kernel copy where it can."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writing(path):
        _assemble(path, b"", [source])
    return path


def _assemble(path: Path, head: bytes, parts: Iterable[str | Path], between: bytes = b"",
              consume: bool = False) -> None:
    """Write ``path`` atomically: ``head``, then the files ``parts`` that are not empty,
    ``between`` between each two, copied by the kernel where it can. With ``consume`` (the
    parts are temporary) each part is deleted once copied: the disk holds the output and
    one part beyond it, not the output twice (at 100,000 CVs, 12 GB of Turtle and TriG)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(head)
            gap = b""
            for part in parts:
                with open(part, "rb") as handle:
                    if os.fstat(handle.fileno()).st_size:
                        out.write(gap)
                        _append(handle, out)
                        gap = between
                if consume:
                    Path(part).unlink()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _append(source, out) -> None:
    """Copy the open file ``source`` to the end of ``out``: in the kernel where it can."""
    out.flush()
    size, offset = os.fstat(source.fileno()).st_size, 0
    while offset < size:
        try:
            sent = os.copy_file_range(source.fileno(), out.fileno(), size - offset, offset)
        except (AttributeError, OSError):
            sent = 0
        if sent <= 0:  # no copy_file_range here (or it refused): through Python
            source.seek(offset)
            shutil.copyfileobj(source, out, 1 << 24)
            return
        offset += sent
    out.seek(0, os.SEEK_END)  # the kernel moved the file's offset, not the buffered writer's


def _store(graph: Graph | Store) -> Store:
    return graph if isinstance(graph, Store) else MemoryStore(graph=graph)


def _rdflib(graph: Graph | Store) -> Graph:
    return graph.graph() if isinstance(graph, Store) else graph


def turtle(graph: Graph | Store) -> str:
    """Deterministic Turtle: subjects sorted, one block each (see ``kg.store.turtle``)."""
    return _store(graph).serialize("turtle")


def ntriples(graph: Graph | Store) -> str:
    """Sorted canonical N-Triples."""
    return _store(graph).serialize("ntriples")


def jsonld(graph: Graph | Store) -> str:
    graph = _rdflib(graph)
    context = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces()) if prefix}
    data = json.loads(graph.serialize(format="json-ld", context=context))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    nodes.sort(key=lambda n: n.get("@id", ""))
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def trig(dataset: Dataset | Store) -> str:
    """Deterministic TriG: one block per document's named graph, in IRI order."""
    return (dataset if isinstance(dataset, Store) else MemoryStore(dataset)).serialize("trig")


def facts_tsv(graph: Graph | Store) -> str:
    """The direct facts as ``subject  relation  object`` rows with a header, via SPARQL."""
    result = run_query(graph, "facts", sort=False)  # facts_text sorts the rows as it writes them
    return facts_text(result.rows, result.columns)


def facts_text(rows, columns) -> str:
    """facts.tsv of query rows: each value on one line, rows distinct and sorted as written
    (so a rebuild can splice the file: ``kg.store.patch.patch_facts``)."""
    cleaned = {_cleaned(row) for row in rows}
    return "\n".join("\t".join(row) for row in [tuple(columns), *sorted(cleaned)]) + "\n"


def _cleaned(row: tuple) -> tuple[str, ...]:
    """A facts row as facts.tsv writes it: each value on one line, unbound as empty."""
    return tuple("" if v is None else one_line(v) for v in row)


def _tsv_lines(rows: Iterable[tuple]) -> list[bytes]:
    """The distinct facts.tsv lines of ``rows``, sorted."""
    return [("\t".join(row) + "\n").encode("utf-8") for row in sorted({_cleaned(row) for row in rows})]


#: The facts query (``kg/queries/facts.rq``) for owners with given labels: the subject is
#: bound first and labels are looked up per row (facts.rq hashes every label instead, which
#: pays off for the whole graph only). The tests hold the two to the same rows.
_FACTS_OF = """
PREFIX kg: <https://w3id.org/kg-cv/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?subject ?relation ?object WHERE {
  VALUES ?subject { %s }
  ?s rdfs:label ?subject .
  {
    ?s kg:describedBy ?document .
    { ?s kg:coauthoredWith ?o . BIND ("coauthored_with" AS ?relation) }
    UNION { ?s kg:advisedBy ?o . BIND ("advised_by" AS ?relation) }
    ?o rdfs:label ?object .
  } UNION {
    ?s kg:describedBy ?document .
    { ?s kg:workedAt ?o . BIND ("worked_at" AS ?relation) }
    UNION { ?s kg:studiedAt ?o . BIND ("studied_at" AS ?relation) }
    ?o rdfs:label ?label .
    OPTIONAL { ?r kg:holder ?s ; kg:organization ?o ; kg:source ?document ; kg:nameAsWritten ?written . }
    BIND (COALESCE(?written, ?label) AS ?object)
  }
}"""


def facts_rows(store: Store, labels) -> list[tuple]:
    """The facts rows (``facts_tsv``'s, unsorted) of the owners labelled with one of ``labels``."""
    import pyoxigraph as ox

    values = " ".join(str(ox.Literal(label)) for label in sorted(labels))
    return list(store.run(_FACTS_OF % values, {}).rows)


def graphml(graph: Graph | Store) -> str:
    """The NetworkX projection as GraphML (lists joined with "; " for Gephi and Cytoscape)."""
    import networkx as nx

    from kg.graph.to_networkx import full_graph

    projection = nx.MultiDiGraph()
    network = full_graph(_rdflib(graph))
    for node, data in sorted(network.nodes(data=True)):
        projection.add_node(node, **_flat(data))
    for a, b, key, data in sorted(network.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        projection.add_edge(a, b, key=key, **_flat(data))
    return "\n".join(nx.generate_graphml(projection)) + "\n"


def _flat(data: dict) -> dict:
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in data.items()}


def export(graph: Graph | Store, path: str | Path, fmt: str | None = None, dataset: Dataset | None = None) -> Path:
    """Write ``graph`` (an rdflib graph or a store) to ``path`` in ``fmt`` (guessed from the suffix
    when omitted); TriG names one graph per document when the store or ``dataset`` has them."""
    path = Path(path)
    fmt = fmt or next((f for f, suffix in FORMATS.items() if path.suffix == suffix), None)
    if fmt not in FORMATS:
        raise GraphError(f"{path}: unknown export format (use one of {', '.join(FORMATS)})")
    if fmt == "trig":
        return write_trig(dataset if dataset is not None else _store(graph), path)
    if fmt in {"turtle", "ntriples"}:
        return _store(graph).write(fmt, path)
    if fmt == "tsv":
        return write_facts(graph, path)
    writers = {"jsonld": jsonld, "graphml": graphml}
    return write_atomic(path, writers[fmt](graph))


def write_turtle(graph: Graph | Store, path: str | Path) -> Path:
    """``turtle(graph)`` written into ``path``, a piece at a time."""
    return start_turtle(graph, path)()


def start_turtle(graph: Graph | Store, path: str | Path) -> Callable[[], Path]:
    """``write_turtle`` begun: a store's large graph is written by worker processes while
    the caller goes on; call what it returns to finish it."""
    return _store(graph).start_write("turtle", path)


def write_trig(dataset: Dataset | Store, path: str | Path) -> Path:
    """``trig(dataset)`` written into ``path``, a piece at a time."""
    return start_trig(dataset, path)()


def start_trig(dataset: Dataset | Store, path: str | Path) -> Callable[[], Path]:
    """``write_trig`` begun, as ``start_turtle``."""
    return (dataset if isinstance(dataset, Store) else MemoryStore(dataset)).start_write("trig", path)


#: Rows of facts.tsv held in memory while a store's are written: each sorted run of this
#: many goes into a temporary file beside the output, and the runs are merged into it.
FACTS_RUN = 100_000


def write_facts(graph: Graph | Store, path: str | Path) -> Path:
    """``facts_tsv(graph)`` written into ``path``; a store's a piece at a time (``facts_pieces``)."""
    if not isinstance(graph, Store):
        return write_atomic(path, facts_tsv(graph))
    path = Path(path)
    return write_streamed(path, facts_pieces(graph, path.parent))


#: Stores of more documents than this have their facts queried per batch of owners
#: (``FACTS_BATCH`` labels at a time) rather than by one query over the whole graph.
FACTS_WHOLE = 20_000
FACTS_BATCH = 2_000

#: The owners' labels (every subject of the facts rows).
_OWNERS = """
PREFIX kg: <https://w3id.org/kg-cv/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?subject WHERE { ?s kg:describedBy ?document . ?s rdfs:label ?subject }"""


def facts_pieces(store: Store, folder: str | Path) -> Iterator[bytes]:
    """``facts_tsv(store)`` as UTF-8 pieces, the rows never all in memory.

    A store that keeps the merged lines the query reads (``kg.store.facts``: a full
    build's) gives the rows from them, sorted through runs as below: 3.7 s at 10,000 CVs,
    where the query took 8-9 s. Over ``FACTS_WHOLE`` documents, a store that keeps only
    its merged lines (a rebuild edited them) gives the rows from a selection of them
    (14 s at 10,000 CVs). Otherwise, up to ``FACTS_WHOLE`` documents, the facts query runs
    once over the whole graph (0.4-0.5 GB) and its rows stream through sorted runs in
    temporary files in ``folder`` (``_sorted_lines``; without DISTINCT: merging the runs
    drops repeated rows). Over it, the rows are asked for per batch of owners' labels, in
    label order (``facts_rows``): at 100,000 CVs Oxigraph's evaluation of the whole-graph
    query grew past 24 GB before its first row, where a batch of 2,000 owners' labels took
    0.3 GB (and 25 s; the batches took 29 minutes in all)."""
    from kg.queries import prepare_query
    from kg.store.facts import facts_rows as rows_of

    whole = len(store.documents()) <= FACTS_WHOLE
    lines = store.facts_lines(Path(folder), select=not whole)
    if lines is not None:  # the rows joined from the merged lines the query reads
        yield b"subject\trelation\tobject\n"
        yield from _chunks(_sorted_lines(rows_of(lines), Path(folder)))
        return
    text = prepare_query("facts", None)[0]
    if "SELECT DISTINCT" not in text:
        raise GraphError("the facts query has changed shape: facts_pieces expects SELECT DISTINCT")
    if whole:
        columns, rows = store.solutions(text.replace("SELECT DISTINCT", "SELECT", 1), {})
        yield ("\t".join(columns) + "\n").encode("utf-8")
        yield from _chunks(_sorted_lines(rows, Path(folder)))
        return
    yield b"subject\trelation\tobject\n"
    for batch in _owner_batches(store):
        yield b"".join(_tsv_lines(facts_rows(store, batch)))


def _owner_batches(store: Store) -> Iterator[list[str]]:
    """The owners' labels in batches of about ``FACTS_BATCH``, in the order of their rows
    (by the label as a row writes it, ``one_line``): labels written alike share a batch,
    so each batch's rows follow the last batch's."""
    labels = sorted({row[0] for row in store.run(_OWNERS, {}).rows if row[0] is not None},
                    key=lambda label: (one_line(label), label))
    batch: list[str] = []
    for label in labels:
        if len(batch) >= FACTS_BATCH and one_line(label) != one_line(batch[-1]):
            yield batch
            batch = []
        batch.append(label)
    if batch:
        yield batch


def _sorted_lines(rows: Iterable[tuple], folder: Path) -> Iterator[bytes]:
    """The distinct facts.tsv lines of ``rows`` in ``facts_text``'s order (by the cleaned
    values, as tuples), sorted a run of ``FACTS_RUN`` at a time in unnamed temporary files
    in ``folder`` (gone with the process, however it ends) and merged."""
    runs = []
    try:
        while True:
            batch = list(itertools.islice(rows, FACTS_RUN))
            final = len(batch) < FACTS_RUN
            lines = _tsv_lines(batch)
            del batch
            if final and not runs:  # one run: no file
                yield from lines
                return
            run = tempfile.TemporaryFile(dir=folder)
            runs.append(run)
            run.writelines(lines)
            run.seek(0)
            if final:
                break
        del lines
        last = None
        for line in heapq.merge(*runs, key=_fields):
            if line != last:
                yield line
                last = line
    finally:
        for run in runs:
            run.close()


def _fields(line: bytes) -> list[bytes]:
    """A facts line's sort key: its values, compared one by one as ``facts_text`` does
    (UTF-8 bytes sort as the characters do)."""
    return line[:-1].split(b"\t")


def _chunks(lines: Iterable[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    """``lines`` joined ``size`` at a time, for fewer writes."""
    lines = iter(lines)
    while chunk := b"".join(itertools.islice(lines, size)):
        yield chunk


def start_facts(graph: Graph | Store, path: str | Path) -> Callable[[], Path]:
    """``write_facts``, done here and now (the query runs in this process), in the shape of
    ``start_turtle``."""
    written = write_facts(graph, path)
    return lambda: written
