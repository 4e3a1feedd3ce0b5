"""CancelToken: a flag set from any thread, and a wait that a cancel ends early."""

from __future__ import annotations

import threading
import time

import pytest

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled


def test_a_fresh_token_is_not_cancelled_and_waits_its_timeout() -> None:
    token = CancelToken()
    token.raise_if_cancelled()
    start = time.monotonic()
    assert token.wait(0.05) is False
    assert time.monotonic() - start >= 0.04
    assert not token.cancelled


def test_a_cancel_before_the_first_wait_ends_it_at_once() -> None:
    """The event is made by the first wait; a cancel that came before it must still count."""
    token = CancelToken()
    token.cancel("Stopped by the user.")
    start = time.monotonic()
    assert token.wait(5.0) is True
    assert time.monotonic() - start < 0.5
    with pytest.raises(Cancelled, match="Stopped by the user"):
        token.raise_if_cancelled()


def test_a_cancel_from_another_thread_wakes_a_wait() -> None:
    token = CancelToken()
    threading.Timer(0.05, token.cancel).start()
    start = time.monotonic()
    assert token.wait(5.0) is True
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize("delay", [0.0, 0.001, 0.01])
def test_cancels_racing_first_waits_are_never_lost(delay: float) -> None:
    """Many tokens, each cancelled from one thread while another makes its first wait."""
    for _ in range(50):
        token = CancelToken()
        result: list[bool] = []
        waiter = threading.Thread(target=lambda t=token, out=result: out.append(t.wait(5.0)))
        waiter.start()
        if delay:
            time.sleep(delay)
        token.cancel()
        waiter.join(2.0)
        assert not waiter.is_alive() and result == [True]


def test_a_hook_runs_once_on_cancel_and_not_once_forgotten() -> None:
    token, calls = CancelToken(), []

    def kept() -> None:
        calls.append("kept")

    def dropped() -> None:
        calls.append("dropped")

    def failing() -> None:
        raise RuntimeError("a hook that fails")

    token.on_cancel(failing)
    token.on_cancel(kept)
    token.on_cancel(dropped)
    token.forget(dropped)
    token.cancel()
    token.cancel()
    assert calls == ["kept"]  # once, after a failing hook, not the forgotten one
    token.on_cancel(lambda: calls.append("late"))  # cancelled already: at once
    assert calls == ["kept", "late"]
    token.forget(kept)  # forgetting one that ran is harmless


def test_a_hook_may_cancel_another_token_whose_hooks_then_run() -> None:
    """A download's ranges wait on a token of their own that follows the job's: cancelling the job
    cancels it from a hook (hooks run under the lock every token shares: it must be reentrant)."""
    job, ranges, calls = CancelToken(), CancelToken(), []
    ranges.on_cancel(lambda: calls.append("range woken"))
    job.on_cancel(lambda: ranges.cancel(job.reason))
    done = threading.Event()
    thread = threading.Thread(target=lambda: (job.cancel("stop"), done.set()), daemon=True)
    thread.start()
    assert done.wait(5), "cancelling from a hook deadlocked"
    assert calls == ["range woken"] and ranges.cancelled and ranges.reason == "stop"
