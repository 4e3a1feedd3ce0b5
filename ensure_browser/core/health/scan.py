"""Storage health scan and usage overview over recursive listings. No Qt here.

:func:`scan` walks one bucket or all four of the schema (optionally below a prefix) with recursive
listings, the buckets at the same time (one thread each), and streams every object into a
:class:`ScanAggregator` per bucket, merged in bucket order at the end. Each aggregator

* feeds :class:`~ensure_browser.core.health.rules.StorageScan` (every consistency rule of the schema:
  materials without thumbnail and the reverse, chunk gaps and empty chunks, meetings without
  processed audio, unpaired OCR pages and JSON, stale temporary uploads),
* counts unrecognized keys (and keeps a capped sample of them),
* adds up objects and bytes per bucket, per object kind and per entity (classroom, student, meeting,
  exam, OCR document, MLflow experiment, temporary upload),
* keeps the N largest objects in a heap.

Memory grows with the number of entities (and the chunks and OCR pages the rules pair up), never
with the number of keys: nothing keeps a per-key list except the top-N heap and the capped sample.
After the listings, incomplete multipart uploads are listed per bucket, and a bucket whose versioning
is on is listed again with versions to count its old versions and delete markers
(:mod:`~ensure_browser.core.health.history`). Buckets that are missing or
cannot be listed are critical findings: the health of what they hold cannot be told.

Severities follow :class:`~ensure_browser.core.schema.flag.Flag`: the schema's rules are warnings,
unrecognized keys info; an incomplete multipart upload is a warning once older than the temporary
upload age (younger ones may still be running: info); a missing or unreadable bucket is critical.

The report (:class:`~ensure_browser.core.health.report.ScanReport`), its JSON fields and its text
form are described in :mod:`ensure_browser.core.health.report`.
"""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime, timedelta

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, NoSuchBucket, NotSupported, StorageError
from ensure_browser.core.health.entities import entity_of, entity_text, listing_prefix
from ensure_browser.core.health.history import VersionTally, count_versions, is_versioned
from ensure_browser.core.health.report import Finding, LargeObject, ScanProgress, ScanReport, Tally, Usage, human_age
from ensure_browser.core.health.rules import DEFAULT_TEMP_MAX_AGE, StorageScan
from ensure_browser.core.s3.storage import MultipartUploadInfo, Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.table import BUCKETS, UNRECOGNIZED, BucketNames
from ensure_browser.core.schema.tree import ListingEntry
from ensure_browser.core.severity import Severity
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.units import human_bytes

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_SAMPLE_CAP",
    "DEFAULT_TOP_N",
    "LISTING_THREADS",
    "PROGRESS_INTERVAL",
    "YIELD_EVERY",
    "ScanAggregator",
    "resolve_buckets",
    "scan",
]

DEFAULT_TOP_N = 20
DEFAULT_SAMPLE_CAP = 100
PROGRESS_INTERVAL = 0.1  # seconds between two progress reports of a scan
YIELD_EVERY = 25  # keys between two voluntary releases of the GIL (and looks at the cancel tokens)
LISTING_THREADS = 4  # buckets listed at the same time by default (the schema has four)

ProgressFn = Callable[["ScanProgress"], None]


# -- aggregation ----------------------------------------------------------------------------------------


def _aware(dt: datetime | None) -> datetime | None:
    return dt if dt is None or dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _merge_tallies(mine: dict[str, Tally], theirs: dict[str, Tally]) -> None:
    for name, tally in theirs.items():
        if name in mine:
            mine[name].merge(tally)
        else:
            mine[name] = tally


# Kinds whose objects' sizes and times findings may need (the objects the pair rules name).
_SIZED_KINDS = frozenset(p.kind for b in BUCKETS for p in b.patterns if p.pair)




_ROLE_WORDS = {"documents": QT_TR_NOOP("documents"), "recordings": QT_TR_NOOP("recordings"), "ocr": QT_TR_NOOP("ocr"),
               "mlflow": QT_TR_NOOP("mlflow")}  # "the {0} bucket": the role as the schema names it


def _role(role: str) -> str:
    """A bucket's role for a sentence ("the documents bucket"), translated in the window."""
    return Text(_ROLE_WORDS[role]) if role in _ROLE_WORDS else role


def _bucket(name: str) -> str:
    return Text(QT_TR_NOOP("Bucket {0}"), name)

