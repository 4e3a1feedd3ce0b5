"""Batches of work: what one drop, one download or one retry adds, summarised once when it ends."""

from __future__ import annotations

import itertools

from ensure_browser.core.transfers.jobs import BatchSummary, Direction, JobState, TransferJob
from ensure_browser.core.transfers.state import QueueState


class Batches:
    """Numbers batches and counts their members while they last; guarded by the queue's lock."""

    def __init__(self, state: QueueState) -> None:
        self.state = state
        self._numbers = itertools.count(1)
        self._open: dict[int, set[str]] = {}  # batch -> its members, until it is summarised
        self._unfinished: dict[int, set[str]] = {}  # batch -> its members that have not finished

    def new(self) -> int:
        return next(self._numbers)

    def join(self, job: TransferJob) -> None:
        """Count ``job`` in its batch (lock held); the batch is summarised when none is unfinished."""
        self._open.setdefault(job.batch, set()).add(job.id)
        if not job.state.finished:
            self._unfinished.setdefault(job.batch, set()).add(job.id)

    def stopped(self, job: TransferJob) -> BatchSummary | None:
        """``job`` stopped running (lock held): the summary of its batch when that is over."""
        unfinished = self._unfinished.get(job.batch)
        if unfinished is None:
            return None
        if job.state.finished:
            unfinished.discard(job.id)
        if unfinished:
            return None
        del self._unfinished[job.batch]  # the batch is over: count once, not a pass over it per job
        return self._summarise(job.batch, self._open.pop(job.batch, set()))

    def _summarise(self, batch: int, members: set[str]) -> BatchSummary:
        counts = dict.fromkeys(("uploaded", "downloaded", "failed", "cancelled", "skipped",
                                "thumbnails_failed"), 0)
        for jid in members:
            m = self.state.jobs.get(jid)
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
