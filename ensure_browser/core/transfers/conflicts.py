"""Existing targets: the policy that decides, and the questions to the user, one at a time.

A :class:`~ensure_browser.core.transfers.jobs.ConflictPolicy` decides what an upload or a download
does when its target exists; ``ASK`` calls the injected asker (the UI's dialog), serialised, and an
"apply to all" answer holds for the rest of that batch (the files of one drop, plan, download or
recovery) only, never for a later drop while it still runs.
"""

from __future__ import annotations

import threading

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Conflict
from ensure_browser.core.transfers.jobs import (
    ConflictAnswer,
    ConflictAsker,
    ConflictPolicy,
    ConflictQuestion,
    TransferJob,
)
from ensure_browser.core.transfers.state import QueueState

LATE_CONFLICT_ROUNDS = 3  # a target that appears meanwhile is asked about, then tried again (bounded)


class Conflicts:
    """The conflict policy of a queue. ``batch_policies`` (each batch's "apply to all" answer) is
    guarded by the queue's lock; ``_ask_lock`` lets one question at a time reach the user."""

    def __init__(self, state: QueueState, policy: ConflictPolicy, ask: ConflictAsker | None) -> None:
        self.state = state
        self.default_policy = policy
        self.ask = ask
        self.batch_policies: dict[int, ConflictPolicy] = {}  # batch -> its "apply to all" answer
        self._ask_lock = threading.Lock()

    def policy(self, job: TransferJob) -> ConflictPolicy:
        """The policy for ``job``: its batch's "apply to all" answer, else the default."""
        with self.state.lock:
            return self._policy_of(job.batch)

    def _policy_of(self, batch: int | None) -> ConflictPolicy:
        """The policy for a job of ``batch`` (lock held): its "apply to all" answer, else the default."""
        return (self.batch_policies.get(batch) if batch is not None else None) or self.default_policy

    def set_policy(self, policy: ConflictPolicy) -> None:
        with self.state.lock:
            self.default_policy = policy
            self.batch_policies.clear()

    def end_batch(self, batch: int) -> None:
        """``batch`` is over (lock held): its "apply to all" answer goes with it."""
        self.batch_policies.pop(batch, None)

    def resolve(self, question: ConflictQuestion, token: CancelToken) -> ConflictAnswer:
        """What to do about an existing target: the policy's choice, else the user's answer (one
        question at a time); an "apply to all" answer holds for the rest of the question's batch,
        and only for it."""
        with self.state.lock:
            job = self.state.jobs.get(question.job_id)
            batch = job.batch if job is not None else None
            policy = self._policy_of(batch)
        if policy is not ConflictPolicy.ASK:
            return ConflictAnswer(policy)
        while not self._ask_lock.acquire(timeout=0.1):  # one question at a time
            token.raise_if_cancelled()
        try:
            with self.state.lock:
                policy = self._policy_of(batch)
            if policy is not ConflictPolicy.ASK:
                return ConflictAnswer(policy)
            if self.ask is None:
                raise Conflict(f"{question.target} exists already; choose replace, keep both or skip.")
            answer = self.ask(question, token)
            token.raise_if_cancelled()
            if answer.apply_to_all and batch is not None:  # no more asking in this batch
                with self.state.lock:
                    self.batch_policies[batch] = answer.choice
            return answer
        finally:
            self._ask_lock.release()