class ScanAggregator:
    """Takes listed objects one at a time and keeps only per-entity state (see the module doc)."""

    def __init__(self, names: BucketNames, now: datetime, temp_max_age: timedelta = DEFAULT_TEMP_MAX_AGE,
                 prefix: str = "", top_n: int = DEFAULT_TOP_N, sample_cap: int = DEFAULT_SAMPLE_CAP) -> None:
        self.names = names
        self.now = _aware(now) or datetime.now(UTC)
        self.temp_max_age = temp_max_age
        self.prefix = prefix
        self.top_n = top_n
        self.sample_cap = sample_cap
        self.rules = StorageScan(names, self.now, temp_max_age)
        self.usage = Usage()
        self.keys_seen = 0
        self.bytes_seen = 0
        self.unrecognized_count = 0
        self.unrecognized_sample: list[tuple[str, str, int]] = []
        self._heap: list[tuple[int, int, str, str, datetime | None]] = []
        self._seq = 0
        self._objects: dict[tuple[str, str], tuple[int, datetime | None]] = {}
        self._problems: list[Finding] = []
        self._unrecognized_by_bucket: dict[str, int] = {}

    def add(self, bucket: str, entry: ListingEntry) -> None:
        """Take one listed object of ``bucket`` (the rules see it even outside the prefix)."""
        if not entry.is_prefix:
            self.add_object(bucket, entry.key, entry.size, entry.last_modified)

    def add_object(self, bucket: str, key: str, size: int, modified: datetime | None) -> None:
        """Take one object of ``bucket`` given by its listed fields (no entry object needed)."""
        c = classify(bucket, key, self.names)
        if c is None:
            return
        if modified is not None and modified.tzinfo is None:
            modified = modified.replace(tzinfo=UTC)
        self.rules.add_classified(bucket, key, size, modified, c)
        kind = c.kind
        if kind in _SIZED_KINDS or (size == 0 and kind == "meeting_chunk"):
            self._objects[(bucket, key)] = (size, modified)
        if not key.startswith(self.prefix):
            return  # listed only so the rules see whole entities
        usage = self.usage
        entity = entity_of(c.role, key)
        if entity is not None:
            tallies = usage.entities.get(entity[0])
            if tallies is None:
                tallies = usage.entities[entity[0]] = {}
            tally = tallies.get(entity[1])
            if tally is None:
                tally = tallies[entity[1]] = Tally()
            tally.add(size, modified)
        self.keys_seen += 1
        self.bytes_seen += size
        tally = usage.buckets.get(bucket)
        if tally is None:
            tally = usage.buckets[bucket] = Tally()
        tally.add(size, modified)
        tally = usage.kinds.get(kind)
        if tally is None:
            tally = usage.kinds[kind] = Tally()
        tally.add(size, modified)
        if kind == UNRECOGNIZED:
            self.unrecognized_count += 1
            self._unrecognized_by_bucket[bucket] = self._unrecognized_by_bucket.get(bucket, 0) + 1
            if len(self.unrecognized_sample) < self.sample_cap:
                self.unrecognized_sample.append((bucket, key, size))
        self._seq += 1
        heap = self._heap
        if len(heap) < self.top_n:
            heapq.heappush(heap, (size, -self._seq, bucket, key, modified))
        elif size > heap[0][0]:
            heapq.heapreplace(heap, (size, -self._seq, bucket, key, modified))

    def merge(self, other: ScanAggregator) -> None:
        """Take everything ``other`` (made with the same arguments) has seen as if its objects had been
        added here after this one's: aggregators of one bucket each, merged in bucket order, report
        exactly what one aggregator fed the buckets one after the other reports. ``other`` is used up
        (this one takes over parts of its state): do not add to it afterwards."""
        self.rules.merge(other.rules)
        usage = self.usage
        _merge_tallies(usage.buckets, other.usage.buckets)
        _merge_tallies(usage.kinds, other.usage.kinds)
        for entity_type, tallies in other.usage.entities.items():
            _merge_tallies(usage.entities.setdefault(entity_type, {}), tallies)
        self.keys_seen += other.keys_seen
        self.bytes_seen += other.bytes_seen
        self.unrecognized_count += other.unrecognized_count
        self.unrecognized_sample += other.unrecognized_sample[: max(self.sample_cap - len(self.unrecognized_sample), 0)]
        for bucket, count in other._unrecognized_by_bucket.items():
            self._unrecognized_by_bucket[bucket] = self._unrecognized_by_bucket.get(bucket, 0) + count
        # The heaps hold the top N by (size, -sequence number); other's numbers continue after ours.
        shifted = [(size, neg_seq - self._seq, b, k, m) for size, neg_seq, b, k, m in other._heap]
        self._heap = heapq.nlargest(self.top_n, self._heap + shifted)
        heapq.heapify(self._heap)
        self._seq += other._seq
        self._objects.update(other._objects)
        self._problems += other._problems
        usage.versions.update(other.usage.versions)

    def add_bucket(self, bucket: str) -> None:
        """Note a bucket as scanned (it appears in the usage totals even when empty)."""
        self.usage.buckets.setdefault(bucket, Tally())

    def add_problem(self, finding: Finding) -> None:
        """A finding from outside the listings (a bucket that cannot be listed)."""
        self._problems.append(finding)

    def add_multipart(self, upload: MultipartUploadInfo, size: int | None) -> None:
        """Take one incomplete multipart upload (``size``: bytes of its parts, None if unknown)."""
        initiated = _aware(upload.initiated)
        age = self.now - initiated if initiated is not None else None
        stale = age is None or age > self.temp_max_age
        when = (Text(QT_TR_NOOP("started {0} ago"), human_age(age.total_seconds())) if age is not None
                else Text(QT_TR_NOOP("of unknown age")))
        if size:
            when = Text(QT_TR_NOOP("{0}, holding {1}"), when, human_bytes(size))
        message = Text(QT_TR_NOOP("An upload of {0} was never completed ({1}).") if stale else
                       QT_TR_NOOP("An upload of {0} was never completed ({1}). It may still be running."),
                       upload.key, when)
        self._problems.append(Finding(
            "warning" if stale else "info", "incomplete_multipart_upload",
            Text(QT_TR_NOOP("Multipart upload of {0}"), upload.key.rsplit("/", 1)[-1]), upload.bucket, upload.key,
            message,
            size, age, {"upload_id": upload.upload_id},
        ))

    def state_sizes(self) -> dict[str, int]:
        """How many items each internal structure holds (entities, not keys; for tests)."""
        rules = self.rules
        return {
            "materials": len(rules.thumbnails.materials),
            "thumbnails": len(rules.thumbnails.thumbnails),
            "ocr_documents": len(rules.ocr.images) + len(rules.ocr.json),
            "temp_uploads": len(rules.temp.newest),
            "meetings": len(rules.meetings),
            "chunks": sum(len(c.keys) for c in rules.chunks.values()),
            "sized_objects": len(self._objects),
            "entities": sum(len(v) for v in self.usage.entities.values()),
            "kinds": len(self.usage.kinds),
            "buckets": len(self.usage.buckets),
            "largest": len(self._heap),
            "unrecognized_sample": len(self.unrecognized_sample),
        }

    def _finding(self, flag: Flag) -> Finding:
        role = self.names.role_of(flag.bucket) or ""
        obj = self._objects.get((flag.bucket, flag.key))
        size: int | None
        newest: datetime | None
        if obj is not None:
            size, newest = obj
        else:
            entity = entity_of(role, flag.key)
            tally = self.usage.entities.get(entity[0], {}).get(entity[1]) if entity else None
            size, newest = (tally.bytes, tally.newest) if tally else (None, None)
        return Finding(flag.severity, flag.code, entity_text(role, flag.key, flag.ids), flag.bucket, flag.key,
                       flag.message, size, self.now - newest if newest else None, dict(flag.ids), flag.items)

    def findings(self) -> list[Finding]:
        """Every finding inside the prefix, most severe first."""
        out = [self._finding(f) for f in self.rules.flags() if f.key.startswith(self.prefix)]
        for bucket, key, size in self.unrecognized_sample:
            role = self.names.role_of(bucket) or ""
            out.append(Finding("info", "unrecognized_key", entity_text(role, key, {}), bucket, key,
                               Text(QT_TR_NOOP("{0} fits no key pattern of the schema."), key), size))
        for bucket, count in self._unrecognized_by_bucket.items():
            hidden = count - sum(1 for b, _, _ in self.unrecognized_sample if b == bucket)
            if hidden > 0:
                out.append(Finding("info", "unrecognized_keys_not_listed", _bucket(bucket), bucket, self.prefix,
                                   Text(QT_TR_NOOP("{0} more unrecognized keys in {1} are not listed (the sample "
                                                   "is capped at {2} keys)."), hidden, bucket, self.sample_cap),
                                   None, None, {}, (hidden,)))
        out.extend(self._problems)
        return sorted(out, key=lambda f: f.sort_key)

    def report(self, buckets: Sequence[str], duration: float) -> ScanReport:
        self.usage.largest = [LargeObject(b, k, s, m) for s, _, b, k, m in sorted(self._heap, reverse=True)]
        return ScanReport(self.now, duration, self.prefix, tuple(buckets), self.names, self.temp_max_age,
                          self.keys_seen, self.bytes_seen, self.findings(), self.usage,
                          self.unrecognized_count, list(self.unrecognized_sample))


