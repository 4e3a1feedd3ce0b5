"""The live bucket policies, fetched in workers and parsed once: one cache for the Policies panel, the
trees' public badges and the preview's links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.model import PolicyError
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.policies.widgets import error_text
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers


@dataclass(frozen=True)
class PolicyEntry:
    """A bucket's live policy as last read: ``text`` (None: no policy), parsed ``policy`` and ``error``."""

    bucket: str
    text: str | None
    policy: Policy | None
    error: str = ""


class PolicyCache(QObject):
    """Live bucket policies, fetched in workers and parsed once; cleared when the storage changes."""

    changed = Signal(str)  # bucket: its entry is new

    def __init__(self, storage_provider: Callable[[], Storage | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._provider = storage_provider
        self._storage: Storage | None = None
        self._entries: dict[str, PolicyEntry] = {}
        self._running: dict[str, TaskHandle] = {}

    def _sync(self) -> Storage | None:
        storage = self._provider()
        if storage is not self._storage:
            for handle in self._running.values():
                handle.cancel()
            self._running.clear()
            self._entries.clear()
            self._storage = storage
        return storage

    def get(self, bucket: str) -> PolicyEntry | None:
        self._sync()
        return self._entries.get(bucket)

    def ensure(self, bucket: str) -> PolicyEntry | None:
        """The cached entry, or None after starting to fetch it (``changed`` follows)."""
        entry = self.get(bucket)
        if entry is None:
            self._fetch(bucket)
        return entry

    def refresh(self, bucket: str) -> None:
        """Read ``bucket``'s policy again (after a change)."""
        self._sync()
        self._entries.pop(bucket, None)
        if bucket in self._running:
            self._running.pop(bucket).cancel()
        self._fetch(bucket)

    def busy(self) -> bool:
        return bool(self._running)

    def fetching(self, bucket: str) -> bool:
        """Whether ``bucket``'s policy is being read (its ``changed`` is still to come)."""
        return bucket in self._running

    def _fetch(self, bucket: str) -> None:
        storage = self._storage
        if storage is None or bucket in self._running:
            return

        def work(_ctx: TaskContext) -> PolicyEntry:
            text = storage.get_bucket_policy(bucket)
            try:
                return PolicyEntry(bucket, text, None if text is None else parse_policy(text))
            except PolicyError as err:
                return PolicyEntry(bucket, text, None, tr("The live policy is not understood: {0}").format(
                    error_text(err)))

        def done(entry: PolicyEntry) -> None:
            self._finish(bucket, storage, entry)

        def failed(exc: BaseException) -> None:
            message = tr("The policy of {0} cannot be read: {1}").format(bucket, error_text(exc))
            self._finish(bucket, storage, PolicyEntry(bucket, None, None, message))

        def cancelled() -> None:
            if self._running.get(bucket) is handle:
                del self._running[bucket]

        handle = workers().run("misc", work, on_done=done, on_error=failed, on_cancelled=cancelled, owner=self,
                               name=f"policy of {bucket}")
        self._running[bucket] = handle

    def _finish(self, bucket: str, storage: Storage, entry: PolicyEntry) -> None:
        self._running.pop(bucket, None)
        if storage is not self._storage:
            return
        self._entries[bucket] = entry
        self.changed.emit(bucket)
