"""Rebuilds splice graph.ttl, graph.trig, facts.tsv and kg-merged.nt: the bytes equal a
full write after any change, and a file that is not what the last build wrote is written whole."""
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kg
from kg.store.memory import PREFIXES
from kg.store.patch import Change, patch_merged, patch_trig, patch_turtle
from kg.store.splice import NT, TURTLE
from kg.store.turtle import joined_lines, trig_text, turtle_text
from tests.conftest import make_corpus

KG_NS, XSD = PREFIXES["kg"], PREFIXES["xsd"]
SUBJECTS = [f"<https://w3id.org/kg-cv/id/{name}>" for name in ("a", "a-b", "ab", "b", "b/c", "é", "z")] + [
    f"<{KG_NS}Thing>"]  # a subject Turtle writes as a prefixed name
PREDICATES = [f"<{KG_NS}{name}>" for name in ("label", "title", "x-y")] + [
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://www.w3.org/2004/02/skos/core#note>",
    "<https://other.example/p>"]
OBJECTS = ['"kg: in a string"', '"x\\n\\ny"', '"1"^^<%sinteger>' % XSD, '"2020"^^<%sgYear>' % XSD,
           '"Ünïcode"@fr', f"<{KG_NS}Person>", "<http://www.w3.org/2004/02/skos/core#Concept>", '"} ; {"',
           '"skos:note"', "<https://w3id.org/kg-cv/id/b>"]
LINES = sorted({f"{s} {p} {o} ." for s in SUBJECTS for p in PREDICATES for o in OBJECTS})
line_sets = st.sets(st.sampled_from(LINES), max_size=40)


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=line_sets, after=line_sets)
@example(before={f'{SUBJECTS[0]} {PREDICATES[4]} "1" .', f'{SUBJECTS[3]} {PREDICATES[0]} "skos:note" .'},
         after={f'{SUBJECTS[3]} {PREDICATES[0]} "skos:note" .'})  # "skos:" only in a string: dropped
def test_patch_merged_and_turtle_equal_a_full_write(tmp_path, before, after):
    merged = _write(tmp_path / "merged.nt", joined_lines(sorted(before)))
    patch_merged(merged, tmp_path / "next.nt", sorted(after - before), sorted(before - after))
    assert (tmp_path / "next.nt").read_text(encoding="utf-8") == joined_lines(sorted(after))

    ttl = _write(tmp_path / "graph.ttl", turtle_text(sorted(before), PREFIXES))
    change = Change("x", "y", added=sorted(after - before), removed=sorted(before - after))
    if patch_turtle(ttl, tmp_path / "next.nt", change, PREFIXES):
        assert ttl.read_text(encoding="utf-8") == turtle_text(sorted(after), PREFIXES)
    else:  # only an empty file is left to the full writer
        assert not before


graphs = st.dictionaries(st.sampled_from([f"<https://w3id.org/kg-cv/id/doc/{i}>" for i in range(6)]), line_sets,
                         max_size=6)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=graphs, after=graphs)
def test_patch_trig_equals_a_full_write(tmp_path, before, after):
    def text(documents):
        return trig_text(((name, sorted(lines)) for name, lines in sorted(documents.items())), PREFIXES)

    trig = _write(tmp_path / "graph.trig", text(before))
    changed = {name: sorted(lines) for name, lines in after.items() if before.get(name) != lines}
    change = Change("x", "y", graphs=changed, dropped=sorted(set(before) - set(after)))
    if patch_trig(trig, change, PREFIXES):
        assert trig.read_text(encoding="utf-8") == text(after)
    else:
        assert not any(before.values())


def test_splice_finds_every_section_and_the_gaps_between(tmp_path):
    lines = LINES[::3]
    path = _write(tmp_path / "graph.ttl", turtle_text(lines, PREFIXES))
    with TURTLE.open(path, PREFIXES) as sections:
        subjects = sorted({line.split(" ", 1)[0] for line in lines})
        found = [sections.find(s.encode()) for s in subjects]
        assert all(start < stop for start, stop in found)
        assert b"".join(sections.read(start, stop) for start, stop in found) == sections.read(sections.start,
                                                                                               sections.end)
        start, stop = sections.find(b"<https://w3id.org/kg-cv/id/aa>")  # between "a-b" and "ab"
        assert start == stop == sections.find(b"<https://w3id.org/kg-cv/id/ab>")[0]
    with NT.open(_write(tmp_path / "m.nt", joined_lines(lines))) as sections:
        assert [line.decode() for line in sections.lines_from(SUBJECTS[1].encode() + b" ")] == [
            line for line in lines if line.startswith(SUBJECTS[1] + " ")]


# ---------------------------------------------------------------- through kg build
OUTPUTS = ("graph.ttl", "graph.trig", "facts.tsv", "store/kg-merged.nt")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"), variants=6)  # the edits touch under half


