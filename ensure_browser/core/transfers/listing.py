"""Conflict checks of a batch: one listing of the target prefix instead of a HEAD per file.

From :data:`BATCH_LISTING_MIN` conflict-checked uploads into one bucket on, one recursive LIST of
their common prefix replaces a HEAD per file, as long as the prefix holds at most
:data:`LISTING_BUDGET_PER_FILE` objects per upload (else a HEAD per file is cheaper). A listing older
than :data:`LISTING_MAX_AGE` seconds is taken again. The write itself is conditional
(If-None-Match: *), so an object that appears after the check is refused by servers that support it
(S3, SeaweedFS, MinIO); on a server that ignores the header the window between check and write
remains, as with a HEAD.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from datetime import datetime

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import AccessDenied
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.transfers.jobs import TransferJob
from ensure_browser.core.transfers.state import QueueState

log = logging.getLogger(__name__)

BATCH_LISTING_MIN = 8
LISTING_BUDGET_PER_FILE = 20
LISTING_MAX_AGE = 60.0

Listed = dict[str, tuple[int, datetime | None, str | None]]  # key -> (size, last modified, ETag)


class PrefixListing:
    """The objects below one prefix, listed once for the upload jobs of a batch."""

    def __init__(self, prefix: str, budget: int) -> None:
        self.prefix = prefix
        self.budget = budget  # at most this many objects are worth listing
        self.lock = threading.Lock()  # one job lists, the others wait for it
        self.keys: Listed | None = None
        self.taken = 0.0
        self.unusable = False  # too many objects, or listing is not allowed: a HEAD per file


def common_folder(keys: Sequence[str]) -> str:
    """The longest prefix ending in ``/`` (or empty) that every key starts with."""
    if not keys:
        return ""
    lo, hi = min(keys), max(keys)  # what the smallest and the largest share, all share
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[: lo.rfind("/", 0, n) + 1]


class BatchListings:
    """The listings of the batches in progress, by (batch, bucket); guarded by the queue's lock."""

    def __init__(self, state: QueueState, storage: Storage) -> None:
        self.state = state
        self.storage = storage
        self.scopes: dict[tuple[int, str], PrefixListing] = {}

    def plan(self, batch: int, jobs: Sequence[TransferJob]) -> None:
        """A batch with many conflict-checked uploads into a bucket gets one listing of their prefix."""
        keys: dict[str, list[str]] = {}
        for job in jobs:
            if job.check_conflict:
                keys.setdefault(job.bucket, []).append(job.key)
        with self.state.lock:
            for bucket, bucket_keys in keys.items():
                if len(bucket_keys) >= BATCH_LISTING_MIN:
                    self.scopes[(batch, bucket)] = PrefixListing(
                        common_folder(bucket_keys), max(1000, LISTING_BUDGET_PER_FILE * len(bucket_keys)))

    def drop(self, batch: int) -> None:
        """The batch is over (lock held)."""
        for scope in [s for s in self.scopes if s[0] == batch]:
            del self.scopes[scope]

    def lookup(self, job: TransferJob, token: CancelToken) -> Listed | None:
        """The objects below the batch's target prefix (key -> size, modified, ETag), or None: look per file.

        One recursive LIST serves every job of the batch that goes to that prefix; it is taken by
        the first job that needs it (the others wait) and again when it is older than
        :data:`LISTING_MAX_AGE`. None when the batch is small, the prefix holds too many objects
        to be worth listing, or the access key may not list (write-only keys get AccessDenied).
        """
        with self.state.lock:
            scope = self.scopes.get((job.batch, job.bucket))
        if scope is None or scope.unusable:
            return None
        while not scope.lock.acquire(timeout=0.1):
            token.raise_if_cancelled()
        try:
            if scope.unusable:
                return None
            now = time.monotonic()
            if scope.keys is None or now - scope.taken > LISTING_MAX_AGE:
                scope.keys = self._list(job.bucket, scope, token)
                scope.taken = now
            return scope.keys
        finally:
            scope.lock.release()

    def _list(self, bucket: str, scope: PrefixListing, token: CancelToken) -> Listed | None:
        keys: Listed = {}
        try:
            for info in self.storage.list_recursive(bucket, scope.prefix, cancel=token):
                if len(keys) >= scope.budget:
                    log.info("s3://%s/%s holds more than %d objects; checking each file instead",
                             bucket, scope.prefix, scope.budget)
                    scope.unusable = True
                    return None
                keys[info.key] = (info.size, info.last_modified, info.etag)
        except AccessDenied as err:
            log.info("cannot list s3://%s/%s (%s); checking each file instead", bucket, scope.prefix,
                     err.message)
            scope.unusable = True
            return None
        return keys
