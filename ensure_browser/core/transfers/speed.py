"""The transfer speed shown for a running job."""

from __future__ import annotations

from collections import deque

SPEED_WINDOW = 5.0  # seconds of samples for the moving-average speed


class Speed:
    """Moving average over the last few seconds of (time, bytes) samples."""

    def __init__(self) -> None:
        self.samples: deque[tuple[float, int]] = deque()

    def add(self, now: float, done: int) -> float:
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > SPEED_WINDOW:
            self.samples.popleft()
        t0, b0 = self.samples[0]
        span = now - t0
        return max(0.0, (done - b0) / span) if span >= 0.2 else 0.0
