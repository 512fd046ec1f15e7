"""Entity resolution over a batch of extractions: people and organizations get one
identity each, with a preferred label chosen among the names the documents write."""
from __future__ import annotations

import hashlib
import pickle
import re
import unicodedata
from dataclasses import dataclass, field

from kg.extract.names import parse_name
from kg.folding import fold
from kg.model import Extraction, PackedExtraction
from kg.resolve.orgs import org_key, preferred_org_label
from kg.resolve.people import GroupMemo, cluster_names, parsed_display, preferred_person_label


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

    extractions: list[Extraction | PackedExtraction]
    people: dict[str, Entity]
    orgs: dict[str, Entity]
    person_refs: dict[tuple[str, str], str]  # (document checksum, written name) -> slug
    org_refs: dict[str, str]  # written name -> slug

    def person(self, checksum: str, written: str) -> Entity:
        return self.people[self.person_refs[(checksum, written)]]

    def org(self, written: str) -> Entity:
        return self.orgs[self.org_refs[written]]


def person_mentions(extraction: Extraction | PackedExtraction) -> list[str]:
    """Every written person name in one extraction, cleaned of marks (of a packed one,
    each distinct name once)."""
    if isinstance(extraction, PackedExtraction):
        return list(extraction.person_names)
    names = []
    if extraction.owner:
        names.append(extraction.owner.name)
    for pub in extraction.publications:
        names.extend(pub.authors)
    for degree in extraction.degrees:
        names.extend(degree.advisors)
    names.extend(a.advisor for a in extraction.advisings)
    return names


def org_mentions(extraction: Extraction | PackedExtraction) -> list[str]:
    """Every written organization name in one extraction (positions', then degrees')."""
    if isinstance(extraction, PackedExtraction):
        return list(extraction.org_names)
    return [p.organization for p in extraction.positions] + [d.institution for d in extraction.degrees]


def pack(extraction: Extraction) -> PackedExtraction:
    """``extraction`` as its pickle, with what resolution and the store's digests ask of it.

    >>> from kg.model import Document
    >>> packed = pack(Extraction(Document("cv.txt", "ab" * 32, "text", ()), None))
    >>> packed.person_names, packed.unpacked() == packed.unpacked()
    ((), True)
    """
    return PackedExtraction(extraction.document, extraction.warnings, extraction.contacts,
                            tuple(dict.fromkeys(person_mentions(extraction))), tuple(org_mentions(extraction)),
                            pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))


#: A name written in at most this many documents joins across them on the name alone; a name
#: in more is common enough (a dozen "Michael Smith"s, a hundred "Y. Wang"s) that documents
#: must share evidence about the person (``person_evidence``) for their people to be one.
RARE_NAME_DOCUMENTS = 3
#: Bytes of a piece of evidence's BLAKE2b digest that ``document_people`` keeps: two pieces
#: share them by chance about once in 2**64 comparisons.
EVIDENCE_BYTES = 8


def person_evidence(extraction: Extraction) -> dict[str, set[str]]:
    """What one document says about each person it names, beyond the name: the
    publications they are on (by title), their co-authors written with a full given name and,
    for the owner, the organizations of their positions and degrees; for an advisor, the
    student and the institution. Two documents' people with compatible names are one
    person only if they share some of it. Each piece is one string, its kind and value
    joined by the unit separator U+001F (``org``, ``mit``); ``document_people`` keeps
    their digests."""
    evidence: dict[str, set[str]] = {}
    owner = extraction.owner.name if extraction.owner else None
    for pub in extraction.publications:
        title = _title_key(pub.title)
        keys = [person_key(a) for a in pub.authors]
        for written, key in zip(pub.authors, keys):
            known = evidence.setdefault(written, set())
            if title:
                known.add(f"title\x1f{title}")
            known.update(f"coauthor\x1f{k}" for k in keys if k and k != key)
    if owner:
        known = evidence.setdefault(owner, set())
        known.update(f"org\x1f{org_key(p.organization)}" for p in extraction.positions)
        known.update(f"org\x1f{org_key(d.institution)}" for d in extraction.degrees)
    student = person_key(owner) if owner else ""
    for degree in extraction.degrees:
        for advisor in degree.advisors:
            known = evidence.setdefault(advisor, set())
            known.add(f"org\x1f{org_key(degree.institution)}")
            if student:
                known.add(f"student\x1f{student}")
    for advising in extraction.advisings:
        if student:
            evidence.setdefault(advising.advisor, set()).add(f"student\x1f{student}")
    return evidence


