"""The knowledge kg.synth draws its worlds from: names, places, organizations and fields.

The lists live in ``kg/data/synth_*.tsv`` (written for kg, shipped with the package, never
downloaded); this module only parses them, once per process.

>>> names = cultures()
>>> names["zh"].surname[0], places()[0].city
('Wang', 'Boston')
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files

__all__ = ["Culture", "Field", "OrgSeed", "Pattern", "Place", "cultures", "fields", "org_data", "places"]


@dataclass(frozen=True)
class Culture:
    """Names of one culture and how they are drawn."""

    key: str
    weight: float
    zipf: float
    middle: float
    double: float
    compound: float
    hyphen: float
    given: tuple[str, ...]
    surname: tuple[str, ...]
    syllables: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    city: str
    region: str
    country: str
    culture: str
    weight: float
    local: str = ""  # the city's own name ("Milano"), if it differs

    @property
    def written(self) -> str:
        """``Boston, MA`` in North America and Australia, ``Berlin, Germany`` elsewhere."""
        return f"{self.city}, {self.region}" if self.region else f"{self.city}, {self.country}"


@dataclass(frozen=True)
class OrgSeed:
    """A real organization: kind, name, acronym ('' if none), city, fields ('*' = any)."""

    kind: str
    name: str
    acronym: str
    city: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Pattern:
    kind: str
    culture: str
    template: str


@dataclass(frozen=True)
class Field:
    """One research field: ``values[key]`` are the ``; ``-separated cells of synth_fields.tsv."""

    key: str
    values: dict

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self.values.get(key, ())

    def number(self, key: str) -> float:
        return float(self.values[key][0])

    @property
    def kinds(self) -> dict[str, float]:
        pairs = (cell.rsplit(" ", 1) for cell in self["kinds"])
        return {kind: float(weight) for kind, weight in pairs}


def _rows(name: str):
    text = files("kg").joinpath(f"data/{name}").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _split(cell: str, sep: str = ",") -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(sep) if part.strip())


@functools.lru_cache(maxsize=None)
def cultures() -> dict[str, Culture]:
    """Name cultures by key (``en``, ``zh``, ``in`` ...), in file order."""
    raw: dict[str, dict[str, str]] = {}
    for key, field, value in _rows("synth_names.tsv"):
        raw.setdefault(key, {})[field] = value
    out = {}
    for key, v in raw.items():
        out[key] = Culture(key, float(v["weight"]), float(v["zipf"]), float(v.get("middle", 0)),
                           float(v.get("double", 0)), float(v.get("compound", 0)), float(v.get("hyphen", 0)),
                           _split(v["given"]), _split(v["surname"]), _split(v.get("syllables", "")))
    return out


@functools.lru_cache(maxsize=None)
def places() -> tuple[Place, ...]:
    return tuple(Place(row[0], row[1], row[2], row[3], float(row[4]), row[5] if len(row) > 5 else "")
                 for row in _rows("synth_places.tsv"))


@functools.lru_cache(maxsize=None)
def org_data() -> tuple[tuple[OrgSeed, ...], tuple[Pattern, ...], dict[str, tuple[str, ...]]]:
    """Real organizations, name patterns, and word lists (``brand``, ``industry``, ``suffix-USA`` ...)."""
    seeds, patterns, words = [], [], {}
    for row in _rows("synth_orgs.tsv"):
        if row[0] == "real":
            _, kind, name, acronym, city, fields_ = row
            seeds.append(OrgSeed(kind, name, "" if acronym == "-" else acronym, city,
                                 () if fields_ == "*" else _split(fields_)))
        elif row[0] == "pattern":
            patterns.append(Pattern(row[1], row[2], row[3]))
        elif row[0] == "word":
            words[row[1]] = _split(row[2])
    return tuple(seeds), tuple(patterns), words


@functools.lru_cache(maxsize=None)
def fields() -> dict[str, Field]:
    """Fields by key; ``fields()["*"]`` holds what all fields share (title templates, academic titles)."""
    raw: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, name, value in _rows("synth_fields.tsv"):
        raw.setdefault(key, {})[name] = _split(value, ";")
    return {key: Field(key, values) for key, values in raw.items()}
