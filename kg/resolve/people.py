"""People: which written names are the same person.

Within one document an initials form joins the one compatible fuller form
(``A. Gerstlauer`` -> ``Andreas Gerstlauer``; ``S. Reinhardt`` -> ``S. K. Reinhardt``) and
stays alone when it fits several. Different full given names never merge
(``Zhiru Zhang`` / ``Zili Zhang``), nor do different initials (``S. Massengill`` /
``T. Massengill``). Across documents the same rules join the per-document people.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from kg.extract.names import PersonName, display, fold, parse_name
from kg.extract.names import compatible as _compatible

# Resolution over a large corpus compares the same written names again and again (every
# document's clusters, then the global pass): parse and compare each pair once.
compatible = lru_cache(maxsize=1 << 20)(_compatible)


@dataclass
class Cluster:
    """One person: every written form and how often each was seen."""

    names: dict[str, int] = field(default_factory=dict)

    def add(self, written: str, count: int = 1) -> None:
        self.names[written] = self.names.get(written, 0) + count

    def best(self) -> str:
        return preferred_person_label(self.names)


@lru_cache(maxsize=1 << 18)
def completeness(written: str) -> tuple[int, int]:
    """How complete a written name is: letters of given names, then number of given names."""
    parsed = parse_name(written)
    if not parsed:
        return (0, 0)
    return (sum(len(g.strip(".")) for g in parsed.given), len(parsed.given))


def preferred_person_label(names: dict[str, int]) -> str:
    """The most complete written form, then the most used, then alphabetical.

    >>> preferred_person_label({"A. Gerstlauer": 4, "Andreas Gerstlauer": 1})
    'Andreas Gerstlauer'
    """
    if len(names) == 1:  # most people: one written form
        return next(iter(names))
    return sorted(names.items(), key=lambda kv: (-completeness(kv[0])[0], -completeness(kv[0])[1],
                                                 -kv[1], kv[0]))[0][0]


@lru_cache(maxsize=1 << 18)
def surname_key(written: str) -> str:
    parsed = parse_name(written)
    return fold(parsed.surname) if parsed else fold(written)


class GroupMemo:
    """The clusters of surname groups from an earlier build, by a digest of each group's
    names and counts (all a group's clusters depend on), so a rebuild compares names pair
    by pair only in the groups a change touched. ``used`` holds this build's groups."""

    def __init__(self, known: Optional[dict[bytes, list[list[str]]]] = None) -> None:
        self.known = known or {}
        self.used: dict[bytes, list[list[str]]] = {}

    def clusters(self, names: list[str], counts: dict[str, int]) -> list[Cluster]:
        key = hashlib.blake2b("\x1f".join(f"{n}\x1e{counts[n]}" for n in sorted(names)).encode("utf-8"),
                              digest_size=16).digest()
        members = self.known.get(key)
        if members is None or sorted(n for group in members for n in group) != sorted(names):
            found = _cluster_group(names, counts)
            members = [list(cluster.names) for cluster in found]
        self.used[key] = members
        return [Cluster({n: counts[n] for n in group}) for group in members]


def cluster_names(counts: dict[str, int], memo: Optional[GroupMemo] = None) -> list[Cluster]:
    """Group written names into people, fullest forms first (each surname group from
    ``memo`` when it holds the same group).

    >>> [sorted(c.names) for c in cluster_names({"S. Reinhardt": 1, "S. K. Reinhardt": 1, "T. Reinhardt": 1})]
    [['S. K. Reinhardt', 'S. Reinhardt'], ['T. Reinhardt']]
    """
    by_surname: dict[str, list[str]] = {}
    for written in counts:
        by_surname.setdefault(surname_key(written), []).append(written)
    clusters: list[Cluster] = []
    for surname in sorted(by_surname):
        group = by_surname[surname]
        clusters.extend(memo.clusters(group, counts) if memo is not None else _cluster_group(group, counts))
    return clusters


def _cluster_group(names: list[str], counts: dict[str, int]) -> list[Cluster]:
    ordered = sorted(names, key=lambda n: (-completeness(n)[0], -completeness(n)[1], n))
    clusters: list[Cluster] = []
    for written in ordered:
        homes = [c for c in clusters if all(compatible(written, other) for other in c.names)]
        if len(homes) == 1 or (homes and _same_core(written, homes)):
            homes[0].add(written, counts[written])
        else:
            cluster = Cluster()
            cluster.add(written, counts[written])
            clusters.append(cluster)
    return clusters


def _same_core(written: str, homes: list[Cluster]) -> bool:
    """Several homes fit; join the first only if all of them agree with each other."""
    return all(compatible(a.best(), b.best()) for a in homes for b in homes)


def parsed_display(written: str) -> str:
    """A written name cleaned of marks (``Wu*`` -> ``Wu``), keeping its form."""
    parsed: PersonName | None = parse_name(written)
    return display(parsed) if parsed else written.strip()
