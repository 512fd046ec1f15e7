"""Hand measurements of every named query on a built store (not a test: it prints seconds).

    python -m tests.bench.query_speed OUT [--param person=NAME ...] [--runs 3] [--only NAME ...] [--no-cli]

For each named query it prints the median seconds of ``--runs`` in-process runs on the
opened store (``kg.open_graph(OUT)``, opened once; the first run is counted too) and the
wall time of one ``kg query NAME`` process on the same store, process start included.
Parameters default to the first person and organization of ``OUT/facts.tsv``; pass real
ones (a person with many co-authors, a large employer) for a realistic load.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import kg


def default_params(out: Path) -> dict[str, str]:
    """A person, an employer and a school from the build's ``facts.tsv``."""
    params: dict[str, str] = {}
    with open(out / "facts.tsv", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            subject, relation, obj = line.rstrip("\n").split("\t")
            params.setdefault("person", subject)
            params.setdefault("subject", subject)
            if relation == "worked_at":
                params.setdefault("organization", obj)
                if subject == params["subject"]:
                    params.setdefault("object", obj)
            if relation == "studied_at":
                params.setdefault("school", obj)
            if len(params) == 5:
                break
    return params


def in_process(store, name: str, params: dict[str, str], runs: int) -> tuple[float, int]:
    """Median seconds of ``runs`` runs of a named query, and its row count."""
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(kg.query(store, name, params).rows)
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def as_process(out: Path, name: str, params: dict[str, str]) -> float:
    """Wall seconds of one ``kg query NAME`` process (start, open, query, print)."""
    args = [sys.executable, "-m", "kg.cli", "query", name, "--store", str(out), "--format", "tsv"]
    for key, value in params.items():
        args += ["-p", f"{key}={value}"]
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a build folder (with store/ and facts.tsv)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    parser.add_argument("--no-cli", action="store_true", help="skip the kg query process timings")
    args = parser.parse_args(argv)
    params = default_params(args.out)
    params.update(item.split("=", 1) for item in args.param)
    print("parameters:", ", ".join(f"{k}={v!r}" for k, v in sorted(params.items())))
    store = kg.open_graph(args.out)
    print(f"{'query':<17} {'rows':>8} {'in-process s':>13} {'kg query s':>11}")
    for name, named in kg.named_queries().items():
        if args.only and name not in args.only:
            continue
        wanted = {p: params[p] for p, _ in named.params}
        seconds, rows = in_process(store, name, wanted, args.runs)
        wall = "" if args.no_cli else f"{as_process(args.out, name, wanted):.3f}"
        print(f"{name:<17} {rows:>8} {seconds:>13.3f} {wall:>11}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
