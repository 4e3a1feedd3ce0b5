"""The transfer queue in the GUI: a table of jobs, the conflict prompt, incomplete uploads.

:class:`TransferController` is what the main window creates: it owns the Qt-free
:class:`~ensure_browser.core.transfers.queue.TransferQueue`, runs its work items with
``workers().run("transfer", ...)`` (the queue itself starts no threads), answers conflict questions
with :class:`ConflictDialog`, and exposes :attr:`TransferController.panel` (a widget to dock) and
signals for the status bar.

Updates are coalesced (the qutebrowser downloads lesson): queue listeners, called from worker
threads, only record which jobs changed; :class:`TransferTableModel` applies the changes on a 100 ms
timer, so a row gets at most ten ``dataChanged`` a second however fast its bytes move.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled, StorageError
from ensure_browser.core.s3.storage import MultipartUploadInfo, ObjectInfo, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.schema.tree import DomainNode
from ensure_browser.core.transfers.jobs import (
    BatchSummary,
    ConflictAnswer,
    ConflictPolicy,
    ConflictQuestion,
    Direction,
    JobState,
    RecoveryReport,
    ThumbnailRenderer,
    TransferJob,
    Work,
)
from ensure_browser.core.transfers.journal import Journal, default_journal_path
from ensure_browser.core.transfers.plan import DropPlan, DropTarget, plan_drop
from ensure_browser.core.transfers.queue import TransferQueue
from ensure_browser.core.units import human_bytes
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
UPDATE_INTERVAL_MS = 100  # at most 10 updates a second per row
# Rows a flush inserts at most; the rest of a big drop comes with the next flushes, so that taking
# their snapshots (10,000 at once took ~0.1 s) never holds the event loop long.
INSERT_BATCH = 2_000


def tr(text: str) -> str:
    return QCoreApplication.translate("Transfers", text)


def _state_label(state: JobState) -> str:
    return {
        JobState.QUEUED: tr("Queued"),
        JobState.RUNNING: tr("Running"),
        JobState.PAUSED: tr("Paused"),
        JobState.DONE: tr("Done"),
        JobState.FAILED: tr("Failed"),
        JobState.CANCELLED: tr("Cancelled"),
        JobState.SKIPPED: tr("Skipped"),
    }[state]


def format_speed(speed: float) -> str:
    return tr("{0}/s").format(human_bytes(int(speed))) if speed > 0 else ""


def format_eta(seconds: float | None) -> str:
    if seconds is None or seconds < 0:
        return ""
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def summary_message(summary: BatchSummary) -> str:
    """"12 files uploaded, 1 failed" for a finished batch."""
    parts: list[str] = []

    def files(n: int, one: str, many: str) -> None:
        if n:
            parts.append(tr(one) if n == 1 else tr(many).format(n))

    files(summary.uploaded, "1 file uploaded", "{0} files uploaded")
    files(summary.downloaded, "1 file downloaded", "{0} files downloaded")
    if summary.failed:
        parts.append(tr("{0} failed").format(summary.failed))
    if summary.skipped:
        parts.append(tr("{0} skipped").format(summary.skipped))
    if summary.cancelled:
        parts.append(tr("{0} cancelled").format(summary.cancelled))
    if summary.thumbnails_failed:
        parts.append(tr("{0} thumbnail(s) could not be made").format(summary.thumbnails_failed))
    return ", ".join(parts) or tr("Nothing was transferred")


# -- tree nodes -> drop targets --------------------------------------------------------------------

def drop_target_for(node: Node) -> DropTarget | None:
    """Where files dropped on ``node`` go, by meaning.

    Domain nodes (payload :class:`~ensure_browser.core.schema.tree.DomainNode`) map to their layout kind
    and ids ("classroom" + classroom_id, "notes" + student_id, "meeting" ...); a drop on an object
    means a drop on its folder. Raw nodes map to their bucket and prefix. Other nodes take no drops.
    """
    payload = node.payload
    if isinstance(payload, DomainNode):
        ids = {k: str(v) for k, v in payload.ids.items()}
        prefix = payload.key if payload.is_container else payload.key.rpartition("/")[0] + "/"
        label = f"{payload.kind_label} {payload.label}".strip()
        return DropTarget(payload.kind, payload.bucket, prefix, ids, label)
    if node.bucket is None:
        return None
    if node.kind == "bucket":
        return DropTarget("bucket", node.bucket, "", label=node.bucket)
    if node.is_container:
        return DropTarget("raw_prefix", node.bucket, node.key or "", label=node.path)
    if isinstance(payload, ObjectInfo) or node.key:
        prefix = (node.key or "").rpartition("/")[0]
        prefix = prefix + "/" if prefix else ""
        return DropTarget("raw_prefix" if prefix else "bucket", node.bucket, prefix,
                          label=f"s3://{node.bucket}/{prefix}")
    return None


def download_item_for(node: Node) -> tuple[str, str] | None:
    """(bucket, key) to download for a node: an object, or a prefix ending in "/" ("" = bucket)."""
    if node.bucket is None:
        return None
    key = node.key or ""
    if node.is_container and key and not key.endswith("/"):
        key += "/"
    return node.bucket, key


# -- the model -------------------------------------------------------------------------------------

class TransferTableModel(QAbstractTableModel):
    """Rows are jobs in queue order. Changes are applied on a timer (see module doc)."""

    COLUMNS = ("Name", "Target", "Size", "Progress", "Speed", "ETA", "State")
    JobRole = Qt.ItemDataRole.UserRole + 1
    ProgressRole = Qt.ItemDataRole.UserRole + 2
    PROGRESS_COLUMN = 3

    overallProgress = Signal(int, str)
    _armed = Signal()

    def __init__(self, queue: TransferQueue, parent: QObject | None = None,
                 interval_ms: int = UPDATE_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.queue = queue
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._jobs: dict[str, TransferJob] = {}
        self._lock = threading.Lock()
        self._added: list[str] = []
        self._removed: set[str] = set()
        self._dirty: set[str] = set()
        self._is_armed = False
        self._last_overall: tuple[int, str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # never early: at most 10 flushes a second
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        self._armed.connect(self._arm, Qt.ConnectionType.QueuedConnection)
        queue.subscribe(self._on_event)
        for job_id in queue.job_ids():
            self._on_event("added", job_id)

    # -- any thread --------------------------------------------------------------------------------
    def _on_event(self, event: str, job_id: str) -> None:
        with self._lock:
            if event == "added":
                self._added.append(job_id)
            elif event == "removed":
                self._removed.add(job_id)
            else:
                self._dirty.add(job_id)
            if self._is_armed:
                return
            self._is_armed = True
        with contextlib.suppress(RuntimeError):  # the model is gone (application closing)
            self._armed.emit()

    # -- GUI thread ----------------------------------------------------------------------------------
    def _arm(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Apply the recorded changes: row removals, insertions, then one dataChanged per run."""
        with self._lock:
            added, removed, dirty = self._added, self._removed, self._dirty
            self._added, self._removed, self._dirty = [], set(), set()
            self._is_armed = False
        if removed:
            rows = sorted(self._rows[j] for j in removed if j in self._rows)
            for first, last in reversed(_runs(rows)):
                self.beginRemoveRows(QModelIndex(), first, last)
                for jid in self._ids[first:last + 1]:
                    self._jobs.pop(jid, None)
                del self._ids[first:last + 1]
                self.endRemoveRows()
            self._rows = {jid: i for i, jid in enumerate(self._ids)}
        fresh = [jid for jid in dict.fromkeys(added) if jid not in self._rows and jid not in removed]
        if len(fresh) > INSERT_BATCH:  # the rest with the next flush
            later, fresh = fresh[INSERT_BATCH:], fresh[:INSERT_BATCH]
            with self._lock:
                self._added[:0] = later
                self._is_armed = True
            self._timer.start()
        snaps = self.queue.snapshots(fresh)
        if snaps:
            start = len(self._ids)
            self.beginInsertRows(QModelIndex(), start, start + len(snaps) - 1)
            for snap in snaps:
                self._rows[snap.id] = len(self._ids)
                self._ids.append(snap.id)
                self._jobs[snap.id] = snap
            self.endInsertRows()
        changed: list[int] = []
        for snap in self.queue.snapshots(jid for jid in dirty - set(fresh) if jid in self._rows):
            self._jobs[snap.id] = snap
            changed.append(self._rows[snap.id])
        last_col = len(self.COLUMNS) - 1
        for first, last in _runs(sorted(changed)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_col))
        self._emit_overall()

    def _emit_overall(self) -> None:
        active = [j for j in self._jobs.values()
                  if j.state in (JobState.QUEUED, JobState.RUNNING, JobState.PAUSED)]
        if not active:
            value: tuple[int, str] = (-1, "")
        else:
            total = sum(j.size for j in active)
            done = sum(min(j.bytes_done, j.size) for j in active)
            percent = int(100 * done / total) if total else 0
            speed = sum(j.speed for j in active if j.state is JobState.RUNNING)
            running = sum(1 for j in active if j.state is JobState.RUNNING)
            text = tr("Transfers: {0} active, {1} of {2} ({3} %)").format(
                len(active), human_bytes(done), human_bytes(total), percent)
            if running and speed > 0:
                text += " · " + format_speed(speed)
            value = (percent, text)
        if value != self._last_overall:
            self._last_overall = value
            self.overallProgress.emit(*value)

    # -- Qt model API ----------------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return tr(self.COLUMNS[section])
        return None

    def job_at(self, row: int) -> TransferJob | None:
        if 0 <= row < len(self._ids):
            return self._jobs.get(self._ids[row])
        return None

    def row_of(self, job_id: str) -> int | None:
        return self._rows.get(job_id)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        job = self.job_at(index.row())
        if job is None:
            return None
        col = index.column()
        if role == self.JobRole:
            return job
        if role == self.ProgressRole:
            return int(job.fraction * 100)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{job.source}\n→ {job.target}"
            return tip + (f"\n\n{job.error}" if job.error else "")
        if role == Qt.ItemDataRole.ForegroundRole and col == 6 and job.state is JobState.FAILED:
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, job: TransferJob, col: int) -> str:
        if col == 0:
            arrow = "↓ " if job.direction is Direction.DOWNLOAD else "↑ "
            return arrow + job.name
        if col == 1:
            return job.target
        if col == 2:
            return human_bytes(job.size) if job.size or job.state is JobState.DONE else ""
        if col == 3:
            return f"{int(job.fraction * 100)} %"
        if col == 4:
            return format_speed(job.speed) if job.state is JobState.RUNNING else ""
        if col == 5:
            return format_eta(job.eta) if job.state is JobState.RUNNING else ""
        if col == 6:
            label = _state_label(job.state)
            return f"{label}: {job.error}" if job.error and job.state is not JobState.DONE else label
        return ""


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Ascending rows -> (first, last) ranges of consecutive rows."""
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and row == out[-1][1] + 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out


class ProgressDelegate(QStyledItemDelegate):
    """Paints the progress column as a progress bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        value = index.data(TransferTableModel.ProgressRole)
        if not isinstance(value, int):
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = value
        bar.text = f"{value} %"
        bar.textVisible = True
        bar.state = option.state
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


