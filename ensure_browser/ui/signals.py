"""SIGTERM, SIGINT and SIGHUP close the app as its Quit does.

A logout, ``kill`` or a Ctrl+C in the terminal must not leave the demo server running or the transfer
journal half written. Python runs a signal handler only when the interpreter gets control, which it
does not while Qt's event loop waits; so the C-level handler writes the signal number to a socket
(``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches, and the GUI thread then closes every
window (the main window's close hooks flush the transfer journal and stop the transfers) and quits
(``aboutToQuit`` drains the workers and stops the demo server). Modal dialogs open at the time are
left by ``QApplication.exit``, which ends nested event loops too.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class QuitOnSignals(QObject):
    """Owns the wake-up socket pair and the notifier; ``received`` is the first signal seen."""

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.received: int | None = None
        self._read, self._write = socket.socketpair()
        for sock in (self._read, self._write):
            sock.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._previous: dict[int, Callable[..., object] | int | None] = {}
        for signum in QUIT_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._note)
        self.notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._on_wakeup)

    def _note(self, signum: int, _frame: object) -> None:
        # Runs in Python once the GUI thread is back in the interpreter; the notifier does the work.
        if self.received is None:
            self.received = signum

    def _on_wakeup(self) -> None:
        try:
            data = self._read.recv(64)
        except BlockingIOError:
            return
        for signum in data:
            if signum in QUIT_SIGNALS:
                self.quit(signum)
                return

    def quit(self, signum: int) -> None:
        if self.received is None:
            self.received = signum
        log.info("%s received: closing", signal.Signals(signum).name)
        app = QApplication.instance()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                widget.close()
        self.window.close()
        if isinstance(app, QApplication):
            app.exit(128 + signum)

    def exit_status(self, status: int) -> int:
        """The process's exit status: 128 + the signal's number when one closed the app."""
        return 128 + self.received if self.received is not None else status

    def uninstall(self) -> None:
        """Give the signals back to their previous handlers (at the very end, or in tests)."""
        self.notifier.setEnabled(False)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        self._read.close()
        self._write.close()


def install_quit_signals(window: QWidget) -> QuitOnSignals:
    return QuitOnSignals(window)
