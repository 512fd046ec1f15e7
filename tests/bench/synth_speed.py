"""How fast kg.synth writes CVs, per format: CVs per second (wall clock and CPU), world drawing apart.

    .venv/bin/python tests/bench/synth_speed.py [--text 5000] [--binary 200] [--workers 1] [--out DIR]

Each format is generated alone (``formats=fmt``) into a fresh folder under --out (a temporary
folder by default, removed afterwards); the world for the same size is timed separately.
Prints one line per format and one for the default mix. Not a test: numbers vary by machine.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from kg.synth import generate
from kg.synth.world import World


def _time(function) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=int, default=5000, help="CVs for txt and md (default 5000)")
    ap.add_argument("--binary", type=int, default=200, help="CVs for pdf and docx (default 200)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="folder for the corpora (default: a temporary one)")
    args = ap.parse_args(argv)
    root = args.out or Path(tempfile.mkdtemp(prefix="kg-synth-bench-"))
    print(f"{'format':<8} {'CVs':>7} {'world s':>8} {'total s':>8} {'CVs/s':>8} {'CPU s':>8} {'CVs/CPU s':>10}")
    try:
        for fmt, n in (("txt", args.text), ("md", args.text), ("pdf", args.binary), ("docx", args.binary),
                       ("mix", args.text)):
            world_wall, _ = _time(lambda: World(args.seed, n))
            out = root / fmt
            wall, cpu = _time(lambda: generate(n, out, seed=args.seed, formats=None if fmt == "mix" else fmt,
                                               workers=args.workers))
            print(f"{fmt:<8} {n:>7} {world_wall:>8.2f} {wall:>8.2f} {n / wall:>8.0f} {cpu:>8.2f} {n / cpu:>10.0f}")
            shutil.rmtree(out)
    finally:
        if args.out is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
