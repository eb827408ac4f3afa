"""The timing of one practice: a pure state machine driven by an injected clock.

:class:`Session` plays a list of steps. It never sleeps, never starts timers and knows nothing
of screens: every method reads the clock once, brings the state up to that moment and returns
a :class:`Snapshot` of what to show. The player asks for a snapshot at least once a second (and
at :attr:`Snapshot.next_change`), so the screen follows the clock, not a count of ticks.

How time is counted:

* Positions come from clock readings: a step's elapsed time is "now minus the moment the step
  started", so no error accumulates from frequent or infrequent calls. When a step's time is
  up, the next step starts exactly at the boundary (the remainder is carried over), so a 60 s
  exercise ends at exactly 60 s of clock time even if the screen looked late. Breathing phases
  are scheduled from the start of their step in the same way.
* A get-ready lead-in comes first (``lead_in`` seconds, 0 for none). A prompt without
  ``seconds`` waits (status ``WAITING``) until :meth:`Session.continue_prompt` or
  :meth:`Session.next_step`.
* Pausing freezes the position; time spent paused is not counted. Pausing works in the
  lead-in, while running and while waiting, and resuming returns to where it was, except on
  a breathing step: a breath is not resumed halfway, so it goes on from the start of the
  phase it was paused in (the part already breathed still counts as practised).
* **The gap rule** (Ctrl+Z and ``fg``, a laptop lid closed, the process stopped): while not
  paused the player reads the clock at least once a second. When two consecutive readings in a
  non-paused state are more than ``gap_limit`` seconds apart, the session did not see that
  time pass, so it does not count it: it becomes ``PAUSED`` at the position of the earlier
  reading, with :attr:`Snapshot.paused_by_gap` set (the screen can say "Paused while you were
  away"). Resuming carries on from that position. Every method that reads the clock applies
  the rule first. A clock that steps backwards is treated as standing still.
* ``practised`` is the real time spent running or waiting: not the lead-in, not pauses, not
  the part of a step skipped with :meth:`Session.next_step`. Going back with
  :meth:`Session.previous_step` does not take away time already practised.
* Navigating while paused (next, previous, skipping the lead-in) moves to the start of the
  new step and stays paused there; resuming starts it.
* Once ``FINISHED`` or ``STOPPED`` the session is over and stays over: every method then just
  returns the final snapshot.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from numbtui.exercise import AnyStep, BreatheStep, Exercise, Phase, waits
from numbtui.plan import Plan

Clock = Callable[[], float]
"""Monotonic seconds, e.g. :func:`time.monotonic`."""


class Status(StrEnum):
    """What the session is doing."""

    LEAD_IN = "lead_in"
    """The get-ready countdown before the first step."""
    RUNNING = "running"
    """A timed step is playing."""
    WAITING = "waiting"
    """A prompt without seconds waits for a key."""
    PAUSED = "paused"
    """Paused by the user or by the gap rule; see ``resume_status``."""
    FINISHED = "finished"
    """Every step was played (or skipped) to the end."""
    STOPPED = "stopped"
    """Stopped early."""


_LIVE = frozenset({Status.LEAD_IN, Status.RUNNING, Status.WAITING})
_PRACTISING = frozenset({Status.RUNNING, Status.WAITING})
_OVER = frozenset({Status.FINISHED, Status.STOPPED})


@dataclass(frozen=True)
class BreathState:
    """Where the breathing pacer is within the current breath."""

    phase: Phase
    phase_index: int
    """Index of the phase in ``BreatheStep.phases``."""
    phase_seconds: float
    phase_elapsed: float
    phase_remaining: float
    fill: float
    """Lung level from 0 to 1: rises while breathing in, falls while breathing out."""
    fill_from: float
    """The lung level at the start of this phase (the level moves linearly to ``fill_to``)."""
    fill_to: float
    """The lung level at the end of this phase."""
    cycle: int
    """The current breath, counting from 1."""
    cycles: int


@dataclass(frozen=True)
class Snapshot:
    """Everything the player shows, as of one clock reading."""

    status: Status
    resume_status: Status | None
    """When paused: the status resuming returns to (lead-in, running or waiting)."""
    paused_by_gap: bool
    """Paused by the gap rule rather than by the user."""
    step_index: int
    """The current step, counting from 0 (the first step during the lead-in)."""
    step_count: int
    step: AnyStep
    step_elapsed: float
    """Seconds into the current step (for a waiting prompt: seconds waited)."""
    step_remaining: float | None
    """Seconds left of the current step; None when it waits for a key."""
    lead_in_remaining: float | None
    """Seconds left of the get-ready lead-in; None outside it."""
    elapsed: float
    """Progress along the plan: planned lengths of the steps before plus this step's part."""
    total: float
    """The planned total; waiting prompts count 0."""
    practised: float
    """Real time spent running or waiting so far."""
    breath: BreathState | None
    """The pacer's state on a breathing step while running (or paused while running)."""
    next_change: float | None
    """Seconds until the next scheduled boundary (lead-in end, step end, breath phase change);
    None when nothing is scheduled (paused, waiting, over)."""
    plan: Plan
    """The practice's plan: every step's planned start (shared, never copied)."""
    moves: int = 0
    """How many times a key moved the position (next, previous, Enter on a prompt, skipping
    the lead-in). Two snapshots with the same count are joined by time alone, so every
    boundary between them was crossed by the clock (see ``numbtui.cues.changes``)."""

    @property
    def over(self) -> bool:
        """True once finished or stopped."""
        return self.status in _OVER

    @property
    def visible_key(self) -> tuple[object, ...]:
        """A value that changes exactly when something shown in whole seconds changes.

        It covers the status (and pause reason), the step, the breath phase and number, and
        the countdowns rounded up to whole seconds: step, lead-in, phase and the whole plan,
        plus the whole seconds waited on a waiting prompt. The pacer's ``fill`` moves
        continuously and is left out on purpose: the pacer animates on its own.
        """
        breath = self.breath
        waited = math.floor(self.step_elapsed) if self._effective is Status.WAITING else None
        return (
            self.status,
            self.resume_status,
            self.paused_by_gap,
            self.step_index,
            None if breath is None else (breath.phase_index, breath.cycle),
            _ceil(self.step_remaining),
            _ceil(self.lead_in_remaining),
            None if breath is None else phase_count(breath),
            _ceil(self.total - self.elapsed),
            waited,
        )

    @property
    def next_visible_change(self) -> float | None:
        """Seconds until :attr:`visible_key` will change by itself; None when nothing moves.

        The player can wait this long before its next snapshot (but at most a second, so the
        gap rule can tell a pause of the process from a quiet screen).
        """
        status = self.status
        if status not in _LIVE:
            return None
        candidates: list[float] = []
        if self.next_change is not None:
            candidates.append(self.next_change)
        moving: list[float | None]
        if status is Status.LEAD_IN:
            moving = [self.lead_in_remaining]
        elif status is Status.RUNNING:
            moving = [self.step_remaining, self.total - self.elapsed]
            if self.breath is not None and (until := until_count_changes(self.breath)):
                candidates.append(until)
        else:
            moving = []
            candidates.append(math.floor(self.step_elapsed) + 1 - self.step_elapsed)
        candidates.extend(_until_digit_changes(r) for r in moving if r is not None and r > 0)
        return min(candidates) if candidates else None

    @property
    def _effective(self) -> Status:
        return self.resume_status if self.resume_status is not None else self.status


