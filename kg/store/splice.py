"""Edit a large sorted file in the size of the change: kg's N-Triples, Turtle and TriG.

Every file kg writes from the store is a header and then sections sorted by a key: lines
of ``kg-merged.nt`` (the key is the line), subject blocks of ``graph.ttl`` (the subject)
and named-graph parts of ``graph.trig`` (the graph IRI). After a rebuild that changed a few
documents, only a few sections differ, so the new file is the old one with those sections
replaced: a binary search finds each (``SortedSections.find``) and the bytes between are
copied by the kernel (``os.copy_file_range``), not read into Python. The result is the
same bytes a full write gives; the tests check it against one.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "lines.nt"
>>> _ = path.write_bytes(b"a\\nc\\nd\\n")
>>> splice(NT.open(path), path, b"", {b"b": b"b\\n", b"d": None})
>>> path.read_bytes()
b'a\\nb\\nc\\n'
"""
from __future__ import annotations

import mmap
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Mapping, Optional

__all__ = ["Layout", "NT", "TRIG", "TURTLE", "SortedSections", "splice"]


@dataclass(frozen=True)
class Layout:
    """How one kind of file cuts into sections: ``marker`` ends a section (the next starts
    right after it), ``stop`` ends a section's key, and ``tail`` is the separator the writer
    leaves off after the last section (sections are joined by it)."""

    marker: bytes
    stop: bytes
    tail: bytes
    header: bool

    def open(self, path: Path, prefixes: Optional[Mapping[str, str]] = None) -> "SortedSections":
        return SortedSections(path, self, prefixes or {})


#: Sorted lines: each line is a section and its own key.
NT = Layout(marker=b"\n", stop=b"\n", tail=b"", header=False)
#: Subject blocks (``s p o ;`` … `` .``) separated by a blank line; the key is the subject.
TURTLE = Layout(marker=b"\n\n", stop=b" ", tail=b"\n", header=True)
#: Named-graph parts (``<g> { … }``) separated by a blank line; the key is the graph IRI.
TRIG = Layout(marker=b"}\n\n", stop=b" ", tail=b"\n", header=True)

#: Bytes moved at a time where the kernel cannot copy them itself.
_BLOCK = 1 << 24

_PREFIX_LINE = re.compile(rb"@prefix ([A-Za-z][\w-]*): <([^>]*)> \.\n")


