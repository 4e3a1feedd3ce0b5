"""Cooperative cancellation for long work running in worker threads."""

from __future__ import annotations

import threading

from ensure_browser.core.errors import Cancelled


class CancelToken:
    """Set from any thread; checked by the worker between units of work."""

    __slots__ = ("_event", "reason")

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason = "Cancelled."

    def cancel(self, reason: str = "Cancelled.") -> None:
        self.reason = reason
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled(self.reason)

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds; True when cancelled meanwhile (for backoff loops)."""
        return self._event.wait(timeout)


NEVER = CancelToken()
"""A token nobody cancels, for callers that do not need cancellation. Never call cancel() on it."""