def _ceil(value: float | None) -> int | None:
    return None if value is None else math.ceil(value)


_EPSILON = 1e-6
"""A reading a hair before a whole second (floating-point sums) counts as on it."""


def phase_count(breath: BreathState) -> int:
    """The seconds count shown beside a breath phase.

    It goes down by one as each whole second of the phase begins, counted from the phase's
    start, and never shows 0: a 4 s phase counts 4, 3, 2, 1; a 5.5 s phase counts 5, 4, 3, 2,
    1, the last one held for the final 1.5 s. So the number never runs ahead of the breath
    (a 5.5 s phase never shows 6) and always changes in time with the phase's own seconds.
    """
    whole = math.floor(breath.phase_elapsed + _EPSILON)
    return max(1, math.floor(breath.phase_seconds + _EPSILON) - whole)


def until_count_changes(breath: BreathState) -> float | None:
    """Seconds until :func:`phase_count` changes within this phase; None if it stays."""
    whole = math.floor(breath.phase_elapsed + _EPSILON)
    if math.floor(breath.phase_seconds + _EPSILON) - (whole + 1) < 1:
        return None  # the last number stays until the phase ends, which is scheduled anyway
    return max(0.0, whole + 1 - breath.phase_elapsed)


def _until_digit_changes(remaining: float) -> float:
    return remaining - (math.ceil(remaining) - 1)


