"""The journal: unfinished jobs and multipart upload ids in ``transfers.json``, written atomically.

It never holds secrets: endpoints, bucket names, keys, local paths, sizes and upload ids only.
:class:`Journal` reads and writes the file; :class:`JournalWriter` decides what a queue keeps in it
and when it is written (at most once a journal interval, at once where an upload id must not be lost).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from ensure_browser.core.transfers.jobs import JobState, TransferJob
from ensure_browser.core.transfers.state import QueueState
from ensure_browser.core.transfers.unreadable_journal import JOURNAL_VERSION, JournalGuard

log = logging.getLogger(__name__)

APP_DIR_NAME = "ensure-browser"


def default_journal_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / "transfers.json"


@dataclass
class JournalData:
    jobs: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, dict[str, str]] = field(default_factory=dict)  # upload id -> bucket/key/job/endpoint
    encoded_jobs: list[str] = field(default_factory=list)  # more job records, already JSON (save only)


def write_private(path: Path, text: str) -> None:
    """Write ``path`` atomically (a temporary file synced, then renamed), readable by its owner only
    (local paths are private); raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def encode_record(record: Mapping[str, Any]) -> str:
    """One journal record as compact JSON (one line)."""
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


class Journal:
    """``transfers.json``: unfinished jobs and multipart upload ids, written atomically.

    ``path=None`` keeps nothing (a queue without persistence). A journal that cannot be read is
    never overwritten (see :mod:`~ensure_browser.core.transfers.unreadable_journal`): an unreadable
    one is kept aside as ``transfers.json.corrupt-<time>`` before the first write, one that cannot
    be read at all (or set aside) stops the writes; either way :meth:`take_notes` says so for the user.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.guard = JournalGuard(path)

    def take_notes(self) -> list[str]:
        """What went wrong with the journal, for the user, once (the recovery report carries them)."""
        with self._lock:
            notes, self.guard.notes = self.guard.notes, []
        return notes

    def load(self) -> JournalData:
        with self._lock:
            raw = self.guard.read()
        if raw is None:
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
            if not self.guard.writable():  # what is there was not read yet, or must not be replaced
                return
            try:
                write_private(self.path, text)
            except OSError as exc:
                log.error("cannot write the transfer journal %s: %s", self.path, exc)


class JournalWriter:
    """Writes a queue's unfinished jobs and upload ids to its :class:`Journal`, coalescing bursts.

    A job's JSON record is reused while the job is unchanged (compared by a tuple of its fields): in a
    batch of thousands most jobs wait unchanged between writes. Its fields are guarded by the queue's
    lock (``state.lock``).
    """

    def __init__(self, journal: Journal, state: QueueState, interval: float) -> None:
        self.journal = journal
        self.state = state
        self.foreign: JournalData = JournalData()  # other endpoints' entries, kept as they were
        self._interval = interval
        self._timer: threading.Timer | None = None
        self._last = 0.0
        self._cache: dict[str, tuple[tuple[Any, ...], str]] = {}  # job id -> (fingerprint, JSON)

    def data(self) -> JournalData:
        """What the journal keeps (the records of unchanged jobs reused)."""
        kept: list[tuple[str, tuple[Any, ...], str | None]] = []  # (id, fingerprint, cached JSON)
        with self.state.lock:  # only the fingerprints are taken under the lock: workers and the GUI wait
            cache = self._cache
            for job in self.state.jobs.values():
                keep = job.state in (JobState.QUEUED, JobState.RUNNING, JobState.PAUSED) or (
                    job.state is JobState.FAILED and job.interrupted)
                if keep:
                    fingerprint = job.fingerprint()
                    hit = cache.get(job.id)
                    kept.append((job.id, fingerprint, hit[1] if hit is not None and hit[0] == fingerprint else None))
            foreign = list(self.foreign.jobs)
            uploads = dict(self.foreign.uploads)
            uploads.update({k: dict(v) for k, v in self.state.uploads.items()})
        fresh: dict[str, tuple[tuple[Any, ...], str]] = {}
        for job_id, fingerprint, cached in kept:
            fresh[job_id] = (fingerprint, cached if cached is not None else self._text(fingerprint))
        with self.state.lock:
            self._cache = fresh
        return JournalData(foreign, uploads, [text for _fp, text in fresh.values()])

    @staticmethod
    def _text(fingerprint: tuple[Any, ...]) -> str:
        rec = TransferJob.record_of(fingerprint)
        if rec["interrupted"] or rec["state"] == JobState.RUNNING.value:
            rec["state"] = JobState.QUEUED.value  # it resumes after a restart
        return encode_record(rec)

    def save(self, force: bool = False) -> None:
        """Write now when ``force`` or the last write is old enough; otherwise soon (timer)."""
        if self.journal.path is None:
            return
        with self.state.lock:
            now = time.monotonic()
            if not force and now - self._last < self._interval:
                if self._timer is None:
                    self._timer = threading.Timer(self._interval, self._timer_save)
                    self._timer.daemon = True
                    self._timer.start()
                return
            self._last = now
        self.journal.save(self.data())

    def _timer_save(self) -> None:
        with self.state.lock:
            self._timer = None
            self._last = time.monotonic()
        self.journal.save(self.data())

    def flush(self) -> None:
        """Write the journal now and stop the deferred writer."""
        with self.state.lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        if self.journal.path is not None:
            self.journal.save(self.data())
