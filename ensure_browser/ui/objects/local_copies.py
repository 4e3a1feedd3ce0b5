"""Fetching local copies of objects from the window (for Open and for dragging out), never on the GUI thread.

:class:`CopyFetch` runs :meth:`~ensure_browser.core.objects.local_copies.LocalCopies.fetch_many` in a
worker (or the caller's own work, as a drag does); a progress dialog with Cancel appears when it
takes longer than :data:`PROGRESS_DELAY_MS` (a small object is there before it would show).
:class:`CopyCache` keeps the cache of the window's connection (its folder can be given, as tests do).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog

from ensure_browser.core.errors import Cancelled
from ensure_browser.core.objects.local_copies import LocalCopies, LocalCopy, default_cache_root
from ensure_browser.ui import formats
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.trees.tree_model import Node
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 300



def is_object(node: Node) -> bool:
    """A row that stands for one object (not a folder, a bucket or an entity without a key)."""
    return node.bucket is not None and bool(node.key) and not node.is_container and not str(node.key).endswith("/")


@dataclass
class Fetched:
    """What a fetch brought: the copies, and ``extra`` (what the caller's ``then`` made of them, in the worker)."""

    copies: list[LocalCopy]
    extra: object = None


class CopyCache:
    """The window's cache of local copies, for the connection it has now."""

    def __init__(self, window: Host, root: Path | None = None) -> None:
        self.window = window
        self.root = root  # None: the user's cache folder
        self._copies: LocalCopies | None = None

    def copies(self) -> LocalCopies | None:
        conn = self.window.connection
        if conn is None or conn.storage is None:
            return None
        if self._copies is None or self._copies.storage is not conn.storage or self._copies.root != self._root():
            self._copies = LocalCopies(conn.storage, conn.names, self._root())
        return self._copies

    def _root(self) -> Path:
        return self.root if self.root is not None else default_cache_root()


Work = Callable[[LocalCopies, TaskContext], Fetched]


class CopyFetch(QObject):
    """One fetch of local copies with a delayed progress dialog. ``finished`` carries a
    :class:`Fetched`, or None when nothing came (cancelled or failed: the window says which).

    ``work`` replaces the fetch of ``nodes`` (run in the worker); its progress is (done, total), or
    (text, done, total) to say in the dialog what it does (a total of 0: not known yet)."""

    finished = Signal(object)

    def __init__(self, window: Host, copies: LocalCopies, nodes: list[Node], title: str,
                 then: Callable[[LocalCopies, list[LocalCopy]], object] | None = None,
                 work: Work | None = None, label: str = "") -> None:
        super().__init__(window)
        self.window, self.copies, self.nodes, self.then, self.work = window, copies, nodes, then, work
        self.handle: TaskHandle | None = None
        total = sum(int(n.size or 0) for n in nodes)
        what = nodes[0].label if len(nodes) == 1 else tr("{0} files").format(formats.count(len(nodes)))
        self.dialog = QProgressDialog(label or tr("Fetching {0} ({1})…").format(what, formats.size(total)),
                                      tr("Cancel"), 0, 1000, window)
        text = QLabel(self.dialog)
        text.setTextFormat(Qt.TextFormat.PlainText)  # the names are the server's
        self.dialog.setLabel(text)
        self.dialog.setLabelText(label or tr("Fetching {0} ({1})…").format(what, formats.size(total)))
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.hide()

    def start(self) -> None:
        copies, then, own = self.copies, self.then, self.work
        objects = [(str(n.bucket), str(n.key)) for n in self.nodes]
        sizes = [int(n.size or 0) for n in self.nodes]

        def work(ctx: TaskContext) -> Fetched:
            if own is not None:
                return own(copies, ctx)
            got = copies.fetch_many(objects, sizes, lambda done, total: ctx.progress((done, total)), ctx.token)
            ctx.check()
            return Fetched(got, then(copies, got) if then is not None else None)

        def progress(value: object) -> None:
            if not isinstance(value, tuple) or len(value) not in (2, 3):
                return
            if len(value) == 3:
                self.dialog.setLabelText(str(value[0]))
            done, total = value[-2], value[-1]
            if total <= 0:
                self.dialog.setRange(0, 0)  # busy: how much is not known yet
                return
            self.dialog.setRange(0, 1000)
            self.dialog.setValue(int(1000 * done / max(1, total)))

        self.handle = workers().run("transfer", work, on_done=self._done, on_error=self._failed,
                                    on_progress=progress, on_cancelled=self._cancelled, owner=self,
                                    name="local-copies")
        QTimer.singleShot(PROGRESS_DELAY_MS, self, self._show_progress)

    def _show_progress(self) -> None:
        if self.handle is not None:
            self.dialog.show()

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _done(self, fetched: Fetched) -> None:
        self._end(fetched)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._cancelled()
            return
        message = error_text(exc)
        log.info("local copy failed: %s", message)
        self.window.show_error(tr("{0} could not be fetched: {1}").format(
            self.nodes[0].label if len(self.nodes) == 1 else tr("The files"), message))
        self._end(None)

    def _cancelled(self) -> None:
        self.window.show_status(tr("Cancelled: nothing was opened or dragged."))
        self._end(None)

    def _end(self, fetched: Fetched | None) -> None:
        self.handle = None
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()
        self.finished.emit(fetched)
        self.deleteLater()