class SortedSections:
    """A kg file opened for lookups by key (``find``) without reading it whole."""

    def __init__(self, path: Path, layout: Layout, prefixes: Mapping[str, str]) -> None:
        self.path, self.layout = Path(path), layout
        self._file = open(self.path, "rb")
        size = os.fstat(self._file.fileno()).st_size
        self.data = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self.prefixes: dict[str, bytes] = {}  # the prefixes the header declares (used ones only)
        self.start = 0
        if layout.header:
            while match := _PREFIX_LINE.match(self.data, self.start):
                self.prefixes[match.group(1).decode()] = match.group(2)
                self.start = match.end()
            if self.prefixes and self.data[self.start:self.start + 1] == b"\n":
                self.start += 1
        self._expand = {f"{p}:".encode(): ns.encode() for p, ns in prefixes.items()}
        #: the end of the file as if the writer had put ``tail`` after the last section too
        self.end = len(self.data) + (len(layout.tail) if len(self.data) > self.start else 0)

    def close(self) -> None:
        if isinstance(self.data, mmap.mmap):
            self.data.close()
        self._file.close()

    def __enter__(self) -> "SortedSections":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def next_start(self, pos: int) -> int:
        """Where the first section starting at or after ``pos`` starts (``end`` if none)."""
        if pos <= self.start:
            return self.start if self.start < self.end else self.end
        marker = self.layout.marker
        found = self.data.find(marker, pos - len(marker))
        return found + len(marker) if found >= 0 and found + len(marker) < len(self.data) else self.end

    def key_at(self, start: int) -> bytes:
        """The key of the section starting at ``start``: IRIs as ``<…>``, prefixed names expanded."""
        cut = self.data.find(self.layout.stop, start)
        key = self.data[start:cut if cut >= 0 else len(self.data)]
        if key[:1] != b"<" and self.layout is not NT:
            colon = key.find(b":") + 1
            namespace = self._expand.get(key[:colon])
            if namespace is not None:
                key = b"<" + namespace + key[colon:] + b">"
        return key

    def find(self, key: bytes) -> tuple[int, int]:
        """The byte range of the section with ``key``, or an empty range where it would go."""
        lo, hi = self.start, self.end
        while lo < hi:
            mid = (lo + hi) // 2
            at = self.next_start(mid)
            if at < self.end and self.key_at(at) < key:
                lo = at + 1
            else:
                hi = mid
        at = self.next_start(lo)
        if at < self.end and self.key_at(at) == key:
            return at, self.next_start(at + 1)
        return at, at

    def __contains__(self, key: bytes) -> bool:
        start, stop = self.find(key)
        return start < stop

    def read(self, start: int, stop: int) -> bytes:
        """Bytes of the file as if it ended with ``tail``."""
        real = self.data[start:min(stop, len(self.data))]
        return real + self.layout.tail[:max(0, stop - max(start, len(self.data)))]

    def lines_from(self, prefix: bytes) -> Iterator[bytes]:
        """N-Triples lines that start with ``prefix`` (one subject's lines: ``b"<s> "``)."""
        at, _ = self.find(prefix)
        while at < len(self.data) and self.data[at:at + len(prefix)] == prefix:
            stop = self.data.find(b"\n", at)
            yield self.data[at:stop]
            at = stop + 1

    def around(self, pos: int) -> tuple[int, int]:
        """The byte range of the section holding byte ``pos``."""
        marker = self.layout.marker
        found = self.data.rfind(marker, self.start, pos)
        start = found + len(marker) if found >= 0 else self.start
        return start, self.next_start(pos + 1)

    def holds(self, text: bytes, accept: Callable[[int], bool]) -> bool:
        """Whether ``text`` is somewhere ``accept(position)`` agrees to (found by ``find``,
        which runs at memory speed where a regular expression would crawl)."""
        at = self.data.find(text, self.start)
        while at >= 0:
            if accept(at):
                return True
            at = self.data.find(text, at + 1)
        return False


def splice(old: SortedSections, path: Path, header: bytes, edits: Mapping[bytes, Optional[bytes]]) -> None:
    """Write ``path`` (atomically) as ``old`` with each section keyed in ``edits`` replaced by
    its new text (ending in the separator) or dropped (``None``), under ``header``.

    Unchanged bytes move with ``os.copy_file_range`` (a copy inside the kernel, or a shared
    extent on filesystems that have them), in the order they had."""
    ranges = [(old.find(key), text) for key, text in sorted(edits.items())]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            at = old.start
            for (start, stop), text in ranges:
                _copy(old, out, at, start)
                if text:
                    out.write(text)
                at = max(at, stop)
            _copy(old, out, at, old.end)
            out.flush()
            size = out.tell()
            tail = old.layout.tail
            if size > len(header) and tail:
                out.truncate(size - len(tail))  # the writer leaves the last separator off
            elif size == len(header):
                out.truncate(0)  # no sections left: an empty file, as the writers give
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy(old: SortedSections, out, start: int, stop: int) -> None:
    """Copy ``old``'s bytes ``start:stop`` (its virtual tail included) to ``out``."""
    real = min(stop, len(old.data))
    if real > start:
        out.flush()
        src, dst = old._file.fileno(), out.fileno()
        offset = start
        while offset < real:
            try:
                sent = os.copy_file_range(src, dst, real - offset, offset)
            except (AttributeError, OSError):
                sent = 0
            if sent <= 0:  # no copy_file_range here (or it refused): through Python, in blocks
                out.seek(0, os.SEEK_END)
                for at in range(offset, real, _BLOCK):
                    out.write(old.data[at:min(at + _BLOCK, real)])
                break
            offset += sent
        out.seek(0, os.SEEK_END)
    if stop > max(start, len(old.data)):
        out.write(old.layout.tail[:stop - max(start, len(old.data))])
