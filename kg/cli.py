"""The ``kg`` command: a thin shell over the public API, and the only module that prints or exits.

Each command calls one public function; typed ``KGError``s become one clear line on
stderr and exit code 1 (2 for usage errors, as click does).
"""
from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

import kg
from kg.errors import KGError
from kg.queries import format_result, named_queries
from kg.servers import server_kinds

DEFAULT_OUT = Path("output")
_GRAPH = click.option("--graph", "--store", "graph_path", type=click.Path(path_type=Path),
                      default=DEFAULT_OUT, show_default=True,
                      help="A build folder or its store/ (opened without parsing), or a graph file "
                           "(.ttl, .nt, .trig, .jsonld).")


def _cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _remote(command):
    """--endpoint and --server: read from a SPARQL server instead of a graph file."""
    command = click.option("--server", type=click.Choice(sorted(server_kinds())), default="oxigraph",
                           show_default=True, help="The kind of server at --endpoint (its URL shapes).")(command)
    return click.option("--endpoint", metavar="URL", help="A SPARQL server's URL (credentials: KG_ENDPOINT_USER/"
                        "KG_ENDPOINT_PASSWORD, KG_ENDPOINT_TOKEN or ~/.netrc).")(command)


def _endpoint(url, server):
    return kg.Endpoint.at(url, server=server) if url else None


@contextmanager
def _progress(total: int | None, desc: str, quiet: bool = False):
    """A progress bar on a terminal's stderr (none when quiet or piped): yields the
    callback to call once per CV, or None."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=total, unit="CV", desc=desc, file=sys.stderr)
    try:
        yield lambda _: bar.update(1)
    finally:
        bar.close()


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
    kg facts [GRAPH]                 subject / relation / object rows (TSV)
    kg render                        coauthor, employer, talent-flow, ego and timeline views + index
    kg export [--redact]             Turtle, N-Triples, JSON-LD, TriG, GraphML, TSV
    kg explain SUBJECT OBJECT        the files and lines a fact came from
    kg eval PATH... --gold DIR       score extraction against hand-made gold facts
    kg validate GRAPH                check the graph against the SHACL shapes
    kg push --endpoint URL           send a build to a SPARQL server, one named graph per CV
    kg serve [DIR]                   start a local Oxigraph SPARQL server over a build
    (query, facts and render take --endpoint URL to read from a server instead)
    kg synth N --out DIR             write N synthetic CVs with gold facts
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder for graph.ttl, graph.trig, facts.tsv and the HTML views.")
@click.option("--base", default=kg.DEFAULT_BASE, show_default=True, help="Base IRI for people, organizations, records.")
@click.option("--contacts", is_flag=True, help="Put the owners' e-mail, phone and web addresses in the graph.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Drop records the extractors are less sure of than this.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction [default: all cores; 1 = in this process].")
@click.option("--scheduler", metavar="ADDRESS", help="Extract on a Dask cluster (pip install 'kg[dask]').")
@click.option("--no-cache", is_flag=True, help="Re-extract every file and rewrite the whole store.")
@click.option("--limit", "limit_settings", multiple=True, metavar="NAME=VALUE",
              help="Change a per-file limit, e.g. --limit max_pdf_pages=500 --limit time_budget=120 "
                   "(names and defaults: kg build --show-limits; also KG_<NAME> variables).")
@click.option("--show-limits", is_flag=True, help="Print the limits in force and exit.")
@click.option("--views/--no-views", default=True, show_default=True,
              help="Draw the HTML views and index.html (minutes at 10,000 CVs; kg render draws them later).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary.")
def build(paths, out_dir, base, contacts, min_confidence, jobs, scheduler, no_cache, limit_settings, show_limits,
          views, quiet) -> None:
    """Read CVs and write the knowledge graph and its views into --out.

    With no PATH, builds the bundled sample CVs. The graph goes into the store
    --out/store (what query, render and export open); a rebuild re-extracts only new and
    changed files (cache in --out/.kg). --no-views leaves the HTML views out.
    A file that cannot be read, or is over a limit (size, pages, lines, time), is named
    with its reason and skipped; when no file can be read, --out is left as it was.
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
    cache = out_dir / ".kg"
    if no_cache:
        import shutil

        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(out_dir / "store", ignore_errors=True)
    # the build's millions of objects live until the command ends and make few cycles: the
    # collector stays off until they are frozen (kg.build pauses it and, turned on again
    # after, its first pass over them took 0.5 s of a rebuild at 10,000 CVs; while the
    # outputs were written, a full pass took 0.8 s)
    collecting = gc.isenabled()
    gc.disable()
    try:
        with _progress(len(files), "reading", quiet) as progress:
            result = kg.build(files, base=base, contacts=contacts, min_confidence=min_confidence,
                              progress=progress, jobs=jobs or _cores(), scheduler=scheduler,
                              store=out_dir / "store", cache=cache, limits=limits)
        gc.freeze()
        if result.failures and not result.extractions:  # keep the previous outputs
            for failure in result.failures:
                click.echo(f"  failed: {failure}", err=True)
            _fail(KGError(f"no file could be read ({len(result.failures)} failed); {out_dir}/ left as it was"))
        written = kg.write_outputs(result, out_dir, views=views)
    except KGError as error:
        _fail(error)
    finally:
        if collecting:
            gc.enable()
    if quiet:
        return
    stats = result.stats()
    click.echo(f"Built {out_dir}/ ({', '.join(p.name for p in written)}, store/)")
    stats["extracted"] = result.extracted
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
@_remote
def query(query, graph_path, params, fmt, limit, list_queries, endpoint, server) -> None:
    """Run QUERY (a named query, a .rq file or SPARQL text) over a built graph or a SPARQL server."""
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
        if endpoint:
            result = kg.remote_query(_endpoint(endpoint, server), query, bindings, limit=limit)
        else:
            result = kg.query(kg.open_graph(graph_path), query, bindings, limit=limit)
    except KGError as error:
        _fail(error)
    click.echo(format_result(result, fmt))


