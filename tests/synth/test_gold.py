"""Gold files: the shared scorer's format, and facts that are right for what each CV writes."""
from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.folding import fold
from kg.readers import read
from kg.synth.compose import compose
from kg.synth.data import cultures
from kg.synth.names import full, inverted, short
from kg.synth.world import World

RELATIONS = {"worked_at", "studied_at", "coauthored_with", "advised_by"}


def _gold(folder, path):
    return (folder / "gold" / f"{path.stem}.gold.tsv").read_text(encoding="utf-8")


def _facts(text):
    return [line.split("\t") for line in text.splitlines()[1:] if line and not line.startswith("#")]


def test_gold_files_have_the_scorers_shape(corpus):
    folder, paths = corpus
    owners = dict(row.split("\t")[:3:2] for row in (folder / "manifest.tsv").read_text().splitlines()[1:])
    for path in paths:
        text = _gold(folder, path)
        assert text.splitlines()[0] == "subject\trelation\tobject"
        facts = _facts(text)
        assert facts, path.name
        for subject, relation, obj in facts:
            assert subject == owners[path.name] and relation in RELATIONS and obj.strip()
        for relation in RELATIONS:
            objects = [fold(alt) for s, r, obj in facts if r == relation for alt in obj.split(" | ")]
            assert len(objects) == len(set(objects)), (path.name, relation)


def test_gold_files_load_in_the_shared_scorer(corpus, scorer):
    folder, paths = corpus
    docs = scorer.load_gold(folder / "gold")
    assert sorted(docs) == sorted(p.stem for p in paths)
    for doc in docs.values():
        for relation in ("coauthored_with", "advised_by"):
            for alternatives in doc["facts"].get(relation, []):
                assert all(scorer.persons_match(alt, alternatives[0]) for alt in alternatives), alternatives


def _plain(path):
    if path.suffix in (".txt", ".md"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\*\*|\\(?=[*_])", "", text)
    else:
        text = "\n".join(line.text for line in read(path).lines)
    return " ".join(text.split())


def test_gold_objects_are_written_in_the_cv(corpus):
    """Every form a gold line gives is in the CV's text (PDF lines may wrap, so not PDFs)."""
    folder, paths = corpus
    for path in (p for p in paths if p.suffix != ".pdf"):
        text = _plain(path)
        for _, _, obj in _facts(_gold(folder, path)):
            for form in obj.split(" | "):
                assert form in text, (path.name, form)


def test_gold_lists_every_fact_the_cv_states():
    """Employers, schools, advisors and co-authors of the composed CV are exactly its gold roles."""
    world = World(seed=4, n_cvs=30)
    for index, pid in enumerate(world.owners):
        composed = compose(world, world.people[pid], "txt", random.Random(index))
        roles, layout, career = composed.record.roles, composed.layout, composed.career
        written = {a for p in world.people[pid].papers for a in world.papers[p].authors} - {pid}
        assert set(roles["coauthored_with"]) <= written
        if not layout.etal:
            assert set(roles["coauthored_with"]) == written
        assert set(roles["worked_at"]) == {job.org for job in career.jobs}
        schools = {d.org for d in career.degrees} | {d.exchange for d in career.degrees if d.exchange >= 0}
        assert set(roles["studied_at"]) == schools
        advisors = {a for d in career.degrees for a in d.advisors}
        assert set(roles["advised_by"]) == (set() if layout.advisor == "none" else advisors)


_NAMES = st.sampled_from(sorted(cultures())).flatmap(lambda key: st.tuples(
    st.lists(st.sampled_from(cultures()[key].given), min_size=1, max_size=2, unique=True),
    st.sampled_from(cultures()[key].surname)))


@settings(max_examples=60, deadline=None)
@given(_NAMES, st.booleans())
def test_gold_name_forms_match_the_full_name_under_the_scorer(scorer, name, compact):
    given_names, surname = tuple(name[0]), name[1]
    whole = full(given_names, surname)
    for form in (short(given_names, surname, compact), inverted(given_names, surname, compact), whole):
        assert scorer.persons_match(form, whole), (form, whole)
