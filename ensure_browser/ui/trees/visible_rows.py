"""Which rows of a domain tree are on screen: only those are stat'ed (original names, content types)
and checked (entities scrolled past), so a level of 20,000 rows costs what a screenful does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTreeView

from ensure_browser.ui.trees.domain_sources import DomainSource
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node
from ensure_browser.ui.trees.tree_panel import TreePanel

SCAN_ROWS = 300  # rows looked at per viewport scan


class VisibleRows(QObject):
    """Tells the domain source shown in a view which of its rows are on screen, after paints and
    scrolls (throttled), so only those rows are stat'ed or checked. Works for the navigator tree
    (over a model with ``source`` and ``node()``, e.g. the navigator model) and the contents table."""

    def __init__(self, view: QAbstractItemView, interval_ms: int = 60) -> None:
        super().__init__(view)
        self.view = view
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.scan)
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self._schedule)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Paint, QEvent.Type.Resize):
            self._schedule()
        return False

    def _schedule(self, *_args: object) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def _lazy_model(self) -> LazyTreeModel | None:
        model = self.view.model()
        if isinstance(model, LazyTreeModel):
            return model
        source = getattr(model, "source", None)
        return source if isinstance(source, LazyTreeModel) else None

    def visible_nodes(self) -> list[Node]:
        """The rows currently inside the viewport, top to bottom."""
        model = self.view.model()
        node_of = getattr(model, "node", None)
        if model is None or node_of is None:
            return []
        height = self.view.viewport().height()
        out: list[Node] = []
        if isinstance(self.view, QTreeView):
            # indexAt needs a point inside some column; any column of the row will do
            x = min(max(0, self.view.header().sectionViewportPosition(0)) + 1,
                    max(0, self.view.viewport().width() - 1))
            index = self.view.indexAt(QPoint(x, 1))
            while index.isValid() and len(out) < SCAN_ROWS:
                if self.view.visualRect(index).top() > height:
                    break
                out.append(node_of(index.siblingAtColumn(0)))
                index = self.view.indexBelow(index)
        elif isinstance(self.view, QTableView):
            root = self.view.rootIndex()
            first = self.view.rowAt(0)
            if first < 0:
                return out
            last = self.view.rowAt(height - 1)
            last = model.rowCount(root) - 1 if last < 0 else last
            for row in range(first, min(last, first + SCAN_ROWS - 1) + 1):
                if not self.view.isRowHidden(row):
                    out.append(node_of(model.index(row, 0, root)))
        return out

    def scan(self) -> None:
        model = self._lazy_model()
        if model is not None and isinstance(model.source, DomainSource):
            model.source.visible(self.visible_nodes())


def watch_visible_rows(panel: TreePanel) -> list[VisibleRows]:
    """Watch both views of a tree panel (navigator and contents) for rows on screen."""
    return [VisibleRows(panel.view), VisibleRows(panel.contents)]