@main.command()
@click.argument("graph_path", type=click.Path(path_type=Path), required=False)
@_remote
def facts(graph_path, endpoint, server) -> None:
    """Print worked_at, studied_at, coauthored_with and advised_by facts as TSV.

    GRAPH is a build folder, its store/ or a graph file (default: output/); --endpoint reads
    from a SPARQL server instead.
    """
    try:
        graph = _endpoint(endpoint, server) or kg.open_graph(graph_path or DEFAULT_OUT)
        if isinstance(graph, kg.Store):  # streamed: a large graph's rows are never all in memory
            import tempfile

            from kg.export import facts_pieces

            out = click.get_binary_stream("stdout")
            for piece in facts_pieces(graph, tempfile.gettempdir()):
                out.write(piece)
            out.flush()
        else:
            click.echo(kg.facts(graph), nl=False)
    except KGError as error:
        _fail(error)


@main.command()
@_GRAPH
@click.option("--view", type=click.Choice(["coauthors", "employers", "talent-flow", "timeline", "ego", "all"]),
              default="all", show_default=True, help="all: every view, ego views and index.html.")
@click.option("--person", help="For --view ego: the person (name or IRI) at the centre.")
@click.option("--hops", type=click.IntRange(1, 6), default=1, show_default=True, help="For --view ego.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True)
@_remote
def render(graph_path, view, person, hops, out_dir, endpoint, server) -> None:
    """Draw the networks of a built graph (or of a SPARQL server's) as self-contained HTML pages."""
    try:
        graph = kg.fetch_graph(_endpoint(endpoint, server)) if endpoint else kg.open_graph(graph_path)
        pages = kg.render_views(graph, out_dir, view=view, person=person, hops=hops)
    except KGError as error:
        _fail(error)
    for page in pages:
        click.echo(str(page))


#: Formats written through an rdflib graph in memory, and the triples past which ``kg export``
#: without ``--format`` leaves them out (the other formats stream from the store).
IN_MEMORY_FORMATS = ("graphml", "jsonld")
IN_MEMORY_EXPORT = 2_000_000


@main.command()
@_GRAPH
@click.option("--format", "fmts", multiple=True, type=click.Choice(sorted(kg.EXPORT_FORMATS)),
              help="Formats to write (default: all; past 2 million triples JSON-LD and GraphML, "
                   "which are made in memory, only when asked for).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT / "export",
              show_default=True)
@click.option("--redact", is_flag=True, help="Pseudonymise people (keyed hashes of their IRIs; no names, "
                                             "written forms, contacts or file paths) to share the structure.")
@click.option("--salt", envvar="KG_REDACT_SALT", help="The secret key of --redact's hashes (or KG_REDACT_SALT); "
                                                     "the same salt gives the same pseudonyms.")
def export(graph_path, fmts, out_dir, redact, salt) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD, TriG, GraphML and facts TSV."""
    try:
        graph = kg.open_graph(graph_path)
        if redact:
            graph = kg.redact(graph.graph() if isinstance(graph, kg.Store) else graph, salt or "")
        chosen = list(fmts) or sorted(kg.EXPORT_FORMATS)
        if not fmts and isinstance(graph, kg.Store) and len(graph) > IN_MEMORY_EXPORT:
            skipped = [fmt for fmt in chosen if fmt in IN_MEMORY_FORMATS]
            chosen = [fmt for fmt in chosen if fmt not in IN_MEMORY_FORMATS]
            click.echo(f"kg: skipped {', '.join(skipped)}: {len(graph):,} triples are more than they can be "
                       f"written from memory (about 1 KB a triple); ask for them with --format", err=True)
        for fmt in chosen:
            click.echo(str(kg.export(graph, out_dir / f"graph{kg.EXPORT_FORMATS[fmt]}", fmt)))
    except KGError as error:
        _fail(error)


@main.command(name="eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of NAME.gold.tsv files (the format of the shared annotation guidelines).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Score only records at least this confident.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--summary", is_flag=True, help="Only the table, not each document's misses.")
def evaluate(paths, gold_dir, min_confidence, as_json, summary) -> None:
    """Build the CVs at PATHS and score their facts against hand-made gold facts.

    Prints precision, recall and F1 per relation (worked_at, studied_at, coauthored_with,
    advised_by) and, per document, the facts missed and the spurious ones.
    """
    try:
        result = kg.evaluate(paths, gold_dir, min_confidence=min_confidence)
    except KGError as error:
        _fail(error)
    for failure in result.failures:
        click.echo(f"kg: {failure}", err=True)
    if as_json:
        import json

        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.report(per_doc=not summary))


@main.command()
@click.argument("subject")
@click.argument("object_")
@_GRAPH
def explain(subject, object_, graph_path) -> None:
    """Show the records (file, lines, extractor, confidence) behind facts between SUBJECT and OBJECT."""
    try:
        result = kg.query(kg.open_graph(graph_path), "explain", {"subject": subject, "object": object_})
    except KGError as error:
        _fail(error)
    if not result.rows:
        click.echo(f"no record links {subject!r} and {object_!r}")
        return
    click.echo(format_result(result, "table"))


@main.command()
@click.argument("graph_path", type=click.Path(path_type=Path), default=DEFAULT_OUT)
def validate(graph_path) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl."""
    try:
        conforms, report = kg.validate(kg.open_graph(graph_path).graph())
    except KGError as error:
        _fail(error)
    click.echo("conforms" if conforms else report)
    sys.exit(0 if conforms else 1)


@main.command()
@click.argument("source", type=click.Path(path_type=Path), default=DEFAULT_OUT, required=False)
@click.option("--endpoint", metavar="URL", required=True, help="The SPARQL server's URL (credentials: "
              "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD, KG_ENDPOINT_TOKEN or ~/.netrc; never in the URL).")
@click.option("--server", type=click.Choice(sorted(server_kinds())), default="oxigraph", show_default=True,
              help="The kind of server at --endpoint (its URL shapes).")
@click.option("--jobs", type=click.IntRange(1, 32), default=4, show_default=True, help="Requests at once.")
@click.option("--keep-stale", is_flag=True, help="Keep the server's graphs of CVs no longer in the build.")
@click.option("--full", is_flag=True, help="Send every CV's graph and the whole merged graph, even those "
              "the server already has.")
def push(source, endpoint, server, jobs, keep_stale, full) -> None:
    """Send a build (SOURCE: its folder or graph.trig) to a SPARQL server, one named graph per CV.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol: each CV's graph is replaced whole, the
    ontology goes in its own graph, and graphs of CVs no longer in the build are dropped.
    A push sends only the CVs that changed since the last push to that server (a manifest
    graph there records what was sent); the merged graph in the server's default graph is
    updated to match.
    """
    try:
        target = kg.Endpoint.at(endpoint, server=server)
        with _progress(None, "pushing") as progress:
            report = kg.push(source, target, prune=not keep_stale, jobs=jobs, full=full, progress=progress)
    except KGError as error:
        _fail(error)
    click.echo(f"Pushed {report.documents} CV graphs ({report.triples} triples) to {report.endpoint} "
               f"in {report.seconds:.2f} s: sent {report.sent} that changed, "
               f"{'rewrote' if report.full else 'updated'} the merged graph")
    if report.deleted:
        click.echo(f"  dropped {len(report.deleted)} graphs of CVs no longer in the build")
    for warning in report.warnings:
        click.echo(f"  warning: {warning}")


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="0 picks a free port.")
@click.option("--writable", is_flag=True, help="Accept SPARQL updates and pushes (read-only by default).")
def serve(out_dir, port, writable) -> None:
    """Start a local Oxigraph SPARQL server (loopback only) over the build in OUT_DIR; Ctrl-C stops it.

    The build's graph.trig is loaded into OUT_DIR/store the first time (and again when it changes).
    """
    import signal

    try:
        server = kg.serve(out_dir, port=port, writable=writable)
    except KGError as error:
        _fail(error)
    # Ctrl-C and SIGTERM stop the server, even when kg was started with SIGINT ignored (a
    # background job of a script, a test runner's worker), where Python would ignore it too
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:  # a Ctrl-C at any moment from here, even while the addresses print, stops cleanly
        click.echo(f"SPARQL endpoint: {server.query_url}")
        click.echo(f"Browser UI:      {server.url}/")
        click.echo("Press Ctrl-C to stop.")
        code = server.wait()
    except KeyboardInterrupt:
        server.stop()
        click.echo("Stopped.")
        return
    _fail(kg.RemoteError(f"the Oxigraph server stopped by itself (exit code {code})"))


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@main.command()
@click.argument("n", type=click.IntRange(min=1))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the CVs, gold/ (one NAME.gold.tsv per CV) and manifest.tsv.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed and N: byte-identical files.")
@click.option("--formats", default="txt,md,pdf,docx", show_default=True,
              help="Formats to write, comma-separated; each keeps its default share unless --share says otherwise.")
