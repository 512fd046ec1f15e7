"""Read and extract many CVs at once: in this process, across local processes, or on a Dask
cluster; results stream back in input order, so every way gives the same build.

The parent reads each file's bytes (it needs them for the cache key anyway) and ships
``(source, bytes)`` to the workers, so Dask workers on other machines need no shared
folder. At most a few chunks per worker are in flight: memory is bounded by that window,
not by the corpus. A file whose reader or extractor raises, or whose worker process
dies, becomes that file's ``Failure`` with a one-line reason; the batch goes on.

>>> from kg.samples import sample_paths
>>> [type(r).__name__ for _, r in extract_all(sample_paths()[:2], jobs=1)]
['Extraction', 'Extraction']
"""
from __future__ import annotations

import gc
import os
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from kg.errors import KGError
from kg.extract import extract
from kg.model import Extraction
from kg.limits import Limits, time_budget
from kg.readers import SUPPORTED_SUFFIXES, read, read_bytes, read_file_bytes, source_name


@dataclass(frozen=True)
class Failure:
    """A file that could not be used, and why (one line)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


Outcome = Union[Extraction, Failure]
#: One unit of work: the file's name (``source_name``), its bytes and the limits to keep.
Job = tuple[str, bytes, Limits]


def load(path: Path, limits: Optional[Limits] = None) -> Union[bytes, Failure]:
    """The bytes of a CV file, or its ``Failure`` (unsupported type, missing, not a regular
    file, over the size limit: checked before anything is read)."""
    limits = limits or Limits.from_env()
    try:
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            return read_file_bytes(path, limits)
        read(path, limits)  # gives the reader's own one-line reason for what went wrong
    except KGError as error:
        return Failure(source_name(path), reason(error, source_name(path)))
    return Failure(source_name(path), "cannot read file")


def extract_one(job: Job) -> Outcome:
    """Read and extract one file's bytes within its limits and time budget; never raises
    (an error becomes the file's Failure)."""
    source, data, limits = job
    try:
        with time_budget(limits.time_budget, source):
            return extract(read_bytes(data, source, SUPPORTED_SUFFIXES[Path(source).suffix.lower()], limits))
    except KGError as error:
        return Failure(source, reason(error, source))
    except Exception as error:  # an extractor bug must not stop the batch
        return Failure(source, f"internal error while extracting ({type(error).__name__}: {_line(error)})")


def extract_chunk(jobs: list[Job]) -> list[Outcome]:
    """``extract_one`` over a chunk (the unit a worker process or a Dask task runs)."""
    return [extract_one(job) for job in jobs]


def extract_all(paths: Iterable[Path], *, jobs: int = 1, scheduler: Any = None,
                skip: Optional[Callable[[Path, bytes], Optional[Outcome]]] = None,
                limits: Optional[Limits] = None,
                recall: Optional[Callable[[Path], Optional[Outcome]]] = None) -> Iterator[tuple[Path, Outcome]]:
    """``(path, Extraction or Failure)`` for every path, in input order.

    ``jobs`` > 1 runs that many worker processes; ``scheduler`` (a Dask scheduler address
    or a ``distributed.Client``) sends the work to a Dask cluster instead. ``skip(path,
    data)`` may return a known outcome (the cache's) so the file is not extracted again;
    ``recall(path)``, asked first, may return one without the file being read.
    """
    limits = limits or Limits.from_env()

    def tasks() -> Iterator[tuple[Path, Union[Job, Outcome]]]:
        for path in map(Path, paths):
            known = recall(path) if recall else None
            if known is not None:
                yield path, known
                continue
            data = load(path, limits)
            if isinstance(data, Failure):
                yield path, data
                continue
            known = skip(path, data) if skip else None
            yield path, known if known is not None else (source_name(path), data, limits)

    if scheduler is not None:
        return _chunked(tasks(), lambda chunks: _dask_map(chunks, scheduler), size=4)
    if jobs > 1:
        return _chunked(tasks(), lambda chunks: _pool_map(iter(chunks), jobs), size=4)
    return ((path, extract_one(item) if isinstance(item, tuple) else item) for path, item in tasks())


def _chunked(tasks: Iterator[tuple[Path, Union[Job, Outcome]]], run, size: int) -> Iterator[tuple[Path, Outcome]]:
    """Group the jobs to run into chunks, run them, and put every outcome back in input order."""
    order: deque[tuple[Path, Optional[Outcome]]] = deque()

    def chunks() -> Iterator[list[Job]]:
        chunk: list[Job] = []
        for path, item in tasks:
            order.append((path, None if isinstance(item, tuple) else item))
            if isinstance(item, tuple):
                chunk.append(item)
                if len(chunk) == size:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk

    results = (outcome for chunk_results in run(chunks()) for outcome in chunk_results)
    for outcome in results:
        while order and order[0][1] is not None:
            yield order.popleft()  # known outcomes queued before this job
        path, _ = order.popleft()
        yield path, outcome
    while order:
        yield order.popleft()


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes with Python's cyclic garbage collector on.

    A build pauses the collector (``kg.pipeline.paused_collector``) and workers forked from
    it inherited the pause: what extraction leaves in cycles (pdfminer's and python-docx's
    objects) was never freed, and each worker of a 10,000-CV build grew to 1.4 GB. The
    parent's objects are frozen first (``gc.freeze``, as Python's documentation advises
    before a fork): a worker's full collection had walked every object it inherited and so
    copied each of the parent's pages, and the graph-line workers of a 100,000-CV build
    held 3.9 GB each of copies of their parent's 4.2 GB (6.4 GB more for the build)."""
    gc.freeze()  # the workers fork at the first task: the parent's objects stay shared
    return ProcessPoolExecutor(jobs, initializer=_collecting, initargs=(os.getpid(),))


