"""Queries against a SPARQL server through the SPARQL 1.1 Protocol, answered as ``QueryResult``.

Queries read the server's default graph, where ``kg push`` puts the merged graph (every
triple once, as in graph.ttl); the per-CV named graphs are there for ``GRAPH ?g`` queries.

The protocol has no bindings, so a named query's parameters travel as a ``VALUES`` block
put at the top of the query's ``WHERE`` group, each value written as an escaped RDF string
literal: user text is data, never SPARQL. Answers are the same ``QueryResult`` a local
query gives, so ``format_result`` prints both alike.
"""
from __future__ import annotations

import re
from typing import Optional

from rdflib import Graph

from kg.errors import QueryError, RemoteError
from kg.graph.vocab import KG
from kg.queries import QueryResult, finish, prepare_query
from kg.remote.endpoint import Endpoint, describe_failure, request

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Tokens that may hide braces or the WHERE keyword: IRIs, strings, comments.
_TOKENS = re.compile(r"""
    (?P<skip> <[^<>"{}|^`\\\s]*>
            | '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
            | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*"
            | \#[^\n\r]* )
  | (?P<where> \bWHERE\b )
  | (?P<open> \{ ) | (?P<close> \} )
""", re.IGNORECASE | re.VERBOSE | re.DOTALL)


def remote_query(endpoint: Endpoint, query: str, params: Optional[dict[str, str]] = None,
                 limit: Optional[int] = None) -> QueryResult:
    """Run a named query, a ``.rq`` file or SPARQL text on ``endpoint``; ``params`` are bound as literals.

    >>> remote_query(Endpoint.at("http://127.0.0.1:9/"), "headcount")  # doctest: +SKIP
    QueryResult(columns=('organization', 'staff', 'students'), rows=(...))
    """
    text, params, sort = prepare_query(query, params)
    return finish(_collect(send_query(endpoint, bind_values(text, params)), None if sort else limit), sort, limit)


def send_query(endpoint: Endpoint, text: str):
    """POST ``text`` to the query service; the parsed answer (dict for results, Graph for triples)."""
    data = {"query": text}
    if endpoint.default_graph:
        data["default-graph-uri"] = endpoint.default_graph
    response = request(endpoint, "POST", endpoint.query_url, data=data, headers={"Accept": ACCEPT},
                       ok=(200, 400))
    if response.status_code == 400:
        raise QueryError(f"query failed on {endpoint}: {describe_failure(response)}")
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    try:
        if kind in {"application/sparql-results+json", "application/json"}:
            return response.json()
        if kind in {"application/n-triples", "text/plain", "application/n-quads"}:
            return Graph().parse(data=response.text, format="nt")
    except ValueError as error:
        raise RemoteError(f"{endpoint}: unreadable answer ({str(error).splitlines()[0][:120]})") from None
    raise RemoteError(f"{endpoint}: unexpected answer of type {kind or 'unknown'!r}")


def bind_values(text: str, params: dict[str, str]) -> str:
    """``text`` with its parameters bound: one escaped literal each, never query text.

    The SPARQL 1.1 Protocol has no bindings. Inside the WHERE group each parameter's
    variable is replaced by its literal (a ``VALUES`` block would not reach the ``FILTER``s
    inside a query's ``UNION`` branches); a parameter the query also projects is bound by a
    ``VALUES`` block opening the WHERE group as well.

    >>> print(bind_values('SELECT ?x WHERE { ?x ?p ?name }', {"name": 'a "b"'}))
    SELECT ?x WHERE { ?x ?p "a \\"b\\"" }
    >>> print(bind_values('SELECT ?v WHERE { }', {"v": "1"}))
    SELECT ?v WHERE { VALUES (?v) { ("1") } }
    """
    if not params:
        return text
    for name in params:
        if not _VAR.match(name):
            raise QueryError(f"--param {name!r}: a parameter name is letters, digits and _")
    at = _where_brace(text)
    if at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    from kg.store.oxigraph import bind_values as substitute

    head, body = text[:at], substitute(text[at + 1:], params)
    projected = [name for name in params if re.search(rf"[?$]{name}\b", head)]
    if projected:
        names = " ".join(f"?{name}" for name in projected)
        values = " ".join(sparql_string(params[name]) for name in projected)
        body = f" VALUES ({names}) {{ ({values}) }}{body}"
    return f"{head}{{{body}"


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal; quotes, backslashes and line breaks are escaped.

    >>> print(sparql_string('"} ; DROP ALL ; {"'))
    "\\"} ; DROP ALL ; {\\""
    """
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"'


def _where_brace(text: str) -> Optional[int]:
    """The offset of the brace opening the query's WHERE group (outside strings, IRIs, comments)."""
    depth, first, after_where = 0, None, False
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "where" and depth == 0:
            after_where = True
        elif kind == "open":
            if depth == 0:
                if after_where:
                    return match.start()
                first = match.start() if first is None else first
            depth += 1
        elif kind == "close":
            depth -= 1
    return first


def _collect(answer, limit: Optional[int]) -> QueryResult:
    """The answer as a ``QueryResult`` shaped like a local query's."""
    if isinstance(answer, Graph):
        rows = tuple(sorted((str(s), str(p), str(o)) for s, p, o in answer))
        return QueryResult(("subject", "predicate", "object"), rows[:limit] if limit else rows)
    if "boolean" in answer:
        return QueryResult(("ask",), ((str(bool(answer["boolean"])).lower(),),))
    columns = tuple(answer.get("head", {}).get("vars", ()))
    bindings = answer.get("results", {}).get("bindings", [])
    rows = tuple(tuple(row[c]["value"] if c in row else None for c in columns) for row in bindings)
    return QueryResult(columns, rows[:limit] if limit else rows)


def fetch_graph(endpoint: Endpoint) -> Graph:
    """The union of kg's document graphs on the server, as one local graph (for render and facts).

    Reads the named graphs that describe themselves as a ``kg:Document``, so it works
    whatever the server's default graph holds.
    """
    text = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?g a " + KG.Document.n3() + " . ?s ?p ?o } }")
    answer = send_query(endpoint, text)
    if not isinstance(answer, Graph):
        raise RemoteError(f"{endpoint}: a CONSTRUCT query did not return triples")
    from kg.graph.to_rdf import PREFIXES

    for prefix, namespace in PREFIXES.items():
        answer.bind(prefix, namespace)
    return answer
