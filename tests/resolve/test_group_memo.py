"""Surname groups' clusters kept between builds give the clusters made afresh."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kg.cache import group_memo, keep_groups
from kg.resolve.people import GroupMemo, cluster_names

NAMES = ["S. Reinhardt", "S. K. Reinhardt", "T. Reinhardt", "Steffen Reinhardt", "Stefan Reinhardt",
         "A. Gerstlauer", "Andreas Gerstlauer", "Zhiru Zhang", "Zili Zhang", "Z. Zhang", "Ann Lee", "A. Lee"]
counts = st.dictionaries(st.sampled_from(NAMES), st.integers(1, 4), min_size=1)


def _shape(clusters) -> list[list[tuple[str, int]]]:
    return [list(cluster.names.items()) for cluster in clusters]


@settings(max_examples=80, deadline=None)
@given(counts, counts)
def test_group_memo_gives_the_fresh_clusters_whatever_it_remembers(earlier, now):
    memo = GroupMemo()
    cluster_names(earlier, memo)
    again = GroupMemo(memo.used)
    assert _shape(cluster_names(now, again)) == _shape(cluster_names(now))


def test_group_memo_ignores_an_entry_that_does_not_hold_the_group(tmp_path):
    memo = GroupMemo()
    wanted = {"S. Reinhardt": 1, "T. Reinhardt": 1}
    cluster_names(wanted, memo)
    forged = GroupMemo({key: [["S. Reinhardt", "T. Reinhardt", "X. Reinhardt"]] for key in memo.used})
    assert _shape(cluster_names(wanted, forged)) == _shape(cluster_names(wanted))
    merged = GroupMemo({key: [["S. Reinhardt", "T. Reinhardt"]] for key in memo.used})
    assert _shape(cluster_names(wanted, merged)) == [[("S. Reinhardt", 1), ("T. Reinhardt", 1)]]  # trusted as kept


def test_group_memo_file_round_trips_and_a_damaged_one_is_empty(tmp_path):
    memo = GroupMemo()
    cluster_names({"A. Lee": 2, "Ann Lee": 1}, memo)
    keep_groups(tmp_path, memo)
    assert group_memo(tmp_path).known == memo.used
    (tmp_path / "groups.pickle").write_bytes(b"not a pickle")
    assert group_memo(tmp_path).known == {}
