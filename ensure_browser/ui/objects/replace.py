"""Replace with… (context menu of a material): a corrected PDF onto the same key, after a confirmation.

The flow: a file chooser (PDF documents); a worker checks the file and the material (still with the
ETag its row showed), counts the OCR results made from it and renders what the confirmation shows;
the confirmation puts the old and the new file side by side (thumbnail, name, size, date, pages)
with Cancel as the default button; then the upload goes through the transfer queue (the Transfers
dock shows it) onto the same key, only while the object still has that ETag, and the queue renders
the new thumbnail. Once it is done the material's OCR results are flagged as stale
(:mod:`~ensure_browser.ui.objects.stale_ocr`) and the level is listed again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import StorageError
from ensure_browser.core.objects.replace import FileFacts, ReplacePlan, plan_replace, replace_check
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.transfers.jobs import JobState
from ensure_browser.core.transfers.plan import DropPlan, DropTarget
from ensure_browser.ui import formats
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.objects.rename import seen_etag
from ensure_browser.ui.objects.stale_ocr import StaleOcrFlags
from ensure_browser.ui.transfers.actions import TransferActions
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)

PREVIEW_CAP = 64 * 1024 * 1024  # a bigger new file is not read to count its pages and draw it
THUMB_CAP = 2 * 1024 * 1024  # the stored thumbnail of the old file is read up to this
WATCH_MS = 250  # how often the queued upload's state is looked at (memory only)



@dataclass(frozen=True)
class Preview:
    """What the confirmation shows besides the plan: thumbnails (PNG) and the new file's pages."""

    old_thumbnail: bytes = b""
    new_thumbnail: bytes = b""
    new_pages: int | None = None


def _preview(storage: Storage, plan: ReplacePlan, token: CancelToken) -> Preview:
    """Thumbnails and page count for the confirmation; what cannot be had is left out (worker)."""
    from ensure_browser.ui.preview.pdf_render import open_pdf, thumbnail_png  # QtPdf when first needed

    old = b""
    try:
        old = storage.read_range(plan.bucket, plan.thumbnail_key, 0, THUMB_CAP)
    except StorageError as err:
        log.info("no thumbnail of %s for the confirmation: %s", plan.key, err.message)
    token.raise_if_cancelled()
    if plan.new.size > PREVIEW_CAP:
        return Preview(old)
    try:
        data = plan.source.read_bytes()
        with open_pdf(data) as doc:
            pages = doc.pageCount()
        return Preview(old, thumbnail_png(data), pages)
    except (OSError, ValueError, RuntimeError) as exc:
        log.info("no preview of %s: %s", plan.source.name, exc)
        return Preview(old)


def _date(facts: FileFacts) -> str:
    if facts.modified is None:
        return tr("date unknown")
    return formats.date_time(facts.modified)


