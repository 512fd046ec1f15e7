"""facts.tsv's rows from the merged graph's sorted lines, without asking Oxigraph.

The facts query (``kg/queries/facts.rq``) asks for little: each CV owner's label, co-authors,
advisors, employers and schools, and how the owner's own CV writes an organization. Oxigraph
answers it in 8-9 s at 10,000 CVs, most of it turning its internal ids back into strings
(7 µs a row), and at 100,000 CVs its batches took 29 minutes. The merge that writes
``kg-merged.nt`` sees every line in order, a subject's lines together, so it keeps aside
the lines the query reads (``Selection``: 0.76 million of 8.8 million lines at 10,000 CVs) in
``kg-facts.nt``, and ``facts_rows`` joins them here with the query's meaning. A rebuild
that edits the merged lines deletes the file; the rows then come from the edited lines.

>>> lines = [b'<x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Ada" .',
...          b'<x:a> <https://w3id.org/kg-cv/ns#coauthoredWith> <x:b> .',
...          b'<x:a> <https://w3id.org/kg-cv/ns#describedBy> <x:cv> .',
...          b'<x:b> <http://www.w3.org/2000/01/rdf-schema#label> "Bo \\\\"B\\\\"" .']
>>> sorted(facts_rows(lambda: selected(lines)))
[('Ada', 'coauthored_with', 'Bo "B"')]
"""
from __future__ import annotations

import heapq
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional

from rdflib.namespace import RDFS

from kg.errors import GraphError
from kg.graph.ntriples import unescape
from kg.graph.vocab import KG

__all__ = ["FACTS", "WANTED", "Selection", "facts_rows", "selected"]

#: The lines the facts rows are made of, written by a full build beside ``kg-merged.nt``.
FACTS = "kg-facts.nt"


def _iri(term) -> bytes:
    return f"<{term}>".encode("utf-8")


_LABEL, _DESCRIBED = _iri(RDFS.label), _iri(KG.describedBy)
#: Links from an owner to a person, and the relation a row names them by.
_PEOPLE = {_iri(KG.coauthoredWith): "coauthored_with", _iri(KG.advisedBy): "advised_by"}
#: Links from an owner to an organization.
_ORGS = {_iri(KG.workedAt): "worked_at", _iri(KG.studiedAt): "studied_at"}
_HOLDER, _ORGANIZATION, _SOURCE, _WRITTEN = (_iri(p) for p in (KG.holder, KG.organization, KG.source,
                                                               KG.nameAsWritten))
#: An owner's lines the rows read (its label is read as everything's is).
_OWNER = frozenset({_DESCRIBED, *_PEOPLE, *_ORGS})
#: A record's lines the rows read, when it writes an organization's name.
_RECORD = frozenset({_HOLDER, _ORGANIZATION, _SOURCE, _WRITTEN})
#: Every predicate a kept line may have.
WANTED = frozenset({_LABEL, *_OWNER, *_RECORD})


class Selection:
    """Of a subject's lines, given in order with the predicates in ``WANTED``, write those
    the rows read: every label; an owner's (a subject described by a CV) links and CVs; a
    record's holder, organization and sources when it writes an organization's name. A
    subject's lines must come together (sorted lines do; the merge's ranges are cut
    between subjects), and ``close`` writes the last subject's."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self._write = write
        self._subject = b""
        self._lines: list[tuple[bytes, bytes]] = []

    def offer(self, line: bytes) -> None:
        """Take ``line`` if its predicate is one the rows read (any line may be offered)."""
        fields = line.split(b" ", 2)
        if len(fields) == 3 and fields[1] in WANTED:
            self.add(line, fields[1])

    def add(self, line: bytes, predicate: bytes) -> None:
        subject = line[:line.index(b" ")]
        if subject != self._subject:
            self._flush()
            self._subject = subject
        self._lines.append((predicate, line))

    def close(self) -> None:
        self._flush()
        self._subject = b""

    def _flush(self) -> None:
        lines = self._lines
        if not lines:
            return
        predicates = {predicate for predicate, _ in lines}
        owner, record = _DESCRIBED in predicates, _WRITTEN in predicates
        kept = [line for predicate, line in lines
                if predicate == _LABEL or (owner and predicate in _OWNER) or (record and predicate in _RECORD)]
        if kept:
            kept.append(b"")
            self._write(b"\n".join(kept))
        self._lines = []


def selected(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of sorted ``lines`` that ``Selection`` keeps (what ``kg-facts.nt`` holds
    of them)."""
    out: list[bytes] = []
    selection = Selection(out.append)
    for line in lines:
        selection.offer(line)
        if len(out) > 1000:
            yield from b"".join(out).split(b"\n")[:-1]
            out.clear()
    selection.close()
    yield from b"".join(out).split(b"\n")[:-1]


