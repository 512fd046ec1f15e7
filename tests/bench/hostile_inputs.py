"""Time and peak memory of every hostile input, each read and extracted in a fresh process.

    .venv/bin/python tests/bench/hostile_inputs.py            # the issue-size corpus (100 MB, 2,000 pages)
    .venv/bin/python tests/bench/hostile_inputs.py --small    # the default test run's corpus

Prints one row per case: outcome (the owner found, or the one-line reason), seconds, and
the process's peak resident memory (a bare interpreter with kg imported is the baseline
row). Then the extractors alone on generated documents: a 10,000-entry publication list
and lines of a million characters, with no reader limit in the way.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout, for `tests.hostile_corpus`
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(path: str) -> dict:
    """Read and extract one file here; report outcome, seconds and peak memory."""
    import kg
    from kg.pipeline import extract_path

    start = time.perf_counter()
    try:
        result = extract_path(Path(os.fsdecode(path.encode("utf-8", "surrogateescape"))), kg.Limits.from_env())
        outcome = f"read: owner {result.owner.name if result.owner else None!r}, {len(result.publications)} pubs"
    except kg.KGError as error:
        outcome = f"refused: {getattr(error, 'reason', error)}"
    seconds = time.perf_counter() - start
    return {"outcome": outcome, "seconds": seconds, "peak_mb": _peak_mb()}


def raw(kind: str) -> dict:
    """The extractors alone on a generated document (no reader, no line limit)."""
    from kg.extract import extract
    from kg.model import Document
    from tests.hostile_corpus import publication_list

    texts = {
        "10,000 citations": publication_list(10_000),
        "1M-char author line": "Yuki Sato\n\nPUBLICATIONS\n" + "A. Roe, " * 125_000,
        "1M-char experience line": "Yuki Sato\n\nEXPERIENCE\n" + "Staff Engineer, Acme Labs, 2019 - 2020; " * 25_000,
        "1M-char dates line": "Yuki Sato\n\nPUBLICATIONS\n" + "2019 - 2020, " * 77_000,
    }
    start = time.perf_counter()
    result = extract(Document.from_text(texts[kind], f"{kind}.txt"))
    return {"outcome": f"{len(result.publications)} pubs, {len(result.positions)} positions",
            "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=900,
                         errors="surrogateescape")
    if out.returncode:
        return {"outcome": f"CRASHED: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}",
                "seconds": float("nan"), "peak_mb": float("nan")}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(sys.argv[2])))
        return
    if sys.argv[1:2] == ["--raw"]:
        print(json.dumps(raw(sys.argv[2])))
        return
    if sys.argv[1:2] == ["--baseline"]:
        import kg  # noqa: F401

        print(json.dumps({"outcome": "import kg only", "seconds": 0.0,
                          "peak_mb": _peak_mb()}))
        return
    from kg.limits import Limits
    from tests.hostile_corpus import remove_deep, write_corpus

    full = "--small" not in sys.argv
    limits = Limits() if full else __import__("tests.hostile_corpus", fromlist=["SMALL_LIMITS"]).SMALL_LIMITS
    os.environ.update({f"KG_{k.upper()}": str(v) for k, v in vars(limits).items()})
    rows = [("(baseline)", _child("--baseline"))]
    with tempfile.TemporaryDirectory() as tmp:
        try:
            cases = write_corpus(Path(tmp), full=full)
            for name in cases:
                rows.append((name, _child("--one", os.fsencode(str(Path(tmp) / name)).decode("utf-8", "surrogateescape"))))
        finally:  # TemporaryDirectory's rmtree recurses, and fails on the deep folder
            remove_deep(Path(tmp))
    for kind in ("10,000 citations", "1M-char author line", "1M-char experience line", "1M-char dates line"):
        rows.append((f"extract: {kind}", _child("--raw", kind)))
    print(f"limits: {', '.join(f'{k}={v}' for k, v in vars(limits).items())}")
    print(f"{'case':<34} {'seconds':>8} {'peak MB':>8}  outcome")
    for name, row in rows:
        shown = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
        shown = shown if len(shown) <= 34 else f"{shown[:16]}…{shown[-17:]}"
        print(f"{shown:<34} {row['seconds']:8.2f} {row['peak_mb']:8.0f}  {row['outcome'][:110]}")


if __name__ == "__main__":
    main()
