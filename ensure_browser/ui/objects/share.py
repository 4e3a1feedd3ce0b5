"""Share: links for the selected objects or folders (a classroom means its materials), from the
trees' context menu and the File menu.

The dialog makes the links in a worker (:func:`ensure_browser.core.share.links.share_links`: listing,
one HEAD per material or note for its original name, the buckets' policies) with progress and
Cancel, and again when another lifetime is chosen. It shows them as text, with their expiry (or
that they are public), and copies them to the clipboard or saves them as CSV (written in a worker).
The preview pane's "Copy link" makes its one link with the same core function.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.s3.objects import cut_short
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.share.formats import links_csv, links_text
from ensure_browser.core.share.links import LIFETIMES, ShareLink, ShareResult, share_links
from ensure_browser.ui import formats
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.objects.selection import selection_for
from ensure_browser.ui.preview.fetch import error_message
from ensure_browser.ui.preview.metadata_view import DEFAULT_LIFETIME, format_expiry
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)



def share_item(node: Node) -> tuple[str, str] | None:
    """(bucket, key or prefix) a node stands for in a share, or None (a bucket, a section)."""
    if node.bucket is None or not node.key:
        return None
    if node.is_container:
        return node.bucket, node.key if node.key.endswith("/") else node.key + "/"
    return node.bucket, node.key


class ShareDialog(QDialog):
    """The links of some objects and folders, with a lifetime to choose, copied or saved as CSV."""

    def __init__(self, storage: Storage, names: BucketNames, items: list[tuple[str, str]], what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.storage, self.names, self.items = storage, names, items
        self.result_links: ShareResult | None = None
        self.handle: TaskHandle | None = None
        self.setWindowTitle(tr("Share"))
        self.setAccessibleName(tr("Share links"))
        self.what = QLabel(what)
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.lifetime = QComboBox()
        self.lifetime.setAccessibleName(tr("Link lifetime"))
        labels = (tr("15 minutes"), tr("1 hour"), tr("1 day"), tr("7 days (maximum)"))
        for label, delta in zip(labels, LIFETIMES, strict=True):
            self.lifetime.addItem(label, delta)
        self.lifetime.setCurrentIndex(DEFAULT_LIFETIME)
        self.lifetime.activated.connect(lambda _index: self.make_links())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(tr("Share status"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(tr("Making links"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setAccessibleName(tr("Cancel making links"))
        self.cancel_button.clicked.connect(self.cancel)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setAccessibleName(tr("Links"))
        self.copy_button = QPushButton(tr("Copy links"))
        self.copy_button.setAccessibleName(tr("Copy links to the clipboard"))
        self.copy_button.clicked.connect(self.copy_links)
        self.copy_button.setDefault(True)  # Enter copies the links, what the dialog is for
        self.save_button = QPushButton(tr("Save as CSV…"))
        self.save_button.setAccessibleName(tr("Save links as CSV"))
        self.save_button.clicked.connect(self.save_csv)
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setAccessibleName(tr("Close"))
        self.close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Links valid for")))
        top.addWidget(self.lifetime)
        top.addStretch(1)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(top)
        layout.addLayout(busy)
        layout.addWidget(self.status)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.resize(720, 420)

    def selected_lifetime(self) -> timedelta:
        value = self.lifetime.currentData()
        return value if isinstance(value, timedelta) else LIFETIMES[DEFAULT_LIFETIME]

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.copy_button.setEnabled(not busy and bool(self.result_links and self.result_links.links))
        self.save_button.setEnabled(not busy and bool(self.result_links and self.result_links.links))

    # -- making the links (worker) -----------------------------------------------------------------
    def make_links(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
        storage, names, items, lifetime = self.storage, self.names, list(self.items), self.selected_lifetime()
        self.result_links = None
        self.text.clear()
        self.status.setText(tr("Listing what is shared…"))
        self._busy(True)

        def work(ctx: TaskContext) -> ShareResult:
            return share_links(storage, items, lifetime, names, ctx.token, progress=ctx.progress)

        def progress(value: object) -> None:
            if isinstance(value, int):
                self.status.setText(tr("Listing what is shared… {0} objects").format(formats.count(value)))

        def done(result: ShareResult) -> None:
            if self.handle is not handle:
                return
            self.handle = None
            self.result_links = result
            self._busy(False)
            self.text.setPlainText(self.links_text(result.links))
            shortened = result.earliest_expiry is not None and cut_short(result.earliest_expiry, lifetime)
            self.status.setText(self.summary(result) + (" " + tr(
                "Shortened to the end of your sign-in session: a link signed with temporary keys stops working "
                "when they expire.") if shortened else ""))

        def failed(exc: BaseException) -> None:
            if self.handle is not handle:
                return
            self.handle = None
            self._busy(False)
            self.status.setText(tr("No links were made: {0}").format(error_message(exc)))

        def cancelled() -> None:
            if self.handle is handle:
                self.handle = None
                self._busy(False)
                self.status.setText(tr("Cancelled: no links were made."))

        handle = workers().run("misc", work, on_done=done, on_error=failed, on_progress=progress,
                               on_cancelled=cancelled, owner=self, name="share links")
        self.handle = handle

    @staticmethod
    def links_text(links: list[ShareLink]) -> str:
        """The links as text, their last line in the window's language (it goes to the students)."""
        return links_text(links, tr("(links valid until {0})"))

    @staticmethod
    def summary(result: ShareResult) -> str:
        links = result.links
        if not links:
            return tr("Nothing to share: the selected folders are empty.")
        public = sum(1 for link in links if link.public)
        parts = [tr("1 link.") if len(links) == 1 else tr("{0} links.").format(formats.count(len(links)))]
        expiry = result.earliest_expiry
        if expiry is not None:
            local, utc = format_expiry(expiry)
            when = local if local == utc else f"{local} ({utc})"
            parts.append(tr("Links valid until {0}.").format(when))
        if public:
            parts.append(tr("{0} public links (anyone can open them): they do not expire, they work as long as "
                            "the bucket policy allows anonymous reads.").format(formats.count(public)))
        parts.extend(result.notes)
        return " ".join(parts)

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def done(self, code: int) -> None:  # closing the dialog stops its work
        self.cancel()
        super().done(code)

    # -- output ------------------------------------------------------------------------------------
    def copy_links(self) -> None:
        if self.result_links is None:
            return
        QGuiApplication.clipboard().setText(self.links_text(self.result_links.links))
        self.status.setText(self.summary(self.result_links) + " " + tr("Copied to the clipboard."))

    def save_csv(self) -> None:
        if self.result_links is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, tr("Save links as CSV"), "links.csv",
                                                    tr("CSV files (*.csv)"))
        if path:
            self.write_csv(Path(path))

    def write_csv(self, path: Path) -> None:
        """Write the links as CSV to ``path`` in a worker (the disk is not the GUI thread's)."""
        assert self.result_links is not None
        table = links_csv(self.result_links.links)

        def work(_ctx: TaskContext) -> None:
            path.write_text(table, encoding="utf-8", newline="")

        def failed(exc: BaseException) -> None:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.status.setText(tr("The CSV file was not saved: {0}").format(message))

        workers().run("misc", work, on_done=lambda _r: self.status.setText(tr("Saved {0}").format(str(path))),
                      on_error=failed, owner=self, name="share csv")