def person_key(written: str) -> str:
    """Surname and first given name, folded: how evidence names a co-author or a student.
    Empty for a name written with initials only ("Y. Wang"), which too many people share to
    be evidence of anything."""
    parsed = parse_name(written)
    if not parsed or not parsed.given:
        return ""
    first = fold(parsed.given[0]).strip(".")
    return f"{fold(parsed.surname)} {first}" if len(first) > 1 else ""


def _title_key(title: str | None) -> str:
    """A publication title folded to its words; empty for titles too short to tell papers apart."""
    words = re.sub(r"[^0-9a-z]+", " ", fold(title or "")).split()
    return " ".join(words) if len(words) >= 3 else ""


def document_people(extraction: Extraction | PackedExtraction) -> tuple[tuple[dict[str, int], bytes, str], ...]:
    """The people of one document, the first step of ``resolve``: each one's written names
    (with counts), what the document says about them (``person_evidence``: each piece's
    digest, ``EVIDENCE_BYTES`` long, sorted and joined in one bytes object, which loads fast:
    20 MB at 10,000 CVs, where the pieces' text took 70 MB) and the name that labels
    them. It depends on the extraction alone, so a rebuild keeps it with the extraction
    (``kg.cache``)."""
    if isinstance(extraction, PackedExtraction):
        extraction = extraction.unpacked()
    counts: dict[str, int] = {}
    for written in person_mentions(extraction):
        counts[written] = counts.get(written, 0) + 1
    evidence = person_evidence(extraction)
    return tuple((cluster.names, _digests(set().union(*(evidence.get(written, ()) for written in cluster.names))),
                  cluster.best()) for cluster in cluster_names(counts))


def _digests(pieces: set[str]) -> bytes:
    return b"".join(sorted(hashlib.blake2b(piece.encode("utf-8"), digest_size=EVIDENCE_BYTES).digest()
                           for piece in pieces))


def resolve(extractions: list[Extraction | PackedExtraction], people: list | None = None,
            memo: GroupMemo | None = None) -> Resolved:
    """People within each document, then across documents where their names are compatible
    (and, for names in more than ``RARE_NAME_DOCUMENTS`` documents, where the documents
    share evidence about them: ``person_evidence``); organizations by key. ``people`` may
    hold each extraction's ``document_people`` made earlier (None where not); ``memo`` the
    surname groups' clusters of an earlier build."""
    doc_clusters: list[tuple[str, dict[str, int], bytes, str]] = []  # checksum, names, evidence, label
    for i, extraction in enumerate(extractions):
        found = people[i] if people is not None else None
        checksum = extraction.document.checksum
        for names, known, best in found if found is not None else document_people(extraction):
            doc_clusters.append((checksum, names, known, best))
    best_counts: dict[str, int] = {}
    for _, names, _, best in doc_clusters:
        best_counts[best] = best_counts.get(best, 0) + sum(names.values())
    global_clusters = cluster_names(best_counts, memo)
    home = {name: i for i, c in enumerate(global_clusters) for name in c.names}
    members: list[list[int]] = [[] for _ in global_clusters]
    for j, person in enumerate(doc_clusters):
        members[home[person[3]]].append(j)
    merged: list[dict[str, int]] = []
    documents: list[list[str]] = []
    refs: dict[tuple[str, str], int] = {}
    for group in members:
        rare = _in_few_documents(doc_clusters, group)
        # each piece's digest read as one integer ("Q": EVIDENCE_BYTES is 8)
        evidence = [] if rare else [memoryview(doc_clusters[j][2]).cast("Q").tolist() for j in group]
        for part in [group] if rare else _linked(group, evidence):
            index = len(merged)
            merged.append({})
            documents.append(sorted({doc_clusters[j][0] for j in part}))
            for j in part:
                checksum, names, _, _ = doc_clusters[j]
                for written, count in names.items():
                    merged[index][written] = merged[index].get(written, 0) + count
                    refs[(checksum, written)] = index
    people = _entities(merged, preferred_person_label, "person", ties=documents)
    person_refs = {key: people[i].slug for key, i in refs.items()}
    orgs, org_refs = _resolve_orgs(extractions)
    return Resolved(extractions, {e.slug: e for e in people}, orgs, person_refs, org_refs)


