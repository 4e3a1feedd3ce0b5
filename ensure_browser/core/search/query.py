"""Searching the index: words and filters to SQL, hits with a snippet of the OCR text. No Qt here.

Words are matched as word prefixes anywhere in the original name, the key (so ids, kinds' folder
names and file names) and the OCR text, all of them (``fract work`` finds "Fractions worksheet.pdf");
``doc-17`` is one phrase (the words "doc" and "17..." next to each other). A query that uses FTS5's
own syntax (double quotes, ``*``, parentheses, ``AND`` / ``OR`` / ``NOT`` / ``NEAR``, ``column:``) is
passed as it is; one SQLite cannot parse raises :class:`SearchSyntaxError` with a plain message.

Filters (kinds, classroom / student / meeting id, modification time range, size range) work with
or without words; without words the newest objects come first, with words the best matches (when
more than :data:`RANK_LIMIT` keys match, in the index's order: ranking them all would make typing slow).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ensure_browser.core.health.entities import entity_text
from ensure_browser.core.schema.classify import classify, label_of
from ensure_browser.core.schema.table import UNRECOGNIZED, UNRECOGNIZED_LABEL, BucketNames
from ensure_browser.core.search.store import SearchIndex

__all__ = [
    "DEFAULT_LIMIT",
    "HIT_END",
    "HIT_START",
    "Hit",
    "Query",
    "SearchSyntaxError",
    "fts_expression",
    "parse_day",
    "parse_size",
    "search",
]

DEFAULT_LIMIT = 500
HIT_START, HIT_END = "\x02", "\x03"  # around the matched words of a snippet (cleaned text has neither)
SNIPPET_WORDS = 12
RANK_LIMIT = 5000  # more matches than this are shown in key order: ranking them all costs too long

_ADVANCED = re.compile(r'["*()^:]|\b(?:AND|OR|NOT|NEAR)\b')
_WORDY = re.compile(r"\w")


class SearchSyntaxError(ValueError):
    """The words are not a query the index understands (the message says why, in plain words)."""


@dataclass(frozen=True)
class Query:
    text: str = ""
    kinds: tuple[str, ...] = ()
    classroom: str = ""
    student: str = ""
    meeting: str = ""
    since: float | None = None  # modified at or after (seconds since the epoch)
    until: float | None = None  # modified before
    min_size: int | None = None
    max_size: int | None = None  # at most
    limit: int = DEFAULT_LIMIT

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.kinds or self.classroom or self.student or self.meeting
                    or self.since is not None or self.until is not None or self.min_size is not None
                    or self.max_size is not None)


@dataclass(frozen=True)
class Hit:
    bucket: str
    key: str
    kind: str
    name: str  # the original file name, "" when unknown
    size: int
    modified: float | None
    snippet: str = ""  # OCR text around the matched words (marked by HIT_START / HIT_END), or ""
    where: str = ""  # "Classroom c-1, document d-2"
    kind_label: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

    @property
    def title(self) -> str:
        """The original file name, else the key's last segment."""
        return self.name or self.key.rsplit("/", 1)[-1]

    def to_json(self) -> dict[str, object]:
        return {"bucket": self.bucket, "key": self.key, "kind": self.kind, "name": self.name,
                "size": self.size, "modified": self.modified, "where": self.where,
                "snippet": self.snippet.replace(HIT_START, "").replace(HIT_END, "")}


def fts_expression(text: str) -> str:
    """The FTS5 query for ``text`` (see the module doc); "" when it has no word."""
    text = text.strip()
    if not text:
        return ""
    if _ADVANCED.search(text):
        return text
    terms = [t for t in text.split() if _WORDY.search(t)]
    return " ".join('"' + t.replace('"', '""') + '"*' for t in terms)


def _filters(q: Query) -> tuple[list[str], list[object]]:
    where: list[str] = []
    args: list[object] = []
    if q.kinds:
        where.append(f"o.kind IN ({','.join('?' * len(q.kinds))})")
        args.extend(q.kinds)
    for column, text in (("classroom", q.classroom), ("student", q.student), ("meeting", q.meeting)):
        if text.strip():
            where.append(f"o.{column} = ?")
            args.append(text.strip())
    bounds: tuple[tuple[str, float | None], ...] = (("o.modified >= ?", q.since), ("o.modified < ?", q.until),
                                                     ("o.size >= ?", q.min_size), ("o.size <= ?", q.max_size))
    for clause, value in bounds:
        if value is not None:
            where.append(clause)
            args.append(value)
    return where, args


