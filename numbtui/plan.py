"""The plan of a practice: where every step and breath phase starts, and the whole timeline.

:class:`Plan` is the static layout of a list of steps (their planned starts and total), made
once per practice and shared by the :class:`~numbtui.session.Session` and every snapshot, so
the screen, the sound, the plain mode and ``render`` all count from the same boundaries.

:func:`timeline` plays a practice offline, without a clock: it steps a ``Session`` on a
manual clock from boundary to boundary and returns every change (``numbtui.cues``) with the
moment it happens. The gap rule is switched off there, since no reading is ever "late", and a
prompt that waits for a key is continued after ``wait_seconds``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from numbtui.durations import WAIT_ESTIMATE
from numbtui.exercise import AnyStep, BreatheStep, Phase, planned_seconds

if TYPE_CHECKING:
    from numbtui.cues import Change
    from numbtui.session import Snapshot


@dataclass(frozen=True)
class PhaseMark:
    """A breath phase starting ``offset`` seconds into its step."""

    offset: float
    cycle: int
    """The breath, counting from 1."""
    phase_index: int
    phase: Phase


@dataclass(frozen=True, eq=False)
class Plan:
    """The planned layout of ``steps``: each step's start and the total, in seconds."""

    steps: tuple[AnyStep, ...]
    starts: tuple[float, ...]
    """Planned start of each step; a prompt that waits counts 0 s in the plan."""
    total: float

    @classmethod
    def of(cls, steps: Sequence[AnyStep]) -> Plan:
        """The plan of ``steps`` (exact sums, so boundaries never drift)."""
        listed = tuple(steps)
        starts = tuple(planned_seconds(listed[:i]) for i in range(len(listed)))
        return cls(steps=listed, starts=starts, total=planned_seconds(listed))

    def phase_marks(self, index: int, after: float, upto: float) -> Iterator[PhaseMark]:
        """Breath phases of step ``index`` starting in ``(after, upto]`` seconds into the step.

        Computed from the breath's arithmetic, not a stored list, so a step of a thousand
        breaths costs nothing until its phases are crossed.
        """
        step = self.steps[index]
        if not isinstance(step, BreatheStep) or upto <= after:
            return
        ends = step.phase_ends
        cycle_seconds = ends[-1]
        starts = (0.0, *ends[:-1])
        first = max(0, math.floor(max(after, 0.0) / cycle_seconds))
        for cycle in range(first, step.cycles):
            base = cycle * cycle_seconds
            if base > upto:
                return
            for phase_index, start in enumerate(starts):
                offset = base + start
                if after < offset <= upto:
                    yield PhaseMark(offset, cycle + 1, phase_index, step.phases[phase_index][0])


@dataclass(frozen=True)
class Timed:
    """One change of an offline practice and the moment it happens."""

    at: float
    """Seconds from the start of the practice (the lead-in included, when there is one)."""
    change: Change
    snapshot: Snapshot
    """The state right at that moment."""


WaitSeconds = float | Callable[[AnyStep], float]


def timeline(
    steps: Sequence[AnyStep],
    *,
    lead_in: float = 0.0,
    wait_seconds: WaitSeconds = WAIT_ESTIMATE,
) -> list[Timed]:
    """Every change of a practice of ``steps`` played without pauses, with its moment.

    The last entry is the ``FINISHED`` change at the practice's end. ``wait_seconds`` is how
    long a prompt that waits for a key is held before it is continued (a number, or a
    function of the step, e.g. the time its spoken text takes).
    """
    from numbtui.cues import changes
    from numbtui.session import Session, Status

    now = 0.0

    def clock() -> float:
        return now

    session = Session(steps, clock, lead_in=lead_in, gap_limit=math.inf)
    previous = None
    snapshot = session.start()
    found: list[Timed] = []
    while True:
        found.extend(Timed(now, change, snapshot) for change in changes(previous, snapshot))
        if snapshot.over:
            return found
        previous = snapshot
        if snapshot.status is Status.WAITING:
            held = wait_seconds(snapshot.step) if callable(wait_seconds) else wait_seconds
            now += max(0.0, float(held))
            snapshot = session.continue_prompt()
            continue
        delay = snapshot.next_change
        if delay is None:  # nothing scheduled while live cannot happen; stop rather than spin
            raise RuntimeError(f"the practice stands still at {now:g} s")
        now += delay
        snapshot = session.snapshot()