# -- the scan -------------------------------------------------------------------------------------------


def resolve_buckets(names: BucketNames, buckets: Iterable[str] | None) -> list[str]:
    """Bucket names to scan: all four when None; each given as a bucket name or a role name."""
    if buckets is None:
        return list(dict.fromkeys(names.all()))
    out = []
    for b in buckets:
        if names.role_of(b) is not None:
            out.append(b)
        elif b in (bs.role for bs in BUCKETS):
            out.append(names.name_for(b))
        else:
            raise ValueError(f"{b} is not one of the buckets of the schema ({', '.join(names.all())}).")
    return list(dict.fromkeys(out))


def _parts_size(storage: Storage, upload: MultipartUploadInfo) -> int | None:
    try:
        return sum(size for _, size in storage.list_parts(upload.bucket, upload.key, upload.upload_id).values())
    except StorageError as err:
        log.info("cannot list the parts of upload %s of %s: %s", upload.upload_id, upload.key, err.message)
        return None


def _list_into(agg: ScanAggregator, storage: Storage, bucket: str, prefix: str, *tokens: CancelToken) -> None:
    """Feed every object of a recursive listing of ``bucket`` below ``prefix`` to ``agg``, straight from
    the listing's own objects (no entry object per key); failures raise StorageError, any of
    ``tokens`` cancelled raises Cancelled within :data:`YIELD_EVERY` keys."""
    add = agg.add_object
    for listed, obj in enumerate(storage.list_recursive_raw(bucket, prefix, *tokens), 1):
        if not obj.is_dir:  # a "folder marker" (a key ending in "/") is a prefix, not an object
            add(bucket, obj.object_name, obj.size, obj.last_modified)
        if listed % YIELD_EVERY == 0:
            for token in tokens:
                token.raise_if_cancelled()
            time.sleep(0)  # let other threads (a GUI) take the GIL now rather than after a switch interval


