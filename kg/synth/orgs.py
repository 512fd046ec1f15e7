"""Organizations of a synthetic world: real ones from the data file plus generated ones.

Universities, companies, labs, hospitals and agencies get Zipf-like popularity, so a few
employers appear on many CVs and most on few. ``Orgs.pick(rng, field, kind)`` draws one.
"""
from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from kg.folding import fold
from kg.synth.data import Place, cultures, fields, org_data, places
from kg.synth.rand import Picker

__all__ = ["KINDS", "Org", "Orgs"]

KINDS = ("university", "company", "lab", "hospital", "agency")
_HOSPITAL_FIELDS = ("medicine", "neuro", "publichealth")
_NATIVE_WORDS = ("Universit", "Hochschule", "École", "Institut National", "Politecnico", "Universidad")
_SMALL_WORDS = {"of", "for", "and", "the", "de", "des", "di", "degli", "studi", "&"}


@dataclass(slots=True)
class Org:
    id: int
    kind: str
    name: str
    acronym: str
    place: Place
    fields: tuple[str, ...]  # empty: any field
    suffix: str  # corporate suffix a CV may add ("Inc."), or ""


def _count(kind: str, n: int) -> int:
    """How many organizations of a kind to generate for a corpus of ``n`` CVs."""
    per = {"university": 40, "company": 20, "lab": 150, "hospital": 150, "agency": 250}[kind]
    return 12 + n // per


class Orgs:
    """All organizations of a world, and per (field, kind) popularity-weighted pickers."""

    def __init__(self, rng: random.Random, n_cvs: int):
        self.all: list[Org] = []
        self._names: set[str] = set()
        self._city = {place.city: place for place in places()}
        self._places = Picker(places(), weights=[p.weight for p in places()])
        seeds, patterns, words = org_data()
        self._words = words
        for seed in seeds:
            self._add(seed.kind, seed.name, seed.acronym, self._city[seed.city], seed.fields, real=True)
        for kind in KINDS:
            mine = [p for p in patterns if p.kind == kind]
            for _ in range(_count(kind, n_cvs)):
                self._generate(rng, kind, mine)
        self._pickers = self._popularity(rng)

    def _add(self, kind, name, acronym, place, fields_, real=False, suffix=""):
        key = fold(name)
        if key in self._names:
            return
        self._names.add(key)
        self.all.append(Org(len(self.all), kind, name, acronym, place, tuple(fields_), suffix))

    def _generate(self, rng: random.Random, kind: str, patterns) -> None:
        for _ in range(8):  # a few tries for a name not taken yet
            place = self._places.pick(rng)
            local = [p for p in patterns if p.culture in (place.culture, "*")]
            if not local:
                local = [p for p in patterns if p.culture == "en"]
            field = self._field_for(rng, kind)
            name = self._fill(rng, rng.choice(local).template, place, field)
            if fold(name) not in self._names:
                break
        else:
            return
        acronym = _acronym(name) if kind != "company" and rng.random() < 0.25 else ""
        suffixes = self._words.get(f"suffix-{place.country}", ())
        suffix = rng.choice(suffixes) if kind == "company" and suffixes else ""
        owned = () if kind == "university" else _HOSPITAL_FIELDS if kind == "hospital" else (field,)
        if kind == "company" and rng.random() < 0.5:
            owned = tuple(sorted({field, self._field_for(rng, kind)}))
        self._add(kind, name, acronym, place, owned, suffix=suffix)

    def _field_for(self, rng: random.Random, kind: str) -> str:
        keys, weights = _kind_fields(kind)
        return rng.choices(keys, weights=weights)[0]

    def _fill(self, rng: random.Random, template: str, place: Place, field: str) -> str:
        culture = cultures()[place.culture]
        words = self._words
        native = place.local and "University" not in template and any(w in template for w in _NATIVE_WORDS)
        values = {
            "city": place.local if native else place.city,
            "surname": rng.choice(culture.surname[:30]),
            "surname2": rng.choice(culture.surname[:30]),
            "brand": rng.choice(words["brand"]),
            "industry": rng.choice(words["industry"]),
            "industrytail": rng.choice(words["industrytail"]),
            "saint": rng.choice(words["saint"]),
            "subject": rng.choice(fields()[field]["subject"]),
        }
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)

    def _popularity(self, rng: random.Random) -> dict[tuple[str, str], Picker]:
        """Zipf popularity within each kind; real organizations tend to rank higher."""
        ranked = sorted(self.all, key=lambda org: (rng.random() * (0.35 if org.id < len(org_data()[0]) else 1.0)))
        pickers = {}
        for field in fields():
            if field == "*":
                continue
            for kind in KINDS:
                orgs = [org for org in ranked if org.kind == kind and (not org.fields or field in org.fields)]
                if orgs:
                    pickers[field, kind] = Picker(orgs, 0.85)
        return pickers

    def pick(self, rng: random.Random, field: str, kind: str) -> Org:
        """A popularity-weighted organization of ``kind`` that employs people of ``field``."""
        picker = self._pickers.get((field, kind)) or self._pickers[field, "university"]
        return picker.pick(rng)

    def kinds_of(self, field: str) -> list[str]:
        return [kind for kind in KINDS if (field, kind) in self._pickers]


@functools.lru_cache(maxsize=None)
def _kind_fields(kind: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The fields that employ ``kind``, weighted by how many people they have and how often they do."""
    options = [(key, f.kinds.get(kind, 0.0) * f.number("weight")) for key, f in fields().items() if key != "*"]
    options = [(key, w) for key, w in options if w > 0] or [(k, 1.0) for k in fields() if k != "*"]
    return tuple(k for k, _ in options), tuple(w for _, w in options)


def _acronym(name: str) -> str:
    letters = [w[0] for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SMALL_WORDS and w[0].isupper()]
    return "".join(letters) if 3 <= len(letters) <= 6 else ""
