"""Telling the search index what the app itself changed, so a search shows it at once. No Qt here.

Call these after a write the app made has succeeded (uploads, deletes, renames, copies, moves):

* :func:`note_put` - an object was created or replaced (upload, copy, the target of a rename/move);
* :func:`note_deleted` - objects are gone (delete, the source of a rename/move);
* :func:`note_moved` - a rename or move: the target put, the source gone, the name kept.

They touch the disk (the index database): call them from a worker thread, never the GUI thread
(``ensure_browser.ui.search.live`` does that for the window). A connection that has no index yet is
left alone (its first refresh lists everything), and a failure to write is logged, never raised:
the next refresh corrects the index anyway.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.search.refresh import PENDING_META, row_for
from ensure_browser.core.search.store import SearchIndex, index_path

log = logging.getLogger(__name__)

__all__ = ["note_deleted", "note_moved", "note_put"]


def _index(settings: ConnectionSettings, directory: Path | None) -> SearchIndex | None:
    path = index_path(settings.endpoint, settings.access_key, directory)
    if not path.exists():
        return None
    index = SearchIndex(path)
    index.open()
    return index


def note_put(settings: ConnectionSettings, bucket: str, key: str, *, size: int, etag: str = "",
             modified: datetime | float | None = None, original_name: str | None = None,
             names: BucketNames | None = None, directory: Path | None = None) -> bool:
    """Index one object the app has just written. ``original_name`` None: not known (the next
    refresh reads it where the kind has one); "" : it has none. Returns True when written."""
    index = _index(settings, directory)
    if index is None:
        return False
    when = modified.timestamp() if isinstance(modified, datetime) else modified
    row = row_for(bucket, key, size, when, etag.replace('"', ""), names)
    if original_name is not None and row.pending == PENDING_META:
        row = dataclasses.replace(row, pending=0)
    try:
        with contextlib.closing(index.connect()) as db, index.transaction(db):
            index.put_rows(db, [row], {key: original_name or ""})
    except sqlite3.Error as err:
        log.warning("the search index did not take %s: %s", key, err)
        return False
    return True


def note_deleted(settings: ConnectionSettings, items: Iterable[tuple[str, str]],
                 directory: Path | None = None) -> int:
    """Remove the (bucket, key) ``items`` from the index; returns how many were in it."""
    index = _index(settings, directory)
    if index is None:
        return 0
    by_bucket: dict[str, list[str]] = {}
    for bucket, key in items:
        by_bucket.setdefault(bucket, []).append(key)
    removed = 0
    try:
        with contextlib.closing(index.connect()) as db, index.transaction(db):
            for bucket, keys in by_bucket.items():
                removed += index.delete_rows(db, bucket, keys)
    except sqlite3.Error as err:
        log.warning("the search index did not drop %d keys: %s", sum(map(len, by_bucket.values())), err)
        return 0
    return removed


def note_moved(settings: ConnectionSettings, source: tuple[str, str], target: tuple[str, str], *,
               etag: str = "", modified: datetime | float | None = None, names: BucketNames | None = None,
               directory: Path | None = None) -> bool:
    """A rename or move from ``source`` to ``target`` (bucket, key): the target takes the source's
    size and original name (and ``etag`` / ``modified`` when given), the source leaves the index."""
    index = _index(settings, directory)
    if index is None:
        return False
    with contextlib.closing(index.connect()) as db:
        found = db.execute("SELECT size, name, etag, modified FROM objects WHERE bucket = ? AND key = ?",
                           source).fetchone()
    if found is None:
        size, name, old_etag, old_modified = 0, None, "", None
    else:
        size, name, old_etag, old_modified = found
    note_put(settings, *target, size=size, etag=etag or old_etag,
             modified=modified if modified is not None else old_modified, original_name=name,
             names=names, directory=directory)
    note_deleted(settings, [source], directory)
    return True
