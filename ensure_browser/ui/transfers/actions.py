"""Transfers in the main window: the queue dock, drops on both views, upload/download actions.

A :class:`TransferController` is made for each connection; the dock shows its panel, the status bar
its overall progress. Closing the window keeps interrupted uploads in the journal.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QFileDialog, QLabel, QMenu

from ensure_browser.core.transfers.plan import DropTarget
from ensure_browser.ui.announce import announce
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.objects.selection import selection_for
from ensure_browser.ui.transfers.controller import TransferController
from ensure_browser.ui.transfers.drops import DropHandler, install_drop_handler
from ensure_browser.ui.transfers.targets import drop_target_for
from ensure_browser.ui.trees.tree_model import Node

log = logging.getLogger(__name__)



class TransferActions:
    """Owns the per-connection controller and everything that reaches it."""

    def __init__(self, window: Host) -> None:
        self.window = window
        self.controller: TransferController | None = None
        self.handlers: list[DropHandler] = []
        self.dock = QDockWidget(tr("Transfers"), window)
        self.dock.setObjectName("transfers-dock")
        self.dock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.TopDockWidgetArea)
        self.dock.setWidget(QLabel(tr("Not connected.")))
        window.add_dock(self.dock, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.dock.hide()
        self.progress_label = QLabel()
        window.statusBar().addPermanentWidget(self.progress_label)

        self.upload_action = QAction(tr("&Upload files…"), window)
        self.upload_action.setShortcut(QKeySequence("Ctrl+U"))
        self.upload_action.triggered.connect(self.upload_dialog)
        self.download_action = QAction(tr("&Download…"), window)
        self.download_action.setShortcut(QKeySequence("Ctrl+D"))
        self.download_action.triggered.connect(self.download_selected)
        self.incomplete_action = QAction(tr("&Incomplete uploads…"), window)
        self.incomplete_action.triggered.connect(self.show_incomplete)
        window.add_file_actions(self.upload_action, self.download_action, self.incomplete_action)
        for action in (self.upload_action, self.download_action, self.incomplete_action):
            action.setEnabled(False)
        toggle = self.dock.toggleViewAction()
        toggle.setShortcut(QKeySequence("Ctrl+Shift+T"))
        window.add_view_action(toggle)

        window.connected.connect(self._on_connected)
        window.context_menu_providers.append(self._context_menu)
        window.close_hooks.append(self.shutdown)
        panel = window.tree_panel
        for view in (panel.view, panel.contents):
            self.handlers.append(install_drop_handler(view, None, self._resolver(view)))

    def _resolver(self, view: QAbstractItemView):  # type: ignore[no-untyped-def]
        panel = self.window.tree_panel

        def resolve(index: QModelIndex) -> DropTarget | None:
            node = panel.node_at(view, index)
            if node is None or node.parent is None:
                return None
            return drop_target_for(node)

        return resolve

    # -- connection --------------------------------------------------------------------------------
    def _on_connected(self, connection: Connection) -> None:
        self.shutdown()
        assert connection.storage is not None
        controller = TransferController(connection.storage, connection.names, self.window,
                                        dialog_parent=self.window)
        self.controller = controller
        self.dock.setWidget(controller.panel)
        controller.overallProgress.connect(lambda _pct, text: self.progress_label.setText(text))
        controller.batchFinished.connect(self._batch_finished)
        controller.message.connect(self.window.show_warning)
        controller.downloadPlanned.connect(lambda text: self.window.statusBar().showMessage(text, 15_000))
        for handler in self.handlers:
            handler.controller = controller
        for action in (self.upload_action, self.download_action, self.incomplete_action):
            action.setEnabled(True)
        controller.recover()

    def _batch_finished(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15_000)
        announce(self.window.statusBar(), text)
        model = self.window.current_model()
        level = self.window.tree_panel.level
        if model is not None and level is not None and level.parent is not None:
            model.refresh(level)

    def shutdown(self) -> None:
        if self.controller is not None:
            self.controller.shutdown()
            self.controller = None

    # -- actions -----------------------------------------------------------------------------------
    def _context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        if self.controller is None:
            return
        if node.bucket is not None:
            menu.addSeparator()
            menu.addAction(tr("Download…")).triggered.connect(lambda: self.download_selected(node))
        if drop_target_for(node) is not None:
            menu.addAction(tr("Upload files here…")).triggered.connect(lambda: self.upload_dialog(node))

    def _upload_target(self, node: Node | None) -> DropTarget | None:
        panel = self.window.tree_panel
        for candidate in (node, panel.current_node(), panel.level):
            if candidate is not None and candidate.parent is not None:
                target = drop_target_for(candidate)
                if target is not None:
                    return target
        return None

    def upload_dialog(self, node: Node | None = None) -> None:
        if self.controller is None:
            return
        target = self._upload_target(node if isinstance(node, Node) else None)
        if target is None:
            self.window.show_error(tr("Select a classroom, a student's notes or a folder to upload into."))
            return
        files, _ = QFileDialog.getOpenFileNames(self.window, tr("Upload to {0}").format(target.label or
                                                                                          target.prefix))
        if files:
            self.dock.show()
            self.controller.upload_paths(target, [Path(f) for f in files])

    def download_selected(self, node: Node | None = None) -> None:
        """Download every selected row (or the row a context menu was opened on, if outside)."""
        if self.controller is None:
            return
        nodes = [n for n in selection_for(self.window, node if isinstance(node, Node) else None)
                 if n.bucket is not None]
        if not nodes:
            self.window.show_error(tr("Select the objects or folders to download."))
            return
        folder = QFileDialog.getExistingDirectory(self.window, tr("Download to folder"))
        if folder:
            self.dock.show()
            self.controller.download(nodes, Path(folder))

    def show_incomplete(self) -> None:
        if self.controller is not None and self.window.connection is not None:
            self.controller.show_incomplete_uploads(self.window.connection.buckets)


def install_transfers(window: Host) -> TransferActions:
    actions = TransferActions(window)
    window.provide(TransferActions, actions)
    return actions
