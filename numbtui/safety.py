"""Gentle notes on breathing patterns that can make people light-headed (pure, no I/O).

A breathing step gets a note when its pattern is faster than :data:`MAX_BREATHS_PER_MINUTE`
breaths a minute or holds the breath (full or empty) longer than :data:`MAX_HOLD_SECONDS`.
These are notes, not refusals: ``numbtui validate`` prints them, the home screen shows them
beside the exercise, and :func:`with_light_headed_lines` gives the player a short guidance
step with the light-headedness line before each such step. The values at the limits (10 a
minute, a 10 s hold) get no note; only what goes past them does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from numbtui.exercise import AnyStep, BreatheStep, GuideStep

MAX_BREATHS_PER_MINUTE = 10.0
"""Faster than this gets a note."""
MAX_HOLD_SECONDS = 10.0
"""A hold (after breathing in, or after breathing out) longer than this gets a note."""
LIGHT_HEADED_LINE = (
    "If you feel light-headed, breathe more slowly, shorten any hold, or go back to "
    "breathing normally. You can stop at any time."
)
"""What the player shows before a step with a note (it fits two lines of 80 columns)."""
LIGHT_HEADED_SECONDS = 8.0
"""How long that line stays: time to read it at a calm pace."""


@dataclass(frozen=True)
class BreathingNote:
    """One note about one breathing step."""

    step_index: int
    """The step, counting from 0."""
    message: str

    @property
    def step_number(self) -> int:
        """The step, counting from 1, as people count."""
        return self.step_index + 1


def breaths_per_minute(step: BreatheStep) -> float:
    """How many breaths a minute ``step``'s pattern makes."""
    return 60.0 / step.cycle_seconds


def step_notes(step: BreatheStep) -> list[str]:
    """The notes for one breathing step (none for a pattern within the limits)."""
    notes = []
    # Compared as "limit × cycle < 60" so that exactly 10 a minute is not a float away from it.
    if MAX_BREATHS_PER_MINUTE * step.cycle_seconds < 60.0:
        notes.append(
            f"this pattern is about {breaths_per_minute(step):.3g} breaths a minute, faster "
            f"than {MAX_BREATHS_PER_MINUTE:g}; if it makes you light-headed, slow down or breathe "
            "normally"
        )
    longest = max(step.hold, step.hold_empty)
    if longest > MAX_HOLD_SECONDS:
        notes.append(
            f"this pattern holds the breath for {longest:g} s, longer than "
            f"{MAX_HOLD_SECONDS:g} s; if it makes you light-headed, shorten the hold or breathe "
            "normally"
        )
    return notes


def breathing_notes(steps: Sequence[AnyStep]) -> list[BreathingNote]:
    """Every note for ``steps``, in step order."""
    return [
        BreathingNote(index, message)
        for index, step in enumerate(steps)
        if isinstance(step, BreatheStep)
        for message in step_notes(step)
    ]


def needs_light_headed_line(steps: Sequence[AnyStep], index: int) -> bool:
    """True when the player should show :data:`LIGHT_HEADED_LINE` before ``steps[index]``.

    That is a breathing step with a note, unless the step just before it already speaks of
    feeling light-headed (as the bundled breathing exercises do).
    """
    step = steps[index]
    if not isinstance(step, BreatheStep) or not step_notes(step):
        return False
    return not (index > 0 and "light-headed" in steps[index - 1].text.casefold())


def with_light_headed_lines(steps: Sequence[AnyStep]) -> list[AnyStep]:
    """``steps`` with a short guidance step saying :data:`LIGHT_HEADED_LINE` before each
    breathing step that needs it (see :func:`needs_light_headed_line`)."""
    line = GuideStep(kind="guide", text=LIGHT_HEADED_LINE, seconds=LIGHT_HEADED_SECONDS)
    result: list[AnyStep] = []
    for index, step in enumerate(steps):
        if needs_light_headed_line(steps, index):
            result.append(line)
        result.append(step)
    return result
