"""The scheduler: which transfer job runs when, and what observers hear of it.

:class:`TransferQueue` owns the jobs (thread-safe, one lock: ``state.lock``). It never starts threads
for jobs by itself: a *driver* asks it for work with :meth:`TransferQueue.take_work` and runs each
:class:`~ensure_browser.core.transfers.jobs.Work` item on a thread of its own choosing; ``Work.run()``
runs the job to its end in that thread, with the runner of its kind
(:mod:`~ensure_browser.core.transfers.runner`). The queue calls its *waker* whenever new work may be
available (jobs added, resumed, retried, a job finished), from any thread.

- The GUI's driver (``ensure_browser.ui.transfers.controller.TransferController``) runs each item with
  ``workers().run("transfer", ...)`` and re-drives from the GUI thread.
- :class:`~ensure_browser.core.transfers.driver.ThreadedDriver` runs items on its own
  ``ThreadPoolExecutor`` (CLI, core tests, bench).

The queue enforces the concurrency limit (``take_work`` hands out at most ``concurrency`` jobs) and
never runs two jobs on the same target at once. State changes reach observers through listeners
(``subscribe``), called from worker threads without the lock held; they must be cheap (the Qt model
only records ids and refreshes on a timer). Unfinished jobs are kept in the journal
(:mod:`~ensure_browser.core.transfers.journal`); :meth:`TransferQueue.recover` brings them back after
a crash (:mod:`~ensure_browser.core.transfers.recovery`).
"""

from __future__ import annotations

import functools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import LocalFileError
from ensure_browser.core.s3.storage import DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.already_there import DownloadPlan
from ensure_browser.core.transfers.batches import Batches
from ensure_browser.core.transfers.conflicts import Conflicts
from ensure_browser.core.transfers.download import DownloadRunner, plan_downloads
from ensure_browser.core.transfers.jobs import (
    BatchListener,
    BatchSummary,
    ConflictAsker,
    ConflictPolicy,
    Direction,
    JobListener,
    JobState,
    RecoveryReport,
    ThumbnailRenderer,
    TransferJob,
    Work,
    claim_key,
    new_job_id,
)
from ensure_browser.core.transfers.journal import Journal, JournalWriter
from ensure_browser.core.transfers.listing import BatchListings
from ensure_browser.core.transfers.plan import DropPlan, upload_content_type
from ensure_browser.core.transfers.recovery import RecoveryRunner
from ensure_browser.core.transfers.runner import JobRunner, RunnerContext, TransferSettings
from ensure_browser.core.transfers.speed import Speed
from ensure_browser.core.transfers.state import QueueState
from ensure_browser.core.transfers.thumbnail import ThumbnailRunner, thumbnail_job
from ensure_browser.core.transfers.upload import UploadRunner

log = logging.getLogger(__name__)


