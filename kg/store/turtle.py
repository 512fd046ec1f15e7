"""Deterministic Turtle and TriG, written from sorted N-Triples lines.

The same lines give the same bytes whichever store they come from (rdflib in memory or
Oxigraph on disk), whatever the hash seed or the number of jobs: subjects in sorted order,
one block per subject, ``rdf:type`` first as ``a``, the other predicates sorted, repeated
predicates joined with ``,``. IRIs become prefixed names only where the local part is a
plain word; integers, decimals and booleans are written bare, as rdflib writes them.

>>> print(turtle_text(['<https://w3id.org/kg-cv/id/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
...                    '<https://w3id.org/kg-cv/ns#Person> .'], {"kg": "https://w3id.org/kg-cv/ns#"}), end="")
@prefix kg: <https://w3id.org/kg-cv/ns#> .
<BLANKLINE>
<https://w3id.org/kg-cv/id/x> a kg:Person .
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, Mapping, Sequence

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_BARE = {f"<{_XSD}integer>": _INTEGER, f"<{_XSD}decimal>": _DECIMAL}


def joined_lines(lines: Iterable[str]) -> str:
    """Lines as text, each ended by a newline: one join (a generator of ``f"{line}\\n"``
    pieces is four times slower on millions of lines).

    >>> joined_lines(["a", "b"]), joined_lines([])
    ('a\\nb\\n', '')
    """
    text = "\n".join(lines)
    return f"{text}\n" if text else ""


def split_lines(data: bytes) -> list[str]:
    """The lines of UTF-8 ``data`` that ``joined_lines`` wrote. Bytes are decoded at once:
    a text-mode read translates newlines and is several times slower on a large file.

    >>> split_lines(b"a\\nb\\n"), split_lines(b"")
    (['a', 'b'], [])
    """
    return data.decode("utf-8").split("\n")[:-1]


class _Names:
    """IRIs as prefixed names where that is safe, remembering which prefixes were used."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.by_namespace = {str(ns): prefix for prefix, ns in prefixes.items()}
        self.used: set[str] = set()
        self.cache: dict[str, str] = {}

    def iri(self, text: str) -> str:
        cut = max(text.rfind("#"), text.rfind("/")) + 1
        prefix = self.by_namespace.get(text[1:cut])
        if prefix is None or not _LOCAL.fullmatch(text, cut, len(text) - 1):
            return text
        self.used.add(prefix)
        return f"{prefix}:{text[cut:-1]}"

    def predicate(self, text: str) -> str:
        name = self.cache.get(text)
        if name is None:
            name = self.cache[text] = "a" if text == _TYPE else self.iri(text)
        return name

    def object(self, text: str) -> str:
        if text[0] == "<":
            return self.iri(text)
        if text[0] != '"' or not text.endswith(">"):
            return text  # a plain or language-tagged string, or a blank node
        body, _, datatype = text.rpartition("^^")
        pattern = _BARE.get(datatype)
        if pattern is not None and pattern.fullmatch(body, 1, len(body) - 1):
            return body[1:-1]
        if datatype == f"<{_XSD}boolean>" and body in {'"true"', '"false"'}:
            return body[1:-1]
        return f"{body}^^{self.iri(datatype)}"


def _blocks(chunks: Iterable[Sequence[bytes]], names: _Names, indent: str, every: int = 100_000) -> Iterator[bytes]:
    """Subject blocks (``s p o ; p o , o .``) of sorted N-Triples lines, given as lists of
    UTF-8 lines (such as ``file_chunks`` reads), as bytes yielded every ``every`` lines and
    at the end of each list (never an empty piece), so a writer holds one piece at a time.

    The hot loop of every export. It works on bytes: lines are split and compared without
    being decoded, and the pieces are written as they are (decoding and encoding the text
    had taken a third of the time). Objects and predicates that repeat (classes, extractor
    names, confidences) are converted once.
    """
    out: list[bytes] = []
    append = out.append
    predicates: dict[bytes, bytes] = {}
    objects: dict[bytes, bytes] = {}
    start_subject = indent.encode()
    next_predicate, next_object = f" ;\n{indent}    ".encode(), f" ,\n{indent}        ".encode()
    subject = predicate = None
    for chunk in chunks:
        for first in range(0, len(chunk), every):
            for line in chunk[first:first + every]:
                s, p, rest = line.split(b" ", 2)
                o = objects.get(rest)
                if o is None:
                    o = names.object(rest[:-2].decode("utf-8")).encode("utf-8")
                    if len(objects) < 100_000:
                        objects[rest] = o
                if s != subject:
                    if subject is not None:
                        append(b" .\n\n")
                    subject, predicate = s, p
                    append(b"%s%s %s %s" % (start_subject, s, predicates.get(p) or _predicate(predicates, names, p), o))
                elif p != predicate:
                    predicate = p
                    append(b"%s%s %s" % (next_predicate, predicates.get(p) or _predicate(predicates, names, p), o))
                else:
                    append(next_object + o)
            if out:
                yield b"".join(out)
                out.clear()
    if subject is not None:
        yield b" .\n"


