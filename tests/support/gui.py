"""Helpers for tests that drive widgets: a GUI-thread heartbeat, real drops, a shown main window,
confirmations."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ensure_browser.ui.main_window import MainWindow
    from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node
    from ensure_browser.ui.trees.tree_panel import TreePanel


def _run_queue_wait() -> float:
    """Seconds this thread has so far spent runnable but waiting for a CPU (Linux schedstat)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat", "rb") as stats:
            return int(stats.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


class Heartbeat:
    """A 10 ms timer on the GUI thread; the largest gap between two ticks is the longest stall.

    ``max_gap`` is that gap as measured. ``max_stall`` leaves out of each gap the time the GUI
    thread was ready to run but had no CPU (the kernel's run-queue delay): the part of the stall
    that the program itself caused, not other processes on a busy machine (a thread waiting for the
    GIL or a lock is not in the run queue, so that counts as a stall).

    Like the app after start-up (application.run_gui), the heap is frozen meanwhile: the test
    session's big heap would otherwise make one full garbage collection stall the loop by itself.
    """

    def __init__(self, interval_ms: int = 10) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.last_wait = 0.0
        self.max_gap = 0.0
        self.max_stall = 0.0
        self.ticks = 0

    def __enter__(self) -> Heartbeat:
        gc.collect()
        gc.freeze()
        self.last = time.monotonic()
        self.last_wait = _run_queue_wait()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()
        gc.unfreeze()

    def _tick(self) -> None:
        now, wait = time.monotonic(), _run_queue_wait()
        gap = now - self.last
        self.max_gap = max(self.max_gap, gap)
        self.max_stall = max(self.max_stall, gap - (wait - self.last_wait))
        self.last, self.last_wait = now, wait
        self.ticks += 1

    def describe(self) -> str:
        return (f"the event loop stalled {self.max_stall * 1000:.0f} ms (largest gap between ticks "
                f"{self.max_gap * 1000:.0f} ms, waits for a CPU left out)")


def show_panel(qtbot: QtBot, model: LazyTreeModel) -> TreePanel:
    """A shown TreePanel (1100 x 700) over ``model``, closed with the test."""
    from ensure_browser.ui.trees.tree_panel import TreePanel

    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.set_model(model)
    panel.show()
    return panel


def send_drop(target: QWidget, pos: QPoint, paths: list[Path], mime: QMimeData | None = None,
              actions: Qt.DropAction = Qt.DropAction.CopyAction,
              modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> tuple[bool, bool]:
    """Drag ``paths`` (file:// URLs; or ``mime``, as built by the test) over ``pos`` of ``target``
    and drop them, with real QDragEnter/QDragMove/QDrop events offering ``actions`` with
    ``modifiers`` held; returns (move accepted, drop accepted)."""
    if mime is None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    left = Qt.MouseButton.LeftButton
    QApplication.sendEvent(target, QDragEnterEvent(pos, actions, mime, left, modifiers))
    move = QDragMoveEvent(pos, actions, mime, left, modifiers)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(QPointF(pos), actions, mime, left, modifiers)
    QApplication.sendEvent(target, drop)
    return move.isAccepted(), drop.isAccepted()


def shown_main_window(qtbot: QtBot, folder: Path) -> MainWindow:
    """A main window shown, its settings kept in ``folder`` (closed by ``qtbot`` after the test)."""
    from ensure_browser.ui.main_window import MainWindow

    window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def flow_confirmation(qtbot: QtBot, actions: Any) -> QMessageBox:
    """The confirmation of the flow ``actions.flow`` (delete, copy, move) once it is asked."""
    qtbot.waitUntil(lambda: actions.flow is not None and actions.flow.confirm is not None, timeout=10_000)
    assert actions.flow is not None and actions.flow.confirm is not None
    box = actions.flow.confirm
    assert isinstance(box, QMessageBox)
    return box


def press(box: QMessageBox, text: str) -> None:
    """Click the button of ``box`` that reads ``text``."""
    button = next(b for b in box.buttons() if b.text() == text)
    assert isinstance(button, QPushButton)
    button.click()


def go_to(qtbot: QtBot, window: MainWindow, bucket: str, key: str) -> Node:
    """Open the Raw tree down to ``s3://bucket/key`` and wait until that row is the current one."""
    window.go_to_location(f"s3://{bucket}/{key}")
    qtbot.waitUntil(lambda: (n := window.tree_panel.current_node()) is not None and n.key == key, timeout=10_000)
    node = window.tree_panel.current_node()
    assert node is not None
    return node
