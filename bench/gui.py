"""Qt helpers for the GUI figures: one offscreen QApplication, an event-loop heartbeat, waiting."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

HEARTBEAT_MS = 10


def qt_app() -> QApplication:
    """The application's own QApplication (make_application), on the offscreen platform.

    The first call also does what ``application.run_gui`` does once the main window is up
    (``tune_runtime``: the heap frozen out of the collector's full passes, a 1 ms GIL switch
    interval).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ensure_browser.ui.application import make_application, tune_runtime

    existing = QApplication.instance()
    app = make_application(["ensure-bench"])
    if existing is None:
        tune_runtime()
    return app


class Heartbeat(QObject):
    """A 10 ms precise QTimer on the GUI thread; the longest gap between two ticks is the worst stall.

    A stall is reported as the gap minus the nominal interval: 0 ms means every tick came on time.
    """

    def __init__(self, interval_ms: int = HEARTBEAT_MS) -> None:
        super().__init__()
        self.interval = interval_ms / 1000
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.max_gap = 0.0
        self.ticks = 0
        self.over_50ms = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.max_gap = 0.0
        self.ticks = 0
        self.over_50ms = 0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        self.last = now
        self.ticks += 1
        self.max_gap = max(self.max_gap, gap)
        if gap - self.interval > 0.050:
            self.over_50ms += 1

    def stop(self) -> float:
        """Stop; returns the worst stall in milliseconds."""
        self._tick()
        self.timer.stop()
        return max(0.0, (self.max_gap - self.interval) * 1000)


def idle_stall(seconds: float = 1.0) -> float:
    """The worst stall of an idle event loop over ``seconds``: this machine's noise floor."""
    heartbeat = Heartbeat()
    heartbeat.start()
    spin_for(seconds)
    return heartbeat.stop()


def spin_until(done: Callable[[], bool], timeout: float, poll_ms: int = 1) -> bool:
    """Run the GUI event loop until ``done()`` (checked every ``poll_ms``) or ``timeout`` seconds."""
    if done():
        return True
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    result = [False]

    def check() -> None:
        if done():
            result[0] = True
            loop.quit()
        elif time.perf_counter() > deadline:
            loop.quit()

    poll = QTimer()
    poll.setTimerType(Qt.TimerType.PreciseTimer)
    poll.timeout.connect(check)
    poll.start(poll_ms)
    loop.exec()
    poll.stop()
    return result[0]


def spin_for(seconds: float) -> None:
    end = time.perf_counter() + seconds
    spin_until(lambda: time.perf_counter() >= end, seconds + 1, poll_ms=5)


def drain_workers(msecs: int = 30_000) -> None:
    """Wait for the app's worker pools to finish what is still running (before the server stops)."""
    from ensure_browser.ui.workers import workers

    workers().wait(msecs)
    QCoreApplication.processEvents()


def dispose(widget: QWidget) -> None:
    """Close and really delete a widget now (deferred deletes are flushed)."""
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
