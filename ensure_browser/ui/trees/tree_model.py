"""A lazy tree model over listings that run in worker threads.

Each node knows how to load its children through a :class:`ChildLoader` (a Qt-free function that
yields pages of entries, run in the ``listing`` pool) and how to turn a page into child nodes (run
on the GUI thread). Children load when a view asks (``canFetchMore``/``fetchMore``), one level at a
time, inserted in batches with ``beginInsertRows``; the model is never reset as a whole.

What a big level costs the GUI thread is kept small: the sort keys and the final order of a level
are computed in the worker (:meth:`TreeSource.row_keys`), the first page is inserted at once and
later pages together every :data:`INSERT_INTERVAL_MS` (the views relayout and repaint a few times a
second, not once per page), and the rows are frozen out of the garbage collector's full passes as
they come in (:mod:`ensure_browser.ui.trees.heap`).

The raw view (buckets -> prefixes -> objects) and the domain trees share this model; they differ
only in their loaders. The rows (:class:`Node`) and the sources (:class:`TreeSource`) are defined in
:mod:`ensure_browser.ui.trees.nodes` and imported from here by the rest of the app.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3.storage import ObjectInfo, Storage
from ensure_browser.core.schema.tree import kind_labels
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import QT_TR_NOOP, error_text, schema_label, tr, tr_text
from ensure_browser.ui.theme import tone
from ensure_browser.ui.trees import heap
from ensure_browser.ui.trees.nodes import (
    Loader,
    LoadState,
    Node,
    PageIterator,
    TreeSource,
    flat_natural_key,
    row_key,
    sorted_order,
)
from ensure_browser.ui.trees.sorting import LevelSorter, SortSpec
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex



_ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsDragEnabled
    | Qt.ItemFlag.ItemIsDropEnabled
)
_ROOT_FLAGS = Qt.ItemFlag.ItemIsDropEnabled
_COLUMN_COUNT = 4
INSERT_INTERVAL_MS = 250  # pages after a level's first are inserted together at most this often
_LOADED = LoadState.LOADED


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_NODE = int(Qt.ItemDataRole.UserRole) + 1
_SORT = int(Qt.ItemDataRole.UserRole) + 2
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@functools.cache
def _tone_color(name: str) -> QColor:
    return QColor(name)


def _unrecognized_color() -> QColor:
    return _tone_color(tone("warning"))


def _deleted_color() -> QColor:
    return _tone_color(tone("muted"))  # greyed, and still legible (WCAG AA) in every theme


def _foreground(kind: str) -> QColor | None:
    """Rows not in the schema are brown, deleted objects (View > Show deleted) grey."""
    return _unrecognized_color() if kind == "unrecognized" else _deleted_color() if kind == "deleted" else None


class LazyTreeModel(QAbstractItemModel):
    """Columns: name, kind, size, modified."""

    COLUMNS = (QT_TR_NOOP("Name"), QT_TR_NOOP("Kind"), QT_TR_NOOP("Size"), QT_TR_NOOP("Modified"))
    NodeRole = _NODE
    SortRole = _SORT

    loadStarted = Signal(object)  # Node
    loadFinished = Signal(object)  # Node
    loadFailed = Signal(object, str)  # Node, message
    rowsBatchInserted = Signal(object, int)  # Node, count
    levelAboutToBeSorted = Signal(object)  # Node (before layoutAboutToBeChanged)
    levelSorted = Signal(object)  # Node (after layoutChanged)

    def __init__(self, source: TreeSource, parent: QObject | None = None, page_size: int = 1000) -> None:
        super().__init__(parent)
        self.source = source
        self.page_size = page_size
        self.root = Node(label="", is_container=True, state=LoadState.LOADED)
        self.root.children = source.roots()
        for child in self.root.children:
            child.parent = self.root
        self._loading_icon: QIcon | None = None
        self._error_icon: QIcon | None = None
        self._pending: dict[Node, list[Node]] = {}  # rows made but not inserted yet, per loading level
        self._insert_timer = QTimer(self)
        self._insert_timer.setSingleShot(True)
        self._insert_timer.setInterval(INSERT_INTERVAL_MS)
        self._insert_timer.timeout.connect(self._flush_pending)
        self.sorter = LevelSorter(self, self)  # the order of every level (sorting.py)

    # -- structure ---------------------------------------------------------------------------------
    def node(self, index: ModelIndex) -> Node:
        # Every index this model creates carries its Node (createIndex(row, col, node)).
        return index.internalPointer() if index.isValid() else self.root

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node is self.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), column, node)

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        kids = self.node(parent).children
        if 0 <= row < len(kids) and 0 <= column < _COLUMN_COUNT:
            return self.createIndex(row, column, kids[row])
        return QModelIndex()

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self.node(index)
        par = node.parent
        if par is None or par is self.root:
            return QModelIndex()
        return self.createIndex(par.row(), 0, par)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return _COLUMN_COUNT

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self.root.children)
        node: Node = parent.internalPointer()
        if not node.is_container:  # the common case in big levels: a plain object
            return False
        if parent.column() > 0:
            return False
        return bool(node.children) or node.state is not _LOADED

    def canFetchMore(self, parent: ModelIndex) -> bool:
        node = self.node(parent)
        return node is not self.root and node.is_container and node.state is LoadState.IDLE

    def fetchMore(self, parent: ModelIndex) -> None:
        node = self.node(parent)
        if node.state is LoadState.IDLE:
            self.load(node)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        # Precomputed: this is called for every row on each layout, and enum arithmetic is slow.
        return _ITEM_FLAGS if index.isValid() else _ROOT_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order every level by ``column`` (loaded levels are re-sorted in a worker)."""
        if 0 <= column < _COLUMN_COUNT:
            self.sorter.set_spec(SortSpec(column, order == Qt.SortOrder.DescendingOrder))

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        # Called about 700 times per repaint of the contents (7 roles for each cell on screen): the
        # roles are plain ints here, the most frequent ones first, and the node is read once.
        node: Node | None = index.internalPointer()
        if node is None:  # the invalid index
            return None
        if role == _DISPLAY:
            col = index.column()
            if col == 0:
                return node.label
            if col == 1:
                return node.kind_label or node.kind
            if col == 2:
                return "" if node.is_container else formats.size(node.size)
            if col == 3:
                return formats.date_time(node.modified)
            return None
        if role == _DECORATION:
            if index.column() != 0:
                return None
            if node.state is LoadState.LOADING:
                return self._icon("loading")
            if node.state is LoadState.ERROR:
                return self._icon("error")
            return self.source.decoration(node)
        if role == _ALIGNMENT:
            return _RIGHT_ALIGNED if index.column() == 2 else None
        if role == _FOREGROUND:
            return _foreground(node.kind)
        if role == _NODE:
            return node
        if role == _TOOLTIP:
            lines = [node.path] if node.path else []
            if node.tooltip:
                lines.append(node.tooltip)
            if node.state is LoadState.ERROR:
                lines.append(tr("Loading failed: {0} (double-click or use Refresh to retry)").format(node.error))
            lines += [f"⚠ {tr_text(getattr(f, 'message', f))}" for f in node.flags]
            return "\n".join(lines) or None
        if role == _SORT:
            col = index.column()
            if col == 0:
                return flat_natural_key(node.label)
            if col == 2:
                return node.size or 0
            if col == 3:
                return node.modified.timestamp() if node.modified else 0.0
            return node.kind
        return None

    def _icon(self, which: str) -> QIcon:
        from PySide6.QtWidgets import QApplication, QStyle

        style = QApplication.style()
        if which == "loading":
            if self._loading_icon is None:
                self._loading_icon = style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
            return self._loading_icon
        if self._error_icon is None:
            self._error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._error_icon

    # -- loading -----------------------------------------------------------------------------------
    def load(self, node: Node) -> None:
        """Start listing ``node``'s children in a worker; pages arrive as batches of rows."""
        loader = self.source.loader(node)
        if loader is None:
            node.state = LoadState.LOADED
            return
        node.state = LoadState.LOADING
        node.error = ""
        self.sorter.forget(node)
        self._changed(node)
        self.loadStarted.emit(node)

        source = self.source
        task: TaskHandle | None = None  # this listing's handle (set below, before any callback)
        keyed = [True]  # every page's rows got the keys the worker sorted by

        def work(ctx: TaskContext) -> tuple[bool, list[int] | None]:
            keys: list[str] | None = []
            for page in loader(ctx.token):
                ctx.check()
                page_keys = source.row_keys(node, page)
                if page_keys is None:
                    keys = None
                elif keys is not None:
                    keys.extend(page_keys)
                ctx.progress((page, page_keys), force=True)
            # the level's natural order, as a permutation of the rows in the order they came
            return (False, None) if keys is None else (True, sorted_order(keys))

        def on_page(item: tuple[list[Any], list[str] | None]) -> None:
            if node.task is not task:
                return  # a listing replaced by a refresh: its queued pages are not this level's
            page, keys = item
            rows = source.make_children(node, page)
            if keys is None or len(keys) != len(rows):
                keyed[0] = False
            self._add_rows(node, rows)

        def on_done(result: tuple[bool, list[int] | None]) -> None:
            self._flush_rows(node)
            node.state = LoadState.LOADED
            node.task = None
            known, order = result
            if self.sorter.listed(node) or not self.sorter.spec.is_default:
                self.sorter.sort_level(node)  # another order chosen, or re-sorted while listing
            elif not (known and keyed[0]):  # a source without row_keys: sorted here
                self.apply_order(node, sorted_order([self.source.node_key(k) for k in node.children]))
            else:
                self.apply_order(node, order)
            heap.settle()
            self.source.finished(node)
            self._changed(node)
            self.loadFinished.emit(node)

        def on_error(exc: BaseException) -> None:
            self._flush_rows(node)
            self.sorter.listed(node)
            node.state = LoadState.ERROR
            node.task = None
            node.error = error_text(exc)
            self._changed(node)
            self.loadFailed.emit(node, node.error)

        def on_cancelled() -> None:
            if node.task is not task:
                return  # replaced by a refresh, which has reset the level already
            self._pending.pop(node, None)
            self.sorter.forget(node)
            node.task = None
            if node.state is LoadState.LOADING:
                node.state = LoadState.IDLE
                self._changed(node)

        task = node.task = workers().run(
            "listing", work, on_done=on_done, on_error=on_error, on_progress=on_page,
            on_cancelled=on_cancelled, owner=self, name=f"list {node.path or node.label}",
        )

    def _add_rows(self, node: Node, rows: list[Node]) -> None:
        """Rows of a loading level: the first ones are inserted at once (the user sees the level
        start), later ones wait for the insert timer, so the views relayout a few times a second."""
        if not rows:
            return
        pending = self._pending.get(node)
        if pending is None and not node.children:
            self._insert(node, rows)
            return
        if pending is None:
            self._pending[node] = rows
        else:
            pending.extend(rows)
        if not self._insert_timer.isActive():
            self._insert_timer.start()

    def _flush_rows(self, node: Node) -> None:
        rows = self._pending.pop(node, None)
        if rows:
            self._insert(node, rows)

    def _flush_pending(self) -> None:
        for node in list(self._pending):
            self._flush_rows(node)

    def _insert(self, node: Node, new: list[Node]) -> None:
        if not new:
            return
        parent_index = self.index_of(node)
        first = len(node.children)
        self.beginInsertRows(parent_index, first, first + len(new) - 1)
        for row, child in enumerate(new, first):
            child.parent = node
            child.row_hint = row
        if first:
            node.children.extend(new)
        else:
            node.children = new  # the batch's own list, not a copy
        self.endInsertRows()
        self.rowsBatchInserted.emit(node, len(new))
        heap.grew(len(new))
        self.sorter.grew(node)

    def append_rows(self, node: Node, rows: list[Node]) -> None:
        """Add ``rows`` after a loaded level's own (e.g. its deleted objects); a refresh drops them."""
        self._flush_rows(node)
        self._insert(node, rows)

    def apply_order(self, node: Node, order: list[int] | None, ordered: list[Node] | None = None) -> None:
        """Put a loaded level in order by the permutation ``order`` of its rows (None: in order
        already), not a reset. ``ordered``: the rows in that order, their ``row_hint`` set already
        (a worker did it: for 100,000 rows that is most of the work)."""
        kids = node.children
        if order is None or len(kids) < 2:
            return
        self.levelAboutToBeSorted.emit(node)
        self.layoutAboutToBeChanged.emit()
        old_nodes = [
            (i, n, i.column())
            for i in self.persistentIndexList()
            if i.isValid() and (n := self.node(i)).parent is node
        ]
        if ordered is None:
            ordered = [kids[i] for i in order]
            for row, child in enumerate(ordered):
                child.row_hint = row
        node.children = ordered
        self.changePersistentIndexList(
            [i for i, _n, _c in old_nodes],
            [self.createIndex(n.row(), c, n) for _i, n, c in old_nodes],
        )
        self.layoutChanged.emit()
        self.levelSorted.emit(node)

    def _changed(self, node: Node) -> None:
        if node is self.root or node.parent is None:
            return
        left = self.index_of(node, 0)
        right = self.index_of(node, self.columnCount() - 1)
        self.dataChanged.emit(left, right)

    def node_changed(self, node: Node) -> None:
        """Tell views that a node's data (flags, icon, label) changed."""
        self._changed(node)

    def refresh(self, node: Node) -> None:
        """Drop ``node``'s children and list them again (cancels a running listing)."""
        if node.task is not None:
            node.task.cancel()
            node.task = None
        if node is self.root:
            return
        self._pending.pop(node, None)
        self._drop_children(node)
        node.state = LoadState.IDLE
        node.flags = [f for f in node.flags if getattr(f, "sticky", False)]
        self.load(node)

    def _drop_children(self, node: Node) -> None:
        """Remove ``node``'s rows, cancelling what loads below them."""
        if not node.children:
            return
        self.beginRemoveRows(self.index_of(node), 0, len(node.children) - 1)
        dropped = 0
        for child in node.children:
            dropped += self._cancel_subtree(child)
        node.children = []
        self.endRemoveRows()
        heap.dropped(dropped)

    def _cancel_subtree(self, node: Node) -> int:
        """Cancel what loads at or below ``node`` and unlink its nodes from their parents (no cycles
        left: reference counting frees them, frozen or not); returns how many nodes that was."""
        if node.task is not None:
            node.task.cancel()
        self._pending.pop(node, None)
        node.parent = None
        if node.is_container:
            self.sorter.forget(node)
        count = 1
        for child in node.children:
            count += self._cancel_subtree(child)
        return count

    def release(self) -> None:
        """Cancel every listing and drop every loaded row (the model is no longer shown)."""
        self._insert_timer.stop()
        self._pending.clear()
        for root in self.root.children:
            if root.task is not None:
                root.task.cancel()
                root.task = None
            self._drop_children(root)
            root.state = LoadState.IDLE

    def cancel_all(self) -> None:
        """Cancel every listing (the rows stay)."""
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.task is not None:
                node.task.cancel()
            stack.extend(node.children)

    def find_child(self, node: Node, predicate: Callable[[Node], bool]) -> Node | None:
        return next((c for c in node.children if predicate(c)), None)

    def iter_nodes(self, node: Node | None = None) -> Iterable[Node]:
        for child in (node or self.root).children:
            yield child
            yield from self.iter_nodes(child)