def _rereadable(path: Path) -> Callable[[], Iterator[bytes]]:
    """``path``'s lines (bytes, without newlines), read anew each time it is called."""
    from kg.store.oxigraph import file_chunks

    def lines() -> Iterator[bytes]:
        for chunk in file_chunks(path):
            yield from chunk

    return lines


def facts_rows(lines: Callable[[], Iterable[bytes]]) -> Iterator[tuple[str, str, str]]:
    """The facts query's rows (unsorted, maybe repeated) over the lines ``lines()`` gives,
    read twice: labels, owners and records first, then the owners' links.

    As the query: an owner is a subject with a ``describedBy``; a row names it and its
    co-author or advisor by their labels (every label of each, so none without one), and
    an organization it worked or studied at by how the owner's record of that link, from
    one of the owner's CVs, writes it, or by the organization's label when that CV has
    no such record."""
    labels: dict[bytes, list[str]] = defaultdict(list)
    cvs: dict[bytes, list[bytes]] = defaultdict(list)
    records: dict[bytes, dict[bytes, list[bytes]]] = defaultdict(lambda: defaultdict(list))
    for line in lines():
        subject, predicate, rest = _fields(line)
        if predicate == _LABEL:
            labels[subject].append(_value(rest[:-2]))
        elif predicate == _DESCRIBED:
            cvs[subject].append(rest[:-2])
        elif predicate in _RECORD:
            records[subject][predicate].append(rest[:-2])
    written: dict[tuple[bytes, bytes, bytes], list[str]] = defaultdict(list)
    for fields in records.values():
        names = fields.get(_WRITTEN)
        for holder in fields.get(_HOLDER, ()) if names else ():
            for org in fields.get(_ORGANIZATION, ()):
                for source in fields.get(_SOURCE, ()):
                    written[holder, org, source] += map(_value, names)
    del records
    for line in lines():
        subject, predicate, rest = _fields(line)
        if not (predicate in _PEOPLE or predicate in _ORGS) or subject not in cvs:
            continue
        names, other = labels.get(subject, ()), rest[:-2]
        if predicate in _PEOPLE:
            relation = _PEOPLE[predicate]
            yield from ((name, relation, label) for name in names for label in labels.get(other, ()))
            continue
        relation, own = _ORGS[predicate], labels.get(other)
        for cv in cvs[subject] if own else ():
            for value in written.get((subject, other, cv)) or own:
                yield from ((name, relation, value) for name in names)


def _fields(line: bytes) -> list[bytes]:
    """A line's subject, predicate and the rest; a line that is not a triple is damage."""
    fields = line.split(b" ", 2)
    if len(fields) < 3 or not fields[2].endswith(b" ."):
        raise GraphError(f"the store's merged lines are damaged (not a triple: {line[:80]!r}); "
                         "rebuild with kg build --no-cache")
    return fields


def _value(term: bytes) -> str:
    """An N-Triples term's value as a query row gives it: a literal's lexical form (without
    its language or datatype), an IRI without its brackets, a blank node's id."""
    text = term.decode("utf-8")
    if text.startswith("<"):
        text = text[1:-1]
    elif text.startswith("_:"):
        return text[2:]
    else:
        text = text[1:text.rindex('"')]
    return unescape(text)


def merged_facts(folder: Path, merged: Optional[Path], edits: Mapping[str, bool],
                 scratch: Path) -> Optional[Callable[[], Iterator[bytes]]]:
    """The lines ``facts_rows`` reads for the store in ``folder``: ``kg-facts.nt`` while it
    is there, else the selection of the lines of ``merged`` (``kg-merged.nt``) with
    ``edits`` applied (``kg.store.merged.edited``, on bytes), made once into an unnamed
    temporary file in ``scratch``; None when there are neither."""
    from kg.store.oxigraph import file_chunks

    path = folder / FACTS
    if path.is_file():
        return _rereadable(path)
    if merged is None:
        return None
    gone = {line.encode("utf-8") for line in edits}
    added = sorted(line.encode("utf-8") for line, present in edits.items() if present)
    spilled: list = []

    def lines() -> Iterator[bytes]:
        if not spilled:
            kept = (line for chunk in file_chunks(merged) for line in chunk if line not in gone)
            spilled.append(tempfile.TemporaryFile(dir=scratch))
            out = spilled[0]
            for line in selected(heapq.merge(kept, added) if added else kept):
                out.write(line + b"\n")
        spilled[0].seek(0)
        for line in spilled[0]:
            yield line[:-1]

    return lines
