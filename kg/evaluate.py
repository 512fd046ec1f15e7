"""Score facts against gold files: per-relation precision, recall and F1, and per document
what was missed and what was spurious.

Gold files are the annotation format of the shared guidelines: ``NAME.gold.tsv``, a
``subject / relation / object`` header, one fact a line, ``#`` comments, alternatives for one
object separated by `` | ``; the subject of the first fact is the CV's owner. Matching
follows the same rules as the reference scorer:

- facts count for a gold document when their subject is its owner (for ``coauthored_with``
  either side may be the owner); one predicted object per folded name;
- organizations match after case, accent and punctuation folding, a leading "the" and
  corporate suffixes dropped; people match when surnames agree and given names are
  compatible (an initial matches a name that starts with it);
- objects are paired one to one, exact keys first, then compatible names.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kg.errors import KGError
from kg.folding import fold as _fold

RELATIONS = ("worked_at", "studied_at", "coauthored_with", "advised_by")
PERSON_RELATIONS = frozenset({"coauthored_with", "advised_by"})
_ORG_SUFFIXES = frozenset({"inc", "incorporated", "corp", "corporation", "llc", "ltd", "limited", "co", "gmbh",
                           "plc", "ag", "sa", "srl", "bv", "pvt", "pty"})
_HONORIFICS = frozenset({"prof", "professor", "dr", "mr", "ms", "mrs", "sir", "phd", "jr", "sr", "ii", "iii"})


def fold(text: str) -> str:
    """The scorer's fold: case, accents, punctuation; "&" reads "and".

    >>> fold("Texas A&M  University")
    'texas a and m university'
    """
    return _fold(text.replace("&", " and "))


def org_key(name: str) -> str:
    """
    >>> org_key("The Acme Widgets, Inc.")
    'acme widgets'
    """
    tokens = fold(name).split()
    if tokens[:1] == ["the"]:
        tokens = tokens[1:]
    while tokens and tokens[-1] in _ORG_SUFFIXES:
        tokens.pop()
    return " ".join(tokens)


def _person_tokens(name: str) -> list[str]:
    name = re.sub(r"[*†‡§¶#]+", " ", name)
    if name.count(",") == 1:
        last, first = name.split(",")
        if last.strip() and first.strip():
            name = f"{first} {last}"
    return [t for t in fold(name.replace("-", " ")).split() if t not in _HONORIFICS]


def _given_ok(a: str, b: str) -> bool:
    return a == b or ((len(a) == 1 or len(b) == 1) and a[0] == b[0])


def persons_match(a: str, b: str) -> bool:
    """Same surname, compatible given names.

    >>> persons_match("A. Gerstlauer", "Andreas Gerstlauer"), persons_match("S. Massengill", "T. Massengill")
    (True, False)
    >>> persons_match("B. Darvish Rouhani", "Bita Darvish Rouhani"), persons_match("Zhao, Zhuoran", "Zhuoran Zhao")
    (True, True)
    """
    ta, tb = _person_tokens(a), _person_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if ta[-1] != tb[-1] or len(ta[-1]) == 1:
        return False
    ga, gb = ta[:-1], tb[:-1]
    if not ga or not gb:
        return False
    while ga and gb and len(ga[-1]) > 1 and len(gb[-1]) > 1 and ga[-1] == gb[-1]:
        ga, gb = ga[:-1], gb[:-1]
    if not ga or not gb:
        return not ga and not gb
    return all(_given_ok(x, y) for x, y in zip(ga, gb))


def _objects_match(relation: str, predicted: str, alternatives: list[str]) -> bool:
    if relation in PERSON_RELATIONS:
        return any(persons_match(predicted, g) for g in alternatives)
    key = org_key(predicted)
    return bool(key) and any(key == org_key(g) for g in alternatives)


@dataclass
class GoldDocument:
    name: str
    owner: str
    facts: dict[str, list[list[str]]]  # relation -> objects, each a list of alternatives


def read_rows(text: str) -> list[list[str]]:
    """``subject / relation / object`` rows of a facts or gold TSV (header, comments, blanks skipped)."""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 3 or (cells[0].lower() == "subject" and cells[1].lower() == "relation"):
            continue
        rows.append(cells[:3])
    return rows


def load_gold(directory: str | Path) -> list[GoldDocument]:
    """The ``*.gold.tsv`` files of a folder; a one-line ``KGError`` when there are none."""
    directory = Path(directory)
    if not directory.is_dir():
        raise KGError(f"{directory}: no such gold folder")
    docs = []
    for path in sorted(directory.glob("*.gold.tsv")):
        try:
            rows = read_rows(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise KGError(f"{path}: cannot read gold file ({error})") from None
        if not rows:
            continue
        facts: dict[str, list[list[str]]] = defaultdict(list)
        for _, relation, obj in rows:
            if relation in RELATIONS:
                facts[relation].append([alt.strip() for alt in obj.split("|") if alt.strip()])
        docs.append(GoldDocument(path.name[: -len(".gold.tsv")], rows[0][0], dict(facts)))
    if not docs:
        raise KGError(f"{directory}: no NAME.gold.tsv files")
    return docs


@dataclass
class RelationScore:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "RelationScore") -> None:
        self.tp, self.predicted, self.gold = self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold


@dataclass
class DocumentScore:
    name: str
    owner: str
    relations: dict[str, RelationScore] = field(default_factory=dict)
    missed: dict[str, list[str]] = field(default_factory=dict)
    spurious: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Evaluation:
    """Totals per relation and micro over all, plus each document's misses."""

    relations: dict[str, RelationScore]
    documents: list[DocumentScore]
    failures: list[str] = field(default_factory=list)  # CVs the build could not read

    @property
    def micro(self) -> RelationScore:
        total = RelationScore()
        for score in self.relations.values():
            total.add(score)
        return total

    @property
    def macro_f1(self) -> float:
        scored = [s.f1 for s in self.relations.values() if s.gold]
        return sum(scored) / len(scored) if scored else 0.0

    def as_dict(self) -> dict:
        def one(s: RelationScore) -> dict:
            return {"precision": s.precision, "recall": s.recall, "f1": s.f1, "gold": s.gold, "predicted": s.predicted}

        return {**{r: one(s) for r, s in self.relations.items()}, "micro": one(self.micro), "macro_f1": self.macro_f1,
                "documents": [{"name": d.name, "owner": d.owner, "missed": d.missed, "spurious": d.spurious}
                              for d in self.documents]}

    def report(self, per_doc: bool = True) -> str:
        """A plain-text report: each document's misses, then the table."""
        lines = []
        if per_doc:
            for doc in self.documents:
                lines.append(f"{doc.name} ({doc.owner})")
                for relation, score in doc.relations.items():
                    if score.gold or score.predicted:
                        lines.append(f"  {relation} {score.tp}/{score.gold} gold, {score.predicted} predicted")
                    if doc.missed.get(relation):
                        lines.append(f"    missed:   {' ; '.join(doc.missed[relation])}")
                    if doc.spurious.get(relation):
                        lines.append(f"    spurious: {' ; '.join(doc.spurious[relation])}")
        lines.append(f"{'relation':<16} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
        for relation, s in [*self.relations.items(), ("micro", self.micro)]:
            lines.append(f"{relation:<16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:6d} {s.predicted:6d}")
        lines.append(f"macro F1 {self.macro_f1:.3f} over {len(self.documents)} documents")
        return "\n".join(lines)


def _surname_index(rows: list[list[str]]) -> dict[str, list[int]]:
    """Row numbers by the surname and initial of their subject (and of a co-author object):
    the only rows ``persons_match`` can pair with an owner of that surname and initial."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, (subject, relation, obj) in enumerate(rows):
        keys = {_surname(subject)} | ({_surname(obj)} if relation == "coauthored_with" else set())
        for key in keys - {""}:
            index[key].append(i)
    return index


def _surname(name: str) -> str:
    """Surname and first given initial: ``persons_match`` pairs no names that differ in them."""
    tokens = _person_tokens(name)
    return f"{tokens[-1]} {tokens[0][0] if len(tokens) > 1 else ''}" if tokens else ""


def _predicted_for(owner: str, rows: Iterable[list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    seen = set()
    for subject, relation, obj in rows:
        if relation not in RELATIONS:
            continue
        if persons_match(subject, owner):
            other = obj
        elif relation == "coauthored_with" and persons_match(obj, owner):
            other = subject
        else:
            continue
        if (relation, fold(other)) not in seen:
            seen.add((relation, fold(other)))
            out[relation].append(other)
    return out


def _match(relation: str, predicted: list[str], gold: list[list[str]]) -> tuple[int, list[str], list[str]]:
    open_gold, open_pred = list(range(len(gold))), list(range(len(predicted)))
    tp = 0
    exact = fold if relation in PERSON_RELATIONS else org_key
    for strict in (True, False):
        for gi in list(open_gold):
            for pi in open_pred:
                p = predicted[pi]
                ok = any(exact(p) == exact(g) for g in gold[gi]) if strict else _objects_match(relation, p, gold[gi])
                if ok:
                    tp += 1
                    open_gold.remove(gi)
                    open_pred.remove(pi)
                    break
    return tp, [gold[i][0] for i in open_gold], [predicted[i] for i in open_pred]


def score_facts(rows: Iterable[list[str]], gold: list[GoldDocument]) -> Evaluation:
    """Score ``subject / relation / object`` rows against gold documents.

    >>> gold = [GoldDocument("cv", "Ada Okafor", {"worked_at": [["MIT", "Massachusetts Institute of Technology"]],
    ...                                           "coauthored_with": [["Jiwoo Park"]]})]
    >>> result = score_facts([["Ada Okafor", "worked_at", "MIT"], ["J. Park", "coauthored_with", "A. Okafor"],
    ...                       ["Ada Okafor", "worked_at", "Acme"]], gold)
    >>> round(result.relations["worked_at"].f1, 3), result.relations["coauthored_with"].f1, result.documents[0].spurious
    (0.667, 1.0, {'worked_at': ['Acme']})
    """
    rows = list(rows)
    index = _surname_index(rows)  # a corpus of N CVs: N owners against N-fold rows, not N x rows
    totals = {r: RelationScore() for r in RELATIONS}
    documents = []
    for doc in gold:
        mine = _predicted_for(doc.owner, [rows[i] for i in index.get(_surname(doc.owner), ())])
        result = DocumentScore(doc.name, doc.owner)
        for relation in RELATIONS:
            expected, predicted = doc.facts.get(relation, []), mine.get(relation, [])
            tp, missed, spurious = _match(relation, predicted, expected)
            score = RelationScore(tp, len(predicted), len(expected))
            result.relations[relation] = score
            totals[relation].add(score)
            if missed:
                result.missed[relation] = missed
            if spurious:
                result.spurious[relation] = spurious
        documents.append(result)
    return Evaluation(totals, documents)


def evaluate(paths: Iterable[str | Path], gold_dir: str | Path, **build_options) -> Evaluation:
    """Build the CVs at ``paths`` and score the facts of the graph against ``gold_dir``."""
    import kg

    gold = load_gold(gold_dir)
    result = kg.build(paths, **build_options)
    evaluation = score_facts(read_rows(kg.facts(result.graph)), gold)
    evaluation.failures = [str(failure) for failure in result.failures]
    return evaluation
