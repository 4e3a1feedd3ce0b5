"""Uploads and downloads: drop planning, a journaled transfer queue, verification, local names.

Design
------
* :func:`plan_drop` turns "these local paths were dropped on that node" into a :class:`DropPlan`:
  one :class:`PlannedUpload` per file with its target bucket/key decided up front (domain targets get
  fresh UUID keys from the schema), and one :class:`Refusal` per path that must not be uploaded, with
  a sentence saying why. Nothing touches the network; PDFs are checked by their ``%PDF-`` magic.
* :class:`TransferQueue` owns the jobs (thread-safe, one lock). It never starts threads for jobs by
  itself: a *driver* asks it for work with :meth:`TransferQueue.take_work` and runs each
  :class:`Work` item on a thread of its own choosing; ``Work.run()`` calls
  :meth:`TransferQueue.run_job` (blocking, in that thread). The queue calls its *waker* whenever new
  work may be available (jobs added, resumed, retried, a job finished), from any thread.
  - The GUI's driver (``ensure_browser.ui.transfers.view.TransferController``) runs each item with
    ``workers().run("transfer", ...)`` and re-drives from the GUI thread.
  - :class:`ThreadedDriver` here runs items on its own ``ThreadPoolExecutor`` (CLI, core tests).
  The queue enforces the concurrency limit (``take_work`` hands out at most ``concurrency`` jobs)
  and never runs two jobs on the same target at once.
* State changes reach observers through listeners (``subscribe``), called from worker threads without
  the lock held; they must be cheap (the Qt model only records ids and refreshes on a timer).
* Correctness: the target of an upload is decided before it starts; a PUT or a
  CompleteMultipartUpload is atomic, so no partial object ever appears at the key; a failed or
  cancelled multipart upload is aborted; a paused one is kept (upload id in the journal) and resumes
  from the parts the server lists (``list_parts``), each checked against the local file's MD5. An
  upload is verified by what the server answers, against checks computed from the bytes sent while
  they were in memory, so the file is read once: a single PUT by its CRC32 (sent as
  ``x-amz-checksum-crc32``, checked and answered by the server; also by its MD5 and the ETag where a
  server does not answer the checksum, see ``Storage._put``), a multipart upload by its ETag
  ``md5(part md5s)-N`` and its composite CRC32. A file that changes or
  vanishes meanwhile is caught by its size and mtime (after it is read for a PUT, before a multipart
  upload is completed).
  Existing targets are handled by a :class:`ConflictPolicy`; ``ASK`` calls the injected asker (the
  UI's dialog), serialised, and an "apply to all" answer holds for the rest of the batch. A batch of
  many files into one prefix is checked against one listing of that prefix, else each file with a
  HEAD; the write itself carries ``If-None-Match: *`` so an object that appears after the check is
  refused by the server (see :data:`BATCH_LISTING_MIN`) and asked about then.
* Downloads are verified while they stream (size, and MD5 when the ETag is one) and appear under
  their name only when complete; big ones resume (see ``Storage.download_file``).
* The journal (:class:`Journal`) keeps unfinished jobs and the multipart upload ids this app created,
  as JSON written atomically (temp file + ``os.replace``). It never holds secrets: endpoints, bucket
  names, keys, local paths, sizes and upload ids only. :meth:`TransferQueue.recover` reads it after a
  crash, re-queues the jobs (multipart uploads continue from the server's parts) and aborts uploads
  whose job is gone.
* Thumbnails of uploaded materials are rendered by an injected callable (QtPdf lives in the UI
  layer) and uploaded as a follow-up job.
"""

from __future__ import annotations

import contextlib
import copy
import enum
import functools
import hashlib
import itertools
import json
import logging
import mimetypes
import operator
import os
import stat as stat_mod
import threading
import time
import unicodedata
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import (
    AccessDenied,
    Cancelled,
    Conflict,
    LocalFileError,
    NoSuchKey,
    StorageError,
)
from ensure_browser.core.s3.storage import (
    CHECKSUM_CRC32,
    DEFAULT_MULTIPART_THRESHOLD,
    DEFAULT_PART_SIZE,
    DESTINATION_EXISTS,
    ObjectStat,
    Storage,
    UploadResult,
    hash_stream,
    lstat_or_none,
    partial_files,
    plan_parts,
    stat_local,
)
from ensure_browser.core.schema import classify as layout
from ensure_browser.core.schema.table import BucketNames

log = logging.getLogger(__name__)

APP_DIR_NAME = "ensure-browser"
JOURNAL_VERSION = 1
PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
MAX_KEY_BYTES = 1024
MAX_SEGMENT_BYTES = 255  # SeaweedFS limit for one key segment; common file-system limit too
LOCAL_NAME_BYTES = 200  # leaves room for " (12)" and ".part.etag" within 255 bytes
SPEED_WINDOW = 5.0  # seconds of samples for the moving-average speed
# Conflict checks of a batch: from this many conflict-checked uploads into one bucket on, one
# recursive LIST of their common prefix replaces a HEAD per file, as long as the prefix holds at most
# LISTING_BUDGET_PER_FILE objects per upload (else a HEAD per file is cheaper). A listing older than
# LISTING_MAX_AGE seconds is taken again. The write itself is conditional (If-None-Match: *), so an
# object that appears after the check is refused by servers that support it (S3, SeaweedFS, MinIO);
# on a server that ignores the header the window between check and write remains, as with a HEAD.
BATCH_LISTING_MIN = 8
LISTING_BUDGET_PER_FILE = 20
LISTING_MAX_AGE = 60.0
LATE_CONFLICT_ROUNDS = 3  # a target that appears meanwhile is asked about, then tried again (bounded)
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


# -- drop planning ------------------------------------------------------------------------------

# Domain kinds are those of ``layout`` (directory levels such as "classroom", "materials", "notes"
# and object kinds such as "material"); a drop on an object means a drop on its folder.
MATERIAL_KINDS = frozenset({"classroom", "materials", "material"})
NOTE_KINDS = frozenset({"student", "notes", "student_notes", "student_note"})
RECORDING_KINDS = frozenset({
    "meetings", "meeting", "raw", "chunks", "processed", "meeting_raw", "meeting_chunk", "meeting_audio",
    "exams", "exam_session", "exam_recording", "recordings",
})
RAW_KINDS = frozenset({"bucket", "prefix", "raw_prefix"})


@dataclass(frozen=True)
class DropTarget:
    """Where files were dropped, by meaning.

    ``kind`` is a domain kind (``classroom``, ``materials``, ``student``, ``student_notes``,
    ``meeting`` ...) or a raw one (``bucket``, ``raw_prefix``). ``ids`` carries the typed ids of the
    node (``classroom_id``, ``student_id``, ``meeting_id`` ...). Raw targets upload below ``prefix``.
    """

    kind: str
    bucket: str
    prefix: str = ""
    ids: Mapping[str, str] = field(default_factory=dict, hash=False)
    label: str = ""

    @property
    def is_raw(self) -> bool:
        return self.kind in RAW_KINDS

    def describe(self) -> str:
        return self.label or (f"s3://{self.bucket}/{self.prefix}" if self.is_raw else self.kind)


@dataclass(frozen=True)
class PlannedUpload:
    source: Path
    bucket: str
    key: str
    size: int
    content_type: str
    metadata: Mapping[str, str] = field(default_factory=dict, hash=False)
    thumbnail_key: str | None = None
    check_conflict: bool = True  # False for fresh UUID keys, which cannot collide
    display_name: str = ""


@dataclass(frozen=True)
class Refusal:
    path: Path
    message: str


@dataclass
class DropPlan:
    target: DropTarget
    uploads: list[PlannedUpload] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(u.size for u in self.uploads)


def upload_content_type(bucket: str, key: str, names: BucketNames) -> str:
    """Content type from the schema when the key matches a pattern, else from ``mimetypes``."""
    cls = layout.classify(bucket, key, names)
    if cls is not None and cls.recognized:
        ctype = layout.content_type_for(cls.kind)
        if ctype:
            return ctype
    guessed, _enc = mimetypes.guess_type(key.rsplit("/", 1)[-1], strict=False)
    return guessed or "application/octet-stream"


def is_pdf_file(path: Path) -> bool:
    """True when the first KiB holds the ``%PDF-`` header (readers allow junk before it)."""
    with open(path, "rb") as fh:
        return PDF_MAGIC in fh.read(MAGIC_WINDOW)


def _name_problem(name: str) -> str | None:
    try:
        encoded = name.encode("utf-8")
    except UnicodeEncodeError:
        return f"The name of {name.encode('utf-8', 'replace').decode()} is not valid Unicode."
    if len(encoded) > MAX_SEGMENT_BYTES:
        return f"The name {name[:40]}… is longer than {MAX_SEGMENT_BYTES} bytes."
    return None


