"""Parallel extraction: any number of jobs (or a Dask cluster) gives the serial build's bytes,
and a file that breaks its worker is one failure, never the batch."""
import gc
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

import kg
import kg.parallel
import kg.pipeline
from kg.export import trig, turtle
from tests.conftest import make_corpus, need


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"), variants=3)


@pytest.fixture(scope="module")
def serial(corpus):
    return kg.build([corpus], jobs=1)


def test_parallel_and_serial_builds_give_byte_identical_turtle(corpus, serial):
    parallel = kg.build([corpus], jobs=2)
    assert [e.document.source for e in parallel.extractions] == [e.document.source for e in serial.extractions]
    assert turtle(parallel.graph) == turtle(serial.graph)
    assert trig(parallel.dataset) == trig(serial.dataset)


def test_parallel_build_into_the_store_gives_the_in_memory_bytes(corpus, serial, tmp_path, monkeypatch):
    monkeypatch.setattr(kg.pipeline, "PARALLEL_LINES", 1)  # graph lines made in the workers too
    events, real_pool, real_extract = [], kg.pipeline.started_pool, kg.pipeline._extract
    monkeypatch.setattr(kg.pipeline, "started_pool", lambda jobs: (events.append("lines pool"), real_pool(jobs))[1])
    monkeypatch.setattr(kg.pipeline, "_extract", lambda *a, **k: (events.append("extract"), real_extract(*a, **k))[1])
    stored = kg.build([corpus], jobs=2, store=tmp_path / "store", cache=tmp_path / "cache")
    assert events == ["lines pool", "extract"]  # the graph-line workers fork while the build is small
    assert turtle(stored.store) == turtle(serial.graph)
    assert trig(stored.store) == trig(serial.dataset)
    assert stored.stats() == serial.stats()


def _boom(document):
    if "crash" in document.source:
        os._exit(3)  # the worker process dies, as on a segfault or the OOM killer
    if "raise" in document.source:
        raise RuntimeError("extractor bug")
    return _real_extract(document)


_real_extract = kg.parallel.extract


def test_parallel_dead_worker_and_extractor_bug_fail_one_file_each(tmp_path, monkeypatch):
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched extractor reaches the workers only when they are forked")
    folder = make_corpus(tmp_path / "cvs", variants=2)
    good = sorted(p.name for p in folder.iterdir())
    sample = (folder / "01_ada_okafor.txt").read_bytes()
    (folder / "crash.txt").write_bytes(sample)
    (folder / "raise.txt").write_bytes(sample)
    monkeypatch.setattr(kg.parallel, "extract", _boom)
    result = kg.build([folder], jobs=2)
    failed = {Path(f.source).name: f.reason for f in result.failures}
    assert set(failed) == {"crash.txt", "raise.txt"}
    assert "worker process" in failed["crash.txt"] and "RuntimeError: extractor bug" in failed["raise.txt"]
    assert all("\n" not in reason for reason in failed.values())
    assert sorted(Path(e.document.source).name for e in result.extractions) == good


def test_parallel_dask_cluster_build_equals_the_serial_build(corpus, serial):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        need(False, "dask[distributed] is not installed (pip install 'kg[dask]')")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        distributed = kg.build([corpus], scheduler=client)
    assert turtle(distributed.graph) == turtle(serial.graph)
    assert [f.source for f in distributed.failures] == [f.source for f in serial.failures]


def test_worker_pool_workers_collect_cycles_though_the_build_paused_the_collector():
    """kg build pauses the collector; its workers, forked inside the build, must not inherit
    the pause (cycles left by extraction were never freed: 1.4 GB a worker at 10,000 CVs)."""
    import gc

    from kg.parallel import worker_pool
    from kg.pipeline import paused_collector

    with paused_collector():
        assert not gc.isenabled()
        with worker_pool(2) as pool:
            assert list(pool.map(_collector_on, range(4))) == [True] * 4


def _collector_on(_) -> bool:
    import gc

    return gc.isenabled()


def _frozen(_) -> int:
    return gc.get_freeze_count()


def test_parallel_workers_fork_from_a_frozen_parent():
    """The parent's objects are frozen before the workers fork, so a worker's collections
    never walk (and so copy) the pages it shares with its parent; a build unfreezes them after."""
    from kg.parallel import worker_pool
    from kg.pipeline import paused_collector

    with paused_collector():
        kept = [[i] for i in range(10_000)]  # objects alive in the parent when the workers fork
        with worker_pool(2) as pool:
            counts = list(pool.map(_frozen, range(4)))
        assert gc.get_freeze_count() >= len(kept)
    assert min(counts) >= len(kept)
    assert gc.get_freeze_count() == 0


def test_parallel_started_pool_forks_its_workers_at_once():
    from kg.parallel import started_pool

    before = len(multiprocessing.active_children())
    with started_pool(2) as pool:
        assert len(multiprocessing.active_children()) - before == 2
        assert list(pool.map(abs, [-1, -2])) == [1, 2]
    assert len(multiprocessing.active_children()) == before


@pytest.mark.skipif(not os.uname().sysname == "Linux", reason="the kernel's parent-death signal is Linux's")
@pytest.mark.parametrize("pool", ["worker_pool", "start_in_parts"])
def test_parallel_workers_die_with_a_killed_parent(tmp_path, pool):
    """A build the kernel kills (out of memory) must not leave its workers writing on."""
    import subprocess
    import sys
    import time

    script = {
        "worker_pool": "from kg.parallel import worker_pool\n"
                       "pool = worker_pool(2)\n"
                       "pids = [pool.submit(os.getpid) for _ in range(8)]\n"
                       "print(*{f.result() for f in pids}, flush=True)\n"
                       "pool.submit(time.sleep, 600)\n",
        "start_in_parts": "from kg.export import start_in_parts\n"
                          "def work(job):\n"
                          "    os.write(1, b'%d\\n' % os.getpid())\n"
                          "    time.sleep(600)\n"
                          f"start_in_parts(Path({str(tmp_path / 'out.nt')!r}), work, [(1,), (2,)], lambda r: b'')\n",
    }[pool]
    child = subprocess.Popen([sys.executable, "-c", "import os, time\nfrom pathlib import Path\n" + script
                              + "time.sleep(600)\n"], stdout=subprocess.PIPE, text=True)
    workers: set[int] = set()
    try:
        workers = set(map(int, child.stdout.readline().split()))
        if pool == "start_in_parts":
            workers |= {int(child.stdout.readline())}
        assert workers and child.pid not in workers
        child.send_signal(signal.SIGKILL)
        child.wait()
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        child.kill()
        for pid in filter(_alive, workers):  # when the test fails, not left sleeping
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by init, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
