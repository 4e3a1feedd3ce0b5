"""The profiles dialog's blocking work (keyring, network): run in the misc pool, and tracked, so the
dialog knows when it is idle. Callbacks run on the GUI thread (:func:`ensure_browser.ui.workers.workers`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

# (task name, blocking work, on_done, on_error) -> the running task: what the dialog's parts are given
Runner = Callable[[str, Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], TaskHandle]


class DialogTasks:
    """Tasks owned by ``owner`` (dropped with it); :attr:`idle` is True when none of them runs."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._tasks: list[TaskHandle] = []

    def run(self, name: str, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None]) -> TaskHandle:
        """Blocking work (keyring, network) in the misc pool; callbacks on the GUI thread."""

        def work(_ctx: TaskContext) -> Any:
            return fn()

        handle = workers().run("misc", work, on_done=on_done, on_error=on_error, owner=self._owner, name=name)
        self._tasks = [t for t in self._tasks if t.running] + [handle]
        return handle

    @property
    def idle(self) -> bool:
        return not any(t.running for t in self._tasks)
