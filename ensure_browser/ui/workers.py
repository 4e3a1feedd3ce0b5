"""The one way to run work off the GUI thread.

``workers().run(kind, fn, on_done=..., on_error=..., on_progress=...)`` runs ``fn(task)`` in a
``QThreadPool`` chosen by ``kind`` (listing, preview, transfer, misc) so a big upload never starves
browsing. ``fn`` receives a :class:`TaskContext` with the cancel token and a throttled
``progress(value)``. Callbacks run on the GUI thread through queued signals; an ``owner`` widget that
was deleted meanwhile gets no callback. Errors are logged, never swallowed.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled, StorageError

log = logging.getLogger(__name__)

POOL_SIZES = {"listing": 4, "preview": 3, "transfer": 6, "misc": 2, "sign-in": 1}  # sign-in: waits for a browser
DEFAULT_PROGRESS_INTERVAL = 0.1  # seconds: at most 10 progress updates a second per task


class _Carrier(QObject):
    """Lives in the GUI thread; worker threads emit on it (queued to the GUI thread)."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)


@dataclass
class TaskContext:
    """Handed to the work function: cancellation and throttled progress."""

    token: CancelToken
    _emit: Callable[[object], None]
    interval: float = DEFAULT_PROGRESS_INTERVAL
    _last: float = 0.0
    _pending: Any = None
    _has_pending: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def check(self) -> None:
        self.token.raise_if_cancelled()

    def progress(self, value: object, *, force: bool = False) -> None:
        """Report progress; values closer together than ``interval`` are coalesced (latest wins)."""
        now = time.monotonic()
        with self._lock:
            if force or now - self._last >= self.interval:
                self._last = now
                self._has_pending = False
                emit = True
            else:
                self._pending = value
                self._has_pending = True
                emit = False
        if emit:
            self._emit(value)

    def flush(self) -> None:
        with self._lock:
            pending, has = self._pending, self._has_pending
            self._has_pending = False
        if has:
            self._emit(pending)


class TaskHandle:
    """What the caller keeps: cancel it, ask whether it is still running."""

    def __init__(self, name: str, token: CancelToken) -> None:
        self.name = name
        self.token = token
        self.finished = False
        self.error: BaseException | None = None

    def cancel(self, reason: str = "Cancelled.") -> None:
        self.token.cancel(reason)

    @property
    def running(self) -> bool:
        return not self.finished


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], Any], ctx: TaskContext, carrier: _Carrier,
                 name: str) -> None:
        super().__init__()
        self.fn = fn
        self.ctx = ctx
        self.carrier = carrier
        self.name = name
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.ctx)
        except BaseException as exc:
            if isinstance(exc, Cancelled) or self.ctx.token.cancelled:
                log.debug("task %s cancelled", self.name)
            elif isinstance(exc, StorageError):
                log.info("task %s failed: %s | %s", self.name, exc.message, exc.detail)
            elif getattr(exc, "expected", False):  # a failure the caller reports to people (bad preview ...)
                log.info("task %s failed: %s", self.name, getattr(exc, "message", exc))
            else:
                log.error("task %s crashed:\n%s", self.name, "".join(traceback.format_exception(exc)))
            self.ctx.flush()
            _safe_emit(self.carrier.failed, exc)
            return
        self.ctx.flush()
        _safe_emit(self.carrier.done, result)


def _safe_emit(signal: Any, value: object) -> None:
    try:
        signal.emit(value)
    except RuntimeError:  # the carrier is gone (application shutting down)
        log.debug("result dropped: receiver deleted")


class Workers:
    """Thread pools per kind of work, and bookkeeping of running tasks."""

    def __init__(self, sizes: dict[str, int] | None = None) -> None:
        self.pools: dict[str, QThreadPool] = {}
        for kind, size in (sizes or POOL_SIZES).items():
            pool = QThreadPool()
            pool.setMaxThreadCount(size)
            pool.setObjectName(f"pool-{kind}")
            self.pools[kind] = pool
        self._active: dict[int, tuple[TaskHandle, _Carrier]] = {}
        self._next = 0

    def run(
        self,
        kind: str,
        fn: Callable[[TaskContext], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        owner: QObject | None = None,
        name: str = "",
        token: CancelToken | None = None,
        progress_interval: float = DEFAULT_PROGRESS_INTERVAL,
    ) -> TaskHandle:
        """Run ``fn(ctx)`` in the ``kind`` pool. Must be called on the GUI thread."""
        token = token or CancelToken()
        handle = TaskHandle(name or getattr(fn, "__name__", "task"), token)
        carrier = _Carrier()
        task_id = self._next
        self._next += 1
        self._active[task_id] = (handle, carrier)

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        def finish() -> None:
            handle.finished = True
            self._active.pop(task_id, None)
            carrier.deleteLater()

        def done(result: object) -> None:
            finish()
            if alive() and on_done is not None and not token.cancelled:
                on_done(result)
            elif token.cancelled and on_cancelled is not None and alive():
                on_cancelled()

        def failed(exc: BaseException) -> None:
            handle.error = exc
            finish()
            if not alive():
                return
            if isinstance(exc, Cancelled) or token.cancelled:
                if on_cancelled is not None:
                    on_cancelled()
                return
            if on_error is not None:
                on_error(exc)
            else:
                log.error("unhandled error in task %s: %s", handle.name, exc)

        def progress(value: object) -> None:
            if on_progress is not None and alive() and not handle.finished:
                on_progress(value)

        carrier.done.connect(done)
        carrier.failed.connect(failed)
        carrier.progress.connect(progress)
        ctx = TaskContext(token, carrier.progress.emit, progress_interval)
        self.pools[kind].start(_Runnable(fn, ctx, carrier, handle.name))
        return handle

    def active(self) -> list[TaskHandle]:
        return [h for h, _ in self._active.values()]

    def cancel_all(self) -> None:
        for handle, _ in list(self._active.values()):
            handle.cancel("The application is closing.")

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for every pool to drain (blocks: use at shutdown and in tests only)."""
        deadline = time.monotonic() + msecs / 1000
        ok = True
        for pool in self.pools.values():
            left = max(0, int((deadline - time.monotonic()) * 1000))
            ok = pool.waitForDone(left) and ok
        return ok

    def shutdown(self, msecs: int = 10_000) -> bool:
        self.cancel_all()
        return self.wait(msecs)


_workers: Workers | None = None


def workers() -> Workers:
    """The application's worker pools (created on first use, on the GUI thread)."""
    global _workers
    if _workers is None:
        _workers = Workers()
    return _workers


def reset_workers_for_tests() -> Workers | None:
    """Drop the global pools after a test (returns the old ones so the caller can wait on them)."""
    global _workers
    old, _workers = _workers, None
    return old
