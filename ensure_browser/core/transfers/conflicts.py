"""Existing targets: the policy that decides, and the questions to the user, one at a time.

A :class:`~ensure_browser.core.transfers.jobs.ConflictPolicy` decides what an upload or a download
does when its target exists; ``ASK`` calls the injected asker (the UI's dialog), serialised, and an
"apply to all" answer holds for the rest of the batch of work.
"""

from __future__ import annotations

import threading

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Conflict
from ensure_browser.core.transfers.jobs import ConflictAnswer, ConflictAsker, ConflictPolicy, ConflictQuestion
from ensure_browser.core.transfers.state import QueueState

LATE_CONFLICT_ROUNDS = 3  # a target that appears meanwhile is asked about, then tried again (bounded)


class Conflicts:
    """The conflict policy of a queue. ``batch_policy`` (an "apply to all" answer) is guarded by the
    queue's lock; ``_ask_lock`` lets one question at a time reach the user."""

    def __init__(self, state: QueueState, policy: ConflictPolicy, ask: ConflictAsker | None) -> None:
        self.state = state
        self.default_policy = policy
        self.ask = ask
        self.batch_policy: ConflictPolicy | None = None
        self._ask_lock = threading.Lock()

    def policy(self) -> ConflictPolicy:
        with self.state.lock:
            return self.batch_policy or self.default_policy

    def set_policy(self, policy: ConflictPolicy) -> None:
        with self.state.lock:
            self.default_policy = policy
            self.batch_policy = None

    def resolve(self, question: ConflictQuestion, token: CancelToken) -> ConflictAnswer:
        """What to do about an existing target: the policy's choice, else the user's answer."""
        policy = self.policy()
        if policy is not ConflictPolicy.ASK:
            return ConflictAnswer(policy)
        while not self._ask_lock.acquire(timeout=0.1):  # one question at a time
            token.raise_if_cancelled()
        try:
            policy = self.policy()
            if policy is not ConflictPolicy.ASK:
                return ConflictAnswer(policy)
            if self.ask is None:
                raise Conflict(f"{question.target} exists already; choose replace, keep both or skip.")
            answer = self.ask(question, token)
            token.raise_if_cancelled()
            if answer.apply_to_all:  # an "apply to all" answer ends the asking for this batch
                with self.state.lock:
                    self.batch_policy = answer.choice
            return answer
        finally:
            self._ask_lock.release()
