"""The worker API: results, errors, cancellation and throttled progress reach the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ensure_browser.core.errors import NoSuchKey
from ensure_browser.ui.preview.content import PreviewError
from ensure_browser.ui.workers import TaskContext, workers


def test_result_arrives_on_gui_thread(qtbot: QtBot) -> None:
    seen: dict[str, object] = {}
    gui = QThread.currentThread()

    def work(ctx: TaskContext) -> int:
        seen["worker_thread"] = threading.current_thread().name
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["on_gui"] = QThread.currentThread() is gui

    workers().run("misc", work, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["on_gui"] is True
    assert seen["worker_thread"] != threading.main_thread().name


def test_errors_are_delivered_not_swallowed(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work(ctx: TaskContext) -> None:
        raise NoSuchKey("The object is gone.")

    workers().run("misc", work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], NoSuchKey)
    assert errors[0].message == "The object is gone."


def test_expected_failures_are_logged_without_traceback_and_crashes_with_one(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    errors: list[BaseException] = []

    def bad_image(ctx: TaskContext) -> None:
        raise PreviewError("This is not a valid image.")

    def bug(ctx: TaskContext) -> None:
        raise KeyError("oops")

    with caplog.at_level("INFO", logger="ensure_browser.ui.workers"):
        workers().run("misc", bad_image, on_error=errors.append, name="bad image")
        qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
        workers().run("misc", bug, on_error=errors.append, name="bug")
        qtbot.waitUntil(lambda: len(errors) == 2, timeout=5000)
    records = {r.getMessage().split(":")[0]: r for r in caplog.records}
    assert records["task bad image failed"].levelname == "INFO"
    assert "Traceback" not in records["task bad image failed"].getMessage()
    crash = next(r for r in caplog.records if r.getMessage().startswith("task bug crashed"))
    assert crash.levelname == "ERROR" and "KeyError" in crash.getMessage()


def test_cancel_stops_work_and_skips_on_done(qtbot: QtBot) -> None:
    started = threading.Event()
    results: list[object] = []
    cancelled: list[bool] = []

    def work(ctx: TaskContext) -> str:
        started.set()
        while True:
            ctx.check()
            time.sleep(0.01)

    handle = workers().run("misc", work, on_done=results.append, on_cancelled=lambda: cancelled.append(True))
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert results == []
    assert cancelled == [True]


def test_progress_is_throttled(qtbot: QtBot) -> None:
    updates: list[int] = []
    done: list[bool] = []

    def work(ctx: TaskContext) -> None:
        for i in range(2000):
            ctx.progress(i)
            time.sleep(0.0002)  # ~0.4 s of work with 2000 reports

    started = time.monotonic()
    workers().run("misc", work, on_progress=updates.append, on_done=lambda _r: done.append(True),
                  progress_interval=0.1)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    elapsed = time.monotonic() - started
    assert 2 <= len(updates) <= elapsed / 0.1 + 2  # at most one per 100 ms (+ first and last), not 2000
    assert len(updates) < 200
    assert updates[-1] == 1999  # the last value is never lost


def test_deleted_owner_gets_no_callback(qtbot: QtBot) -> None:
    owner = QWidget()
    gate = threading.Event()
    called: list[object] = []
    handle = workers().run("misc", lambda ctx: gate.wait(5), on_done=called.append, owner=owner)
    owner.deleteLater()
    qtbot.wait(50)
    gate.set()
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert called == []


@pytest.mark.parametrize("kind", ["listing", "preview", "transfer", "misc"])
def test_pools_are_separate(qtbot: QtBot, kind: str) -> None:
    """A full transfer pool does not delay listing work."""
    block = threading.Event()
    w = workers()
    blockers = [w.run("transfer", lambda ctx: block.wait(10)) for _ in range(w.pools["transfer"].maxThreadCount())]
    got: list[str] = []
    w.run(kind, lambda ctx: kind, on_done=got.append)
    if kind == "transfer":
        qtbot.wait(200)
        assert got == []  # queued behind the blockers
        block.set()
    qtbot.waitUntil(lambda: got == [kind], timeout=5000)
    block.set()
    qtbot.waitUntil(lambda: all(b.finished for b in blockers), timeout=5000)
