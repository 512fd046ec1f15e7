"""People's names in kg.synth: drawing them from a culture, and the forms CVs write them in.

>>> given, surname = ("Hye-jin",), "Kang"
>>> initials(given), full(given, surname), inverted(given, surname)
('H.-J.', 'Hye-jin Kang', 'Kang, H.-J.')
>>> full(("Lizy", "Kurian"), "John"), short(("Lizy", "Kurian"), "John", compact=True)
('Lizy K. John', 'L.K. John')
"""
from __future__ import annotations

import functools
import random

from kg.folding import fold
from kg.synth.data import Culture
from kg.synth.rand import Picker

__all__ = ["NameDrawer", "full", "initials", "inverted", "key", "short"]


class NameDrawer:
    """Draws (given names, surname) from a culture's Zipf-weighted lists."""

    def __init__(self, culture: Culture):
        self.culture = culture
        self.given = Picker(culture.given, culture.zipf)
        self.surname = Picker(culture.surname, culture.zipf)
        self.syllables = Picker(culture.syllables, 0.6) if culture.syllables else None

    def first(self, rng: random.Random) -> str:
        c = self.culture
        if self.syllables and rng.random() < c.compound:
            a, b = self.syllables.pick(rng), self.syllables.pick(rng)
            if a == b:
                return self.given.pick(rng)
            if rng.random() < c.hyphen:
                return f"{a.capitalize()}-{b}"
            return (a + b).capitalize()
        return self.given.pick(rng)

    def draw(self, rng: random.Random) -> tuple[tuple[str, ...], str]:
        c = self.culture
        first = self.first(rng)
        given = (first,)
        if c.middle and rng.random() < c.middle:
            middle = self.given.pick(rng)
            if middle != first:
                given = (first, middle)
        surname = self.surname.pick(rng)
        if c.double and rng.random() < c.double:
            second = self.surname.pick(rng)
            if second != surname:
                surname = f"{surname} {second}"
        return given, surname


def _initial(name: str) -> str:
    return "-".join(part[0].upper() + "." for part in name.split("-") if part)


def initials(given: tuple[str, ...], compact: bool = False) -> str:
    """``H.-J.`` for Hye-jin, ``L. K.`` (``L.K.`` compact) for Lizy Kurian."""
    return ("" if compact else " ").join(_initial(name) for name in given)


def full(given: tuple[str, ...], surname: str, middle: str = "initial") -> str:
    """The full form: first name, middle names as initials (or ``middle="full"``/``"none"``), surname."""
    first, rest = given[0], given[1:]
    if middle == "full":
        parts = [first, *rest]
    elif middle == "none" or not rest:
        parts = [first]
    else:
        parts = [first, initials(rest)]
    return " ".join([*parts, surname])


def short(given: tuple[str, ...], surname: str, compact: bool = False) -> str:
    """``H.-J. Kang``: initials then surname."""
    return f"{initials(given, compact)} {surname}"


def inverted(given: tuple[str, ...], surname: str, compact: bool = False) -> str:
    """``Kang, H.-J.``: surname, comma, initials."""
    return f"{surname}, {initials(given, compact)}"


def key(given: tuple[str, ...], surname: str, whole_first: bool = False) -> tuple[str, str]:
    """What makes two names look like one person: first initial (or first name) and surname, folded."""
    first = _fold(given[0])
    return (first if whole_first else first[:1]), _fold(surname)


_fold = functools.lru_cache(maxsize=65536)(fold)
