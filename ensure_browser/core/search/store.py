"""The search index on disk: one SQLite database with FTS5 per connection. No Qt here.

Where: ``<user cache dir>/search/<hash>.sqlite3``, the hash (SHA-256) of the endpoint and the access
key, so one connection's index is found again and no secret is in it or in its name; the folder is
the owner's only (0700) and the database file 0600 (SQLite gives its ``-wal`` and ``-shm`` files the
database's mode).

What: table ``objects`` holds one row per key (bucket, key, kind, the classroom / student / meeting
ids, size, modification time, ETag, the original file name, and ``pending`` while the metadata or
OCR text of the current ETag is still to be read); the FTS5 table ``fts`` (rowid = the row's id)
holds the searchable text: original name, the key, and the OCR text of a page's JSON.

A database that cannot be read, or was written by another format version, is removed and made
anew (the next refresh fills it again): an index is a cache, never the only copy of anything.
Every connection to it uses WAL, so a search reads while a refresh writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ensure_browser.logs import PRIVATE_FILE, make_private, private_dir

log = logging.getLogger(__name__)

__all__ = [
    "FORMAT_VERSION",
    "IndexRow",
    "SearchIndex",
    "default_index_dir",
    "index_path",
]

FORMAT_VERSION = "1"
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS objects(
    id INTEGER PRIMARY KEY,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    classroom TEXT,
    student TEXT,
    meeting TEXT,
    size INTEGER NOT NULL,
    modified REAL,
    etag TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    pending INTEGER NOT NULL DEFAULT 0,
    UNIQUE(bucket, key)
);
CREATE INDEX IF NOT EXISTS objects_pending ON objects(pending) WHERE pending != 0;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(name, path, text, tokenize='unicode61 remove_diacritics 2');
"""


def default_index_dir() -> Path:
    return Path(platformdirs.user_cache_dir("ensure-browser")) / "search"


def index_path(endpoint: str, access_key: str, directory: Path | None = None) -> Path:
    """The database of the connection to ``endpoint`` with ``access_key`` (no secret in the name)."""
    digest = hashlib.sha256(f"{endpoint.lower()}\0{access_key}".encode()).hexdigest()[:32]
    return (directory or default_index_dir()) / f"{digest}.sqlite3"


@dataclass(frozen=True, slots=True)
class IndexRow:
    """What a listing tells of one key, classified (see :func:`~.refresh.row_for`)."""

    bucket: str
    key: str
    kind: str
    classroom: str | None
    student: str | None
    meeting: str | None
    size: int
    modified: float | None  # seconds since the epoch (UTC)
    etag: str
    pending: int  # 0: nothing more to read; PENDING_META / PENDING_TEXT: what the refresh reads


def _remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


