"""Crash handling: uncaught exceptions become a dialog with a copyable (scrubbed) report.

Qt's own messages (warnings from the C++ side) are routed into Python logging under the logger
``qt``, so they reach the log file and the tests can fail on them.
"""

from __future__ import annotations

import logging
import os
import platform
import re
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import qSetMessagePattern
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from ensure_browser import APP_DISPLAY_NAME, __version__
from ensure_browser.logs import scrub

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")


# Messages from Qt that say nothing about this program (platform plugins, optional backends).
QT_NOISE = (
    "Couldn't load pipewire",
    "Couldn't resolve pipewire",
    "Couldn't load va",  # VA-API (hardware video decoding) libraries absent: FFmpeg decodes in software
    "Couldn't resolve va",
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


# Qt's messages are NOT routed through a Python message handler: Qt calls the handler in whatever
# thread logs, and a Qt thread that needs the GIL while the GUI thread holds it inside a blocking
# cross-thread call (QMediaPlayer.stop() waits for the FFmpeg threads) deadlocks the app. Instead Qt
# keeps its default handler, which writes to stderr with this pattern, and a reader thread forwards
# the marked lines from a pipe on fd 2 into the "qt" logger; other stderr output passes through.
QT_MESSAGE_PATTERN = (
    "qt.%{if-debug}debug%{endif}%{if-info}info%{endif}%{if-warning}warning%{endif}"
    "%{if-critical}critical%{endif}%{if-fatal}fatal%{endif} [%{category}] %{message}"
)
_LINE = re.compile(r"^qt\.(debug|info|warning|critical|fatal) \[([^\]]*)\] (.*)$")
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
           "critical": logging.ERROR, "fatal": logging.CRITICAL}


def parse_qt_line(line: str) -> tuple[int, str, str] | None:
    """(logging level, category, message) of a Qt message line, or None for other output."""
    match = _LINE.match(line)
    if match is None:
        return None
    level = _LEVELS[match.group(1)]
    message = match.group(3)
    if level >= logging.WARNING and any(n in message for n in QT_NOISE):
        level = logging.DEBUG
    return level, match.group(2), message


class _StderrBridge(threading.Thread):
    def __init__(self, read_fd: int, passthrough_fd: int) -> None:
        super().__init__(name="qt-messages", daemon=True)
        self.read_fd = read_fd
        self.passthrough_fd = passthrough_fd

    def run(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self.read_fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                text = raw.decode("utf-8", "replace")
                parsed = parse_qt_line(text)
                if parsed is None:
                    os.write(self.passthrough_fd, raw + b"\n")
                else:
                    level, category, message = parsed
                    qt_log.log(level, "[%s] %s", category, message)


_bridge: _StderrBridge | None = None


def install_qt_message_pattern() -> None:
    """Mark Qt's stderr lines so they can be told apart (used by the tests' capture)."""
    qSetMessagePattern(QT_MESSAGE_PATTERN)


def install_qt_message_handler() -> None:
    """Route Qt's messages into logging without a Python message handler (see above)."""
    global _bridge
    os.environ.setdefault("QT_FORCE_STDERR_LOGGING", "1")  # never the system journal
    install_qt_message_pattern()
    if _bridge is not None:
        return
    try:
        saved = os.dup(2)
        read_fd, write_fd = os.pipe()
        os.dup2(write_fd, 2)
        os.close(write_fd)
    except OSError as err:
        log.info("Qt messages stay on stderr: %s", err)
        return
    _bridge = _StderrBridge(read_fd, saved)
    _bridge.start()


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
