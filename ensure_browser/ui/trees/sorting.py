"""Sorting the contents table by any column (name, kind, size, modified), both ways.

The order lives in :class:`~ensure_browser.ui.trees.tree_model.LazyTreeModel` itself (one order per
model, i.e. per sidebar section): each loaded level keeps its children in the chosen order, so the
table stays a plain view over the model and a page of new rows still costs O(page) to insert.

Re-ordering a level never blocks the window: its sort keys and its order are worked out in a worker
(:func:`sorted_rows`, which also sorts in chunks and merges them, so no single C call holds the GIL
long), and the GUI thread only applies the permutation (``layoutChanged``, persistent indexes
moved). Folders come first in every order; names compare naturally (``chunk_2`` before
``chunk_10``), and break ties in the other columns. The default order (name, ascending) is the
source's own (:meth:`TreeSource.node_key`: a domain tree's sections and entities before objects).
"""

from __future__ import annotations

import heapq
import logging
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal

from ensure_browser.ui.trees.nodes import LoadState, Node, TreeSource, flat_natural_key
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)

NAME, KIND, SIZE, MODIFIED = range(4)
_CHUNK = 4096  # rows sorted by one C call (about 1 ms with the GIL held) before the chunks are merged
PARTIAL_EVERY = 0.5  # seconds between two re-sorts of a level that lists in another order than its own
_YIELD_EVERY = 256  # rows a sorting worker handles between two offers of the GIL to the GUI thread

NodeKey = Callable[[Node], str]
T = TypeVar("T")


class SortedModel(Protocol):
    """What :class:`LevelSorter` needs of its model (the lazy tree model)."""

    root: Node
    source: TreeSource
    sorter: LevelSorter

    def apply_order(self, node: Node, order: list[int] | None, ordered: list[Node] | None = None) -> None: ...


@dataclass(frozen=True)
class SortSpec:
    """A column and a direction."""

    column: int = NAME
    descending: bool = False

    @property
    def is_default(self) -> bool:
        return self.column == NAME and not self.descending

    def to_text(self) -> str:
        return f"{self.column}:{'desc' if self.descending else 'asc'}"

    @classmethod
    def from_text(cls, text: object) -> SortSpec:
        """The spec :meth:`to_text` wrote; the default for anything else."""
        column, _, way = str(text or "").partition(":")
        if column.isdigit() and int(column) in (NAME, KIND, SIZE, MODIFIED) and way in ("asc", "desc"):
            return cls(int(column), way == "desc")
        return cls()


DEFAULT_SORT = SortSpec()


def yielding(items: Iterable[T]) -> Iterator[T]:
    """``items``, offering the GIL to other threads every :data:`_YIELD_EVERY` of them.

    A busy Python thread keeps the GIL for up to the switch interval (5 ms) each time the GUI
    thread, which gives it up at every call into Qt, wants it back: a repaint would wait that long
    dozens of times. A worker that lets go often leaves the GUI thread's stalls short."""
    for i, item in enumerate(items):
        if not i % _YIELD_EVERY:
            time.sleep(0)
        yield item


def column_key(node: Node, column: int, default_key: NodeKey) -> str:
    """``node``'s sort key for ``column`` (any thread: reads the row only)."""
    if column == NAME:
        return default_key(node)
    name = flat_natural_key(node.label)
    if column == KIND:
        return (node.kind_label or node.kind).casefold() + "\x00" + name
    if column == SIZE:
        return f"{node.size or 0:020d}\x00{name}"
    modified = node.modified
    return (f"{modified.timestamp():020.6f}" if modified is not None else "") + "\x00" + name


def _sorted(rows: list[int], keys: Sequence[str], reverse: bool) -> list[int]:
    """``rows`` sorted (stable) by ``keys``, in chunks merged in Python (the GIL changes hands)."""
    if len(rows) <= _CHUNK:
        return sorted(rows, key=keys.__getitem__, reverse=reverse)
    chunks = []
    for i in range(0, len(rows), _CHUNK):
        chunks.append(sorted(rows[i:i + _CHUNK], key=keys.__getitem__, reverse=reverse))
        time.sleep(0)
    return list(yielding(heapq.merge(*chunks, key=keys.__getitem__, reverse=reverse)))


def sorted_rows(nodes: Sequence[Node], spec: SortSpec, default_key: NodeKey) -> list[int] | None:
    """The permutation putting ``nodes`` in ``spec``'s order (None: they are in it already).

    The default order is the source's key alone; the others put folders first, then objects."""
    keys = [column_key(n, spec.column, default_key) for n in yielding(nodes)]
    rows = list(range(len(nodes)))
    if spec.is_default:
        order = _sorted(rows, keys, False)
    else:
        folders = [i for i in rows if nodes[i].is_container]
        objects = [i for i in rows if not nodes[i].is_container] if folders else rows
        order = _sorted(folders, keys, spec.descending) + _sorted(objects, keys, spec.descending)
    return None if order == rows else order


