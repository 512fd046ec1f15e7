"""Issue 4's benchmark: kg at corpus scale against plain rdflib, on this machine.

Not a test (pytest does not collect it; ``tests/bench/test_bench_scale.py`` runs it on a
handful of CVs so it cannot rot). Run it from the repository root::

    .venv/bin/python -m tests.bench.bench_scale                 # 10,000 CVs, medians of 3 runs
    .venv/bin/python -m tests.bench.bench_scale --cvs 2000 --runs 1
    .venv/bin/python -m tests.bench.bench_scale --big           # adds the 100,000-CV row

It writes a corpus with ``kg synth`` (the default format mix: 45% text, 45% Markdown, 5%
PDF, 5% DOCX) and measures, as the user would meet them, through the ``kg`` command in
child processes (wall seconds, and the peak memory of the process tree: the sum of its
processes' proportional set sizes, polled from ``/proc``):

- extraction throughput in one process (a fresh process per run, each over CVs it has not
  seen: read + extract, per format);
- ``kg build`` of the whole corpus with all cores (read, extract, resolve, store, Turtle,
  TriG, facts), from an empty output folder;
- a rebuild after one CV changed;
- ``kg query NAME`` for every named query (process start included), and the query alone
  in a process that has the store open;
- Turtle export from the store (triples per second);
- push and query against a local Oxigraph server (issue 6);
- extraction quality: the build's facts scored against the corpus's own gold.

Plain rdflib (Memory store; the Turtle file parsed for each query, as a user without a
store does) runs the same Turtle export and queries on a ``--rdflib-cvs`` slice of the
corpus (default 500 CVs), where kg is measured too, so each ratio compares like with
like: rdflib needs about 1 KB of memory per triple and minutes per million triples
parsed, so it is not run on the full graph. Prints a Markdown table and writes JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Optional

# ---------------------------------------------------------------------------- measuring
def _tree_memory(root: int) -> int:
    """Bytes of memory ``root`` and every process descended from it hold (Linux ``/proc``):
    the sum of their proportional set sizes, where a page that forked workers share with
    their parent counts once in all (summing resident sizes counted the parent's pages once
    more for each worker: 4.6 GB for a build whose processes held 2.3 GB); the resident
    size of a process whose PSS cannot be read."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss(pid, rss.get(pid, 0))
        todo.extend(children.get(pid, ()))
    return total


