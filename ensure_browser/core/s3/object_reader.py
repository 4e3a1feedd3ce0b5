"""Random access to one object for a reader that must never wait on the network unawares. No Qt here.

The media preview gives the player a device that reads through :class:`ObjectReader`: every byte
comes from ranged GETs made by :class:`~ensure_browser.core.s3.storage.Storage` (so TLS is verified
with the profile's CA file, and the request is signed in a header: no URL with a signature exists).
The player reads from its own thread, in small pieces; this class serves them from blocks that one
fetching thread of its own reads ahead of the position. A read waits (without holding the GIL) only
for the block it needs, and :meth:`ObjectReader.close` wakes it at once: whoever stops the player
(the GUI thread) never waits for a request in flight, whose answer is then dropped.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from ensure_browser.core.errors import Cancelled, Conflict, StorageError
from ensure_browser.core.texts import QT_TR_NOOP, Text

if TYPE_CHECKING:
    from ensure_browser.core.s3.storage import Storage

log = logging.getLogger(__name__)

KiB = 1024
DEFAULT_BLOCK = 512 * KiB  # one ranged GET
DEFAULT_KEEP = 16  # blocks kept (8 MiB): seeking back a little reads nothing again
DEFAULT_AHEAD = 2  # blocks fetched ahead of the one being read
_CHANGED = Text(QT_TR_NOOP("The recording changed on the server while it was being played."))


class ObjectReader:
    """Bytes of ``bucket/key`` (``size`` bytes) by offset; thread-safe.

    ``first`` is the object's first block when the caller read it already (to check what it is).
    ``etag``: every block is read only while the object has it (``If-Match``), so that a recording
    replaced while it plays fails plainly instead of mixing the bytes of two files.
    """

    def __init__(self, storage: Storage, bucket: str, key: str, size: int, *, first: bytes = b"",
                 block: int = DEFAULT_BLOCK, keep: int = DEFAULT_KEEP, ahead: int = DEFAULT_AHEAD,
                 etag: str | None = None) -> None:
        if block <= 0 or keep <= ahead:
            raise ValueError("block must be positive and keep larger than ahead")
        self.storage = storage
        self.bucket = bucket
        self.key = key
        self.size = size
        self.etag = etag
        self.block = block
        self._keep = keep
        self._ahead = ahead
        self._cond = threading.Condition()
        self._blocks: OrderedDict[int, bytes] = OrderedDict()
        self._wanted: list[int] = []  # most urgent first
        self._fetching: int | None = None
        self._thread: threading.Thread | None = None
        self._error: StorageError | None = None
        self._closed = False
        if first:
            if len(first) != self._length(0):
                raise ValueError("first must be the whole first block")
            self._blocks[0] = first

    @property
    def error(self) -> StorageError | None:
        """Why reading stopped (the fetch that failed), or None."""
        return self._error

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Stop: waiting and later reads raise Cancelled; a fetch in flight is dropped when it ends."""
        with self._cond:
            self._closed = True
            self._wanted.clear()
            self._blocks.clear()
            self._cond.notify_all()

    def read(self, offset: int, length: int) -> bytes:
        """Up to ``length`` bytes at ``offset`` (fewer at a block's end, b"" at the end of the object).

        Waits for the block when it is not here yet; raises the StorageError of a failed fetch, or
        Cancelled once :meth:`close` was called.
        """
        if length <= 0 or offset >= self.size:
            return b""
        if offset < 0:
            raise ValueError("negative offset")
        index = offset // self.block
        with self._cond:
            while True:
                if self._closed:
                    raise Cancelled(Text(QT_TR_NOOP("The recording was closed.")))
                if self._error is not None:
                    raise self._error
                data = self._blocks.get(index)
                if data is not None:
                    self._blocks.move_to_end(index)
                    for ahead in range(index + 1, index + 1 + self._ahead):
                        self._want(ahead, urgent=False)
                    start = offset - index * self.block
                    return data[start:start + length]
                self._want(index, urgent=True)
                self._cond.wait()

    # -- the fetching thread (holds the lock only between requests) ---------------------------------
    def _length(self, index: int) -> int:
        return max(0, min(self.block, self.size - index * self.block))

    def _want(self, index: int, *, urgent: bool) -> None:
        """Queue block ``index`` (caller holds the lock) and make sure a thread fetches it."""
        if self._length(index) == 0 or index in self._blocks or index == self._fetching:
            return
        if index in self._wanted:
            if not urgent:
                return
            self._wanted.remove(index)
        if urgent:
            self._wanted.insert(0, index)
        else:
            self._wanted.append(index)
        if self._thread is None:
            self._thread = threading.Thread(target=self._fetch_loop, name="object-reader", daemon=True)
            self._thread.start()

    def _fetch_loop(self) -> None:
        while True:
            with self._cond:
                if self._closed or self._error is not None or not self._wanted:
                    self._thread = None  # the next _want starts another
                    return
                index = self._wanted.pop(0)
                self._fetching = index
            offset, length = index * self.block, self._length(index)
            data = b""
            failure: StorageError | None = None
            try:
                data = self.storage.read_range(self.bucket, self.key, offset, length, etag=self.etag)
                if len(data) != length:
                    failure = Conflict(_CHANGED, f"{self.bucket}/{self.key}: {len(data)} bytes at {offset}, "
                                       f"expected {length}")
            except StorageError as err:
                failure = err
                if isinstance(err, Conflict) and err.code == "PreconditionFailed":
                    failure = Conflict(_CHANGED, err.detail, code=err.code)
            except Exception as exc:  # never leave a reader waiting for a thread that died
                log.exception("reading %s/%s at %d failed", self.bucket, self.key, offset)
                failure = StorageError(Text(QT_TR_NOOP("The recording could not be read.")), repr(exc))
            with self._cond:
                self._fetching = None
                if self._closed:
                    continue  # closed meanwhile: nobody wants the data; the loop ends above
                if failure is not None:
                    log.info("reading %s/%s failed: %s | %s", self.bucket, self.key, failure.message, failure.detail)
                    self._error = failure
                    self._wanted.clear()
                else:
                    self._blocks[index] = data
                    while len(self._blocks) > self._keep:
                        self._blocks.popitem(last=False)
                self._cond.notify_all()
