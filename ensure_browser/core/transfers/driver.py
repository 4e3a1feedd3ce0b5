"""A driver with its own threads: runs a queue's work items on a private pool (CLI, core tests, bench).

The GUI drives the queue with its workers instead (``ensure_browser.ui.transfers.controller``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from ensure_browser.core.transfers.jobs import Work
from ensure_browser.core.transfers.queue import TransferQueue

log = logging.getLogger(__name__)


class ThreadedDriver:
    """Runs a queue's work on a private thread pool (CLI and tests; the GUI uses its workers)."""

    def __init__(self, queue: TransferQueue, max_threads: int | None = None) -> None:
        self.queue = queue
        self._pool = ThreadPoolExecutor(max_workers=max_threads or queue.concurrency + 1,
                                        thread_name_prefix="transfer")
        self._lock = threading.Lock()
        self._active = 0
        self._idle = threading.Condition(self._lock)
        self._closed = False
        self._in_work = threading.local()  # set in a pool thread while it runs work items
        queue.set_waker(self.drive)

    def drive(self) -> None:
        if getattr(self._in_work, "active", False):
            return  # a pool thread asks for more when its item ends (see _run)
        self._submit(self._take())

    def _take(self) -> list[Work]:
        with self._lock:
            if self._closed:
                return []
        return self.queue.take_work()

    def _submit(self, items: Sequence[Work]) -> None:
        for work in items:
            with self._lock:
                self._active += 1
            self._pool.submit(self._run, work)

    def _run(self, work: Work) -> None:
        """Run ``work``, then the next item in this thread too (no hand-off to another thread per
        job: with many small files that costs a wake-up and a GIL switch each); the rest go to the pool."""
        self._in_work.active = True
        current: Work | None = work
        try:
            while current is not None:
                try:
                    current.run()
                except Exception:
                    log.exception("transfer work %s crashed", current.name)
                items = self._take()
                current = items[0] if items else None
                self._submit(items[1:])
        finally:
            self._in_work.active = False
            with self._lock:
                self._active -= 1
                self._idle.notify_all()

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until nothing is running and nothing startable is queued."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                if self._active == 0 and self.queue.state.idle():
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(min(left, 0.1))

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self.queue.close()
        self._pool.shutdown(wait=True)
        self.queue.flush()
