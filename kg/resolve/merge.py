"""Entity resolution over a batch of extractions: people and organizations get one
identity each, with a preferred label chosen among the names the documents write."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from kg.model import Extraction
from kg.resolve.orgs import org_key, preferred_org_label
from kg.resolve.people import Cluster, cluster_names, parsed_display, preferred_person_label


@dataclass
class Entity:
    """A resolved person or organization: a slug for its IRI, its label, its written names."""

    slug: str
    label: str
    names: dict[str, int] = field(default_factory=dict)
    kind: str = "person"


@dataclass
class Resolved:
    """Extractions plus the identity of every person and organization they mention."""

    extractions: list[Extraction]
    people: dict[str, Entity]
    orgs: dict[str, Entity]
    person_refs: dict[tuple[str, str], str]  # (document checksum, written name) -> slug
    org_refs: dict[str, str]  # written name -> slug

    def person(self, checksum: str, written: str) -> Entity:
        return self.people[self.person_refs[(checksum, written)]]

    def org(self, written: str) -> Entity:
        return self.orgs[self.org_refs[written]]


def person_mentions(extraction: Extraction) -> list[str]:
    """Every written person name in one extraction, cleaned of marks."""
    names = []
    if extraction.owner:
        names.append(extraction.owner.name)
    for pub in extraction.publications:
        names.extend(pub.authors)
    for degree in extraction.degrees:
        names.extend(degree.advisors)
    names.extend(a.advisor for a in extraction.advisings)
    return names


def org_mentions(extraction: Extraction) -> list[str]:
    return [p.organization for p in extraction.positions] + [d.institution for d in extraction.degrees]


def resolve(extractions: list[Extraction]) -> Resolved:
    """People within each document, then across documents; organizations by key."""
    doc_clusters: list[tuple[str, Cluster]] = []
    for extraction in extractions:
        counts: dict[str, int] = {}
        for written in person_mentions(extraction):
            counts[written] = counts.get(written, 0) + 1
        doc_clusters += [(extraction.document.checksum, c) for c in cluster_names(counts)]
    best_counts: dict[str, int] = {}
    for _, cluster in doc_clusters:
        best_counts[cluster.best()] = best_counts.get(cluster.best(), 0) + sum(cluster.names.values())
    global_clusters = cluster_names(best_counts)
    home = {name: i for i, c in enumerate(global_clusters) for name in c.names}
    merged: list[dict[str, int]] = [{} for _ in global_clusters]
    refs: dict[tuple[str, str], int] = {}
    for checksum, cluster in doc_clusters:
        index = home[cluster.best()]
        for written, count in cluster.names.items():
            merged[index][written] = merged[index].get(written, 0) + count
            refs[(checksum, written)] = index
    people = _entities(merged, preferred_person_label, "person")
    person_refs = {key: people[i].slug for key, i in refs.items()}
    orgs, org_refs = _resolve_orgs(extractions)
    return Resolved(extractions, {e.slug: e for e in people}, orgs, person_refs, org_refs)


def resolution_slice(resolved: Resolved, extraction: Extraction) -> Resolved:
    """The part of ``resolved`` one document's graph needs: its names' identities only."""
    checksum = extraction.document.checksum
    person_refs = {(checksum, w): resolved.person_refs[(checksum, w)] for w in person_mentions(extraction)}
    org_refs = {w: resolved.org_refs[w] for w in org_mentions(extraction)}
    return Resolved([extraction], {slug: resolved.people[slug] for slug in person_refs.values()},
                    {slug: resolved.orgs[slug] for slug in org_refs.values()}, person_refs, org_refs)


def _resolve_orgs(extractions: list[Extraction]) -> tuple[dict[str, Entity], dict[str, str]]:
    groups: dict[str, dict[str, int]] = {}
    for extraction in extractions:
        for written in org_mentions(extraction):
            names = groups.setdefault(org_key(written), {})
            names[written] = names.get(written, 0) + 1
    keys = sorted(groups)
    entities = _entities([groups[k] for k in keys], preferred_org_label, "organization")
    refs = {written: entity.slug for entity in entities for written in entity.names}
    return {e.slug: e for e in entities}, refs


def _entities(groups: list[dict[str, int]], choose, kind: str) -> list[Entity]:
    """Entities with unique, readable slugs, assigned in a deterministic order."""
    order = sorted(range(len(groups)), key=lambda i: (choose(groups[i]), sorted(groups[i])))
    taken: set[str] = set()
    out: list[Entity | None] = [None] * len(groups)
    for i in order:
        label = choose(groups[i])
        base = slugify(parsed_display(label) if kind == "person" else label) or _hashed(kind, label)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out[i] = Entity(slug, label, dict(sorted(groups[i].items())), kind)
    return [e for e in out if e is not None]


def _hashed(kind: str, label: str) -> str:
    """A stable slug for a name with no Latin letters (山田 太郎, Иван Петров): kind and hash."""
    return f"{kind}-{hashlib.sha256(label.encode('utf-8')).hexdigest()[:12]}"


def slugify(text: str) -> str:
    """A readable IRI path segment.

    >>> slugify("Université de Montréal"), slugify("S. K. Reinhardt")
    ('universite-de-montreal', 's-k-reinhardt')
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80]
