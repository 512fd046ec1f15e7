"""Memoising the extractors' pure functions of short strings.

Extraction asks the same small questions many times: what kind of segment "Senior
Engineer" is, whether "Toronto, ON" is a place, which dates a line holds, whether a name
looks like a person's. Within one CV (publications are read twice, every segment is tried
as a title, an organization and a place) and across a corpus (headings, employers, places
and co-authors repeat) the answers are the same, so they are kept.

``text_cache`` keeps answers for a first argument up to ``longest`` characters only: a
runaway line is computed as before and never held in memory (any other arguments must be
small: flags, kinds, bold ranges). Use it only on functions whose answer depends on their
arguments alone and is immutable (str, bool, int, None, tuples of frozen records); a
function that returns a list keeps a tuple and hands out a fresh list.

>>> @text_cache(maxsize=8)
... def shout(text: str) -> str:
...     return text.upper()
>>> shout("ab"), shout("ab"), shout.cache_info().hits
('AB', 'AB', 1)
"""
from __future__ import annotations

import inspect
from functools import lru_cache, wraps
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)

#: Arguments longer than this are not kept (lines of entries are shorter; runaway lines are not).
LONGEST = 400


def text_cache(maxsize: int = 1 << 14, longest: int = LONGEST) -> Callable[[F], F]:
    """``functools.lru_cache`` for a pure function whose first argument is a string, kept
    only when that string is at most ``longest`` characters long."""

    def decorate(function: F) -> F:
        cached = lru_cache(maxsize=maxsize)(function)

        code = function.__code__
        if code.co_argcount == 1 and not code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
            @wraps(function)
            def call(text):  # one argument: no packing of *args and **kwargs on every call
                if type(text) is str and len(text) <= longest:
                    return cached(text)
                return function(text)
        else:
            @wraps(function)
            def call(text, *args, **kwargs):
                if type(text) is str and len(text) <= longest:
                    return cached(text, *args, **kwargs)
                return function(text, *args, **kwargs)

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate
