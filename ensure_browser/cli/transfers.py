"""What the ``upload`` and ``download`` commands share: running a transfer queue to its end in a
terminal, with one progress line on a terminal (none when stderr is a file or a pipe), and Ctrl+C
stopping it cleanly (what was fetched is kept for a resume).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ensure_browser.core.transfers.driver import ThreadedDriver
    from ensure_browser.core.transfers.jobs import TransferJob
    from ensure_browser.core.transfers.queue import TransferQueue

PROGRESS_EVERY = 0.25  # seconds between two updates of the progress line
CANCEL_WAIT = 10.0  # seconds Ctrl+C waits for cancelled uploads to abort their parts
INTERRUPTED = 130  # exit status after Ctrl+C, as shells report it


class Interrupted(Exception):
    """Ctrl+C stopped the transfers; the running ones were interrupted, not cancelled."""


def progress_line(jobs: Sequence[TransferJob], started: float) -> str:
    """``12/100 files · 3.4 MiB of 20 MiB · 2.1 MiB/s`` for the jobs of a run."""
    from ensure_browser.core.units import human_bytes

    finished = sum(1 for job in jobs if job.state.finished)
    done = sum(job.size if job.state.finished else job.bytes_done for job in jobs)
    total = sum(job.size for job in jobs)
    elapsed = max(time.monotonic() - started, 1e-6)
    return (f"{finished:,}/{len(jobs):,} files · {human_bytes(done)} of {human_bytes(total)} · "
            f"{human_bytes(int(done / elapsed))}/s")


def run_to_end(queue: TransferQueue, driver: ThreadedDriver, ids: Sequence[str],
               stream: TextIO | None = None, *, cancel_on_interrupt: bool = False) -> list[TransferJob]:
    """Run the queue until the jobs ``ids`` (and their follow-ups) end; their final snapshots.

    On a terminal ``stream`` (default stderr) one line shows the progress. Ctrl+C interrupts the
    running jobs (kept for a resume; with ``cancel_on_interrupt`` cancelled instead, so that an
    upload's multipart parts are aborted) and raises :class:`Interrupted`.
    """
    stream = stream if stream is not None else sys.stderr
    live = stream.isatty()
    started = time.monotonic()
    driver.drive()
    try:
        while not driver.wait(PROGRESS_EVERY):
            if live:
                stream.write("\r\x1b[K" + progress_line(queue.snapshots(ids), started))
                stream.flush()
    except KeyboardInterrupt:
        if live:
            stream.write("\n")
        if cancel_on_interrupt:
            for job_id in ids:
                queue.cancel(job_id)
            driver.wait(CANCEL_WAIT)
        driver.close()
        raise Interrupted from None
    if live:
        stream.write("\r\x1b[K" + progress_line(queue.snapshots(ids), started) + "\n")
        stream.flush()
    return queue.snapshots(ids)
