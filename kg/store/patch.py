"""Bring graph.ttl, graph.trig and facts.tsv up to date after a small change.

A rebuild that changed a few documents knows exactly what changed (a ``Change``: the
documents' new lines, the documents dropped, the merged lines added and removed). Each
file is then spliced (``kg.store.splice``) instead of written again: only the subject
blocks, named graphs and facts rows the change touches are made anew. Every function
gives the bytes the full writer would (the tests compare them after random changes);
each returns False when it cannot, and the caller writes the file whole.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from kg.store.splice import NT, TRIG, TURTLE, SortedSections, splice
from kg.store.turtle import _blocks, _encoded, _header, _Names, trig_graphs

__all__ = ["Change", "patch_facts", "patch_merged", "patch_trig", "patch_turtle"]


@dataclass
class Change:
    """What a rebuild changed in the store: ``before`` and ``after`` name the store states
    (digests of their documents), ``graphs`` holds the new lines of each changed document,
    ``dropped`` the documents gone, ``added`` and ``removed`` the merged graph's lines."""

    before: str
    after: str
    graphs: dict[str, list[str]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def patch_merged(old: Path, new: Path, added: Iterable[str], removed: Iterable[str]) -> None:
    """Write ``new``: the sorted lines of ``old`` with ``added`` put in and ``removed`` taken out."""
    edits: dict[bytes, bytes | None] = {line.encode(): None for line in removed}
    edits.update({line.encode(): line.encode() + b"\n" for line in added})
    with NT.open(old) as lines:
        splice(lines, new, b"", edits)


def patch_turtle(path: Path, merged: Path, change: Change, prefixes: Mapping[str, str],
                 pending: Mapping[str, bool] | None = None) -> bool:
    """Splice ``path`` (Turtle of the merged graph before ``change``) to the graph now held
    in ``merged`` (the new kg-merged.nt, with ``pending`` edits: ``kg.store.merged``): every
    subject the change touched gets its block again."""
    subjects = sorted({line.split(" ", 1)[0] for line in (*change.added, *change.removed)})
    if not subjects:
        return path.is_file()  # the merged graph is as it was: so is its Turtle
    pending = pending or {}
    extra: dict[str, list[bytes]] = {}  # lines the edits add, by subject
    for line, present in pending.items():
        if present:
            extra.setdefault(line.split(" ", 1)[0], []).append(line.encode())
    names = _Names(prefixes)
    edits: dict[bytes, bytes | None] = {}
    with NT.open(merged) as lines:
        for subject in subjects:
            block = [line for line in lines.lines_from(subject.encode() + b" ") if line.decode() not in pending]
            block = sorted(block + extra.get(subject, []))
            edits[subject.encode()] = b"".join(_blocks([block], names, "")) + b"\n" if block else None
    return _splice_text(path, TURTLE, edits, names, prefixes)


def patch_trig(path: Path, change: Change, prefixes: Mapping[str, str]) -> bool:
    """Splice ``path`` (TriG before ``change``): each changed document's named graph anew."""
    names = _Names(prefixes)
    edits: dict[bytes, bytes | None] = {}
    for name in sorted({*change.graphs, *change.dropped}):
        blocks = b"".join(trig_graphs([(name, _encoded(change.graphs.get(name, ())))], names))
        edits[name.encode()] = blocks + b"\n" if blocks else None
    return _splice_text(path, TRIG, edits, names, prefixes)


def _splice_text(path: Path, layout, edits: dict[bytes, bytes | None], names: _Names,
                 prefixes: Mapping[str, str]) -> bool:
    """Splice a Turtle or TriG file, with the header declaring exactly the prefixes still used."""
    if not path.is_file():
        return False
    with layout.open(path, prefixes) as old:
        if old.start >= old.end or any(p not in prefixes for p in old.prefixes):
            return False
        replaced = sorted(old.find(key) for key in edits)
        for prefix in sorted(set(old.prefixes) - names.used):
            if _used_outside(old, prefix, replaced):
                names.used.add(prefix)
        splice(old, path, _header(names, prefixes).encode(), edits)
    return True


#: Strings and IRIs (skipped whole) or a prefixed name's prefix, in Turtle written by kg.
_TOKENS = re.compile(rb'"(?:[^"\\\n]|\\.)*"|<[^>\s]*>|(?<![\w-])([A-Za-z][\w-]*):')


def _used_outside(old: SortedSections, prefix: str, replaced: list[tuple[int, int]]) -> bool:
    """Whether a section outside ``replaced`` writes a name with ``prefix``: each place the
    text ``prefix:`` appears is checked by reading its section's tokens (it may be in a string)."""
    wanted = prefix.encode()
    starts = [start for start, _ in replaced]

    def real(pos: int) -> bool:
        if pos > old.start and (old.data[pos - 1:pos].isalnum() or old.data[pos - 1:pos] in b"_-"):
            return False  # inside a longer name
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and replaced[i][0] <= pos < replaced[i][1]:
            return False
        start, stop = old.around(pos)
        return any(m.group(1) == wanted for m in _TOKENS.finditer(old.data, start, stop))

    return old.holds(wanted + b":", real)


def patch_facts(path: Path, store, change: Change) -> bool:
    """Splice facts.tsv: the rows of every owner whose facts the change may touch (owners
    it names, owners linked to what it names, holders of its records) are made again, with
    the rows of every owner sharing their labels (rows name people by label)."""
    from kg.export import facts_rows, facts_text, write_atomic
    from kg.graph.vocab import KG
    from kg.queries import one_line
    from rdflib.namespace import RDFS

    if not path.is_file():
        return False
    holder, label = f"<{KG.holder}>", f"<{RDFS.label}>"
    links = [f"<{p}>" for p in (KG.coauthoredWith, KG.advisedBy, KG.workedAt, KG.studiedAt)]
    if not (change.added or change.removed):
        return True  # the merged graph is as it was: so are its facts
    candidates: set[str] = set()  # who may have rows that change
    relabelled: set[str] = set()
    old_labels: set[str | None] = set()
    for line in (*change.added, *change.removed):
        s, p, rest = line.split(" ", 2)
        candidates.add(s)
        if p == holder:
            candidates.add(rest[:-2])  # a record moved from one holder to another
        elif p == label:
            relabelled.add(s)
            old_labels.add(_literal(rest[:-2]))
    for x in sorted(relabelled):  # whoever links to something renamed: a row's object changed
        candidates.update(s for link in links for s, _, _ in store.triples(None, link, x))
    for x in {line.split(" ", 1)[0] for line in (*change.added, *change.removed)}:
        candidates.update(o for _, _, o in store.triples(x, holder, None))  # a record's holder
    labels = {_literal(o) for s in candidates if s.startswith("<") for _, _, o in store.triples(s, label, None)}
    labels = {text for text in labels | old_labels if text is not None}
    cleaned = {one_line(text) for text in labels}
    with path.open("r", encoding="utf-8", newline="") as handle:
        header = handle.readline()
        kept = [line for line in handle.read().split("\n")[:-1] if line.split("\t", 1)[0] not in cleaned]
    new = facts_text(facts_rows(store, labels) if labels else [], ()).split("\n")[1:-1]
    for line in new:  # each into its place by (subject, relation, object), as facts_text sorts
        at = bisect.bisect_left(kept, tuple(line.split("\t")), key=_row)
        if at == len(kept) or kept[at] != line:
            kept.insert(at, line)
    text = header + "".join(f"{line}\n" for line in kept)
    write_atomic(path, text)
    return True


def _row(line: str) -> tuple[str, ...]:
    return tuple(line.split("\t"))


def _literal(text: str) -> str | None:
    """The value of an N-Triples string literal (``"…"``, ``"…"@en``, ``"…"^^<…>``)."""
    from kg.graph.lines import _term

    return str(_term(text)) if text.startswith('"') else None


#: Beside the outputs: the store state they were written from, and each file's size and
#: modification time then (a file edited or replaced since is written whole again).
STAMP = Path(".kg") / "outputs.json"


def state_digest(state: Mapping[str, str]) -> str:
    """One digest for a store's state (its documents and their digests)."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps(dict(state), sort_keys=True).encode()).hexdigest()


def patch_outputs(store, out_dir: Path, change: "Change | None", writers: Mapping[str, Callable]) -> list[Path]:
    """Write each of ``writers`` into ``out_dir``: spliced when ``change`` starts from the
    state the stamp says the file holds, whole otherwise.

    ``writers`` maps a file name to ``start(store, path)``, which begins writing the file
    and returns what finishes it (``kg.export.start_turtle``): files written whole are all
    begun before any is finished, so the facts query runs while worker processes write
    Turtle and TriG (at 10,000 CVs on two cores the three took 25.5-28.6 s one after
    another, 21-24 s together)."""
    import json

    from kg.export import write_atomic
    from kg.store.merged import MERGED, read_edits

    patchers = {
        "graph.ttl": lambda path: patch_turtle(path, store.path / MERGED, change, store.prefixes,
                                               read_edits(store.path)),
        "graph.trig": lambda path: patch_trig(path, change, store.prefixes),
        "facts.tsv": lambda path: patch_facts(path, store, change),
    }
    stamp_path = out_dir / STAMP
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    state = store.state() if hasattr(store, "state") else None
    fresh = change is not None and isinstance(stamp, dict) and stamp.get("state") == change.before
    same = fresh and not (change.graphs or change.dropped or change.added or change.removed)
    stamp_path.unlink(missing_ok=True)
    finishers: list[Callable[[], Path]] = []
    error: BaseException | None = None
    try:
        for name, start in writers.items():
            path = out_dir / name
            current = fresh and name in patchers and _stat(path) == stamp.get("files", {}).get(name)
            if not (current and (same or patchers[name](path))):  # nothing changed: the file stays
                finishers.append(start(store, path))
    except BaseException as failure:
        error = failure
    for finish in finishers:  # each begun file is finished (its workers waited for), even after a failure
        try:
            finish()
        except BaseException as failure:
            error = error or failure
    if error is not None:
        raise error
    written = [out_dir / name for name in writers]
    files = {path.name: _stat(path) for path in written}
    if state:
        write_atomic(stamp_path, json.dumps({"state": state_digest(state), "files": files}, sort_keys=True) + "\n")
    return written


def _stat(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]
