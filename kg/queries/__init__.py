"""Named SPARQL queries shipped with kg, and running any query over a graph.

Each ``*.rq`` file here starts with ``# name:``, ``# description:`` and one ``# param:``
line per parameter. Parameters are bound as RDF terms through ``initBindings``; user
text never becomes part of the query string. A ``# sort: rows`` line asks kg to sort the
rows itself, column by column as ``ORDER BY`` every projected variable would (unbound
first): for facts' 730,000 rows Oxigraph's ``ORDER BY`` took 40 s, Python's sort 1 s.

Each parameter ``P`` of a named query also binds ``?PKey``, the value's ``kg:nameKey``
(lowercase, ``name_key``), so a query finds a name with ``?x kg:nameKey ?PKey``: one index
probe the engine can start from. Computing the key in the query (``LCASE``) made Oxigraph
evaluate the rest of the pattern on its own and join afterwards.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from rdflib import Graph, Literal
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError

if TYPE_CHECKING:
    from kg.store import Store


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[tuple[str, str], ...]  # (name, description)
    text: str
    sort: bool = False  # kg sorts the rows (``# sort: rows``), not the engine


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[Optional[str], ...], ...]


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with the package, by name."""
    out = {}
    for resource in sorted(files("kg.queries").iterdir(), key=lambda r: r.name):
        if not resource.name.endswith(".rq"):
            continue
        text = resource.read_text(encoding="utf-8")
        meta = dict(re.findall(r"^# (name|description|sort): (.+)$", text, re.MULTILINE))
        params = tuple((m.group(1), m.group(2).strip())
                       for m in re.finditer(r"^# param: (\w+) = (.+)$", text, re.MULTILINE))
        out[meta["name"]] = NamedQuery(meta["name"], meta.get("description", ""), params, text,
                                       meta.get("sort", "").strip() == "rows")
    return out


def resolve_query(query: str) -> tuple[str, tuple[str, ...]]:
    """(SPARQL text, parameter names) for a named query, a ``.rq`` file or inline SPARQL."""
    named = named_queries()
    if query in named:
        return named[query].text, tuple(p for p, _ in named[query].params)
    if query.endswith(".rq") or (len(query) < 256 and "\n" not in query and Path(query).is_file()):
        try:
            return Path(query).read_text(encoding="utf-8"), ()
        except OSError as error:
            raise QueryError(f"{query}: cannot read query file ({error.strerror})") from None
    if not re.search(r"\b(select|ask|construct|describe)\b", query, re.IGNORECASE):
        raise QueryError(f"unknown query {query!r}: not a named query ({', '.join(named)}), a .rq file or SPARQL")
    return query, ()


def run_query(graph: "Graph | Store", query: str, params: Optional[dict[str, str]] = None,
              limit: Optional[int] = None, sort: Optional[bool] = None) -> QueryResult:
    """Run a named query, a ``.rq`` file or SPARQL text over an rdflib graph or a ``kg.store``
    store; ``params`` are bound as literals. ``sort=False`` leaves rows unsorted where the
    query would have kg sort them (for a caller that sorts its own way).

    >>> from rdflib import Graph
    >>> run_query(Graph(), "SELECT ?x WHERE { VALUES ?x { 1 } }").rows
    (('1',),)
    """
    text, params, kg_sorts = prepare_query(query, params)
    sort = kg_sorts if sort is None else sort
    if not isinstance(graph, Graph):  # a kg.store.Store (Oxigraph on disk binds its own way)
        return finish(graph.run(text, params, None if sort else limit), sort, limit)
    bindings: dict[str, Node] = {name: Literal(value) for name, value in params.items()}
    try:
        result = graph.query(text, initBindings=bindings)
    except Exception as error:  # rdflib raises pyparsing and other errors
        raise QueryError(f"query failed: {str(error).splitlines()[0] if str(error) else type(error).__name__}") from None
    return finish(_collect(result, None if sort else limit), sort, limit)


def prepare_query(query: str, params: Optional[dict[str, str]]) -> tuple[str, dict[str, str], bool]:
    """(SPARQL text, parameters, whether kg sorts the rows) for a query; a one-line
    ``QueryError`` when a named query's parameter is missing. Local and remote runs share it."""
    text, expected = resolve_query(query)
    params = dict(params or {})
    missing = [p for p in expected if p not in params]
    if missing:
        raise QueryError(f"query {query!r} needs --param {missing[0]}=VALUE")
    return text, with_keys(params, expected), sorted_by_kg(query)


def with_keys(params: dict[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """``params`` and, for each named parameter ``P``, ``PKey``: its value's ``kg:nameKey``.

    >>> with_keys({"person": "Ada OKAFOR"}, ("person",))
    {'person': 'Ada OKAFOR', 'personKey': 'ada okafor'}
    """
    from kg.graph.vocab import name_key

    return {**params, **{f"{name}Key": name_key(params[name]) for name in names}}


def sorted_by_kg(query: str) -> bool:
    """Whether ``query`` is a named query whose rows kg sorts (``# sort: rows``)."""
    named = named_queries().get(query)
    return named is not None and named.sort


def finish(result: QueryResult, sort: bool, limit: Optional[int]) -> QueryResult:
    """``result`` sorted column by column when ``sort`` (unbound first, as ``ORDER BY`` puts
    it), then cut to ``limit`` rows.

    >>> finish(QueryResult(("a", "b"), (("y", "1"), ("x", None), ("x", "2"))), True, 2).rows
    (('x', None), ('x', '2'))
    """
    rows = tuple(sorted(result.rows, key=_row_key)) if sort else result.rows
    return QueryResult(result.columns, rows[:limit] if limit else rows)


def _row_key(row: tuple[Optional[str], ...]) -> tuple:
    return tuple((value is not None, value or "") for value in row)


def _collect(result: Result, limit: Optional[int]) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(("ask",), ((str(result.askAnswer).lower(),),))
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        rows = tuple(sorted((str(s), str(p), str(o)) for s, p, o in result.graph))
        return QueryResult(("subject", "predicate", "object"), rows[:limit] if limit else rows)
    columns = tuple(str(v) for v in result.vars)
    rows = tuple(tuple(None if v is None else str(v) for v in row) for row in result)
    return QueryResult(columns, rows[:limit] if limit else rows)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as an aligned table, CSV, TSV or JSON."""
    if fmt == "json":
        return json.dumps([dict(zip(result.columns, row)) for row in result.rows], ensure_ascii=False, indent=2)
    if fmt == "tsv":
        rows = [result.columns] + [tuple("" if v is None else one_line(v) for v in row) for row in result.rows]
        return "\n".join("\t".join(row) for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([["" if v is None else one_line(v) for v in row] for row in result.rows])
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise QueryError(f"unknown output format {fmt!r} (table, csv, tsv, json)")
    cells = [list(result.columns)] + [["" if v is None else one_line(v) for v in row] for row in result.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(result.columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def one_line(value: str) -> str:
    """One line of text: tabs, newlines and runs of spaces become one space."""
    return " ".join(value.split())