def _hit(row: tuple[object, ...], names: BucketNames | None) -> Hit:
    bucket, key, kind, name, size, modified, snippet = row
    assert isinstance(bucket, str) and isinstance(key, str) and isinstance(kind, str)
    c = classify(bucket, key, names)
    where = entity_text(c.role, key, c.ids) if c is not None else ""
    text = str(snippet or "")
    return Hit(bucket, key, kind, str(name or ""), int(size or 0),  # type: ignore[call-overload]
               float(modified) if modified is not None else None,  # type: ignore[arg-type]
               text if HIT_START in text else "", where,
               UNRECOGNIZED_LABEL if kind == UNRECOGNIZED else label_of(kind))


def search(index: SearchIndex, q: Query, names: BucketNames | None = None,
           db: sqlite3.Connection | None = None) -> tuple[list[Hit], bool]:
    """The hits of ``q`` (at most ``q.limit``) and whether there are more. Raises
    :class:`SearchSyntaxError` for words the index cannot parse. ``db``: a connection to reuse."""
    own = db is None
    conn = index.connect() if db is None else db
    try:
        return _search(conn, q, names)
    finally:
        if own:
            with contextlib.suppress(sqlite3.Error):
                conn.close()


def _search(db: sqlite3.Connection, q: Query, names: BucketNames | None) -> tuple[list[Hit], bool]:
    where, args = _filters(q)
    expression = fts_expression(q.text)
    columns = "o.bucket, o.key, o.kind, o.name, o.size, o.modified"
    try:
        if expression:
            many = db.execute("SELECT count(*) FROM (SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?)",
                              (expression, RANK_LIMIT + 1)).fetchone()[0] > RANK_LIMIT
            sql = (f"SELECT {columns}, snippet(fts, 2, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_WORDS})"
                   " FROM fts JOIN objects o ON o.id = fts.rowid WHERE fts MATCH ?"
                   + "".join(f" AND {w}" for w in where) + (" ORDER BY fts.rowid" if many else " ORDER BY rank")
                   + " LIMIT ?")
            args = [expression, *args]
        elif where:
            sql = (f"SELECT {columns}, '' FROM objects o WHERE " + " AND ".join(where)
                   + " ORDER BY o.modified DESC LIMIT ?")
        else:
            return [], False
        rows = db.execute(sql, [*args, q.limit + 1]).fetchall()
    except sqlite3.OperationalError as err:
        message = str(err)
        if expression and ("fts5" in message or "syntax" in message or "no such column" in message
                           or "unterminated" in message):
            raise SearchSyntaxError(
                f"The search “{q.text.strip()}” could not be understood ({message}). Put words in "
                "double quotes to search for them as they are, e.g. \"9c: fractions\".") from None
        raise
    return [_hit(r, names) for r in rows[: q.limit]], len(rows) > q.limit


_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?i?b?)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 1000**2, "mb": 1000**2, "mib": 1024**2,
          "g": 1000**3, "gb": 1000**3, "gib": 1024**3, "t": 1000**4, "tb": 1000**4, "tib": 1024**4}


def parse_size(text: str) -> int:
    """``500MiB``, ``1.5 GB``, ``2k``, ``1024`` as bytes; ValueError with a plain message otherwise."""
    m = _SIZE.fullmatch(text)
    unit = (m.group(2) or "").lower() if m else ""
    if m is None or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a size (write e.g. 500MiB, 1.5GB, 2048).")
    return int(float(m.group(1)) * _UNITS[unit])


def parse_day(text: str, *, end: bool = False) -> float:
    """``YYYY-MM-DD`` (or a full ISO time) as seconds since the epoch, UTC; ``end``: the day's end
    (the next midnight) for a date alone."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date (write e.g. 2026-12-01).") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if end and len(text.strip()) <= 10:
        when += timedelta(days=1)
    return when.timestamp()
