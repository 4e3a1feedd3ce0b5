"""Cooperative cancellation for long work running in worker threads."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from ensure_browser.core.errors import Cancelled


class CancelToken:
    """Set from any thread; checked by the worker between units of work.

    Cheap to make: every transfer job gets one, and a drop of 10,000 small files makes 10,000.
    The event a :meth:`wait` sleeps on is made by the first wait (most tokens never wait); a
    cancel that came before it is seen by the flag, read after the event is in place.
    """

    __slots__ = ("_cancelled", "_event", "_hooks", "reason")
    _event_lock = threading.Lock()  # makes a token's event once; taken only by a first wait
    # guards every token's hooks; a hook runs under it, so that one forgotten has stopped running.
    # Reentrant: a hook may cancel another token (a download's ranges follow their job's token).
    _hook_lock = threading.RLock()

    def __init__(self) -> None:
        self._cancelled = False
        self._event: threading.Event | None = None
        self._hooks: list[Callable[[], None]] | None = None
        self.reason = "Cancelled."

    def cancel(self, reason: str = "Cancelled.") -> None:
        self.reason = reason
        self._cancelled = True
        event = self._event  # read after the flag is set: see wait()
        if event is not None:
            event.set()
        with CancelToken._hook_lock:
            hooks, self._hooks = self._hooks, None
            for hook in hooks or ():
                try:
                    hook()
                except Exception:  # a hook that fails must not stop the others nor the cancel
                    logging.getLogger(__name__).exception("a cancel hook failed")

    def on_cancel(self, hook: Callable[[], None]) -> None:
        """Call ``hook`` (quick, thread-safe: it runs in the cancelling thread) when this token is
        cancelled, at once if it is already; until :meth:`forget` returns. For work blocked where no
        flag is read (a socket read): the hook wakes it."""
        with CancelToken._hook_lock:
            if not self._cancelled:
                if self._hooks is None:
                    self._hooks = []
                self._hooks.append(hook)
                return
        hook()

    def forget(self, hook: Callable[[], None]) -> None:
        """``hook`` is not called from now on (nor running: a hook runs under the lock this takes)."""
        with CancelToken._hook_lock:
            if self._hooks is not None and hook in self._hooks:
                self._hooks.remove(hook)

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def raise_if_cancelled(self) -> None:
        if self._cancelled:
            raise Cancelled(self.reason)

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds; True when cancelled meanwhile (for backoff loops)."""
        event = self._event
        if event is None:
            with CancelToken._event_lock:
                if self._event is None:
                    self._event = threading.Event()
                event = self._event
        if self._cancelled:  # cancelled before the event was in place: cancel() may not have set it
            return True
        return event.wait(timeout)


NEVER = CancelToken()
"""A token nobody cancels, for callers that do not need cancellation. Never call cancel() on it."""