class Session:
    """The timing of one practice of ``steps``; see the module docstring for the rules."""

    def __init__(
        self,
        steps: Sequence[AnyStep],
        clock: Clock,
        *,
        lead_in: float = 3.0,
        gap_limit: float = 2.0,
    ) -> None:
        if not steps:
            raise ValueError("a session needs at least one step")
        if not (math.isfinite(lead_in) and lead_in >= 0):
            raise ValueError("lead_in must be a finite number of seconds, 0 or more")
        if not gap_limit > 0:
            raise ValueError("gap_limit must be more than 0 seconds")
        self._steps: tuple[AnyStep, ...] = tuple(steps)
        self._clock = clock
        self._lead_in = float(lead_in)
        self._gap_limit = float(gap_limit)
        self._plan = Plan.of(self._steps)
        self._starts = self._plan.starts
        self._total = self._plan.total
        self._moves = 0

        self._started = False
        self._status = Status.LEAD_IN
        self._resume: Status | None = None
        self._by_gap = False
        self._lead = True  # in the lead-in segment (live or paused there)
        self._index = 0
        # While live, the position is _base + (reading - _anchor): a resumed segment restarts
        # its anchor at the resume reading with its frozen position as base, so resuming does
        # not round the position.
        self._anchor = 0.0
        self._base = 0.0
        self._frozen = 0.0  # while paused or over: the position in the segment
        self._last: float | None = None  # the latest reading while live
        self._high = -math.inf  # the highest reading ever, so the clock never steps back
        self._banked = 0.0  # practised time of segments already left

    @classmethod
    def from_exercise(
        cls,
        exercise: Exercise,
        clock: Clock,
        *,
        lead_in: float = 3.0,
        gap_limit: float = 2.0,
    ) -> Session:
        """A session playing ``exercise``'s steps."""
        return cls(exercise.steps, clock, lead_in=lead_in, gap_limit=gap_limit)

    # -- reading the state (no clock reading) -------------------------------------------------

    @property
    def steps(self) -> tuple[AnyStep, ...]:
        """The steps played."""
        return self._steps

    @property
    def total(self) -> float:
        """The planned total in seconds (waiting prompts count 0)."""
        return self._total

    @property
    def plan(self) -> Plan:
        """The plan played: every step's planned start and the total."""
        return self._plan

    @property
    def started(self) -> bool:
        """True once :meth:`start` (or any method reading the clock) has run."""
        return self._started

    @property
    def status(self) -> Status:
        """The status as of the latest clock reading."""
        return self._status

    @property
    def practised(self) -> float:
        """Real time spent running or waiting, as of the latest clock reading."""
        if self._lead or self._status in _OVER:
            return self._banked
        if self._effective() not in _PRACTISING:
            return self._banked
        return self._banked + self._position()

    @property
    def finished(self) -> bool:
        """True when every step was played (or skipped) to the end."""
        return self._status is Status.FINISHED

    @property
    def stopped(self) -> bool:
        """True when the practice was stopped early."""
        return self._status is Status.STOPPED

    @property
    def over(self) -> bool:
        """True once finished or stopped."""
        return self._status in _OVER

    # -- commands -------------------------------------------------------------------------------

    def start(self) -> Snapshot:
        """Begin with the lead-in (or the first step when there is none)."""
        self._read()
        return self._snapshot()

    def snapshot(self) -> Snapshot:
        """Read the clock, move past any steps whose time is up and return the state."""
        self._read()
        return self._snapshot()

    def toggle_pause(self) -> Snapshot:
        """Pause or resume; during the lead-in, skip it instead (space means "go")."""
        now = self._read()
        if self._status is Status.LEAD_IN:
            self._moves += 1
            self._goto(0, now)
        elif self._status is Status.PAUSED:
            self._resume_at(now)
        elif self._status in _LIVE:
            self._pause_at(now)
        return self._snapshot()

    def pause(self) -> Snapshot:
        """Pause (in the lead-in, a running step or a waiting prompt)."""
        now = self._read()
        if self._status in _LIVE:
            self._pause_at(now)
        return self._snapshot()

    def resume(self) -> Snapshot:
        """Carry on from where the pause began."""
        now = self._read()
        if self._status is Status.PAUSED:
            self._resume_at(now)
        return self._snapshot()

    def skip_lead_in(self) -> Snapshot:
        """End the lead-in now and start the first step (still paused if paused)."""
        now = self._read()
        if self._lead and self._status not in _OVER:
            self._moves += 1
            self._goto(0, now)
        return self._snapshot()

    def next_step(self) -> Snapshot:
        """Move to the next step; on the last step, finish. In the lead-in, skip it."""
        self._next(self._read())
        return self._snapshot()

    def previous_step(self) -> Snapshot:
        """Start the previous step from its beginning; on the first step, restart it.

        In the lead-in, the lead-in starts again.
        """
        now = self._read()
        if self._status in _OVER:
            return self._snapshot()
        self._moves += 1
        if self._lead:
            self._goto(None, now)
        else:
            self._leave_step()
            self._goto(max(self._index - 1, 0), now)
        return self._snapshot()

    def continue_prompt(self) -> Snapshot:
        """End a waiting prompt and move on; does nothing otherwise (also not while paused)."""
        now = self._read()
        if self._status is Status.WAITING:
            self._next(now)
        return self._snapshot()

    def stop(self) -> Snapshot:
        """Stop early, keeping the time practised so far. Does nothing once over."""
        if not self._started:
            self._started = True
            self._lead = False
            self._status = Status.STOPPED
            return self._snapshot()
        self._read()
        if self._status not in _OVER:
            position = 0.0 if self._lead else self._position()
            self._leave_step()
            self._lead = False
            self._frozen = position
            self._status = Status.STOPPED
            self._resume = None
            self._by_gap = False
            self._last = None
        return self._snapshot()

    # -- the machinery --------------------------------------------------------------------------

    def _effective(self) -> Status:
        return self._resume if self._status is Status.PAUSED and self._resume else self._status

    def _position(self) -> float:
        """The position in the current segment as of the latest reading."""
        if self._status in _LIVE and self._last is not None:
            return self._base + max(0.0, self._last - self._anchor)
        return self._frozen

    def _segment_length(self) -> float:
        return self._lead_in if self._lead else float(self._steps[self._index].duration)

    def _read(self) -> float:
        """Read the clock, start if needed, apply the gap rule and advance; returns now."""
        now = max(self._clock(), self._high)
        self._high = now
        if not self._started:
            self._started = True
            self._last = now
            if self._lead_in > 0:
                self._goto(None, now)
            else:
                self._goto(0, now)
        if self._status not in _LIVE:
            return now
        last = self._last if self._last is not None else now
        if now - last > self._gap_limit:
            self._pause_at(last)
            self._by_gap = True
            return now
        self._advance(now)
        if self._status in _LIVE:
            self._last = now
        return now

    def _advance(self, now: float) -> None:
        """Cross every boundary up to ``now``, each next segment starting at the boundary."""
        while self._status in (Status.LEAD_IN, Status.RUNNING):
            length = self._segment_length()
            if self._base + (now - self._anchor) < length:
                return
            boundary = self._anchor + (length - self._base)
            if self._lead:
                self._goto(0, boundary)
            elif self._index + 1 < len(self._steps):
                self._banked += length
                self._goto(self._index + 1, boundary)
            else:
                self._banked += length
                self._finish()

    def _goto(self, index: int | None, at: float) -> None:
        """Enter a segment at its start (``None`` is the lead-in); stay paused if paused."""
        self._lead = index is None
        self._index = index or 0
        if self._lead:
            status = Status.LEAD_IN
        else:
            status = Status.WAITING if waits(self._steps[self._index]) else Status.RUNNING
        self._anchor = at
        self._base = 0.0
        self._frozen = 0.0
        if self._status is Status.PAUSED:
            self._resume = status
        else:
            self._status = status

    def _next(self, now: float) -> None:
        if self._status in _OVER:
            return
        self._moves += 1
        if self._lead:
            self._goto(0, now)
            return
        self._leave_step()
        if self._index + 1 < len(self._steps):
            self._goto(self._index + 1, now)
        else:
            self._finish()

    def _leave_step(self) -> None:
        """Bank the time practised in the current step before moving away from it."""
        if not self._lead and self._effective() in _PRACTISING:
            self._banked += self._position()

    def _pause_at(self, at: float) -> None:
        self._frozen = self._base + max(0.0, at - self._anchor)
        self._resume = self._status
        self._status = Status.PAUSED
        self._by_gap = False
        self._last = None

    def _resume_at(self, now: float) -> None:
        step = self._steps[self._index]
        if not self._lead and self._resume is Status.RUNNING and isinstance(step, BreatheStep):
            # A breath is not resumed halfway: back to the start of the phase it was in. The
            # part of the phase already breathed stays practised (it was real time).
            rewind = _breath(step, self._frozen).phase_elapsed
            self._frozen -= rewind
            self._banked += rewind
        self._anchor = now
        self._base = self._frozen
        self._status = self._resume or Status.RUNNING
        self._resume = None
        self._by_gap = False
        self._last = now

    def _finish(self) -> None:
        """End after the last step; the plan counts as complete even if it was skipped."""
        last = self._steps[-1]
        self._frozen = self._position() if waits(last) else float(last.duration)
        self._index = len(self._steps) - 1
        self._lead = False
        self._status = Status.FINISHED
        self._resume = None
        self._by_gap = False
        self._last = None

    def _snapshot(self) -> Snapshot:
        step = self._steps[self._index]
        duration = float(step.duration)
        open_ended = waits(step)
        position = self._position()
        if self._lead:
            step_elapsed = 0.0
            lead_in_remaining: float | None = max(0.0, self._lead_in - position)
        else:
            step_elapsed = position if open_ended else min(position, duration)
            lead_in_remaining = None
        step_remaining = None if open_ended else max(0.0, duration - step_elapsed)
        elapsed = min(self._starts[self._index] + min(step_elapsed, duration), self._total)
        breath = None
        if (
            isinstance(step, BreatheStep)
            and not self._lead
            and self._effective() is Status.RUNNING
            and self._status not in _OVER
        ):
            breath = _breath(step, step_elapsed)
        next_change: float | None = None
        if self._status is Status.LEAD_IN:
            next_change = lead_in_remaining
        elif self._status is Status.RUNNING:
            next_change = breath.phase_remaining if breath is not None else step_remaining
        return Snapshot(
            status=self._status,
            resume_status=self._resume if self._status is Status.PAUSED else None,
            paused_by_gap=self._by_gap and self._status is Status.PAUSED,
            step_index=self._index,
            step_count=len(self._steps),
            step=step,
            step_elapsed=step_elapsed,
            step_remaining=step_remaining,
            lead_in_remaining=lead_in_remaining,
            elapsed=elapsed,
            total=self._total,
            practised=self.practised,
            breath=breath,
            next_change=next_change,
            plan=self._plan,
            moves=self._moves,
        )


