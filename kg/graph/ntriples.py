"""RDF terms as canonical N-Triples text, the one row format every store and writer shares.

A triple is a line ``<s> <p> "o" .``; sorting such lines sorts by subject, predicate and
object, so sorted lines are the deterministic order of every file kg writes. Literals are
written the way Oxigraph stores them (canonical N-Triples escapes; canonical lexical forms
of integers, decimals and booleans), so a triple reads the same whether it comes from an
rdflib graph or from the on-disk store.

>>> from rdflib import Literal, URIRef
>>> from decimal import Decimal
>>> term(URIRef("https://example.org/a")), term(Literal("say \\"hi\\"\\n")), term(Literal(Decimal("1.0")))
('<https://example.org/a>', '"say \\\\"hi\\\\"\\\\n"', '"1"^^<http://www.w3.org/2001/XMLSchema#decimal>')
"""
from __future__ import annotations

import hashlib
import re
import sys
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = XSD + "string"
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _escape_char(match: re.Match) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def escape(text: str) -> str:
    """A string's body in canonical N-Triples (quotes, backslashes and controls escaped)."""
    return _NEEDS_ESCAPE.sub(_escape_char, text) if _NEEDS_ESCAPE.search(text) else text


_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.DOTALL)
_UNESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape_match(match: re.Match) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _UNESCAPED.get(match.group(3), match.group(3))


def unescape(body: str) -> str:
    """A string's body read back from N-Triples (``escape`` undone, ``\\u`` escapes too).

    >>> unescape(escape('say "hi"\\n')) == 'say "hi"\\n', unescape("caf\\\\u00E9")
    (True, 'café')
    """
    return _UNESCAPE.sub(_unescape_match, body) if "\\" in body else body


def term(node: Node) -> str:
    """One rdflib term as canonical N-Triples text."""
    if type(node) is URIRef or isinstance(node, URIRef):
        return f"<{str(node)}>"
    if isinstance(node, Literal):
        body = f'"{escape(str(node))}"'
        if node.language:
            return f"{body}@{node.language.lower()}"
        datatype = str(node.datatype) if node.datatype else _STRING
        if datatype == _STRING:
            return body
        return f'"{escape(canonical(str(node), datatype))}"^^<{datatype}>'
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"not an RDF term: {node!r}")


def canonical(lexical: str, datatype: str) -> str:
    """The canonical lexical form Oxigraph keeps for integers, decimals and booleans.

    >>> canonical("034", XSD + "integer"), canonical("0.850", XSD + "decimal"), canonical("1.0", XSD + "decimal")
    ('34', '0.85', '1')
    """
    try:
        if datatype == XSD + "integer":
            return str(int(lexical))
        if datatype == XSD + "decimal":
            value = Decimal(lexical)
            if not value.is_finite():
                return lexical
            text = format(value.normalize(), "f")
            return "0" if text in {"-0", "0"} else text
    except (ValueError, InvalidOperation):
        return lexical
    if datatype == XSD + "boolean" and lexical in {"1", "0", "true", "false"}:
        return "true" if lexical in {"1", "true"} else "false"
    return lexical


def literal_term(value, datatype: Optional[str] = None) -> str:
    """``term(Literal(value, datatype=datatype))``, made without the Literal for a plain
    string (most of a CV's literals) and kept for the typed values that repeat (line
    numbers, confidences, years, ranks).

    >>> literal_term("Ada"), literal_term(3), literal_term("2020", XSD + "gYear")
    ('"Ada"', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    """
    if datatype is None and type(value) is str:
        return f'"{escape(value)}"'
    return _typed_term(value, datatype)


@lru_cache(maxsize=1 << 14, typed=True)
def _typed_term(value, datatype: Optional[str]) -> str:
    return term(Literal(value, datatype=datatype))


def triple_line(s: Node, p: Node, o: Node) -> str:
    return f"{term(s)} {term(p)} {term(o)} ."