def _pss(pid: int, fallback: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return fallback


def run(command: list[str], *, check: bool = True) -> dict:
    """Run ``command``; its wall seconds, peak memory of its process tree (MB) and output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def poll():
        # reading a large process's proportional set size walks its page tables: polled every
        # 0.1 s, a 100,000-CV build's poller took one of two cores; it waits 4 times as long as
        # a poll took, so it takes at most a fifth of a core
        while not done.is_set():
            began = time.perf_counter()
            if Path("/proc").is_dir():
                peak[0] = max(peak[0], _tree_memory(process.pid))
            done.wait(max(0.1, 4 * (time.perf_counter() - began)))

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    if check and process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command[:3])}... failed ({process.returncode}): "
                         f"{err.decode(errors='replace').strip().splitlines()[-1:]}")
    return {"seconds": seconds, "peak_mb": peak[0] / 2**20, "stdout": out.decode("utf-8", "replace")}


def median_of(runs: int, action: Callable[[], float]) -> float:
    return statistics.median(action() for _ in range(max(1, runs)))


def kg_command(*args: str) -> list[str]:
    """``kg ARGS`` through this interpreter, so the benchmark measures this checkout."""
    return [sys.executable, "-c", "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()", *args]


def machine() -> str:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        memory = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal"))) / 2**20
    except (OSError, StopIteration):
        memory = 0.0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores ({model or platform.processor() or 'unknown CPU'}), {memory:.0f} GB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}, load {load:.1f} at start")


# ---------------------------------------------------------------------------- the rows
def corpus(n: int, folder: Path, seed: int) -> Path:
    if not (folder / "manifest.tsv").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        run(kg_command("synth", str(n), "--out", str(folder), "--seed", str(seed)))
    return folder.resolve()


def cv_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".md", ".pdf", ".docx"})


_EXTRACT_CHILD = """
import json, sys, time
from pathlib import Path
from kg.limits import Limits
from kg.parallel import extract_one
limits = Limits.from_env()
jobs = [(name, Path(name).read_bytes(), limits) for name in sys.argv[1:]]
for suffix in sorted({Path(job[0]).suffix for job in jobs}):  # each reader's imports before timing
    extract_one(next(job for job in jobs if job[0].endswith(suffix)))
spent = {}
for job in jobs:
    started = time.perf_counter()
    extract_one(job)
    suffix = Path(job[0]).suffix
    spent[suffix] = spent.get(suffix, 0.0) + time.perf_counter() - started
print(json.dumps(spent))
"""


def extraction_rate(files: list[Path], runs: int, spare: Optional[list[Path]] = None) -> dict:
    """CVs per second read and extracted in one process, overall and per format.

    Each run is a fresh process over CVs it has not seen: run ``i`` takes the ``i``-th slice
    of ``len(files)`` CVs from ``files + spare``, or ``files`` again when there are too few.
    The extractors memoise what repeats across a corpus (headings, employers, places), so a
    second pass over the same CVs would run from their caches and overstate the rate."""
    pool = [*files, *(spare or [])]
    slices = [pool[i * len(files):(i + 1) * len(files)] for i in range(max(1, runs))]
    slices = [chunk if len(chunk) == len(files) else files for chunk in slices]
    rounds, counts = [], []
    for chunk in slices:
        out = subprocess.run([sys.executable, "-c", _EXTRACT_CHILD, *map(str, chunk)],
                             capture_output=True, text=True, check=True).stdout
        rounds.append(json.loads(out.strip().splitlines()[-1]))
        count: dict[str, int] = {}
        for path in chunk:
            count[path.suffix] = count.get(path.suffix, 0) + 1
        counts.append(count)
    per_format = {suffix: round(statistics.median(c[suffix] / r[suffix] for c, r in zip(counts, rounds)), 1)
                  for suffix in counts[0]}
    total = statistics.median(sum(r.values()) for r in rounds)
    return {"cvs": len(files), "cvs_per_s": round(len(files) / total, 1), "per_format": per_format,
            "runs": len(rounds)}


def build_row(corpus_dir: Path, out: Path, runs: int) -> dict:
    """``kg build`` from an empty output folder: median wall seconds and peak memory."""
    results = []
    for _ in range(max(1, runs)):
        shutil.rmtree(out, ignore_errors=True)
        results.append(run(kg_command("build", str(corpus_dir), "--out", str(out), "-q", "--no-views")))
    return {"seconds": round(statistics.median(r["seconds"] for r in results), 2),
            "peak_mb": round(max(r["peak_mb"] for r in results)),
            "runs": len(results)}


def rebuild_row(corpus_dir: Path, out: Path, runs: int) -> dict:
    """A rebuild after one CV changed (a line added to a text CV), the median of ``runs``."""
    target = next(p for p in cv_files(corpus_dir) if p.suffix == ".txt")
    original = target.read_bytes()
    seconds = []
    try:
        for i in range(max(1, runs)):
            target.write_bytes(original + f"\nAwards\nBench Prize {2000 + i}\n".encode())
            seconds.append(run(kg_command("build", str(corpus_dir), "--out", str(out), "-q", "--no-views"))["seconds"])
    finally:
        target.write_bytes(original)  # the build is left one change behind the corpus
    return {"seconds": round(statistics.median(seconds), 2), "runs": len(seconds), "changed": target.name}


def views_row(out: Path) -> dict:
    """``kg render`` of every view and the index from the build's store (the build rows
    measure the graph with --no-views; issue 5's page timings are bench_views')."""
    pages = out / "views"
    shutil.rmtree(pages, ignore_errors=True)
    got = run(kg_command("render", "--graph", str(out), "--out", str(pages)))
    size = sum(p.stat().st_size for p in pages.rglob("*.html"))
    return {"seconds": round(got["seconds"], 2), "peak_mb": round(got["peak_mb"]),
            "pages": len(list(pages.rglob("*.html"))), "mb": round(size / 1e6, 1)}


def query_params(facts_tsv: Path) -> dict[str, dict[str, str]]:
    """Parameters that exist in the graph: the first owner with an employer and a school."""
    rows = [line.split("\t") for line in facts_tsv.read_text(encoding="utf-8").splitlines()[1:]]
    by_owner: dict[str, dict[str, str]] = {}
    for subject, relation, obj in (r for r in rows if len(r) == 3):
        by_owner.setdefault(subject, {}).setdefault(relation, obj)
    person, facts = next(((s, f) for s, f in sorted(by_owner.items())
                          if {"worked_at", "studied_at", "coauthored_with"} <= set(f)), next(iter(by_owner.items())))
    organization = facts.get("worked_at", "")
    return {"alumni": {"school": facts.get("studied_at", "")}, "career": {"person": person},
            "coauthors": {"person": person}, "publications": {"person": person},
            "people-at": {"organization": organization},
            "explain": {"subject": person, "object": organization}}


def query_rows(store_dir: Path, params: dict[str, dict[str, str]], runs: int, *, process: bool = True) -> dict:
    """Each named query: ``kg query`` wall seconds (process start included, unless not
    ``process``) and the query alone."""
    from kg.queries import named_queries
    from kg.store import open_store

    store = open_store(store_dir, read_only=True)
    out = {}
    for name in named_queries():
        given = params.get(name, {})
        flags = [arg for key, value in given.items() for arg in ("-p", f"{key}={value}")]
        command = kg_command("query", name, "--store", str(store_dir), "--format", "tsv", *flags)
        wall = median_of(runs, lambda: run(command)["seconds"]) if process else float("nan")
        rows = 0

        def alone() -> float:
            nonlocal rows
            started = time.perf_counter()
            rows = len(store.query(name, given).rows)
            return time.perf_counter() - started

        out[name] = {"process_s": round(wall, 3), "query_s": round(median_of(runs, alone), 4), "rows": rows}
    store.close()
    return out


def triples(store_dir: Path) -> int:
    from kg.store import open_store

    store = open_store(store_dir, read_only=True)
    try:
        return len(store)
    finally:
        store.close()


def turtle_row(store_dir: Path, runs: int) -> dict:
    """Turtle of the store reopened from disk into a file (what ``kg export`` writes), in
    triples per second."""
    from kg.store import open_store

    store = open_store(store_dir, read_only=True)
    triples = len(store)
    target = Path(tempfile.mkdtemp()) / "graph.ttl"

    def once() -> float:
        store._graph = None  # noqa: SLF001 - nothing cached between runs
        started = time.perf_counter()
        store.write("turtle", target)
        return time.perf_counter() - started

    seconds = median_of(runs, once)
    store.close()
    shutil.rmtree(target.parent, ignore_errors=True)
    return {"triples": triples, "seconds": round(seconds, 3), "triples_per_s": round(triples / seconds)}


_RDFLIB_CHILD = """
import json, sys, time
from rdflib import Graph, Literal
started = time.perf_counter()
graph = Graph()
graph.parse(sys.argv[1], format="turtle")
parsed = time.perf_counter()
if sys.argv[2] == "--serialize":
    graph.serialize(format="turtle")
    rows = len(graph)
