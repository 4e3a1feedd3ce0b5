"""Deleting objects and whole prefixes: plan first (what exactly goes), then delete what was planned.

A plan expands every selected prefix with a recursive listing, so the confirmation shows the real
number of objects and bytes and the deletion removes exactly the listed objects: each one only
while it still has the ETag the plan saw (see ``Storage.delete_unchanged``), so an object uploaded
under the prefix after the listing, or one replaced since, is left alone and named (``changed``).
On a versioned bucket this leaves a delete marker, as any DELETE without a version id does: the
confirmed version stays recoverable, and a newer one stays current: the plan says which of its
buckets keep versions (``versioning``), so the confirmation can tell the truth. It is schema-aware: a
material's thumbnail is derived from it, so deleting a material offers its thumbnail as a
companion (kept out of the plan's main items, for the caller to include or not). Deleting runs in multi-object DELETE
batches, reports progress between batches, stops between batches when cancelled, and says which
keys the server refused and why.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, NoSuchKey, StorageError
from ensure_browser.core.s3.storage import CHANGED, Storage
from ensure_browser.core.schema.classify import classify, counterpart
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.versions.state import ENABLED, STATES, VersioningStates

log = logging.getLogger(__name__)

BATCH = 500  # keys per multi-object DELETE (S3 allows 1,000); smaller batches report progress sooner
PREVIEW_KEYS = 20  # keys a confirmation lists by name


@dataclass(frozen=True, slots=True)
class DeleteTarget:
    """One selected object, or a prefix (``key`` ending in ``/``) with everything below it.
    ``etag``: the object's as the user saw it (else the plan looks it up)."""

    bucket: str
    key: str
    size: int = 0
    etag: str | None = None

    @property
    def is_prefix(self) -> bool:
        return self.key.endswith("/")


@dataclass(frozen=True, slots=True)
class DeleteItem:
    """One object as planned: deleted only while it still has ``etag`` (None: not known)."""

    bucket: str
    key: str
    size: int
    etag: str | None = None


@dataclass
class DeletePlan:
    """Exactly what a deletion removes. ``companions`` are derived objects (thumbnails of deleted
    materials) that are not in ``items``; the caller decides whether they go too."""

    items: list[DeleteItem] = field(default_factory=list)
    companions: list[DeleteItem] = field(default_factory=list)
    prefixes: list[DeleteTarget] = field(default_factory=list)  # the selected prefixes, as selected
    empty_prefixes: list[DeleteTarget] = field(default_factory=list)  # selected, but nothing below
    versioning: dict[str, str | None] = field(default_factory=dict)  # bucket -> its versioning state

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def total_bytes(self) -> int:
        return sum(i.size for i in self.items)

    @property
    def buckets(self) -> list[str]:
        return sorted({i.bucket for i in self.items})

    @property
    def restorable_buckets(self) -> list[str]:
        """The buckets of the plan that keep every version: what is deleted there can be restored."""
        return [b for b in self.buckets if self.versioning.get(b) == ENABLED]

    @property
    def final_buckets(self) -> list[str]:
        """The buckets of the plan where a delete is final (versioning off, suspended or unknown)."""
        return [b for b in self.buckets if self.versioning.get(b) != ENABLED]

    def with_companions(self) -> list[DeleteItem]:
        return [*self.items, *self.companions]


@dataclass
class DeleteResult:
    deleted: list[DeleteItem] = field(default_factory=list)
    failed: dict[tuple[str, str], str] = field(default_factory=dict)  # (bucket, key) -> reason
    changed: list[DeleteItem] = field(default_factory=list)  # replaced since the plan: kept
    cancelled: bool = False
    not_attempted: int = 0  # left when cancelled or when a whole request failed

    @property
    def deleted_bytes(self) -> int:
        return sum(i.size for i in self.deleted)


# (objects listed so far, of which bytes); called from the worker thread
PlanProgress = Callable[[int, int], None]
# (done, total)
DeleteProgress = Callable[[int, int], None]