def plan_drop(target: DropTarget, paths: Sequence[Path], names: BucketNames) -> DropPlan:
    """Decide, before any byte is sent, what each dropped path becomes (or why it is refused)."""
    plan = DropPlan(target)
    if target.kind in RECORDING_KINDS:
        for p in paths:
            plan.refusals.append(Refusal(Path(p), (
                f"{Path(p).name} was not uploaded: recordings are produced by the platform; "
                f"files cannot be added to {target.describe()}.")))
        return plan
    if target.kind in MATERIAL_KINDS:
        _plan_domain(plan, paths, names, "material")
    elif target.kind in NOTE_KINDS:
        _plan_domain(plan, paths, names, "note")
    elif target.is_raw:
        _plan_raw(plan, paths, names)
    else:
        for p in paths:
            plan.refusals.append(Refusal(Path(p), (
                f"{Path(p).name} was not uploaded: files cannot be dropped on {target.describe()}. "
                "Drop PDFs on a classroom's materials or a student's notes, or use the Raw view.")))
    return plan


def _plan_domain(plan: DropPlan, paths: Sequence[Path], names: BucketNames, kind: str) -> None:
    target = plan.target
    where = "classroom materials" if kind == "material" else "student notes"
    id_name = "classroom_id" if kind == "material" else "student_id"
    owner_id = str(target.ids.get(id_name) or "")
    if not owner_id:
        for p in paths:
            plan.refusals.append(Refusal(Path(p), f"{Path(p).name} was not uploaded: the target has no "
                                                  f"{id_name}."))
        return
    for raw in paths:
        p = Path(raw)
        try:
            st = p.stat()
        except OSError as exc:
            plan.refusals.append(Refusal(p, f"{p.name} cannot be read: {exc.strerror or exc}."))
            continue
        if stat_mod.S_ISDIR(st.st_mode):
            plan.refusals.append(Refusal(p, (
                f"{p.name} is a folder: only PDF files can be added to {where}; "
                "drop the PDF files themselves.")))
            continue
        if not stat_mod.S_ISREG(st.st_mode):
            plan.refusals.append(Refusal(p, f"{p.name} is not a regular file."))
            continue
        ext = p.suffix.lower()
        if ext != ".pdf":
            what = f"a {ext} file" if ext else "a file without the .pdf extension"
            plan.refusals.append(Refusal(p, f"{p.name} was not uploaded: {where} accept PDF documents only "
                                            f"(this is {what})."))
            continue
        try:
            if not is_pdf_file(p):
                plan.refusals.append(Refusal(p, (
                    f"{p.name} is named .pdf but is not a PDF document (no %PDF- header in its first "
                    "KiB).")))
                continue
        except OSError as exc:
            plan.refusals.append(Refusal(p, f"{p.name} cannot be read: {exc.strerror or exc}."))
            continue
        new_id = str(uuid.uuid4())
        thumb: str | None = None
        if kind == "material":
            bucket, key = layout.key_for("material", names, classroom_id=owner_id, document_id=new_id)
            thumb = layout.key_for("thumbnail", names, classroom_id=owner_id, document_id=new_id)[1]
        else:
            bucket, key = layout.key_for("student_note", names, student_id=owner_id, note_id=new_id)
        plan.uploads.append(PlannedUpload(
            source=p, bucket=bucket, key=key, size=st.st_size,
            content_type=upload_content_type(bucket, key, names),
            metadata={"original-filename": p.name}, thumbnail_key=thumb, check_conflict=False,
            display_name=p.name,
        ))


def _plan_raw(plan: DropPlan, paths: Sequence[Path], names: BucketNames) -> None:
    target = plan.target
    prefix = target.prefix
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    ctype_cache: dict[str, str] = {}

    def add(path: Path, rel: Sequence[str], size: int) -> None:
        for part in rel:
            problem = _name_problem(part)
            if problem:
                plan.refusals.append(Refusal(path, problem))
                return
        key = prefix + "/".join(rel)
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            plan.refusals.append(Refusal(path, f"The key for {path.name} would be longer than "
                                               f"{MAX_KEY_BYTES} bytes."))
            return
        if not os.access(path, os.R_OK):
            plan.refusals.append(Refusal(path, f"{path.name} cannot be read (permission denied)."))
            return
        ext = os.path.splitext(rel[-1])[1].lower()  # only the cache's key: the key decides the type
        if ext in ctype_cache and not layout_sensitive:
            ctype = ctype_cache[ext]
        else:
            ctype = upload_content_type(target.bucket, key, names)
            ctype_cache[ext] = ctype
        plan.uploads.append(PlannedUpload(path, target.bucket, key, size, ctype, display_name="/".join(rel)))

    # Keys in the schema's bucket layout may get their content type from the schema; elsewhere the
    # extension decides and one lookup per extension is enough.
    layout_sensitive = target.bucket in names.all()

    for raw in paths:
        p = Path(raw)
        try:
            st = p.stat()  # the dropped path itself may be a link: the user chose it
        except OSError as exc:
            reason = "it is a broken link" if p.is_symlink() else (exc.strerror or str(exc))
            plan.refusals.append(Refusal(p, f"{p.name} cannot be read: {reason}."))
            continue
        if stat_mod.S_ISDIR(st.st_mode):
            _walk(p, [p.name], plan, add)
        elif stat_mod.S_ISREG(st.st_mode):
            add(p, [p.name], st.st_size)
        else:
            plan.refusals.append(Refusal(p, f"{p.name} is not a regular file (a pipe, socket or device)."))


def _walk(root: Path, rel_root: list[str], plan: DropPlan,
          add: Callable[[Path, Sequence[str], int], None]) -> None:
    """Depth-first walk without following symlinked folders (so no loops), in name order."""
    stack: list[tuple[Path, list[str]]] = [(root, rel_root)]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            plan.refusals.append(Refusal(folder, f"The folder {folder.name} cannot be read: "
                                                 f"{exc.strerror or exc}."))
            continue
        subdirs: list[tuple[Path, list[str]]] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    try:
                        target_st = path.stat()
                    except OSError:
                        plan.refusals.append(Refusal(path, f"{entry.name} is a broken link."))
                        continue
                    if stat_mod.S_ISDIR(target_st.st_mode):
                        plan.refusals.append(Refusal(path, (
                            f"{entry.name} is a link to a folder; linked folders are not followed.")))
                    elif stat_mod.S_ISREG(target_st.st_mode):
                        add(path, [*rel, entry.name], target_st.st_size)
                    else:
                        plan.refusals.append(Refusal(path, f"{entry.name} is not a regular file."))
                elif entry.is_dir(follow_symlinks=False):
                    subdirs.append((path, [*rel, entry.name]))
                elif entry.is_file(follow_symlinks=False):
                    add(path, [*rel, entry.name], entry.stat(follow_symlinks=False).st_size)
                else:
                    plan.refusals.append(Refusal(path, (
                        f"{entry.name} is not a regular file (a pipe, socket or device).")))
            except OSError as exc:
                plan.refusals.append(Refusal(path, f"{entry.name} cannot be read: {exc.strerror or exc}."))
        stack.extend(reversed(subdirs))


# -- local names ------------------------------------------------------------------------------

_WINDOWS_INVALID = set('<>:"/\\|?*')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}


def safe_local_name(name: str, max_bytes: int = LOCAL_NAME_BYTES) -> str:
    """One file-name component safe on Linux, macOS and Windows.

    Control characters and characters Windows forbids become ``_``; ``.``/``..``/empty become ``_``;
    trailing dots and spaces are dropped; reserved device names (``CON``, ``COM1`` ...) get a ``_``
    prefix; the name is cut to ``max_bytes`` UTF-8 bytes, keeping the extension.
    """
    name = unicodedata.normalize("NFC", name)
    cleaned = "".join("_" if (ord(ch) < 32 or ord(ch) == 127 or ch in _WINDOWS_INVALID) else ch
                      for ch in name)
    cleaned = cleaned.rstrip(" .")
    if cleaned.strip(" ") in ("", ".", ".."):
        cleaned = "_"
    stem = cleaned.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        cleaned = "_" + cleaned
    if len(cleaned.encode("utf-8")) > max_bytes:
        stem, dot, ext = cleaned.rpartition(".")
        if not dot or len(ext.encode("utf-8")) > 16 or not stem:
            stem, ext, dot = cleaned, "", ""
        budget = max_bytes - len((dot + ext).encode("utf-8"))
        cut = stem.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(" .") or "_"
        cleaned = cut + dot + ext
    return cleaned