else:
    bindings = {k: Literal(v) for k, v in json.loads(sys.argv[3]).items()}
    rows = len(list(graph.query(open(sys.argv[2], encoding="utf-8").read(), initBindings=bindings)))
print(json.dumps({"parse_s": parsed - started, "work_s": time.perf_counter() - parsed, "rows": rows}))
"""


def rdflib_rows(turtle_file: Path, params: dict[str, dict[str, str]], timeout: float) -> dict:
    """The same operations through plain rdflib, each in a fresh process as a user without a
    store runs them: parse the Turtle file, then serialize it or run one named query. A
    process still running after ``timeout`` seconds is stopped and reported as such."""
    from kg.queries import named_queries

    def child(*args: str) -> dict:
        command = [sys.executable, "-c", _RDFLIB_CHILD, str(turtle_file), *args]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            return {"timeout_s": timeout}
        return json.loads(done.stdout)

    dump = child("--serialize")
    out: dict = {"queries": {}}
    if "work_s" in dump:
        out.update(triples=dump["rows"], parse_s=round(dump["parse_s"], 2), serialize_s=round(dump["work_s"], 2),
                   turtle_triples_per_s=round(dump["rows"] / dump["work_s"]))
    with tempfile.TemporaryDirectory() as folder:
        for name, query in named_queries().items():
            text = Path(folder) / f"{name}.rq"
            text.write_text(query.text, encoding="utf-8")
            got = child(str(text), json.dumps(params.get(name, {})))
            if "timeout_s" in got:
                out["queries"][name] = got
            else:
                out["queries"][name] = {"query_s": round(got["work_s"], 3), "rows": got["rows"],
                                        "with_parse_s": round(got["parse_s"] + got["work_s"], 2)}
    return out


def remote_row(out: Path) -> dict:
    """Push the build to a fresh local Oxigraph server, push again, and time a few queries there."""
    from kg.remote.bench import measure
    from kg.remote.server import start_server

    store = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=out.parent))
    try:
        with start_server(store, port=0) as server:  # on disk: 20M quads would not fit in memory twice
            return measure(out, server.endpoint)
    finally:
        shutil.rmtree(store, ignore_errors=True)


def eval_row(corpus_dir: Path, facts_tsv: Path) -> dict:
    from kg.evaluate import load_gold, read_rows, score_facts

    evaluation = score_facts(read_rows(facts_tsv.read_text(encoding="utf-8")), load_gold(corpus_dir / "gold"))
    return {relation: round(score.f1, 3) for relation, score in
            [*evaluation.relations.items(), ("micro", evaluation.micro)]}


def slice_corpus(source: Path, n: int, folder: Path) -> Path:
    """The first ``n`` CVs of ``source`` (with their gold) in ``folder``."""
    if folder.is_dir() and len(cv_files(folder)) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "gold").mkdir(parents=True)
    for path in cv_files(source)[:n]:
        shutil.copy2(path, folder / path.name)
        gold = source / "gold" / f"{path.stem}.gold.tsv"
        if gold.is_file():
            shutil.copy2(gold, folder / "gold" / gold.name)
    return folder


# ---------------------------------------------------------------------------- report
def _status(ok: Optional[bool]) -> str:
    return "" if ok is None else ("met" if ok else "**missed**")


def table(result: dict) -> str:
    n, small = result["cvs"], result["rdflib_cvs"]
    lines = ["| what | goal | kg | plain rdflib | ratio | |", "| --- | --- | --- | --- | --- | --- |"]
    ex = result["extraction"]
    formats = ", ".join(f"{s} {v}" for s, v in sorted(ex["per_format"].items()))
    lines.append(f"| extraction throughput, one process ({ex['cvs']} CVs of the mix) | >= 200 CVs/s | "
                 f"{ex['cvs_per_s']} CVs/s ({formats}) | | | {_status(ex['cvs_per_s'] >= 200)} |")
    for key, goal_s, goal_mb in (("build", 60, 2048), ("big", 600, 8192)):
        if key in result:
            row = result[key]
            ok = row["seconds"] < goal_s and row["peak_mb"] < goal_mb
            lines.append(f"| {row['cvs']} CVs, read to store to Turtle, all cores ({row['triples']:,} triples) | "
                         f"< {goal_s} s, peak < {goal_mb // 1024} GB | {row['seconds']} s, peak {row['peak_mb'] / 1024:.1f} GB "
                         f"| | | {_status(ok)} |")
    queries = result["queries"]
    rd = result.get("rdflib", {})
    for name, row in queries.items():
        ok = row["process_s"] < 1 and row["query_s"] < 0.05
        theirs = rd.get("queries", {}).get(name)
        small_kg = result.get("queries_small", {}).get(name)
        versus = ratio = ""
        if theirs and "timeout_s" in theirs:
            versus, ratio = f"> {theirs['timeout_s']:.0f} s (stopped), {small} CVs", f"> {theirs['timeout_s'] / small_kg['process_s']:.0f}x"
        elif theirs and small_kg:
            versus = f"{theirs['with_parse_s']} s ({theirs['query_s']} s + parse), {small} CVs"
            ratio = f"{theirs['with_parse_s'] / max(small_kg['process_s'], 1e-3):.0f}x vs kg {small_kg['process_s']} s"
        lines.append(f"| `kg query {name}`, {n} CVs ({row['rows']} rows) | < 1 s; < 50 ms query | "
                     f"{row['process_s']} s; query {row['query_s'] * 1000:.0f} ms | {versus} | {ratio} | {_status(ok)} |")
    tt = result["turtle"]
    versus = ratio = ""
    if rd.get("turtle_triples_per_s"):
        versus = f"{rd['turtle_triples_per_s']:,} triples/s ({small} CVs)"
        ratio = f"{result['turtle_small']['triples_per_s'] / rd['turtle_triples_per_s']:.0f}x"
    lines.append(f"| Turtle export ({tt['triples']:,} triples) | >= 1M triples/s | {tt['triples_per_s']:,} triples/s | "
                 f"{versus} | {ratio} | {_status(tt['triples_per_s'] >= 1e6)} |")
    rb = result["rebuild"]
    lines.append(f"| rebuild after one changed CV in {n} | < 5 s | {rb['seconds']} s | | | {_status(rb['seconds'] < 5)} |")
    if "remote" in result:
        rm = result["remote"]
        q = ", ".join(f"{k[6:-2]} {v} s" for k, v in rm.items() if k.startswith("query_") and k.endswith("_s"))
        lines.append(f"| push to a local Oxigraph server ({rm['documents']} graphs, {rm['triples']:,} triples) | | "
                     f"push {rm['push_s']} s (reading graph.trig {rm['read_s']} s), again unchanged {rm['repush_s']} s, "
                     f"after one CV changed {rm['one_changed_s']} s; {q} | | | |")
    if "views" in result:
        vw = result["views"]
        lines.append(f"| `kg render`: every view and the index of the {n}-CV build | | {vw['seconds']} s, peak "
                     f"{vw['peak_mb'] / 1024:.1f} GB, {vw['pages']} pages, {vw['mb']} MB | | | |")
    ev = result["eval"]
    lines.append("| extraction quality on the corpus, F1 (`kg eval` scoring) | | "
                 + ", ".join(f"{k} {v}" for k, v in ev.items()) + " | | | |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cvs", type=int, default=10_000, help="corpus size (default 10,000)")
    parser.add_argument("--big", action="store_true", help="also build 100,000 CVs once")
    parser.add_argument("--runs", type=int, default=3, help="runs per row; the median is reported")
    parser.add_argument("--build-runs", type=int, default=None, help="runs of the full build (default --runs)")
    parser.add_argument("--rebuild-runs", type=int, default=None, help="runs of the rebuild (default --runs)")
    parser.add_argument("--rdflib-cvs", type=int, default=500, help="size of the slice plain rdflib runs on")
    parser.add_argument("--rdflib-timeout", type=float, default=600, help="seconds before an rdflib run is stopped")
    parser.add_argument("--extract-cvs", type=int, default=500, help="CVs timed for one-process extraction")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--work", type=Path, default=Path("output/bench-scale"), help="folder for corpora and builds")
    parser.add_argument("--json", type=Path, default=None, help="write the results here too")
    parser.add_argument("--no-remote", action="store_true", help="skip the SPARQL server row")
    args = parser.parse_args(argv)
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    build_runs = args.build_runs or args.runs
    result: dict = {"machine": machine(), "cvs": args.cvs, "rdflib_cvs": min(args.rdflib_cvs, args.cvs),
                    "runs": args.runs, "build_runs": build_runs, "rebuild_runs": args.rebuild_runs or args.runs}

    def say(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    say(f"corpus of {args.cvs} CVs")
    big_corpus = corpus(args.cvs, work / f"corpus-{args.cvs}-{args.seed}", args.seed)
    files = cv_files(big_corpus)
    say("extraction, one process")
    result["extraction"] = extraction_rate(files[: args.extract_cvs], args.runs, files[args.extract_cvs:])
    out = work / f"out-{args.cvs}"
    say("full build")
    result["build"] = {"cvs": args.cvs, **build_row(big_corpus, out, build_runs)}
    result["build"]["triples"] = triples(out / "store")
    params = query_params(out / "facts.tsv")
    result["params"] = params
    say("queries")
    result["queries"] = query_rows(out / "store", params, args.runs)
    say("turtle export")
    result["turtle"] = turtle_row(out / "store", args.runs)
    say("views")
    result["views"] = views_row(out)
    say("eval")
    result["eval"] = eval_row(big_corpus, out / "facts.tsv")
    if not args.no_remote:
        say("push to a local server")
        result["remote"] = remote_row(out)
    say("rebuild after one change")
    result["rebuild"] = rebuild_row(big_corpus, out, args.rebuild_runs or args.runs)

    small = slice_corpus(big_corpus, result["rdflib_cvs"], work / f"corpus-{result['rdflib_cvs']}-slice")
    small_out = work / f"out-{result['rdflib_cvs']}-slice"
    say(f"kg and plain rdflib on {result['rdflib_cvs']} CVs")
    result["build_small"] = build_row(small, small_out, 1)
    small_params = query_params(small_out / "facts.tsv")
    result["queries_small"] = query_rows(small_out / "store", small_params, args.runs)
    result["turtle_small"] = turtle_row(small_out / "store", args.runs)
    result["rdflib"] = rdflib_rows(small_out / "graph.ttl", small_params, args.rdflib_timeout)

    if args.big:
        say("100,000 CVs")
        huge = corpus(100_000, work / f"corpus-100000-{args.seed}", args.seed)
        result["big"] = {"cvs": 100_000, **build_row(huge, work / "out-100000", 1)}
        result["big"]["triples"] = triples(work / "out-100000" / "store")

    print(f"Machine: {result['machine']}\n")
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
