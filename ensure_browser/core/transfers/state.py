"""What the scheduler and the runners share: the jobs and their bookkeeping, under one lock.

One :class:`QueueState` belongs to one :class:`~ensure_browser.core.transfers.queue.TransferQueue`;
the queue and each runner hold it. Every field is guarded by :attr:`QueueState.lock` (one ``RLock``
for the whole queue, as before the split: a job's fields are changed by its runner's thread and read
by the GUI's and the scheduler's).
"""

from __future__ import annotations

import logging
import threading
import time

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.transfers.jobs import Claim, Direction, JobListener, JobState, TransferJob, claim_key
from ensure_browser.core.transfers.speed import Speed

log = logging.getLogger(__name__)


class QueueState:
    """The live jobs, who runs what, and the multipart uploads this app has begun."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.jobs: dict[str, TransferJob] = {}
        self.tokens: dict[str, CancelToken] = {}  # running job id -> its cancel token
        self.requested: dict[str, str] = {}  # job id -> "pause" | "cancel"
        self.claims: dict[Claim, str] = {}  # target -> the job id writing it
        self.speeds: dict[str, Speed] = {}
        self.uploads: dict[str, dict[str, str]] = {}  # upload id -> bucket/key/job/endpoint
        self.to_abort: list[tuple[str, str, str]] = []  # (bucket, key, upload id) for the clean-up
        self.cleanup_running = False
        self.listeners: list[JobListener] = []
        self.signed_out: set[str] = set()  # ids of jobs paused until the person signs in again

    def notify(self, event: str, job_id: str) -> None:
        """Tell the job listeners (call without the lock held)."""
        for fn in list(self.listeners):
            try:
                fn(event, job_id)
            except Exception:
                log.exception("transfer listener failed")

    def idle(self) -> bool:
        """Nothing queued or running and no clean-up pending (paused jobs wait for the user)."""
        with self.lock:
            return (not self.to_abort and not self.cleanup_running
                    and not any(j.state in (JobState.QUEUED, JobState.RUNNING) for j in self.jobs.values()))

    def pending_uploads(self) -> dict[str, dict[str, str]]:
        """Multipart upload ids this app created and has not completed or aborted yet."""
        with self.lock:
            return {k: dict(v) for k, v in self.uploads.items()}

    def unfinished_download_paths(self, but: str = "") -> list[str]:
        """The local paths of the downloads not finished (but the job with the id ``but``): a new
        download's name must be another (they appear on disk only when done)."""
        with self.lock:
            return [j.local_path for j in self.jobs.values()
                    if j.direction is Direction.DOWNLOAD and not j.state.finished and j.id != but]

    # -- the lock held -------------------------------------------------------------------------------
    def claim(self, job: TransferJob) -> None:
        self.claims[claim_key(job)] = job.id

    def release_claim(self, job: TransferJob) -> None:
        claim = claim_key(job)
        if self.claims.get(claim) == job.id:
            del self.claims[claim]

    def finish(self, job: TransferJob, final: JobState) -> None:
        """``job`` stops running in state ``final``: its token and claim are released."""
        job.state = final
        job.speed = 0.0
        job.eta = None
        if final.finished:
            job.finished_at = time.time()
        if final is JobState.DONE:
            job.bytes_done = job.size
        self.tokens.pop(job.id, None)
        self.requested.pop(job.id, None)
        self.release_claim(job)
