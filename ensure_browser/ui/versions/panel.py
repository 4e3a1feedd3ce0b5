"""The Versions tab: every version and delete marker of the selected object, the latest first.

A version can be previewed (:mod:`.preview`), downloaded under its real name (a transfer of exactly
that version), restored (copied on top: it becomes the latest, no version is removed) or, chosen
explicitly, deleted permanently by its version id after a confirmation that names exactly those
versions. An object whose latest version is a delete marker is shown as deleted, with Undelete.
Every request runs in a worker; a late answer for an object no longer shown is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.errors import StorageError
from ensure_browser.core.s3.storage import ObjectVersion, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.versions.restore import Restored, restore_version, undelete_with_thumbnail
from ensure_browser.core.versions.state import ENABLED, STATES
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

VERSION_ROLE = Qt.ItemDataRole.UserRole



def when(version: ObjectVersion) -> str:
    return (formats.date_time(version.last_modified, seconds=True) or "-")


def deleted_permanently_text(key: str, chosen: list[ObjectVersion]) -> str:
    """The confirmation of Delete permanently: exactly the chosen versions, by date and id."""
    lines = [tr("Delete these {0} versions of {1} permanently?").format(len(chosen), key) if len(chosen) > 1
             else tr("Delete this version of {0} permanently?").format(key)]
    for v in chosen:
        what = tr("the deletion") if v.is_delete_marker else formats.size(v.size)
        lines.append(f"• {when(v)}  {what}  ({v.version_id})")
    return "\n".join(lines)


class VersionsPanel(QWidget):
    """Call :meth:`show_object` on every selection change. ``changed(bucket, key)``: a restore, an
    undelete or a permanent delete changed the object (its level should be listed again);
    ``download_requested(bucket, key, version_id, folder)``: a version to download."""

    changed = Signal(str, str)
    download_requested = Signal(str, str, str, str)
    preview_requested = Signal(object)  # ObjectVersion
    loaded = Signal()  # the list shows the current object's versions (or why not)
    message = Signal(str)  # what a restore, undelete or permanent delete did (for the status bar)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.storage: Storage | None = None
        self.bucket: str | None = None
        self.key: str | None = None
        self.versions: list[ObjectVersion] = []
        self.shown_name = ""  # what the row calls the object (a material's file name), else its key
        self.handle: TaskHandle | None = None
        self.busy_with = ""
        self.confirm: QMessageBox | None = None
        self.names: BucketNames | None = None
        self.outcome = ""  # what the last change did, shown above the list once it is listed again
        self.ask_folder: Callable[[], str] = lambda: QFileDialog.getExistingDirectory(self, tr("Download to folder"))

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # keys are the server's words
        self.table = QTreeWidget()
        self.table.setAccessibleName(tr("Versions of the selected object"))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setHeaderLabels([tr("Modified"), tr("Size"), tr("Version"), tr("By"), tr("Version id")])
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self.preview_selected())

        self.undelete_button = self._button(tr("Undelete"), tr("Bring the deleted object back (its newest version)"),
                                            self.undelete)
        self.preview_button = self._button(tr("Preview"), tr("Preview the chosen version"), self.preview_selected)
        self.download_button = self._button(tr("Download…"), tr("Download the chosen version"), self.download_selected)
        self.restore_button = self._button(tr("Restore"), tr("Make the chosen version the latest (no version is "
                                                             "removed)"), self.restore_selected)
        self.purge_button = self._button(tr("Delete permanently…"), tr("Remove the chosen versions for good"),
                                         self.delete_permanently)
        self.refresh_button = self._button(tr("Refresh"), tr("List the versions again"), self.reload)
        buttons = QHBoxLayout()
        for b in (self.undelete_button, self.preview_button, self.download_button, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.purge_button)
        buttons.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.show_object(None, None, None)

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tip)
        button.clicked.connect(lambda: slot())
        return button

    # -- what is shown -------------------------------------------------------------------------------
    def show_object(self, storage: Storage | None, bucket: str | None, key: str | None,
                    names: BucketNames | None = None, name: str = "") -> None:
        """List the versions of ``key`` (None: nothing, or not an object); ``names``: the schema's buckets;
        ``name``: what the row calls it (a material's file name), else the key."""
        self.names = names
        self.shown_name = name or key or ""
        if self.handle is not None and self.busy_with == "list":
            self.handle.cancel()
            self.handle = None
        if (bucket, key) != (self.bucket, self.key):
            self.outcome = ""
        self.storage, self.bucket, self.key = storage, bucket, key
        self.versions = []
        self.table.clear()
        if storage is None or bucket is None or not key or key.endswith("/"):
            self.note.setText(tr("Select an object to see its versions."))
            self._update_buttons()
            return
        self.reload()

    def reload(self) -> None:
        storage, bucket, key = self.storage, self.bucket, self.key
        if storage is None or bucket is None or key is None:
            return
        self.note.setText(tr("Listing the versions of {0}…").format(self.shown_name))

        def work(ctx: TaskContext) -> tuple[list[ObjectVersion], str | None]:
            return storage.list_versions(bucket, key, ctx.token), STATES.get(storage, bucket)

        def done(result: tuple[list[ObjectVersion], str | None]) -> None:
            if (self.bucket, self.key) == (bucket, key):
                self._listed(*result)

        self._start("list", work, done)

    def _listed(self, versions: list[ObjectVersion], state: str | None) -> None:
        self.versions = versions
        self.table.clear()
        for v in versions:
            what = tr("Deleted") if v.is_delete_marker else tr("Version")
            if v.is_latest:
                what += " " + tr("(latest)")
            item = QTreeWidgetItem([when(v), "" if v.is_delete_marker else formats.size(v.size), what, v.owner,
                                    v.version_id])
            item.setData(0, VERSION_ROLE, v)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if v.is_delete_marker:
                for col in range(5):
                    item.setForeground(col, self.palette().placeholderText())
            self.table.addTopLevelItem(item)
        for col in range(4):
            self.table.resizeColumnToContents(col)
        note = self._note(versions, state)
        self.note.setText(f"{self.outcome}\n{note}" if self.outcome else note)  # until another object is shown
        self._update_buttons()
        self.loaded.emit()

    def _note(self, versions: list[ObjectVersion], state: str | None) -> str:
        if not versions:
            return tr("{0} has no versions: it does not exist.").format(self.shown_name)
        if self.deleted:
            return tr("{0} is deleted. Undelete brings back its newest version; or choose an older one and "
                      "Restore.").format(self.shown_name)
        if state != ENABLED:
            return tr("Versioning is off for this bucket: only the current version is kept, and a delete is "
                      "final.") if len(versions) == 1 else tr("Versioning is not on for this bucket now: the "
                                                             "versions below are kept, new changes are not.")
        return tr("{0} versions. Restore copies a version on top: it becomes the latest and every version "
                  "stays.").format(len(versions))

    @property
    def deleted(self) -> bool:
        return bool(self.versions) and self.versions[0].is_delete_marker

    def chosen(self) -> list[ObjectVersion]:
        return [v for item in self.table.selectedItems()
                if isinstance(v := item.data(0, VERSION_ROLE), ObjectVersion)]

    def select_version(self, version_id: str) -> bool:
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            version = item.data(0, VERSION_ROLE) if item is not None else None
            if item is not None and isinstance(version, ObjectVersion) and version.version_id == version_id:
                # That version alone, whatever modifier keys the application last saw (a held Ctrl would
                # otherwise add it to the selection).
                self.table.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = self.chosen()
        one = chosen[0] if len(chosen) == 1 else None
        idle = self.handle is None
        content = one is not None and not one.is_delete_marker
        self.undelete_button.setVisible(self.deleted)
        self.undelete_button.setEnabled(idle and self.deleted)
        self.preview_button.setEnabled(content)
        self.download_button.setEnabled(content)
        self.restore_button.setEnabled(idle and content and one is not None and not one.is_latest)
        self.purge_button.setEnabled(idle and bool(chosen))
        self.refresh_button.setEnabled(self.key is not None and self.storage is not None)

    # -- actions -------------------------------------------------------------------------------------
    def preview_selected(self) -> None:
        chosen = self.chosen()
        if len(chosen) == 1 and not chosen[0].is_delete_marker:
            self.preview_requested.emit(chosen[0])

    def download_selected(self) -> None:
        chosen = self.chosen()
        if len(chosen) != 1 or chosen[0].is_delete_marker:
            return
        folder = self.ask_folder()
        if folder:
            v = chosen[0]
            self.download_requested.emit(v.bucket, v.key, v.version_id, folder)

    def restore_selected(self) -> None:
        chosen = self.chosen()
        if len(chosen) != 1 or chosen[0].is_delete_marker or chosen[0].is_latest:
            return
        version = chosen[0]
        storage = self.storage
        assert storage is not None
        self._change("restore", lambda ctx: restore_version(storage, version.bucket, version.key, version.version_id,
                                                            ctx.token))

    def undelete(self) -> None:
        storage, bucket, key = self.storage, self.bucket, self.key
        if storage is None or bucket is None or key is None or not self.deleted:
            return
        names = self.names
        self._change("undelete", lambda ctx: undelete_with_thumbnail(storage, bucket, key, names, ctx.token)[0])

    def delete_permanently(self) -> None:
        chosen = self.chosen()
        if not chosen or self.key is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Delete permanently"),
                          deleted_permanently_text(self.shown_name or self.key, chosen),
                          QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(tr("These versions are removed for good: this cannot be undone. The other "
                                  "versions are kept."))
        delete = box.addButton(tr("Delete permanently"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._purge_answered(button is delete, chosen))
        self.confirm = box
        box.open()

    def _purge_answered(self, yes: bool, chosen: list[ObjectVersion]) -> None:
        self.confirm = None
        storage = self.storage
        if not yes or storage is None:
            self.note.setText(tr("Nothing was deleted."))
            return

        def work(ctx: TaskContext) -> list[tuple[ObjectVersion, str]]:
            failed: list[tuple[ObjectVersion, str]] = []
            for v in chosen:  # exactly the confirmed version ids, nothing else
                ctx.check()
                try:
                    storage.delete_version(v.bucket, v.key, v.version_id)
                except StorageError as err:
                    failed.append((v, error_text(err)))
            return failed

        self._change("purge", work)

    def _change(self, what: str, work: Callable[[TaskContext], Any]) -> None:
        bucket, key = self.bucket, self.key
        assert bucket is not None and key is not None

        def done(result: Any) -> None:
            self.outcome = self._done_text(what, result)
            self.note.setText(self.outcome)
            self.message.emit(self.outcome)
            self.changed.emit(bucket, key)
            if (self.bucket, self.key) == (bucket, key):
                self.reload()

        self._start(what, work, done)

    def _done_text(self, what: str, result: Any) -> str:
        if isinstance(result, Restored):
            if result.unchanged:
                return tr("That version is the latest already; nothing was changed.")
            if result.was_deleted:
                return tr("{0} is back: the version of {1} is the latest again.").format(
                    result.source.key, when(result.source))
            return tr("The version of {0} is the latest again; every version is kept.").format(when(result.source))
        failed: list[tuple[ObjectVersion, str]] = result
        if failed:
            return tr("{0} versions were not deleted; {1}: {2}").format(
                len(failed), failed[0][0].version_id, failed[0][1])
        return tr("The chosen versions were deleted permanently.")

    def _start(self, what: str, work: Callable[[TaskContext], Any], done: Callable[[Any], None]) -> None:
        def finished(result: Any) -> None:
            self.handle = None
            done(result)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.handle = None
            message = error_text(exc)
            self.note.setText(tr("{0} failed: {1}").format(self._verb(what), message))
            self._update_buttons()
            self.loaded.emit()

        def cancelled() -> None:
            self.handle = None
            self._update_buttons()

        self.busy_with = what
        self.handle = workers().run("misc", work, on_done=finished, on_error=failed, on_cancelled=cancelled,
                                    owner=self, name=f"versions {what}")
        self._update_buttons()

    @staticmethod
    def _verb(what: str) -> str:
        return {"list": tr("Listing the versions"), "restore": tr("Restoring"), "undelete": tr("Undelete"),
                "purge": tr("Deleting permanently")}.get(what, what)
