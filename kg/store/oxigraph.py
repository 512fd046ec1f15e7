"""The on-disk backend: a pyoxigraph store in a folder (``OUT/store/``).

The merged graph is the store's default graph, so queries see exactly the triples
rdflib's merged graph holds. Each document's lines, and how many documents state each
shared line, are kept beside the database (``kg.store.documents``), not in it: an
incremental build replaces a document's lines and edits the merged graph by exactly the
triples only the changed documents stated. ``kg build`` also keeps the merged graph's
sorted lines beside the database (``kg-merged.nt``) for Turtle and rebuilds. Parameters of
named queries are bound as escaped literals (``bind_values``); user text never becomes
query text.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import GraphError, QueryError
from kg.store import MARKER, Store
from kg.store.documents import COUNTS, DocumentLines, LineCounts
from kg.store.facts import FACTS, merged_facts
from kg.store.memory import PREFIXES
from kg.store.merged import EDITS, MERGED, edited, materialized, read_edits, record, scratch_beside
from kg.store.turtle import joined_lines, split_lines

#: Below this many new lines an update is one transaction; above it, Oxigraph's bulk loader.
BULK = 200_000
#: Lines handed to Oxigraph at a time.
CHUNK = 250_000
#: The store's layout: 2 keeps documents' lines beside the database (1 had named graphs in it).
FORMAT = 2
#: A merged-lines file over this size is loaded by Oxigraph's bulk loader.
BULK_BYTES = 32 << 20


class OxigraphStore(Store):
    """A kg store in ``path``; ``create`` starts one there, ``read_only`` lets a writer run beside."""

    def __init__(self, path: Path, *, create: bool = False, read_only: bool = False) -> None:
        self.path = Path(path)
        self.prefixes = dict(PREFIXES)
        if not create and not (self.path / MARKER).is_file():
            what = "no such store" if not self.path.exists() else "not a kg store"
            raise GraphError(f"{self.path}: {what} (run `kg build` first)")
        try:
            if create:
                self.path.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except (OSError, RuntimeError) as error:  # RocksDB reports a store changing underfoot as RuntimeError
            first = (str(error).splitlines() or [type(error).__name__])[0]
            raise GraphError(f"{self.path}: cannot open the store ({first[:200]})") from None
        if not read_only:
            _prune_logs(self.path)
        if create and not (self.path / MARKER).is_file():
            self.set_state({})
        self._graph: Optional[Graph] = None
        self._docs = DocumentLines(self.path)
        self._next_counts: Optional[LineCounts] = None

    # ------------------------------------------------------------------ build state
    def state(self) -> dict[str, str]:
        """Which documents the store holds, each with the digest of what its graph was made from."""
        try:
            documents = json.loads((self.path / MARKER).read_text(encoding="utf-8")).get("documents")
        except (OSError, ValueError):
            return {}
        return documents if isinstance(documents, dict) else {}

    def set_state(self, documents: Optional[dict[str, str]]) -> None:
        """Record the documents the store holds (``None`` while an update is under way)."""
        from kg.export import write_atomic

        marker = {"format": FORMAT, "made by": "kg build", "documents": documents}
        write_atomic(self.path / MARKER, json.dumps(marker, sort_keys=True) + "\n")

    # ------------------------------------------------------------------ writing
    def can_update(self) -> bool:
        """Whether a finished build left what an in-place update reads: the merged lines,
        the documents' lines and the shared lines' counts."""
        return (bool(self.state()) and (self.path / MERGED).is_file() and self._docs.exists()
                and (self.path / COUNTS).is_file())

    def add_documents(self, graphs: Mapping[str, list[str]]) -> None:
        self.update(graphs, (), *self.change(graphs, ()))

    def remove_documents(self, names: Iterable[str]) -> None:
        names = list(names)
        self.update({}, names, *self.change({}, names))

    def change(self, graphs: Mapping[str, list[str]], drop: Iterable[str]) -> tuple[list[str], list[str]]:
        """The merged lines that come and go when ``graphs`` replace their documents and
        ``drop`` go (sorted): work in the size of the change, from the documents' old lines
        and the counts of shared lines. The new counts are written by the next ``update``."""
        counts = self._counts()
        delta: dict[str, int] = {}
        for name in {*graphs, *drop}:
            for line in self._docs.lines(name):
                delta[line] = delta.get(line, 0) - 1
        for lines in graphs.values():
            for line in lines:
                delta[line] = delta.get(line, 0) + 1
        moved = {line: d for line, d in delta.items() if d}
        before = {line: counts.get(line) for line in moved}
        single = self._in_merged([line for line, n in before.items() if not n])
        added, removed, changed = [], [], {}
        for line, d in moved.items():
            old = before[line] or (1 if line in single else 0)
            new = max(0, old + d)
            if not old and new:
                added.append(line)
            elif old and not new:
                removed.append(line)
            if old >= 2 or new >= 2:
                changed[line] = new
        self._next_counts = counts.updated(changed)
        return sorted(added), sorted(removed)

    def _counts(self) -> LineCounts:
        if self._next_counts is not None:
            return self._next_counts
        counts = LineCounts.load(self.path / COUNTS)
        if counts is None and next(iter(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
            return LineCounts()  # an empty store
        if counts is None:
            raise GraphError(f"{self.path}: the store's counts of shared lines are missing or damaged "
                             "(rebuild with kg build --no-cache)")
        return counts

    def _in_merged(self, lines: list[str]) -> set[str]:
        """Those of ``lines`` the merged graph holds."""
        if not lines:
            return set()
        try:
            triples = ox.parse(joined_lines(lines).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
            return {line for line, t in zip(lines, triples)
                    if ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) in self._ox}
        except (OSError, SyntaxError, ValueError) as error:
            raise GraphError(f"{self.path}: cannot read the store ({str(error)[:200]})") from None

    def rewrite_from(self, documents: Iterable[tuple[str, list[str]]], jobs: int = 1) -> None:
        """Hold exactly ``documents`` (name and sorted lines, in name order, consumed one at
        a time): their lines go into the documents' file, the merged lines and counts come
        from merging its sorted runs, and Oxigraph loads ``kg-merged.nt``, so the lines are
        never all in memory. The merge runs in ``jobs`` processes, each over a range of keys."""
        self.clear()
        self._docs.rewrite_from(documents)
        self._docs.merged(self.path / MERGED, jobs=jobs, facts=self.path / FACTS).save(self.path / COUNTS)
        self.load_saved()

    def load_saved(self) -> None:
        """Fill the database from ``kg-merged.nt``: Oxigraph reads the file itself, in
        parallel (35 s for 8.8 million triples, where handing it chunks took 45-50 s), and
        the database is compacted after a bulk load (``compact``)."""
        kept = self.path / MERGED
        try:
            if kept.stat().st_size > BULK_BYTES:
                self._ox.bulk_load(path=str(kept), format=ox.RdfFormat.N_TRIPLES)
                self.compact()
            else:
                self._ox.load(path=str(kept), format=ox.RdfFormat.N_TRIPLES)
        except (OSError, SyntaxError, ValueError) as error:
            raise GraphError(f"{self.path}: cannot write the store ({str(error)[:200]})") from None
        self._graph = None

    def update(self, graphs: Mapping[str, list[str]], drop: Iterable[str], merged_add: Iterable[str],
               merged_remove: Iterable[str]) -> None:
        """Replace documents' lines and edit the merged graph by lines, with the counts
        ``change`` worked out (call it first: it says what ``merged_add`` and
        ``merged_remove`` are; without it, the counts are worked out here)."""
        if self._next_counts is None:
            self.change(graphs, drop)
        (self.path / FACTS).unlink(missing_ok=True)  # what it kept of the merged lines goes stale
        merged_add, merged_remove = list(merged_add), list(merged_remove)
        gone = joined_lines(merged_remove)
        try:
            for triple in ox.parse(gone.encode("utf-8"), ox.RdfFormat.N_TRIPLES) if gone else ():
                self._ox.remove(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
        except (OSError, SyntaxError, ValueError) as error:
            raise GraphError(f"{self.path}: cannot write the store ({str(error)[:200]})") from None
        self._load(merged_add)
        self._docs.update(graphs, drop)
        self._counts().save(self.path / COUNTS)
        if (self.path / MERGED).is_file():  # the kept lines follow: noted as edits, or spliced in
            record(self.path, merged_add, merged_remove)
        self._next_counts = None
        self._graph = None

    def _load(self, lines: list[str]) -> None:
        """Add merged lines to the default graph: Oxigraph's bulk loader for many, a chunk at
        a time (memory stays bounded); one transaction for few."""
        try:
            for start in range(0, len(lines), CHUNK):
                data = joined_lines(lines[start:start + CHUNK]).encode("utf-8")
                if len(lines) > BULK:
                    self._ox.bulk_load(data, ox.RdfFormat.N_TRIPLES)
                else:
                    self._ox.load(data, ox.RdfFormat.N_TRIPLES)
        except (OSError, SyntaxError, ValueError) as error:
            raise GraphError(f"{self.path}: cannot write the store ({str(error)[:200]})") from None
        self._graph = None

    def clear(self) -> None:
        (self.path / FACTS).unlink(missing_ok=True)
        (self.path / MERGED).unlink(missing_ok=True)
        (self.path / EDITS).unlink(missing_ok=True)
        (self.path / COUNTS).unlink(missing_ok=True)
        self._docs.clear()
        self._next_counts = None
        self._ox.clear()
        self._graph = None

    def flush(self) -> None:
        """Write what is in memory to disk (after a bulk load)."""
        self._ox.flush()

    def compact(self) -> None:
        """Merge the database's files into one sorted run per index (RocksDB's compaction).
        The bulk loader writes each batch of triples as its own files, all spanning the
        whole key range (keys are hashes), so a lookup searched every one of them: at
        10,000 CVs a label took 62 µs to look up, 13 µs after compacting, and the facts
        query 19 s, 9 s after (compacting took 10 s)."""
        try:
            self._ox.optimize()
        except (OSError, RuntimeError) as error:
            raise GraphError(f"{self.path}: cannot compact the store ({str(error)[:200]})") from None

    def saved_lines(self) -> Optional[list[str]]:
        """The merged lines a finished build kept in ``kg-merged.nt`` (None otherwise)."""
        if not self.state():
            return None
        try:
            lines = split_lines((self.path / MERGED).read_bytes())
        except (OSError, UnicodeDecodeError):
            return None
        edits = read_edits(self.path)
        return list(edited(lines, edits)) if edits else lines

    def stream_lines(self) -> Iterable[str]:
        """The merged graph's sorted lines; from a reopened store, read from ``kg-merged.nt``
        64 MB at a time rather than whole."""
        kept = self._kept()
        if kept is not None:
            return edited(file_lines(kept), read_edits(self.path))
        return self.lines()

    def facts_lines(self, scratch: Path, select: bool = True) -> Optional[Callable[[], Iterator[bytes]]]:
        """The lines the facts rows are made of (``kg.store.facts``): ``kg-facts.nt``, which a
        full build writes beside ``kg-merged.nt``, or, after a rebuild deleted it and with
        ``select``, those of the edited merged lines (made once, into a temporary file in
        ``scratch``); None for a store without kept lines."""
        if not self.state():
            return None
        kept = self._kept() if select else None
        return merged_facts(self.path, kept, read_edits(self.path) if kept is not None else {}, Path(scratch))

    def _kept(self) -> Optional[Path]:
        """``kg-merged.nt`` when it holds the store's merged graph (a finished build wrote it;
        rebuilds since then may have left edits to it: ``read_edits``)."""
        kept = self.path / MERGED
        return kept if self.state() and kept.is_file() else None

    def write(self, fmt: str, path: str | Path) -> Path:
        """Turtle and N-Triples come from ``kg-merged.nt`` when it holds the graph: Turtle in
        several processes (``kg.export.start_turtle_file``), N-Triples as a copy of it (both
        from a spliced copy when rebuilds left edits). TriG comes from the documents' lines,
        also in several processes."""
        return self.start_write(fmt, path)()

    def start_write(self, fmt: str, path: str | Path) -> Callable[[], Path]:
        from kg.export import copy_file, start_trig_file, start_turtle_file

        kept = self._kept()
        edits = read_edits(self.path) if kept is not None else {}
        if kept is not None and fmt == "turtle":
            if not edits:
                return start_turtle_file(kept, Path(path), self.prefixes)
            return _from_scratch(lambda lines: start_turtle_file(lines, Path(path), self.prefixes),
                                 lambda lines: materialized(self.path, edits, lines), Path(path))
        if kept is not None and fmt == "ntriples":
            written = materialized(self.path, edits, Path(path)) if edits else copy_file(kept, Path(path))
            return lambda: written
        if fmt == "trig" and self.state() and self._docs.exists() and self._docs.runs:
            runs = [(name, *self._docs.runs[name]) for name in self._docs.names()]
            return start_trig_file(self._docs.path, runs, Path(path), self.prefixes)
        written = super().write(fmt, path)
        return lambda: written

    def view_graph(self):
        """What the views read, streamed from ``kg-merged.nt`` when the store was reopened
        (never the whole file in memory at once)."""
        from kg.graph.lines import LinesGraph

        kept = self._kept()
        if kept is not None:
            return LinesGraph(edited(file_lines(kept), read_edits(self.path)))
        return super().view_graph()

    # ------------------------------------------------------------------ reading
    def triples(self, subject: Optional[str] = None, predicate: Optional[str] = None,
                obj: Optional[str] = None) -> list[tuple[str, str, str]]:
        """The merged graph's triples matching a pattern of N-Triples terms (None: any),
        as N-Triples terms: one index lookup, no query to plan."""
        terms = [None if t is None else next(iter(ox.parse(f"<x:s> <x:p> {t} .".encode("utf-8"),
                                                            ox.RdfFormat.N_TRIPLES))).object
                 for t in (subject, predicate, obj)]
        return [(str(q.subject), str(q.predicate), str(q.object))
                for q in self._ox.quads_for_pattern(*terms, ox.DefaultGraph())]

    def documents(self) -> list[str]:
        self._check_documents()
        return self._docs.names()

    def _check_documents(self) -> None:
        """A store an older kg wrote keeps its documents inside the database, where this
        one does not read them: say so rather than answer with none."""
        if self.state() and not self._docs.exists():
            raise GraphError(f"{self.path}: the store was written by an older kg; run kg build again "
                             "to bring it up to date")

    def lines(self) -> list[str]:
        saved = self.saved_lines()
        if saved is not None:
            return saved
        return _sorted_lines(self._ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))

    def document_lines(self, name: str) -> list[str]:
        self._check_documents()
        return self._docs.lines(name)

    def run(self, text: str, bindings: Mapping[str, str], limit: Optional[int] = None):
        from kg.queries import QueryResult

        try:
            result = self._ox.query(bind_values(text, bindings))
            if isinstance(result, ox.QueryBoolean):
                return QueryResult(("ask",), ((str(bool(result)).lower(),),))
            if isinstance(result, ox.QueryTriples):
                rows = tuple(sorted((t.subject.value, t.predicate.value, _text(t.object)) for t in result))
                return QueryResult(("subject", "predicate", "object"), rows[:limit] if limit else rows)
            columns = tuple(v.value for v in result.variables)
            rows = []
            for solution in result:
                rows.append(tuple(_text(solution[i]) for i in range(len(columns))))
                if limit and len(rows) >= limit:
                    break
        except (SyntaxError, OSError, ValueError, TypeError) as error:
            raise _query_error(error) from None
        return QueryResult(columns, tuple(rows))

    def solutions(self, text: str, bindings: Mapping[str, str]) -> tuple[tuple[str, ...], Iterator[tuple]]:
        try:
            result = self._ox.query(bind_values(text, bindings))
        except (SyntaxError, OSError, ValueError, TypeError) as error:
            raise _query_error(error) from None
        if not isinstance(result, ox.QuerySolutions):
            found = self.run(text, bindings)
            return found.columns, iter(found.rows)
        columns = tuple(v.value for v in result.variables)

        def rows() -> Iterator[tuple]:
            try:  # Oxigraph evaluates as the rows are asked for: its errors come from here
                for solution in result:
                    yield tuple(_text(solution[i]) for i in range(len(columns)))
            except (SyntaxError, OSError, ValueError, TypeError) as error:
                raise _query_error(error) from None

        return columns, rows()

    def graph(self) -> Graph:
        if self._graph is None:
            graph = Graph()
            for prefix, namespace in self.prefixes.items():
                graph.bind(prefix, namespace)
            graph.parse(data="\n".join(self.lines()), format="nt")
            self._graph = graph
        return self._graph

    def __len__(self) -> int:
        solution = next(iter(self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
        return int(solution["n"].value)

    def close(self) -> None:
        self._ox = None
        self._graph = None


def _query_error(error: Exception) -> QueryError:
    first = (str(error).splitlines() or [type(error).__name__])[0]
    return QueryError(f"query failed: {first}")


def _from_scratch(start: Callable[[Path], Callable[[], Path]], fill: Callable[[Path], Path],
                  beside: Path) -> Callable[[], Path]:
    """``start(lines)`` begun on a scratch file beside ``beside`` that ``fill`` writes; the
    scratch file is deleted once the write is finished (or failed)."""
    scratch = scratch_beside(beside)
    try:
        finish = start(fill(scratch))
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise

    def finished() -> Path:
        try:
            return finish()
        finally:
            scratch.unlink(missing_ok=True)

    return finished


def bind_values(text: str, bindings: Mapping[str, str]) -> str:
    r"""The query with each bound variable replaced by its value as an escaped literal.

    Oxigraph's ``substitutions`` only bind projected variables, and the named queries
    filter on parameters they do not project; a leading ``VALUES`` block binds them but
    defeats Oxigraph's join ordering (the explain query took minutes instead of 0.2 s). So
    each token of a bound variable outside strings, IRIs and comments is replaced by the
    literal pyoxigraph's ``Literal`` writes (escaped N-Triples): user text is always one
    literal, never query text.

    >>> bind_values('SELECT ?x WHERE { ?x ?p ?name } # ?name', {"name": 'a" } DROP ALL {'})
    'SELECT ?x WHERE { ?x ?p "a\\" } DROP ALL {" } # ?name'
    """
    if not bindings:
        return text
    values = {name: str(ox.Literal(value)) for name, value in bindings.items()}

    def replace(match: re.Match) -> str:
        token = match.group()
        return values.get(token[1:], token) if match.lastgroup == "var" else token

    return _TOKEN.sub(replace, text)


_TOKEN = re.compile(r"""
    (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<long>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3})
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)
""", re.VERBOSE)


def file_chunks(path: Path, block: int = 1 << 26, start: int = 0, stop: Optional[int] = None) -> Iterator[list[bytes]]:
    """The lines of a file (of its bytes ``start:stop``, cut at line ends) as lists of
    UTF-8 lines without their newlines, one list per ``block`` bytes read."""
    with path.open("rb") as data:
        data.seek(start)
        left = -1 if stop is None else stop - start
        rest = b""
        while left:
            chunk = data.read(block if left < 0 else min(block, left))
            if not chunk:
                break
            left = left if left < 0 else left - len(chunk)
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            rest = chunk[cut:]
            yield chunk[:cut].split(b"\n")[:-1]
        if rest:
            yield [rest]


def file_lines(path: Path, block: int = 1 << 26, start: int = 0, stop: Optional[int] = None) -> Iterator[str]:
    """The lines of a UTF-8 file (of its bytes ``start:stop``, cut at line ends), read
    ``block`` bytes at a time."""
    for lines in file_chunks(path, block, start, stop):
        yield from [line.decode("utf-8") for line in lines]


def _prune_logs(folder: Path, keep: int = 3) -> None:
    """Delete all but the newest ``keep`` of RocksDB's old info logs (``LOG.old.<time>``): it
    starts a new one each time the store is opened for writing and keeps a thousand."""
    old = sorted(folder.glob("LOG.old.*"), key=lambda path: path.name)
    for path in old[:-keep] if keep else old:
        path.unlink(missing_ok=True)


def _text(term) -> Optional[str]:
    return None if term is None else term.value


def _sorted_lines(data: bytes) -> list[str]:
    return sorted(line for line in data.decode("utf-8").split("\n") if line)
