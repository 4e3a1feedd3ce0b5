"""What a storage health scan found: findings, usage, the report and its JSON and text forms. No Qt here.

:class:`ScanReport` holds the findings (:class:`Finding`, most severe first) and the usage
(:class:`Usage`: :class:`Tally` per bucket, kind and entity, the largest objects); the aggregator
of :mod:`ensure_browser.core.health.scan` fills it. :func:`format_report` prints it as tables for a
terminal, :meth:`ScanReport.to_json` as JSON.

JSON (:meth:`ScanReport.to_json`, ``"format": "ensure-browser-scan"``, ``"version": 1``). Fields:

``scanned_at``
    ISO 8601 time the ages are measured from. ``duration_seconds``: how long the scan took.
``prefix``, ``buckets``
    the prefix the scan was restricted to ('' = everything) and the bucket names scanned.
``temp_max_age_hours``
    temporary uploads (and incomplete multipart uploads) older than this are stale.
``keys_seen``, ``bytes_seen``
    objects listed and their total size (inside the prefix).
``summary``
    ``{"critical": n, "warning": n, "info": n}``: findings per severity.
``findings``
    a list, most severe first, of ``{"severity", "rule", "entity", "bucket", "key", "size",
    "age_seconds", "message", "ids", "items"}``: ``rule`` is the stable code (``chunk_gap``,
    ``material_without_thumbnail``, ``incomplete_multipart_upload``, ``unrecognized_key``,
    ``bucket_missing`` ...), ``key`` the object or the entity prefix (ending in ``/``), ``size``
    the bytes concerned (the object's, or the entity's total; null when unknown), ``age_seconds``
    since the newest write (null when unknown), ``ids`` the schema ids (``upload_id`` for multipart
    uploads), ``items`` what the message lists (missing chunk indices, page numbers).
``usage``
    ``{"buckets": [{"bucket", "role", "objects", "bytes", "versioning", "noncurrent_versions",
    "noncurrent_bytes", "delete_markers"}], "kinds": [{"kind", "label", "objects",
    "bytes"}], "entities": {"classroom": [{"id", "objects", "bytes"}], "student": [...],
    "meeting": [...], "exam": [...], "ocr_document": [...], "experiment": [...],
    "temp_upload": [...]}, "largest": [{"bucket", "key", "size", "last_modified"}]}``; entity lists
    are sorted by bytes, largest first. A bucket's ``versioning`` is "Enabled", "Suspended", "Off" or
    null (not read); its old versions (``noncurrent_versions`` and their ``noncurrent_bytes``) and
    ``delete_markers`` are counted where versioning is on or suspended (0 where it is off, null when
    not read).
``unrecognized``
    ``{"count": n, "sample": [{"bucket", "key", "size"}], "sample_truncated": bool}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ensure_browser.core.health.entities import ENTITY_ORDER, entity_type_label
from ensure_browser.core.health.history import VersionTally, is_versioned
from ensure_browser.core.schema.classify import label_of
from ensure_browser.core.schema.natural import natural_key
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.severity import Severity, count, rank
from ensure_browser.core.units import human_bytes

__all__ = [
    "JSON_FORMAT",
    "JSON_VERSION",
    "Finding",
    "LargeObject",
    "ScanProgress",
    "ScanReport",
    "Tally",
    "Usage",
    "format_report",
    "human_age",
]

JSON_FORMAT = "ensure-browser-scan"
JSON_VERSION = 1


# -- results --------------------------------------------------------------------------------------------


class Tally:
    """Objects and bytes of one bucket, kind or entity, and its newest write."""

    __slots__ = ("bytes", "newest", "objects")

    def __init__(self) -> None:
        self.objects = 0
        self.bytes = 0
        self.newest: datetime | None = None

    def add(self, size: int, modified: datetime | None) -> None:
        self.objects += 1
        self.bytes += size
        if modified is not None and (self.newest is None or modified > self.newest):
            self.newest = modified

    def merge(self, other: Tally) -> None:
        """Count ``other``'s objects and bytes too."""
        self.objects += other.objects
        self.bytes += other.bytes
        if other.newest is not None and (self.newest is None or other.newest > self.newest):
            self.newest = other.newest

    def to_dict(self) -> dict[str, int]:
        return {"objects": self.objects, "bytes": self.bytes}

    def __repr__(self) -> str:
        return f"Tally({self.objects} objects, {self.bytes} bytes)"


