"""The transfer queue in the GUI: :class:`TransferController` owns the queue and drives its work.

It owns the Qt-free :class:`~ensure_browser.core.transfers.queue.TransferQueue`, runs its work items
with ``workers().run("transfer", ...)`` (the queue itself starts no threads), answers conflict
questions with :class:`~ensure_browser.ui.transfers.dialogs.ConflictDialog`, and exposes
:attr:`TransferController.panel` (a widget to dock, :mod:`~ensure_browser.ui.transfers.view`) and
signals for the status bar.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.already_there import DownloadPlan
from ensure_browser.core.transfers.jobs import (
    ConflictAnswer,
    ConflictQuestion,
    RecoveryReport,
    ThumbnailRenderer,
    Work,
)
from ensure_browser.core.transfers.journal import Journal, default_journal_path
from ensure_browser.core.transfers.plan import DropPlan, DropTarget, plan_drop
from ensure_browser.core.transfers.queue import TransferQueue
from ensure_browser.ui.i18n import error_text
from ensure_browser.ui.transfers.dialogs import ConflictDialog, IncompleteUploadsDialog
from ensure_browser.ui.transfers.targets import download_item_for
from ensure_browser.ui.transfers.view import (
    TransferPanel,
    TransferTableModel,
    already_there_text,
    first_five,
    summary_message,
)
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)


@dataclass
class _PendingQuestion:
    question: ConflictQuestion
    event: threading.Event = field(default_factory=threading.Event)
    answer: ConflictAnswer | None = None
    dialog: ConflictDialog | None = None


_DEFAULT = object()


def _render_thumbnail(pdf: bytes) -> bytes:
    """Thumbnails of uploaded materials (:func:`~ensure_browser.ui.preview.pdf_render.thumbnail_png`)."""
    from ensure_browser.ui.preview.pdf_render import thumbnail_png  # QtPdf is loaded when first needed

    return thumbnail_png(pdf)


class TransferController(QObject):
    """Owns the transfer queue and its panel; runs work with ``workers().run("transfer", ...)``."""

    overallProgress = Signal(int, str)
    batchFinished = Signal(str)
    message = Signal(str)  # refusals and recovery notes, for the banner
    downloadPlanned = Signal(str)  # what a download found there already, for the status bar
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
        render_thumbnail: ThumbnailRenderer | None = _render_thumbnail,
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
        self.panel = TransferPanel(self.model, self.show_incomplete_uploads)
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
            self.message.emit(first_five([r.message for r in plan.refusals]))

    def download(self, items: Iterable[Node | tuple[str, str]], dest_dir: Path) -> None:
        """Download objects and prefixes (nodes, or (bucket, key) with prefixes ending in "/").
        Files there already and proven identical are not downloaded again (said in the status bar)."""
        pairs: list[tuple[str, str]] = []
        for item in items:
            pair = download_item_for(item) if isinstance(item, Node) else item
            if pair is not None:
                pairs.append(pair)
        queue, dest = self.queue, Path(dest_dir)

        def work(ctx: TaskContext) -> DownloadPlan:
            return queue.plan_downloads(pairs, dest, ctx.token)

        def done(plan: DownloadPlan) -> None:
            problems = [*plan.refusals, *plan.notes.values()]
            if problems:
                self.message.emit(first_five(problems))
            if plan.unchanged:
                self.downloadPlanned.emit(already_there_text(plan))
            if plan.jobs:
                queue.add_downloads(plan.jobs)

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
        self.message.emit(error_text(exc))

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
