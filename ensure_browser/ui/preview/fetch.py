"""Preview fetches that follow the selection: cancelled and ignored once the selection moves on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ensure_browser.core.errors import StorageError, translate
from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.i18n import error_text as i18n_error_text
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)


class Fetcher:
    """Runs work in the ``preview`` pool for the current selection.

    :meth:`reset` (called when the selection changes) cancels every running fetch and bumps a
    generation counter, so a result that arrives late is dropped even if its work did not notice
    the cancellation.
    """

    def __init__(self, owner: QObject, pool: str = "preview") -> None:
        self.owner = owner
        self.pool = pool
        self.generation = 0
        self._handles: list[TaskHandle] = []

    def reset(self) -> None:
        for handle in self._handles:
            if handle.running:
                handle.cancel("The selection changed.")
        self._handles = []
        self.generation += 1

    def running(self) -> list[TaskHandle]:
        return [h for h in self._handles if h.running]

    def run(
        self,
        name: str,
        fn: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> TaskHandle:
        generation = self.generation

        def current() -> bool:
            return generation == self.generation

        def done(result: Any) -> None:
            if current():
                on_done(result)
            else:
                log.debug("late preview result dropped: %s", name)

        def failed(exc: BaseException) -> None:
            if current() and on_error is not None:
                on_error(exc)

        self._handles = [h for h in self._handles if h.running]
        handle = workers().run(self.pool, fn, on_done=done, on_error=failed, owner=self.owner, name=name)
        self._handles.append(handle)
        return handle


def object_tags(storage: Storage, bucket: str, key: str) -> dict[str, str]:
    """The object's tags (empty when it has none), with errors translated like every storage call."""
    try:
        tags = storage.client.get_object_tags(bucket, key)
    except StorageError:
        raise
    except Exception as exc:
        settings = storage.settings
        raise translate(exc, endpoint=settings.endpoint, access_key=settings.access_key, bucket=bucket,
                        key=key, secure=settings.secure) from exc
    return dict(tags or {})


def error_message(exc: BaseException) -> str:
    return i18n_error_text(exc)
