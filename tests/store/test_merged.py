"""kg-merged.nt and its edits: rebuilds note the lines they add and remove instead of
copying the file, and every reader sees the file with the edits applied."""
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from rdflib.namespace import RDFS

from kg.graph.vocab import KG
import kg.store.merged as merged_module
from kg.errors import GraphError
from kg.store.merged import EDITS, MERGED, compose, edited, fold, read_edits, record, write_edits
from kg.store.oxigraph import OxigraphStore
from kg.store.turtle import joined_lines
from tests.conftest import make_corpus
from tests.store.test_patch import LINES, _build, _edits

states = st.lists(st.sets(st.sampled_from(LINES), max_size=30), min_size=2, max_size=5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(states=states, fold_at=st.integers(0, 4))
def test_merged_edits_give_each_state_folded_or_not(tmp_path, states, fold_at):
    """After each change the file with its edits reads as the new state: with the edits
    folded in at any step, and with a fold killed before the edits file went."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    (folder / MERGED).write_text(joined_lines(sorted(states[0])), encoding="utf-8")
    for step, (before, after) in enumerate(zip(states, states[1:]), start=1):
        edits = compose(read_edits(folder), sorted(after - before), sorted(before - after))
        write_edits(folder, edits)
        assert read_edits(folder) == edits
        base = (folder / MERGED).read_text(encoding="utf-8").splitlines()
        assert list(edited(base, edits)) == sorted(after)
        if step == fold_at:
            fold(folder, edits)
            assert (folder / MERGED).read_text(encoding="utf-8") == joined_lines(sorted(after))
            assert not (folder / EDITS).exists()
            again = (folder / MERGED).read_text(encoding="utf-8").splitlines()
            assert list(edited(again, edits)) == sorted(after)  # the fold killed before the unlink


def test_merged_record_folds_once_the_edits_outgrow_their_share(tmp_path, monkeypatch):
    (tmp_path / MERGED).write_text(joined_lines(LINES[:50]), encoding="utf-8")
    monkeypatch.setattr(merged_module, "FOLD_SHARE", 10.0)
    record(tmp_path, [LINES[60]], [LINES[0]])
    assert read_edits(tmp_path) == {LINES[0]: False, LINES[60]: True}
    assert (tmp_path / MERGED).read_text(encoding="utf-8") == joined_lines(LINES[:50])
    monkeypatch.setattr(merged_module, "FOLD_SHARE", 0.0)
    record(tmp_path, [LINES[61]], [])
    assert not (tmp_path / EDITS).exists()
    assert (tmp_path / MERGED).read_text(encoding="utf-8") == joined_lines(sorted([*LINES[1:50], LINES[60], LINES[61]]))


@pytest.mark.parametrize("text", ["not edits\n", "kg-merged-edits 1\n* <a> <p> <o> .\n"])
def test_merged_damaged_edits_are_one_line_naming_the_file(tmp_path, text):
    (tmp_path / EDITS).write_text(text, encoding="utf-8")
    with pytest.raises(GraphError, match=r"kg-merged\.edits.*kg build --no-cache") as error:
        read_edits(tmp_path)
    assert "\n" not in str(error.value)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"), variants=6)


def _readers(store_path: Path, out: Path) -> dict[str, bytes]:
    """Everything kg reads of the merged lines, from a reopened store."""
    store = OxigraphStore(store_path, read_only=True)
    try:
        read = {"stream": joined_lines(store.stream_lines()).encode(), "saved": joined_lines(store.lines()).encode()}
        for fmt in ("turtle", "ntriples"):
            read[fmt] = store.write(fmt, out / f"export.{fmt}").read_bytes()
        view = store.view_graph()
        pairs = {str(p): sorted(map(str, view.subject_objects(p))) for p in (KG.workedAt, KG.coauthoredWith, RDFS.label)}
        read["view"] = repr((len(view), pairs)).encode()
    finally:
        store.close()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # no scratch file left
    return read


def test_merged_rebuilds_leave_edits_that_every_reader_applies(corpus, tmp_path, monkeypatch):
    """Rebuilds with edits left unfolded (twice, the second composing on the first), then one
    that folds them: outputs and every reader equal a fresh build's, byte for byte."""
    folder = tmp_path / "cvs"
    shutil.copytree(corpus, folder)
    _build(folder, tmp_path / "out")
    merged_before = (tmp_path / "out" / "store" / MERGED).read_bytes()
    monkeypatch.setattr(merged_module, "FOLD_SHARE", 1e9)
    _edits(folder)
    for round_ in range(3):
        if round_ == 1:  # put one CV back: lines come back that the first edits removed
            shutil.copy(corpus / "v000_02_jiwoo_park.md", folder)
        if round_ == 2:  # one CV gone, and the edits folded in
            (folder / "v003_03_tomasz_kowalczyk.md").unlink()
            monkeypatch.setattr(merged_module, "FOLD_SHARE", 0.0)
        again = _build(folder, tmp_path / "out")
        assert again.change is not None and (again.change.added or again.change.removed)
        fresh = tmp_path / f"fresh{round_}"
        _build(folder, fresh)
        store = tmp_path / "out" / "store"
        if round_ < 2:
            assert (store / EDITS).is_file() and (store / MERGED).read_bytes() == merged_before
        else:
            assert not (store / EDITS).exists()
            assert (store / MERGED).read_bytes() == (fresh / "store" / MERGED).read_bytes()
        for name in ("graph.ttl", "graph.trig", "facts.tsv"):
            assert (tmp_path / "out" / name).read_bytes() == (fresh / name).read_bytes(), (round_, name)
        (tmp_path / f"read{round_}").mkdir()
        (tmp_path / f"want{round_}").mkdir()
        assert _readers(store, tmp_path / f"read{round_}") == _readers(fresh / "store", tmp_path / f"want{round_}")


def test_merged_a_full_rewrite_drops_the_edits(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "cvs"
    shutil.copytree(corpus, folder)
    _build(folder, tmp_path / "out")
    monkeypatch.setattr(merged_module, "FOLD_SHARE", 1e9)
    _edits(folder)
    _build(folder, tmp_path / "out")
    assert (tmp_path / "out" / "store" / EDITS).is_file()
    few = tmp_path / "few"  # most documents gone: the store is written whole
    few.mkdir()
    for path in sorted(folder.iterdir())[:3]:
        shutil.copy(path, few)
    again = _build(few, tmp_path / "out")
    assert again.change is None
    assert not (tmp_path / "out" / "store" / EDITS).exists()
    _build(few, tmp_path / "fresh")
    for name in ("graph.ttl", "store/kg-merged.nt"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
