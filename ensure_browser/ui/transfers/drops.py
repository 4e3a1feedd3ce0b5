"""Drag-and-drop of local files onto tree nodes: an event filter on a view's viewport.

``install_drop_handler(view, controller)`` makes a tree view accept file drops: the node under the
cursor is mapped to a :class:`~ensure_browser.core.transfers.plan.DropTarget` (by default through
:func:`~ensure_browser.ui.transfers.targets.drop_target_for`), and the dropped paths go to
:meth:`TransferController.upload_paths`, which plans them in a worker (refusals are reported
through the controller's ``message`` signal) and queues the uploads. Nothing here blocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView

from ensure_browser.core.transfers.plan import DropTarget
from ensure_browser.ui.objects.object_mime import MIME as OBJECTS_MIME
from ensure_browser.ui.transfers.controller import TransferController
from ensure_browser.ui.transfers.targets import drop_target_for
from ensure_browser.ui.trees.nav_model import NavigatorModel
from ensure_browser.ui.trees.tree_model import LazyTreeModel

log = logging.getLogger(__name__)

Resolver = Callable[[QModelIndex], DropTarget | None]


def local_paths(event: QDropEvent) -> list[Path]:
    """The local files and folders a drag carries (non-file URLs are ignored); none for a drag of this
    app's own rows (their local copies are not uploaded again)."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls() or mime.hasFormat(OBJECTS_MIME):
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class DropHandler(QObject):
    """Accepts file drags over nodes that have a drop target and uploads what is dropped."""

    dropped = Signal(object, list)  # DropTarget, list[Path]

    def __init__(self, view: QAbstractItemView, controller: TransferController | None,
                 resolver: Resolver | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.controller = controller
        self.resolver = resolver or self._node_target
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def _node_target(self, index: QModelIndex) -> DropTarget | None:
        model = self.view.model()
        if not index.isValid() or not isinstance(model, LazyTreeModel | NavigatorModel):
            return None
        return drop_target_for(model.node(index))

    def target_at(self, pos: QPoint) -> DropTarget | None:
        return self.resolver(self.view.indexAt(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent):
            if local_paths(event):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.DragMove and isinstance(event, QDragMoveEvent):
            if local_paths(event) and self.target_at(event.position().toPoint()) is not None:
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = local_paths(event)
            target = self.target_at(event.position().toPoint()) if paths else None
            if target is None or self.controller is None:
                event.ignore()
                return True
            event.acceptProposedAction()
            log.info("%d path(s) dropped on %s", len(paths), target.describe())
            self.controller.upload_paths(target, paths)
            self.dropped.emit(target, paths)
            return True
        return super().eventFilter(watched, event)


def install_drop_handler(view: QAbstractItemView, controller: TransferController | None,
                         resolver: Resolver | None = None) -> DropHandler:
    """Make ``view`` accept file drops onto its nodes; the handler lives as long as the view."""
    return DropHandler(view, controller, resolver)
