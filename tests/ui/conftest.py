"""Qt test hygiene: no test may leave worker tasks running, and Qt warnings fail the test."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from ensure_browser.ui import crash
from ensure_browser.ui import workers as workers_mod

# Qt warnings that say nothing about this program (no audio server, no GPU ...).
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


class QtWarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if not any(a in msg for a in ALLOWED_QT_WARNINGS):
            self.messages.append(msg)


@pytest.fixture(scope="session", autouse=True)
def _qt_messages_to_logging() -> None:
    crash.install_qt_message_handler()


@pytest.fixture(autouse=True)
def qt_hygiene(request: pytest.FixtureRequest) -> Iterator[QtWarningCollector]:
    collector = QtWarningCollector()
    qt_logger = logging.getLogger("qt")
    qt_logger.addHandler(collector)
    try:
        yield collector
    finally:
        qt_logger.removeHandler(collector)
        pool = workers_mod.reset_workers_for_tests()
        leftovers: list[str] = []
        if pool is not None:
            running = [h.name for h in pool.active() if h.running]
            pool.cancel_all()
            drained = pool.wait(15_000)
            if running and not request.node.get_closest_marker("allow_leftover_tasks"):
                leftovers = running
            if not drained:
                leftovers.append("(pools did not drain in 15 s)")
            _drain_events()
        if leftovers:
            pytest.fail(f"test left worker tasks running: {leftovers}", pytrace=False)
        if collector.messages:
            pytest.fail(f"unexpected Qt warnings: {collector.messages}", pytrace=False)


def _drain_events() -> None:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None:
        for _ in range(3):
            app.processEvents()
