"""Qt warnings a test may see without failing, and the collector that reads them from stderr."""

from __future__ import annotations

import logging

from ensure_browser.ui import crash

ALLOWED_QT_WARNINGS = crash.QT_NOISE + (
    "QOpenGL",
    "Populating font family aliases",
    "Unable to open default EUC",
    "failed to acquire GL context",
    "pulseaudio",
    "PulseAudio",
    "ffmpeg",
    "FFmpeg",
    "[ffmpeg",
    "QMediaPlayer",
    "qt.multimedia",
    "Fontconfig",
    "OpenType support missing",
    "This plugin does not support",
)


class QtWarningCollector:
    """Qt's warnings of one test, read from the captured stderr (Qt logs there; see ui/crash.py)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def feed(self, text: str) -> None:
        for line in text.splitlines():
            parsed = crash.parse_qt_line(line)
            if parsed is None:
                continue
            level, _category, message = parsed
            if level >= logging.WARNING and not any(a in message for a in ALLOWED_QT_WARNINGS):
                self.messages.append(message)