# -- the panel -------------------------------------------------------------------------------------

class TransferPanel(QWidget):
    """Buttons, a table of jobs and a context menu. Acts on the queue directly (non-blocking)."""

    def __init__(self, controller: TransferController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transfers-panel")
        self.controller = controller
        self.queue = controller.queue
        self.model = controller.model
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setItemDelegateForColumn(TransferTableModel.PROGRESS_COLUMN, ProgressDelegate(self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 220), (2, 80), (3, 120), (4, 90), (5, 60), (6, 160)):
            self.view.setColumnWidth(col, width)

        self.pause_button = QPushButton(tr("Pause"))
        self.resume_button = QPushButton(tr("Resume"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.retry_button = QPushButton(tr("Retry"))
        self.clear_button = QPushButton(tr("Clear finished"))
        self.incomplete_button = QPushButton(tr("Incomplete uploads…"))
        self.pause_button.clicked.connect(self.pause_selected)
        self.resume_button.clicked.connect(self.resume_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.clear_button.clicked.connect(self.clear_finished)
        self.incomplete_button.clicked.connect(controller.show_incomplete_uploads)

        buttons = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.cancel_button, self.retry_button,
                       self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.incomplete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

        # bound methods (not lambdas): Qt disconnects them when the panel is destroyed
        self.view.selectionModel().selectionChanged.connect(self._on_change)
        self.model.dataChanged.connect(self._on_change)
        self.model.rowsInserted.connect(self._on_change)
        self.model.rowsRemoved.connect(self._on_change)
        self.update_buttons()

    def _on_change(self, *_args: object) -> None:
        self.update_buttons()

    def selected_jobs(self) -> list[TransferJob]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [j for r in rows if (j := self.model.job_at(r)) is not None]

    def select_rows(self, rows: Iterable[int]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), selection.SelectionFlag.Select
                             | selection.SelectionFlag.Rows)

    def update_buttons(self) -> None:
        states = {j.state for j in self.selected_jobs()}
        self.pause_button.setEnabled(bool(states & {JobState.QUEUED, JobState.RUNNING}))
        self.resume_button.setEnabled(JobState.PAUSED in states)
        self.cancel_button.setEnabled(bool(states & {JobState.QUEUED, JobState.RUNNING, JobState.PAUSED}))
        self.retry_button.setEnabled(bool(states & {JobState.FAILED, JobState.CANCELLED, JobState.SKIPPED}))
        rows = range(self.model.rowCount())
        self.clear_button.setEnabled(any(
            (j := self.model.job_at(r)) is not None and j.state.finished for r in rows))

    def _apply(self, action: Callable[[str], bool]) -> None:
        for job in self.selected_jobs():
            action(job.id)
        self.update_buttons()

    def pause_selected(self) -> None:
        self._apply(self.queue.pause)

    def resume_selected(self) -> None:
        self._apply(self.queue.resume)

    def cancel_selected(self) -> None:
        self._apply(self.queue.cancel)

    def retry_selected(self) -> None:
        self._apply(self.queue.retry)

    def clear_finished(self) -> None:
        self.queue.clear_finished()

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.build_context_menu()
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def build_context_menu(self) -> QMenu | None:
        jobs = self.selected_jobs()
        if not jobs:
            return None
        self.update_buttons()
        menu = QMenu(self)
        entries = ((self.pause_button, self.pause_selected), (self.resume_button, self.resume_selected),
                   (self.cancel_button, self.cancel_selected), (self.retry_button, self.retry_selected))
        for button, slot in entries:
            action = QAction(button.text(), menu)
            action.setEnabled(button.isEnabled())
            action.triggered.connect(slot)
            menu.addAction(action)
        downloads = [j for j in jobs if j.direction is Direction.DOWNLOAD and j.state is JobState.DONE]
        if len(downloads) == 1:
            menu.addSeparator()
            folder = Path(downloads[0].local_path).parent
            action = QAction(tr("Open containing folder"), menu)
            action.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
            menu.addAction(action)
        failed = [j for j in jobs if j.error]
        if len(failed) == 1:
            action = QAction(tr("Copy error message"), menu)
            action.triggered.connect(lambda: QApplication.clipboard().setText(failed[0].error))
            menu.addAction(action)
        return menu


# -- conflict prompt ---------------------------------------------------------------------------------

class ConflictDialog(QDialog):
    """Replace / keep both / skip, with "apply to all". Closing the dialog means skip."""

    def __init__(self, question: ConflictQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setWindowTitle(tr("File exists"))
        self._choice = ConflictPolicy.SKIP
        where = question.target
        lines = [tr("{0} already exists.").format(where)]
        if question.existing_size is not None:
            existing = human_bytes(question.existing_size)
            when = question.existing_modified.astimezone().strftime("%Y-%m-%d %H:%M") \
                if question.existing_modified else ""
            lines.append(tr("Existing: {0} {1}").format(existing, when).strip())
        lines.append(tr("New: {0}").format(human_bytes(question.new_size)))
        self.message = QLabel("\n".join(lines))
        self.message.setWordWrap(True)
        self.apply_all = QCheckBox(tr("Apply to all remaining conflicts"))
        box = QDialogButtonBox()
        self.replace_button = box.addButton(tr("Replace"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_both_button = box.addButton(tr("Keep both"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = box.addButton(tr("Skip"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_both_button.setEnabled(question.can_keep_both)
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


@dataclass
class _PendingQuestion:
    question: ConflictQuestion
    event: threading.Event = field(default_factory=threading.Event)
    answer: ConflictAnswer | None = None
    dialog: ConflictDialog | None = None


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

    COLUMNS = ("Bucket", "Key", "Started", "Age", "Size", "Upload id")

    def __init__(self, storage: Storage, buckets: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Incomplete uploads"))
        self.resize(860, 380)
        self.storage = storage
        self.buckets = list(buckets)
        self.uploads: list[IncompleteUpload] = []
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
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
            started = up.initiated.astimezone().strftime("%Y-%m-%d %H:%M") if up.initiated else ""
            values = (up.bucket, up.key, started, format_age(up.initiated, now),
                      human_bytes(item.size) if item.size is not None else tr("unknown"), up.upload_id)
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._set_busy(False, tr("{0} incomplete upload(s).").format(len(self.uploads)))
        self.loaded.emit(len(self.uploads))

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, StorageError) else str(exc)
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


# -- the controller ----------------------------------------------------------------------------------

def _default_renderer(pdf: bytes) -> bytes:
    from ensure_browser.ui.preview.pdf_render import render_pdf_page_png

    return render_pdf_page_png(pdf, 0, 320)


_DEFAULT = object()


class TransferController(QObject):
    """Owns the transfer queue and its panel; runs work with ``workers().run("transfer", ...)``."""

    overallProgress = Signal(int, str)
    batchFinished = Signal(str)
    message = Signal(str)  # refusals and recovery notes, for the banner
    refused = Signal(list)  # list[Refusal] of the last drop
    conflictAsked = Signal(object)
    _wake = Signal()
    _ask = Signal(object)  # _PendingQuestion
    _abandon = Signal(object)  # _PendingQuestion whose job stopped waiting
    _batch = Signal(object)  # BatchSummary

    def __init__(
        self,
        storage: Storage,
        names: BucketNames,
        parent: QObject | None = None,
        *,
        journal_path: Path | object | None = _DEFAULT,
        render_thumbnail: ThumbnailRenderer | None = _default_renderer,
        dialog_parent: QWidget | None = None,
        **queue_options: Any,
    ) -> None:
        super().__init__(parent)
        self.storage = storage
        self.names = names
        self.dialog_parent = dialog_parent
        path = default_journal_path() if journal_path is _DEFAULT else journal_path
        assert path is None or isinstance(path, Path)
        self.queue = TransferQueue(storage, names, journal=Journal(path), ask_conflict=self._ask_conflict,
                                   render_thumbnail=render_thumbnail, **queue_options)
        self._wake.connect(self.drive, Qt.ConnectionType.QueuedConnection)
        self._ask.connect(self._show_conflict, Qt.ConnectionType.QueuedConnection)
        self._abandon.connect(self._close_conflict, Qt.ConnectionType.QueuedConnection)
        self._batch.connect(lambda s: self.batchFinished.emit(summary_message(s)),
                            Qt.ConnectionType.QueuedConnection)
        self.queue.set_waker(self._emit_wake)
        self.queue.subscribe(on_batch=self._batch.emit)
        self.model = TransferTableModel(self.queue, self)
        self.model.overallProgress.connect(self.overallProgress)
        self.panel = TransferPanel(self)
        self.incomplete_dialog: IncompleteUploadsDialog | None = None
        self._closing = False

    def _emit_wake(self) -> None:
        with contextlib.suppress(RuntimeError):  # the controller is gone
            self._wake.emit()

    # -- running work --------------------------------------------------------------------------------
    def drive(self) -> None:
        """Start whatever the queue can run now (GUI thread)."""
        if self._closing:
            return
        for work in self.queue.take_work():
            self._start(work)

    def _start(self, work: Work) -> None:
        def run(_ctx: TaskContext) -> None:
            work.run()

        workers().run("transfer", run, token=work.token, owner=self, name=work.name,
                      on_error=lambda exc: log.error("transfer work %s failed: %s", work.name, exc))

    # -- entry points ----------------------------------------------------------------------------------
    def upload_paths(self, target: DropTarget, paths: Sequence[Path]) -> None:
        """Plan a drop in a worker (it reads PDF headers and walks folders), then queue it."""
        names, queue = self.names, self.queue
        paths = [Path(p) for p in paths]

        def work(_ctx: TaskContext) -> DropPlan:
            plan = plan_drop(target, paths, names)
            if plan.uploads:
                # queued here, not on the GUI thread: 10,000 new jobs and their journal entry take
                # a noticeable moment; the table model takes the "added" events from any thread.
                queue.add_plan(plan)
            return plan

        workers().run("transfer", work, on_done=self._planned, on_error=self._report_error, owner=self,
                      name="plan drop")

    def _planned(self, plan: DropPlan) -> None:
        if plan.refusals:
            self.refused.emit(list(plan.refusals))
            shown = [r.message for r in plan.refusals[:5]]
            more = len(plan.refusals) - len(shown)
            text = "\n".join(shown) + (tr("\n… and {0} more.").format(more) if more > 0 else "")
            self.message.emit(text)

    def download(self, items: Iterable[Node | tuple[str, str]], dest_dir: Path) -> None:
        """Download objects and prefixes (nodes, or (bucket, key) with prefixes ending in "/")."""
        pairs: list[tuple[str, str]] = []
        for item in items:
            pair = download_item_for(item) if isinstance(item, Node) else item
            if pair is not None:
                pairs.append(pair)
        queue, dest = self.queue, Path(dest_dir)

        def work(ctx: TaskContext) -> tuple[list[TransferJob], list[str]]:
            return queue.plan_downloads(pairs, dest, ctx.token)

        def done(result: tuple[list[TransferJob], list[str]]) -> None:
            jobs, refusals = result
            if refusals:
                self.message.emit("\n".join(refusals[:5]))
            if jobs:
                queue.add_downloads(jobs)

        workers().run("transfer", work, on_done=done, on_error=self._report_error, owner=self,
                      name="plan downloads")

    def recover(self) -> None:
        """Resume what the journal says was interrupted; abort uploads whose job is gone."""
        queue = self.queue

        def work(ctx: TaskContext) -> RecoveryReport:
            return queue.recover(ctx.token)

        def done(report: RecoveryReport) -> None:
            if report.messages:
                self.message.emit("\n".join(report.messages))

        workers().run("transfer", work, on_done=done, on_error=self._report_error, owner=self,
                      name="recover transfers")

    def _report_error(self, exc: BaseException) -> None:
        self.message.emit(exc.message if isinstance(exc, StorageError) else str(exc))

    def show_incomplete_uploads(self, buckets: Sequence[str] | None = None) -> IncompleteUploadsDialog:
        """Open (or raise) the incomplete uploads dialog over ``buckets`` (default: the configured ones)."""
        if self.incomplete_dialog is None:
            self.incomplete_dialog = IncompleteUploadsDialog(
                self.storage, list(buckets or self.names.all()), self.dialog_parent or self.panel)
        elif buckets:
            self.incomplete_dialog.buckets = list(buckets)
        self.incomplete_dialog.show()
        self.incomplete_dialog.raise_()
        self.incomplete_dialog.refresh()
        return self.incomplete_dialog

    # -- conflicts (asked from worker threads) -----------------------------------------------------------
    def _ask_conflict(self, question: ConflictQuestion, token: CancelToken) -> ConflictAnswer:
        pending = _PendingQuestion(question)
        self._ask.emit(pending)
        while not pending.event.wait(0.1):
            if token.cancelled:
                self._abandon.emit(pending)
                raise Cancelled(token.reason)
        assert pending.answer is not None
        return pending.answer

    def _show_conflict(self, pending: _PendingQuestion) -> None:
        dialog = ConflictDialog(pending.question, self.dialog_parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        pending.dialog = dialog

        def finished(_result: int) -> None:
            pending.answer = dialog.answer()
            pending.event.set()

        dialog.finished.connect(finished)
        dialog.open()
        self.conflictAsked.emit(dialog)

    @staticmethod
    def _close_conflict(pending: _PendingQuestion) -> None:
        if pending.dialog is not None and not pending.event.is_set():
            pending.dialog.reject()

    # -- shutdown ------------------------------------------------------------------------------------------
    def shutdown(self, msecs: int = 10_000) -> bool:
        """Interrupt running transfers (kept in the journal to resume on the next start) and wait."""
        self._closing = True
        self.queue.close()
        deadline = time.monotonic() + msecs / 1000
        pool = workers().pools["transfer"]
        ok = pool.waitForDone(max(0, int((deadline - time.monotonic()) * 1000)))
        self.queue.flush()
        return ok