def graph_lines(graph: Graph) -> list[str]:
    """The graph's triples as sorted, distinct N-Triples lines."""
    return sorted({triple_line(s, p, o) for s, p, o in graph})


def join(lines: Iterable[str]) -> str:
    """Lines as one N-Triples (or N-Quads) text, one per line, ending in a newline."""
    text = "\n".join(lines)
    return text + "\n" if text else ""


def split_line(line: str) -> tuple[str, str, str]:
    """(subject, predicate, object) of one N-Triples line (IRIs and blank nodes hold no spaces)."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest[:-2]



# ---------------------------------------------------------------- documents as lines
class _Lines:
    """One document's graph as a set of N-Triples lines (GraphBuilder's graph interface)."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: set[str] = set()

    def add(self, triple) -> None:
        s, p, o = triple  # an object GraphBuilder made with literal_term is its text already
        self.lines.add(f"{term(s)} {term(p)} {o if type(o) is str else term(o)} .")


class _LinesDataset:
    """What GraphBuilder needs of a Dataset: ``bind``, ``graph(name)`` and (its own)
    ``literal``, which makes each literal's N-Triples text instead of an rdflib Literal."""

    literal = staticmethod(literal_term)

    def __init__(self) -> None:
        self.graphs: dict[str, _Lines] = {}

    def bind(self, prefix, namespace) -> None:
        pass

    def graph(self, name) -> _Lines:
        return self.graphs.setdefault(term(name), _Lines())


def document_lines(resolved, extractions=None, **options) -> dict[str, list[str]]:
    """Each document's named graph as sorted N-Triples lines, keyed by the graph's IRI (``<…>``).

    ``extractions`` limits the work to those documents (all of ``resolved`` by default);
    ``options`` are ``build_dataset``'s (base, contacts, min_confidence). The lines are the
    triples ``build_dataset`` puts in the same named graphs, without building rdflib graphs.
    """
    from kg.graph.to_rdf import GraphBuilder

    sink = _LinesDataset()
    builder = GraphBuilder(resolved, dataset=sink, **options)
    for extraction in resolved.extractions if extractions is None else extractions:
        builder.add(extraction)
    return {name: sorted(graph.lines) for name, graph in sink.graphs.items()}


def document_digest(extraction, resolved, **options) -> str:
    """A digest of everything a document's graph depends on: its extraction, how its names
    resolved (IRIs and labels), the build options and the graph-building code.

    Two builds that give a document the same digest give it the same lines, so an
    incremental build rebuilds only the documents whose digest changed.
    """
    from kg.resolve.merge import org_mentions, person_mentions

    checksum = extraction.document.checksum
    people = sorted({(w, resolved.person_refs[(checksum, w)], resolved.person(checksum, w).label)
                     for w in person_mentions(extraction)})
    orgs = sorted({(w, resolved.org_refs[w], resolved.org(w).label) for w in org_mentions(extraction)})
    payload = repr((_code_digest(), _extraction_identity(extraction), people, orgs, sorted(options.items())))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _extraction_identity(extraction) -> tuple:
    """What an extraction is a function of: the file's bytes (its checksum), where it was
    read from (provenance names the file), the extracting code, and whether the owner's
    contact details were kept. A build's extractions all come from ``extract_path`` or the
    cache, keyed the same way; this is a hundred times cheaper than the extraction's repr."""
    from kg.cache import extraction_code_digest

    return extraction_code_digest(), extraction.document.checksum, extraction.document.source, extraction.contacts


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The graph-building code itself: editing it invalidates every cached document graph."""
    from kg.graph import to_rdf, vocab

    digest = hashlib.sha256()
    for module in (to_rdf, vocab, sys.modules[__name__]):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def document_name(extraction, base: str) -> str:
    """The IRI (as ``<…>``) of a document's named graph."""
    namespace = base if base.endswith(("/", "#")) else base + "/"
    return f"<{namespace}doc/{extraction.document.id}>"
