"""A per-process cache of a pure function over tokens, bounded so that endless OCR noise cannot grow it.

Used where every word of every page is looked up (spelling, repair verdicts, search terms): most
tokens repeat, so the hit path matters. A hit is a plain dict lookup; `map(cache.__getitem__, keys)`
keeps it in C.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(dict[K, V]):
    """A dict that fills itself through `compute` on a miss and starts afresh when it holds `limit` keys."""

    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.compute(key)
        return value
