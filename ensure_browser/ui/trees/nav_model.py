"""The navigator: a containers-only view of a :class:`LazyTreeModel`.

Why a second model: ``QTreeView`` lays out every row of an expanded level again whenever rows are
inserted into it, so a prefix with 100,000 objects would freeze a tree view for most of a second per
page. The window therefore shows containers (buckets, prefixes, classrooms, meetings ...) in a tree
and the objects of the selected container in a table (``QTableView`` inserts rows in O(page)).

This model shares the :class:`Node` objects of the source model: it keeps, per node, the list of
its container children in source order, and follows the source's inserts, removals, sorts and data
changes. Loading is still the source's job (``fetchMore`` here asks the source).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node

ModelIndex = QModelIndex | QPersistentModelIndex
_NAV = "nav_children"


def _nav(node: Node) -> list[Node]:
    kids = node.extra.get(_NAV)
    if kids is None:
        kids = [c for c in node.children if c.is_container]
        node.extras()[_NAV] = kids
    return kids


class NavigatorModel(QAbstractItemModel):
    """One column (name); rows are the container children of each node."""

    NodeRole = LazyTreeModel.NodeRole

    def __init__(self, source: LazyTreeModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._pending_removal: tuple[Node, int, int] | None = None
        source.rowsBatchInserted.connect(self._on_batch)
        source.rowsAboutToBeRemoved.connect(self._on_about_to_remove)
        source.rowsRemoved.connect(self._on_removed)
        source.levelAboutToBeSorted.connect(self._on_about_to_sort)
        source.levelSorted.connect(self._on_sorted)
        source.dataChanged.connect(self._on_data_changed)

    # -- mapping -----------------------------------------------------------------------------------
    def node(self, index: ModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.source.root

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        par = node.parent
        if par is None or node is self.source.root or not node.is_container:
            return QModelIndex()
        kids = _nav(par)
        try:
            row = kids.index(node)
        except ValueError:
            return QModelIndex()
        return self.createIndex(row, column, node)

    def to_source(self, index: ModelIndex) -> QModelIndex:
        return self.source.index_of(self.node(index)) if index.isValid() else QModelIndex()

    # -- structure ---------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        kids = _nav(self.node(parent))
        if 0 <= row < len(kids) and column == 0:
            return self.createIndex(row, 0, kids[row])
        return QModelIndex()

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        par = self.node(index).parent
        if par is None or par is self.source.root:
            return QModelIndex()
        return self.index_of(par)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(_nav(self.node(parent)))

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        node = self.node(parent)
        if node is self.source.root:
            return bool(_nav(node))
        return node.is_container and (bool(_nav(node)) or node.state is not LoadState.LOADED)

    def canFetchMore(self, parent: ModelIndex) -> bool:
        node = self.node(parent)
        return node is not self.source.root and node.is_container and node.state is LoadState.IDLE

    def fetchMore(self, parent: ModelIndex) -> None:
        node = self.node(parent)
        if node.state is LoadState.IDLE:
            self.source.load(node)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return self.source.flags(index)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.source.headerData(section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == self.NodeRole:
            return self.node(index)
        return self.source.data(self.source.index_of(self.node(index)), role)

    # -- following the source --------------------------------------------------------------------
    def _on_batch(self, node: Node, count: int) -> None:
        if _NAV not in node.extra:
            return  # no view has asked for this level yet; it is built from node.children when asked
        kids = _nav(node)
        known = set(map(id, kids))
        new = [c for c in node.children[-count:] if c.is_container and id(c) not in known]
        if not new:
            return
        parent_index = self.index_of(node)
        first = len(kids)
        self.beginInsertRows(parent_index, first, first + len(new) - 1)
        kids.extend(new)
        self.endInsertRows()

    def _on_about_to_remove(self, parent: QModelIndex, first: int, last: int) -> None:
        node = self.source.node(parent)
        removed = {id(c) for c in node.children[first:last + 1] if c.is_container}
        kids = _nav(node)
        rows = [i for i, c in enumerate(kids) if id(c) in removed]
        if rows:
            self.beginRemoveRows(self.index_of(node), rows[0], rows[-1])
            self._pending_removal = (node, rows[0], rows[-1])

    def _on_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        pending, self._pending_removal = self._pending_removal, None
        if pending is None:
            return
        node, lo, hi = pending
        kids = _nav(node)
        del kids[lo:hi + 1]
        self.endRemoveRows()

    def _on_about_to_sort(self, node: Node) -> None:
        self.layoutAboutToBeChanged.emit()

    def _on_sorted(self, node: Node) -> None:
        old = [(i, self.node(i), i.column()) for i in self.persistentIndexList() if i.isValid()]
        node.extras()[_NAV] = [c for c in node.children if c.is_container]
        self.changePersistentIndexList(
            [i for i, _n, _c in old], [self.index_of(n, c) for _i, n, c in old]
        )
        self.layoutChanged.emit()

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any = ()) -> None:
        if top_left.row() != bottom_right.row() or not top_left.isValid():
            return
        node = self.source.node(top_left)
        if node.is_container:
            index = self.index_of(node)
            if index.isValid():
                self.dataChanged.emit(index, index)