class LevelSorter(QObject):
    """The order of one model's levels: re-sorts levels in a worker when it changes, and a level
    that is listing in another order than its own every :data:`PARTIAL_EVERY` seconds while its
    pages come in (each is inserted at the end in O(page); the re-sort takes it to its place)."""

    specChanged = Signal(object)  # SortSpec

    def __init__(self, model: SortedModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # weak: the model owns this object, and a cycle of Qt objects would be freed by the cycle
        # collector, on whichever thread it runs (a worker's, possibly)
        self._model: Callable[[], SortedModel | None] = weakref.ref(model)
        self.spec = DEFAULT_SORT
        self.running = 0  # sorts in the workers not applied yet (for tests and benchmarks)
        self._latest: dict[Node, object] = {}  # level -> its newest sort (older ones are dropped)
        self._partial: dict[Node, float] = {}  # listing level -> when its last re-sort started
        self._touched: set[Node] = set()  # listing levels re-ordered: no longer in arrival order

    def set_spec(self, spec: SortSpec) -> None:
        if spec == self.spec:
            return
        self.spec = spec
        self.specChanged.emit(spec)
        model = self._model()
        if model is None:
            return
        stack, levels = [model.root], []
        while stack:  # levels with at least two rows (containers only: a cheap walk)
            node = stack.pop()
            kids = node.children
            if len(kids) > 1 and node is not model.root and node.state is not LoadState.IDLE:
                levels.append(node)
            stack.extend(c for c in kids if c.is_container and c.children)
        for node in levels:
            self.sort_level(node)

    def grew(self, node: Node) -> None:
        """Rows were appended to ``node`` while it lists: re-sort it now and then, in a worker."""
        if self.spec.is_default or node in self._latest:
            return  # the listing's own order is the default one; or a re-sort is under way
        now = time.monotonic()
        if now - self._partial.get(node, 0.0) >= PARTIAL_EVERY:
            self._partial[node] = now
            self.sort_level(node)

    def listed(self, node: Node) -> bool:
        """``node`` has finished listing (or starts again): whether it was re-ordered meanwhile,
        i.e. must be sorted with :meth:`sort_level` rather than by its arrival order."""
        self._partial.pop(node, None)
        if node in self._touched:
            self._touched.discard(node)
            return True
        return False

    def forget(self, node: Node) -> None:
        """``node`` is dropped or listed again: what runs for it is dropped when it ends."""
        self._latest.pop(node, None)
        self.listed(node)

    def sort_level(self, node: Node) -> None:
        """Put ``node``'s rows in the current order (worker; applied unless the level was listed
        again or sorted again meanwhile; rows appended meanwhile stay after the sorted ones)."""
        kids, count, spec, model = node.children, len(node.children), self.spec, self._model()
        if count < 2 or model is None:
            return
        key = model.source.node_key
        token = self._latest[node] = object()

        def work(_ctx: TaskContext) -> tuple[list[int] | None, list[Node] | None]:
            rows = kids[:count]
            order = sorted_rows(rows, spec, key)
            if order is None:
                return None, None
            # the new list and the rows' new indexes are made here too: the GUI thread only swaps
            # the lists (a row whose index is asked meanwhile is looked up: Node.row checks its hint)
            ordered = [rows[i] for i in yielding(order)]
            for row, child in enumerate(yielding(ordered)):
                child.row_hint = row
            return order, ordered

        def on_done(result: tuple[list[int] | None, list[Node] | None]) -> None:
            self.running -= 1
            if self._latest.get(node) is not token:
                return  # a newer sort of the level, or the level was listed again or dropped
            del self._latest[node]
            order, ordered = result
            if node.children is not kids or spec != self.spec:
                return
            if ordered is not None and len(kids) > count:
                ordered += kids[count:]  # appended meanwhile: after the sorted rows, at their indexes
            if ordered is not None and node.state is LoadState.LOADING:
                self._touched.add(node)
            owner = self._model()
            if owner is not None:
                owner.apply_order(node, order, ordered)

        def on_failed(*_args: object) -> None:
            self.running -= 1
            if self._latest.get(node) is token:
                del self._latest[node]

        self.running += 1
        workers().run("misc", work, on_done=on_done, on_error=on_failed, on_cancelled=on_failed,
                      owner=self, name=f"sort {node.path or node.label}")


def remember_sort(model: SortedModel, settings: QSettings, key: str) -> None:
    """Restore the order of ``model``'s section from ``settings`` and save it there on change."""
    sorter: LevelSorter = model.sorter
    sorter.set_spec(SortSpec.from_text(settings.value(key, "")))
    sorter.specChanged.connect(lambda spec: settings.setValue(key, spec.to_text()))
