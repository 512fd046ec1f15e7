"""The scale benchmark's parts on the samples, so the script cannot rot between runs."""
from __future__ import annotations

import sys

import kg
from kg.samples import sample_paths
from tests.bench import bench_scale


def test_bench_scale_run_reports_the_peak_memory_of_the_process_tree():
    # a child that holds 60 MB for a moment: the poller sees it
    command = [sys.executable, "-c", "import time; b = bytearray(60 * 2**20); b[::4096] = b'x' * len(b[::4096]); "
               "time.sleep(0.5)"]
    measured = bench_scale.run(command)
    assert measured["peak_mb"] >= 60
    assert measured["seconds"] >= 0.5


def test_bench_scale_rows_on_the_samples(tmp_path):
    out = tmp_path / "out"
    result = kg.build(sample_paths(), store=out / "store", cache=out / ".kg")
    kg.write_outputs(result, out)
    params = bench_scale.query_params(out / "facts.tsv")
    assert params["coauthors"]["person"] and params["people-at"]["organization"]

    queries = bench_scale.query_rows(out / "store", params, 1, process=False)
    assert set(queries) == set(kg.named_queries())
    assert queries["coauthors"]["rows"] > 0 and queries["people-at"]["rows"] > 0

    turtle = bench_scale.turtle_row(out / "store", 1)
    assert turtle["triples"] == bench_scale.triples(out / "store") > 1000

    views = bench_scale.views_row(out)
    assert views["pages"] == len(list((out / "views").rglob("*.html"))) >= 6 and views["mb"] > 0

    rate = bench_scale.extraction_rate(sample_paths()[:3], 1)
    assert rate["cvs"] == 3 and rate["cvs_per_s"] > 0

    table = bench_scale.table({
        "cvs": 7, "rdflib_cvs": 7, "extraction": rate, "queries": queries, "turtle": turtle,
        "build": {"cvs": 7, "seconds": 1.0, "peak_mb": 100, "triples": turtle["triples"]},
        "rebuild": {"seconds": 1.0}, "eval": {"micro": 0.9}, "views": views})
    assert table.count("\n") == 1 + 1 + 1 + len(queries) + 4
    assert "| `kg render`: every view and the index of the 7-CV build | |" in table
    assert "| rebuild after one changed CV in 7 | < 5 s | 1.0 s | | | met |" in table
