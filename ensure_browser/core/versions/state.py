"""Whether a bucket keeps versions, read once per connection and kept for :data:`KEPT_FOR` seconds
(the delete confirmation asks it often). When this app turns versioning on (the Retention tab,
``provision --versioning``: :func:`~ensure_browser.core.retention.versioning.turn_on_versioning`),
the bucket is read again at once (:meth:`VersioningStates.changed`); a change made elsewhere shows
within :data:`KEPT_FOR` seconds.

``Enabled``: a delete leaves a delete marker and every version stays: what is deleted can be
restored. ``Suspended``: older versions stay, but a delete replaces the current "null" version.
``Off`` or unknown (None: the server has no versioning, or the answer failed): a delete is final.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref

from ensure_browser.core.errors import StorageError
from ensure_browser.core.s3.storage import Storage

log = logging.getLogger(__name__)

ENABLED = "Enabled"
SUSPENDED = "Suspended"
KEPT_FOR = 30.0  # seconds an answer is used again


class VersioningStates:
    """The versioning state of each bucket, per connection (``Storage``); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: weakref.WeakKeyDictionary[Storage, dict[str, tuple[float, str | None]]] = \
            weakref.WeakKeyDictionary()

    def get(self, storage: Storage, bucket: str) -> str | None:
        """``bucket``'s state (asks the server when not known or older than :data:`KEPT_FOR`; a
        failure counts as unknown: None)."""
        with self._lock:
            known = self._known.setdefault(storage, {})
            if bucket in known and time.monotonic() - known[bucket][0] < KEPT_FOR:
                return known[bucket][1]
        try:
            state = storage.bucket_versioning(bucket)
        except StorageError as err:
            log.info("versioning of %s unknown: %s", bucket, err.message)
            state = None
        with self._lock:
            self._known.setdefault(storage, {})[bucket] = (time.monotonic(), state)
        return state

    def forget(self, storage: Storage, bucket: str | None = None) -> None:
        """Read ``bucket`` (every bucket when None) again next time, e.g. after versioning was changed."""
        with self._lock:
            known = self._known.get(storage)
            if known is not None:
                if bucket is None:
                    known.clear()
                else:
                    known.pop(bucket, None)

    def changed(self, storage: Storage, bucket: str) -> None:
        """This app changed ``bucket``'s versioning (the Retention tab, ``provision --versioning``):
        every connection to that server reads it again next time, not only ``storage``."""
        with self._lock:
            for other, known in self._known.items():
                if other is storage or other.settings.endpoint == storage.settings.endpoint:
                    known.pop(bucket, None)

    def restorable(self, storage: Storage, bucket: str) -> bool:
        return self.get(storage, bucket) == ENABLED


STATES = VersioningStates()