def _breath(step: BreatheStep, position: float) -> BreathState:
    """The pacer at ``position`` seconds into a breathing step, scheduled from its start."""
    phases = step.phases
    ends = step.phase_ends
    cycle_seconds = ends[-1]
    cycle_index, in_cycle = divmod(max(0.0, position), cycle_seconds)
    cycle = int(cycle_index)
    if cycle >= step.cycles:  # the very end of the step shows the end of the last breath
        cycle, in_cycle = step.cycles - 1, cycle_seconds
    phase_index = next((i for i, end in enumerate(ends) if in_cycle < end), len(phases) - 1)
    phase_start = ends[phase_index - 1] if phase_index else 0.0
    phase, seconds = phases[phase_index]
    phase_elapsed = min(max(0.0, in_cycle - phase_start), seconds)
    progress = phase_elapsed / seconds
    fill_from, fill_to = phase_levels(step, phase)
    return BreathState(
        phase=phase,
        phase_index=phase_index,
        phase_seconds=seconds,
        phase_elapsed=phase_elapsed,
        phase_remaining=seconds - phase_elapsed,
        fill=fill_from + (fill_to - fill_from) * progress,
        fill_from=fill_from,
        fill_to=fill_to,
        cycle=cycle + 1,
        cycles=step.cycles,
    )


PHASE_LEVELS: dict[Phase, tuple[float, float]] = {
    Phase.INHALE: (0.0, 1.0),
    Phase.TOP_UP: (0.0, 1.0),  # as if it were the whole breath in; see phase_levels
    Phase.HOLD: (1.0, 1.0),
    Phase.EXHALE: (1.0, 0.0),
    Phase.HOLD_EMPTY: (0.0, 0.0),
}
"""The lung level at the start and end of each phase; it moves linearly in between. Breathing
in and the top-up share the rise when a breath has a top-up (see :func:`phase_levels`)."""


def phase_levels(step: BreatheStep, phase: Phase) -> tuple[float, float]:
    """The lung level at the start and end of ``phase`` in a breath of ``step``.

    With a top-up, breathing in fills the lungs in proportion to its share of the time spent
    breathing in (``inhale / (inhale + top_up)``) and the top-up fills the rest, so the
    second in-breath visibly fills the last part of the pacer's bar.
    """
    if step.top_up and phase in (Phase.INHALE, Phase.TOP_UP):
        share = step.inhale / (step.inhale + step.top_up)
        return (0.0, share) if phase is Phase.INHALE else (share, 1.0)
    return PHASE_LEVELS[phase]
