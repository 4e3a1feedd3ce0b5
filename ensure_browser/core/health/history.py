"""Old versions and delete markers of a versioned bucket, counted by the health scan. No Qt here.

Only buckets whose versioning is on (or suspended: what was kept while it was on is still there) are
listed with versions (ListObjectVersions through minio-py's ``list_objects(..., include_version=True)``),
streamed: nothing is kept per version. A noncurrent version is one that is not the latest of its key
(a replaced or deleted object's bytes, still stored); a delete marker holds no bytes.
"""

from __future__ import annotations

import logging
import time

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3.storage import Storage

log = logging.getLogger(__name__)

__all__ = ["YIELD_EVERY", "VersionTally", "count_versions", "is_versioned"]

YIELD_EVERY = 25  # versions between two looks at the cancel tokens (and a voluntary release of the GIL)


class VersionTally:
    """Noncurrent versions (and their bytes) and delete markers of one bucket."""

    __slots__ = ("delete_markers", "noncurrent", "noncurrent_bytes", "versioning")

    def __init__(self, versioning: str | None = None) -> None:
        self.versioning = versioning  # "Enabled", "Suspended", "Off"; None: not known
        self.noncurrent = 0
        self.noncurrent_bytes = 0
        self.delete_markers = 0

    def add(self, is_latest: bool, is_delete_marker: bool, size: int) -> None:
        if is_delete_marker:
            self.delete_markers += 1
        elif not is_latest:
            self.noncurrent += 1
            self.noncurrent_bytes += size

    def to_dict(self) -> dict[str, int | str | None]:
        return {"versioning": self.versioning, "noncurrent_versions": self.noncurrent,
                "noncurrent_bytes": self.noncurrent_bytes, "delete_markers": self.delete_markers}

    def __repr__(self) -> str:
        return (f"VersionTally({self.noncurrent} noncurrent, {self.noncurrent_bytes} bytes, "
                f"{self.delete_markers} delete markers)")


def is_versioned(state: str | None) -> bool:
    """Whether a bucket in versioning ``state`` may hold old versions."""
    return state in ("Enabled", "Suspended")


def _flag(value: object) -> bool:
    """minio-py reads ``IsLatest`` as the text "true"/"false"."""
    return value is True or str(value).lower() == "true"


def count_versions(storage: Storage, bucket: str, prefix: str, tally: VersionTally, *tokens: CancelToken) -> None:
    """Add every version and delete marker of ``bucket`` below ``prefix`` to ``tally``; StorageError
    on failure, Cancelled within :data:`YIELD_EVERY` entries once one of ``tokens`` is cancelled."""
    add = tally.add
    for listed, obj in enumerate(storage.list_versions_raw(bucket, prefix, *tokens), 1):
        add(_flag(obj.is_latest), bool(obj.is_delete_marker), int(obj.size or 0))
        if listed % YIELD_EVERY == 0:
            time.sleep(0)
    log.debug("%s: %r", bucket, tally)
