"""The transfer queue in the GUI: a table of jobs (:class:`TransferTableModel`) in a panel.

:class:`TransferPanel` is the widget the main window docks (made by
:class:`~ensure_browser.ui.transfers.controller.TransferController`): buttons, the table and its
context menu, acting on the queue directly (non-blocking).

Updates are coalesced (the qutebrowser downloads lesson): queue listeners, called from worker
threads, only record which jobs changed; :class:`TransferTableModel` applies the changes on a 100 ms
timer, so a row gets at most ten ``dataChanged`` a second however fast its bytes move.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
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
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.transfers.already_there import DownloadPlan
from ensure_browser.core.transfers.jobs import BatchSummary, Direction, JobState, TransferJob
from ensure_browser.core.transfers.queue import TransferQueue
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import QT_TR_NOOP, tr, tr_text
from ensure_browser.ui.theme import tone

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
UPDATE_INTERVAL_MS = 100  # at most 10 updates a second per row
# Rows a flush inserts at most; the rest of a big drop comes with the next flushes, so that taking
# their snapshots (10,000 at once took ~0.1 s) never holds the event loop long.
INSERT_BATCH = 2_000



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
    return tr("{0}/s").format(formats.size(int(speed))) if speed > 0 else ""


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

    files(summary.uploaded, QT_TR_NOOP("1 file uploaded"), QT_TR_NOOP("{0} files uploaded"))
    files(summary.downloaded, QT_TR_NOOP("1 file downloaded"), QT_TR_NOOP("{0} files downloaded"))
    if summary.failed:
        parts.append(tr("{0} failed").format(summary.failed))
    if summary.skipped:
        parts.append(tr("{0} skipped").format(summary.skipped))
    if summary.cancelled:
        parts.append(tr("{0} cancelled").format(summary.cancelled))
    if summary.thumbnails_failed:
        parts.append(tr("{0} thumbnail(s) could not be made").format(summary.thumbnails_failed))
    return ", ".join(parts) or tr("Nothing was transferred")


def first_five(messages: Sequence[str]) -> str:
    """The first five messages, one a line, and how many more there are."""
    more = len(messages) - 5
    return "\n".join(messages[:5]) + (tr("\n… and {0} more.").format(more) if more > 0 else "")


def already_there_text(plan: DownloadPlan) -> str:
    """"3 files already there (identical): not downloaded again" for a download's plan."""
    n = len(plan.unchanged)
    if n == 1:
        text = tr("{0} is already there (identical): not downloaded again.").format(
            Path(plan.unchanged[0].path).name)
    else:
        text = tr("{0} files already there (identical): not downloaded again.").format(formats.count(n))
    if plan.jobs:
        text += " " + (tr("1 file to download.") if len(plan.jobs) == 1
                       else tr("{0} files to download.").format(formats.count(len(plan.jobs))))
    return text


# -- the model -------------------------------------------------------------------------------------

class TransferTableModel(QAbstractTableModel):
    """Rows are jobs in queue order. Changes are applied on a timer (see module doc)."""

    COLUMNS = (QT_TR_NOOP("Name"), QT_TR_NOOP("Target"), QT_TR_NOOP("Size"),
               QT_TR_NOOP("Progress"), QT_TR_NOOP("Speed"), QT_TR_NOOP("ETA"), QT_TR_NOOP("State"))
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
        queue.subscribe(self.on_queue_event)
        for job_id in queue.job_ids():
            self.on_queue_event("added", job_id)

    # -- any thread --------------------------------------------------------------------------------
    def on_queue_event(self, event: str, job_id: str) -> None:
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
                len(active), formats.size(done), formats.size(total), percent)
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
            return tip + (f"\n\n{tr_text(job.error)}" if job.error else "")
        if role == Qt.ItemDataRole.ForegroundRole and col == 6 and job.state is JobState.FAILED:
            return QColor(tone("error"))
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
            return formats.size(job.size) if job.size or job.state is JobState.DONE else ""
        if col == 3:
            return f"{int(job.fraction * 100)} %"
        if col == 4:
            return format_speed(job.speed) if job.state is JobState.RUNNING else ""
        if col == 5:
            return format_eta(job.eta) if job.state is JobState.RUNNING else ""
        if col == 6:
            label = _state_label(job.state)
            return f"{label}: {tr_text(job.error)}" if job.error and job.state is not JobState.DONE else label
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

    def __init__(self, model: TransferTableModel, show_incomplete_uploads: Callable[..., object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transfers-panel")
        self.queue = model.queue
        self.model = model
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(tr("Transfers"))
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
        self.incomplete_button.clicked.connect(show_incomplete_uploads)

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