@dataclass(frozen=True)
class LargeObject:
    bucket: str
    key: str
    size: int
    last_modified: datetime | None


@dataclass(frozen=True)
class Finding:
    """One problem found: ``rule`` is a stable code, ``message`` is for people.

    ``key`` is the object concerned or the entity's prefix (ending in ``/``); ``size`` the bytes
    concerned; ``age`` the time since the newest write (None when unknown).
    """

    severity: Severity
    rule: str
    entity: str
    bucket: str
    key: str
    message: str
    size: int | None = None
    age: timedelta | None = None
    ids: dict[str, str | int] = field(default_factory=dict, hash=False)
    items: tuple[int | str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, str, Any, str]:
        return rank(self.severity), self.bucket, natural_key(self.key), self.rule

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "entity": self.entity,
            "bucket": self.bucket,
            "key": self.key,
            "size": self.size,
            "age_seconds": None if self.age is None else round(self.age.total_seconds(), 3),
            "message": self.message,
            "ids": dict(self.ids),
            "items": list(self.items),
        }


@dataclass
class Usage:
    """Objects and bytes per bucket, per kind, per entity type and id; the largest objects."""

    buckets: dict[str, Tally] = field(default_factory=dict)
    kinds: dict[str, Tally] = field(default_factory=dict)
    entities: dict[str, dict[str, Tally]] = field(default_factory=dict)
    largest: list[LargeObject] = field(default_factory=list)
    versions: dict[str, VersionTally] = field(default_factory=dict)  # per bucket whose versioning was read

    def top(self, entity_type: str, n: int | None = None) -> list[tuple[str, Tally]]:
        """The entities of one type, largest first (ties by natural id order)."""
        items = sorted(self.entities.get(entity_type, {}).items(),
                       key=lambda kv: (-kv[1].bytes, natural_key(kv[0])))
        return items if n is None else items[:n]


@dataclass(frozen=True)
class ScanProgress:
    """Keys and bytes listed so far (in every bucket); ``bucket``: the buckets being listed now,
    comma-separated (every scanned bucket in the last report)."""

    keys_seen: int
    bytes_seen: int
    elapsed: float
    bucket: str

    @property
    def rate(self) -> float:
        """Keys listed per second so far."""
        return self.keys_seen / self.elapsed if self.elapsed > 0 else 0.0


@dataclass
class ScanReport:
    """What a scan found: findings (most severe first) and usage."""

    scanned_at: datetime
    duration: float
    prefix: str
    buckets: tuple[str, ...]
    names: BucketNames
    temp_max_age: timedelta
    keys_seen: int
    bytes_seen: int
    findings: list[Finding]
    usage: Usage
    unrecognized_count: int = 0
    unrecognized_sample: list[tuple[str, str, int]] = field(default_factory=list)

    def counts(self, findings: Iterable[Finding] | None = None) -> dict[Severity, int]:
        """How many findings of each severity (of ``findings``, or of the report's own)."""
        return count(f.severity for f in (self.findings if findings is None else findings))

    @property
    def has_critical(self) -> bool:
        return any(f.severity == "critical" for f in self.findings)

    def to_dict(self, findings: Sequence[Finding] | None = None) -> dict[str, Any]:
        """The documented JSON structure (see the module docstring); ``findings`` replaces the
        report's own (e.g. the rows a filter shows)."""
        shown = self.findings if findings is None else list(findings)
        usage = self.usage
        return {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "scanned_at": self.scanned_at.isoformat(),
            "duration_seconds": round(self.duration, 3),
            "prefix": self.prefix,
            "buckets": list(self.buckets),
            "temp_max_age_hours": self.temp_max_age.total_seconds() / 3600,
            "keys_seen": self.keys_seen,
            "bytes_seen": self.bytes_seen,
            "summary": self.counts(shown),
            "findings": [f.to_dict() for f in shown],
            "usage": {
                "buckets": [{"bucket": b, "role": self.names.role_of(b), **t.to_dict(), **_versions_dict(usage, b)}
                            for b, t in usage.buckets.items()],
                "kinds": [{"kind": k, "label": label_of(k), **t.to_dict()}
                          for k, t in sorted(usage.kinds.items(), key=lambda kv: -kv[1].bytes)],
                "entities": {etype: [{"id": i, **t.to_dict()} for i, t in usage.top(etype)]
                             for etype in ENTITY_ORDER},
                "largest": [{"bucket": o.bucket, "key": o.key, "size": o.size,
                             "last_modified": o.last_modified.isoformat() if o.last_modified else None}
                            for o in usage.largest],
            },
            "unrecognized": {
                "count": self.unrecognized_count,
                "sample": [{"bucket": b, "key": k, "size": s} for b, k, s in self.unrecognized_sample],
                "sample_truncated": self.unrecognized_count > len(self.unrecognized_sample),
            },
        }

    def to_json(self, findings: Sequence[Finding] | None = None) -> str:
        return json.dumps(self.to_dict(findings), indent=2, ensure_ascii=False) + "\n"


