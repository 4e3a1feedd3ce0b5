"""How big the pieces of an obstore GET's body are (#23): :class:`StreamPace`.

obstore hands a body over in pieces of at least ``min_chunk_size`` bytes, fixed for one answer, and a
piece blocks until it is whole: its size bounds how late a cancellation check or a progress report
comes. A fixed 256 KiB takes 2.7 s on a line of 96 KiB/s, past the second a cancellation may take.
The size of the next answer's pieces comes from the rate the connection's answers arrived at so far
(bytes over the wall time of each answer, the reader's own time included, so never more than the
line carries): about :data:`AIM` seconds of it, between :data:`MIN_PIECE` and :data:`MAX_PIECE`.
The first answer of a connection, whose rate is not known yet, takes :data:`FIRST_PIECE` (a small
object still comes in one piece)."""

from __future__ import annotations

import threading

KiB = 1024
MIN_PIECE = 32 * KiB
FIRST_PIECE = 64 * KiB
MAX_PIECE = 256 * KiB  # collected without the GIL: one copy, one write, one hash update each
# The pieces of a body read through obstore's async stream (a cancellation does not wait for them: see
# get_answers._AwaitedPieces) may be bigger: there they bound only how often the progress moves. A
# download of 256 MiB in 4 ranges at once took 0.36 s of client CPU in pieces of at most 256 KiB
# through the async stream, 0.26 s in pieces of 2 MiB, and 0.22 s through the blocking stream (medians
# of 7, alternated; the wall times did not differ).
AWAITED_MAX_PIECE = 2 * 1024 * KiB
AIM = 0.25  # seconds of the line a piece may take


class StreamPace:
    """The last rate the connection's GET answers arrived at; thread-safe (answers run side by side)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rate: float | None = None  # bytes per second

    def piece(self, most: int = MAX_PIECE) -> int:
        """The ``min_chunk_size`` for the next answer's body, at most ``most``."""
        with self._lock:
            rate = self._rate
        if rate is None:
            return FIRST_PIECE
        return max(MIN_PIECE, min(most, int(rate * AIM) // MIN_PIECE * MIN_PIECE))

    def note(self, size: int, seconds: float) -> None:
        """An answer carried ``size`` bytes in ``seconds`` (only answers long enough to say something)."""
        if size < MIN_PIECE or seconds <= 0.0:
            return
        with self._lock:
            self._rate = size / seconds
