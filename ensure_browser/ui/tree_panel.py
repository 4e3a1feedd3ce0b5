"""The tree view of one source, with a filter box for the current level."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.ui.tree_model import LazyTreeModel, LoadState, Node

log = logging.getLogger(__name__)

_FILTER_BATCH = 4000  # rows hidden/shown per event-loop turn, so filtering never freezes the window


class TreeView(QTreeView):
    """A QTreeView that retries a failed level on double-click."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setExpandsOnDoubleClick(True)
        self.setAnimated(False)
        self.doubleClicked.connect(self._on_double_click)
        self.expanded.connect(self._on_expanded)

    def _on_expanded(self, index: QModelIndex) -> None:
        model = self.model()
        if model is not None and model.canFetchMore(index):
            model.fetchMore(index)

    def _on_double_click(self, index: QModelIndex) -> None:
        model = self.model()
        if isinstance(model, LazyTreeModel):
            node = model.node(index)
            if node.state is LoadState.ERROR:
                model.refresh(node)


class TreePanel(QWidget):
    """Filter box + tree. ``current_node`` is the container whose level the filter applies to."""

    nodeSelected = Signal(object)  # Node | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter this level…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.view = TreeView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        self.model: LazyTreeModel | None = None
        self._filter_text = ""
        self._filter_parent: Node | None = None
        self._filter_row = 0
        self._filter_timer = QTimer(self)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self._filter_step)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._start_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._debounce.start())

    def set_model(self, model: LazyTreeModel | None) -> None:
        if self.model is not None:
            self.model.rowsInserted.disconnect(self._on_rows_inserted)
        self.model = model
        self.view.setModel(model)
        self._filter_parent = None
        if model is None:
            return
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 340)
        header.resizeSection(1, 140)
        header.resizeSection(2, 90)
        model.rowsInserted.connect(self._on_rows_inserted)
        self.view.selectionModel().currentChanged.connect(self._on_current)

    # -- selection ---------------------------------------------------------------------------------
    def current_node(self) -> Node | None:
        if self.model is None:
            return None
        index = self.view.currentIndex()
        return self.model.node(index) if index.isValid() else None

    def selected_nodes(self) -> list[Node]:
        if self.model is None:
            return []
        rows = self.view.selectionModel().selectedRows(0)
        return [self.model.node(i) for i in rows]

    def select_node(self, node: Node) -> None:
        if self.model is None:
            return
        index = self.model.index_of(node)
        self.view.scrollTo(index)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(current) if (self.model and current.isValid()) else None
        self.nodeSelected.emit(node)
        if self._filter_text:
            self._start_filter()

    # -- filter ------------------------------------------------------------------------------------
    def filter_level(self) -> Node | None:
        """The level the filter applies to: the selected container, or the level of the selection."""
        node = self.current_node()
        if node is None or self.model is None:
            return self.model.root if self.model else None
        if node.is_container and node.children and self.view.isExpanded(self.model.index_of(node)):
            return node
        return node.parent or self.model.root

    def _start_filter(self) -> None:
        if self.model is None:
            return
        # un-hide the previous level first
        if self._filter_parent is not None and self._filter_parent is not self.filter_level():
            self._apply_range(self._filter_parent, "", 0, len(self._filter_parent.children))
        self._filter_text = self.filter_edit.text().strip().casefold()
        self._filter_parent = self.filter_level()
        self._filter_row = 0
        self._filter_timer.start()

    def _filter_step(self) -> None:
        parent = self._filter_parent
        if parent is None or self.model is None:
            self._filter_timer.stop()
            return
        end = min(len(parent.children), self._filter_row + _FILTER_BATCH)
        self._apply_range(parent, self._filter_text, self._filter_row, end)
        self._filter_row = end
        if end >= len(parent.children):
            self._filter_timer.stop()

    def _apply_range(self, parent: Node, text: str, start: int, end: int) -> None:
        if self.model is None:
            return
        pidx = self.model.index_of(parent)
        for row in range(start, end):
            child = parent.children[row]
            hide = bool(text) and text not in child.label.casefold()
            if self.view.isRowHidden(row, pidx) != hide:
                self.view.setRowHidden(row, pidx, hide)

    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if not self._filter_text or self.model is None:
            return
        node = self.model.node(parent)
        if node is self._filter_parent:
            self._apply_range(node, self._filter_text, first, last + 1)

    def visible_rows(self, node: Node) -> int:
        """How many children of ``node`` the filter leaves visible."""
        if self.model is None:
            return 0
        pidx = self.model.index_of(node)
        return sum(1 for r in range(len(node.children)) if not self.view.isRowHidden(r, pidx))

    def expand_to(self, node: Node) -> None:
        if self.model is None:
            return
        chain = []
        cur = node.parent
        while cur is not None and cur is not self.model.root:
            chain.append(cur)
            cur = cur.parent
        for n in reversed(chain):
            self.view.expand(self.model.index_of(n))