@click.option("--share", "shares", multiple=True, metavar="FORMAT=SHARE",
              help="Share of a format, relative (defaults txt=0.45 md=0.45 pdf=0.05 docx=0.05); "
                   "a format given a share is written even if --formats leaves it out.")
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes writing CVs (0: one per core). The files are the same for any number.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary.")
def synth(n, out_dir, seed, formats, shares, workers, quiet) -> None:
    """Write N synthetic CVs (text, Markdown, PDF, DOCX) and their gold facts into --out.

    The people, organizations, co-authors and advisors come from one world drawn from
    --seed, so they overlap across CVs; `kg build DIR` reads the CVs, not gold/.
    """
    import os
    import time

    from kg.synth import format_mix, generate, parse_shares

    started = time.perf_counter()
    try:
        mix = format_mix(formats, parse_shares(shares))
        with _progress(n, "writing", quiet) as progress:
            paths = generate(n, out_dir, seed=seed, formats=mix, workers=workers or os.cpu_count() or 1,
                             progress=progress)
    except KGError as error:
        _fail(error)
    if quiet:
        return
    counts = {fmt: sum(path.suffix == f".{fmt}" for path in paths) for fmt in mix}
    mix_text = ", ".join(f"{fmt} {count}" for fmt, count in counts.items() if count)
    click.echo(f"Wrote {len(paths)} CVs ({mix_text}) and their gold facts into {out_dir}/ "
               f"in {time.perf_counter() - started:.1f} s (seed {seed})")


if __name__ == "__main__":  # python -m kg.cli
    main()