def _predicate(predicates: dict[bytes, bytes], names: _Names, p: bytes) -> bytes:
    name = predicates[p] = names.predicate(p.decode("utf-8")).encode("utf-8")
    return name


def _encoded(lines: Iterable[str], every: int = 100_000) -> Iterator[list[bytes]]:
    """``lines`` as lists of ``every`` UTF-8 lines, for ``_blocks``."""
    batch: list[bytes] = []
    for line in lines:
        batch.append(line.encode("utf-8"))
        if len(batch) == every:
            yield batch
            batch = []
    if batch:
        yield batch


def _header(names: _Names, prefixes: Mapping[str, str]) -> str:
    """The ``@prefix`` lines of the prefixes ``names`` used (none when none), then a blank line."""
    return prefix_header(names.used, prefixes)


def prefix_header(used: Iterable[str], prefixes: Mapping[str, str]) -> str:
    """The ``@prefix`` lines of the ``used`` prefixes (none when none), then a blank line."""
    used = set(used)
    declared = sorted(p for p in prefixes if p in used)
    return "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in declared) + ("\n" if declared else "")


def turtle_parts(lines: Iterable[str], prefixes: Mapping[str, str]) -> tuple[Iterator[bytes], Callable[[], str]]:
    """Turtle of sorted, distinct N-Triples lines as (UTF-8 body pieces, header): the header
    declares the prefixes the body used, so call it once the pieces are consumed."""
    names = _Names(prefixes)
    return _blocks(_encoded(lines), names, ""), lambda: _header(names, prefixes)


def trig_parts(graphs: Iterable[tuple[str, Iterable[str]]], prefixes: Mapping[str, str]
               ) -> tuple[Iterator[bytes], Callable[[], str]]:
    """TriG of named graphs (``(graph IRI as N-Triples, its sorted lines)`` in graph order)
    as (UTF-8 body pieces, one per graph, and header), like ``turtle_parts``."""
    names = _Names(prefixes)
    body = trig_graphs(((graph, _encoded(lines)) for graph, lines in graphs), names)
    return body, lambda: _header(names, prefixes)


def trig_graphs(graphs: Iterable[tuple[str, Iterable[Sequence[bytes]]]], names: _Names) -> Iterator[bytes]:
    """The TriG body of named graphs given as (graph IRI as N-Triples, its sorted lines as
    lists of UTF-8 lines), one piece per graph that has lines; ``names`` records the
    prefixes used."""
    between = b""
    for graph, chunks in graphs:
        blocks = b"".join(_blocks(chunks, names, "    "))
        if blocks:
            yield b"%s%s {\n%s}\n" % (between, graph.encode("utf-8"), blocks)
            between = b"\n"


def line_pieces(lines: Iterable[str], every: int = 100_000) -> Iterator[bytes]:
    """Lines as UTF-8 pieces of ``every`` lines, each line ended by a newline."""
    for batch in _encoded(lines, every):
        batch.append(b"")
        yield b"\n".join(batch)


def text_of(parts: tuple[Iterator[bytes], Callable[[], str]]) -> str:
    """The text of ``turtle_parts`` or ``trig_parts``: the header, then the body."""
    body, header = parts
    text = b"".join(body).decode("utf-8")
    return header() + text


def turtle_text(lines: Iterable[str], prefixes: Mapping[str, str]) -> str:
    """Turtle of sorted, distinct N-Triples lines."""
    return text_of(turtle_parts(lines, prefixes))


def trig_text(graphs: Iterable[tuple[str, Iterable[str]]], prefixes: Mapping[str, str]) -> str:
    """TriG of named graphs: ``(graph IRI as N-Triples, its sorted lines)`` in graph order."""
    return text_of(trig_parts(graphs, prefixes))
