"""Keeping loaded rows out of the garbage collector's full passes.

CPython's full (generation 2) collection walks every object the collector tracks, on whichever thread
happens to allocate, holding the GIL. A level of 100,000 rows adds a few hundred thousand tracked
objects, and while it loads the collector runs a dozen full passes over them, the longest 130-400 ms:
the window stalls, whether the pass runs on the GUI thread or in the listing worker.

``gc.freeze()`` moves every tracked object into the permanent generation, which the collector skips;
it costs the same for any heap (it links two lists). The tree model calls :func:`grew` for the rows it
inserts, which freezes after every :data:`FREEZE_EVERY` rows, and :func:`settle` once a level has
loaded.

Frozen objects are still freed by reference counting, but cyclic garbage frozen with them is not
collected until ``gc.unfreeze()``. So the model cuts the parent links of the rows it drops (nodes
then form no cycles and are freed at once), and calls :func:`dropped` for them, which unfreezes the
heap: the next full collection deals with whatever garbage was frozen, and freezing resumes after it.
"""

from __future__ import annotations

import gc
import logging
from typing import Any

log = logging.getLogger(__name__)

FREEZE_EVERY = 5_000  # rows inserted between two freezes while levels load
SETTLE_MIN = 1_000  # rows a finished level must have added for a freeze of its own
THAW_MIN = 1_000  # rows a drop must remove to unfreeze the heap


class _Heap:
    def __init__(self) -> None:
        self.grown = 0  # rows inserted since the last freeze
        self.frozen = False  # this module froze something since the last unfreeze
        self.thawed = False  # unfrozen, and no full collection has run since
        self.freezes = 0
        self.thaws = 0

    def freeze(self) -> None:
        if self.thawed:
            return  # what was frozen before is still waiting for its full collection
        gc.collect(1)  # young cyclic garbage is collected, not frozen (a millisecond or two)
        gc.freeze()
        self.grown = 0
        self.frozen = True
        self.freezes += 1

    def on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info.get("generation") == 2:
            self.thawed = False


_heap = _Heap()
gc.callbacks.append(_heap.on_gc)


def grew(rows: int) -> None:
    """``rows`` rows were inserted: freeze once :data:`FREEZE_EVERY` rows have come in."""
    _heap.grown += rows
    if _heap.grown >= FREEZE_EVERY:
        _heap.freeze()


def settle() -> None:
    """A level finished loading: freeze its rows too when it added enough of them."""
    if _heap.grown >= SETTLE_MIN:
        _heap.freeze()


def dropped(rows: int) -> None:
    """``rows`` rows (possibly frozen) were removed: unfreeze, so cyclic garbage frozen with them
    is collected by the next full pass; freezing resumes once that pass has run."""
    if rows < THAW_MIN or not _heap.frozen:
        return
    gc.unfreeze()
    _heap.frozen = False
    _heap.thawed = True
    _heap.thaws += 1
    log.debug("unfroze the heap after dropping %d rows", rows)


def stats() -> dict[str, int]:
    """Freezes and unfreezes so far, and rows inserted since the last freeze (for tests and logs)."""
    return {"freezes": _heap.freezes, "thaws": _heap.thaws, "grown": _heap.grown}
