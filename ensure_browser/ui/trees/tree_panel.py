"""One tree source shown as a navigator (containers) beside a contents table (the selected level).

The navigator (``view``) is a QTreeView over :class:`NavigatorModel`; the contents (``contents``) is
a QTableView over the :class:`LazyTreeModel` itself with its root index on the selected container, so
a level of 100,000 objects costs the table O(page) per inserted page. The filter box filters the
contents: the current level.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.ui import formats
from ensure_browser.ui.trees.nav_model import NavigatorModel
from ensure_browser.ui.trees.sorting import SortSpec
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node

log = logging.getLogger(__name__)

_FILTER_BATCH = 4000  # rows hidden/shown per event-loop turn, so filtering never freezes the window


class _PaintHoldsGil:
    """Paints with the GIL held from start to end.

    A repaint of the contents asks the Python model for about 900 values (``data``, ``index``,
    ``flags``). Painted from C++, each of those calls takes the GIL again, and while a listing worker
    runs Python each one waits for it: a 6 ms repaint becomes 700-900 ms. With ``paintEvent``
    overridden here the whole paint runs inside one Python call, so the GIL is taken once (measured
    with a CPU-bound thread beside it: 6-34 ms instead of 730-840 ms).
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # type: ignore[misc]


class TreeView(_PaintHoldsGil, QTreeView):
    """The navigator: loads a level on expand, retries a failed level on double-click."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setHeaderHidden(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAnimated(False)
        self.doubleClicked.connect(self._on_double_click)
        self.expanded.connect(self._on_expanded)

    def _on_expanded(self, index: QModelIndex) -> None:
        model = self.model()
        if model is not None and model.canFetchMore(index):
            model.fetchMore(index)

    def _on_double_click(self, index: QModelIndex) -> None:
        model = self.model()
        if isinstance(model, NavigatorModel):
            node = model.node(index)
            if node.state is LoadState.ERROR:
                model.source.refresh(node)


class ContentsView(_PaintHoldsGil, QTableView):
    """The selected level: name, kind, size, modified. Enter opens a container, Backspace goes up."""

    activatedContainer = Signal(object)  # Node
    goUp = Signal()
    dragRequested = Signal(list)  # list[Node]: the selected rows a drag began on (see ui/objects/drag_out.py)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)  # a click on a column's header sorts the model by it
        self.activated.connect(self._on_activated)

    def _on_activated(self, index: QModelIndex) -> None:
        model = self.model()
        if isinstance(model, LazyTreeModel):
            node = model.node(index)
            if node.is_container:
                self.activatedContainer.emit(node)

    def startDrag(self, supported_actions: Qt.DropAction) -> None:
        """A drag of the selected rows: what it carries is made elsewhere, in a worker (never here)."""
        model = self.model()
        if isinstance(model, LazyTreeModel):
            rows = self.selectionModel().selectedRows(0)
            if rows:
                self.dragRequested.emit([model.node(i) for i in rows])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace:
            self.goUp.emit()
            return
        super().keyPressEvent(event)


class LevelLabel(QLabel):
    """The line under the contents: the level's location and its count. A long location is shortened
    in the middle to the width there is (whole in the tooltip), so it never widens the window and the
    count stays readable."""

    SEPARATOR = "  ·  "

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)  # it names keys: server text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.location = ""
        self.count = ""

    def show_level(self, location: str, count: str) -> None:
        self.location, self.count = location, count
        self.setToolTip(location + self.SEPARATOR + count if location else "")
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self.location:
            self.setText(self.count)
            return
        metrics = self.fontMetrics()
        room = self.contentsRect().width() - metrics.horizontalAdvance(self.SEPARATOR + self.count) - 2
        shown = metrics.elidedText(self.location, Qt.TextElideMode.ElideMiddle, max(room, 0))
        self.setText((shown + self.SEPARATOR if shown else "") + self.count)


class TreePanel(QWidget):
    """Filter box + navigator + contents. ``current_node`` is what the user last selected."""

    nodeSelected = Signal(object)  # Node | None
    levelChanged = Signal(object)  # Node: the container whose children the contents show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter this level…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter this level"))
        self.view = TreeView()
        self.view.setAccessibleName(self.tr("Navigator"))
        self.contents = ContentsView()
        self.contents.setAccessibleName(self.tr("Contents"))
        self.contents.setAccessibleDescription(self.tr("What the selected folder or bucket holds"))
        self.level_label = LevelLabel()
        self.level_label.setObjectName("level-label")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.filter_edit)
        right_layout.addWidget(self.contents, 1)
        right_layout.addWidget(self.level_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([230, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter, 1)

        self.model: LazyTreeModel | None = None
        self.nav: NavigatorModel | None = None
        self.level: Node | None = None
        self._last_active: QAbstractItemView = self.view
        self._filter_text = ""
        self._filter_row = 0
        self._filter_timer = QTimer(self)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self._filter_step)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._start_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.contents.activatedContainer.connect(self.select_node)
        self.contents.goUp.connect(self.go_up)
        self.up_action = QAction(self.tr("Up one level"), self)
        self.up_action.setShortcut(QKeySequence("Alt+Up"))
        self.up_action.triggered.connect(self.go_up)
        self.addAction(self.up_action)
        self.sort_menu = self._build_sort_menu()
        header = self.contents.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.sort_menu.popup(header.mapToGlobal(QPoint(pos)))
        )

    # -- order -------------------------------------------------------------------------------------
    def _build_sort_menu(self) -> QMenu:
        """"Sort By": the columns, and the direction (the header's clicks, from the keyboard)."""
        menu = QMenu(self.tr("Sort By"), self)
        columns = QActionGroup(self)
        self._descending = QAction(self.tr("Descending"), self)
        self._descending.setCheckable(True)
        self._sort_actions: list[QAction] = []
        for column, text in enumerate((self.tr("Name"), self.tr("Kind"), self.tr("Size"), self.tr("Modified"))):
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(column == 0)
            columns.addAction(action)
            action.triggered.connect(lambda _on, c=column: self.sort_by(c, self._descending.isChecked()))
            self._sort_actions.append(action)
        menu.addSeparator()
        menu.addAction(self._descending)
        self._descending.triggered.connect(lambda on: self.sort_by(self.sort_spec().column, on))
        return menu

    def sort_spec(self) -> SortSpec:
        return self.model.sorter.spec if self.model is not None else SortSpec()

    def sort_by(self, column: int, descending: bool) -> None:
        """Order the contents (the whole tree's levels) by ``column``."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.contents.horizontalHeader().setSortIndicator(column, order)  # the view sorts the model

    def _show_sort(self, spec: SortSpec) -> None:
        """Show ``spec`` on the header and in the menu (setting it again is a no-op)."""
        self.sort_by(spec.column, spec.descending)
        self._sort_actions[spec.column].setChecked(True)
        self._descending.setChecked(spec.descending)

    # -- models ------------------------------------------------------------------------------------
    def set_model(self, model: LazyTreeModel | None) -> None:
        if self.model is not None:
            self.model.sorter.specChanged.disconnect(self._show_sort)
            self.model.rowsInserted.disconnect(self._on_rows_inserted)
            self.model.loadFinished.disconnect(self._update_level_label)
            self.model.layoutChanged.disconnect(self._refilter)
        # The views do not delete what they showed before: the old navigator model (which would go
        # on following its source's every insert and sort) and both old selection models.
        old = [self.nav, self.view.selectionModel(), self.contents.selectionModel()]
        self.model = model
        self.nav = NavigatorModel(model, self) if model is not None else None
        self.view.setModel(self.nav)
        self.contents.setModel(model)
        for obj in old:
            if obj is not None:
                obj.deleteLater()
        self.level = model.root if model is not None else None
        self._filter_text = ""
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        if model is None or self.nav is None:
            self.level_label.clear()
            return
        header = self.contents.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 120), (2, 80), (3, 130)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.contents.setColumnWidth(column, width)
        self._show_sort(model.sorter.spec)
        model.sorter.specChanged.connect(self._show_sort)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.loadFinished.connect(self._update_level_label)
        model.layoutChanged.connect(self._refilter)
        self.view.selectionModel().currentChanged.connect(self._on_nav_current)
        self.contents.selectionModel().currentChanged.connect(self._on_contents_current)
        self._update_level_label()

    # -- selection ---------------------------------------------------------------------------------
    def current_node(self) -> Node | None:
        if self.model is None:
            return None
        if self._last_active is self.contents:
            index = self.contents.currentIndex()
            if index.isValid():
                return self.model.node(index)
        index = self.view.currentIndex()
        return self.nav.node(index) if (self.nav is not None and index.isValid()) else None

    def selected_nodes(self) -> list[Node]:
        """Every selected row of the view last used, in the order shown; rows the filter hides are
        not included (Select All selects them too, but nobody sees them)."""
        if self.model is None or self.nav is None:
            return []
        if self._last_active is self.contents:
            rows = sorted(self.contents.selectionModel().selectedRows(0), key=lambda i: i.row())
            rows = [i for i in rows if not self.contents.isRowHidden(i.row())]
            if rows:
                return [self.model.node(i) for i in rows]
        rows = self.view.selectionModel().selectedRows(0)
        return [self.nav.node(i) for i in rows]

    def select_node(self, node: Node) -> None:
        """Show ``node``: a container opens in the navigator; an object is selected in its level."""
        if self.model is None or self.nav is None:
            return
        container = node if node.is_container else node.parent
        if container is None:
            return
        self.expand_to(container)
        if container is self.model.root:
            self.view.clearSelection()
            self._set_level(container)
        else:
            nav_index = self.nav.index_of(container)
            self.view.scrollTo(nav_index)
            self.view.selectionModel().setCurrentIndex(
                nav_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        if node is container:
            self._last_active = self.view
            self.nodeSelected.emit(node)
            return
        index = self.model.index_of(node)
        self.contents.scrollTo(index)
        self._last_active = self.contents
        self.contents.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def go_up(self) -> None:
        if self.level is not None and self.level.parent is not None:
            self.select_node(self.level.parent)

    def _on_nav_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.nav is None:
            return
        node = self.nav.node(current) if current.isValid() else None
        self._last_active = self.view
        if node is not None:
            self._set_level(node)
        self.nodeSelected.emit(node)

    def _on_contents_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.model is None or not current.isValid():
            return
        self._last_active = self.contents
        self.nodeSelected.emit(self.model.node(current))

    def _set_level(self, node: Node) -> None:
        if self.model is None or node is self.level:
            return
        self._clear_filter_rows()
        self.level = node
        self.contents.setRootIndex(self.model.index_of(node))
        if node.state is LoadState.IDLE and node is not self.model.root:
            self.model.load(node)
        self._update_level_label()
        self._refilter()
        self.levelChanged.emit(node)

    def _update_level_label(self, *_args: object) -> None:
        node = self.level
        if node is None:
            self.level_label.show_level("", "")
            return
        count = len(node.children)
        if node.state is LoadState.LOADING:
            text = self.tr("{0} entries so far, loading…").format(formats.count(count))
        elif node.state is LoadState.ERROR:
            text = self.tr("Loading failed: {0}").format(node.error)
        else:
            text = self.tr("{0} entries").format(formats.count(count))
        self.level_label.show_level(node.path or node.label if node.label else "", text)

    # -- filter ------------------------------------------------------------------------------------
    def filter_level(self) -> Node | None:
        return self.level

    def _clear_filter_rows(self) -> None:
        if self.level is None or not self._filter_text:
            return
        for row in range(len(self.level.children)):
            if self.contents.isRowHidden(row):
                self.contents.setRowHidden(row, False)

    def _start_filter(self) -> None:
        self._filter_text = self.filter_edit.text().strip().casefold()
        self._refilter()

    def _refilter(self) -> None:
        if self.level is None:
            return
        self._filter_row = 0
        self._filter_timer.start()

    def _filter_step(self) -> None:
        level = self.level
        if level is None:
            self._filter_timer.stop()
            return
        end = min(len(level.children), self._filter_row + _FILTER_BATCH)
        self._apply_range(level, self._filter_text, self._filter_row, end)
        self._filter_row = end
        if end >= len(level.children):
            self._filter_timer.stop()

    def _apply_range(self, level: Node, text: str, start: int, end: int) -> None:
        kids = level.children
        for row in range(start, end):
            hide = bool(text) and text not in kids[row].label.casefold()
            if self.contents.isRowHidden(row) != hide:
                self.contents.setRowHidden(row, hide)

    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if self.model is None:
            return
        node = self.model.node(parent)
        if node is self.level:
            if self._filter_text:
                self._apply_range(node, self._filter_text, first, last + 1)
            self._update_level_label()

    def visible_rows(self, node: Node) -> int:
        """How many children of ``node`` the filter leaves visible (``node`` must be the level)."""
        if node is not self.level:
            return len(node.children)
        return sum(1 for r in range(len(node.children)) if not self.contents.isRowHidden(r))

    def expand_to(self, node: Node) -> None:
        """Expand the navigator down to ``node``'s parent (loading nothing new)."""
        if self.nav is None or self.model is None:
            return
        chain = []
        cur = node.parent
        while cur is not None and cur is not self.model.root:
            chain.append(cur)
            cur = cur.parent
        for n in reversed(chain):
            self.view.expand(self.nav.index_of(n))

    def active_view(self) -> QAbstractItemView:
        return self._last_active

    def node_at(self, view: QAbstractItemView, index: QModelIndex) -> Node | None:
        """The node under an index of either view (the contents' empty area means the level)."""
        if self.model is None or self.nav is None:
            return None
        if view is self.view:
            return self.nav.node(index) if index.isValid() else None
        return self.model.node(index) if index.isValid() else self.level
