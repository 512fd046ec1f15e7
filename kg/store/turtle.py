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
from typing import Callable, Iterable, Iterator, Mapping, Optional

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


def _blocks(lines: Iterable[str], names: _Names, indent: str, every: int = 100_000) -> Iterator[str]:
    """Subject blocks (``s p o ; p o , o .``) of sorted N-Triples lines, as text yielded
    every ``every`` lines (never an empty piece), so a writer holds one piece at a time.

    The hot loop of every export: objects and predicates that repeat (classes, extractor
    names, confidences) are converted once.
    """
    out: list[str] = []
    append = out.append
    predicates: dict[str, str] = {}
    objects: dict[str, str] = {}
    convert = names.object
    next_predicate, next_object = f" ;\n{indent}    ", f" ,\n{indent}        "
    subject = predicate = None
    for count, line in enumerate(lines, start=1):
        s, p, rest = line.split(" ", 2)
        o = objects.get(rest)
        if o is None:
            o = convert(rest[:-2])
            if len(objects) < 100_000:
                objects[rest] = o
        if s != subject:
            if subject is not None:
                append(" .\n\n")
            subject, predicate = s, p
            append(f"{indent}{s} {predicates.get(p) or predicates.setdefault(p, names.predicate(p))} {o}")
        elif p != predicate:
            predicate = p
            append(f"{next_predicate}{predicates.get(p) or predicates.setdefault(p, names.predicate(p))} {o}")
        else:
            append(f"{next_object}{o}")
        if count % every == 0:
            yield "".join(out)
            out.clear()
    if subject is not None:
        append(" .\n")
    if out:
        yield "".join(out)


def _header(names: _Names, prefixes: Mapping[str, str]) -> str:
    """The ``@prefix`` lines of the prefixes ``names`` used (none when none), then a blank line."""
    return prefix_header(names.used, prefixes)


def prefix_header(used: Iterable[str], prefixes: Mapping[str, str]) -> str:
    """The ``@prefix`` lines of the ``used`` prefixes (none when none), then a blank line."""
    used = set(used)
    declared = sorted(p for p in prefixes if p in used)
    return "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in declared) + ("\n" if declared else "")


def turtle_parts(lines: Iterable[str], prefixes: Mapping[str, str]) -> tuple[Iterator[str], Callable[[], str]]:
    """Turtle of sorted, distinct N-Triples lines as (body pieces, header): the header
    declares the prefixes the body used, so call it once the pieces are consumed."""
    names = _Names(prefixes)
    return _blocks(lines, names, ""), lambda: _header(names, prefixes)


def trig_parts(graphs: Iterable[tuple[str, Iterable[str]]], prefixes: Mapping[str, str],
               names: Optional[_Names] = None) -> tuple[Iterator[str], Callable[[], str]]:
    """TriG of named graphs (``(graph IRI as N-Triples, its sorted lines)`` in graph order)
    as (body pieces, one per graph, and header), like ``turtle_parts``; ``names`` records
    the prefixes used."""
    names = names if names is not None else _Names(prefixes)

    def body() -> Iterator[str]:
        between = ""
        for graph, lines in graphs:
            blocks = "".join(_blocks(lines, names, "    "))
            if blocks:
                yield f"{between}{graph} {{\n{blocks}}}\n"
                between = "\n"

    return body(), lambda: _header(names, prefixes)


def line_pieces(lines: Iterable[str], every: int = 100_000) -> Iterator[str]:
    """Lines as text pieces of ``every`` lines, each line ended by a newline."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == every:
            yield joined_lines(batch)
            batch.clear()
    if batch:
        yield joined_lines(batch)


def text_of(parts: tuple[Iterator[str], Callable[[], str]]) -> str:
    """The text of ``turtle_parts`` or ``trig_parts``: the header, then the body."""
    body, header = parts
    text = "".join(body)
    return header() + text


def turtle_text(lines: Iterable[str], prefixes: Mapping[str, str]) -> str:
    """Turtle of sorted, distinct N-Triples lines."""
    return text_of(turtle_parts(lines, prefixes))


def trig_text(graphs: Iterable[tuple[str, Iterable[str]]], prefixes: Mapping[str, str]) -> str:
    """TriG of named graphs: ``(graph IRI as N-Triples, its sorted lines)`` in graph order."""
    return text_of(trig_parts(graphs, prefixes))
