"""The merged graph's sorted lines beside the database: ``kg-merged.nt`` and its edits.

A full build writes every merged line into ``kg-merged.nt`` (Turtle, N-Triples, the views
and rebuilds read it). A rebuild after one CV changed adds and removes a few hundred of its
lines, and splicing them into the file meant copying it whole: 1.3 GB and 6 s of a 20 s
rebuild at 10,000 CVs. So a rebuild records what changed since the file was written in
``kg-merged.edits`` instead, and every reader sees the file with its edits applied
(``edited``). The edits are folded into the file once they outgrow a share of it.

>>> edits = compose({}, added=["<b> <p> <o> ."], removed=["<c> <p> <o> ."])
>>> list(edited(["<a> <p> <o> .", "<c> <p> <o> ."], edits))
['<a> <p> <o> .', '<b> <p> <o> .']
>>> compose(edits, added=["<c> <p> <o> ."], removed=["<b> <p> <o> ."])
{'<b> <p> <o> .': False, '<c> <p> <o> .': True}
"""
from __future__ import annotations

import heapq
import os
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from kg.errors import GraphError

__all__ = ["EDITS", "MERGED", "compose", "edited", "fold", "materialized", "read_edits", "record", "scratch_beside",
           "write_edits"]

#: The merged graph's sorted N-Triples lines, kept beside the database by ``kg build``.
MERGED = "kg-merged.nt"
#: Lines added (``+``) and removed (``-``) since ``kg-merged.nt`` was written.
EDITS = "kg-merged.edits"
#: The edits are folded into the file once they are over this share of its size.
FOLD_SHARE = 1 / 32

_MAGIC = "kg-merged-edits 1\n"


def compose(edits: Mapping[str, bool], added: Iterable[str], removed: Iterable[str]) -> dict[str, bool]:
    """``edits`` followed by another change: each line mentioned maps to whether the graph
    holds it now. A line put back keeps its entry: applied to the file with or without the
    earlier edits already folded in, the result is the same."""
    result = dict(edits)
    result.update((line, False) for line in removed)
    result.update((line, True) for line in added)
    return dict(sorted(result.items()))


def edited(lines: Iterable[str], edits: Mapping[str, bool]) -> Iterator[str]:
    """The sorted ``lines`` of ``kg-merged.nt`` with ``edits`` applied, still sorted."""
    if not edits:
        yield from lines
        return
    kept = (line for line in lines if line not in edits)
    yield from heapq.merge(kept, sorted(line for line, present in edits.items() if present))


def read_edits(folder: Path) -> dict[str, bool]:
    """The edits pending on ``folder``'s ``kg-merged.nt`` (none when there is no edits file)."""
    path = folder / EDITS
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise GraphError(f"{path}: cannot read the merged graph's edits ({error}); "
                         "rebuild with kg build --no-cache") from None
    if not text.startswith(_MAGIC):
        raise GraphError(f"{path}: not a kg edits file; rebuild with kg build --no-cache")
    edits: dict[str, bool] = {}
    for number, line in enumerate(text[len(_MAGIC):].split("\n")[:-1], start=2):
        if line[:2] not in ("+ ", "- "):
            raise GraphError(f"{path}:{number}: damaged edits line; rebuild with kg build --no-cache")
        edits[line[2:]] = line[0] == "+"
    return edits


def write_edits(folder: Path, edits: Mapping[str, bool]) -> None:
    """Record ``edits`` (atomically), or remove the edits file when there are none."""
    from kg.export import write_atomic

    if not edits:
        (folder / EDITS).unlink(missing_ok=True)
        return
    body = "".join(f"{'+' if present else '-'} {line}\n" for line, present in sorted(edits.items()))
    write_atomic(folder / EDITS, _MAGIC + body)


def record(folder: Path, added: Iterable[str], removed: Iterable[str]) -> None:
    """Change ``folder``'s merged lines by ``added`` and ``removed``: noted in the edits
    file, or, once the edits are over ``FOLD_SHARE`` of the file, spliced into it."""
    merged = folder / MERGED
    edits = compose(read_edits(folder), added, removed)
    size = sum(len(line.encode("utf-8")) + 3 for line in edits)
    if size > FOLD_SHARE * merged.stat().st_size:
        fold(folder, edits)
    else:
        write_edits(folder, edits)


def fold(folder: Path, edits: Mapping[str, bool]) -> None:
    """Splice ``edits`` into ``kg-merged.nt`` and drop the edits file. Killed between the two,
    the file already holds what the edits say; applying them again changes nothing."""
    materialized(folder, edits, folder / MERGED)
    write_edits(folder, {})


def materialized(folder: Path, edits: Mapping[str, bool], path: Path) -> Path:
    """``kg-merged.nt`` with ``edits`` applied, written to ``path`` (atomically)."""
    from kg.store.patch import patch_merged

    path.parent.mkdir(parents=True, exist_ok=True)
    patch_merged(folder / MERGED, path, [line for line, present in edits.items() if present],
                 [line for line, present in edits.items() if not present])
    return path


def scratch_beside(path: Path) -> Path:
    """A new empty temporary file in ``path``'s folder (the caller deletes it)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".nt", dir=path.parent)
    os.close(fd)
    return Path(name)
