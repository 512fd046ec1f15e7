"""What the on-disk store keeps of each document beside its database.

The Oxigraph database holds the merged graph only: loading every document's named graph
as well cost more than twice the time (21 million quads at 10,000 CVs, where the merged
graph is 8.8 million triples) and twice the disk. What the documents' graphs are needed
for is kept in two files instead:

- ``DocumentLines`` (``kg-documents.nt`` and its index ``kg-documents.json``): each
  document's sorted N-Triples lines, one contiguous run per document, appended as documents
  change (TriG, N-Quads and a rebuild's old lines read a document's run);
- ``LineCounts`` (``kg-shared.bin``): for each merged line that two or more documents
  state, how many do (a line absent from the table and present in the merged graph is
  stated by exactly one), so a rebuild knows which merged lines only the changed
  documents stated. Lines are kept as 16-byte BLAKE2b digests: 20 bytes per shared line.
"""
from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import struct
from array import array
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional

from kg.errors import GraphError
from kg.store.facts import Selection
from kg.store.turtle import joined_lines, split_lines

DOCUMENTS = "kg-documents.nt"
INDEX = "kg-documents.json"
COUNTS = "kg-shared.bin"

_MAGIC = b"kg-shared 1\n"
_DIGEST = 16
#: A shared line's digest and count, as the merge's workers hand them back.
_RECORD = struct.Struct(f"<{_DIGEST}sI")


def line_digest(line: str | bytes) -> bytes:
    """The 16-byte digest ``LineCounts`` keeps for a line."""
    data = line.encode("utf-8") if isinstance(line, str) else line
    return hashlib.blake2b(data, digest_size=_DIGEST).digest()


