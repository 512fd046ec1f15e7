"""Seeded randomness for kg.synth: Zipf-weighted picks and a fast hash for per-item draws.

Everything random in a corpus comes from ``random.Random`` objects seeded from the corpus
seed, or from ``mix`` of the seed and an item's number, so the same seed gives the same bytes.

>>> zipf_weights(3, 1.0)
[1.0, 1.5, 1.8333333333333333]
>>> mix(0, 1) == mix(0, 1) != mix(0, 2)
True
"""
from __future__ import annotations

import bisect
import itertools
import random
from typing import Sequence, TypeVar

T = TypeVar("T")
_MASK = (1 << 64) - 1

__all__ = ["Picker", "mix", "nth", "zipf_weights"]


def zipf_weights(n: int, exponent: float) -> list[float]:
    """Cumulative weights 1/rank**exponent for ``random.choices(..., cum_weights=...)``."""
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, n + 1)))


class Picker:
    """Items with cumulative weights: ``pick(rng)`` draws one (Zipf by rank unless weights given)."""

    __slots__ = ("items", "cum")

    def __init__(self, items: Sequence[T], exponent: float = 1.0, weights: Sequence[float] | None = None):
        self.items = list(items)
        self.cum = (list(itertools.accumulate(weights)) if weights is not None
                    else zipf_weights(len(self.items), exponent))

    def __len__(self) -> int:
        return len(self.items)

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1], 0, len(self.cum) - 1)]


def mix(*numbers: int) -> int:
    """A 64-bit hash of integers (splitmix64 steps): cheap, well spread, stable across runs."""
    state = 0x9E3779B97F4A7C15
    for number in numbers:
        state = (state ^ (number & _MASK)) * 0xBF58476D1CE4E5B9 & _MASK
        state = (state ^ (state >> 31)) * 0x94D049BB133111EB & _MASK
        state ^= state >> 29
    return state


def nth(items: Sequence[T], h: int, slot: int) -> T:
    """The item picked by bits ``slot`` of the hash ``h`` (independent enough for a few slots)."""
    return items[mix(h, slot) % len(items)]
