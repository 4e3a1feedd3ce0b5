"""Crash handling: uncaught exceptions become a dialog with a copyable (scrubbed) report.

Qt's own messages (warnings from the C++ side) are routed into Python logging under the logger
``qt``, so they reach the log file and the tests can fail on them.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from ensure_browser import APP_DISPLAY_NAME, __version__
from ensure_browser.logs import scrub

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

# Messages from Qt that say nothing about this program (platform plugins, optional backends).
QT_NOISE = (
    "Couldn't load pipewire",
    "Couldn't resolve pipewire",
    "This plugin does not support propagateSizeHints",
    "QFont::setPointSizeF: Point size <= 0",
    "Could not find the Qt platform plugin \"wayland\"",
    "propagateSizeHints",
    "xkbcommon",
    "Could not connect to PulseAudio",
    "Qt Multimedia: ",
    "libva",
    "VA-API",
    "vaInitialize",
    "qt.qpa.xcb",
    "QStandardPaths: XDG_RUNTIME_DIR",
    "QStandardPaths: wrong permissions",
    "QStandardPaths: runtime directory",
    "No audio device detected",
    "PulseAudioService",
    "No RHI backend",
)


def _qt_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _QT_LEVELS.get(mode, logging.WARNING)
    if level >= logging.WARNING and any(n in message for n in QT_NOISE):
        level = logging.DEBUG
    category = getattr(context, "category", "") or "default"
    qt_log.log(level, "[%s] %s", category, message)


def install_qt_message_handler() -> None:
    qInstallMessageHandler(_qt_handler)


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    from PySide6.QtCore import qVersion

    body = "".join(traceback.format_exception(exc_type, exc, tb))
    head = (
        f"{APP_DISPLAY_NAME} {__version__}\nPython {platform.python_version()} on {platform.platform()}\n"
        f"Qt {qVersion()}\n\n"
    )
    return scrub(head + body)


class CrashDialog(QDialog):
    def __init__(self, report: str) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("{0} ran into a problem").format(APP_DISPLAY_NAME))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr(
                "Something unexpected went wrong. Your data on the server is safe; unfinished "
                "transfers are kept in the journal. Please copy the report below and send it to support."
            )
        )
        label.setWordWrap(True)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


_showing = False


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _showing
    report = crash_report(exc_type, exc, tb)
    log.critical("uncaught exception:\n%s", report)
    if QApplication.instance() is None or _showing:
        sys.__excepthook__(exc_type, exc, tb)
        return
    _showing = True
    try:
        CrashDialog(report).exec()
    finally:
        _showing = False


def install_excepthook() -> None:
    sys.excepthook = excepthook
