"""The job model: kinds, states, one transfer (:class:`TransferJob`) and its snapshots, and the small
records the queue hands out (conflict questions and answers, batch summaries, work items)."""

from __future__ import annotations

import copy
import enum
import operator
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3.storage import DEFAULT_PART_SIZE


class Direction(enum.Enum):
    UPLOAD = "upload"
    DOWNLOAD = "download"
    THUMBNAIL = "thumbnail"  # render page 1 of an uploaded material and upload the PNG


class JobState(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"

    @property
    def finished(self) -> bool:
        return self in FINISHED_STATES


FINISHED_STATES = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED, JobState.SKIPPED})


class ConflictPolicy(enum.Enum):
    ASK = "ask"
    REPLACE = "replace"
    KEEP_BOTH = "keep_both"
    SKIP = "skip"


def new_job_id() -> str:
    """A random id (128 bits, as hex): a tenth of the cost of ``uuid.uuid4().hex``, once per file."""
    return os.urandom(16).hex()


@dataclass
class TransferJob:
    """One transfer. The queue owns the live object; observers get copies (:meth:`snapshot`)."""

    id: str
    direction: Direction
    bucket: str
    key: str
    local_path: str  # upload: the source file; download: the destination file
    size: int = 0
    content_type: str = "application/octet-stream"
    metadata: dict[str, str] = field(default_factory=dict)
    thumbnail_key: str | None = None
    check_conflict: bool = True
    display_name: str = ""
    if_match: str | None = None  # an upload that replaces the object only while it has this ETag
    replace_asked: bool = False  # ``if_match`` is the object a conflict question showed: changed, ask again
    parent_id: str | None = None
    batch: int = 0
    state: JobState = JobState.QUEUED
    bytes_done: int = 0
    speed: float = 0.0  # bytes per second, moving average
    eta: float | None = None  # seconds
    error: str = ""
    retryable: bool = False
    interrupted: bool = False  # stopped by a crash, a closing app or a lost server: resume on recover
    upload_id: str | None = None
    # how ``upload_id``'s parts are checked: CHECKSUM_CRC32, or "" (Content-MD5: begun by an older version)
    checksum: str = ""
    part_size: int = DEFAULT_PART_SIZE
    done_parts: dict[int, str] = field(default_factory=dict)
    source_size: int | None = None
    source_mtime_ns: int | None = None
    endpoint: str = ""
    sent_bytes: int = 0  # bytes actually transferred by this app (excludes resumed parts)
    created: float = field(default_factory=time.time)
    finished_at: float | None = None
    version_id: str | None = None  # a download of that version of the object (else the latest)
    # a resumed download plan's file that is there already: done only when proven to be the object
    prove_existing: bool = False

    @property
    def name(self) -> str:
        if self.display_name:
            return self.display_name
        if self.direction is Direction.DOWNLOAD:
            return self.key.rsplit("/", 1)[-1]
        return Path(self.local_path).name

    @property
    def target(self) -> str:
        if self.direction is Direction.DOWNLOAD:
            return self.local_path
        return f"s3://{self.bucket}/{self.key}"

    @property
    def source(self) -> str:
        if self.direction is Direction.DOWNLOAD:
            return f"s3://{self.bucket}/{self.key}"
        return self.local_path

    @property
    def fraction(self) -> float:
        if self.state is JobState.DONE:
            return 1.0
        return min(1.0, self.bytes_done / self.size) if self.size > 0 else 0.0

    def forget_upload(self) -> None:
        """It keeps no multipart upload (completed, aborted or gone); under the queue's lock."""
        self.upload_id = None
        self.done_parts.clear()

    def snapshot(self) -> TransferJob:
        """A copy the caller may keep (its dicts copied too); half the time of ``dataclasses.replace``,
        which matters to a model that takes 10,000 of them after a big drop."""
        copied = copy.copy(self)
        copied.metadata, copied.done_parts = dict(self.metadata), dict(self.done_parts)
        return copied

    def fingerprint(self) -> tuple[Any, ...]:
        """Every field the journal keeps, as a tuple of immutable values: equal tuples, equal records.
        Cheap to take (under the queue's lock); :meth:`record_of` makes the record from it later."""
        return _plain_fields(self), tuple(self.metadata.items()), tuple(self.done_parts.items())

    @staticmethod
    def record_of(fingerprint: tuple[Any, ...]) -> dict[str, Any]:
        """The journal record (JSON-ready) of a :meth:`fingerprint`."""
        plain, metadata, done_parts = fingerprint
        rec = dict(zip(_PLAIN_FIELDS, plain, strict=True))
        rec["direction"] = rec["direction"].value
        rec["state"] = rec["state"].value
        rec["metadata"] = dict(metadata)
        rec["done_parts"] = {str(k): v for k, v in done_parts}
        return rec

    def to_record(self) -> dict[str, Any]:
        # Shallow on purpose (dataclasses.asdict deep-copies): journals of 10,000 jobs are written
        # while the user waits.
        return self.record_of(self.fingerprint())

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> TransferJob:
        known = {f for f in cls.__dataclass_fields__ if f not in ("speed", "eta", "sent_bytes")}
        data = {k: v for k, v in rec.items() if k in known}
        data["direction"] = Direction(rec["direction"])
        data["state"] = JobState(rec.get("state", "queued"))
        data["done_parts"] = {int(k): str(v) for k, v in dict(rec.get("done_parts") or {}).items()}
        data["metadata"] = {str(k): str(v) for k, v in dict(rec.get("metadata") or {}).items()}
        return cls(**data)


