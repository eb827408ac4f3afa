"""The plain player's words: a listener of the conductor that writes a line per event.

It says what the screen shows, in the same words (:func:`numbtui.scene.describe`,
:data:`numbtui.cues.PHASE_SHORT`), but only when something happens: a step begins (its text,
hint and what it waits for), a breath phase begins ("In, 4." or, compact, "In."), a pause and
its end ("Paused." / "Going on."), the time left on a long step at most every
``time_left_every`` seconds, and the end. Nothing is redrawn, so a screen reader or braille
display reads each line once. When a late reading reports several boundaries at once, only the
latest phase and step are said: the earlier ones are past.

A breath phase is said when it begins, which is never while paused: a breathing step reached by
a key while paused is said at the key (the step), and its first phase once, on going on. Going
on says "Going on." before the phase it restarts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from numbtui import scene
from numbtui.cues import PHASE_SHORT, Change, Kind, phase_count
from numbtui.exercise import PromptStep
from numbtui.plain.lines import seconds_in_words, sentence
from numbtui.scene import describe
from numbtui.session import Snapshot, Status

FINISHED = "That's the end of the practice. Take your time."
STOPPED = "Stopped. Stopping when you need to is always fine."
# The screen's words, as sentences.
PAUSED = f"{scene.PAUSED}."
PAUSED_AWAY = f"{scene.PAUSED_AWAY}. {scene.GO_ON_HINT[:1].upper()}{scene.GO_ON_HINT[1:]}."
GOING_ON = "Going on."
MIN_TIME_LEFT = 5.0
"""No "time left" line when less than this is left: the step's end is about to be heard."""


class Announcer:
    """Hears the conductor and writes lines with ``write`` (see the module docstring)."""

    def __init__(
        self,
        write: Callable[[str], None],
        *,
        compact: bool = False,
        time_left_every: float = 30.0,
        no_keys_wait: float | None = None,
    ) -> None:
        self._write = write
        self.no_keys_wait = no_keys_wait
        """Without keys: how long a prompt that waits goes on waiting (key hints are left out)."""
        self.compact = compact
        self.time_left_every = time_left_every
        """Seconds between "time left" lines on a step longer than this; 0 for none."""
        self._told: tuple[int, int] | None = None  # (step index, last time-left mark said)

    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None:
        """Say what ``changes`` brought; then the time left, when one is due."""
        # "Going on." first: the phase that going on restarts is reported before it.
        ordered = sorted(changes, key=lambda change: change.kind is not Kind.RESUMED)
        last_step = max((i for i, c in enumerate(ordered) if c.kind is Kind.STEP), default=-1)
        last_phase = max((i for i, c in enumerate(ordered) if c.kind is Kind.PHASE), default=-1)
        if snapshot.status is Status.PAUSED:
            last_phase = -1  # a phase begins on going on, and is said then
        for i, change in enumerate(ordered):
            kind = change.kind
            if kind is Kind.LEAD_IN:
                self._lead_in(snapshot)
            elif kind is Kind.STEP and i == last_step:
                self._step(snapshot, change)
            elif kind is Kind.PHASE and i == last_phase:
                self._phase(snapshot, change)
            elif kind is Kind.PAUSED:
                away = snapshot.paused_by_gap and self.no_keys_wait is None
                self._write(PAUSED_AWAY if away else PAUSED)
            elif kind is Kind.RESUMED:
                self._write(GOING_ON)
            elif kind is Kind.FINISHED:
                self._write(FINISHED)
            elif kind is Kind.STOPPED:
                self._write(STOPPED)
        self._time_left(snapshot)

    def _lead_in(self, snapshot: Snapshot) -> None:
        scene = describe(snapshot)
        status = scene.status if self.no_keys_wait is None else ""
        self._write(" ".join(sentence(s) for s in (scene.text, scene.countdown, status) if s))

    def _step(self, snapshot: Snapshot, change: Change) -> None:
        if change.step_index != snapshot.step_index or snapshot.lead_in_remaining is not None:
            return  # a step already left again in the same reading
        scene = describe(snapshot)
        self._write(f"Step {snapshot.step_index + 1} of {snapshot.step_count}. {scene.text}")
        extra_line = scene.extra
        step = snapshot.step
        if self.no_keys_wait is not None and isinstance(step, PromptStep) and step.waits:
            extra_line = f"Going on in {seconds_in_words(self.no_keys_wait)}."
        for extra in (scene.hint, extra_line):
            if extra:
                self._write(sentence(extra))
        self._told = (snapshot.step_index, 0)

    def _phase(self, snapshot: Snapshot, change: Change) -> None:
        breath = snapshot.breath
        if change.phase is None or change.step_index != snapshot.step_index:
            return
        word = PHASE_SHORT[change.phase]
        if self.compact or breath is None or breath.phase is not change.phase:
            self._write(f"{word}.")
        else:
            self._write(f"{word}, {phase_count(breath)}.")

    def _time_left(self, snapshot: Snapshot) -> None:
        every = self.time_left_every
        remaining = snapshot.step_remaining
        if every <= 0 or snapshot.status is not Status.RUNNING or remaining is None:
            return
        if float(snapshot.step.duration) <= every or remaining < MIN_TIME_LEFT:
            return
        mark = math.floor(snapshot.step_elapsed / every + 1e-9)
        index, said = self._told if self._told is not None else (snapshot.step_index, 0)
        if index != snapshot.step_index:
            said = 0
        if mark > said:
            self._write(f"{seconds_in_words(math.ceil(remaining))} left in this step.")
        self._told = (snapshot.step_index, max(mark, said))
