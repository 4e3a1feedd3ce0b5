"""Recovery: after a crash, the journal's unfinished jobs come back and abandoned uploads are aborted.

:meth:`RecoveryRunner.recover` reads the journal at a start: jobs are re-queued (multipart uploads
continue from the server's parts when they run), uploads whose job is gone are aborted, and the
entries of other endpoints are kept as they were. :meth:`RecoveryRunner.clean_up` is the work item
that aborts the multipart uploads of jobs cancelled while paused.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3.storage import plan_parts
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.jobs import Direction, JobState, RecoveryReport, TransferJob
from ensure_browser.core.transfers.journal import JournalData
from ensure_browser.core.transfers.runner import JobRunner, RunnerContext

log = logging.getLogger(__name__)


class RecoveryRunner(JobRunner):
    """Brings a queue's journal back after a start, and cleans up aborted uploads."""

    def __init__(self, context: RunnerContext, new_batch: Callable[[], int]) -> None:
        super().__init__(context)
        self.new_batch = new_batch  # the scheduler's: a batch number (called with the lock held)

    def recover(self, cancel: CancelToken) -> tuple[RecoveryReport, list[TransferJob]]:
        """Read the journal: the report, and the jobs for the scheduler to queue.

        Network (aborts): call from a worker. A source file that changed since its multipart upload
        began makes its job start over, or fail when the file is gone.
        """
        report = RecoveryReport()
        data = self.journal.journal.load()
        report.messages.extend(self.journal.journal.take_notes())  # an unreadable journal, kept aside
        endpoint = self.settings.endpoint
        mine, foreign = self._split(data)
        job_ids = {j.id for j in mine}
        for upload_id, info in data.uploads.items():
            if info.get("endpoint", endpoint) != endpoint:
                foreign.uploads[upload_id] = info
                continue
            if info.get("job") in job_ids:
                with self.state.lock:
                    self.state.uploads[upload_id] = dict(info)
                continue
            cancel.raise_if_cancelled()
            if self.abort(info.get("bucket", ""), info.get("key", ""), upload_id):
                report.aborted_uploads.append(upload_id)
            else:
                with self.state.lock:
                    self.state.uploads[upload_id] = dict(info)
        with self.state.lock:
            self.journal.foreign = foreign
            batch = self.new_batch()
        for job in mine:
            job.batch = batch
            self._bring_back(job, report)
        if report.resumed:
            report.messages.append(f"{len(report.resumed)} interrupted transfer(s) resumed.")
        if report.aborted_uploads:
            report.messages.append(f"{len(report.aborted_uploads)} abandoned upload(s) were cleaned up.")
        return report, mine

    def _split(self, data: JournalData) -> tuple[list[TransferJob], JournalData]:
        """The journal's jobs of this endpoint not in the queue yet, and other endpoints' records."""
        mine: list[TransferJob] = []
        foreign = JournalData()
        for rec in data.jobs:
            try:
                job = TransferJob.from_record(rec)
            except (KeyError, ValueError, TypeError) as exc:
                log.warning("skipping an unreadable journal entry: %s", exc)
                continue
            if job.endpoint and job.endpoint != self.settings.endpoint:
                foreign.jobs.append(rec)
                continue
            if job.id in self.state.jobs:
                continue
            mine.append(job)
        return mine, foreign

    def _bring_back(self, job: TransferJob, report: RecoveryReport) -> None:
        """Set a recovered job's state (not in the queue yet) and say so in the report."""
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
                self.abort(job.bucket, job.key, job.upload_id)
                job.forget_upload()
                if not path.exists():
                    job.state = JobState.FAILED
                    job.finished_at = time.time()
                    job.error = Text(QT_TR_NOOP("{0} no longer exists; the interrupted upload was aborted."), path.name)
                    report.failed.append(job.id)
                    report.messages.append(job.error)
                    return
        if job.state is JobState.PAUSED and not job.interrupted:
            report.paused.append(job.id)
            return
        job.state = JobState.QUEUED
        job.interrupted = False
        job.error = ""
        report.resumed.append(job.id)

    def clean_up(self, token: CancelToken) -> None:
        """The clean-up work item: abort the uploads waiting in ``state.to_abort``."""
        try:
            while True:
                with self.state.lock:
                    if not self.state.to_abort:
                        return
                    bucket, key, upload_id = self.state.to_abort.pop(0)
                self.abort(bucket, key, upload_id)
                token.raise_if_cancelled()
        finally:
            with self.state.lock:
                self.state.cleanup_running = False
            self.journal.save(force=True)