def _versions_dict(usage: Usage, bucket: str) -> dict[str, int | str | None]:
    tally = usage.versions.get(bucket)
    if tally is None:
        return {"versioning": None, "noncurrent_versions": None, "noncurrent_bytes": None, "delete_markers": None}
    return tally.to_dict()


# -- text output ----------------------------------------------------------------------------------------


def human_age(seconds: float | None) -> str:
    """An age in the largest fitting unit: "45 s", "12 min", "5 h", "3 d"; None -> ""."""
    if seconds is None:
        return ""
    for limit, unit in ((86400 * 2, 86400), (3600 * 2, 3600), (120, 60)):
        if seconds >= limit:
            return f"{seconds / unit:.0f} {({86400: 'd', 3600: 'h', 60: 'min'})[unit]}"
    return f"{max(seconds, 0):.0f} s"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _bucket_table(usage: Usage) -> list[str]:
    if not any(is_versioned(t.versioning) for t in usage.versions.values()):
        return _table(("BUCKET", "OBJECTS", "SIZE"),
                      [(b, str(t.objects), human_bytes(t.bytes)) for b, t in usage.buckets.items()], frozenset({1, 2}))
    rows = []
    for b, t in usage.buckets.items():
        v = usage.versions.get(b)
        if v is not None and is_versioned(v.versioning):
            rows.append((b, str(t.objects), human_bytes(t.bytes), str(v.noncurrent), human_bytes(v.noncurrent_bytes),
                         str(v.delete_markers)))
        else:
            rows.append((b, str(t.objects), human_bytes(t.bytes), "-", "-", "-"))
    return _table(("BUCKET", "OBJECTS", "SIZE", "OLD VERSIONS", "THEIR SIZE", "DELETE MARKERS"), rows,
                  frozenset({1, 2, 3, 4, 5}))


def format_report(report: ScanReport, top: int = 10) -> str:
    """The report as plain-text tables for a terminal."""
    counts = report.counts()
    where = f" below {report.prefix!r}" if report.prefix else ""
    out = [
        f"Scanned {report.keys_seen} objects ({human_bytes(report.bytes_seen)}) in "
        f"{', '.join(report.buckets)}{where} in {report.duration:.1f} s.",
        f"Findings: {counts['critical']} critical, {counts['warning']} warning, {counts['info']} info.",
        "",
    ]
    if report.findings:
        rows = [(f.severity, f.rule, f.entity, f"{f.bucket}/{f.key}" if f.bucket else f.key,
                 human_bytes(f.size), human_age(f.age.total_seconds()) if f.age else "")
                for f in report.findings]
        out += _table(("SEVERITY", "RULE", "ENTITY", "KEY", "SIZE", "AGE"), rows, frozenset({4, 5}))
        out.append("")
    usage = report.usage
    out += _bucket_table(usage)
    for etype in ENTITY_ORDER:
        entries = usage.top(etype, top)
        if entries:
            out += ["", *_table((entity_type_label(etype).upper(), "OBJECTS", "SIZE"),
                                [(i, str(t.objects), human_bytes(t.bytes)) for i, t in entries],
                                frozenset({1, 2}))]
    if usage.largest:
        out += ["", *_table(("LARGEST OBJECTS", "SIZE"),
                            [(f"{o.bucket}/{o.key}", human_bytes(o.size)) for o in usage.largest[:top]],
                            frozenset({1}))]
    return "\n".join(out) + "\n"

