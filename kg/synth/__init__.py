"""Synthetic CV corpora with ground truth: ``generate(n, out_dir, seed=..., formats=...)``.

A corpus is drawn from one world per (seed, n): a population with names from many cultures,
organizations with Zipf-like popularity (real and generated universities, companies, labs,
hospitals, agencies), research communities whose members publish with each other, and
doctoral advisors. Each CV belongs to one person of that world, so employers, schools,
co-authors and advisors overlap across CVs. Layouts vary per CV (headings, entry and date
styles, seven citation styles, owner in bold ...), and each CV comes with the gold facts
its text states, in the format of ``shared/tools/score_facts.py``.

Output in ``out_dir``: ``NNNNNN_given_surname.{txt,md,pdf,docx}``, ``gold/<stem>.gold.tsv``
(``kg build out_dir`` does not read them) and ``manifest.tsv`` (file, format, owner, layout).
Same seed, n and formats give byte-identical files. Writing into a folder that holds an
earlier corpus first removes the files its manifest lists.

>>> import tempfile
>>> paths = generate(3, tempfile.mkdtemp(), seed=7, formats={"txt": 1, "md": 1})
>>> [p.suffix for p in paths].count(".pdf"), (paths[0].parent / "gold").is_dir()
(0, True)
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import random
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Union

from kg.errors import SynthError
from kg.folding import fold

__all__ = ["DEFAULT_MIX", "FORMATS", "format_mix", "generate", "parse_shares", "write_cv"]

FORMATS = ("txt", "md", "pdf", "docx")
#: The default share of each format: mostly text and Markdown, some PDF and DOCX.
DEFAULT_MIX: dict[str, float] = {"txt": 0.45, "md": 0.45, "pdf": 0.05, "docx": 0.05}

Formats = Union[None, str, Iterable[str], Mapping[str, float]]


def format_mix(formats: Formats = None, shares: Optional[Mapping[str, float]] = None) -> dict[str, float]:
    """Normalised shares per format from a list (``"txt,md"``), a mapping, and share overrides.

    A list keeps the default shares of the formats it names; ``shares`` overrides them.

    >>> format_mix("txt,pdf")
    {'txt': 0.9, 'pdf': 0.1}
    >>> format_mix(shares={"pdf": 0.5, "docx": 0.5, "txt": 0, "md": 0})
    {'pdf': 0.5, 'docx': 0.5}
    """
    if formats is None:
        weights = dict(DEFAULT_MIX)
    elif isinstance(formats, Mapping):
        weights = {str(k): float(v) for k, v in formats.items()}
    else:
        names = formats.split(",") if isinstance(formats, str) else list(formats)
        weights = {name.strip().lower().lstrip("."): DEFAULT_MIX.get(name.strip().lower().lstrip("."), 0.0)
                   for name in names if name.strip()}
    for name, share in (shares or {}).items():
        weights[str(name).strip().lower()] = float(share)
    unknown = sorted(set(weights) - set(FORMATS))
    if unknown:
        raise SynthError(f"unknown format {unknown[0]!r} (use {', '.join(FORMATS)})")
    if any(share < 0 for share in weights.values()):
        raise SynthError("format shares cannot be negative")
    total = sum(weights.values())
    if total <= 0:
        raise SynthError("no format has a share above zero")
    return {name: round(share / total, 12) for name, share in weights.items() if share > 0}


def parse_shares(items: Iterable[str]) -> dict[str, float]:
    """``["pdf=0.2", "docx=0.1,txt=0.4"]`` -> ``{"pdf": 0.2, "docx": 0.1, "txt": 0.4}``.

    >>> parse_shares(["pdf=20", "docx=5,md=40"])
    {'pdf': 20.0, 'docx': 5.0, 'md': 40.0}
    """
    out = {}
    for item in items:
        for part in item.split(","):
            name, sep, value = part.partition("=")
            try:
                out[name.strip().lower()] = float(value)
            except ValueError:
                sep = ""
            if not sep:
                raise SynthError(f"--share {part!r}: expected FORMAT=SHARE, e.g. pdf=0.1") from None
    return out


def _assign(n: int, mix: dict[str, float], rng: random.Random) -> list[str]:
    """Exactly-proportioned formats for n CVs (largest remainder), in seeded random order."""
    exact = {fmt: share * n for fmt, share in mix.items()}
    counts = {fmt: int(x) for fmt, x in exact.items()}
    for fmt in sorted(exact, key=lambda f: (-(exact[f] - counts[f]), FORMATS.index(f)))[: n - sum(counts.values())]:
        counts[fmt] += 1
    out = [fmt for fmt in FORMATS for _ in range(counts.get(fmt, 0))]
    rng.shuffle(out)
    return out


def generate(n: int, out_dir: Union[str, Path], *, seed: int = 0, formats: Formats = None,
             shares: Optional[Mapping[str, float]] = None, workers: int = 1,
             progress: Optional[Callable[[Path], None]] = None) -> list[Path]:
    """Write ``n`` synthetic CVs and their gold facts into ``out_dir``; returns the CV paths in order.

    ``formats``: format names (``"txt,md"`` or a list; default shares kept) or a mapping of
    shares; ``shares`` overrides single shares. Default: ``DEFAULT_MIX``. ``workers`` > 1
    writes the CVs in that many forked processes (where the platform forks); the files are
    the same either way, since each CV draws from its own seeded generator.
    """
    from kg.synth.world import World

    if not isinstance(n, int) or n < 1:
        raise SynthError(f"the number of CVs must be a positive integer, not {n!r}")
    mix = format_mix(formats, shares)
    out = Path(out_dir)
    try:
        (out / "gold").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SynthError(f"{out}: cannot create the output folder ({error.strerror or error})") from None
    _clear_previous(out)
    world = World(seed, n)
    fmts = _assign(n, mix, random.Random(f"kg.synth/formats/{seed}/{n}"))
    width = max(6, len(str(n - 1)))
    paths, manifest = [], ["file\tformat\towner\tgold\tlayout"]
    gc.freeze()  # the world's millions of objects live to the end: keep the collector off them
    try:
        for path, row in _write_all(world, list(zip(world.owners, fmts)), out, width, workers):
            paths.append(path)
            manifest.append(row)
            if progress:
                progress(path)
    finally:
        gc.unfreeze()
    _write(out / "manifest.tsv", ("\n".join(manifest) + "\n").encode("utf-8"))
    return paths


def _clear_previous(out: Path) -> None:
    """Remove the CVs and gold files an earlier ``generate`` listed in ``out/manifest.tsv``, so a
    smaller corpus written over a larger one leaves no stale CVs behind (nothing else is touched)."""
    manifest = out / "manifest.tsv"
    if not manifest.is_file():
        return
    for row in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) >= 4:
            for name in (cells[0], cells[3]):
                target = out / name
                if target.parent in (out, out / "gold") and target.is_file():
                    target.unlink()
    manifest.unlink()


_FORKED: Optional[tuple] = None  # (world, out, width), inherited by forked workers


def _write_all(world, jobs: list[tuple[int, str]], out: Path, width: int, workers: int):
    """Yield (path, manifest row) per CV in order, writing in ``workers`` forked processes if asked."""
    global _FORKED
    if workers > 1 and len(jobs) >= 4 * workers and "fork" in multiprocessing.get_all_start_methods():
        _FORKED = (world, out, width)
        try:
            from kg.parallel import die_with_parent

            with multiprocessing.get_context("fork").Pool(workers, die_with_parent, (os.getpid(),)) as pool:
                yield from pool.imap(_write_forked, enumerate(jobs), chunksize=64)
        finally:
            _FORKED = None
        return
    for i, (pid, fmt) in enumerate(jobs):
        yield write_cv(world, i, pid, fmt, out, width)


def _write_forked(job: tuple[int, tuple[int, str]]) -> tuple[Path, str]:
    world, out, width = _FORKED
    i, (pid, fmt) = job
    return write_cv(world, i, pid, fmt, out, width)


def write_cv(world, index: int, pid: int, fmt: str, out: Path, width: int = 6) -> tuple[Path, str]:
    """Write CV number ``index`` (owner ``pid``) and its gold file; returns the path and manifest row."""
    from kg.synth.compose import compose
    from kg.synth.gold import gold_tsv
    from kg.synth.write_binary import docx, pdf, pdf_safe
    from kg.synth.write_text import markdown, text

    person = world.people[pid]
    composed = compose(world, person, fmt, random.Random(f"kg.synth/cv/{world.seed}/{index}"))
    layout = composed.layout
    stem = f"{index:0{width}d}_{fold(person.given[0])}_{fold(person.surname)}".replace(" ", "_")
    if fmt == "txt":
        data = text(composed.lines, layout.heading, layout.bullet, layout.gap, layout.wrap)
    elif fmt == "md":
        data = markdown(composed.lines, layout.heading, layout.gap)
    elif fmt == "pdf":
        data = pdf(composed.lines, layout.heading, f"{composed.subject} - CV", columns=layout.columns)
    else:
        data = docx(composed.lines, layout.heading, composed.subject)
    choices = layout.describe()
    note = (f"kg.synth seed {world.seed}: CV {index} ({fmt}) of a world drawn for {len(world.owners)} CVs",
            f"layout: {choices}")
    gold = gold_tsv(composed.subject, composed.record, note)
    if fmt == "pdf":
        gold = pdf_safe(gold)
    path = out / f"{stem}.{fmt}"
    _write(path, data)
    _write(out / "gold" / f"{stem}.gold.tsv", gold.encode("utf-8"))
    return path, f"{path.name}\t{fmt}\t{composed.subject}\tgold/{stem}.gold.tsv\t{choices}"


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise SynthError(f"{path}: cannot write ({error.strerror or error})") from None