# -- the raw view ------------------------------------------------------------------------------------


class RawSource(TreeSource):
    """Buckets -> prefixes -> objects, as stored."""

    title = "Raw"

    def __init__(self, storage: Storage, buckets: list[str], page_size: int = 1000) -> None:
        self.storage = storage
        self.buckets = buckets
        self.page_size = page_size
        self.classify: Callable[[str, str], Any] | None = None

    def roots(self) -> list[Node]:
        return [
            Node(label=b, kind="bucket", kind_label=tr("Bucket"), bucket=b, key="", is_container=True)
            for b in self.buckets
        ]

    def loader(self, node: Node) -> Loader | None:
        if not node.is_container or node.bucket is None:
            return None
        bucket, prefix, storage, size = node.bucket, node.key or "", self.storage, self.page_size
        make = self._row_maker()  # its labels are translated here, on the GUI thread

        def pages(token: CancelToken) -> PageIterator:
            # the rows are made in the worker too: the GUI thread only inserts them
            for page in storage.list_level(bucket, prefix, page_size=size, cancel=token):
                yield make(page)

        return pages

    def row_keys(self, node: Node, page: list[Any]) -> list[str]:
        keys = []
        for entry in page:
            if isinstance(entry, Node):
                keys.append(row_key(entry.label, entry.is_container))
            else:
                keys.append(row_key(entry.name + "/", True) if entry.is_prefix else row_key(entry.name, False))
        return keys

    def make_children(self, node: Node, page: list[Any]) -> list[Node]:
        return self._row_maker()(page)

    def _row_maker(self) -> Callable[[list[Any]], list[Node]]:
        """Turns listed entries into rows; rows made already pass through. The function it returns
        may run in any thread: the labels are translated when this is called."""
        folder, plain, classify = tr("Folder"), tr("Object"), self.classify
        kinds = {label: schema_label(label) for label in kind_labels()}  # translated here, in the GUI thread
        no_size = tr("Size unknown: the server's listing gave no readable size for this object.")

        def make(page: list[Any]) -> list[Node]:
            out = []
            for entry in page:
                if isinstance(entry, Node):
                    out.append(entry)
                    continue
                assert isinstance(entry, ObjectInfo)
                if entry.is_prefix:
                    out.append(Node(label=entry.name + "/", kind="prefix", kind_label=folder,
                                    bucket=entry.bucket, key=entry.key, is_container=True, payload=entry))
                    continue
                kind, label = "object", plain
                if classify is not None:
                    cls = classify(entry.bucket, entry.key)
                    if cls is not None:
                        kind, label = cls.kind, getattr(cls, "label", cls.kind)
                        label = kinds.get(label, label)
                out.append(Node(label=entry.name, kind=kind, kind_label=label, bucket=entry.bucket,
                                key=entry.key, size=entry.size if entry.size_known else None,
                                modified=entry.last_modified, payload=entry,
                                tooltip="" if entry.size_known else no_size))
            return out

        return make


__all__ = [
    "INSERT_INTERVAL_MS",
    "LazyTreeModel",
    "LoadState",
    "Loader",
    "Node",
    "RawSource",
    "TreeSource",
    "flat_natural_key",
]
