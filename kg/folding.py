"""The one text fold kg compares names with: the scorer's (case, accents, punctuation, spaces)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i",
                               "’": "'", "‘": "'", "ʼ": "'"})
_PUNCTUATION = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=1 << 18)  # resolution folds the same names many times
def fold(text: str) -> str:
    """Case- and accent-fold, punctuation to spaces, spaces collapsed (the scorer's fold).

    >>> fold("Zoë-Ärna  O’Tierney")
    'zoe arna o tierney'
    """
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).split())