def _uploads_in_progress(agg: ScanAggregator, storage: Storage, bucket: str, prefix: str,
                         role: str) -> list[MultipartUploadInfo]:
    """The multipart uploads in progress in ``bucket``: an optional call after the listing, so a
    server that does not list them (info) or a failure (warning) is said as such, never as a
    bucket that cannot be read."""
    try:
        return storage.list_multipart_uploads(bucket, prefix)
    except StorageError as err:
        severity: Severity = "info" if isinstance(err, NotSupported) else "warning"
        agg.add_problem(Finding(severity, "uploads_not_listed", _bucket(bucket), bucket, "",
                                Text(QT_TR_NOOP("The incomplete uploads of the {0} bucket {1} could not be "
                                                "listed: {2}"),
                                     _role(role), bucket, err.message), ids={"role": role}))
        return []


def _count_versions(agg: ScanAggregator, storage: Storage, bucket: str, prefix: str, role: str,
                    *tokens: CancelToken) -> None:
    """Old versions and delete markers of ``bucket`` (where its versioning is on) into ``agg``'s usage:
    an optional count after the listing, so a failure is said (info), never fatal."""
    try:
        state = storage.bucket_versioning(bucket)
        tally = agg.usage.versions[bucket] = VersionTally(state)
        if is_versioned(state):
            count_versions(storage, bucket, prefix, tally, *tokens)
    except (Cancelled, NoSuchBucket):
        raise
    except StorageError as err:
        agg.usage.versions.pop(bucket, None)
        agg.add_problem(Finding("info", "versions_not_counted", _bucket(bucket), bucket, "",
                                Text(QT_TR_NOOP("The old versions of the {0} bucket {1} could not be counted: {2}"),
                                     _role(role), bucket, err.message), ids={"role": role}))