# The journal keeps every field but the transient ones; the two dicts are copied separately.
_PLAIN_FIELDS = tuple(name for name in TransferJob.__dataclass_fields__
                      if name not in ("speed", "eta", "sent_bytes", "metadata", "done_parts"))
_plain_fields = operator.attrgetter(*_PLAIN_FIELDS)


@dataclass(frozen=True)
class ConflictQuestion:
    job_id: str
    direction: Direction
    name: str
    target: str  # s3://bucket/key or the local path
    existing_size: int | None
    existing_modified: datetime | None
    new_size: int
    can_keep_both: bool = True
    changed_since: bool = False  # asked again: the object changed after "Replace" was chosen


@dataclass(frozen=True)
class ConflictAnswer:
    choice: ConflictPolicy  # REPLACE, KEEP_BOTH or SKIP
    apply_to_all: bool = False


ConflictAsker = Callable[[ConflictQuestion, CancelToken], ConflictAnswer]
ThumbnailRenderer = Callable[[bytes], bytes]  # PDF bytes -> PNG bytes of page 1


@dataclass(frozen=True)
class BatchSummary:
    batch: int
    uploaded: int = 0
    downloaded: int = 0
    failed: int = 0
    cancelled: int = 0
    skipped: int = 0
    thumbnails_failed: int = 0


@dataclass
class RecoveryReport:
    resumed: list[str] = field(default_factory=list)  # job ids re-queued
    paused: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    aborted_uploads: list[str] = field(default_factory=list)  # upload ids of orphans
    messages: list[str] = field(default_factory=list)


@dataclass
class Work:
    """One unit a driver runs on a thread of its choosing: a job, or a clean-up of uploads."""

    name: str
    token: CancelToken
    job_id: str | None
    _fn: Callable[[CancelToken], object]

    def run(self) -> None:
        self._fn(self.token)



JobListener = Callable[[str, str], None]  # (event, job id): event is "added", "changed" or "removed"
BatchListener = Callable[[BatchSummary], None]
Claim = tuple[str, str, str]  # what two running jobs must not share: the object, or the local file


def claim_key(job: TransferJob) -> Claim:
    """The target ``job`` writes: two jobs with one claim never run at once."""
    if job.direction is Direction.DOWNLOAD:
        return ("local", "", os.path.normcase(job.local_path))
    return ("s3", job.bucket, job.key)


def iter_states(jobs: Iterable[TransferJob], *states: JobState) -> Iterator[TransferJob]:
    return (j for j in jobs if j.state in states)