def local_path_for(dest_dir: Path, parts: Sequence[str]) -> Path:
    """``dest_dir`` joined with the sanitised ``parts``; raises :class:`LocalFileError` on escape."""
    safe = [safe_local_name(p) for p in parts if p not in ("",)]
    if not safe:
        safe = ["_"]
    path = Path(dest_dir).joinpath(*safe)
    ensure_inside(Path(dest_dir), path)
    return path


def ensure_inside(dest_dir: Path, path: Path) -> None:
    """Prove (after resolving links) that ``path`` stays inside ``dest_dir``."""
    root = Path(dest_dir).resolve()
    if not path.resolve().is_relative_to(root):
        raise LocalFileError(f"{path.name} would be written outside {dest_dir}; it was not downloaded.")


def numbered_name(name: str, n: int) -> str:
    """``report.pdf`` -> ``report (n).pdf``; ``archive.tar.gz`` -> ``archive (n).tar.gz``."""
    stem, dot, ext = name.partition(".") if not name.startswith(".") else (name, "", "")
    if dot and len(ext) > 12:  # a dot inside the name, not an extension
        stem, dot, ext = name.rpartition(".")
    return f"{stem} ({n}){dot}{ext}"


def key_parts_below(key: str, base: str) -> list[str]:
    """Segments of ``key`` below the prefix ``base`` (empty segments dropped)."""
    rest = key[len(base):] if key.startswith(base) else key
    return [seg for seg in rest.split("/") if seg != ""]


# -- jobs --------------------------------------------------------------------------------------

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


# -- journal -----------------------------------------------------------------------------------

def default_journal_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / "transfers.json"


@dataclass
class JournalData:
    jobs: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, dict[str, str]] = field(default_factory=dict)  # upload id -> bucket/key/job/endpoint
    encoded_jobs: list[str] = field(default_factory=list)  # more job records, already JSON (save only)


def encode_record(record: Mapping[str, Any]) -> str:
    """One journal record as compact JSON (one line)."""
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


