"""Organizations: one key per organization across case, punctuation, "The", corporate
suffixes and the aliases kept in ``ontology/org_aliases.tsv``."""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from kg.folding import fold as fold_name

_SUFFIXES = {"inc", "incorporated", "corp", "corporation", "llc", "ltd", "limited", "co", "gmbh",
             "plc", "ag", "sa", "srl", "bv", "pvt", "pty", "lp", "llp"}
def fold(text: str) -> str:
    """The scorer's fold (case, accents, punctuation, spaces), with "&" read as "and".

    >>> fold("Université  de Montréal & Co!")
    'universite de montreal and co'
    """
    return fold_name(text.replace("&", " and "))


def base_key(name: str) -> str:
    """The name without case, accents, punctuation, a leading "the" or corporate suffixes.

    >>> base_key("The Tesla, Inc."), base_key("ALTERA Corporation")
    ('tesla', 'altera')
    """
    tokens = fold(name).split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens = tokens[:-1]
    return " ".join(tokens)


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Alias key -> canonical key, from ``org_aliases.tsv`` in the ontology folder."""
    text = files("kg.ontology").joinpath("org_aliases.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for row in text.splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        names = [n.strip() for n in row.split("\t") if n.strip()]
        canonical = base_key(names[0])
        for name in names:
            table.setdefault(base_key(name), canonical)
    return table


def org_key(name: str) -> str:
    """One key for every spelling of an organization.

    >>> org_key("UT Austin") == org_key("The University of Texas at Austin")
    True
    """
    key = base_key(name)
    return aliases().get(key, key)


def preferred_org_label(names: dict[str, int]) -> str:
    """The label among written forms: the most complete (most words, then longest), then the
    most used, then alphabetical; "Massachusetts Institute of Technology" over "MIT".

    >>> preferred_org_label({"MIT": 5, "Massachusetts Institute of Technology": 2})
    'Massachusetts Institute of Technology'
    """
    return sorted(names.items(), key=lambda kv: (-len(kv[0].split()), -len(kv[0]), -kv[1], kv[0]))[0][0]
