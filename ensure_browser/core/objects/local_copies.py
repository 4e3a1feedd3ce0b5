"""Local copies of objects for "Open" and for dragging out: a private cache, re-used while the ETag holds.

Each object has a folder of its own in the cache (named by a hash of its bucket and key, so two
objects with the same real name never meet) holding the copy under its real name
(:mod:`~ensure_browser.core.transfers.download_names`) and ``.copy.json``: the ETag, size and
modification time the copy had when it was fetched. A copy is fetched by the verified download
(:meth:`~ensure_browser.core.s3.storage.Storage.download_file`: checked against the server's
checksum or MD5, renamed into place only when complete, resumed when big) and re-used, without a
GET, while a HEAD answers the same ETag and the file is as it was written. A copy changed on disk
since (edited in the application that opened it) is never overwritten: its folder is set aside
under ``kept/`` and a fresh copy is fetched. The cache folders are private (0700), the copies 0600.

A drag links copies into a folder of its own (:mod:`~ensure_browser.core.objects.drag_tree`).
No Qt here; everything touches the network or the disk: call from a worker.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import platformdirs

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import LocalFileError
from ensure_browser.core.s3.model import ObjectStat
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META, is_named, real_name
from ensure_browser.core.transfers.local_names import safe_local_name
from ensure_browser.logs import PRIVATE_FILE, make_private, private_dir

log = logging.getLogger(__name__)

MARKER = ".copy.json"
CACHE_BYTES = 2 * 1024**3  # the copies kept beyond this, least recently used first, are removed
CopyProgress = Callable[[int, int], None]  # bytes done, bytes in all


def default_cache_root() -> Path:
    """The user's cache folder for local copies (``~/.cache/ensure-browser/copies`` on Linux)."""
    return Path(platformdirs.user_cache_dir("ensure-browser")) / "copies"


@dataclass(frozen=True)
class LocalCopy:
    """One object's local copy: where it is, under which name, which version of the object it holds."""

    bucket: str
    key: str
    path: Path
    etag: str
    size: int
    fetched: bool  # False: an earlier copy was re-used (the ETag had not changed)

    @property
    def name(self) -> str:
        return self.path.name


def display_name(stat: ObjectStat, names: BucketNames | None) -> str:
    """The file name an object's copy gets: its real name (materials and notes: the original file
    name from the metadata, the key's extension kept), made safe for any local file system."""
    original = stat.metadata.get(ORIGINAL_NAME_META, "") if is_named(stat.bucket, stat.key, names) else ""
    return safe_local_name(real_name(stat.key, original))