def _build(folder: Path, out: Path):
    result = kg.build([folder], store=out / "store", cache=out / ".kg")
    kg.write_outputs(result, out, views=False)
    result.store.close()
    return result


def _edits(folder: Path):
    """Edits of every kind: a title, a CV gone, a CV new, an owner renamed, a co-author's
    fuller name in one CV (the person's label changes in every CV's facts)."""
    edited = folder / "v000_02_jiwoo_park.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Senior Research Scientist", "Principal Scientist"),
                      encoding="utf-8")
    (folder / "v001_01_ada_okafor.txt").unlink()
    (folder / "v900_new.txt").write_text((folder / "v002_01_ada_okafor.txt").read_text(encoding="utf-8")
                                         .replace("Okafor", "Okonkwo-Baptiste"), encoding="utf-8")
    fuller = folder / "v002_01_ada_okafor.txt"
    fuller.write_text(fuller.read_text(encoding="utf-8").replace("C. Dubois", "Camille Dubois"), encoding="utf-8")
    renamed = folder / "v000_04_lucia_fernandez_ruiz.txt"
    text = renamed.read_text(encoding="utf-8")
    renamed.write_text(text.replace(text.split("\n", 1)[0], "Marguerite Delacroix-Weiss"), encoding="utf-8")


def test_patch_rebuild_splices_to_the_bytes_of_a_fresh_build(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "cvs"
    shutil.copytree(corpus, folder)
    _build(folder, tmp_path / "out")
    _edits(folder)

    def whole(store, path):
        raise AssertionError("written whole instead of spliced")

    for name in ("start_turtle", "start_trig", "start_facts"):
        monkeypatch.setattr(sys.modules["kg.export"], name, whole)  # kg.write_outputs's writers
    again = _build(folder, tmp_path / "out")
    monkeypatch.undo()
    assert again.change is not None and again.change.added and again.change.removed
    _build(folder, tmp_path / "fresh")
    for name in OUTPUTS:
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_patch_outputs_begins_every_whole_file_before_finishing_any(corpus, tmp_path, monkeypatch):
    """Turtle and TriG are begun (their workers run) before the facts query, and all three are
    finished after: the files equal one writer's. A writer that fails still lets the begun
    ones finish (no part file or worker left) and its error is raised."""
    from kg.export import start_facts, start_trig, start_turtle
    from kg.store.patch import patch_outputs

    monkeypatch.setattr(sys.modules["kg.export"], "PARALLEL_TURTLE", 0)  # the corpus's Turtle and TriG in parts
    monkeypatch.setattr(sys.modules["kg.export"].os, "cpu_count", lambda: 2)
    result = kg.build([corpus], store=tmp_path / "store")
    events = []

    def traced(name, start):
        def begin(store, path):
            events.append(f"begin {name}")
            finish = start(store, path)
            return lambda: (events.append(f"finish {name}"), finish())[1]
        return begin

    writers = {"graph.ttl": start_turtle, "graph.trig": start_trig, "facts.tsv": start_facts}
    out = tmp_path / "out"
    written = patch_outputs(result.store, out, None, {name: traced(name, start) for name, start in writers.items()})
    assert events == [*(f"begin {name}" for name in writers), *(f"finish {name}" for name in writers)]
    assert [path.name for path in written] == list(writers)
    memory = kg.build([corpus]).store
    for name, fmt in (("graph.ttl", "turtle"), ("graph.trig", "trig")):
        assert (out / name).read_bytes() == memory.serialize(fmt).encode("utf-8"), name

    def broken(store, path):
        raise OSError(28, "No space left on device")

    again = tmp_path / "again"
    with pytest.raises(OSError, match="No space left"):
        patch_outputs(result.store, again, None, {"graph.ttl": start_turtle, "facts.tsv": broken})
    assert sorted(p.name for p in again.iterdir()) == ["graph.ttl"]  # finished; no part file left
    assert (again / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    result.store.close()


def test_patch_a_file_changed_since_the_last_build_is_written_whole(corpus, tmp_path):
    folder = tmp_path / "cvs"
    shutil.copytree(corpus, folder)
    _build(folder, tmp_path / "out")
    (tmp_path / "out" / "graph.ttl").write_text("# edited by hand\n", encoding="utf-8")
    (tmp_path / "out" / "facts.tsv").unlink()
    _edits(folder)
    _build(folder, tmp_path / "out")
    _build(folder, tmp_path / "fresh")
    for name in OUTPUTS:
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_patch_facts_follow_a_renamed_coauthor(tmp_path):
    """A label changes while the IRI stays: the rows of everyone linked to it change too."""
    from kg.export import facts_tsv
    from kg.store.oxigraph import OxigraphStore
    from kg.store.patch import patch_facts

    def person(slug, label, doc=None):
        iri = f"<https://w3id.org/kg-cv/id/person/{slug}>"
        lines = [f'{iri} <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .']
        if doc:
            lines.append(f"{iri} <{KG_NS}describedBy> <https://w3id.org/kg-cv/id/doc/{doc}> .")
            lines.append(f"{iri} <{KG_NS}coauthoredWith> <https://w3id.org/kg-cv/id/person/x> .")
        return lines

    before = sorted(person("a", "Ann Lee", "1") + person("b", "Bo Chen", "2") + person("x", "X. Diaz"))
    removed, added = person("x", "X. Diaz"), person("x", "Xavier Diaz")
    store = OxigraphStore(tmp_path / "store", create=True)
    store.update({"<https://w3id.org/kg-cv/id/doc/1>": before}, (), before, ())
    _write(tmp_path / "facts.tsv", facts_tsv(store))
    store.update({}, (), added, removed)
    assert patch_facts(tmp_path / "facts.tsv", store, Change("x", "y", added=added, removed=removed))
    assert (tmp_path / "facts.tsv").read_text(encoding="utf-8") == facts_tsv(store)
    assert "Bo Chen\tcoauthored_with\tXavier Diaz" in facts_tsv(store)


def test_patch_an_unchanged_rebuild_leaves_the_files_alone(corpus, tmp_path):
    _build(corpus, tmp_path / "out")
    before = {name: (tmp_path / "out" / name).stat().st_mtime_ns for name in OUTPUTS}
    again = _build(corpus, tmp_path / "out")
    assert again.change is not None and not (again.change.graphs or again.change.added)
    assert {name: (tmp_path / "out" / name).stat().st_mtime_ns for name in OUTPUTS} == before


def test_splice_without_copy_file_range_gives_the_same_bytes(tmp_path, monkeypatch):
    import kg.store.splice as splice_module

    def refuse(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(splice_module.os, "copy_file_range", refuse, raising=False)
    monkeypatch.setattr(splice_module, "_BLOCK", 7)  # many blocks
    before, after = set(LINES[::2]), set(LINES[::3])
    merged = _write(tmp_path / "merged.nt", joined_lines(sorted(before)))
    patch_merged(merged, tmp_path / "next.nt", sorted(after - before), sorted(before - after))
    assert (tmp_path / "next.nt").read_text(encoding="utf-8") == joined_lines(sorted(after))


_KILL_AT = """
import os, signal, sys
import kg.store.merged
calls, kill_at = [0], int(sys.argv[1])
kg.store.merged.FOLD_SHARE = float(sys.argv[2])
real = os.replace
def replace(*args, **kwargs):
    calls[0] += 1
    if calls[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)  # killed before this file goes into place
    return real(*args, **kwargs)
os.replace = replace
from kg.cli import main
sys.argv = ["kg", "build", *sys.argv[3:]]
main()
"""


@pytest.mark.parametrize("fold", [1 / 32, 1e9], ids=["edits-folded", "edits-noted"])
def test_patch_a_rebuild_killed_at_any_file_replace_recovers(corpus, tmp_path, fold):
    """A rebuild that splices is killed before each of its file replacements in turn (store
    marker, kg-merged.nt or its edits, graph.ttl, graph.trig, facts.tsv, stamp …): every
    output is then the old file or the new one, and the next build equals a fresh one byte
    for byte (and reads the same merged lines)."""
    from kg.store.oxigraph import OxigraphStore

    import subprocess
    import sys

    folder = tmp_path / "cvs"
    shutil.copytree(corpus, folder)
    _build(folder, tmp_path / "out")
    previous = {name: (tmp_path / "out" / name).read_bytes() for name in OUTPUTS[:3]}
    _edits(folder)
    _build(folder, tmp_path / "fresh")
    expected = {name: (tmp_path / "fresh" / name).read_bytes() for name in OUTPUTS}
    args = [str(folder), "--out", str(tmp_path / "out"), "-q", "--jobs", "1", "--no-views"]
    for at in range(1, 40):
        done = subprocess.run([sys.executable, "-c", _KILL_AT, str(at), str(fold), *args], capture_output=True,
                              timeout=300)
        for name, body in previous.items():
            assert (tmp_path / "out" / name).read_bytes() in (body, expected[name]), (at, name)
        if done.returncode == 0:
            break
        assert done.returncode == -9, done.stderr.decode()
    assert at > 5, "the rebuild replaced fewer files than it should"
    _build(folder, tmp_path / "out")
    for name in OUTPUTS[:3]:
        assert (tmp_path / "out" / name).read_bytes() == expected[name], name
    lines = [list(OxigraphStore(tmp_path / folder / "store", read_only=True).stream_lines())
             for folder in ("out", "fresh")]
    assert lines[0] == lines[1]
    if fold < 1:
        assert (tmp_path / "out" / OUTPUTS[3]).read_bytes() == expected[OUTPUTS[3]]
