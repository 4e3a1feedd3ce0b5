"""Helpers for tests that drive widgets: a GUI-thread heartbeat and real file drops."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


class Heartbeat:
    """A 10 ms timer on the GUI thread; the largest gap between two ticks is the longest stall.

    Like the app after start-up (application.run_gui), the heap is frozen meanwhile: the test
    session's big heap would otherwise make one full garbage collection stall the loop by itself.
    """

    def __init__(self, interval_ms: int = 10) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.max_gap = 0.0
        self.ticks = 0

    def __enter__(self) -> Heartbeat:
        gc.collect()
        gc.freeze()
        self.last = time.monotonic()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()
        gc.unfreeze()

    def _tick(self) -> None:
        now = time.monotonic()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now
        self.ticks += 1


def send_drop(target: QWidget, pos: QPoint, paths: list[Path]) -> tuple[bool, bool]:
    """Drag ``paths`` (file:// URLs) over ``pos`` of ``target`` and drop them, with real
    QDragEnter/QDragMove/QDrop events; returns (move accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    copy, left, none = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(target, QDragEnterEvent(pos, copy, mime, left, none))
    move = QDragMoveEvent(pos, copy, mime, left, none)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(QPointF(pos), copy, mime, left, none)
    QApplication.sendEvent(target, drop)
    return move.isAccepted(), drop.isAccepted()