class LocalCopies:
    """The cache of local copies under ``root`` (made private on first use)."""

    def __init__(self, storage: Storage, names: BucketNames | None = None, root: Path | None = None,
                 *, parallel: int = 4, limit: int = CACHE_BYTES) -> None:
        self.storage, self.names = storage, names
        self.root = Path(root) if root is not None else default_cache_root()
        self.parallel, self.limit = parallel, limit
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def _entry(self, bucket: str, key: str) -> Path:
        digest = hashlib.sha256(f"{bucket}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()[:40]
        return self.root / "objects" / digest

    def _lock(self, entry: Path) -> threading.Lock:
        with self._locks_lock:
            return self._locks.setdefault(entry.name, threading.Lock())

    # -- one object --------------------------------------------------------------------------------
    def fetch(self, bucket: str, key: str, progress: CopyProgress | None = None,
              cancel: CancelToken = NEVER) -> LocalCopy:
        """The object's local copy: the one cached while the server answers its ETag and it is
        unchanged on disk, else a new verified download (one HEAD first either way)."""
        cancel.raise_if_cancelled()
        stat = self.storage.stat(bucket, key)
        entry = self._entry(bucket, key)
        with self._lock(entry):
            private_dir(entry.parent)
            kept = self._cached(entry, stat)
            if kept is not None:
                with contextlib.suppress(OSError):
                    os.utime(entry / MARKER)  # used now: the last to go when the cache is trimmed
                if progress:
                    progress(stat.size, stat.size)
                return LocalCopy(bucket, key, kept, stat.etag, stat.size, fetched=False)
            copy = self._download(entry, stat, progress, cancel)
        self.trim(keep=entry)
        return copy

    def trim(self, keep: Path | None = None) -> None:
        """Remove the least recently used copies (by their record's time) while the cache holds more
        than ``limit`` bytes; ``keep`` (the copy just fetched) stays. Copies set aside are not counted."""
        entries: list[tuple[float, int, Path]] = []
        objects = self.root / "objects"
        try:
            folders = list(objects.iterdir())
        except OSError:
            return
        for folder in folders:
            with contextlib.suppress(OSError):
                used = (folder / MARKER).stat().st_mtime
                size = sum(f.lstat().st_size for f in folder.iterdir() if f.is_file())
                entries.append((used, size, folder))
        total = sum(size for _used, size, _folder in entries)
        for _used, size, folder in sorted(entries):
            if total <= self.limit:
                return
            if folder == keep or self._lock(folder).locked():
                continue
            with self._lock(folder):
                if self._edited(folder):  # the user's edits are no cache: set aside, never removed
                    try:
                        self._set_aside(folder, folder)
                    except LocalFileError as exc:
                        log.warning("a cached copy with edits stays in the cache: %s", exc.message)
                        continue
                else:
                    shutil.rmtree(folder, ignore_errors=True)
            total -= size
            log.info("took a local copy out of the cache (%d bytes) to keep it under %d bytes", size, self.limit)

    @staticmethod
    def _edited(folder: Path) -> bool:
        """Whether the copy in ``folder`` was changed on disk since it was fetched (its size or time
        differs from its record). A folder without a record holds an unfinished download."""
        record = _read_marker(folder / MARKER)
        if record is None:
            return False
        try:
            st = (folder / str(record.get("name", ""))).lstat()
        except OSError:
            return False
        return st.st_size != record.get("size") or st.st_mtime_ns != record.get("mtime_ns")

    def _cached(self, entry: Path, stat: ObjectStat) -> Path | None:
        """The cached copy of ``stat``'s version, or None (a copy changed on disk is set aside)."""
        record = _read_marker(entry / MARKER)
        if record is None:
            return None
        path = entry / str(record.get("name", ""))
        try:
            st = path.lstat()
        except OSError:
            return None
        if st.st_size != record.get("size") or st.st_mtime_ns != record.get("mtime_ns"):
            self._set_aside(entry, path)
            return None
        if record.get("etag") != stat.etag or record.get("name") != display_name(stat, self.names):
            return None
        return path

    def _set_aside(self, entry: Path, path: Path) -> None:
        """Keep a copy that was changed on disk (the user's edits) out of the cache's way."""
        kept = private_dir(self.root / "kept") / f"{entry.name}-{time.strftime('%Y%m%d-%H%M%S')}"
        try:
            entry.rename(kept)
        except OSError as exc:
            raise LocalFileError(Text(QT_TR_NOOP(
                "{0} was changed since it was opened and could not be set aside: {1}."),
                path, exc.strerror), str(exc)) from exc
        log.info("a local copy changed since it was fetched was kept in %s", kept)

    def _download(self, entry: Path, stat: ObjectStat, progress: CopyProgress | None,
                  cancel: CancelToken) -> LocalCopy:
        private_dir(entry)
        name = display_name(stat, self.names)
        dest = entry / name
        marker = entry / MARKER
        marker.unlink(missing_ok=True)  # no record of a copy while it is being replaced
        for old in entry.iterdir():
            if old.is_file() and not old.name.startswith(name):  # an earlier version under another name
                old.unlink(missing_ok=True)
        got = self.storage.download_file(stat.bucket, stat.key, dest, overwrite=True, progress=progress,
                                         cancel=cancel, parallel=self.parallel)
        try:
            make_private(dest, PRIVATE_FILE)
            written = dest.lstat()
            tmp = marker.with_name(marker.name + ".tmp")
            tmp.write_text(json.dumps({"bucket": stat.bucket, "key": stat.key, "etag": got.etag, "size": got.size,
                                       "name": name, "mtime_ns": written.st_mtime_ns}), encoding="utf-8")
            make_private(tmp, PRIVATE_FILE)
            os.replace(tmp, marker)
        except OSError as exc:
            raise LocalFileError(Text(QT_TR_NOOP("Cannot write the local copy of {0}: {1}."), name, exc.strerror),
                                 str(exc)) from exc
        log.info("fetched a local copy of s3://%s/%s (%d bytes)", stat.bucket, stat.key, got.size)
        return LocalCopy(stat.bucket, stat.key, dest, got.etag, got.size, fetched=True)

    # -- many --------------------------------------------------------------------------------------
    def fetch_many(self, objects: Sequence[tuple[str, str]], sizes: Sequence[int],
                   progress: CopyProgress | None = None, cancel: CancelToken = NEVER) -> list[LocalCopy]:
        """:meth:`fetch` of each object in turn, ``progress`` over all of them (``sizes``: as listed)."""
        total = max(1, sum(sizes))
        done_before = 0
        copies: list[LocalCopy] = []
        for (bucket, key), size in zip(objects, sizes, strict=True):
            one = None if progress is None else partial(offset_progress, progress, done_before, total)
            copy = self.fetch(bucket, key, one, cancel)
            copies.append(copy)
            done_before += max(size, copy.size)
            total = max(total, done_before)
            if progress:
                progress(done_before, total)
        return copies


def offset_progress(progress: CopyProgress, base: int, total: int, done: int, _size: int) -> None:
    progress(min(total, base + done), total)


def _read_marker(path: Path) -> dict[str, object] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None