class ShareActions(QObject):
    """"Share…" in the trees' context menu and "Share links…" in the File menu."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ShareDialog | None = None
        self.action = QAction(tr("Share &links…"), window)
        self.action.triggered.connect(lambda: self.share())
        window.add_file_actions(self.action)
        window.context_menu_providers.append(self.context_menu)

    def context_menu(self, node: Node, menu: QMenu, window: Host) -> None:
        if self.window.connection is None or share_item(node) is None:
            return
        menu.addAction(tr("Share…")).triggered.connect(lambda: self.share(node))

    def share(self, node: Node | None = None) -> ShareDialog | None:
        conn = self.window.connection
        if conn is None or conn.storage is None:
            return None
        nodes = selection_for(self.window, node)
        items = [item for n in nodes if (item := share_item(n)) is not None]
        if not items:
            self.window.show_status(tr("Select objects or folders to share."))
            return None
        shared = [n for n in nodes if share_item(n) is not None]
        if len(shared) == 1:
            first = shared[0]
            what = (tr("Links to the materials of {0}").format(first.label) if first.kind == "classroom"
                    else tr("Links to everything in {0}").format(first.label) if first.is_container
                    else tr("A link to {0}").format(first.label))
        else:
            what = tr("Links to the {0} selected items").format(len(shared))
        if self.dialog is not None:
            self.dialog.close()
        dialog = self.dialog = ShareDialog(conn.storage, conn.names, items, what, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._forget(dialog))
        dialog.show()
        dialog.make_links()
        return dialog

    def _forget(self, dialog: ShareDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def install_share(window: Host) -> ShareActions:
    actions = ShareActions(window)
    window.provide(ShareActions, actions)
    return actions
