"""The conductor's names the sound package needs, in one place.

The conductor (``numbtui.cues`` and ``numbtui.plan``) is the one clock; this module is the
only place the sound package takes those names from, so the swap from the interim stand-in
below to the real modules is one file. The stand-in follows the written contract: ``Kind``,
``Change``, ``Timed``, ``timeline`` and ``changes`` (for readings one boundary apart).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from numbtui.exercise import AnyStep, Phase, PromptStep
from numbtui.session import Session, Snapshot, Status

WAIT_ESTIMATE = 20.0
"""Seconds a prompt that waits for a key is given in a plan."""

PHASE_SHORT: dict[Phase, str] = {
    Phase.INHALE: "In",
    Phase.HOLD: "Hold",
    Phase.EXHALE: "Out",
    Phase.HOLD_EMPTY: "Rest",
}


class Kind(StrEnum):
    """What kind of boundary a change is."""

    LEAD_IN = "lead_in"
    STEP = "step"
    PHASE = "phase"
    PAUSED = "paused"
    RESUMED = "resumed"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Change:
    """One boundary crossed."""

    kind: Kind
    step_index: int
    phase: Phase | None = None
    cycle: int | None = None
    late: float = 0.0
    jumped: bool = False


@dataclass(frozen=True)
class Timed:
    """A change at ``at`` seconds from the start of a practice played without pauses."""

    at: float
    change: Change
    snapshot: Snapshot


def _live(snapshot: Snapshot) -> Status:
    return snapshot.resume_status if snapshot.resume_status is not None else snapshot.status


def changes(previous: Snapshot | None, current: Snapshot) -> list[Change]:
    """The boundaries between two readings (the stand-in sees one per reading)."""
    found: list[Change] = []
    index = current.step_index
    if previous is None:
        if current.status is Status.LEAD_IN:
            return [Change(Kind.LEAD_IN, index)]
        previous_index, previous_lead, previous_breath = -1, True, None
    else:
        previous_index = previous.step_index
        previous_lead = _live(previous) is Status.LEAD_IN
        previous_breath = previous.breath
        if previous.status is not Status.PAUSED and current.status is Status.PAUSED:
            found.append(Change(Kind.PAUSED, index))
        if previous.status is Status.PAUSED and current.status not in (
            Status.PAUSED,
            Status.STOPPED,
        ):
            found.append(Change(Kind.RESUMED, index))
    if current.status is Status.STOPPED:
        return [*found, Change(Kind.STOPPED, index)]
    lead = _live(current) is Status.LEAD_IN
    if current.status is Status.FINISHED:
        return [*found, Change(Kind.FINISHED, index)]
    if lead and not previous_lead:
        found.append(Change(Kind.LEAD_IN, index))
    new_step = not lead and (previous_lead or index != previous_index)
    if new_step:
        found.append(Change(Kind.STEP, index))
    breath = current.breath
    if breath is not None and (
        new_step
        or previous_breath is None
        or (breath.phase_index, breath.cycle)
        != (previous_breath.phase_index, previous_breath.cycle)
    ):
        found.append(Change(Kind.PHASE, index, breath.phase, breath.cycle))
    return found


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def timeline(
    steps: Sequence[AnyStep],
    *,
    lead_in: float = 0.0,
    wait_seconds: float | Callable[[AnyStep], float] = WAIT_ESTIMATE,
) -> list[Timed]:
    """Every change of a practice played without pauses, from a session on a stepped clock."""
    clock = _Clock()
    session = Session(steps, clock, lead_in=lead_in, gap_limit=math.inf)
    snapshot = session.start()
    found = [Timed(0.0, change, snapshot) for change in changes(None, snapshot)]
    while not snapshot.over:
        previous = snapshot
        if snapshot.status is Status.WAITING:
            step = snapshot.step
            assert isinstance(step, PromptStep)
            wait = wait_seconds(step) if callable(wait_seconds) else wait_seconds
            clock.now += wait
            snapshot = session.continue_prompt()
        else:
            assert snapshot.next_change is not None
            # A reading a hair short of a boundary (float sums) just reads again.
            clock.now += max(snapshot.next_change, 1e-9)
            snapshot = session.snapshot()
        found.extend(Timed(clock.now, c, snapshot) for c in changes(previous, snapshot))
    return found