class Journal:
    """``transfers.json``: unfinished jobs and multipart upload ids, written atomically.

    ``path=None`` keeps nothing (a queue without persistence).
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()

    def load(self) -> JournalData:
        if self.path is None or not self.path.exists():
            return JournalData()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("the transfer journal %s cannot be read (%s); starting without it", self.path, exc)
            return JournalData()
        if not isinstance(raw, dict) or raw.get("version") != JOURNAL_VERSION:
            log.warning("the transfer journal %s has an unknown format; ignoring it", self.path)
            return JournalData()
        jobs = [j for j in raw.get("jobs", []) if isinstance(j, dict)]
        uploads = {str(k): dict(v) for k, v in dict(raw.get("uploads", {})).items() if isinstance(v, dict)}
        return JournalData(jobs, uploads)

    def save(self, data: JournalData) -> None:
        if self.path is None:
            return
        # One record at a time: a single json.dumps of 10,000 jobs holds the GIL for over 100 ms and
        # freezes the GUI thread; per record, other threads get their turn in between.
        jobs = ",\n".join([*data.encoded_jobs, *(encode_record(job) for job in data.jobs)])
        text = (f'{{"version":{JOURNAL_VERSION},"jobs":[\n{jobs}\n],'
                f'"uploads":{encode_record(data.uploads)}}}\n')
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # local paths: private
                with open(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except OSError as exc:
                log.error("cannot write the transfer journal %s: %s", self.path, exc)


# -- the queue ---------------------------------------------------------------------------------

JobListener = Callable[[str, str], None]  # (event, job id): event is "added", "changed" or "removed"
BatchListener = Callable[[BatchSummary], None]


class _Speed:
    """Moving average over the last few seconds of (time, bytes) samples."""

    def __init__(self) -> None:
        self.samples: deque[tuple[float, int]] = deque()

    def add(self, now: float, done: int) -> float:
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > SPEED_WINDOW:
            self.samples.popleft()
        t0, b0 = self.samples[0]
        span = now - t0
        return max(0.0, (done - b0) / span) if span >= 0.2 else 0.0


class _PrefixListing:
    """The objects below one prefix, listed once for the upload jobs of a batch (see _batch_listing)."""

    def __init__(self, prefix: str, budget: int) -> None:
        self.prefix = prefix
        self.budget = budget  # at most this many objects are worth listing
        self.lock = threading.Lock()  # one job lists, the others wait for it
        self.keys: dict[str, tuple[int, datetime | None]] | None = None
        self.taken = 0.0
        self.unusable = False  # too many objects, or listing is not allowed: a HEAD per file


def _common_folder(keys: Sequence[str]) -> str:
    """The longest prefix ending in ``/`` (or empty) that every key starts with."""
    if not keys:
        return ""
    lo, hi = min(keys), max(keys)  # what the smallest and the largest share, all share
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[: lo.rfind("/", 0, n) + 1]


class TransferQueue:
    """Transfer jobs, their scheduling state, and the code that runs one job (see module doc)."""

    def __init__(
        self,
        storage: Storage,
        names: BucketNames,
        *,
        journal: Journal | None = None,
        concurrency: int = 4,
        multipart_threshold: int = DEFAULT_MULTIPART_THRESHOLD,
        part_size: int = DEFAULT_PART_SIZE,
        part_parallel: int = 4,
        download_ranges: int | None = None,
        conflict_policy: ConflictPolicy = ConflictPolicy.ASK,
        ask_conflict: ConflictAsker | None = None,
        render_thumbnail: ThumbnailRenderer | None = None,
        retries: int = 2,
        retry_backoff: float = 0.5,
        journal_interval: float = 0.5,
    ) -> None:
        self.storage = storage
        self.names = names
        self.journal = journal or Journal(None)
        self.concurrency = max(1, concurrency)
        self.multipart_threshold = multipart_threshold
        self.part_size = part_size
        self.part_parallel = max(1, part_parallel)
        # Ranges of a big download fetched at once. Several streams beat one where a network's
        # latency bounds each connection; with the server on this machine there is none, and the
        # streams only share its processors with the server: one stream is faster there (1 GiB on
        # 2 cores: 0.61 s against 0.71 s for four ranges, and half the CPU; bench/RESULTS.md).
        if download_ranges is None:
            download_ranges = 1 if storage.settings.on_this_machine else self.part_parallel
        self.download_ranges = max(1, download_ranges)
        self.default_policy = conflict_policy
        self.ask_conflict = ask_conflict
        self.render_thumbnail = render_thumbnail
        self.retries = retries
        self.retry_backoff = retry_backoff
        self.endpoint = storage.settings.endpoint
        self._lock = threading.RLock()
        self._ask_lock = threading.Lock()
        self._jobs: dict[str, TransferJob] = {}
        self._queue: deque[str] = deque()
        self._tokens: dict[str, CancelToken] = {}
        self._requested: dict[str, str] = {}  # job id -> "pause" | "cancel"
        self._claims: dict[tuple[str, str, str], str] = {}
        self._speeds: dict[str, _Speed] = {}
        self._uploads: dict[str, dict[str, str]] = {}
        self._foreign: JournalData = JournalData()  # other endpoints' entries, kept as they were
        self._to_abort: list[tuple[str, str, str]] = []
        self._cleanup_running = False
        self._batch_policy: ConflictPolicy | None = None
        self._batches = itertools.count(1)
        self._open_batches: dict[int, set[str]] = {}  # batch -> its members, until it is summarised
        self._unfinished: dict[int, set[str]] = {}  # batch -> its members that have not finished
        self._listings: dict[tuple[int, str], _PrefixListing] = {}  # (batch, bucket) -> its listing
        self._listeners: list[JobListener] = []
        self._batch_listeners: list[BatchListener] = []
        self._waker: Callable[[], None] | None = None
        self._journal_interval = journal_interval
        self._journal_timer: threading.Timer | None = None
        self._journal_last = 0.0
        self._journal_cache: dict[str, tuple[tuple[Any, ...], str]] = {}  # job id -> (fingerprint, JSON)
        self._closing = False

    # -- observers ---------------------------------------------------------------------------------
    def subscribe(self, on_job: JobListener | None = None, on_batch: BatchListener | None = None) -> None:
        """Listeners are called from any thread without the lock held: keep them cheap."""
        if on_job is not None:
            self._listeners.append(on_job)
        if on_batch is not None:
            self._batch_listeners.append(on_batch)

    def set_waker(self, waker: Callable[[], None] | None) -> None:
        """``waker()`` is called (from any thread) when :meth:`take_work` may have something new."""
        self._waker = waker

    def _notify(self, event: str, job_id: str) -> None:
        for fn in list(self._listeners):
            try:
                fn(event, job_id)
            except Exception:
                log.exception("transfer listener failed")

    def _wake(self) -> None:
        if self._waker is not None:
            try:
                self._waker()
            except Exception:
                log.exception("transfer waker failed")

    # -- reading -----------------------------------------------------------------------------------
    def get(self, job_id: str) -> TransferJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.snapshot() if job is not None else None

    def jobs(self) -> list[TransferJob]:
        with self._lock:
            return [j.snapshot() for j in self._jobs.values()]

    def snapshots(self, job_ids: Iterable[str]) -> list[TransferJob]:
        """Copies of the jobs with these ids that still exist, in that order, taken under one lock."""
        with self._lock:
            return [job.snapshot() for jid in job_ids if (job := self._jobs.get(jid)) is not None]

    def job_ids(self) -> list[str]:
        with self._lock:
            return list(self._jobs)

    def idle(self) -> bool:
        """Nothing queued or running and no clean-up pending (paused jobs wait for the user)."""
        with self._lock:
            return (not self._to_abort and not self._cleanup_running
                    and not any(j.state in (JobState.QUEUED, JobState.RUNNING) for j in self._jobs.values()))

    def pending_uploads(self) -> dict[str, dict[str, str]]:
        """Multipart upload ids this app created and has not completed or aborted yet."""
        with self._lock:
            return {k: dict(v) for k, v in self._uploads.items()}

    # -- adding ------------------------------------------------------------------------------------
    def _new_batch(self) -> int:
        active = (JobState.QUEUED, JobState.RUNNING, JobState.PAUSED)
        if not any(j.state in active for j in self._jobs.values()):
            self._batch_policy = None  # "apply to all" lasts while a batch of work lasts
        return next(self._batches)

    def _insert(self, jobs: Iterable[TransferJob]) -> list[str]:
        ids: list[str] = []
        with self._lock:
            for job in jobs:
                job.endpoint = self.endpoint
                self._jobs[job.id] = job
                self._join_batch(job)
                if job.state is JobState.QUEUED:
                    self._queue.append(job.id)
                ids.append(job.id)
        self._save_journal()
        for job_id in ids:
            self._notify("added", job_id)
        self._wake()
        return ids

    def add_plan(self, plan: DropPlan) -> list[str]:
        """Queue the uploads of a drop plan; returns the new job ids."""
        with self._lock:
            batch = self._new_batch()
        jobs = [
            TransferJob(
                id=new_job_id(), direction=Direction.UPLOAD, bucket=u.bucket, key=u.key,
                local_path=str(u.source), size=u.size, content_type=u.content_type,
                metadata=dict(u.metadata), thumbnail_key=u.thumbnail_key, check_conflict=u.check_conflict,
                display_name=u.display_name, batch=batch, part_size=self.part_size,
            )
            for u in plan.uploads
        ]
        self._plan_listings(batch, jobs)
        return self._insert(jobs)

    def _plan_listings(self, batch: int, jobs: Sequence[TransferJob]) -> None:
        """A batch with many conflict-checked uploads into a bucket gets one listing of their prefix."""
        keys: dict[str, list[str]] = {}
        for job in jobs:
            if job.check_conflict:
                keys.setdefault(job.bucket, []).append(job.key)
        with self._lock:
            for bucket, bucket_keys in keys.items():
                if len(bucket_keys) >= BATCH_LISTING_MIN:
                    self._listings[(batch, bucket)] = _PrefixListing(
                        _common_folder(bucket_keys), max(1000, LISTING_BUDGET_PER_FILE * len(bucket_keys)))

    def add_upload(self, source: Path, bucket: str, key: str, *, content_type: str | None = None,
                   metadata: Mapping[str, str] | None = None, check_conflict: bool = True) -> str:
        """Queue one upload to an explicit key (the CLI's path)."""
        try:
            size = Path(source).stat().st_size
        except OSError as exc:
            raise LocalFileError(f"Cannot read {source}: {exc.strerror}.", str(exc)) from exc
        with self._lock:
            batch = self._new_batch()
        job = TransferJob(
            id=new_job_id(), direction=Direction.UPLOAD, bucket=bucket, key=key, local_path=str(source),
            size=size, content_type=content_type or upload_content_type(bucket, key, self.names),
            metadata=dict(metadata or {}), check_conflict=check_conflict, batch=batch,
            part_size=self.part_size,
        )
        return self._insert([job])[0]

    def plan_downloads(
        self, items: Sequence[tuple[str, str]], dest_dir: Path, cancel: CancelToken = NEVER,
    ) -> tuple[list[TransferJob], list[str]]:
        """Expand objects and prefixes (keys ending in ``/``, or ``""`` for a bucket) into download jobs.

        Network (listing, stat): call from a worker. Returns (jobs, refusal messages); the jobs are not
        queued yet (see :meth:`add_downloads`).
        """
        dest_dir = Path(dest_dir)
        jobs: list[TransferJob] = []
        refusals: list[str] = []
        seen: set[str] = set()

        def make(bucket: str, key: str, size: int, parts: list[str]) -> None:
            try:
                path = local_path_for(dest_dir, parts)
            except LocalFileError as err:
                refusals.append(err.message)
                return
            if str(path) in seen:
                refusals.append(f"s3://{bucket}/{key} maps to the same local name as another object "
                                f"({path.name}); it was not downloaded.")
                return
            seen.add(str(path))
            jobs.append(TransferJob(id=new_job_id(), direction=Direction.DOWNLOAD, bucket=bucket, key=key,
                                    local_path=str(path), size=size, display_name=key.rsplit("/", 1)[-1]))

        for bucket, key in items:
            cancel.raise_if_cancelled()
            if key == "" or key.endswith("/"):
                base_name = key.rstrip("/").rsplit("/", 1)[-1] if key else bucket
                for info in self.storage.list_recursive(bucket, key, cancel=cancel):
                    if info.is_prefix or info.key.endswith("/"):
                        continue  # folder markers
                    make(bucket, info.key, info.size, [base_name, *key_parts_below(info.key, key)])
            else:
                st = self.storage.stat(bucket, key)
                make(bucket, key, st.size, [key.rsplit("/", 1)[-1]])
        return jobs, refusals

    def add_downloads(self, jobs: Sequence[TransferJob]) -> list[str]:
        with self._lock:
            batch = self._new_batch()
        for job in jobs:
            job.batch = batch
        return self._insert(jobs)

    # -- user actions ------------------------------------------------------------------------------
    def pause(self, job_id: str) -> bool:
        """Pause a queued or running job (a multipart upload keeps its id and parts)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return False
            if job.state is JobState.QUEUED:
                job.state = JobState.PAUSED
            elif job.state is JobState.RUNNING:
                self._requested[job_id] = "pause"
                self._tokens[job_id].cancel("Paused.")
                return True
            else:
                return False
        self._save_journal()
        self._notify("changed", job_id)
        return True

    def resume(self, job_id: str) -> bool:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.state is not JobState.PAUSED:
                return False
            job.state = JobState.QUEUED
            job.interrupted = False
            job.error = ""
            self._queue.append(job_id)
            self._join_batch(job)
        self._save_journal()
        self._notify("changed", job_id)
        self._wake()
        return True

    def cancel(self, job_id: str) -> bool:
        """Cancel a job: a running one stops and its multipart upload is aborted; a paused one's
        upload is aborted by the next clean-up work item."""
        abort = False
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.state.finished:
                return False
            if job.state is JobState.RUNNING:
                self._requested[job_id] = "cancel"
                self._tokens[job_id].cancel("Cancelled.")
                return True
            if job.upload_id:
                self._to_abort.append((job.bucket, job.key, job.upload_id))
                job.upload_id = None
                job.done_parts.clear()
                abort = True
            self._finish(job, JobState.CANCELLED)
        self._save_journal(force=True)
        self._notify("changed", job_id)
        self._after_finish(job)
        if abort:
            self._wake()
        return True

    def retry(self, job_id: str) -> bool:
        """A failed (or cancelled or skipped) job goes back to the queue, in a new batch."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.state not in (JobState.FAILED, JobState.CANCELLED, JobState.SKIPPED):
                return False
            job.batch = self._new_batch()
            job.state = JobState.QUEUED
            self._join_batch(job)
            job.error = ""
            job.retryable = False
            job.interrupted = False
            job.bytes_done = 0
            job.finished_at = None
            self._queue.append(job_id)
        self._save_journal()
        self._notify("changed", job_id)
        self._wake()
        return True

    def pause_all(self) -> None:
        for job_id in self.job_ids():
            self.pause(job_id)

    def clear_finished(self) -> list[str]:
        """Forget done, failed, cancelled and skipped jobs; returns their ids."""
        with self._lock:
            gone = [jid for jid, j in self._jobs.items() if j.state.finished]
            for jid in gone:
                del self._jobs[jid]
                self._speeds.pop(jid, None)
        if gone:
            self._save_journal()
        for jid in gone:
            self._notify("removed", jid)
        return gone

    def set_policy(self, policy: ConflictPolicy) -> None:
        with self._lock:
            self.default_policy = policy
            self._batch_policy = None

    # -- scheduling --------------------------------------------------------------------------------
    def _claim_key(self, job: TransferJob) -> tuple[str, str, str]:
        if job.direction is Direction.DOWNLOAD:
            return ("local", "", os.path.normcase(job.local_path))
        return ("s3", job.bucket, job.key)

    def take_work(self) -> list[Work]:
        """Work to start now: jobs up to the concurrency limit (marked running) and clean-ups."""
        work: list[Work] = []
        started: list[str] = []
        with self._lock:
            if self._closing:
                return []
            if self._to_abort and not self._cleanup_running:
                self._cleanup_running = True
                work.append(Work("abort uploads", CancelToken(), None, self._run_cleanup))
            running = sum(1 for t in self._tokens if self._jobs.get(t) is not None)
            skipped: list[str] = []
            while self._queue and running < self.concurrency:
                job_id = self._queue.popleft()
                job = self._jobs.get(job_id)
                if job is None or job.state is not JobState.QUEUED or job_id in self._tokens:
                    continue
                claim = self._claim_key(job)
                if claim in self._claims:
                    skipped.append(job_id)
                    continue
                self._claims[claim] = job_id
                token = CancelToken()
                self._tokens[job_id] = token
                job.state = JobState.RUNNING
                job.error = ""
                running += 1
                started.append(job_id)
                work.append(Work(f"{job.direction.value} {job.name}", token, job_id,
                                 functools.partial(self.run_job, job_id)))
            self._queue.extendleft(reversed(skipped))
        for jid in started:
            self._notify("changed", jid)
        return work

    # -- running -----------------------------------------------------------------------------------
    def run_job(self, job_id: str, token: CancelToken) -> JobState:
        """Run one job to its end in the calling thread. Never raises for the job's own failures."""
        with self._lock:
            job = self._jobs[job_id]
            direct = job.state is not JobState.RUNNING  # run directly, not through take_work
            if direct:
                job.state = JobState.RUNNING
                self._tokens.setdefault(job_id, token)
                self._claims.setdefault(self._claim_key(job), job_id)
            self._speeds[job_id] = _Speed()
        if direct:  # take_work has announced the others
            self._notify("changed", job_id)
        final = JobState.FAILED
        try:
            attempt = 0
            while True:
                try:
                    final = self._run_once(job, token)
                    break
                except StorageError as err:
                    if (isinstance(err, Cancelled) or token.cancelled or not err.retryable
                            or attempt >= self.retries):
                        raise
                    attempt += 1
                    log.info("transfer %s failed (%s); retry %d of %d", job.name, err.message, attempt,
                             self.retries)
                    with self._lock:
                        job.error = f"{err.message} Retrying ({attempt}/{self.retries})…"
                    self._notify("changed", job_id)
                    if token.wait(self.retry_backoff * attempt):
                        token.raise_if_cancelled()
        except Cancelled:
            final = self._stopped(job)
        except StorageError as err:
            final = JobState.FAILED
            with self._lock:
                job.error = self._explain_failure(job, err)
                job.retryable = err.retryable
                job.interrupted = err.retryable
            log.info("transfer %s failed: %s | %s", job.name, job.error, err.detail)
        except Exception as exc:
            final = JobState.FAILED
            with self._lock:
                job.error = f"Unexpected error: {exc}"
            log.exception("transfer %s crashed", job.name)
        with self._lock:
            if token.cancelled and final is JobState.DONE:
                self._requested.pop(job_id, None)  # finished before the request took effect
            self._finish(job, final)
            keeps_upload = job.upload_id is not None
        # Finished jobs are written within a journal interval (a burst of 10,000 small files must not
        # rewrite the journal 10,000 times); a kept multipart upload id is written at once.
        self._save_journal(force=keeps_upload)
        self._notify("changed", job_id)
        self._after_finish(job)
        self._wake()
        return final

    def _explain_failure(self, job: TransferJob, err: StorageError) -> str:
        if (job.direction is not Direction.DOWNLOAD and isinstance(err, LocalFileError)
                and job.source_size is not None and not Path(job.local_path).exists()):
            return f"{Path(job.local_path).name} disappeared during the upload; it was not uploaded."
        return err.message

    def _stopped(self, job: TransferJob) -> JobState:
        """A job stopped by its cancel token: paused, cancelled or interrupted (app closing)."""
        with self._lock:
            request = self._requested.pop(job.id, None)
        if request == "cancel":
            if job.upload_id:
                self._abort(job.bucket, job.key, job.upload_id)
                with self._lock:
                    job.upload_id = None
                    job.done_parts.clear()
            if job.direction is Direction.DOWNLOAD:
                self._remove_partial(Path(job.local_path))
            return JobState.CANCELLED
        if job.upload_id:
            try:
                parts = self.storage.list_parts(job.bucket, job.key, job.upload_id)
                with self._lock:
                    job.done_parts = {n: etag for n, (etag, _size) in parts.items()}
            except StorageError as err:
                log.info("cannot list the parts of paused upload %s: %s", job.name, err.message)
        with self._lock:
            job.interrupted = request is None
            job.error = "" if request == "pause" else "Interrupted; it resumes on the next start."
        return JobState.PAUSED

    def _finish(self, job: TransferJob, state: JobState) -> None:
        job.state = state
        job.speed = 0.0
        job.eta = None
        if state.finished:
            job.finished_at = time.time()
        if state is JobState.DONE:
            job.bytes_done = job.size
        self._tokens.pop(job.id, None)
        self._requested.pop(job.id, None)
        claim = self._claim_key(job)
        if self._claims.get(claim) == job.id:
            del self._claims[claim]

    def _after_finish(self, job: TransferJob) -> None:
        summary: BatchSummary | None = None
        added: str | None = None
        with self._lock:
            if job.state is JobState.DONE and job.direction is Direction.UPLOAD and job.thumbnail_key:
                if self.render_thumbnail is not None:
                    added = self._queue_thumbnail(job)
                else:
                    log.info("no thumbnail renderer: %s gets no thumbnail", job.key)
            unfinished = self._unfinished.get(job.batch)
            if unfinished is not None:
                if job.state.finished:
                    unfinished.discard(job.id)
                if not unfinished:  # the batch is over: count once, not a pass over it per job
                    del self._unfinished[job.batch]
                    summary = self._summarise(job.batch, self._open_batches.pop(job.batch, set()))
                    for scope in [s for s in self._listings if s[0] == job.batch]:
                        del self._listings[scope]
        if added is not None:
            self._notify("added", added)
        if summary is not None:
            for fn in list(self._batch_listeners):
                try:
                    fn(summary)
                except Exception:
                    log.exception("batch listener failed")

    def _join_batch(self, job: TransferJob) -> None:
        """Count ``job`` in its batch (lock held); the batch is summarised when none is unfinished."""
        self._open_batches.setdefault(job.batch, set()).add(job.id)
        if not job.state.finished:
            self._unfinished.setdefault(job.batch, set()).add(job.id)

    def _summarise(self, batch: int, members: set[str]) -> BatchSummary:
        counts = dict.fromkeys(("uploaded", "downloaded", "failed", "cancelled", "skipped",
                                "thumbnails_failed"), 0)
        for jid in members:
            m = self._jobs.get(jid)
            if m is None or m.batch != batch:
                continue
            if m.direction is Direction.THUMBNAIL:
                if m.state is JobState.FAILED:
                    counts["thumbnails_failed"] += 1
                continue
            if m.state is JobState.DONE:
                counts["uploaded" if m.direction is Direction.UPLOAD else "downloaded"] += 1
            else:
                counts[m.state.value] = counts.get(m.state.value, 0) + 1
        return BatchSummary(batch, **counts)

    def _queue_thumbnail(self, job: TransferJob) -> str:
        """Queue the thumbnail follow-up of an uploaded material (lock held); returns its id."""
        assert job.thumbnail_key is not None
        child = TransferJob(
            id=new_job_id(), direction=Direction.THUMBNAIL, bucket=job.bucket, key=job.thumbnail_key,
            local_path=job.local_path, size=0,
            content_type=upload_content_type(job.bucket, job.thumbnail_key, self.names),
            check_conflict=False, display_name=f"{job.name} (thumbnail)", parent_id=job.id,
            batch=job.batch, endpoint=self.endpoint,
        )
        self._jobs[child.id] = child
        self._join_batch(child)
        self._queue.append(child.id)
        return child.id

    def _run_once(self, job: TransferJob, token: CancelToken) -> JobState:
        if job.direction is Direction.UPLOAD:
            return self._upload(job, token)
        if job.direction is Direction.DOWNLOAD:
            return self._download(job, token)
        return self._thumbnail(job, token)

    def _on_progress(self, job: TransferJob, done: int, total: int, baseline: list[int]) -> None:
        now = time.monotonic()
        with self._lock:
            if baseline[0] < 0:
                baseline[0] = done
            else:
                job.sent_bytes += max(0, done - baseline[0])
                baseline[0] = done
            job.bytes_done = done
            if total > 0:
                job.size = total
            meter = self._speeds.get(job.id)
            if meter is None:
                meter = self._speeds[job.id] = _Speed()
            speed = meter.add(now, done)
            job.speed = speed
            job.eta = (job.size - done) / speed if speed > 0 else None
        self._notify("changed", job.id)

    # -- conflicts ---------------------------------------------------------------------------------
    def _resolve_conflict(self, question: ConflictQuestion, token: CancelToken) -> ConflictAnswer:
        with self._lock:
            policy = self._batch_policy or self.default_policy
        if policy is not ConflictPolicy.ASK:
            return ConflictAnswer(policy)
        while not self._ask_lock.acquire(timeout=0.1):  # one question at a time
            token.raise_if_cancelled()
        try:
            with self._lock:
                policy = self._batch_policy or self.default_policy
            if policy is not ConflictPolicy.ASK:
                return ConflictAnswer(policy)
            if self.ask_conflict is None:
                raise Conflict(f"{question.target} exists already; choose replace, keep both or skip.")
            answer = self.ask_conflict(question, token)
            token.raise_if_cancelled()
            if answer.apply_to_all:  # an "apply to all" answer ends the asking for this batch
                with self._lock:
                    self._batch_policy = answer.choice
            return answer
        finally:
            self._ask_lock.release()

    def _free_key(self, bucket: str, key: str) -> str:
        folder, _, name = key.rpartition("/")
        for n in range(1, 10_000):
            cand = (folder + "/" if folder else "") + numbered_name(name, n)
            with self._lock:
                if ("s3", bucket, cand) in self._claims:
                    continue
            if not self.storage.exists(bucket, cand):
                return cand
        raise Conflict(f"No free name was found next to s3://{bucket}/{key}.")

    @staticmethod
    def _free_path(path: Path) -> Path:
        for n in range(1, 10_000):
            cand = path.with_name(numbered_name(path.name, n))
            if not cand.exists() and not cand.with_name(cand.name + ".part").exists():
                return cand
        raise Conflict(f"No free name was found next to {path}.")

    # -- uploads -----------------------------------------------------------------------------------
    def _upload(self, job: TransferJob, token: CancelToken) -> JobState:
        path = Path(job.local_path)
        st = stat_local(path, f"{path.name} no longer exists; it was not uploaded.")
        if job.upload_id and (st.st_size != job.source_size or st.st_mtime_ns != job.source_mtime_ns):
            log.info("%s changed since its upload was interrupted; starting over", path.name)
            self._abort(job.bucket, job.key, job.upload_id)
            with self._lock:
                job.upload_id = None
                job.done_parts.clear()
        with self._lock:
            job.source_size, job.source_mtime_ns, job.size = st.st_size, st.st_mtime_ns, st.st_size

        if job.check_conflict and not job.upload_id:
            state = self._check_upload_conflict(job, token)
            if state is not None:
                return state
        baseline = [-1]

        def on_progress(done: int, total: int) -> None:
            self._on_progress(job, done, total, baseline)

        # The write itself is conditional (If-None-Match: *) while the job must not replace: an
        # object that appears after the check above is refused by the server and asked about here.
        for _round in range(LATE_CONFLICT_ROUNDS):
            token.raise_if_cancelled()
            guard = job.check_conflict and self._policy() is not ConflictPolicy.REPLACE
            try:
                result = self._send(job, path, st, token, on_progress, guard)
            except Conflict as err:
                if err.code != "PreconditionFailed" or not guard:
                    raise
                log.info("s3://%s/%s appeared after the conflict check", job.bucket, job.key)
                state = self._late_conflict(job, token)
                if state is not None:
                    return state
                continue
            self._verify(job, result)
            return JobState.DONE
        raise Conflict(f"s3://{job.bucket}/{job.key} keeps appearing while it is uploaded; it was not uploaded.")

    def _send(self, job: TransferJob, path: Path, st: os.stat_result, token: CancelToken,
              on_progress: Callable[[int, int], None], if_absent: bool) -> UploadResult:
        """One upload of the file: a single PUT, or a (resumable, journaled) multipart upload."""
        if st.st_size < self.multipart_threshold:
            # One PUT reports its progress once, when it is over: the job's end says as much.
            return self.storage.upload_file(
                job.bucket, job.key, path, content_type=job.content_type, metadata=job.metadata,
                cancel=token, multipart_threshold=self.multipart_threshold, if_absent=if_absent, source=st,
            )
        self._validate_parts(job, path, token)
        checksum = job.checksum if job.upload_id else CHECKSUM_CRC32  # a resumed upload keeps its own

        def on_upload_id(upload_id: str) -> None:
            with self._lock:
                fresh = job.upload_id != upload_id
                job.upload_id = upload_id
                job.checksum = checksum
                self._uploads[upload_id] = {"bucket": job.bucket, "key": job.key, "job": job.id,
                                            "endpoint": self.endpoint}
            if fresh:
                self._save_journal(force=True)

        try:
            result = self.storage.upload_multipart(
                job.bucket, job.key, path, content_type=job.content_type, metadata=job.metadata,
                progress=on_progress, cancel=token, part_size=job.part_size,
                parallel=self.part_parallel, upload_id=job.upload_id, on_upload_id=on_upload_id,
                done_parts=dict(job.done_parts), keep_on_cancel=True, if_absent=if_absent, source=st,
                checksum=checksum,
            )
        except Cancelled:
            raise
        except StorageError as err:
            # upload_multipart has tried to abort it. A server that cannot be reached keeps it:
            # the journal keeps the id, and a retry or the next start resumes from its parts.
            if job.upload_id and not err.retryable:
                self._abort(job.bucket, job.key, job.upload_id)  # idempotent; makes sure
                with self._lock:
                    job.upload_id = None
                    job.done_parts.clear()
            raise
        with self._lock:
            if job.upload_id:
                self._uploads.pop(job.upload_id, None)
            job.upload_id = None
            job.done_parts.clear()
        return result

    def _policy(self) -> ConflictPolicy:
        with self._lock:
            return self._batch_policy or self.default_policy

    def _check_upload_conflict(self, job: TransferJob, token: CancelToken) -> JobState | None:
        """Before the upload: is there an object at the key (and what does the user want then)?

        A batch of many files into one prefix looks the keys up in one listing of that prefix
        (:meth:`_batch_listing`); otherwise, or when listing is not allowed, one HEAD per file.
        The REPLACE policy needs no look at all.
        """
        if self._policy() is ConflictPolicy.REPLACE:
            return None
        listing = self._batch_listing(job, token)
        if listing is not None:
            found = listing.get(job.key)
            if found is None:
                return None
            size, modified = found
        else:
            try:
                existing = self.storage.stat(job.bucket, job.key)
            except NoSuchKey:
                return None
            size, modified = existing.size, existing.last_modified
        return self._answer_upload_conflict(job, token, size, modified)

    def _late_conflict(self, job: TransferJob, token: CancelToken) -> JobState | None:
        """The server refused a conditional write: an object appeared at the key after the check."""
        try:
            existing = self.storage.stat(job.bucket, job.key)
            size, modified = existing.size, existing.last_modified
        except NoSuchKey:
            return None  # gone again: try once more
        except AccessDenied:
            size, modified = None, None  # the key may write, not read: the question has no details
        return self._answer_upload_conflict(job, token, size, modified)

    def _answer_upload_conflict(self, job: TransferJob, token: CancelToken, size: int | None,
                                modified: datetime | None) -> JobState | None:
        answer = self._resolve_conflict(ConflictQuestion(
            job.id, job.direction, job.name, f"s3://{job.bucket}/{job.key}", size, modified, job.size), token)
        if answer.choice is ConflictPolicy.SKIP:
            with self._lock:
                job.error = "Skipped: the object exists already."
            return JobState.SKIPPED
        if answer.choice is ConflictPolicy.REPLACE:
            with self._lock:
                job.check_conflict = False  # decided: a resumed or retried run does not ask again
        if answer.choice is ConflictPolicy.KEEP_BOTH:
            new_key = self._free_key(job.bucket, job.key)
            with self._lock:
                old = self._claim_key(job)
                if self._claims.get(old) == job.id:
                    del self._claims[old]
                job.key = new_key
                self._claims[self._claim_key(job)] = job.id
                job.content_type = job.content_type or upload_content_type(job.bucket, new_key, self.names)
        return None

    def _batch_listing(self, job: TransferJob, token: CancelToken) -> Mapping[str, tuple[int, datetime | None]] | None:
        """The objects below the batch's target prefix (key -> size, modified), or None: look per file.

        One recursive LIST serves every job of the batch that goes to that prefix; it is taken by
        the first job that needs it (the others wait) and again when it is older than
        :data:`LISTING_MAX_AGE`. None when the batch is small, the prefix holds too many objects
        to be worth listing, or the access key may not list (write-only keys get AccessDenied).
        """
        with self._lock:
            scope = self._listings.get((job.batch, job.bucket))
        if scope is None or scope.unusable:
            return None
        while not scope.lock.acquire(timeout=0.1):
            token.raise_if_cancelled()
        try:
            if scope.unusable:
                return None
            now = time.monotonic()
            if scope.keys is None or now - scope.taken > LISTING_MAX_AGE:
                scope.keys = self._list_scope(job.bucket, scope, token)
                scope.taken = now
            return scope.keys
        finally:
            scope.lock.release()

    def _list_scope(self, bucket: str, scope: _PrefixListing,
                    token: CancelToken) -> dict[str, tuple[int, datetime | None]] | None:
        keys: dict[str, tuple[int, datetime | None]] = {}
        try:
            for info in self.storage.list_recursive(bucket, scope.prefix, cancel=token):
                if len(keys) >= scope.budget:
                    log.info("s3://%s/%s holds more than %d objects; checking each file instead",
                             bucket, scope.prefix, scope.budget)
                    scope.unusable = True
                    return None
                keys[info.key] = (info.size, info.last_modified)
        except AccessDenied as err:
            log.info("cannot list s3://%s/%s (%s); checking each file instead", bucket, scope.prefix,
                     err.message)
            scope.unusable = True
            return None
        return keys

    def _validate_parts(self, job: TransferJob, path: Path, token: CancelToken) -> None:
        """Resume: keep only the server's parts that match the local file (size and MD5)."""
        if not job.upload_id:
            return
        try:
            listed = self.storage.list_parts(job.bucket, job.key, job.upload_id)
        except StorageError as err:
            if err.code in ("NoSuchUpload", "NoSuchKey") or isinstance(err, NoSuchKey):
                log.info("upload %s of %s is gone on the server; starting over", job.upload_id, job.name)
                with self._lock:
                    self._uploads.pop(job.upload_id, None)
                    job.upload_id = None
                    job.done_parts.clear()
                return
            raise
        good: dict[int, str] = {}
        with open(path, "rb") as fh:
            for number, offset, length in plan_parts(job.source_size or 0, job.part_size):
                token.raise_if_cancelled()
                if number not in listed or listed[number][1] != length:
                    continue
                fh.seek(offset)
                if _md5_of(fh, length) == listed[number][0]:
                    good[number] = listed[number][0]
        with self._lock:
            job.done_parts = good
        log.info("resuming %s: %d of %d parts are on the server", job.name, len(good),
                 len(plan_parts(job.source_size or 0, job.part_size)))

    def _verify(self, job: TransferJob, result: UploadResult) -> None:
        """The ETag the server answered must be the one of the bytes sent (their MD5, or the multipart
        form), and a multipart upload's composite CRC32 the one of the bytes sent where the server
        answered one: no second read of the file, no HEAD. On a mismatch, look and remove only our
        object."""
        if result.verified:
            return
        try:
            st: ObjectStat | None = self.storage.stat(job.bucket, job.key)
        except NoSuchKey:
            st = None
        ours = st is not None and st.etag == result.etag
        if ours:
            with contextlib.suppress(StorageError):
                self.storage.delete(job.bucket, job.key)
        detail = (f"ETag {result.etag} answered, {result.local_etag} expected for {result.size} bytes; "
                  f"checksum {result.checksum or '-'} answered, {result.local_checksum or '-'} expected; "
                  f"stored: {st.etag if st else 'nothing'}")
        log.warning("verification of s3://%s/%s failed: %s", job.bucket, job.key, detail)
        raise StorageError(
            f"Verification failed for s3://{job.bucket}/{job.key}: the stored object differs from "
            f"{job.name}" + (" and was removed." if ours else "; another client wrote it meanwhile."),
            detail,
        )

    # -- downloads ---------------------------------------------------------------------------------
    def _download(self, job: TransferJob, token: CancelToken) -> JobState:
        """Download verified by ``Storage.download_file`` (size, and the MD5 while streaming where the
        ETag is one; big multipart objects in ``download_ranges`` ranges of ``part_size``). It refuses an
        existing target before any request; only then is the target looked at and asked about."""
        path = Path(job.local_path)
        overwrite = False
        if not job.check_conflict:  # replacing was decided before: a regular file only
            existing = lstat_or_none(path)
            overwrite = existing is not None and stat_mod.S_ISREG(existing.st_mode)
        baseline = [-1]
        for _round in range(LATE_CONFLICT_ROUNDS):
            try:
                self.storage.download_file(
                    job.bucket, job.key, path, overwrite=overwrite, cancel=token,
                    parallel=self.download_ranges, part_size=self.part_size,
                    progress=lambda done, total: self._on_progress(job, done, total, baseline),
                )
                return JobState.DONE
            except Conflict as err:
                if err.code != DESTINATION_EXISTS:
                    raise
            existing = lstat_or_none(path)
            if existing is None:
                continue  # gone again: try once more
            modified = datetime.fromtimestamp(existing.st_mtime).astimezone()
            answer = self._resolve_conflict(ConflictQuestion(
                job.id, job.direction, job.name, str(path), existing.st_size, modified, job.size), token)
            if answer.choice is ConflictPolicy.SKIP:
                with self._lock:
                    job.error = "Skipped: the file exists already."
                return JobState.SKIPPED
            if answer.choice is ConflictPolicy.KEEP_BOTH:
                new_path = self._free_path(path)
                with self._lock:
                    old = self._claim_key(job)
                    if self._claims.get(old) == job.id:
                        del self._claims[old]
                    job.local_path = str(new_path)
                    self._claims[self._claim_key(job)] = job.id
                path = new_path
            else:
                if not stat_mod.S_ISREG(existing.st_mode):
                    raise LocalFileError(f"{path} is not a regular file; it was not replaced.")
                overwrite = True
                with self._lock:
                    job.check_conflict = False
        raise Conflict(f"{path} keeps appearing while it is downloaded; it was not downloaded.")

    @staticmethod
    def _remove_partial(path: Path) -> None:
        for extra in partial_files(path):
            with contextlib.suppress(OSError):
                extra.unlink()

    # -- thumbnails --------------------------------------------------------------------------------
    def _thumbnail(self, job: TransferJob, token: CancelToken) -> JobState:
        render = self.render_thumbnail
        if render is None:
            raise StorageError("No thumbnail renderer is available.")
        try:
            pdf = Path(job.local_path).read_bytes()
        except OSError as exc:
            raise LocalFileError(f"Cannot read {Path(job.local_path).name} for its thumbnail: "
                                 f"{exc.strerror}.", str(exc)) from exc
        token.raise_if_cancelled()
        try:
            png = render(pdf)
        except (ValueError, RuntimeError) as exc:
            raise StorageError(f"The thumbnail could not be rendered: {exc}", repr(exc)) from exc
        token.raise_if_cancelled()
        with self._lock:
            job.size = len(png)
        res = self.storage.upload_bytes(job.bucket, job.key, png,
                                        content_type=job.content_type or "image/png")
        self._verify(job, res)
        return JobState.DONE

    # -- multipart clean-up ------------------------------------------------------------------------
    def _abort(self, bucket: str, key: str, upload_id: str) -> bool:
        try:
            self.storage.abort_multipart(bucket, key, upload_id)
        except StorageError as err:
            if err.code != "NoSuchUpload":
                log.warning("could not abort upload %s of s3://%s/%s: %s", upload_id, bucket, key,
                            err.message)
                return False
        with self._lock:
            self._uploads.pop(upload_id, None)
        log.info("aborted multipart upload %s of s3://%s/%s", upload_id, bucket, key)
        return True

    def _run_cleanup(self, token: CancelToken) -> None:
        try:
            while True:
                with self._lock:
                    if not self._to_abort:
                        return
                    bucket, key, upload_id = self._to_abort.pop(0)
                self._abort(bucket, key, upload_id)
                token.raise_if_cancelled()
        finally:
            with self._lock:
                self._cleanup_running = False
            self._save_journal(force=True)

    # -- journal -----------------------------------------------------------------------------------
    def _journal_data(self) -> JournalData:
        """What the journal keeps. A job's JSON record is reused while the job is unchanged (compared
        by a tuple of its fields): in a batch of thousands most jobs wait unchanged between writes."""
        kept: list[tuple[str, tuple[Any, ...], str | None]] = []  # (id, fingerprint, cached JSON)
        with self._lock:  # only the fingerprints are taken under the lock: workers and the GUI wait
            cache = self._journal_cache
            for job in self._jobs.values():
                keep = job.state in (JobState.QUEUED, JobState.RUNNING, JobState.PAUSED) or (
                    job.state is JobState.FAILED and job.interrupted)
                if keep:
                    fingerprint = job.fingerprint()
                    hit = cache.get(job.id)
                    kept.append((job.id, fingerprint, hit[1] if hit is not None and hit[0] == fingerprint else None))
            foreign = list(self._foreign.jobs)
            uploads = dict(self._foreign.uploads)
            uploads.update({k: dict(v) for k, v in self._uploads.items()})
        fresh: dict[str, tuple[tuple[Any, ...], str]] = {}
        for job_id, fingerprint, cached in kept:
            fresh[job_id] = (fingerprint, cached if cached is not None else self._journal_text(fingerprint))
        with self._lock:
            self._journal_cache = fresh
        return JournalData(foreign, uploads, [text for _fp, text in fresh.values()])

    @staticmethod
    def _journal_text(fingerprint: tuple[Any, ...]) -> str:
        rec = TransferJob.record_of(fingerprint)
        if rec["interrupted"] or rec["state"] == JobState.RUNNING.value:
            rec["state"] = JobState.QUEUED.value  # it resumes after a restart
        return encode_record(rec)

    def _save_journal(self, force: bool = False) -> None:
        """Write now when ``force`` or the last write is old enough; otherwise soon (timer)."""
        if self.journal.path is None:
            return
        with self._lock:
            now = time.monotonic()
            if not force and now - self._journal_last < self._journal_interval:
                if self._journal_timer is None:
                    self._journal_timer = threading.Timer(self._journal_interval, self._timer_save)
                    self._journal_timer.daemon = True
                    self._journal_timer.start()
                return
            self._journal_last = now
        self.journal.save(self._journal_data())

    def _timer_save(self) -> None:
        with self._lock:
            self._journal_timer = None
            self._journal_last = time.monotonic()
        self.journal.save(self._journal_data())

    def flush(self) -> None:
        """Write the journal now and stop the deferred writer."""
        with self._lock:
            timer, self._journal_timer = self._journal_timer, None
        if timer is not None:
            timer.cancel()
        if self.journal.path is not None:
            self.journal.save(self._journal_data())

    def close(self) -> None:
        """Stop handing out work; running jobs are interrupted (kept for the next start)."""
        with self._lock:
            self._closing = True
            tokens = list(self._tokens.values())
        for token in tokens:
            token.cancel("The application is closing.")

    # -- recovery ----------------------------------------------------------------------------------
    def recover(self, cancel: CancelToken = NEVER) -> RecoveryReport:
        """Read the journal after a start: re-queue unfinished jobs, abort orphaned uploads.

        Network (aborts): call from a worker. Jobs of other endpoints are kept in the journal as
        they were. Multipart uploads resume from the server's parts when they run (see
        :meth:`_validate_parts`); a source file that changed since makes its job fail.
        """
        report = RecoveryReport()
        data = self.journal.load()
        mine: list[TransferJob] = []
        foreign = JournalData()
        for rec in data.jobs:
            try:
                job = TransferJob.from_record(rec)
            except (KeyError, ValueError, TypeError) as exc:
                log.warning("skipping an unreadable journal entry: %s", exc)
                continue
            if job.endpoint and job.endpoint != self.endpoint:
                foreign.jobs.append(rec)
                continue
            if job.id in self._jobs:
                continue
            mine.append(job)
        job_ids = {j.id for j in mine}
        for upload_id, info in data.uploads.items():
            if info.get("endpoint", self.endpoint) != self.endpoint:
                foreign.uploads[upload_id] = info
                continue
            if info.get("job") in job_ids:
                with self._lock:
                    self._uploads[upload_id] = dict(info)
                continue
            cancel.raise_if_cancelled()
            if self._abort(info.get("bucket", ""), info.get("key", ""), upload_id):
                report.aborted_uploads.append(upload_id)
            else:
                with self._lock:
                    self._uploads[upload_id] = dict(info)
        with self._lock:
            self._foreign = foreign
            batch = self._new_batch()
        for job in mine:
            job.batch = batch
            parts = plan_parts(job.source_size or job.size, job.part_size) if job.upload_id else []
            job.bytes_done = sum(length for n, _o, length in parts if n in job.done_parts)
            path = Path(job.local_path)
            if job.direction is not Direction.DOWNLOAD and job.upload_id:
                try:
                    st = path.stat()
                    changed = st.st_size != job.source_size or st.st_mtime_ns != job.source_mtime_ns
                except OSError:
                    changed = True
                if changed:
                    self._abort(job.bucket, job.key, job.upload_id)
                    job.upload_id = None
                    job.done_parts.clear()
                    if not path.exists():
                        job.state = JobState.FAILED
                        job.finished_at = time.time()
                        job.error = f"{path.name} no longer exists; the interrupted upload was aborted."
                        report.failed.append(job.id)
                        report.messages.append(job.error)
                        continue
            if job.state is JobState.PAUSED and not job.interrupted:
                report.paused.append(job.id)
                continue
            job.state = JobState.QUEUED
            job.interrupted = False
            job.error = ""
            report.resumed.append(job.id)
        if report.resumed:
            report.messages.append(f"{len(report.resumed)} interrupted transfer(s) resumed.")
        if report.aborted_uploads:
            report.messages.append(f"{len(report.aborted_uploads)} abandoned upload(s) were cleaned up.")
        self._insert(mine)
        self._save_journal(force=True)
        return report


# -- checksums ---------------------------------------------------------------------------------

def _md5_of(fh: Any, length: int) -> str:
    md5 = hashlib.md5()
    hash_stream(fh, md5, length)
    return md5.hexdigest()


# -- a driver with its own threads -------------------------------------------------------------

class ThreadedDriver:
    """Runs a queue's work on a private thread pool (CLI and tests; the GUI uses its workers)."""

    def __init__(self, queue: TransferQueue, max_threads: int | None = None) -> None:
        self.queue = queue
        self._pool = ThreadPoolExecutor(max_workers=max_threads or queue.concurrency + 1,
                                        thread_name_prefix="transfer")
        self._lock = threading.Lock()
        self._active = 0
        self._idle = threading.Condition(self._lock)
        self._closed = False
        self._in_work = threading.local()  # set in a pool thread while it runs work items
        queue.set_waker(self.drive)

    def drive(self) -> None:
        if getattr(self._in_work, "active", False):
            return  # a pool thread asks for more when its item ends (see _run)
        self._submit(self._take())

    def _take(self) -> list[Work]:
        with self._lock:
            if self._closed:
                return []
        return self.queue.take_work()

    def _submit(self, items: Sequence[Work]) -> None:
        for work in items:
            with self._lock:
                self._active += 1
            self._pool.submit(self._run, work)

    def _run(self, work: Work) -> None:
        """Run ``work``, then the next item in this thread too (no hand-off to another thread per
        job: with many small files that costs a wake-up and a GIL switch each); the rest go to the pool."""
        self._in_work.active = True
        current: Work | None = work
        try:
            while current is not None:
                try:
                    current.run()
                except Exception:
                    log.exception("transfer work %s crashed", current.name)
                items = self._take()
                current = items[0] if items else None
                self._submit(items[1:])
        finally:
            self._in_work.active = False
            with self._lock:
                self._active -= 1
                self._idle.notify_all()

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until nothing is running and nothing startable is queued."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                if self._active == 0 and self.queue.idle():
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(min(left, 0.1))

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self.queue.close()
        self._pool.shutdown(wait=True)
        self.queue.flush()


def iter_states(jobs: Iterable[TransferJob], *states: JobState) -> Iterator[TransferJob]:
    return (j for j in jobs if j.state in states)