@contextmanager
def started_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """``worker_pool(jobs)`` with its workers forked at once (a pool forks them at its first
    task), shut down after the block."""
    pool = worker_pool(jobs)
    try:
        pool.submit(int).result()
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def _collecting(parent: int) -> None:
    """A worker's collector on, its youngest generation collected every 10,000 allocations
    rather than 700: 1,000 CVs took 8.7 CPU seconds this way, 9.0-10.2 with the default and
    8.3 with no collection (which held 435 MB where this holds 184); and the worker ends
    with its ``parent`` (``die_with_parent``)."""
    die_with_parent(parent)
    gc.set_threshold(10_000, 10, 10)
    gc.enable()


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent``, the process that forked it, dies
    (Linux; elsewhere nothing changes): a build the out-of-memory killer ended had left its
    workers writing gigabytes of Turtle parts that nobody would read. A pool's initializer."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl to call: the worker lives on as before
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _pool_map(chunks: Iterator[list[Job]], jobs: int) -> Iterator[list[Outcome]]:
    """Chunks through a process pool, ``2 * jobs`` chunks ahead, results in order.

    When a worker dies (a segfault, the OOM killer) the pool breaks and every chunk in
    flight fails with it; those files are then run one at a time in a fresh process, so
    only the file that kills its worker is lost.
    """
    pool = worker_pool(jobs)
    window: deque[tuple[list[Job], Any]] = deque()

    def fill() -> None:
        while len(window) < 2 * jobs:
            chunk = next(chunks, None)
            if chunk is None:
                return
            window.append((chunk, pool.submit(extract_chunk, chunk)))

    try:
        fill()
        while window:
            chunk, future = window.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                stranded = [chunk] + [c for c, _ in window]
                window.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for lost in stranded:
                    yield [_isolated(job) for job in lost]
                pool = worker_pool(jobs)
            else:
                yield result
            fill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolated(job: Job) -> Outcome:
    """One file in its own worker process: if the process dies, the file failed."""
    with worker_pool(1) as pool:
        try:
            return pool.submit(extract_one, job).result()
        except BrokenProcessPool:
            return Failure(job[0], "the worker process reading this file died (crash or out of memory)")


def _dask_map(chunks: Iterator[list[Job]], scheduler: Any) -> Iterator[list[Outcome]]:
    """Chunks as tasks on a Dask cluster, a bounded window ahead, results in order."""
    try:
        from distributed import Client
    except ImportError:
        raise KGError("--scheduler needs Dask: pip install 'kg[dask]'") from None
    try:
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="20s")
    except Exception as error:  # distributed raises OSError, TimeoutError, ValueError ...
        raise KGError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({_line(error)[:160]})") from None
    window: deque[tuple[list[Job], Any]] = deque()
    ahead = 2 * max(1, sum(client.nthreads().values()))
    try:
        def drain() -> Iterator[list[Outcome]]:
            chunk, future = window.popleft()
            try:
                yield future.result()
            except Exception as error:  # a lost worker (KilledWorker) or a cluster error
                yield [Failure(source, f"the Dask worker running this file failed ({type(error).__name__})")
                       for source, _ in chunk]

        for chunk in chunks:
            window.append((chunk, client.submit(extract_chunk, chunk, pure=False)))
            if len(window) >= ahead:
                yield from drain()
        while window:
            yield from drain()
    finally:
        if client is not scheduler:
            client.close()


def reason(error: KGError, source: str) -> str:
    """The one-line reason of an error, without the file name it starts with."""
    text = " ".join((getattr(error, "reason", None) or str(error)).split())
    prefix = f"{source}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def _line(error: object) -> str:
    return " ".join(str(error).split())[:200]
