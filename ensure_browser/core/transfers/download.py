"""Downloads: objects and prefixes to local files, verified while they stream.

A download appears under its name only when complete; big ones resume (see
``Storage.download_file``). :func:`plan_downloads` expands what the user chose into jobs with safe
local names (:mod:`~ensure_browser.core.transfers.local_names`) before any of them is queued.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat as stat_mod
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Conflict, LocalFileError
from ensure_browser.core.s3.model import ObjectStat
from ensure_browser.core.s3.storage import DESTINATION_EXISTS, Storage, lstat_or_none, partial_files
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.already_there import (
    AlreadyThere,
    DownloadPlan,
    Finder,
    Verdict,
    compare,
    quick_proofs,
)
from ensure_browser.core.transfers.conflicts import LATE_CONFLICT_ROUNDS
from ensure_browser.core.transfers.download_names import (
    FreeNames,
    folder_base,
    is_named,
    object_stats,
    original_name,
    real_name,
)
from ensure_browser.core.transfers.jobs import (
    ConflictPolicy,
    ConflictQuestion,
    Direction,
    JobState,
    TransferJob,
    new_job_id,
)
from ensure_browser.core.transfers.local_names import Destination, key_parts_below, numbered_name
from ensure_browser.core.transfers.runner import JobRunner

log = logging.getLogger(__name__)


def plan_downloads(
    storage: Storage, items: Sequence[tuple[str, str]], dest_dir: Path, cancel: CancelToken = NEVER,
    names: BucketNames | None = None, taken: Iterable[str] = (),
) -> DownloadPlan:
    """Expand objects and prefixes (keys ending in ``/``, or ``""`` for a bucket) into download jobs.

    Each file gets its real name (:mod:`~ensure_browser.core.transfers.download_names`: a material's
    or note's original file name, one HEAD each for those found in a folder), numbered where it
    collides within the batch, with ``taken`` (the paths of unfinished downloads) or with what is on
    disk. A file already there under its name (or a numbered one) and proven to hold the object's
    bytes is not downloaded again (:mod:`~ensure_browser.core.transfers.already_there`: the listed
    MD5 ETag proves most; a HEAD for the others with a file of their size there). The destination
    is resolved once, each folder below it once
    (:class:`~ensure_browser.core.transfers.local_names.Destination`). Network (listing, HEADs):
    call from a worker. The jobs are not queued yet (see
    :meth:`~ensure_browser.core.transfers.queue.TransferQueue.add_downloads`).
    """
    dest = Destination(dest_dir)
    found: list[tuple[str, str, int, str | None, list[str], bool]] = []  # bucket, key, size, ETag, parts, named
    stats: dict[tuple[str, str], ObjectStat] = {}
    for bucket, key in items:
        cancel.raise_if_cancelled()
        if key == "" or key.endswith("/"):
            base = folder_base(bucket, key, names) if key else [bucket]
            for info in storage.list_recursive(bucket, key, cancel=cancel):
                if info.is_prefix or info.key.endswith("/"):
                    continue  # folder markers
                found.append((bucket, info.key, info.size, info.etag, [*base, *key_parts_below(info.key, key)],
                              is_named(bucket, info.key, names)))
        else:
            stats[(bucket, key)] = st = storage.stat(bucket, key)
            found.append((bucket, key, st.size, st.etag, [key.rsplit("/", 1)[-1]], is_named(bucket, key, names)))
    stats.update(object_stats(storage, [(b, k) for b, k, _s, _e, _p, named in found if named and (b, k) not in stats],
                              cancel))

    plan = DownloadPlan()
    free = FreeNames(taken)
    wanted: list[tuple[tuple[str, str], Path, int, str | None]] = []  # (bucket, key), path, size, ETag
    for bucket, key, size, etag, parts, named in found:
        original = original_name(stats.get((bucket, key))) if named else ""
        try:
            path = dest.path_for([*parts[:-1], real_name(key, original) if original else parts[-1]])
        except LocalFileError as err:
            plan.refusals.append(err.message)
            continue
        wanted.append(((bucket, key), path, size, etag))
    proven, ask = quick_proofs([w for w in wanted if w[0] not in stats], free.same_size, cancel)
    stats.update(object_stats(storage, ask, cancel))
    for (bucket, key), wished, size, _etag in wanted:
        finder = Finder(stats.get((bucket, key)), size, cancel, proven.get((bucket, key), ()))
        try:
            path, there = free.place(wished, finder)
        except Conflict as err:
            plan.refusals.append(err.message)
            continue
        if there:
            plan.unchanged.append(AlreadyThere(bucket, key, str(path)))
            continue
        job = TransferJob(id=new_job_id(), direction=Direction.DOWNLOAD, bucket=bucket, key=key,
                          local_path=str(path), size=size, display_name=path.name)
        plan.jobs.append(job)
        if note := finder.note(path):
            plan.notes[job.id] = note
    return plan


class DownloadRunner(JobRunner):
    """Runs download jobs."""

    def run_once(self, job: TransferJob, token: CancelToken) -> JobState:
        """Download verified by ``Storage.download_file`` (size, and the CRC32 or MD5 while streaming where
        there is one; other big objects in ``download_ranges`` ranges of ``part_size``). It refuses an
        existing target before any request; only then is the target looked at and asked about."""
        path = Path(job.local_path)
        if job.prove_existing:
            if self._already_there(job, path, token):
                return JobState.DONE
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
                    parallel=self.settings.download_ranges, part_size=self.settings.part_size,
                    progress=lambda done, total: self.on_progress(job, done, total, baseline),
                    version_id=job.version_id,
                )
                return JobState.DONE
            except Conflict as err:
                if err.code != DESTINATION_EXISTS:
                    raise
            existing = lstat_or_none(path)
            if existing is None:
                continue  # gone again: try once more
            modified = datetime.fromtimestamp(existing.st_mtime).astimezone()
            answer = self.conflicts.resolve(ConflictQuestion(
                job.id, job.direction, job.name, str(path), existing.st_size, modified, job.size), token)
            if answer.choice is ConflictPolicy.SKIP:
                with self.state.lock:
                    job.error = Text(QT_TR_NOOP("Skipped: the file exists already."))
                return JobState.SKIPPED
            if answer.choice is ConflictPolicy.KEEP_BOTH:
                new_path = self._free_path(path)
                with self.state.lock:
                    self.state.release_claim(job)
                    job.local_path = str(new_path)
                    self.state.claim(job)
                path = new_path
            else:
                if not stat_mod.S_ISREG(existing.st_mode):
                    raise LocalFileError(Text(QT_TR_NOOP("{0} is not a regular file; it was not replaced."), path))
                overwrite = True
                with self.state.lock:
                    job.check_conflict = False
        raise Conflict(Text(QT_TR_NOOP("{0} keeps appearing while it is downloaded; it was not downloaded."), path))

    def _already_there(self, job: TransferJob, path: Path, token: CancelToken) -> bool:
        """A resumed plan's file at ``path``: True when it is proven to hold the object's bytes (it is
        done); else it is kept and the job gets the next free name beside it (as a plan gives one)."""
        if not os.path.lexists(path):
            with self.state.lock:
                job.prove_existing = False
            return False
        st = self.storage.stat(job.bucket, job.key, job.version_id)
        verdict, why = compare(path, st, token)
        with self.state.lock:
            job.prove_existing = False
            if verdict is Verdict.SAME:
                job.size = job.bytes_done = st.size
                return True
            self.state.release_claim(job)
            job.local_path = str(FreeNames(self.state.unfinished_download_paths(but=job.id)).claim(path))
            self.state.claim(job)
        log.info("%s is there already and %s; downloading as %s", path, why, Path(job.local_path).name)
        return False

    def discard(self, job: TransferJob) -> None:
        for extra in partial_files(Path(job.local_path)):
            with contextlib.suppress(OSError):
                extra.unlink()

    @staticmethod
    def _free_path(path: Path) -> Path:
        for n in range(1, 10_000):
            cand = path.with_name(numbered_name(path.name, n))
            if not cand.exists() and not cand.with_name(cand.name + ".part").exists():
                return cand
        raise Conflict(Text(QT_TR_NOOP("No free name was found next to {0}."), path))
