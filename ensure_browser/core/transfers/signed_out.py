"""Transfers that wait for a new sign-in.

When a session's temporary keys expire and cannot be renewed, each job that meets it is paused, not
failed (``JobRunner.run`` catches :class:`~ensure_browser.core.errors.SignInRequired`; a multipart
upload keeps its id and parts) and its id is noted in ``QueueState.signed_out``. After the person signs
in again, :func:`resume_signed_in` puts those jobs back in the queue.
"""

from __future__ import annotations

from ensure_browser.core.transfers.jobs import JobState
from ensure_browser.core.transfers.queue import TransferQueue


def waiting_for_sign_in(queue: TransferQueue) -> list[str]:
    """The ids of the jobs paused until the person signs in again."""
    with queue.state.lock:
        return [jid for jid in queue.state.signed_out
                if (job := queue.state.jobs.get(jid)) is not None and job.state is JobState.PAUSED]


def resume_signed_in(queue: TransferQueue) -> list[str]:
    """After a new sign-in: resume the jobs that waited for it; their ids."""
    with queue.state.lock:
        waiting = waiting_for_sign_in(queue)
        queue.state.signed_out.clear()
    return [jid for jid in waiting if queue.resume(jid)]
