"""The ``kg`` command: a thin shell over the public API, and the only module that prints or exits.

Each command calls one public function; typed ``KGError``s become one clear line on
stderr and exit code 1 (2 for usage errors, as click does).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

import kg
from kg.errors import KGError
from kg.queries import format_result, named_queries

DEFAULT_OUT = Path("output")
_GRAPH = click.option("--graph", "graph_path", type=click.Path(dir_okay=False, path_type=Path),
                      default=DEFAULT_OUT / "graph.ttl", show_default=True,
                      help="A built graph (.ttl, .nt, .trig, .jsonld).")


def _fail(error: Exception) -> None:
    click.echo(f"kg: error: {error}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(kg.__version__, prog_name="kg")
def main() -> None:
    """Build a knowledge graph of people, organizations and publications from CVs.

    \b
    kg build [PATH...] --out DIR     read CVs (.txt .md .pdf .docx; folders recursively)
    kg query NAME|SPARQL|FILE.rq     run a named or ad-hoc SPARQL query
    kg facts GRAPH                   subject / relation / object rows (TSV)
    kg render                        coauthor, employer and ego networks as HTML
    kg export [--redact]             Turtle, N-Triples, JSON-LD, TriG, GraphML, TSV
    kg explain SUBJECT OBJECT        the files and lines a fact came from
    kg validate GRAPH                check the graph against the SHACL shapes
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder for graph.ttl, graph.trig, facts.tsv and the HTML views.")
@click.option("--base", default=kg.DEFAULT_BASE, show_default=True, help="Base IRI for people, organizations, records.")
@click.option("--contacts", is_flag=True, help="Put the owners' e-mail, phone and web addresses in the graph.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Drop records the extractors are less sure of than this.")
@click.option("--limit", "limit_settings", multiple=True, metavar="NAME=VALUE",
              help="Change a per-file limit, e.g. --limit max_pdf_pages=500 --limit time_budget=120 "
                   "(names and defaults: kg build --show-limits; also KG_<NAME> variables).")
@click.option("--show-limits", is_flag=True, help="Print the limits in force and exit.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary.")
def build(paths, out_dir, base, contacts, min_confidence, limit_settings, show_limits, quiet) -> None:
    """Read CVs and write the knowledge graph and its views into --out.

    With no PATH, builds the bundled sample CVs. A file that cannot be read, or is over
    a limit (size, pages, lines, time), is named with its reason and skipped.
    """
    try:
        limits = kg.Limits.from_env().with_settings(limit_settings)
    except KGError as error:
        _fail(error)
    if show_limits:
        click.echo("\n".join(limits.describe()))
        return
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        click.echo(f"kg: {path}: no such file or folder", err=True)
    paths = [p for p in paths if p.exists()]
    if missing and not paths:
        sys.exit(1)
    files = kg.input_files(paths)
    bar = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="CV", desc="reading", file=sys.stderr)
    try:
        result = kg.build(files, base=base, contacts=contacts, min_confidence=min_confidence,
                          progress=(lambda _: bar.update(1)) if bar else None, limits=limits)
        if result.failures and not result.extractions:  # keep the previous outputs
            for failure in result.failures:
                click.echo(f"  failed: {failure}", err=True)
            _fail(KGError(f"no file could be read ({len(result.failures)} failed); {out_dir}/ left as it was"))
        written = kg.write_outputs(result, out_dir)
    except KGError as error:
        _fail(error)
    finally:
        if bar:
            bar.close()
    if quiet:
        return
    stats = result.stats()
    click.echo(f"Built {out_dir}/ ({', '.join(p.name for p in written)})")
    for key, value in stats.items():
        click.echo(f"  {key:<15} {value}")
    for failure in result.failures:
        click.echo(f"  failed: {failure}")
    for warning in result.warnings:
        click.echo(f"  warning: {warning}")


@main.command()
@click.argument("query", required=False)
@_GRAPH
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A named query's parameter.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
def query(query, graph_path, params, fmt, limit, list_queries) -> None:
    """Run QUERY (a named query, a .rq file or SPARQL text) over a built graph."""
    if list_queries or not query:
        for named in named_queries().values():
            args = " ".join(f"-p {name}=..." for name, _ in named.params)
            click.echo(f"{named.name:<17} {named.description}{'  [' + args + ']' if args else ''}")
        return
    bindings = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            _fail(KGError(f"--param {item!r}: expected NAME=VALUE"))
        bindings[name.strip()] = value
    try:
        result = kg.query(kg.load_graph(graph_path), query, bindings, limit=limit)
    except KGError as error:
        _fail(error)
    click.echo(format_result(result, fmt))


@main.command()
@click.argument("graph_path", type=click.Path(dir_okay=False, path_type=Path))
def facts(graph_path) -> None:
    """Print worked_at, studied_at, coauthored_with and advised_by facts as TSV."""
    try:
        click.echo(kg.facts(kg.load_graph(graph_path)), nl=False)
    except KGError as error:
        _fail(error)


@main.command()
@_GRAPH
@click.option("--view", type=click.Choice(["coauthors", "employers", "ego", "all"]), default="all", show_default=True)
@click.option("--person", help="For --view ego: the person (name or IRI) at the centre.")
@click.option("--hops", type=click.IntRange(1, 6), default=1, show_default=True, help="For --view ego.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True)
def render(graph_path, view, person, hops, out_dir) -> None:
    """Draw the networks of a built graph as self-contained HTML pages."""
    try:
        graph = kg.load_graph(graph_path)
        pages = kg.render_views(graph, out_dir, view=view, person=person, hops=hops)
    except KGError as error:
        _fail(error)
    for page in pages:
        click.echo(str(page))


@main.command()
@_GRAPH
@click.option("--format", "fmts", multiple=True, type=click.Choice(sorted(kg.EXPORT_FORMATS)),
              help="Formats to write (default: all).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT / "export",
              show_default=True)
@click.option("--redact", is_flag=True, help="Pseudonymise people (keyed hashes of their IRIs; no names, "
                                             "written forms, contacts or file paths) to share the structure.")
@click.option("--salt", envvar="KG_REDACT_SALT", help="The secret key of --redact's hashes (or KG_REDACT_SALT); "
                                                     "the same salt gives the same pseudonyms.")
def export(graph_path, fmts, out_dir, redact, salt) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD, TriG, GraphML and facts TSV."""
    try:
        graph = kg.load_graph(graph_path)
        if redact:
            graph = kg.redact(graph, salt or "")
        for fmt in fmts or sorted(kg.EXPORT_FORMATS):
            click.echo(str(kg.export(graph, out_dir / f"graph{kg.EXPORT_FORMATS[fmt]}", fmt)))
    except KGError as error:
        _fail(error)


@main.command()
@click.argument("subject")
@click.argument("object_")
@_GRAPH
def explain(subject, object_, graph_path) -> None:
    """Show the records (file, lines, extractor, confidence) behind facts between SUBJECT and OBJECT."""
    try:
        result = kg.query(kg.load_graph(graph_path), "explain", {"subject": subject, "object": object_})
    except KGError as error:
        _fail(error)
    if not result.rows:
        click.echo(f"no record links {subject!r} and {object_!r}")
        return
    click.echo(format_result(result, "table"))


@main.command()
@click.argument("graph_path", type=click.Path(dir_okay=False, path_type=Path))
def validate(graph_path) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl."""
    try:
        conforms, report = kg.validate(kg.load_graph(graph_path))
    except KGError as error:
        _fail(error)
    click.echo("conforms" if conforms else report)
    sys.exit(0 if conforms else 1)


if __name__ == "__main__":  # python -m kg.cli
    main()
