"""The plain player's loop: it runs the conductor's one scheduled reading and reads keys.

:class:`Timers` is the conductor's ``schedule``: callbacks due at a clock reading, run by
:func:`play` between waits for a key. A :class:`KeySource` waits for keys at most until the next
reading is due: :class:`TerminalKeys` reads the terminal without echo (cbreak, so Ctrl+C is
still a signal) and :class:`NoKeys` only waits (a pipe). Tests give a source that moves a fake
clock instead of waiting. There is no timer of its own here: time is the session's.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import select
import termios
import tty
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from numbtui.conductor import Conductor
from numbtui.session import Clock, Snapshot, Status

NO_KEYS_WAIT = 30.0
"""Without keys, a prompt that waits for a key goes on after this many seconds."""

# Escape sequences of the keys that mean something here (arrows as n and p, F2 as support);
# a lone Escape stops, as in the app.
_SEQUENCES = {
    "\x1b[C": "n",
    "\x1bOC": "n",
    "\x1b[D": "p",
    "\x1bOD": "p",
    "\x1bOQ": "s",
    "\x1b[12~": "s",
    "\x1b": "q",
}


def keys_of(text: str) -> list[str]:
    """The keys in what the terminal sent: one character each, known escape sequences as the
    key they stand for (others dropped), Enter as ``"\\n"``."""
    found: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\x1b" and i + 1 < len(text):
            end = i + 2
            if text[i + 1] in "[O":
                while end < len(text) and not (text[end - 1].isalpha() or text[end - 1] == "~"):
                    end += 1
                if text[i + 1] == "O":
                    end = min(i + 3, len(text))
            sequence = text[i:end]
            if sequence in _SEQUENCES:
                found.append(_SEQUENCES[sequence])
            i = end  # any other sequence (Alt with a key, F5...) means nothing here
            continue
        found.append("\n" if char == "\r" else _SEQUENCES.get(char, char))
        i += 1
    return found


class KeySource(Protocol):
    """Waits up to ``timeout`` seconds (None: until a key) and returns the keys pressed."""

    interactive: bool

    def wait(self, timeout: float | None) -> list[str]: ...


class NoKeys:
    """No terminal to read keys from (a pipe): only waits for the next reading."""

    interactive = False

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self._sleep = sleep

    def wait(self, timeout: float | None) -> list[str]:
        self._sleep(NO_KEYS_WAIT if timeout is None else timeout)
        return []


class TerminalKeys:
    """Keys from a terminal's file descriptor, read as they are pressed."""

    interactive = True

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def wait(self, timeout: float | None) -> list[str]:
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return []
        data = os.read(self._fd, 256)
        if not data:  # the terminal is gone
            return ["q"]
        return keys_of(data.decode("utf-8", "replace"))


@contextlib.contextmanager
def cbreak(fd: int) -> Iterator[Callable[[], None]]:
    """The terminal without echo and line editing while inside; restored however it ends.

    Yields a function that sets the mode again (after ``fg``, the shell may have reset it).
    """
    saved = termios.tcgetattr(fd)

    def again() -> None:
        with contextlib.suppress(termios.error):
            tty.setcbreak(fd, termios.TCSANOW)

    again()
    try:
        yield again
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@dataclass(order=True)
class _Timer:
    due: float
    order: int
    callback: Callable[[], object] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class Timers:
    """A schedule of callbacks by ``clock`` readings (the conductor's ``schedule``)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._heap: list[_Timer] = []
        self._order = itertools.count()

    def schedule(self, delay: float, callback: Callable[[], object]) -> Callable[[], None]:
        """Run ``callback`` ``delay`` seconds from now; returns a function that cancels it."""
        timer = _Timer(self._clock() + max(0.0, delay), next(self._order), callback)
        heapq.heappush(self._heap, timer)

        def cancel() -> None:
            timer.cancelled = True

        return cancel

    def until_next(self) -> float | None:
        """Seconds until the next callback is due (0 if overdue); None when none is waiting."""
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
        if not self._heap:
            return None
        return max(0.0, self._heap[0].due - self._clock())

    def run_due(self) -> None:
        """Run every callback whose time has come, in order."""
        now = self._clock()
        while self._heap and self._heap[0].due <= now:
            timer = heapq.heappop(self._heap)
            if not timer.cancelled:
                timer.callback()


def press(conductor: Conductor, key: str, snapshot: Snapshot) -> bool:
    """Do what ``key`` means to the practice; False when it is not a practice key."""
    status = snapshot.status
    if key == " ":
        conductor.toggle_pause()
    elif key in ("n", "N"):
        conductor.next_step()
    elif key in ("p", "P"):
        conductor.previous_step()
    elif key == "\n":
        if status is Status.WAITING:
            conductor.continue_prompt()
    elif key in ("q", "Q"):
        conductor.stop()
    else:
        return False
    return True


def play(
    conductor: Conductor,
    timers: Timers,
    keys: KeySource,
    other_key: Callable[[str], None] = lambda key: None,
) -> Snapshot:
    """Start the conductor and run it until the practice is over; returns the last snapshot.

    Keys that are not practice keys go to ``other_key`` (help, support). Without keys, a
    prompt that waits goes on after :data:`NO_KEYS_WAIT` and a pause by the gap rule goes on
    at once, since nobody could press Space.
    """
    snapshot = conductor.start()
    pending: Callable[[], None] | None = None
    pending_for: tuple[int, Status] | None = None
    try:
        while not snapshot.over:
            timers.run_due()
            snapshot = conductor.snapshot or snapshot
            if snapshot.over:
                break
            if not keys.interactive and (snapshot.step_index, snapshot.status) != pending_for:
                if pending is not None:
                    pending()
                    pending = None
                pending_for = (snapshot.step_index, snapshot.status)
                if snapshot.status is Status.WAITING:
                    pending = timers.schedule(NO_KEYS_WAIT, conductor.continue_prompt)
                elif snapshot.status is Status.PAUSED:
                    pending = timers.schedule(0.0, conductor.resume)
            for key in keys.wait(timers.until_next()):
                if not press(conductor, key, conductor.snapshot or snapshot):
                    other_key(key)
            snapshot = conductor.snapshot or snapshot
    finally:
        conductor.close()
    return snapshot
