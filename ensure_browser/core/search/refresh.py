"""Keeping the search index fresh: list the storage, read only what changed. No Qt here.

:func:`refresh` lists the buckets recursively (streaming, one thread per bucket as the health scan
does) and compares every key with the index: a new key or one whose ETag changed is written at once
(searchable by key, ids, kind, size and date), with a mark that its details are to be read; a key
that is only re-dated is updated; keys the listing no longer has leave the index (only for buckets
that were listed completely: a bucket that cannot be listed keeps its rows). Then :func:`read_details`
reads, with bounded concurrency, the original file name (a HEAD, for the kinds uploaded from files)
and the OCR text (a capped GET of an OCR page's JSON) of the marked keys only.

Cancelling stops both within a few keys; what was written stays consistent (per key), and the
"last refreshed" time changes only when a refresh ended complete.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, NoSuchBucket, NoSuchKey, StorageError
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.search.store import IndexRow, SearchIndex
from ensure_browser.core.search.text import READ_CAP, json_strings
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META

log = logging.getLogger(__name__)

__all__ = [
    "DETAIL_THREADS",
    "META_KINDS",
    "ORIGINAL_NAME_META",
    "PENDING_META",
    "PENDING_TEXT",
    "TEXT_KINDS",
    "RefreshProgress",
    "RefreshResult",
    "read_details",
    "refresh",
    "row_for",
]

META_KINDS = frozenset({"material", "student_note", "temp_upload"})  # uploaded from files: have a name
TEXT_KINDS = frozenset({"ocr_page_json"})  # OCR page text
PENDING_META, PENDING_TEXT = 1, 2
DETAIL_THREADS = 8  # HEADs / GETs in flight at most
BATCH = 2000  # rows per write transaction
PROGRESS_INTERVAL = 0.2

ProgressFn = Callable[["RefreshProgress"], None]


@dataclass(frozen=True)
class RefreshProgress:
    phase: str  # "listing" or "details"
    listed: int
    details_done: int = 0
    details_total: int = 0


@dataclass
class RefreshResult:
    listed: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    details_read: int = 0
    details_failed: int = 0
    problems: list[str] = field(default_factory=list)  # buckets that could not be listed, in words
    seconds: float = 0.0
    complete: bool = True

    def summary(self) -> str:
        text = (f"{self.listed:,} keys listed: {self.added:,} new, {self.changed:,} changed, "
                f"{self.removed:,} gone")
        if self.details_failed:
            text += f"; {self.details_failed:,} names or texts could not be read"
        return text


def pending_for(kind: str) -> int:
    return PENDING_META if kind in META_KINDS else PENDING_TEXT if kind in TEXT_KINDS else 0


def row_for(bucket: str, key: str, size: int, modified: float | None, etag: str,
            names: BucketNames | None = None) -> IndexRow:
    """The index row of a listed key (classified by the schema)."""
    c = classify(bucket, key, names)
    ids = c.ids if c is not None else {}
    kind = c.kind if c is not None else "unrecognized"

    def text(name: str) -> str | None:
        value = ids.get(name)
        return None if value is None else str(value)

    return IndexRow(bucket, key, kind, text("classroom_id"), text("student_id"), text("meeting_id"),
                    size, modified, etag, pending_for(kind))


@dataclass
class _Batch:
    bucket: str
    rows: list[IndexRow] = field(default_factory=list)  # new or with another ETag
    touched: list[tuple[str, int, float | None]] = field(default_factory=list)
    gone: list[str] | None = None  # set at the end of a complete listing
    new: int = 0
    error: StorageError | None = None
    missing: bool = False


def _list_bucket(storage: Storage, names: BucketNames, bucket: str,
                 known: dict[str, tuple[str, int, float | None]], out: queue.Queue[_Batch | None],
                 counter: list[int], *tokens: CancelToken) -> None:
    """List ``bucket`` and put batches of differences on ``out`` (runs in a listing thread)."""
    batch = _Batch(bucket)
    try:
        for n, obj in enumerate(storage.list_recursive_raw(bucket, "", *tokens), 1):
            if obj.is_dir:
                continue
            key = obj.object_name
            etag = obj.etag or ""
            modified = obj.last_modified.timestamp() if obj.last_modified is not None else None
            before = known.pop(key, None)
            if before is None or before[0] != etag or (not etag and before[1:] != (obj.size, modified)):
                # (a server that lists no ETags: a new size or time is a new object)
                batch.rows.append(row_for(bucket, key, obj.size, modified, etag, names))
                batch.new += before is None
            elif before[1] != obj.size or before[2] != modified:
                batch.touched.append((key, obj.size, modified))
            if n % 256 == 0:
                counter[0] += 256
                for token in tokens:
                    token.raise_if_cancelled()
                if len(batch.rows) + len(batch.touched) >= BATCH:
                    out.put(batch)
                    batch = _Batch(bucket)
                time.sleep(0)
        batch.gone = list(known)
    except NoSuchBucket:
        batch.gone, batch.missing = list(known), True
    except Cancelled:
        raise
    except StorageError as err:
        batch.error = err
    out.put(batch)


def refresh(storage: Storage, names: BucketNames, index: SearchIndex, *, buckets: Iterable[str] | None = None,
            details: bool = True, progress: ProgressFn | None = None, cancel: CancelToken = NEVER,
            threads: int = DETAIL_THREADS) -> RefreshResult:
    """Bring ``index`` up to date with ``buckets`` (default: the schema's four); see the module doc.
    ``details`` False leaves names and OCR texts to a later :func:`read_details`. Raises Cancelled."""
    started = time.monotonic()
    targets = list(dict.fromkeys(buckets if buckets is not None else names.all()))
    result = RefreshResult()
    try:
        _refresh_listing(storage, names, index, targets, result, progress, cancel)
    except sqlite3.DatabaseError as err:
        if isinstance(err, sqlite3.OperationalError) and "locked" in str(err):
            raise
        log.warning("the search index was damaged (%s): it is made anew", err)
        index.reset()
        result = RefreshResult()
        _refresh_listing(storage, names, index, targets, result, progress, cancel)
    if details:
        read_details(storage, index, result, progress, cancel, threads)
    result.seconds = time.monotonic() - started
    if result.complete:
        with contextlib.closing(index.connect()) as db:
            index.set_meta(db, "refreshed", repr(time.time()))
    log.info("search index refreshed in %.2f s: %s", result.seconds, result.summary())
    return result


def _refresh_listing(storage: Storage, names: BucketNames, index: SearchIndex, targets: list[str],
                     result: RefreshResult, progress: ProgressFn | None, cancel: CancelToken) -> None:
    db = index.connect()
    try:
        known = {b: index.known(db, b) for b in targets}
        out: queue.Queue[_Batch | None] = queue.Queue(maxsize=16)
        counter = [0]
        failed = CancelToken()
        last = 0.0
        with ThreadPoolExecutor(max(len(targets), 1), "index-listing") as pool:
            futures = [pool.submit(_list_bucket, storage, names, b, known.pop(b), out, counter, cancel, failed)
                       for b in targets]
            ends = 0
            try:
                while ends < len(targets):
                    try:
                        batch = out.get(timeout=PROGRESS_INTERVAL)
                    except queue.Empty:
                        for f in futures:
                            if f.done() and f.exception() is not None:
                                f.result()
                        batch = None
                    if batch is not None:
                        ends += batch.gone is not None or batch.error is not None
                        _write(index, db, batch, result)
                    if progress is not None and time.monotonic() - last >= PROGRESS_INTERVAL:
                        last = time.monotonic()
                        progress(RefreshProgress("listing", counter[0]))
            except BaseException:
                failed.cancel("The refresh stopped.")
                while any(not f.done() for f in futures):  # let the listing threads see the token
                    with contextlib.suppress(queue.Empty):
                        out.get(timeout=0.05)
                raise
            for f in futures:
                f.result()
    finally:
        db.close()


def _write(index: SearchIndex, db: sqlite3.Connection, batch: _Batch, result: RefreshResult) -> None:
    with index.transaction(db):
        if batch.rows:
            index.put_rows(db, batch.rows)
        if batch.touched:
            index.touch_rows(db, batch.bucket, batch.touched)
        if batch.gone:
            result.removed += index.delete_rows(db, batch.bucket, batch.gone)
    result.listed += len(batch.rows) + len(batch.touched)
    result.added += batch.new
    result.changed += len(batch.rows) - batch.new
    if batch.error is not None:
        result.complete = False
        result.problems.append(f"The bucket {batch.bucket} could not be listed: {batch.error.message}")
    elif batch.missing:
        result.problems.append(f"The bucket {batch.bucket} does not exist.")


def _read_one(storage: Storage, bucket: str, key: str, etag: str, what: int,
              cancel: CancelToken) -> tuple[str, str, str, str, str]:
    cancel.raise_if_cancelled()
    if what == PENDING_META:
        stat = storage.stat(bucket, key)
        return bucket, key, etag, stat.metadata.get(ORIGINAL_NAME_META, ""), ""
    data, _truncated = storage.read_capped(bucket, key, READ_CAP, cancel)
    return bucket, key, etag, "", json_strings(data)


def read_details(storage: Storage, index: SearchIndex, result: RefreshResult | None = None,
                 progress: ProgressFn | None = None, cancel: CancelToken = NEVER,
                 threads: int = DETAIL_THREADS) -> RefreshResult:
    """Read the original names and OCR texts the index still lacks, ``threads`` at a time."""
    result = result or RefreshResult()
    with contextlib.closing(index.connect()) as db:
        todo = index.pending(db)
        done: list[tuple[str, str, str, str, str]] = []
        finished = 0
        last = 0.0
        with ThreadPoolExecutor(max(threads, 1), "index-details") as pool:
            items = iter(todo)
            running: set[Future[tuple[str, str, str, str, str]]] = set()
            try:
                while True:
                    while len(running) < threads * 4:
                        item = next(items, None)
                        if item is None:
                            break
                        running.add(pool.submit(_read_one, storage, *item, cancel))
                    if not running:
                        break
                    ended, running = wait(running, PROGRESS_INTERVAL, FIRST_COMPLETED)
                    cancel.raise_if_cancelled()
                    for f in ended:
                        finished += 1
                        try:
                            done.append(f.result())
                        except NoSuchKey:
                            pass  # gone since the listing: the next refresh removes it
                        except StorageError as err:
                            result.details_failed += 1
                            log.info("search index: details not read: %s", err.message)
                    if len(done) >= 200 or not running:
                        _save(index, db, done, result)
                    if progress is not None and time.monotonic() - last >= PROGRESS_INTERVAL:
                        last = time.monotonic()
                        progress(RefreshProgress("details", result.listed, finished, len(todo)))
            except BaseException:
                for f in running:
                    f.cancel()
                _save(index, db, done, result)
                raise
        _save(index, db, done, result)
    return result


def _save(index: SearchIndex, db: sqlite3.Connection, done: list[tuple[str, str, str, str, str]],
          result: RefreshResult) -> None:
    if not done:
        return
    with index.transaction(db):
        result.details_read += index.set_details(db, done)
    done.clear()
