"""View > Show deleted objects: the contents of a level also list its deleted objects (those whose
latest version is a delete marker), greyed, of the kind "Deleted", with Undelete in their context
menu and in the Versions tab.

The rows are added after the level's own listing (one ListObjectVersions of the level, in a
worker); turning the toggle off, or a refresh, lists the level again without them. Undelete copies
the object's newest version on top (no version is removed; a material's thumbnail deleted with it
comes back too), lists the level again and selects the object that came back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle

from ensure_browser.core.errors import StorageError
from ensure_browser.core.s3.storage import DeletedObject, Storage
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META
from ensure_browser.core.versions.restore import Restored, undelete_with_thumbnail
from ensure_browser.ui import formats
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.preview.pane import DELETED_KIND
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)

NAMED_HEADS = 200  # deleted objects of a level whose real name is read (one HEAD each)



def is_deleted_row(node: Node | None) -> bool:
    return node is not None and node.kind == DELETED_KIND and isinstance(node.payload, DeletedObject)


def deleted_row(item: DeletedObject, name: str = "") -> Node:
    """The greyed row of a deleted object: its real ``name`` (else the key's), its newest version's
    size, the date it was deleted."""
    size = item.restorable.size if item.restorable is not None else 0
    tip = tr("Deleted. Undelete (context menu or the Versions tab) brings back its newest version.") \
        if item.restorable is not None else tr("Deleted; no version with content is left.")
    icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon)
    return Node(label=name or item.name, kind=DELETED_KIND, kind_label=tr("Deleted"), bucket=item.bucket, key=item.key,
                size=size, modified=item.deleted_at, payload=item, tooltip=tip, icon=icon)


def real_name_of(storage: Storage, item: DeletedObject) -> str:
    """The original file name in the metadata of a deleted object's newest version ("" if none)."""
    version = item.restorable
    if version is None:
        return ""
    try:
        return storage.stat(item.bucket, item.key, version.version_id).metadata.get(ORIGINAL_NAME_META, "")
    except StorageError as err:
        log.info("no name for deleted s3://%s/%s: %s", item.bucket, item.key, err.message)
        return ""


def level_prefix(level: Node | None) -> tuple[str, str] | None:
    """(bucket, prefix) of a level whose deleted objects can be listed, else None."""
    if level is None or level.bucket is None or not level.is_container:
        return None
    key = level.key or ""
    if key and not key.endswith("/"):
        key += "/"
    return level.bucket, key


class ShowDeleted(QObject):
    """The toggle, the rows it adds and Undelete. ``undeleted(bucket, key)`` after an undelete."""

    undeleted = Signal(str, str)
    rowsShown = Signal(object, int)  # the level, how many deleted rows it shows

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.reselect: tuple[Node, str] | None = None  # select this key in this level once it is listed
        self.action = QAction(tr("Show &deleted objects"), window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.action.setToolTip(tr("List the deleted objects of a folder too (on a bucket that keeps versions)"))
        self.action.toggled.connect(self._toggled)
        window.add_view_action(self.action)
        window.tree_panel.levelChanged.connect(self._level_changed)
        window.model_hooks.append(self._watch)

    def _watch(self, model: LazyTreeModel, _host: Host) -> None:
        model.loadFinished.connect(lambda node, m=model: self._level_loaded(m, node))

    # -- the rows ------------------------------------------------------------------------------------
    def _toggled(self, on: bool) -> None:
        level, model = self.window.tree_panel.level, self.window.current_model()
        if level is None or model is None:
            return
        if on:
            if level_prefix(level) is None:
                self.window.show_status(tr("Deleted objects are listed in the folders of a bucket."))
            elif level.state is LoadState.LOADED:
                self.list_deleted(model, level, announce=True)
        elif any(is_deleted_row(c) for c in level.children):
            model.refresh(level)

    def _level_changed(self, level: Node) -> None:
        model = self.window.current_model()
        if self.action.isChecked() and model is not None and level.state is LoadState.LOADED:
            self.list_deleted(model, level)

    def _level_loaded(self, model: LazyTreeModel, node: Node) -> None:
        reselect, self.reselect = self.reselect, None
        if reselect is not None and reselect[0] is node:
            found = model.find_child(node, lambda c: c.key == reselect[1] and not is_deleted_row(c))
            if found is not None:
                self.window.tree_panel.select_node(found)
        if self.action.isChecked() and node is self.window.tree_panel.level and model is self.window.current_model():
            self.list_deleted(model, node)

    def list_deleted(self, model: LazyTreeModel, level: Node, announce: bool = False) -> None:
        """Add ``level``'s deleted objects to it; ``announce``: say so in the status bar even when none."""
        where, conn = level_prefix(level), self.window.connection
        if where is None or conn is None or conn.storage is None or any(is_deleted_row(c) for c in level.children):
            return
        storage, (bucket, prefix) = conn.storage, where

        def work(ctx: TaskContext) -> list[tuple[DeletedObject, str]]:
            found = storage.deleted_in_level(bucket, prefix, ctx.token)
            return [(d, real_name_of(storage, d) if n < NAMED_HEADS else "") for n, d in enumerate(found)]

        def done(found: list[tuple[DeletedObject, str]]) -> None:
            if (not self.action.isChecked() or level.state is not LoadState.LOADED
                    or any(is_deleted_row(c) for c in level.children)):
                return
            present = {c.key for c in level.children}
            rows = [deleted_row(d, name) for d, name in found if d.key not in present]
            model.append_rows(level, rows)
            if rows or announce:
                self.window.show_status(tr("Deleted objects in {0}: {1}").format(level.label, len(rows)) if rows
                                        else tr("No deleted objects in {0}.").format(level.label))
            self.rowsShown.emit(level, len(rows))

        def failed(exc: BaseException) -> None:
            message = error_text(exc)
            self.window.show_warning(tr("The deleted objects of {0} cannot be listed: {1}").format(
                level.label, message))

        workers().run("misc", work, on_done=done, on_error=failed, owner=self, name="list deleted")

    # -- undelete ------------------------------------------------------------------------------------
    def undelete_node(self, node: Node, after: Callable[[], None] | None = None) -> None:
        conn = self.window.connection
        if not is_deleted_row(node) or conn is None or conn.storage is None or node.bucket is None or not node.key:
            return
        storage, names, bucket, key, level = conn.storage, conn.names, node.bucket, node.key, node.parent
        self.window.show_status(tr("Bringing back {0}…").format(node.label))

        def work(ctx: TaskContext) -> Restored:
            return undelete_with_thumbnail(storage, bucket, key, names, ctx.token)[0]

        def done(restored: Restored) -> None:
            self.window.show_status(tr("{0} is back (its version of {1}); every version is kept.").format(
                key.rsplit("/", 1)[-1], formats.date_time(restored.source.last_modified)
                if restored.source.last_modified else "-"))
            self.undeleted.emit(bucket, key)
            self.refresh_level(level, key)
            if after is not None:
                after()

        def failed(exc: BaseException) -> None:
            message = error_text(exc)
            self.window.show_error(tr("{0} was not brought back: {1}").format(key, message))

        workers().run("misc", work, on_done=done, on_error=failed, owner=self, name="undelete")

    def refresh_level(self, level: Node | None, select_key: str | None = None) -> None:
        """List ``level`` again (in the tree shown) and then select ``select_key`` in it."""
        model = self.window.current_model()
        if level is None or model is None or level.parent is None:
            return
        if select_key is not None:
            self.reselect = (level, select_key)
        model.refresh(level)  # lists it again at once
