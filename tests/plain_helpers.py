"""Plain-mode test doubles: keys pressed at moments of a fake clock, and lines with times."""

from __future__ import annotations

from pathlib import Path

from numbtui.loader import load_file
from tests.fakes import FakeClock

DATA = Path(__file__).parent / "data"
SHORT_FILE = DATA / "good" / "plain-short.yaml"
SHORT = load_file(SHORT_FILE)


class ScriptedKeys:
    """Keys pressed at given clock readings; waiting moves the fake clock instead of sleeping."""

    interactive = True

    def __init__(
        self, clock: FakeClock, script: list[tuple[float, str]] | None = None, limit: float = 900
    ) -> None:
        self.clock = clock
        self.script = sorted(script or [], key=lambda item: item[0])
        self.limit = limit
        """A practice still going at this clock reading is a test gone wrong: fail."""

    def wait(self, timeout: float | None) -> list[str]:
        moments = [self.clock.now + timeout] if timeout is not None else []
        if self.script:
            moments.append(self.script[0][0])
        if not moments:
            raise AssertionError("the player would wait for a key for ever")
        self.clock.now = max(self.clock.now, min(moments))
        if self.clock.now > self.limit:
            raise AssertionError(f"still playing at {self.clock.now} s")
        keys = []
        while self.script and self.script[0][0] <= self.clock.now:
            keys.append(self.script.pop(0)[1])
        return keys


class TimedLines:
    """A ``write`` that keeps each line with the clock reading it was written at."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.lines: list[tuple[float, str]] = []

    def __call__(self, text: str = "") -> None:
        self.lines.append((self.clock.now, text))

    @property
    def text(self) -> list[str]:
        return [line for _, line in self.lines]