class TransferQueue:
    """Transfer jobs and their scheduling (see module doc); the runners do the work."""

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
        self.endpoint = storage.settings.endpoint
        part_parallel = max(1, part_parallel)
        # Ranges of a big download fetched at once. Several streams beat one where a network's
        # latency bounds each connection; with the server on this machine there is none, and the
        # streams only share its processors with the server: one stream is faster there (1 GiB on
        # 2 cores: 0.61 s against 0.71 s for four ranges, and half the CPU; bench/RESULTS.md).
        if download_ranges is None:
            download_ranges = 1 if storage.settings.on_this_machine else part_parallel
        self.settings = TransferSettings(
            endpoint=self.endpoint, names=names, multipart_threshold=multipart_threshold, part_size=part_size,
            part_parallel=part_parallel, download_ranges=max(1, download_ranges), retries=retries,
            retry_backoff=retry_backoff, render_thumbnail=render_thumbnail,
        )
        self.state = QueueState()
        self._lock = self.state.lock
        self.conflicts = Conflicts(self.state, conflict_policy, ask_conflict)
        self.journal_writer = JournalWriter(self.journal, self.state, journal_interval)
        context = RunnerContext(self.state, storage, self.settings, self.conflicts, self.journal_writer)
        self.listings = BatchListings(self.state, storage)
        self.runners: Mapping[Direction, JobRunner] = {
            Direction.UPLOAD: UploadRunner(context, self.listings),
            Direction.DOWNLOAD: DownloadRunner(context),
            Direction.THUMBNAIL: ThumbnailRunner(context),
        }
        self.recovery = RecoveryRunner(context, self._new_batch)
        self._queue: deque[str] = deque()  # ids of queued jobs, in the order they start
        self.batches = Batches(self.state)
        self._batch_listeners: list[BatchListener] = []
        self._waker: Callable[[], None] | None = None
        self._closing = False

    # -- observers ---------------------------------------------------------------------------------
    def subscribe(self, on_job: JobListener | None = None, on_batch: BatchListener | None = None) -> None:
        """Listeners are called from any thread without the lock held: keep them cheap."""
        if on_job is not None:
            self.state.listeners.append(on_job)
        if on_batch is not None:
            self._batch_listeners.append(on_batch)

    def set_waker(self, waker: Callable[[], None] | None) -> None:
        """``waker()`` is called (from any thread) when :meth:`take_work` may have something new."""
        self._waker = waker

    def _wake(self) -> None:
        if self._waker is not None:
            try:
                self._waker()
            except Exception:
                log.exception("transfer waker failed")

    # -- reading -----------------------------------------------------------------------------------
    def get(self, job_id: str) -> TransferJob | None:
        with self._lock:
            job = self.state.jobs.get(job_id)
            return job.snapshot() if job is not None else None

    def jobs(self) -> list[TransferJob]:
        with self._lock:
            return [j.snapshot() for j in self.state.jobs.values()]

    def snapshots(self, job_ids: Iterable[str]) -> list[TransferJob]:
        """Copies of the jobs with these ids that still exist, in that order, taken under one lock."""
        with self._lock:
            return [job.snapshot() for jid in job_ids if (job := self.state.jobs.get(jid)) is not None]

    def job_ids(self) -> list[str]:
        with self._lock:
            return list(self.state.jobs)

    # -- adding ------------------------------------------------------------------------------------
    def _new_batch(self) -> int:
        """A batch: the jobs of one drop, plan, download or recovery. An "apply to all" answer holds
        for its own batch only (see :meth:`Conflicts.resolve`), however long other batches run."""
        return self.batches.new()

    def _insert(self, jobs: Iterable[TransferJob]) -> list[str]:
        ids: list[str] = []
        with self._lock:
            for job in jobs:
                job.endpoint = self.endpoint
                self.state.jobs[job.id] = job
                self.batches.join(job)
                if job.state is JobState.QUEUED:
                    self._queue.append(job.id)
                ids.append(job.id)
        self.journal_writer.save()
        for job_id in ids:
            self.state.notify("added", job_id)
        self._wake()
        return ids

    def add_plan(self, plan: DropPlan) -> list[str]:
        """Queue the uploads of a drop plan; returns the new job ids."""
        with self._lock:
            batch = self._new_batch()
        part_size = self.settings.part_size
        jobs = [
            TransferJob(
                id=new_job_id(), direction=Direction.UPLOAD, bucket=u.bucket, key=u.key,
                local_path=str(u.source), size=u.size, content_type=u.content_type,
                metadata=dict(u.metadata), thumbnail_key=u.thumbnail_key, check_conflict=u.check_conflict,
                display_name=u.display_name, batch=batch, part_size=part_size, if_match=u.if_match,
            )
            for u in plan.uploads
        ]
        self.listings.plan(batch, jobs)
        return self._insert(jobs)

    def add_upload(self, source: Path, bucket: str, key: str, *, content_type: str | None = None,
                   metadata: Mapping[str, str] | None = None, check_conflict: bool = True) -> str:
        """Queue one upload to an explicit key (the CLI's path)."""
        try:
            size = Path(source).stat().st_size
        except OSError as exc:
            raise LocalFileError(Text(QT_TR_NOOP("Cannot read {0}: {1}."), source, exc.strerror), str(exc)) from exc
        with self._lock:
            batch = self._new_batch()
        job = TransferJob(
            id=new_job_id(), direction=Direction.UPLOAD, bucket=bucket, key=key, local_path=str(source),
            size=size, content_type=content_type or upload_content_type(bucket, key, self.names),
            metadata=dict(metadata or {}), check_conflict=check_conflict, batch=batch,
            part_size=self.settings.part_size,
        )
        return self._insert([job])[0]

    def plan_downloads(
        self, items: Sequence[tuple[str, str]], dest_dir: Path, cancel: CancelToken = NEVER,
    ) -> DownloadPlan:
        """Download jobs for objects and prefixes, not queued yet (see
        :func:`~ensure_browser.core.transfers.download.plan_downloads`; network: call from a worker).
        Their names avoid those of the unfinished downloads in the queue."""
        return plan_downloads(self.storage, items, dest_dir, cancel, self.names, self.state.unfinished_download_paths())

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
            job = self.state.jobs.get(job_id)
            if job is None:
                return False
            if job.state is JobState.QUEUED:
                job.state = JobState.PAUSED
            elif job.state is JobState.RUNNING:
                self.state.requested[job_id] = "pause"
                self.state.tokens[job_id].cancel("Paused.")
                return True
            else:
                return False
        self.journal_writer.save()
        self.state.notify("changed", job_id)
        return True

    def resume(self, job_id: str) -> bool:
        with self._lock:
            job = self.state.jobs.get(job_id)
            if job is None or job.state is not JobState.PAUSED:
                return False
            job.state = JobState.QUEUED
            job.interrupted = False
            job.error = ""
            self._queue.append(job_id)
            self.batches.join(job)
        self.journal_writer.save()
        self.state.notify("changed", job_id)
        self._wake()
        return True

    def cancel(self, job_id: str) -> bool:
        """Cancel a job: a running one stops and its multipart upload is aborted; a paused one's
        upload is aborted by the next clean-up work item."""
        abort = False
        with self._lock:
            job = self.state.jobs.get(job_id)
            if job is None or job.state.finished:
                return False
            if job.state is JobState.RUNNING:
                self.state.requested[job_id] = "cancel"
                self.state.tokens[job_id].cancel("Cancelled.")
                return True
            if job.upload_id:
                self.state.to_abort.append((job.bucket, job.key, job.upload_id))
                job.forget_upload()
                abort = True
            self.state.finish(job, JobState.CANCELLED)
        self.journal_writer.save(force=True)
        self.state.notify("changed", job_id)
        self._after_finish(job)
        if abort:
            self._wake()
        return True

    def retry(self, job_id: str) -> bool:
        """A failed (or cancelled or skipped) job goes back to the queue, in a new batch."""
        with self._lock:
            job = self.state.jobs.get(job_id)
            if job is None or job.state not in (JobState.FAILED, JobState.CANCELLED, JobState.SKIPPED):
                return False
            job.batch = self._new_batch()
            job.state = JobState.QUEUED
            self.batches.join(job)
            job.error = ""
            job.retryable = False
            job.interrupted = False
            job.bytes_done = 0
            job.finished_at = None
            self._queue.append(job_id)
        self.journal_writer.save()
        self.state.notify("changed", job_id)
        self._wake()
        return True

    def clear_finished(self) -> list[str]:
        """Forget done, failed, cancelled and skipped jobs; returns their ids."""
        with self._lock:
            gone = [jid for jid, j in self.state.jobs.items() if j.state.finished]
            for jid in gone:
                del self.state.jobs[jid]
                self.state.speeds.pop(jid, None)
        if gone:
            self.journal_writer.save()
        for jid in gone:
            self.state.notify("removed", jid)
        return gone

    # -- scheduling --------------------------------------------------------------------------------
    def take_work(self) -> list[Work]:
        """Work to start now: jobs up to the concurrency limit (marked running) and clean-ups."""
        work: list[Work] = []
        started: list[str] = []
        state = self.state
        with self._lock:
            if self._closing:
                return []
            if state.to_abort and not state.cleanup_running:
                state.cleanup_running = True
                work.append(Work("abort uploads", CancelToken(), None, self.recovery.clean_up))
            running = sum(1 for t in state.tokens if state.jobs.get(t) is not None)
            skipped: list[str] = []
            while self._queue and running < self.concurrency:
                job_id = self._queue.popleft()
                job = state.jobs.get(job_id)
                if job is None or job.state is not JobState.QUEUED or job_id in state.tokens:
                    continue
                claim = claim_key(job)
                if claim in state.claims:
                    skipped.append(job_id)
                    continue
                state.claims[claim] = job_id
                token = CancelToken()
                state.tokens[job_id] = token
                job.state = JobState.RUNNING
                job.error = ""
                running += 1
                started.append(job_id)
                work.append(Work(f"{job.direction.value} {job.name}", token, job_id,
                                 functools.partial(self._run_job, job_id)))
            self._queue.extendleft(reversed(skipped))
        for jid in started:
            state.notify("changed", jid)
        return work

    def _run_job(self, job_id: str, token: CancelToken) -> JobState:
        """Run one job to its end in the calling thread (a work item's function)."""
        state = self.state
        with self._lock:
            job = state.jobs[job_id]
            direct = job.state is not JobState.RUNNING  # run directly, not through take_work
            if direct:
                job.state = JobState.RUNNING
                state.tokens.setdefault(job_id, token)
                state.claims.setdefault(claim_key(job), job_id)
            state.speeds[job_id] = Speed()
        if direct:  # take_work has announced the others
            state.notify("changed", job_id)
        final = self.runners[job.direction].run(job, token)
        with self._lock:
            if token.cancelled and final is JobState.DONE:
                state.requested.pop(job_id, None)  # finished before the request took effect
            state.finish(job, final)
            keeps_upload = job.upload_id is not None
        # Finished jobs are written within a journal interval (a burst of 10,000 small files must not
        # rewrite the journal 10,000 times); a kept multipart upload id is written at once.
        self.journal_writer.save(force=keeps_upload)
        state.notify("changed", job_id)
        self._after_finish(job)
        self._wake()
        return final

    # -- after a job ------------------------------------------------------------------------------
    def _after_finish(self, job: TransferJob) -> None:
        summary: BatchSummary | None = None
        added: str | None = None
        with self._lock:
            if job.state is JobState.DONE and job.direction is Direction.UPLOAD and job.thumbnail_key:
                if self.settings.render_thumbnail is not None:
                    added = self._queue_thumbnail(job)
                else:
                    log.info("no thumbnail renderer: %s gets no thumbnail", job.key)
            summary = self.batches.stopped(job)
            if summary is not None:
                self.listings.drop(job.batch)
                self.conflicts.end_batch(job.batch)
        if added is not None:
            self.state.notify("added", added)
        if summary is not None:
            for fn in list(self._batch_listeners):
                try:
                    fn(summary)
                except Exception:
                    log.exception("batch listener failed")

    def _queue_thumbnail(self, job: TransferJob) -> str:
        """Queue the thumbnail follow-up of an uploaded material (lock held); returns its id."""
        child = thumbnail_job(job, self.names, self.endpoint)
        self.state.jobs[child.id] = child
        self.batches.join(child)
        self._queue.append(child.id)
        return child.id

    # -- journal, closing, recovery ----------------------------------------------------------------
    def flush(self) -> None:
        """Write the journal now and stop the deferred writer."""
        self.journal_writer.flush()

    def close(self) -> None:
        """Stop handing out work; running jobs are interrupted (kept for the next start)."""
        with self._lock:
            self._closing = True
            tokens = list(self.state.tokens.values())
        for token in tokens:
            token.cancel("The application is closing.")

    def recover(self, cancel: CancelToken = NEVER) -> RecoveryReport:
        """Read the journal after a start: re-queue unfinished jobs, abort orphaned uploads.

        Network (aborts): call from a worker. Jobs of other endpoints are kept in the journal as
        they were. Multipart uploads resume from the server's parts when they run; a source file
        that changed since makes its job fail (see :class:`~ensure_browser.core.transfers.recovery.RecoveryRunner`).
        """
        report, jobs = self.recovery.recover(cancel)
        self._insert(jobs)
        self.journal_writer.save(force=True)
        return report
