"""The window's side of telling the search index what the app changed (see :mod:`ensure_browser.core.search.live`).

For features that write objects (uploads, deletes, renames, copies, moves, restored versions): after
the server confirmed the write, call one of

* ``note_put(host, bucket, key, size=..., etag=..., original_name=...)`` - created or replaced;
* ``note_deleted(host, [(bucket, key), ...])`` - gone;
* ``note_moved(host, (bucket, key), (bucket, new_key))`` - renamed or moved (the name goes along).

From any thread, cheap: the index is written in a worker, then the Search dock searches again. A
window without the search feature, or not connected, ignores them. Uploads made through the
Transfers queue are noted without any call (:func:`watch_transfers`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal

from ensure_browser.core.search import live as core_live
from ensure_browser.core.search.refresh import ORIGINAL_NAME_META
from ensure_browser.core.transfers.jobs import Direction, JobState
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.workers import TaskContext, workers

log = logging.getLogger(__name__)

__all__ = ["LiveNotes", "note_deleted", "note_moved", "note_put", "watch_transfers"]


class LiveNotes(QObject):
    """Runs index writes in a worker, handed over from any thread; ``written`` follows each."""

    written = Signal()
    _queued = Signal(object)

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.host = host
        self._queued.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def submit(self, fn: Callable[[Connection], object]) -> None:
        """Run ``fn(connection)`` in a worker (from any thread); nothing when not connected."""
        self._queued.emit(fn)

    def _run(self, fn: Callable[[Connection], object]) -> None:
        connection = self.host.connection
        if connection is None:
            return

        def work(_ctx: TaskContext) -> object:
            return fn(connection)

        workers().run("misc", work, on_done=lambda _r: self.written.emit(),
                      on_error=lambda exc: log.warning("the search index was not updated: %s", exc),
                      owner=self, name="search-note")


def _notes(host: Host) -> LiveNotes | None:
    return host.service(LiveNotes)


def note_put(host: Host, bucket: str, key: str, *, size: int, etag: str = "",
             modified: datetime | float | None = None, original_name: str | None = None) -> None:
    """``bucket``/``key`` was created or replaced by the app (see the module doc)."""
    notes = _notes(host)
    if notes is not None:
        notes.submit(lambda c: core_live.note_put(c.settings, bucket, key, size=size, etag=etag, modified=modified,
                                                  original_name=original_name, names=c.names))


def note_deleted(host: Host, items: Iterable[tuple[str, str]]) -> None:
    """The (bucket, key) ``items`` were deleted by the app."""
    notes = _notes(host)
    items = list(items)
    if notes is not None and items:
        notes.submit(lambda c: core_live.note_deleted(c.settings, items))


def note_moved(host: Host, source: tuple[str, str], target: tuple[str, str], *, etag: str = "",
               modified: datetime | float | None = None) -> None:
    """The object at ``source`` is now at ``target`` (rename or move; a copy is :func:`note_put`)."""
    notes = _notes(host)
    if notes is not None:
        notes.submit(lambda c: core_live.note_moved(c.settings, source, target, etag=etag, modified=modified,
                                                    names=c.names))


def watch_transfers(host: Host, queue: object) -> None:
    """Note every upload (and thumbnail) the transfer ``queue`` finishes (its listener runs in any thread)."""
    from ensure_browser.core.transfers.queue import TransferQueue

    if not isinstance(queue, TransferQueue):
        return
    noted: set[str] = set()

    def on_job(event: str, job_id: str) -> None:
        if event != "changed" or job_id in noted:
            return
        job = queue.get(job_id)
        if job is None or job.state is not JobState.DONE or job.direction is Direction.DOWNLOAD:
            return
        noted.add(job_id)
        note_put(host, job.bucket, job.key, size=job.size, original_name=job.metadata.get(ORIGINAL_NAME_META))

    queue.subscribe(on_job=on_job)
