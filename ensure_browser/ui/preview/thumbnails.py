"""Thumbnails in the trees: fetched only for rows being painted, cached in memory and on disk.

A :class:`ThumbnailDelegate` on column 0 asks the :class:`ThumbnailCache` for the thumbnail of each
material (or thumbnail / OCR page image) row it paints, so only visible rows cause fetches. The
cache answers from an LRU of ``QPixmap`` s; otherwise it queues a fetch (newest rows first, a few at
a time, in the ``preview`` pool): the thumbnail's ETag (from the listing or a HEAD) keys a disk cache
under the user cache directory; on a miss the image is read (capped), decoded with ``QImageReader``
in the worker, shrunk and stored as PNG. The ``QPixmap`` is made on the GUI thread, the node's icon
set and :attr:`ThumbnailCache.thumbnail_ready` emitted so the model repaints the row.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Signal,
)
from PySide6.QtGui import QIcon, QImage, QImageWriter, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from ensure_browser.core.errors import NoSuchKey, StorageError
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.logs import private_dir
from ensure_browser.ui.preview.content import PreviewError, PreviewLimits, decode_image, scaled_image
from ensure_browser.ui.preview.kinds import schema_of
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

MiB = 1024 * 1024
THUMBNAIL_KINDS = frozenset({"thumbnail", "ocr_page_image"})  # rows that are images themselves
STATE = "thumbnail"  # node.extra key: "pending", "done" or "none"
Source = tuple[str, str]  # (bucket, key) of the image shown for a row


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("ensure-browser")) / "thumbnails"


class DiskCache:
    """PNG files named by a hash of (endpoint, bucket, key, ETag); oldest evicted past ``cap`` bytes.

    Thread-safe (workers read and write it); reading a file refreshes its age.
    """

    def __init__(self, directory: Path, cap: int = 100 * MiB) -> None:
        self.directory = Path(directory)
        self.cap = cap
        self._lock = threading.Lock()
        self._size: int | None = None  # total bytes, scanned on first write

    @staticmethod
    def name(endpoint: str, bucket: str, key: str, etag: str) -> str:
        digest = hashlib.sha256("\0".join((endpoint, bucket, key, etag)).encode("utf-8")).hexdigest()
        return digest + ".png"

    def get(self, name: str) -> bytes | None:
        path = self.directory / name
        try:
            data = path.read_bytes()
            os.utime(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.info("thumbnail cache: cannot read %s: %s", path, exc)
            return None
        return data

    def put(self, name: str, data: bytes) -> None:
        with self._lock:
            try:
                private_dir(self.directory)  # thumbnails show pupils' documents: owner only
                if self._size is None:
                    self._size = sum(size for _p, size, _m in self._entries())
                path = self.directory / name
                old = path.stat().st_size if path.exists() else 0
                tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
                tmp.write_bytes(data)
                tmp.replace(path)
                self._size += len(data) - old
                if self._size > self.cap:
                    self._evict()
            except OSError as exc:
                log.info("thumbnail cache: cannot write to %s: %s", self.directory, exc)

    def _entries(self) -> list[tuple[Path, int, float]]:
        out = []
        for path in self.directory.glob("*.png"):
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((path, st.st_size, st.st_mtime))
        return out

    def _evict(self) -> None:
        entries = sorted(self._entries(), key=lambda e: e[2])
        total = sum(size for _p, size, _m in entries)
        for path, size, _mtime in entries:
            if total <= self.cap:
                break
            try:
                path.unlink()
                total -= size
            except OSError as exc:
                log.info("thumbnail cache: cannot remove %s: %s", path, exc)
        self._size = total

    def total_size(self) -> int:
        return sum(size for _p, size, _m in self._entries()) if self.directory.exists() else 0


@dataclass
class _Entry:
    etag: str
    pixmap: QPixmap | None  # None: no thumbnail (missing or unreadable)


@dataclass
class _Result:
    etag: str
    image: QImage
    from_disk: bool


class ThumbnailCache(QObject):
    """Thumbnails by (bucket, key): memory LRU, disk cache keyed by ETag, fetches in workers."""

    thumbnail_ready = Signal(object)  # Node whose icon was just set

    def __init__(
        self,
        storage: Storage,
        names: BucketNames,
        *,
        memory_entries: int = 500,
        disk_dir: Path | None = None,
        disk_cap: int = 100 * MiB,
        max_side: int = 128,
        max_inflight: int = 2,
        queue_cap: int = 64,
        limits: PreviewLimits | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.storage = storage
        self.names = names
        self.memory_entries = memory_entries
        self.disk = DiskCache(disk_dir or default_cache_dir(), disk_cap)
        self.max_side = max_side
        self.max_inflight = max_inflight
        self.queue_cap = queue_cap
        self.limits = limits or PreviewLimits(image=5 * MiB)
        self._memory: OrderedDict[Source, _Entry] = OrderedDict()
        self._waiters: dict[Source, list[Node]] = {}
        self._queue: list[tuple[Source, str]] = []  # (source, known ETag); newest last
        self._running: dict[Source, TaskHandle] = {}
        self.stats = {"requests": 0, "downloads": 0, "disk_hits": 0, "memory_hits": 0, "failures": 0}

    # -- connection ----------------------------------------------------------------------------------
    def set_connection(self, storage: Storage, names: BucketNames) -> None:
        """Another server or bucket set: forget what memory holds (the disk cache keys by endpoint)."""
        self.cancel_all()
        self.storage, self.names = storage, names
        self._memory.clear()

    def cancel_all(self) -> None:
        for handle in self._running.values():
            handle.cancel()
        self._queue.clear()
        for nodes in self._waiters.values():
            for node in nodes:
                node.forget(STATE)
        self._waiters.clear()

    # -- lookups -------------------------------------------------------------------------------------
    def source_for(self, node: Node) -> Source | None:
        """The (bucket, key) of the image shown for ``node``, or None when it has no thumbnail."""
        if node.is_container or not node.bucket or not node.key:
            return None
        if node.kind in THUMBNAIL_KINDS:
            return node.bucket, node.key
        if node.kind != "material":
            return None
        pair_key = getattr(node.payload, "pair_key", None)
        if isinstance(pair_key, str) and pair_key:
            return node.bucket, pair_key
        ids = node.extra.get("ids") or getattr(node.payload, "ids", None)
        if not isinstance(ids, dict) or not ids:
            ids = schema_of(node.bucket, node.key, self.names)[1]
        try:
            bucket, key = key_for("thumbnail", self.names, **ids)
        except (KeyError, TypeError, ValueError):
            return None
        return bucket, key

    def cached(self, bucket: str, key: str) -> QPixmap | None:
        entry = self._memory.get((bucket, key))
        return entry.pixmap if entry is not None else None

    def invalidate(self, bucket: str | None = None, key: str | None = None) -> None:
        """Forget memory entries (all, one bucket's or one object's); the next paint re-checks the ETag."""
        for src in list(self._memory):
            if (bucket is None or src[0] == bucket) and (key is None or src[1] == key):
                del self._memory[src]

    def pending(self) -> int:
        return len(self._running) + len(self._queue)

    # -- requests ------------------------------------------------------------------------------------
    def request(self, node: Node) -> QPixmap | None:
        """The thumbnail for ``node`` if known; otherwise start fetching it and return None."""
        src = self.source_for(node)
        if src is None:
            return None
        known_etag = self._listed_etag(node)
        entry = self._memory.get(src)
        if entry is not None and (not known_etag or known_etag == entry.etag):
            self._memory.move_to_end(src)
            self.stats["memory_hits"] += 1
            node.extras()[STATE] = "done" if entry.pixmap is not None else "none"
            return entry.pixmap
        waiters = self._waiters.setdefault(src, [])
        if not any(n is node for n in waiters):
            waiters.append(node)
        node.extras()[STATE] = "pending"
        if src in self._running or any(s == src for s, _e in self._queue):
            return None
        self._queue.append((src, known_etag))
        if len(self._queue) > self.queue_cap:
            (dropped, _etag) = self._queue.pop(0)
            for stale in self._waiters.pop(dropped, []):
                stale.forget(STATE)  # asked again when painted again
        self._pump()
        return None

    @staticmethod
    def _listed_etag(node: Node) -> str:
        etag = getattr(node.payload, "etag", None) if node.kind in THUMBNAIL_KINDS else None
        return etag if isinstance(etag, str) else ""

    def _pump(self) -> None:
        while self._queue and len(self._running) < self.max_inflight:
            src, etag = self._queue.pop()  # newest first: the rows the user looks at now
            self._start(src, etag)

    def _start(self, src: Source, known_etag: str) -> None:
        storage, disk, limits, max_side = self.storage, self.disk, self.limits, self.max_side
        endpoint = storage.settings.endpoint
        bucket, key = src
        stats = self.stats
        stats["requests"] += 1

        def work(ctx: TaskContext) -> _Result:
            etag = known_etag or storage.stat(bucket, key).etag
            name = DiskCache.name(endpoint, bucket, key, etag)
            cached = disk.get(name)
            if cached is not None:
                try:
                    return _Result(etag, decode_image(cached, limits), True)
                except PreviewError:
                    log.info("thumbnail cache: damaged entry for %s/%s, fetching again", bucket, key)
            ctx.check()
            data, truncated = storage.read_capped(bucket, key, limits.image, cancel=ctx.token)
            image = scaled_image(decode_image(data, limits, truncated=truncated), max_side)
            disk.put(name, _png(image))
            return _Result(etag, image, False)

        def done(result: _Result) -> None:
            self._running.pop(src, None)
            stats["disk_hits" if result.from_disk else "downloads"] += 1
            self._finish(src, _Entry(result.etag, QPixmap.fromImage(result.image)))

        def failed(exc: BaseException) -> None:
            self._running.pop(src, None)
            stats["failures"] += 1
            if not isinstance(exc, NoSuchKey):
                log.info("thumbnail of s3://%s/%s unavailable: %s", bucket, key,
                         getattr(exc, "message", None) or exc)
            if isinstance(exc, NoSuchKey | PreviewError | StorageError):
                self._finish(src, _Entry(known_etag, None))
            else:
                self._pump()

        def cancelled() -> None:
            self._running.pop(src, None)
            for node in self._waiters.pop(src, []):
                node.forget(STATE)
            self._pump()

        self._running[src] = workers().run(
            "preview", work, on_done=done, on_error=failed, on_cancelled=cancelled, owner=self,
            name=f"thumbnail {bucket}/{key}",
        )

    def _finish(self, src: Source, entry: _Entry) -> None:
        self._memory[src] = entry
        self._memory.move_to_end(src)
        while len(self._memory) > self.memory_entries:
            self._memory.popitem(last=False)
        icon = QIcon(entry.pixmap) if entry.pixmap is not None else None
        for node in self._waiters.pop(src, []):
            node.extras()[STATE] = "done" if icon is not None else "none"
            if icon is not None:
                node.icon = icon
                self.thumbnail_ready.emit(node)
        self._pump()


def _png(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"png")).write(image):
        raise PreviewError("The thumbnail could not be encoded as PNG.")
    return bytes(buffer.data().data())


class ThumbnailDelegate(QStyledItemDelegate):
    """Asks for thumbnails of the rows it paints (column 0) — so only visible rows are fetched."""

    def __init__(self, cache: ThumbnailCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if index.column() == 0:
            node = index.data(LazyTreeModel.NodeRole)
            if isinstance(node, Node) and node.extra.get(STATE) in (None, "pending"):
                pixmap = self.cache.request(node)
                if pixmap is not None:
                    node.icon = QIcon(pixmap)
        super().paint(painter, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Rows tall enough for a thumbnail, also before it arrives (the view may use uniform heights)."""
        size = super().sizeHint(option, index)
        view = self.parent()
        icon = view.iconSize() if isinstance(view, QAbstractItemView) else QSize(0, 0)
        return QSize(size.width(), max(size.height(), icon.height() + 2))


def _belongs(node: Node, model: LazyTreeModel) -> bool:
    top = node
    while top.parent is not None:
        top = top.parent
    return top is model.root


def attach_thumbnails(
    view: QAbstractItemView,
    model: LazyTreeModel | None,
    storage: Storage,
    names: BucketNames,
    *,
    icon_size: int = 32,
    **cache_options: Any,
) -> ThumbnailCache:
    """Show thumbnails in ``view`` (whatever LazyTreeModel it shows, now ``model``); returns the cache.

    Call :meth:`ThumbnailCache.set_connection` when the connection changes.
    """
    cache = ThumbnailCache(storage, names, parent=view, **cache_options)
    view.setItemDelegateForColumn(0, ThumbnailDelegate(cache, view))
    view.setIconSize(QSize(icon_size, icon_size))

    def on_ready(node: Node) -> None:
        current = view.model()
        target = current if isinstance(current, LazyTreeModel) else model
        if target is not None and _belongs(node, target):
            target.node_changed(node)

    cache.thumbnail_ready.connect(on_ready)
    return cache
