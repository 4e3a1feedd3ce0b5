"""The shared base of the runners: one runner per kind of work, the scheduler beside them.

:class:`JobRunner` runs one job to its end in the calling thread (retries, and the failure a user
reads), reports progress and speed, verifies what an upload wrote, and aborts multipart uploads.
Its subclasses do one kind each: :mod:`~ensure_browser.core.transfers.upload`,
:mod:`~ensure_browser.core.transfers.download`, :mod:`~ensure_browser.core.transfers.thumbnail`, and
:mod:`~ensure_browser.core.transfers.recovery` (after a crash, and the clean-up of aborted uploads).
What they share with the scheduler (:mod:`~ensure_browser.core.transfers.queue`) is a
:class:`RunnerContext`: the jobs under the queue's one lock, the storage, the settings, the conflict
policy and the journal writer.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled, NoSuchKey, SignInRequired, StorageError
from ensure_browser.core.s3.storage import ObjectStat, Storage, UploadResult
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.conflicts import Conflicts
from ensure_browser.core.transfers.jobs import JobState, ThumbnailRenderer, TransferJob
from ensure_browser.core.transfers.journal import JournalWriter
from ensure_browser.core.transfers.speed import Speed
from ensure_browser.core.transfers.state import QueueState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TransferSettings:
    """How a queue's jobs run (see :class:`~ensure_browser.core.transfers.queue.TransferQueue`)."""

    endpoint: str
    names: BucketNames
    multipart_threshold: int
    part_size: int
    part_parallel: int
    download_ranges: int
    retries: int
    retry_backoff: float
    render_thumbnail: ThumbnailRenderer | None


@dataclass(frozen=True)
class RunnerContext:
    """What the runners of one queue share with its scheduler."""

    state: QueueState
    storage: Storage
    settings: TransferSettings
    conflicts: Conflicts
    journal: JournalWriter