def plan_delete(
    storage: Storage,
    targets: Sequence[DeleteTarget],
    names: BucketNames | None = None,
    cancel: CancelToken = NEVER,
    progress: PlanProgress | None = None,
    states: VersioningStates = STATES,
) -> DeletePlan:
    """List what deleting ``targets`` removes. Prefixes are listed recursively (cancellable). Each
    bucket's versioning state comes from ``states`` (read once per connection)."""
    plan = DeletePlan()
    seen: set[tuple[str, str]] = set()
    listed_bytes = 0

    def add(bucket: str, key: str, size: int, etag: str | None) -> None:
        nonlocal listed_bytes
        if (bucket, key) in seen:
            return
        seen.add((bucket, key))
        plan.items.append(DeleteItem(bucket, key, size, etag))
        listed_bytes += size

    # Prefixes first, so an object also covered by a selected prefix is counted once.
    for target in sorted(targets, key=lambda t: not t.is_prefix):
        cancel.raise_if_cancelled()
        if not target.key:
            raise ValueError("Deleting a whole bucket is not offered.")
        if not target.is_prefix:
            if target.etag is not None:
                add(target.bucket, target.key, target.size, target.etag)
                continue
            try:
                st = storage.stat(target.bucket, target.key)
            except NoSuchKey:
                log.info("s3://%s/%s is gone already; nothing to delete", target.bucket, target.key)
                continue
            add(target.bucket, target.key, st.size, st.etag or None)
            continue
        plan.prefixes.append(target)
        before = len(plan.items)
        for n, info in enumerate(storage.list_recursive(target.bucket, target.key, cancel), 1):
            if not info.is_prefix:
                add(info.bucket, info.key, info.size, info.etag)
            if n % 1000 == 0:
                cancel.raise_if_cancelled()
                if progress is not None:
                    progress(len(plan.items), listed_bytes)
        if len(plan.items) == before:
            plan.empty_prefixes.append(target)
    if progress is not None:
        progress(len(plan.items), listed_bytes)
    plan.companions = _companions(storage, plan.items, seen, names, cancel)
    plan.versioning = {b: states.get(storage, b) for b in sorted({i.bucket for i in plan.with_companions()})}
    return plan


def _companions(storage: Storage, items: Iterable[DeleteItem], seen: set[tuple[str, str]],
                names: BucketNames | None, cancel: CancelToken) -> list[DeleteItem]:
    """Thumbnails of the materials in ``items`` that exist and are not deleted already.

    One listing per thumbnails directory (a classroom), not a HEAD per material.
    """
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)  # (bucket, directory) -> thumbnail keys
    for item in items:
        c = classify(item.bucket, item.key, names)
        if c is None or c.kind != "material":
            continue
        thumb = counterpart(c)
        if thumb is not None and (item.bucket, thumb) not in seen:
            wanted[(item.bucket, thumb.rsplit("/", 1)[0] + "/")].add(thumb)
    found: list[DeleteItem] = []
    for (bucket, directory), keys in sorted(wanted.items()):
        cancel.raise_if_cancelled()
        for page in storage.list_level(bucket, directory, cancel=cancel):
            found.extend(DeleteItem(bucket, i.key, i.size, i.etag) for i in page if i.key in keys)
    return found


def execute_delete(
    storage: Storage,
    items: Sequence[DeleteItem],
    cancel: CancelToken = NEVER,
    progress: DeleteProgress | None = None,
) -> DeleteResult:
    """Delete exactly ``items``, in batches per bucket. Cancelling stops before the next batch.

    An object whose ETag is no longer the planned one is kept and listed in ``changed``. Keys the
    server refuses are in ``failed`` with the server's reason; a request that fails as a whole
    (connection lost, credentials revoked) marks its batch as failed and stops, since the next
    batches would fail the same way.
    """
    result = DeleteResult()
    by_bucket: dict[str, list[DeleteItem]] = defaultdict(list)
    for item in items:
        by_bucket[item.bucket].append(item)
    total, done = len(items), 0
    batches = [(bucket, group[i:i + BATCH]) for bucket, group in by_bucket.items()
               for i in range(0, len(group), BATCH)]
    for n, (bucket, batch) in enumerate(batches):
        if cancel.cancelled:
            result.cancelled = True
            result.not_attempted = sum(len(b) for _, b in batches[n:])
            break
        try:
            refused = storage.delete_unchanged(bucket, [(i.key, i.etag) for i in batch], cancel)
        except Cancelled:
            result.cancelled = True
            result.not_attempted = sum(len(b) for _, b in batches[n:])
            break
        except StorageError as exc:
            reason = exc.message
            log.warning("delete batch of %d in %s failed: %s", len(batch), bucket, reason)
            for item in batch:
                result.failed[(bucket, item.key)] = reason
            result.not_attempted = sum(len(b) for _, b in batches[n + 1:])
            break
        for item in batch:
            if refused.get(item.key) == CHANGED:
                result.changed.append(item)
            elif item.key in refused:
                result.failed[(bucket, item.key)] = _reason(refused[item.key])
            else:
                result.deleted.append(item)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    log.info("deleted %d objects (%d bytes), %d refused, %d changed since the plan (kept)%s", len(result.deleted),
             result.deleted_bytes, len(result.failed), len(result.changed), ", cancelled" if result.cancelled else "")
    return result


_REASONS = {
    "AccessDenied": "permission denied: these credentials may not delete it",
    "NoSuchKey": "it no longer exists",
    "NoSuchBucket": "the bucket does not exist",
}


def _reason(code: str) -> str:
    return _REASONS.get(code, code or "refused by the server")
