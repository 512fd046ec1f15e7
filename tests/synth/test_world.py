"""The world behind a corpus: reproducible, and overlapping the way real CVs overlap."""
from __future__ import annotations

import collections

from kg.synth.names import key
from kg.synth.world import REF_YEAR, World


def _summary(world):
    return ([(p.given, p.surname, p.home, p.advisor) for p in world.people],
            [(p.authors, p.year) for p in world.papers], [o.name for o in world.orgs.all], world.owners)


def test_world_same_seed_same_world():
    assert _summary(World(seed=9, n_cvs=40)) == _summary(World(seed=9, n_cvs=40))
    assert _summary(World(seed=9, n_cvs=40)) != _summary(World(seed=10, n_cvs=40))


def test_world_owners_are_distinct_people_past_their_first_degree():
    world = World(seed=2, n_cvs=300)
    assert len(set(world.owners)) == 300
    people = [world.people[pid] for pid in world.owners]
    assert all(REF_YEAR - p.start >= 5 for p in people)
    assert len({key(p.given, p.surname, whole_first=True) for p in people}) == 300


def test_world_no_author_list_has_two_people_who_look_alike():
    world = World(seed=2, n_cvs=200)
    for paper in world.papers:
        keys = [world.people[a].key for a in paper.authors]
        assert len(keys) == len(set(keys))


def test_world_employers_and_coauthors_overlap_across_cvs(corpus):
    """In one corpus the same organizations and people turn up in several CVs' gold facts."""
    folder, paths = corpus
    orgs, people = collections.Counter(), collections.Counter()
    for path in paths:
        rows = [line.split("\t") for line in (folder / "gold" / f"{path.stem}.gold.tsv").read_text().splitlines()
                if line and not line.startswith(("#", "subject"))]
        orgs.update({obj.split(" | ")[0] for _, rel, obj in rows if rel in ("worked_at", "studied_at")})
        people.update({obj.split(" | ")[-1].split()[-1] for _, rel, obj in rows if rel == "coauthored_with"})
    assert orgs.most_common(1)[0][1] >= 3, orgs.most_common(3)
    assert sum(count >= 2 for count in orgs.values()) >= 5
    assert sum(count >= 2 for count in people.values()) >= 5


def test_world_owners_write_papers_together_and_advise_each_other():
    world = World(seed=1, n_cvs=200)
    owners = set(world.owners)
    shared = [p for p in world.papers if len(owners.intersection(p.authors)) >= 2]
    assert len(shared) >= 20
    advised = [pid for pid in world.owners if world.people[pid].advisor in owners]
    assert advised
    communities = collections.Counter(world.people[pid].community for pid in world.owners)
    assert communities.most_common(1)[0][1] >= 3