def _in_few_documents(doc_clusters: list, group: list[int]) -> bool:
    """Whether the people at ``group`` come from at most ``RARE_NAME_DOCUMENTS`` documents
    (a common name's group has thousands: the count stops past the bound)."""
    if len(group) <= RARE_NAME_DOCUMENTS:
        return True
    seen: set[str] = set()
    for j in group:
        seen.add(doc_clusters[j][0])
        if len(seen) > RARE_NAME_DOCUMENTS:
            return False
    return True


def resolution_slice(resolved: Resolved, extraction: Extraction | PackedExtraction) -> Resolved:
    """The part of ``resolved`` one document's graph needs: its names' identities only."""
    checksum = extraction.document.checksum
    person_refs = {(checksum, w): resolved.person_refs[(checksum, w)] for w in person_mentions(extraction)}
    org_refs = {w: resolved.org_refs[w] for w in org_mentions(extraction)}
    return Resolved([extraction], {slug: resolved.people[slug] for slug in person_refs.values()},
                    {slug: resolved.orgs[slug] for slug in org_refs.values()}, person_refs, org_refs)


def _resolve_orgs(extractions: list[Extraction | PackedExtraction]) -> tuple[dict[str, Entity], dict[str, str]]:
    groups: dict[str, dict[str, int]] = {}
    for extraction in extractions:
        for written in org_mentions(extraction):
            names = groups.setdefault(org_key(written), {})
            names[written] = names.get(written, 0) + 1
    keys = sorted(groups)
    entities = _entities([groups[k] for k in keys], preferred_org_label, "organization")
    refs = {written: entity.slug for entity in entities for written in entity.names}
    return {e.slug: e for e in entities}, refs


def _linked(items: list[int], evidence: list) -> list[list[int]]:
    """``items`` grouped into the sets connected by shared evidence (union-find): order-free."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict = {}
    for i, known in enumerate(evidence):
        a = root(i)  # i's root, kept current: only this loop joins i's set to others
        for token in known:
            j = first.setdefault(token, i)
            if j != i:
                b = root(j)
                if a != b:
                    parent[max(a, b)] = a = min(a, b)
    parts: dict[int, list[int]] = {}
    for i, item in enumerate(items):
        parts.setdefault(root(i), []).append(item)
    return list(parts.values())


def _entities(groups: list[dict[str, int]], choose, kind: str, ties: list | None = None) -> list[Entity]:
    """Entities with unique, readable slugs, assigned in a deterministic order (``ties``:
    a sort key per group for groups with the same names, such as their documents).

    Of several entities with the same slug, the one in most documents keeps it (then the
    first by names and documents); each other one gets a suffix made from itself alone
    (its label, names and first document), not a number: a rebuild that adds or edits one
    CV then renames no stranger who shares a name, and a prolific person keeps one IRI."""
    ties = ties or [()] * len(groups)
    labels = [choose(group) for group in groups]
    order = sorted(range(len(groups)), key=lambda i: (labels[i], -len(ties[i]), sorted(groups[i]), ties[i]))
    taken: set[str] = set()
    out: list[Entity | None] = [None] * len(groups)
    for i in order:
        label = labels[i]
        base = slugify(parsed_display(label) if kind == "person" else label) or _hashed(kind, label)
        slug, n = base, 2
        if slug in taken:
            own = "\0".join([label, *sorted(groups[i]), *ties[i][:1]])
            slug = base = f"{base}-{hashlib.sha256(own.encode('utf-8')).hexdigest()[:6]}"
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
    if text.isascii():  # most names: nothing to decompose, and casefold is lower
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _NOT_SLUG.sub("-", text).strip("-")[:80]


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
