"""Versions in the window: the Versions tab beside the details (:mod:`.panel`), a version's preview
(:mod:`.preview`), View > Show deleted objects and Undelete (:mod:`.deleted`).

:func:`install_versions` wires them to the window: the tab follows the selection (it lists versions
only while it is shown), a deleted row brings the tab to the front, a version's download goes to
the Transfers queue as a job for exactly that version, and the level of a changed object is listed
again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QMenu, QWidget

from ensure_browser.core.s3.storage import ObjectVersion
from ensure_browser.core.transfers.jobs import TransferJob
from ensure_browser.core.versions.download import plan_version_download
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.transfers.actions import TransferActions
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.versions.deleted import ShowDeleted, is_deleted_row
from ensure_browser.ui.versions.panel import VersionsPanel
from ensure_browser.ui.versions.preview import VersionPreview
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)



class VersionsTab(VersionsPanel):
    """The panel as a tab: the selection is listed when the tab is shown, not on every click."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.stale = False
        super().__init__(parent)

    def reload(self) -> None:
        if not self.isVisible():
            self.stale = True
            return
        self.stale = False
        super().reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()


class Versions(QObject):
    """The Versions tab, Show deleted and Undelete in one window."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.panel = VersionsTab()
        self.previews: list[VersionPreview] = []
        window.add_detail_tab(self.panel, tr("Versions"))
        self.deleted = ShowDeleted(window)
        window.tree_panel.nodeSelected.connect(self._selected)
        window.treeShown.connect(lambda _title: self._selected(None))  # another tree or connection: no selection
        self.panel.changed.connect(self._changed)
        self.panel.download_requested.connect(self.download)
        self.panel.preview_requested.connect(self.preview)
        self.panel.message.connect(window.show_status)
        self.deleted.undeleted.connect(self._undeleted)
        window.context_menu_providers.append(self.context_menu)

    def _selected(self, node: Node | None) -> None:
        conn = self.window.connection
        storage = conn.storage if conn is not None else None
        if node is None or node.bucket is None or not node.key or node.is_container:
            self.panel.show_object(None, None, None)
            return
        self.panel.show_object(storage, node.bucket, node.key, conn.names if conn is not None else None, node.label)
        if is_deleted_row(node):
            self.window.show_detail_tab(self.panel)

    def context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        if node.bucket is None or not node.key or node.is_container or window.connection is None:
            return
        menu.addSeparator()
        if is_deleted_row(node):
            menu.addAction(tr("Undelete")).triggered.connect(lambda: self.deleted.undelete_node(node))
        menu.addAction(tr("Versions")).triggered.connect(lambda: self.show_versions(node))

    def show_versions(self, node: Node) -> None:
        self.window.tree_panel.select_node(node)
        self.window.show_detail_tab(self.panel)

    def _changed(self, bucket: str, key: str) -> None:
        """A restore, undelete or permanent delete: list the object's level again (where it is shown)."""
        level = self.window.tree_panel.level
        if level is not None and level.bucket == bucket and any(c.key == key for c in level.children):
            self.deleted.refresh_level(level, key)

    def _undeleted(self, bucket: str, key: str) -> None:
        if (self.panel.bucket, self.panel.key) == (bucket, key):
            self.panel.reload()

    def preview(self, version: ObjectVersion) -> VersionPreview | None:
        conn = self.window.connection
        if conn is None or conn.storage is None:
            return None
        dialog = VersionPreview(conn.storage, version, conn.names, self.window)
        dialog.destroyed.connect(lambda *_: self.previews.remove(dialog) if dialog in self.previews else None)
        self.previews.append(dialog)
        dialog.show()
        return dialog

    def download(self, bucket: str, key: str, version_id: str, folder: str) -> None:
        conn, transfers = self.window.connection, self.window.service(TransferActions)
        controller = transfers.controller if transfers is not None else None
        if conn is None or conn.storage is None or transfers is None or controller is None:
            self.window.show_error(tr("Downloads are not available: no connection is open."))
            return
        storage, names, queue = conn.storage, conn.names, controller.queue

        def work(_ctx: TaskContext) -> TransferJob:
            return plan_version_download(storage, bucket, key, version_id, Path(folder), names,
                                         taken=queue.state.unfinished_download_paths())

        def done(job: TransferJob) -> None:
            queue.add_downloads([job])
            transfers.dock.show()
            self.window.show_status(tr("Downloading the chosen version as {0}").format(job.display_name))

        def failed(exc: BaseException) -> None:
            self.window.show_error(tr("The version was not downloaded: {0}").format(
                error_text(exc)))

        workers().run("transfer", work, on_done=done, on_error=failed, owner=self, name="plan version download")


def install_versions(window: Host) -> Versions:
    versions = Versions(window)
    window.provide(Versions, versions)
    return versions
