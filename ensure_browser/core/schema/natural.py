"""Natural sort: ``chunk_2`` before ``chunk_10``, text without regard to case. No Qt here."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["NaturalKey", "natural_key"]

_DIGITS = re.compile(r"(\d+)")
_NaturalPart = tuple[int, int, str]
NaturalKey = tuple[tuple[_NaturalPart, ...], str]


def natural_key(name: str) -> NaturalKey:
    """A sort key ordering digit runs by number (``chunk_2`` before ``chunk_10``), text without
    regard to case, ties broken by the exact name. Keys of any two names compare; never raises."""
    parts: list[_NaturalPart] = []
    for i, piece in enumerate(_DIGITS.split(name)):
        if not piece:
            continue
        if i % 2:  # a run of decimal digits, possibly non-ASCII ones: compare by length, then digits
            digits = "".join(str(unicodedata.decimal(ch, 0)) for ch in piece).lstrip("0")
            parts.append((0, len(digits), digits))
        else:
            parts.append((1, 0, piece.casefold()))
    return tuple(parts), name
