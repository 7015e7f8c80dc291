"""The simulation clock a facilitator drives: start, pause, speed and jumps.

Simulated time is float hours since the exercise start. While running, it advances at
``speed`` simulated seconds per real second, measured with an injected monotonic clock
(tests pass their own), and stops at ``end``.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Sequence

SPEEDS: tuple[int, ...] = (1, 10, 60, 300, 900, 3600, 10_000)
"""Selectable speeds: simulated seconds per real second (1x real time up to 10,000x)."""

DEFAULT_SPEED = 3600
"""One simulated hour per second: a 72-hour check plays in just over a minute."""


class SimClock:
    """A pausable, speed-controlled clock over ``[0, end]`` simulated hours."""

    def __init__(
        self,
        end: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        speed: int = DEFAULT_SPEED,
    ) -> None:
        if end < 0:
            raise ValueError("end must be >= 0")
        self.end = end
        self._mono = monotonic
        self._speed = speed if speed in SPEEDS else DEFAULT_SPEED
        self._base = 0.0  # simulated hours at the anchor
        self._anchor = 0.0  # monotonic seconds when last (re)started
        self.running = False

    # -- reading ---------------------------------------------------------------------
    def now(self) -> float:
        """Simulated hours since the start (capped at ``end``)."""
        t = self._base
        if self.running:
            t += (self._mono() - self._anchor) * self._speed / 3600.0
        if t >= self.end:
            if self.running:
                self._base, self.running = self.end, False
            return self.end
        return t

    @property
    def speed(self) -> int:
        return self._speed

    @property
    def finished(self) -> bool:
        return self.now() >= self.end

    # -- control ---------------------------------------------------------------------
    def start(self) -> None:
        """Run from the current time (no-op when running or finished)."""
        if self.running or self.now() >= self.end:
            return
        self._anchor = self._mono()
        self.running = True

    def pause(self) -> None:
        if self.running:
            self._base = self.now()
            self.running = False

    def toggle(self) -> bool:
        """Start if paused, pause if running; return whether it now runs."""
        if self.running:
            self.pause()
        else:
            self.start()
        return self.running

    def set_speed(self, speed: int) -> None:
        """Change speed without a jump in simulated time."""
        now = self.now()
        self._base, self._anchor = now, self._mono()
        self._speed = speed

    def faster(self) -> int:
        i = SPEEDS.index(self._speed) if self._speed in SPEEDS else 0
        self.set_speed(SPEEDS[min(i + 1, len(SPEEDS) - 1)])
        return self._speed

    def slower(self) -> int:
        i = SPEEDS.index(self._speed) if self._speed in SPEEDS else 0
        self.set_speed(SPEEDS[max(i - 1, 0)])
        return self._speed

    def jump(self, t: float) -> float:
        """Set the simulated time to ``t`` (clamped to ``[0, end]``); keeps running or not."""
        self._base = min(max(t, 0.0), self.end)
        self._anchor = self._mono()
        if self._base >= self.end:
            self.running = False
        return self._base

    def jump_next(self, stops: Sequence[float]) -> float | None:
        """Jump to the first of the sorted ``stops`` after now; None if there is none."""
        now = self.now()
        i = bisect_right(stops, now + 1e-9)
        if i >= len(stops):
            return None
        return self.jump(stops[i])


def format_speed(speed: int) -> str:
    return f"{speed:,}x"
