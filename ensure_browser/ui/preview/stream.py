"""What the media player reads: a recording checked by its first bytes, then read through the app.

QMediaPlayer never gets a URL. Given one (a presigned GET), its FFmpeg backend fetched it itself:
without verifying the certificate (the profile's CA file unknown to it), following redirects to
other hosts, printing the signed URL on stderr, and opening whatever an object's content named (an
HLS playlist stored as ``.webm`` made it connect to another local service). Now:

* :func:`open_recording` (in a worker) reads the object's size and first block through
  :class:`~ensure_browser.core.s3.storage.Storage` (TLS verified with the profile's CA file) and
  refuses anything whose first bytes are not an allowed container
  (:mod:`~ensure_browser.core.containers`) with :class:`NotPlayable`, before the player sees it;
* :class:`ObjectDevice` is what ``QMediaPlayer.setSourceDevice`` gets: a random-access
  ``QIODevice`` over an :class:`~ensure_browser.core.s3.object_reader.ObjectReader`. Measured with
  Qt 6.11's FFmpeg backend: ``readData``, ``size`` and ``seek`` are called from the player's own
  threads, never from the GUI thread, in pieces of 32 KiB; the reader serves them from blocks its
  own thread fetches ahead. A read waits without the GIL; :meth:`ObjectDevice.abort` wakes it at
  once, which matters because the GUI thread's ``setSource(QUrl())`` waits for a read in progress.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QIODevice, QObject, Signal

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.containers import HEAD_BYTES, Container, containers_for, describe, sniff
from ensure_browser.core.errors import Cancelled, Conflict, StorageError
from ensure_browser.core.s3.object_reader import DEFAULT_BLOCK, ObjectReader
from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.i18n import error_text, tr
from ensure_browser.ui.preview.playlist import PlaylistItem

log = logging.getLogger(__name__)



class NotPlayable(Exception):
    """The object is not something the player may be given (empty, or not an allowed container).

    Shaped like ``content.PreviewError`` but not one: content -> optional -> media_view -> here
    would close an import circle.
    """

    expected = True  # an outcome, not a crash: workers log it without a traceback

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class OpenedRecording:
    item: PlaylistItem
    reader: ObjectReader
    container: Container


def open_recording(storage: Storage, item: PlaylistItem, *, block: int = DEFAULT_BLOCK,
                   cancel: CancelToken = NEVER) -> OpenedRecording:
    """Check ``item`` and make its reader (runs in a worker: two requests, a HEAD and a ranged GET)."""
    stat = storage.stat(item.bucket, item.key)
    cancel.raise_if_cancelled()
    if stat.size == 0:
        raise NotPlayable(tr("{0} is empty.").format(item.label))
    length = min(block, stat.size)
    changed = tr("{0} changed on the server while it was being opened.").format(item.label)
    try:
        first = storage.read_range(item.bucket, item.key, 0, length, etag=stat.etag or None)
    except Conflict as err:
        if err.code != "PreconditionFailed":
            raise
        raise Conflict(changed, err.detail, code=err.code) from err
    cancel.raise_if_cancelled()
    if len(first) != length:
        raise Conflict(changed)
    allowed = containers_for(item.schema_kind)
    container = sniff(first[:HEAD_BYTES])
    if container is None or container not in allowed:
        head = " ".join(f"{byte:02X}" for byte in first[:8])
        log.info("not playing %s/%s: it starts with %s (%s)", item.bucket, item.key, head,
                 container.value if container else "no known container")
        raise NotPlayable(tr("{0} is not a recording: its first bytes ({1}) are not those of a {2} file, "
                             "so it was not given to the player.").format(item.label, head, describe(allowed)))
    reader = ObjectReader(storage, item.bucket, item.key, stat.size, first=first, block=block,
                          etag=stat.etag or None)
    return OpenedRecording(item, reader, container)


class ObjectDevice(QIODevice):
    """A read-only, random-access device over an :class:`ObjectReader`, for ``setSourceDevice``."""

    failed = Signal(str)  # a read failed: the message for people (emitted from the player's thread)

    def __init__(self, opened: OpenedRecording, parent: QObject) -> None:
        super().__init__(parent)
        self.opened = opened
        self.reader = opened.reader
        self.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Unbuffered)

    def abort(self) -> None:
        """Make every waiting and later read fail at once (any thread; no network call)."""
        self.reader.close()

    # -- QIODevice, called by the player's threads ----------------------------------------------
    def isSequential(self) -> bool:
        return False

    def size(self) -> int:
        return self.reader.size

    def bytesAvailable(self) -> int:
        if self._stopped():
            return 0
        return max(0, self.reader.size - self.pos()) + super().bytesAvailable()

    def atEnd(self) -> bool:
        # The one way to end FFmpeg's reading: PySide turns every non-bytes readData result (-1 too)
        # into 0 bytes, which FFmpeg takes as "nothing yet" and asks again at once (a busy loop
        # seen with Qt 6.11). Qt's read callback asks atEnd() first and then reports end of file.
        return self._stopped() or self.pos() >= self.reader.size

    def readData(self, maxlen: int) -> object:
        try:
            return self.reader.read(self.pos(), maxlen)
        except Cancelled:
            return b""
        except StorageError as err:
            self.failed.emit(error_text(err))
            return b""

    def _stopped(self) -> bool:
        return self.reader.closed or self.reader.error is not None

    def writeData(self, data: bytes | bytearray | memoryview, len: int) -> int:
        return -1
