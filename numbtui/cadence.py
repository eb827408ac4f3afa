"""The beat of a walking step: which foot, and where in the breath (pure; cheap to import).

A walk step's cadence (``steps_in`` footsteps breathing in, ``steps_out`` breathing out) is
given a pace of one footstep a second (:data:`FOOTSTEP_SECONDS`), a slow, mindful walk: with
3 in and 3 out that is a six-second breath. :func:`walk_beat` says, for a moment of the step,
which footstep of which half of the breath it is and which foot, starting with the left;
:func:`beat_text` says it in one short line for the player.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FOOTSTEP_SECONDS = 1.0
"""One footstep a second: the pace the cadence is counted at."""


@dataclass(frozen=True)
class Beat:
    """One footstep of a walking cadence."""

    breathing_in: bool
    footstep: int
    """The footstep within this half of the breath, counting from 1."""
    footsteps: int
    """Footsteps in this half of the breath."""
    left: bool
    """The left foot (else the right)."""


def walk_beat(steps_in: int, steps_out: int, elapsed: float) -> Beat:
    """The footstep at ``elapsed`` seconds into a walk with this cadence."""
    count = math.floor(max(0.0, elapsed) / FOOTSTEP_SECONDS)
    in_breath = count % (steps_in + steps_out)
    if in_breath < steps_in:
        return Beat(True, in_breath + 1, steps_in, left=count % 2 == 0)
    return Beat(False, in_breath - steps_in + 1, steps_out, left=count % 2 == 0)


def beat_text(beat: Beat) -> str:
    """E.g. "in ●●○ right": the half of the breath, the footsteps so far, the foot."""
    half = "in" if beat.breathing_in else "out"
    marks = "●" * beat.footstep + "○" * (beat.footsteps - beat.footstep)
    return f"{half} {marks} {'left' if beat.left else 'right'}"