class DocumentLines:
    """Documents' lines in one append-only file; replaced runs are garbage until the file
    holds more garbage than live lines, when it is rewritten with the live runs only."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / DOCUMENTS
        self.index_path = folder / INDEX
        try:
            index = json.loads(self.index_path.read_text(encoding="utf-8"))
            self.runs: dict[str, list[int]] = {name: [int(a), int(b)] for name, (a, b) in index["documents"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            self.runs = {}

    def exists(self) -> bool:
        return self.index_path.is_file() and self.path.is_file()

    def names(self) -> list[str]:
        return sorted(self.runs)

    def lines(self, name: str) -> list[str]:
        run = self.runs.get(name)
        if run is None:
            return []
        with self.path.open("rb") as data:
            data.seek(run[0])
            return split_lines(data.read(run[1] - run[0]))

    def rewrite(self, graphs: Mapping[str, list[str]]) -> None:
        """Hold exactly ``graphs`` (name -> sorted lines), written in name order."""
        self.rewrite_from((name, graphs[name]) for name in sorted(graphs))

    def update(self, graphs: Mapping[str, list[str]], drop: Iterable[str]) -> None:
        """Replace the runs of ``graphs``, forget ``drop``; compact when most bytes are garbage."""
        for name in (*drop, *graphs):
            self.runs.pop(name, None)
        self._write(((name, graphs[name]) for name in sorted(graphs)), append=True)
        live = sum(b - a for a, b in self.runs.values())
        if self.path.stat().st_size > 2 * live + (1 << 20):
            self._compact()

    def rewrite_from(self, documents: Iterable[tuple[str, list[str]]]) -> None:
        """Hold exactly ``documents``, each given in name order with its sorted lines."""
        self.runs = {}
        self._write(documents, append=False)

    def _write(self, documents: Iterable[tuple[str, list[str]]], append: bool) -> None:
        """Write each document's lines as a run of the file, at its end when ``append``;
        then the index."""
        try:
            with self.path.open("ab" if append else "wb") as out:
                position = out.seek(0, os.SEEK_END)
                for name, lines in documents:
                    size = out.write(joined_lines(lines).encode("utf-8"))
                    self.runs[name] = [position, position + size]
                    position += size
                out.flush()
                os.fsync(out.fileno())
        except OSError as error:
            raise GraphError(f"{self.path}: cannot write the documents' lines ({error.strerror or error})") from None
        self._save_index()

    def merged(self, out: Path, block: int = 1 << 12, jobs: int = 1, facts: Optional[Path] = None) -> "LineCounts":
        """Write into ``out`` the sorted, distinct lines of all documents (a merge of their
        sorted runs, read ``block`` bytes at a time per run: memory holds a block per
        document, not the lines), and return the counts of the lines two or more state.
        At 10,000 documents in two processes, blocks of 4 KB hold 0.64 GB in all and
        32 KB held 1.3 GB, in the same time. With ``facts``, the lines the facts rows are
        made of go there too (``kg.store.facts.Selection``).

        With ``jobs`` > 1 and over ``PARALLEL_MERGE`` bytes, the lines are cut into ``jobs``
        key ranges at sampled subjects, each merged by a forked process into a part of
        ``out``. Over ``PRESORT_RUNS`` documents, their runs are first sorted together in
        groups (``_presorted``) and the groups merged."""
        runs = sorted(tuple(run) for run in self.runs.values() if run[1] > run[0])
        total = sum(stop - start for start, stop in runs)
        source, scratch, aside = self.path, None, []
        try:
            if len(runs) > PRESORT_RUNS:
                scratch = out.with_name(f".{out.name}.presorted")
                runs, block = _presorted(self.path, runs, scratch, jobs), PRESORTED_BLOCK
                source = scratch
            if jobs < 2 or total < PARALLEL_MERGE:
                aside = [_scratch(facts)] if facts else []
                parts = [_merge_range((str(source), runs, block, aside[0] if aside else None, str(out)))]
            else:
                parts = _merge_in_parts(source, out, runs, block, jobs, facts, aside, scratch)
            if facts:
                from kg.export import _assemble

                try:
                    _assemble(facts, b"", aside, consume=True)
                except OSError as error:
                    raise GraphError(f"{facts}: cannot write ({error.strerror or error})") from None
        finally:
            for part in aside:
                Path(part).unlink(missing_ok=True)
            if scratch is not None:
                scratch.unlink(missing_ok=True)
        return LineCounts.from_buckets(parts)

    def _compact(self) -> None:
        """Rewrite the file with the live runs only, in name order, a block at a time."""
        fresh = self.path.with_name(self.path.name + ".next")
        runs: dict[str, list[int]] = {}
        try:
            with self.path.open("rb") as source, fresh.open("wb") as out:
                position = 0
                for name in sorted(self.runs):
                    start, stop = self.runs[name]
                    source.seek(start)
                    left = stop - start
                    while left > 0:
                        block = source.read(min(left, 1 << 24))
                        if not block:
                            raise OSError(f"{self.path} is shorter than its index says")
                        out.write(block)
                        left -= len(block)
                    runs[name] = [position, position + stop - start]
                    position += stop - start
                out.flush()
                os.fsync(out.fileno())
            fresh.replace(self.path)
        except OSError as error:
            fresh.unlink(missing_ok=True)
            raise GraphError(f"{self.path}: cannot compact the documents' lines ({error.strerror or error})") from None
        self.runs = runs
        self._save_index()

    def _save_index(self) -> None:
        from kg.export import write_atomic

        write_atomic(self.index_path, json.dumps({"format": 1, "documents": self.runs}, sort_keys=True) + "\n")

    def clear(self) -> None:
        self.runs = {}
        self.path.unlink(missing_ok=True)
        self.index_path.unlink(missing_ok=True)


#: Documents' lines over this many bytes are merged in one process per core.
PARALLEL_MERGE = 64 << 20
#: Over this many documents, their runs are sorted together in groups of about
#: ``PRESORT_GROUP`` bytes before the merge, which then reads ``PRESORTED_BLOCK`` at a time
#: from each group's run (``_presorted``).
PRESORT_RUNS = 2_000
PRESORT_GROUP = 64 << 20
PRESORTED_BLOCK = 256 << 10


def _merge_in_parts(source: Path, out: Path, runs: list[tuple[int, int]], block: int, jobs: int,
                    facts: Optional[Path], aside: list[str], scratch: Optional[Path] = None) -> list[list[bytes]]:
    """``_merge_range`` in ``jobs`` processes, each over a key range, into parts of ``out``
    (and, with ``facts``, of the facts' lines: their parts are appended to ``aside``). The
    presorted ``scratch`` they read is deleted once they are done, before the parts are
    joined: at 100,000 CVs it is 19.8 GB, and the join needs room for the output (13.6 GB)
    beside its parts."""
    from kg.export import in_parts

    with source.open("rb") as data:
        fd = data.fileno()
        pivots = _pivots(fd, runs, jobs)
        cuts = [[start, *(_first_at_least(fd, start, stop, pivot) for pivot in pivots), stop]
                for start, stop in runs]
    shares = [[(cut[k], cut[k + 1]) for cut in cuts if cut[k + 1] > cut[k]] for k in range(len(pivots) + 1)]
    for _ in shares if facts else ():
        aside.append(_scratch(facts))

    def done(_) -> bytes:  # the workers have finished: what they read can go (the head is empty)
        if scratch is not None:
            scratch.unlink(missing_ok=True)
        return b""

    return in_parts(out, _merge_range, [(str(source), share, block, aside[k] if facts else None)
                                        for k, share in enumerate(shares)], done)


def _scratch(path: Path) -> str:
    """A new empty temporary file beside ``path``, for a part of it (the caller deletes it)."""
    from kg.store.merged import scratch_beside

    try:
        return str(scratch_beside(path))
    except OSError as error:
        raise GraphError(f"{path}: cannot write ({error.strerror or error})") from None


def _presorted(source: Path, runs: list[tuple[int, int]], scratch: Path, jobs: int) -> list[tuple[int, int]]:
    """Sort the lines of ``runs`` (sorted by position) together in groups of consecutive
    runs of about ``PRESORT_GROUP`` bytes, each group read in one piece and written as one
    sorted run into ``scratch`` (by ``jobs`` processes); the groups' runs there.

    Merging 100,000 documents' runs read 4 KB from each in turn: once the documents' file
    (20.8 GB) outgrew the page cache those were random reads, and the merge wrote 5-10 MB/s.
    Here the file is read and written in order, and the merge that follows reads a few
    hundred runs in large blocks. Each line keeps its newline (a run's last line may lack
    one): a group takes at most its runs' bytes plus one per run."""
    groups: list[tuple[int, list[tuple[int, int]]]] = []  # (where the group goes, its runs)
    at, size = 0, 0
    for run in runs:
        if not groups or size >= PRESORT_GROUP:
            groups.append((at, []))
            size = 0
        groups[-1][1].append(run)
        size += run[1] - run[0]
        at += run[1] - run[0] + 1
    try:
        with scratch.open("wb"):
            pass
        ends = [where for where, _ in groups[1:]] + [at]
        jobs_list = [(str(source), str(scratch), where, end, group) for (where, group), end in zip(groups, ends)]
        if jobs < 2 or len(groups) < 2:
            written = [_sort_group(job) for job in jobs_list]
        else:
            from kg.parallel import worker_pool

            with worker_pool(min(jobs, len(groups))) as pool:
                written = list(pool.map(_sort_group, jobs_list))
    except OSError as error:
        raise GraphError(f"{scratch}: cannot sort the documents' lines ({error.strerror or error})") from None
    return [(where, where + n) for (where, _), n in zip(groups, written) if n]


def _sort_group(job) -> int:
    """Read a group's runs of ``source`` in one piece and write their lines, sorted, at
    ``where`` in ``scratch``, newlines filling the rest of its place up to ``end`` (the
    readers of runs find a line's start by the newline before it); the bytes of lines."""
    source, scratch, where, end, runs = job
    first, last = runs[0][0], runs[-1][1]
    with open(source, "rb") as data:
        region = os.pread(data.fileno(), last - first, first)
    if len(region) < last - first:
        raise GraphError(f"{source}: shorter than its index says (rebuild with kg build --no-cache)")
    lines: list[bytes] = []
    for start, stop in runs:
        lines += region[start - first:stop - first].split(b"\n")
        if lines and not lines[-1]:
            lines.pop()  # the run ended with its newline
    del region
    lines.sort()
    lines.append(b"")
    data = b"\n".join(lines)
    del lines
    size = len(data)
    if size > end - where:
        raise GraphError(f"{source}: longer lines than its index says (rebuild with kg build --no-cache)")
    data += b"\n" * (end - where - size)
    with open(scratch, "r+b") as out:
        done = 0
        while done < len(data):
            done += os.pwrite(out.fileno(), memoryview(data)[done:], where + done)
    return size


def _merge_range(job) -> list[bytes]:
    """Merge byte ranges of sorted runs of ``source`` into the file ``out`` (a worker's
    job): the sorted distinct lines; returns the lines stated more than once as packed
    records (digest and count, ``_RECORD``), in 256 buckets by the digest's first byte.

    Packed, 12.6 million shared lines at 100,000 CVs take 252 MB; as (digest, count)
    tuples they held some 4 GB in each worker and again in the parent that sorted them."""
    source, runs, block, facts, out = job
    shared = [bytearray() for _ in range(256)]
    pack = _RECORD.pack
    previous = b""
    try:
        with open(source, "rb") as data, open(out, "wb") as sink, open(facts or os.devnull, "wb") as aside:
            selection = Selection(aside.write) if facts else None
            fd = data.fileno()
            batch: list[bytes] = []
            streams = (_run_lines(fd, start, stop, block) for start, stop in runs)
            for line, group in itertools.groupby(heapq.merge(*streams)):
                if line <= previous:
                    raise GraphError(f"{source}: a document's lines are out of order (a damaged "
                                     "cache? rebuild with kg build --no-cache)")
                previous = line
                batch.append(line)
                if selection is not None:
                    selection.offer(line)
                next(group)
                n = 1 + sum(1 for _ in group)
                if n > 1:
                    digest = line_digest(line)
                    shared[digest[0]] += pack(digest, n)
                if len(batch) >= 100_000:
                    batch.append(b"")
                    sink.write(b"\n".join(batch))
                    batch = []
            if batch:
                batch.append(b"")
                sink.write(b"\n".join(batch))
            if selection is not None:
                selection.close()
    except OSError as error:
        raise GraphError(f"{out}: cannot write the merged lines ({error.strerror or error})") from None
    return [bytes(bucket) for bucket in shared]


def _pivots(fd: int, runs: list[tuple[int, int]], parts: int, samples: int = 2000) -> list[bytes]:
    """``parts - 1`` keys cutting the runs' lines into about equal key ranges: the subjects
    (with the space after them) of quantiles of lines sampled at evenly spaced byte offsets.
    Every line of a subject sorts at or after its subject's key and before any other's, so
    each range holds a subject's lines whole (``kg.store.facts.Selection`` needs them so)."""
    total = sum(stop - start for start, stop in runs)
    found: list[bytes] = []
    offsets = iter(sorted(total * k // samples for k in range(samples)))
    done, at = 0, next(offsets, None)
    for start, stop in runs:
        while at is not None and at < done + stop - start:
            line = _line_at(fd, start + at - done, stop)
            if line:
                found.append(line)
            at = next(offsets, None)
        done += stop - start
    found.sort()
    quantiles = (found[len(found) * k // parts] for k in range(1, parts)) if found else ()
    return sorted({line[:line.find(b" ") + 1] or line for line in quantiles})


def _line_at(fd: int, position: int, stop: int) -> bytes:
    """The first whole line starting at or after ``position`` (before ``stop``), or b""."""
    position = _line_start(fd, position, stop)
    chunk = b""
    while position + len(chunk) < stop and b"\n" not in chunk:
        more = os.pread(fd, min(4096, stop - position - len(chunk)), position + len(chunk))
        if not more:  # the file ends early
            break
        chunk += more
    return chunk.split(b"\n", 1)[0]


def _first_at_least(fd: int, start: int, stop: int, pivot: bytes) -> int:
    """The offset of the first line of the sorted run ``start:stop`` that is >= ``pivot``
    (``stop`` when none is): a binary search over byte offsets, each probe moved to the
    next line start."""
    lo, hi = start, stop  # the answer is in [lo, hi]; lo is a line start
    while lo < hi:
        mid = _line_start(fd, (lo + hi) // 2, stop)
        if mid >= hi:  # no line starts between the middle and hi: step from lo
            if _line_at(fd, lo, stop) >= pivot:
                return lo
            lo = _line_start(fd, lo + 1, stop)
            if lo >= hi:
                return hi
            continue
        if _line_at(fd, mid, stop) < pivot:
            lo = _line_start(fd, mid + 1, stop)
        else:
            hi = mid
    return lo


def _line_start(fd: int, position: int, stop: int) -> int:
    """The first line start at or after ``position`` (``stop`` when there is none)."""
    if position <= 0:
        return 0
    while position < stop:
        if os.pread(fd, 1, position - 1) == b"\n":
            return position
        chunk = os.pread(fd, min(4096, stop - position), position)
        cut = chunk.find(b"\n")
        if cut >= 0:
            return min(position + cut + 1, stop)
        if not chunk:  # the file ends early
            return stop
        position += len(chunk)
    return stop


def _run_lines(fd: int, start: int, stop: int, block: int) -> Iterator[bytes]:
    """The lines of the bytes ``start:stop`` of the open file ``fd``, read ``block`` at a time."""
    rest = b""
    while start < stop:
        end = min(stop, start + block)
        chunk = rest + os.pread(fd, end - start, start)
        if len(chunk) == len(rest):
            break  # the file is shorter than its index says
        start = end
        if start < stop:
            cut = chunk.rfind(b"\n") + 1
            rest = chunk[cut:]
            yield from chunk[:cut].split(b"\n")[:-1]
        else:
            *lines, rest = chunk.split(b"\n")
            yield from lines
    if rest:
        yield rest  # a last line without its newline


class LineCounts:
    """How many documents state each line that two or more state: sorted digests and counts.

    >>> counts = LineCounts.build({"<a> <p> <b> .": 3})
    >>> counts.get("<a> <p> <b> ."), counts.get("<a> <p> <c> .")
    (3, 0)
    >>> counts.updated({"<a> <p> <b> .": 1, "<a> <p> <c> .": 2}).get("<a> <p> <c> .")
    2
    """

    def __init__(self, keys: bytes = b"", counts: Optional[array] = None) -> None:
        self.keys = keys
        self.counts = counts if counts is not None else array("I")

    def __len__(self) -> int:
        return len(self.counts)

    @classmethod
    def build(cls, shared: Mapping[str, int]) -> "LineCounts":
        return cls.from_pairs(sorted((line_digest(line), n) for line, n in shared.items() if n >= 2))

    @classmethod
    def from_buckets(cls, parts: list[list[bytes]]) -> "LineCounts":
        """A table from packed (digest, count) records (``_RECORD``) in 256 buckets by the
        digest's first byte, from one or more parts: sorted a bucket at a time, so memory
        holds the packed records and one bucket's worth of Python objects."""
        size = _RECORD.size
        keys: list[bytes] = []
        counts = array("I")
        for b in range(256):
            data = b"".join(part[b] for part in parts)
            records = sorted(data[i:i + size] for i in range(0, len(data), size))
            keys.append(b"".join(record[:_DIGEST] for record in records))
            counts.extend(_RECORD.unpack(record)[1] for record in records)
        return cls(b"".join(keys), counts)

    @classmethod
    def from_pairs(cls, pairs: list[tuple[bytes, int]]) -> "LineCounts":
        """A table of (digest, count) pairs sorted by digest."""
        return cls(b"".join(d for d, _ in pairs), array("I", (n for _, n in pairs)))

    def _find(self, digest: bytes) -> tuple[int, bool]:
        """Where ``digest`` is, or would go, and whether it is there."""
        keys, lo, hi = self.keys, 0, len(self.counts)
        while lo < hi:
            mid = (lo + hi) // 2
            if keys[mid * _DIGEST:(mid + 1) * _DIGEST] < digest:
                lo = mid + 1
            else:
                hi = mid
        return lo, lo < len(self.counts) and keys[lo * _DIGEST:(lo + 1) * _DIGEST] == digest

    def get(self, line: str) -> int:
        """The number of documents stating ``line`` when two or more do, else 0."""
        at, found = self._find(line_digest(line))
        return self.counts[at] if found else 0

    def updated(self, new: Mapping[str, int]) -> "LineCounts":
        """A table with the counts of the lines in ``new`` set (below two: left out)."""
        changes = sorted((line_digest(line), n) for line, n in new.items())
        keys, counts, previous = [], array("I"), 0
        for digest, n in changes:
            at, found = self._find(digest)
            keys.append(self.keys[previous * _DIGEST:at * _DIGEST])
            counts.extend(self.counts[previous:at])
            if n >= 2:
                keys.append(digest)
                counts.append(n)
            previous = at + 1 if found else at
        keys.append(self.keys[previous * _DIGEST:])
        counts.extend(self.counts[previous:])
        return LineCounts(b"".join(keys), counts)

    @classmethod
    def load(cls, path: Path) -> Optional["LineCounts"]:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not data.startswith(_MAGIC):
            return None
        body = data[len(_MAGIC):]
        n = len(body) // (_DIGEST + 4)
        if n * (_DIGEST + 4) != len(body):
            return None
        counts = array("I")
        counts.frombytes(body[n * _DIGEST:])
        if counts.itemsize != 4:
            return None
        return cls(body[:n * _DIGEST], counts)

    def save(self, path: Path) -> None:
        from kg.export import write_atomic

        write_atomic(path, _MAGIC + self.keys + self.counts.tobytes())
