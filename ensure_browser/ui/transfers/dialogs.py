"""Dialogs of the transfers: the conflict prompt, and the multipart uploads left on the server."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import StorageError
from ensure_browser.core.s3.storage import MultipartUploadInfo, Storage
from ensure_browser.core.transfers.jobs import ConflictAnswer, ConflictPolicy, ConflictQuestion
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import QT_TR_NOOP, error_text, tr
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)



# -- conflict prompt ---------------------------------------------------------------------------------

class ConflictDialog(QDialog):
    """Replace / keep both / skip, with "apply to all". Closing the dialog means skip."""

    def __init__(self, question: ConflictQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setWindowTitle(tr("File exists"))
        self._choice = ConflictPolicy.SKIP
        where = question.target
        lines = [tr("{0} changed since you chose to replace it; it was kept.").format(where)
                 if question.changed_since else tr("{0} already exists.").format(where)]
        if question.existing_size is not None:
            existing = formats.size(question.existing_size)
            when = formats.date_time(question.existing_modified) \
                if question.existing_modified else ""
            lines.append(tr("Existing: {0} {1}").format(existing, when).strip())
        lines.append(tr("New: {0}").format(formats.size(question.new_size)))
        self.message = QLabel("\n".join(lines))
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a key or file name may hold "<"
        self.message.setWordWrap(True)
        # "all" is the rest of this drop, download or plan (its batch), never a later one
        self.apply_all = QCheckBox(tr("Apply to the remaining conflicts of this transfer"))
        box = QDialogButtonBox()
        self.replace_button = box.addButton(tr("Replace"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_both_button = box.addButton(tr("Keep both"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = box.addButton(tr("Skip"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_both_button.setEnabled(question.can_keep_both)
        self.replace_button.setToolTip(tr("Replaces the object shown here only: if it changes before the upload, "
                                          "you are asked again."))
        self.replace_button.clicked.connect(lambda: self.choose(ConflictPolicy.REPLACE))
        self.keep_both_button.clicked.connect(lambda: self.choose(ConflictPolicy.KEEP_BOTH))
        self.skip_button.clicked.connect(lambda: self.choose(ConflictPolicy.SKIP))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.apply_all)
        layout.addWidget(box)

    def choose(self, choice: ConflictPolicy) -> None:
        self._choice = choice
        if choice is ConflictPolicy.SKIP:
            self.reject()
        else:
            self.accept()

    def answer(self) -> ConflictAnswer:
        return ConflictAnswer(self._choice, self.apply_all.isChecked())


# -- incomplete uploads ------------------------------------------------------------------------------

@dataclass(frozen=True)
class IncompleteUpload:
    info: MultipartUploadInfo
    size: int | None  # sum of the listed parts; None when the parts cannot be listed


def list_incomplete_uploads(storage: Storage, buckets: Sequence[str],
                            token: CancelToken) -> list[IncompleteUpload]:
    """Multipart uploads left on the server (by anyone) in ``buckets``, with their stored size."""
    out: list[IncompleteUpload] = []
    for bucket in buckets:
        token.raise_if_cancelled()
        for up in storage.list_multipart_uploads(bucket):
            token.raise_if_cancelled()
            try:
                parts = storage.list_parts(bucket, up.key, up.upload_id)
                size: int | None = sum(s for _e, s in parts.values())
            except StorageError as err:
                log.info("cannot list the parts of %s: %s", up.key, err.message)
                size = None
            out.append(IncompleteUpload(up, size))
    return out


def format_age(initiated: datetime | None, now: datetime | None = None) -> str:
    if initiated is None:
        return ""
    seconds = max(0.0, ((now or datetime.now(UTC)) - initiated).total_seconds())
    if seconds < 3600:
        return tr("{0} min").format(int(seconds // 60))
    if seconds < 2 * 86400:
        return tr("{0} h").format(int(seconds // 3600))
    return tr("{0} days").format(int(seconds // 86400))


class IncompleteUploadsDialog(QDialog):
    """Lists multipart uploads left on the server and aborts the selected ones (after confirmation)."""

    loaded = Signal(int)  # number of uploads listed
    aborted = Signal(int)  # number of uploads aborted
    failed = Signal(str)

    COLUMNS = (QT_TR_NOOP("Bucket"), QT_TR_NOOP("Key"), QT_TR_NOOP("Started"),
               QT_TR_NOOP("Age"), QT_TR_NOOP("Size"), QT_TR_NOOP("Upload id"))

    def __init__(self, storage: Storage, buckets: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Incomplete uploads"))
        self.resize(860, 380)
        self.storage = storage
        self.buckets = list(buckets)
        self.uploads: list[IncompleteUpload] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setAccessibleName(tr("Incomplete uploads"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.status = QLabel()
        self.refresh_button = QPushButton(tr("Refresh"))
        self.abort_button = QPushButton(tr("Abort selected…"))
        close = QPushButton(tr("Close"))
        self.refresh_button.clicked.connect(self.refresh)
        self.abort_button.clicked.connect(self.abort_selected)
        close.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.abort_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Multipart uploads that were started but never completed or aborted. "
                                   "Their parts take space on the server until they are aborted.")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._busy = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.refresh_button.setEnabled(not self._busy)
        self.abort_button.setEnabled(not self._busy and bool(self.selected()))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.status.setText(text)
        self._update_buttons()

    def refresh(self) -> None:
        storage, buckets = self.storage, self.buckets

        def work(ctx: TaskContext) -> list[IncompleteUpload]:
            return list_incomplete_uploads(storage, buckets, ctx.token)

        self._set_busy(True, tr("Listing incomplete uploads…"))
        workers().run("misc", work, on_done=self._show, on_error=self._failed, owner=self,
                      name="list incomplete uploads")

    def _show(self, uploads: list[IncompleteUpload]) -> None:
        self.uploads = sorted(uploads, key=lambda u: (u.info.bucket, u.info.key, u.info.upload_id))
        self.table.setRowCount(len(self.uploads))
        now = datetime.now(UTC)
        for row, item in enumerate(self.uploads):
            up = item.info
            started = formats.date_time(up.initiated)
            values = (up.bucket, up.key, started, format_age(up.initiated, now),
                      formats.size(item.size) if item.size is not None else tr("unknown"), up.upload_id)
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._set_busy(False, tr("{0} incomplete upload(s).").format(len(self.uploads)))
        self.loaded.emit(len(self.uploads))

    def _failed(self, exc: BaseException) -> None:
        message = error_text(exc)
        self._set_busy(False, message)
        self.failed.emit(message)

    def selected(self) -> list[IncompleteUpload]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.uploads[r] for r in rows if r < len(self.uploads)]

    def confirm(self, count: int) -> bool:
        answer = QMessageBox.question(
            self, tr("Abort uploads"),
            tr("Abort {0} incomplete upload(s)? Their uploaded parts are deleted; this cannot be undone.")
            .format(count))
        return answer == QMessageBox.StandardButton.Yes

    def abort_selected(self) -> None:
        chosen = self.selected()
        if not chosen or not self.confirm(len(chosen)):
            return
        storage = self.storage

        def work(ctx: TaskContext) -> int:
            done = 0
            for item in chosen:
                ctx.check()
                storage.abort_multipart(item.info.bucket, item.info.key, item.info.upload_id)
                done += 1
            return done

        def finished(count: int) -> None:
            self.aborted.emit(count)
            self.refresh()

        self._set_busy(True, tr("Aborting…"))
        workers().run("transfer", work, on_done=finished, on_error=self._failed, owner=self,
                      name="abort incomplete uploads")

