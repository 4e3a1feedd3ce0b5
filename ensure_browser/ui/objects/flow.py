"""What the object flows (delete, copy and move) share: a progress dialog that shows only for work
that takes a while and cancels the worker, a confirmation with Cancel as the default button, the
endings (failed, cancelled, done) and listing the levels shown again."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QTextEdit

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled
from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.host import Host
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node
from ensure_browser.ui.workers import TaskHandle

PROGRESS_DELAY_MS = 300  # quick work shows no dialog



class ObjectFlow(QObject):
    """One flow's progress dialog and endings. ``finished`` carries the result, or None when
    nothing was done; ``nothing_done`` is the status then, ``failed_text`` the error (``{0}``: why)."""

    finished = Signal(object)

    def __init__(self, window: Host, title: str, label: str, nothing_done: str, failed_text: str) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.current_model()
        self.storage = window.connection.storage if window.connection is not None else None  # what is planned on
        self.handle: TaskHandle | None = None
        self.run_token: CancelToken | None = None
        self.confirm: QMessageBox | None = None
        self.nothing_done = nothing_done
        self.failed_text = failed_text
        self.dialog = QProgressDialog(label, tr("Cancel"), 0, 0, window)
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.reset()  # stops QProgressDialog's own timer, which showed it 4 s on, over a confirmation

    def _show_progress(self) -> None:
        if self.handle is not None:
            self.dialog.show()

    def cancel(self) -> None:
        """Cancel planning (nothing done), or stop a run between its steps: the run's own token,
        not the worker's, so that its result (what was done before) still arrives and is reported."""
        if self.run_token is not None:
            self.run_token.cancel()
        elif self.handle is not None:
            self.handle.cancel()

    def run_cancel_token(self) -> CancelToken:
        """The token a run checks between its steps (see :meth:`cancel`); closing the window
        cancels it too, as it cancels the workers."""
        self.run_token = CancelToken()
        self.window.close_hooks.append(self._stop_run)
        return self.run_token

    def _stop_run(self) -> None:
        if self.run_token is not None:
            self.run_token.cancel("The window was closed.")

    def _confirmation(self, icon: QMessageBox.Icon, title: str, text: str, info: str, details: str, details_name: str,
             go_text: str, go_role: QMessageBox.ButtonRole) -> tuple[QMessageBox, QPushButton]:
        """A confirmation (plain text: keys are the server's words) with Cancel the default button;
        its answer goes to :meth:`_answered`."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # "<" in a key must not start markup
        box.setInformativeText(info)
        box.setDetailedText(details)
        found = box.findChild(QTextEdit)  # the list behind "Show Details…"
        if found is not None:
            found.setAccessibleName(details_name)
        go = box.addButton(go_text, go_role)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._answered(button is go))
        self.confirm = box
        return box, go

    def _answered(self, yes: bool) -> None:
        raise NotImplementedError

    def planned_storage(self) -> Storage | None:
        """The connection the flow was planned on, while the window is still connected there; else
        None, said in the banner, and the flow ends (a plan's keys and ETags are that server's)."""
        conn = self.window.connection
        if conn is not None and conn.storage is not None and conn.storage is self.storage:
            return self.storage
        self.window.show_error(self.failed_text.format(tr("the window was connected to another server meanwhile")))
        self._end(None)
        return None

    def _failed(self, exc: BaseException) -> None:
        self.handle = None
        self.dialog.hide()
        if isinstance(exc, Cancelled):
            self._cancelled()
            return
        message = error_text(exc)
        self.window.show_error(self.failed_text.format(message))
        self._end(None)

    def _cancelled(self) -> None:
        self.handle = None
        self.dialog.hide()
        self.window.show_status(self.nothing_done)
        self._end(None)

    def _refresh_nodes(self, nodes: list[Node | None]) -> None:
        """List ``nodes`` again (each once; the tree's root and levels never loaded are left)."""
        model = self.model
        if not isinstance(model, LazyTreeModel) or model is not self.window.current_model():
            return
        done: list[Node] = []
        for node in nodes:
            if (node is not None and node.parent is not None and node.state is not LoadState.IDLE
                    and all(node is not d for d in done)):
                done.append(node)
                model.refresh(node)

    def _end(self, result: object) -> None:
        if self._stop_run in self.window.close_hooks:
            self.window.close_hooks.remove(self._stop_run)
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()
        self.finished.emit(result)
        self.deleteLater()