def _scan_bucket(agg: ScanAggregator, storage: Storage, bucket: str, prefix: str, *tokens: CancelToken) -> None:
    """List ``bucket`` into ``agg`` (its own), then its incomplete multipart uploads; a bucket that is
    missing or cannot be listed becomes a critical finding. Runs in a listing thread; stops with
    Cancelled when one of ``tokens`` is cancelled."""
    for token in tokens:
        token.raise_if_cancelled()
    role = agg.names.role_of(bucket) or ""
    started = time.monotonic()
    try:
        _list_into(agg, storage, bucket, listing_prefix(role, prefix), *tokens)
        agg.add_bucket(bucket)
        for upload in _uploads_in_progress(agg, storage, bucket, prefix, role):
            for token in tokens:
                token.raise_if_cancelled()
            agg.add_multipart(upload, _parts_size(storage, upload))
        _count_versions(agg, storage, bucket, prefix, role, *tokens)
    except Cancelled:
        raise
    except NoSuchBucket:
        agg.add_problem(Finding("critical", "bucket_missing", _bucket(bucket), bucket, "",
                                Text(QT_TR_NOOP("The {0} bucket {1} does not exist."), _role(role), bucket),
                                ids={"role": role}))
    except StorageError as err:
        agg.add_problem(Finding("critical", "bucket_unreadable", _bucket(bucket), bucket, "",
                                Text(QT_TR_NOOP("The {0} bucket {1} could not be listed: {2}"), _role(role), bucket,
                                     err.message),
                                ids={"role": role}))
    log.debug("listed %d keys of %s in %.2f s", agg.keys_seen, bucket, time.monotonic() - started)


def scan(
    storage: Storage,
    names: BucketNames,
    buckets: Iterable[str] | None = None,
    prefix: str = "",
    progress: ProgressFn | None = None,
    cancel: CancelToken = NEVER,
    now: datetime | None = None,
    temp_max_age: timedelta = DEFAULT_TEMP_MAX_AGE,
    top_n: int = DEFAULT_TOP_N,
    sample_cap: int = DEFAULT_SAMPLE_CAP,
    listing_threads: int = LISTING_THREADS,
) -> ScanReport:
    """Scan ``buckets`` (default: the four of ``names``) below ``prefix``; see the module docstring.

    Up to ``listing_threads`` buckets are listed at the same time, each into an aggregator of its own;
    they are merged in bucket order at the end, so the report is the one listing the buckets one
    after the other gives. Listing threads overlap the server's latency but compete for the GIL with
    every other thread of the process (1 lists one bucket after the other, in a thread of its own).
    ``progress`` receives a :class:`ScanProgress` about every :data:`PROGRESS_INTERVAL` seconds and
    once at the end (in this thread); ``cancel`` stops every listing and raises
    :class:`~ensure_browser.core.errors.Cancelled` once they have stopped. ``now`` is the time ages
    are measured from (default: the current time). Raises ValueError for a bucket that is not one of
    the schema's.
    """
    targets = resolve_buckets(names, buckets)
    now = now or datetime.now(UTC)
    parts = [ScanAggregator(names, now, temp_max_age, prefix, top_n, sample_cap) for _ in targets]
    started = time.monotonic()

    def report(listing: Iterable[str]) -> None:
        if progress is not None:
            progress(ScanProgress(sum(p.keys_seen for p in parts), sum(p.bytes_seen for p in parts),
                                  time.monotonic() - started, ", ".join(listing)))

    cancel.raise_if_cancelled()
    failed = CancelToken()  # stops the other listings when one fails
    with ThreadPoolExecutor(max(min(len(targets), listing_threads), 1), "scan-listing") as pool:
        futures = [pool.submit(_scan_bucket, part, storage, bucket, prefix, cancel, failed)
                   for part, bucket in zip(parts, targets, strict=True)]
        pending: set[Future[None]] = set(futures)
        try:
            while pending:
                running = [b for f, b in zip(futures, targets, strict=True) if f.running()]
                report(running or [b for f, b in zip(futures, targets, strict=True) if f in pending])
                done, pending = wait(pending, PROGRESS_INTERVAL, FIRST_EXCEPTION)
                for future in done:
                    future.result()  # a listing that failed (or was cancelled) ends the scan
        except BaseException:
            failed.cancel("Another listing failed.")
            raise  # once the other listings have stopped: leaving the pool waits for them
    cancel.raise_if_cancelled()
    report(targets)
    agg = ScanAggregator(names, now, temp_max_age, prefix, top_n, sample_cap)
    for part in parts:
        agg.merge(part)
    duration = time.monotonic() - started
    result = agg.report(targets, duration)
    log.info("scanned %d keys in %s in %.2f s: %s", result.keys_seen, ", ".join(targets), duration,
             result.counts())
    return result
