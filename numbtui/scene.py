"""The words of a practice at one moment, shared by the screen and the plain mode.

:func:`describe` turns a :class:`~numbtui.session.Snapshot` into a :class:`Scene`: the step's
text and hint, a line that waits for a key or gives a walking cadence, the status (paused, get
ready) and the countdown. The screen draws these words and the plain mode prints them, so both
say the same thing at the same moment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from numbtui.cadence import beat_text, walk_beat
from numbtui.cues import PHASE_GLYPHS, PHASE_WORDS
from numbtui.durations import format_duration
from numbtui.exercise import PromptStep, WalkStep
from numbtui.session import BreathState, Snapshot, Status, phase_count

GET_READY = "Get ready"
BEGIN_HINT = "Press Space to begin now"
WAIT_HINT = "Press Enter when you're ready to go on"
PAUSED = "Paused"
PAUSED_AWAY = "Paused while you were away"
GO_ON_HINT = "press Space to go on"


@dataclass(frozen=True)
class Scene:
    """What a practice says at one moment."""

    text: str
    """The step's text (or "Get ready" in the lead-in)."""
    hint: str
    """A prompt's hint, in smaller print."""
    extra: str
    """How to go on from a prompt that waits, or a walking step's cadence and its beat."""
    status: str
    """Paused, or how to begin now; empty while playing."""
    countdown: str
    """Seconds to the start, or time left in a timed step."""


def live_status(snapshot: Snapshot) -> Status:
    """The status a paused snapshot goes back to; the status itself otherwise."""
    if snapshot.status is Status.PAUSED and snapshot.resume_status is not None:
        return snapshot.resume_status
    return snapshot.status


def countdown(snapshot: Snapshot) -> str:
    """``Beginning in 3`` in the lead-in, ``1:20 left in this step`` on a timed step."""
    if live_status(snapshot) is Status.LEAD_IN:
        return f"Beginning in {math.ceil(snapshot.lead_in_remaining or 0)}"
    if snapshot.step_remaining is not None:
        return f"{format_duration(math.ceil(snapshot.step_remaining))} left in this step"
    return ""


def describe(snapshot: Snapshot) -> Scene:
    """The words of ``snapshot``."""
    step = snapshot.step
    live = live_status(snapshot)
    text = hint = extra = status = ""
    if live is Status.LEAD_IN:
        text = GET_READY
        status = BEGIN_HINT
    else:
        text = step.text
        if isinstance(step, PromptStep):
            hint = step.hint or ""
            # Paused, Enter does nothing: the status line below says what works instead.
            if step.waits and snapshot.status is not Status.PAUSED:
                extra = WAIT_HINT
        elif isinstance(step, WalkStep) and step.steps_in and step.steps_out:
            extra = step.cadence or ""
            if live is Status.RUNNING:
                # The cadence's beat, a footstep a second (numbtui.cadence).
                beat = walk_beat(step.steps_in, step.steps_out, snapshot.step_elapsed)
                extra = f"{extra} · {beat_text(beat)}"
    if snapshot.status is Status.PAUSED:
        reason = PAUSED_AWAY if snapshot.paused_by_gap else PAUSED
        status = f"{reason} · {GO_ON_HINT}"
    return Scene(text=text, hint=hint, extra=extra, status=status, countdown=countdown(snapshot))


def phase_heading(breath: BreathState) -> str:
    """The phase glyph and words, e.g. ``▲ Breathe in``."""
    return f"{PHASE_GLYPHS[breath.phase]} {PHASE_WORDS[breath.phase]}"


def breath_line(breath: BreathState) -> str:
    """Which breath this is, e.g. ``breath 3 of 10``."""
    return f"breath {breath.cycle} of {breath.cycles}"


__all__ = ["Scene", "breath_line", "countdown", "describe", "live_status", "phase_count"]