class JobRunner:
    """Runs the jobs of one kind (subclasses implement :meth:`run_once`)."""

    def __init__(self, context: RunnerContext) -> None:
        self.state = context.state
        self.storage = context.storage
        self.settings = context.settings
        self.conflicts = context.conflicts
        self.journal = context.journal

    def run_once(self, job: TransferJob, token: CancelToken) -> JobState:
        raise NotImplementedError

    def run(self, job: TransferJob, token: CancelToken) -> JobState:
        """Run ``job`` to its end in the calling thread, retrying what may pass: its final state.
        Never raises for the job's own failures (the job's ``error`` says what happened)."""
        retries = self.settings.retries
        final = JobState.FAILED
        note = ""  # "... Retrying (n/m)…" while a retry is under way
        try:
            attempt = 0
            while True:
                try:
                    final = self.run_once(job, token)
                    if note:
                        with self.state.lock:
                            if job.error == note:  # the retry worked: no error is left to show
                                job.error = ""
                    break
                except StorageError as err:
                    if (isinstance(err, Cancelled) or token.cancelled or not err.retryable
                            or attempt >= retries):
                        raise
                    attempt += 1
                    log.info("transfer %s failed (%s); retry %d of %d", job.name, err.message, attempt, retries)
                    note = f"{err.message} Retrying ({attempt}/{retries})…"
                    with self.state.lock:
                        job.error = note
                    self.state.notify("changed", job.id)
                    if token.wait(self.settings.retry_backoff * attempt):
                        token.raise_if_cancelled()
        except Cancelled:
            final = self.stopped(job)
        except SignInRequired as err:  # expired keys: the job waits for a new sign-in (queue.resume_signed_in)
            self.keep(job)
            final = JobState.PAUSED
            with self.state.lock:
                job.error, job.interrupted = err.message, False
                self.state.signed_out.add(job.id)
            log.info("transfer %s paused until the person signs in again", job.name)
        except StorageError as err:
            final = JobState.FAILED
            with self.state.lock:
                job.error = self.explain_failure(job, err)
                job.retryable = err.retryable
                job.interrupted = err.retryable
            log.info("transfer %s failed: %s | %s", job.name, job.error, err.detail)
        except Exception as exc:
            final = JobState.FAILED
            with self.state.lock:
                job.error = Text(QT_TR_NOOP("Unexpected error: {0}"), str(exc))
            log.exception("transfer %s crashed", job.name)
        return final

    def explain_failure(self, job: TransferJob, err: StorageError) -> str:
        return err.message

    def stopped(self, job: TransferJob) -> JobState:
        """A job stopped by its cancel token: paused, cancelled or interrupted (app closing)."""
        with self.state.lock:
            request = self.state.requested.pop(job.id, None)
        if request == "cancel":
            self.discard(job)
            return JobState.CANCELLED
        self.keep(job)
        with self.state.lock:
            job.interrupted = request is None
            job.error = "" if request == "pause" else Text(QT_TR_NOOP("Interrupted; it resumes on the next start."))
        return JobState.PAUSED

    def discard(self, job: TransferJob) -> None:
        """The job was cancelled: remove what it leaves behind."""

    def keep(self, job: TransferJob) -> None:
        """The job was paused or interrupted: note what lets it resume."""

    def on_progress(self, job: TransferJob, done: int, total: int, baseline: list[int]) -> None:
        now = time.monotonic()
        with self.state.lock:
            if baseline[0] < 0:
                baseline[0] = done
            else:
                job.sent_bytes += max(0, done - baseline[0])
                baseline[0] = done
            job.bytes_done = done
            if total > 0:
                job.size = total
            meter = self.state.speeds.get(job.id)
            if meter is None:
                meter = self.state.speeds[job.id] = Speed()
            speed = meter.add(now, done)
            job.speed = speed
            job.eta = (job.size - done) / speed if speed > 0 else None
        self.state.notify("changed", job.id)

    def verify(self, job: TransferJob, result: UploadResult) -> None:
        """The server's answers must prove the bytes sent stored (see :attr:`UploadResult.verified`:
        a matching checksum, else an ETag that is a checksum of the bytes): no second read of the
        file, no HEAD. Otherwise the job fails, and an object is removed only when the answer proves
        it wrong, it is still the one this upload stored, and this upload created it
        (:attr:`UploadResult.created`: a create-only write the server is known to honour): an upload
        that replaced an object never removes it, since the old one is gone already, and nothing
        unproven is removed."""
        if result.verified:
            return
        where = f"s3://{job.bucket}/{job.key}"
        detail = (f"ETag {result.etag} answered, {result.local_etag or '-'} computed for {result.size} bytes"
                  f"{' (encrypted object)' if result.encrypted else ''}; checksum {result.checksum or '-'} "
                  f"answered, {result.local_checksum or '-'} computed")
        if not result.disproved:
            log.warning("upload to %s not verified: %s", where, detail)
            raise StorageError(
                f"{where} was stored, but it could not be verified: the server answered no checksum and "
                "its ETag is no checksum of the bytes (an encrypted or multipart object). It was kept; "
                f"compare it with {job.name} before relying on it.", detail)
        try:
            st: ObjectStat | None = self.storage.stat(job.bucket, job.key)
        except NoSuchKey:
            st = None
        ours = st is not None and st.etag == result.etag
        removed = False
        if ours and result.created:  # and only while it is still ours
            with contextlib.suppress(StorageError):
                removed = not self.storage.delete_unchanged(job.bucket, [(job.key, result.etag)])
        detail += f"; stored: {st.etag if st else 'nothing'}"
        log.warning("verification of %s failed: %s", where, detail)
        raise StorageError(f"Verification failed for {where}: the stored object differs from {job.name}"
                           f"{_outcome(removed, ours, result.created, st is None)}", detail)

    def abort(self, bucket: str, key: str, upload_id: str) -> bool:
        """Abort a multipart upload (gone already counts as done); False when the server refused."""
        try:
            self.storage.abort_multipart(bucket, key, upload_id)
        except StorageError as err:
            if err.code != "NoSuchUpload":
                log.warning("could not abort upload %s of s3://%s/%s: %s", upload_id, bucket, key,
                            err.message)
                return False
        with self.state.lock:
            self.state.uploads.pop(upload_id, None)
        log.info("aborted multipart upload %s of s3://%s/%s", upload_id, bucket, key)
        return True


def _outcome(removed: bool, ours: bool, created: bool, gone: bool) -> str:
    """The end of the sentence of a failed verification: what became of the stored object."""
    if removed:
        return " and was removed."
    if ours and not created:
        return "; it was kept, since it may have replaced an earlier object: upload the file again."
    if ours:
        return "; it could not be removed."
    if gone:
        return "; another client removed it meanwhile."
    return "; another client wrote it meanwhile, so it was kept."
