"""The one text fold kg compares names with: the scorer's (case, accents, punctuation, spaces)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i",
                               "’": "'", "‘": "'", "ʼ": "'"})


@lru_cache(maxsize=65536)  # names are compared many times over; folding is pure
def fold(text: str) -> str:
    """Case- and accent-fold, punctuation to spaces, spaces collapsed (the scorer's fold).

    >>> fold("Zoë-Ärna  O’Tierney")
    'zoe arna o tierney'
    """
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())