class SearchIndex:
    """One connection's index. Each thread that uses it opens its own :meth:`connect` (SQLite
    connections are not shared between threads); :meth:`open` makes sure the file is usable first."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_connection(cls, endpoint: str, access_key: str, directory: Path | None = None) -> SearchIndex:
        index = cls(index_path(endpoint, access_key, directory))
        index.open()
        return index

    # -- the file ---------------------------------------------------------------------------------
    def open(self) -> None:
        """Make the database usable: create it, or make it anew when it is unreadable or of another
        format (logged; never fatal)."""
        private_dir(self.path.parent)
        try:
            self._prepare()
        except sqlite3.DatabaseError as err:
            log.warning("the search index %s cannot be used (%s): it is made anew", self.path.name, err)
            self.reset()

    def reset(self) -> None:
        """Remove the database and make an empty one."""
        _remove_files(self.path)
        self._prepare()

    def _prepare(self) -> None:
        if not self.path.exists():
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE)
            os.close(fd)
        make_private(self.path, PRIVATE_FILE)
        with contextlib.closing(self._raw_connect()) as db:
            version = None
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}
            if "meta" in tables:
                row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
                version = row[0] if row else None
            if tables and version != FORMAT_VERSION:
                raise sqlite3.DatabaseError(f"format {version!r}, expected {FORMAT_VERSION}")
            with db:
                db.executescript(_SCHEMA)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))

    def _raw_connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                             isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def connect(self) -> sqlite3.Connection:
        """A connection of this thread's own (autocommit; :meth:`transaction` makes a transaction);
        close it when done."""
        return self._raw_connect()

    @contextlib.contextmanager
    def transaction(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- state --------------------------------------------------------------------------------------
    def get_meta(self, db: sqlite3.Connection, name: str) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, db: sqlite3.Connection, name: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def last_refreshed(self) -> float | None:
        """When the last complete refresh ended (seconds since the epoch), None if never."""
        with contextlib.closing(self.connect()) as db:
            value = self.get_meta(db, "refreshed")
        return float(value) if value else None

    def count(self) -> int:
        with contextlib.closing(self.connect()) as db:
            return int(db.execute("SELECT count(*) FROM objects").fetchone()[0])

    # -- rows ---------------------------------------------------------------------------------------
    @staticmethod
    def known(db: sqlite3.Connection, bucket: str) -> dict[str, tuple[str, int, float | None]]:
        """Every indexed key of ``bucket`` -> (ETag, size, modified)."""
        return {k: (e, s, m) for k, e, s, m in
                db.execute("SELECT key, etag, size, modified FROM objects WHERE bucket = ?", (bucket,))}

    @staticmethod
    def put_rows(db: sqlite3.Connection, rows: Sequence[IndexRow], names: dict[str, str] | None = None) -> None:
        """Insert or replace ``rows``; a replaced row's name and text are cleared unless ``names``
        gives the original name of its key. Inside a transaction."""
        names = names or {}
        fresh: list[IndexRow] = []
        old: list[IndexRow] = []
        for r in rows:
            found = db.execute("SELECT id FROM objects WHERE bucket = ? AND key = ?", (r.bucket, r.key)).fetchone()
            (old if found else fresh).append(r)
        if old:
            db.executemany("DELETE FROM fts WHERE rowid = (SELECT id FROM objects WHERE bucket = ? AND key = ?)",
                           ((r.bucket, r.key) for r in old))
            db.executemany(
                "UPDATE objects SET kind=?, classroom=?, student=?, meeting=?, size=?, modified=?, etag=?,"
                " name=?, pending=? WHERE bucket = ? AND key = ?",
                ((r.kind, r.classroom, r.student, r.meeting, r.size, r.modified, r.etag, names.get(r.key, ""),
                  r.pending, r.bucket, r.key) for r in old))
            db.executemany("INSERT INTO fts(rowid, name, path, text) SELECT id, name, key, '' FROM objects"
                           " WHERE bucket = ? AND key = ?", ((r.bucket, r.key) for r in old))
        if fresh:
            last = db.execute("SELECT coalesce(max(id), 0) FROM objects").fetchone()[0]
            db.executemany(
                "INSERT INTO objects(bucket, key, kind, classroom, student, meeting, size, modified, etag, name,"
                " pending) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                ((r.bucket, r.key, r.kind, r.classroom, r.student, r.meeting, r.size, r.modified, r.etag,
                  names.get(r.key, ""), r.pending) for r in fresh))
            db.execute("INSERT INTO fts(rowid, name, path, text) SELECT id, name, key, '' FROM objects WHERE id > ?",
                       (last,))

    @staticmethod
    def touch_rows(db: sqlite3.Connection, bucket: str, items: Iterable[tuple[str, int, float | None]]) -> None:
        """Same ETag, other size or time (a server that rewrote the time): only those change."""
        db.executemany("UPDATE objects SET size = ?, modified = ? WHERE bucket = ? AND key = ?",
                       ((size, modified, bucket, key) for key, size, modified in items))

    @staticmethod
    def delete_rows(db: sqlite3.Connection, bucket: str, keys: Iterable[str]) -> int:
        """Remove ``keys`` of ``bucket``; returns how many were indexed. Inside a transaction."""
        keys = list(keys)
        db.executemany("DELETE FROM fts WHERE rowid = (SELECT id FROM objects WHERE bucket = ? AND key = ?)",
                       ((bucket, k) for k in keys))
        before = db.total_changes
        db.executemany("DELETE FROM objects WHERE bucket = ? AND key = ?", ((bucket, k) for k in keys))
        return db.total_changes - before

    @staticmethod
    def pending(db: sqlite3.Connection, limit: int = 1_000_000) -> list[tuple[str, str, str, int]]:
        """(bucket, key, ETag, what) of the rows whose name or text is still to be read."""
        return list(db.execute("SELECT bucket, key, etag, pending FROM objects WHERE pending != 0 LIMIT ?",
                               (limit,)))

    @staticmethod
    def set_details(db: sqlite3.Connection, items: Sequence[tuple[str, str, str, str, str]]) -> int:
        """(bucket, key, ETag, name, text) read for the ETag the row had: written only where the row
        still has that ETag (a refresh may have seen a newer one meanwhile). Returns rows written."""
        written = 0
        for bucket, key, etag, name, text in items:
            row = db.execute("SELECT id FROM objects WHERE bucket = ? AND key = ? AND etag = ?",
                             (bucket, key, etag)).fetchone()
            if row is None:
                continue
            db.execute("UPDATE objects SET name = ?, pending = 0 WHERE id = ?", (name, row[0]))
            db.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
            db.execute("INSERT INTO fts(rowid, name, path, text) VALUES (?, ?, ?, ?)", (row[0], name, key, text))
            written += 1
        return written