class ReplaceDialog(QDialog):
    """The confirmation: the old and the new file side by side; Cancel is the default button."""

    def __init__(self, plan: ReplacePlan, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(tr("Replace material"))
        self.setAccessibleName(tr("Replace material"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        question = QLabel(tr("Replace {0} with {1}?").format(plan.old.name, plan.new.name))
        question.setTextFormat(Qt.TextFormat.PlainText)  # names are the server's and the disk's text
        question.setWordWrap(True)
        layout.addWidget(question)
        grid = QGridLayout()
        pages = ""
        if preview.new_pages is not None:
            pages = (tr("1 page") if preview.new_pages == 1 else tr("{0} pages").format(preview.new_pages)) + "\n"
        self.old_facts = self._column(grid, 0, tr("Now"), plan.old, preview.old_thumbnail, "")
        self.new_facts = self._column(grid, 1, tr("Replace with"), plan.new, preview.new_thumbnail, pages)
        layout.addLayout(grid)
        notes = [tr("It stays the same material: its links and its place in the classroom are kept.")]
        if plan.ocr_objects:
            notes.append(tr("Its OCR results ({0} files) were made from the old file: they will be marked out of "
                            "date until OCR runs again.").format(plan.ocr_objects))
        notes.append(tr("The old file can be brought back afterwards only where the storage keeps old versions."))
        self.notes = QLabel("\n".join(notes))
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName(tr("What changes"))
        layout.addWidget(self.notes)
        self.buttons = QDialogButtonBox()
        self.replace_button = QPushButton(tr("Replace"))
        self.replace_button.setAccessibleName(tr("Replace"))
        self.replace_button.setAutoDefault(False)
        self.buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(tr("Cancel"))
        cancel.setDefault(True)
        self.cancel_button = cancel
        self.replace_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.cancel_button.setFocus()  # the keys start on Cancel, not on the first button in the row

    def _column(self, grid: QGridLayout, column: int, title: str, facts: FileFacts, png: bytes, extra: str) -> QLabel:
        heading = QLabel(f"<b>{title}</b>")
        grid.addWidget(heading, 0, column)
        picture = QLabel()
        picture.setAccessibleName(tr("Thumbnail: {0}").format(title))
        pixmap = QPixmap()
        if png and pixmap.loadFromData(png):
            picture.setPixmap(pixmap.scaledToWidth(min(160, pixmap.width()),
                                                   Qt.TransformationMode.SmoothTransformation))
        else:
            picture.setText(tr("(no thumbnail)"))
        grid.addWidget(picture, 1, column, Qt.AlignmentFlag.AlignTop)
        text = QLabel(f"{facts.name}\n{formats.size(facts.size)}\n{extra}{_date(facts)}")
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setAccessibleName(title)
        grid.addWidget(text, 2, column, Qt.AlignmentFlag.AlignTop)
        return text


class ReplaceActions(QObject):
    """"Replace with…" in a material's context menu, and its flow."""

    replaced = Signal(object)  # the ReplacePlan, once its upload is done
    failed = Signal(str)  # why a confirmed replace did not happen

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.stale = StaleOcrFlags(window)
        self.dialog: ReplaceDialog | None = None
        self.busy = False
        self.watched: dict[str, ReplacePlan] = {}  # job id -> what it replaces
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_MS)
        self.timer.timeout.connect(self._watch)
        window.context_menu_providers.append(self.context_menu)

    def context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        conn = window.connection
        if conn is None or node.bucket is None or node.is_container or replace_check(node.bucket, node.key, conn.names):
            return
        entry = menu.addAction(tr("Replace with…"))
        entry.setStatusTip(tr("Upload a corrected PDF in place of this material, keeping its document id"))
        entry.setEnabled(self._transfers() is not None)
        entry.triggered.connect(lambda: self.replace_node(node))

    def _transfers(self) -> TransferActions | None:
        actions = self.window.service(TransferActions)
        return actions if actions is not None and actions.controller is not None else None

    # -- 1. choose and plan -----------------------------------------------------------------------
    def replace_node(self, node: Node, path: Path | None = None) -> None:
        """Replace the material of ``node`` with ``path`` (asked for with a file chooser when None)."""
        conn = self.window.connection
        if conn is None or conn.storage is None or node.bucket is None or not node.key:
            return
        if self.busy:
            self.window.show_status(tr("A replace is being prepared already."))
            return
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self.window, tr("Replace {0} with").format(node.label), "", tr("PDF documents (*.pdf)"))
            if not chosen:
                return
            path = Path(chosen)
        storage, names, bucket, key = conn.storage, conn.names, node.bucket, node.key
        etag = seen_etag(node)
        self.busy = True

        def work(ctx: TaskContext) -> tuple[ReplacePlan, Preview]:
            seen = etag or storage.stat(bucket, key).etag
            plan = plan_replace(storage, bucket, key, seen, path, names, ctx.token)
            return plan, _preview(storage, plan, ctx.token)

        self.window.show_status(tr("Checking {0}…").format(path.name))
        workers().run("misc", work, on_done=lambda res: self._confirm(node, *res), on_error=self._refused,
                      owner=self, name=f"replace-plan {bucket}/{key}")

    def _refused(self, exc: BaseException) -> None:
        self.busy = False
        message = error_text(exc)
        self.window.show_error(tr("Nothing was replaced: {0}").format(message))

    # -- 2. confirm -------------------------------------------------------------------------------
    def _confirm(self, node: Node, plan: ReplacePlan, preview: Preview) -> None:
        self.dialog = ReplaceDialog(plan, preview, self.window)
        self.dialog.finished.connect(lambda result: self._answered(node, plan, result == QDialog.DialogCode.Accepted))
        self.dialog.open()

    def _answered(self, node: Node, plan: ReplacePlan, yes: bool) -> None:
        self.dialog = None
        self.busy = False
        transfers = self._transfers()
        if not yes or transfers is None or transfers.controller is None:
            self.window.show_status(tr("Nothing was replaced."))
            return
        queue = transfers.controller.queue
        drop = DropPlan(DropTarget("materials", plan.bucket, label=node.label), [plan.upload()])

        def work(_ctx: TaskContext) -> list[str]:
            return queue.add_plan(drop)

        def queued(ids: list[str]) -> None:
            for job_id in ids:
                self.watched[job_id] = plan
            self.timer.start()
            transfers.dock.show()
            self.window.show_status(tr("Replacing {0} with {1}…").format(plan.old.name, plan.new.name))

        workers().run("transfer", work, on_done=queued, on_error=self._refused, owner=self,
                      name=f"replace {plan.bucket}/{plan.key}")

    # -- 3. the upload ----------------------------------------------------------------------------
    def _watch(self) -> None:
        transfers = self._transfers()
        if transfers is None or transfers.controller is None:
            self.watched.clear()
            self.timer.stop()
            return
        for job in transfers.controller.queue.snapshots(list(self.watched)):
            if job.state is JobState.DONE:
                self._done(self.watched.pop(job.id))
            elif job.state in (JobState.FAILED, JobState.CANCELLED, JobState.SKIPPED):
                plan = self.watched.pop(job.id)
                why = job.error or tr("the upload was cancelled")
                self.window.show_error(tr("{0} was not replaced: {1}").format(plan.old.name, why))
                self.failed.emit(why)
        if not self.watched:
            self.timer.stop()

    def _done(self, plan: ReplacePlan) -> None:
        if plan.ocr_objects:
            self.stale.mark(plan.bucket, plan.key, plan.ocr_bucket, plan.document_id)
        text = tr("Replaced {0} with {1}; its links still work.").format(plan.old.name, plan.new.name)
        if plan.ocr_objects:
            text += " " + tr("Its OCR results are out of date: run OCR on it again.")
        self.window.show_status(text)
        self.replaced.emit(plan)


def install_replace(window: Host) -> ReplaceActions:
    actions = ReplaceActions(window)
    window.provide(ReplaceActions, actions)
    return actions
