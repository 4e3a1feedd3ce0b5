"""What the four tabs of the Policies panel share: the policy cache, the connection, the bucket chosen
above the tabs, the status line and the panel's worker tasks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ensure_browser.core.errors import StorageError
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.policies.cache import PolicyCache
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)


class TabContext(QObject):
    """Given to each tab by :class:`~ensure_browser.ui.policies.inspector.PolicyInspector`, which owns
    the bucket combo (``current_bucket``) and sets :attr:`connection`."""

    status = Signal(str)  # a line for people (shown under the tabs)

    def __init__(self, cache: PolicyCache, current_bucket: Callable[[], str | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        #: What the panel shows: an object with settings, names, storage and buckets (None: not connected).
        self.connection: Any = None
        self.current_bucket = current_bucket
        self._tasks: list[TaskHandle] = []

    def names(self) -> BucketNames:
        """The connection's bucket names (the default ones when not connected)."""
        return self.connection.names if self.connection is not None else BucketNames()

    def run(self, work: Callable[[TaskContext], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None], name: str) -> None:
        """Run ``work`` in a worker; ``done`` or ``failed`` follow in the GUI thread."""
        handle: TaskHandle | None = None

        def finish() -> None:
            if handle is not None and handle in self._tasks:
                self._tasks.remove(handle)

        def on_done(result: Any) -> None:
            finish()
            done(result)

        def on_error(exc: BaseException) -> None:
            finish()
            if not isinstance(exc, StorageError):
                log.error("%s failed: %s", name, exc)
            failed(exc)

        handle = workers().run("misc", work, on_done=on_done, on_error=on_error, on_cancelled=finish,
                               owner=self, name=name)
        self._tasks.append(handle)

    def cancel(self) -> None:
        """Cancel every running task (a new connection)."""
        for handle in self._tasks:
            handle.cancel()
        self._tasks.clear()

    def running(self) -> bool:
        """Whether a task of the panel is running (policy fetches excluded: see the cache)."""
        return bool(self._tasks)
