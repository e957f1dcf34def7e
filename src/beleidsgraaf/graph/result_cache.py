"""A small cache of query answers per store version, so that repeated queries skip the engine.

Dashboards, the network view and entity pages send the same queries again and again. An answer is kept under
the store version (build id plus the number of writes through the engine) and the exact request (query text,
format, dataset, base IRI, row limit and bound values), so a write or a new build makes every earlier entry
unreachable: the cache can never return an answer the store would not give now. Only complete answers up to
:attr:`ResultCache.max_entry_bytes` are kept (streamed answers never), evicted least recently used first when
the total passes the budget (``BELEIDSGRAAF_RESULT_CACHE_MB``; 0 turns the cache off).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from beleidsgraaf.graph.engine import QueryAnswer


def answer_size(answer: QueryAnswer) -> int:
    """Approximate bytes an answer holds (its body, or about 200 bytes per row)."""
    return len(answer.body) + 200 * len(answer.rows) + 200


class ResultCache:
    """A thread-safe LRU cache of :class:`QueryAnswer` objects with a byte budget; answers must not be mutated."""

    def __init__(self, budget_bytes: int, *, max_entry_bytes: int = 1024 * 1024) -> None:
        self.budget = budget_bytes
        self.max_entry_bytes = max_entry_bytes
        self.hits = 0
        self.misses = 0
        self._size = 0
        self._entries: OrderedDict[Hashable, tuple[QueryAnswer, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version: str, request: Hashable) -> QueryAnswer | None:
        """The cached answer to ``request`` on store ``version``, or None."""
        if self.budget <= 0:
            return None
        key = (version, request)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[0]

    def put(self, version: str, request: Hashable, answer: QueryAnswer) -> None:
        """Keep a complete answer (streamed or too large answers are not kept)."""
        size = answer_size(answer)
        if self.budget <= 0 or answer.streamed or size > min(self.max_entry_bytes, self.budget):
            return
        key = (version, request)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._entries[key] = (answer, size)
            self._size += size
            while self._size > self.budget and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._size -= dropped

    def __len__(self) -> int:
        return len(self._entries)
