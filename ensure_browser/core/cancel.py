"""Cooperative cancellation for long work running in worker threads."""

from __future__ import annotations

import threading

from ensure_browser.core.errors import Cancelled


class CancelToken:
    """Set from any thread; checked by the worker between units of work.

    Cheap to make: every transfer job gets one, and a drop of 10,000 small files makes 10,000.
    The event a :meth:`wait` sleeps on is made by the first wait (most tokens never wait); a
    cancel that came before it is seen by the flag, read after the event is in place.
    """

    __slots__ = ("_cancelled", "_event", "reason")
    _event_lock = threading.Lock()  # makes a token's event once; taken only by a first wait

    def __init__(self) -> None:
        self._cancelled = False
        self._event: threading.Event | None = None
        self.reason = "Cancelled."

    def cancel(self, reason: str = "Cancelled.") -> None:
        self.reason = reason
        self._cancelled = True
        event = self._event  # read after the flag is set: see wait()
        if event is not None:
            event.set()

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
