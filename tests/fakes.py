"""Test doubles: a clock that moves only when a test moves it."""

from __future__ import annotations


class FakeClock:
    """Monotonic seconds under the test's control: call it to read, ``advance`` to move on."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds`` and return the new reading."""
        if seconds < 0:
            raise ValueError("a monotonic clock does not go back")
        self.now += seconds
        return self.now
