"""The session's timing: lead-in, steps, breathing, pauses, navigation and the gap rule.

Time is a FakeClock moved by each test; nothing sleeps.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numbtui.exercise import AnyStep, BreatheStep, Exercise, ExerciseFile, Phase
from numbtui.session import (
    BreathState,
    Session,
    Snapshot,
    Status,
    _breath,
    phase_count,
    until_count_changes,
)
from tests.fakes import FakeClock


def make_steps(*steps: dict[str, Any]) -> list[AnyStep]:
    data = {"title": "Test", "summary": "A test.", "steps": list(steps)}
    return list(ExerciseFile.model_validate(data).steps)


def guide(seconds: float) -> dict[str, Any]:
    return {"kind": "guide", "text": "Notice your feet.", "seconds": seconds}


def walk(seconds: float) -> dict[str, Any]:
    return {"kind": "walk", "text": "Walk slowly.", "seconds": seconds}


def prompt(seconds: float | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"kind": "prompt", "text": "Name one thing you can see."}
    if seconds is not None:
        step["seconds"] = seconds
    return step


def breathe(
    inhale: float, hold: float, exhale: float, hold_empty: float = 0, cycles: int = 2
) -> dict[str, Any]:
    return {
        "kind": "breathe",
        "text": "Breathe with the pacer.",
        "inhale": inhale,
        "hold": hold,
        "exhale": exhale,
        "hold_empty": hold_empty,
        "cycles": cycles,
    }


def session(
    *steps: dict[str, Any], lead_in: float = 0.0, gap_limit: float = math.inf
) -> tuple[Session, FakeClock]:
    """A session and its clock; the gap rule is off unless a test asks for it."""
    clock = FakeClock()
    return Session(make_steps(*steps), clock, lead_in=lead_in, gap_limit=gap_limit), clock


def at(s: Session, clock: FakeClock, t: float) -> Snapshot:
    """The snapshot with the clock set to ``t`` (never moving it back)."""
    assert t >= clock.now
    clock.now = t
    return s.snapshot()


def walk_to(s: Session, clock: FakeClock, t: float, step: float = 0.5) -> Snapshot:
    """Read the clock every ``step`` seconds up to ``t``, as the player would."""
    s.snapshot()
    start = clock.now
    i = 1
    while start + i * step < t:
        clock.now = start + i * step
        s.snapshot()
        i += 1
    return at(s, clock, t)


# -- construction and start ------------------------------------------------------------------


def test_start_enters_the_lead_in() -> None:
    s, _ = session(guide(10), lead_in=3)
    snap = s.start()
    assert snap.status is Status.LEAD_IN
    assert snap.lead_in_remaining == 3
    assert snap.next_change == 3
    assert snap.step_index == 0
    assert snap.step_count == 1
    assert snap.step_remaining == 10
    assert snap.elapsed == 0
    assert snap.practised == 0
    assert snap.breath is None


def test_without_lead_in_the_first_step_starts_at_once() -> None:
    s, _ = session(guide(10), lead_in=0)
    snap = s.start()
    assert snap.status is Status.RUNNING
    assert snap.lead_in_remaining is None
    assert snap.next_change == 10


def test_first_step_starts_when_lead_in_ends() -> None:
    s, clock = session(guide(10), lead_in=3)
    s.start()
    assert at(s, clock, 1.2).lead_in_remaining == pytest.approx(1.8)
    snap = at(s, clock, 3)
    assert snap.status is Status.RUNNING
    assert snap.step_elapsed == 0
    assert snap.practised == 0
    assert snap.lead_in_remaining is None


def test_snapshot_before_start_starts_the_session() -> None:
    s, _ = session(guide(10), lead_in=3)
    assert not s.started
    assert s.snapshot().status is Status.LEAD_IN
    assert s.started


def test_start_twice_does_not_restart() -> None:
    s, clock = session(guide(10), lead_in=0)
    s.start()
    clock.advance(1)
    assert s.start().step_elapsed == 1


def test_start_reads_the_clock_not_zero() -> None:
    clock = FakeClock(start=1000.0)
    s = Session(make_steps(guide(10)), clock, lead_in=0)
    s.start()
    clock.advance(1.5)
    assert s.snapshot().step_elapsed == 1.5


@pytest.mark.parametrize(
    ("kwargs", "steps"),
    [
        ({}, []),
        ({"lead_in": -1.0}, None),
        ({"lead_in": math.inf}, None),
        ({"lead_in": math.nan}, None),
        ({"gap_limit": 0.0}, None),
        ({"gap_limit": math.nan}, None),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, float], steps: list[AnyStep] | None) -> None:
    with pytest.raises(ValueError, match=r"must|needs"):
        Session(make_steps(guide(10)) if steps is None else steps, FakeClock(), **kwargs)


def test_from_exercise_plays_the_exercise_steps() -> None:
    spec = ExerciseFile.model_validate(
        {"title": "T", "summary": "S.", "steps": [guide(5), guide(7)]}
    )
    s = Session.from_exercise(Exercise(id="t", spec=spec), FakeClock(), lead_in=0)
    snap = s.start()
    assert snap.total == 12
    assert snap.step_count == 2
    assert snap.step == spec.steps[0]


# -- running to the end ------------------------------------------------------------------------

MIXED = (guide(10), breathe(4, 4, 4, cycles=2), prompt(5), walk(6))  # 10 + 24 + 5 + 6 = 45


def test_runs_to_the_end_exactly_at_the_planned_total() -> None:
    s, clock = session(*MIXED, lead_in=3)
    s.start()
    snap = walk_to(s, clock, 47.999, step=0.7)
    assert snap.status is Status.RUNNING
    assert snap.step_index == 3
    snap = at(s, clock, 48)
    assert snap.status is Status.FINISHED
    assert snap.over
    assert s.finished
    assert not s.stopped
    assert snap.practised == 45
    assert snap.elapsed == snap.total == 45
    assert snap.step_index == 3
    assert snap.step_remaining == 0
    assert snap.next_change is None


def test_each_step_starts_exactly_at_its_planned_time_whatever_the_reading_times() -> None:
    s, clock = session(*MIXED, lead_in=3)
    s.start()
    starts = {0: 3.0, 1: 13.0, 2: 37.0, 3: 42.0}
    for index, start in starts.items():
        before = walk_to(s, clock, start - 0.001, step=0.37)
        assert before.step_index == index - 1 or before.status is Status.LEAD_IN
        snap = at(s, clock, start)
        assert snap.step_index == index
        assert snap.step_elapsed == 0
        assert snap.elapsed == start - 3


def test_late_reading_carries_the_remainder_into_the_next_step() -> None:
    s, clock = session(guide(10), guide(10))
    s.start()
    at(s, clock, 9.5)
    snap = at(s, clock, 11.5)  # exactly gap_limit later: still counted
    assert snap.status is Status.RUNNING
    assert snap.step_index == 1
    assert snap.step_elapsed == 1.5
    assert snap.practised == 11.5
    assert at(s, clock, 20).over


def test_several_short_steps_can_pass_in_one_reading() -> None:
    s, clock = session(guide(1), guide(1), guide(1), guide(5))
    s.start()
    at(s, clock, 0.9)
    snap = at(s, clock, 2.8)  # 1.9 s later: crosses the ends of steps 0 and 1
    assert snap.status is Status.RUNNING
    assert snap.step_index == 2
    assert snap.step_elapsed == pytest.approx(0.8)
    assert snap.practised == pytest.approx(2.8)


def test_the_last_steps_can_finish_in_one_reading() -> None:
    s, clock = session(guide(1), guide(1))
    s.start()
    at(s, clock, 0.5)
    snap = at(s, clock, 2.4)
    assert snap.status is Status.FINISHED
    assert snap.practised == 2
    assert snap.elapsed == 2


def test_a_run_of_sixty_seconds_ends_at_sixty_seconds_of_clock_time() -> None:
    s, clock = session(*[guide(1)] * 60)
    s.start()
    snap = walk_to(s, clock, 59.999, step=0.3)
    assert snap.status is Status.RUNNING
    assert snap.step_index == 59
    assert at(s, clock, 60).status is Status.FINISHED
    assert s.practised == 60


# -- waiting prompts ---------------------------------------------------------------------------


def test_waiting_prompt_waits_and_counts_as_practice() -> None:
    s, clock = session(guide(5), prompt(), guide(5))
    s.start()
    snap = walk_to(s, clock, 35, step=1)
    assert snap.status is Status.WAITING
    assert snap.step_index == 1
    assert snap.step_remaining is None
    assert snap.next_change is None
    assert snap.step_elapsed == 30
    assert snap.elapsed == 5  # a waiting prompt adds nothing to the plan
    assert snap.total == 10
    assert snap.practised == 35


def test_continue_prompt_moves_on_from_a_waiting_prompt() -> None:
    s, clock = session(guide(5), prompt(), guide(5))
    s.start()
    walk_to(s, clock, 8, step=1)
    snap = s.continue_prompt()
    assert snap.status is Status.RUNNING
    assert snap.step_index == 2
    assert snap.step_elapsed == 0
    assert snap.elapsed == 5
    assert at(s, clock, 12.999).status is Status.RUNNING
    assert at(s, clock, 13).status is Status.FINISHED
    assert s.practised == 13


def test_continue_prompt_is_a_no_op_when_not_waiting() -> None:
    s, clock = session(guide(5), prompt(), guide(5))
    s.start()
    clock.advance(2)
    snap = s.continue_prompt()
    assert snap.status is Status.RUNNING
    assert snap.step_index == 0
    assert snap.step_elapsed == 2


def test_continue_prompt_does_nothing_while_paused_on_a_waiting_prompt() -> None:
    s, _ = session(prompt(), guide(5))
    s.start()
    s.pause()
    snap = s.continue_prompt()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.WAITING
    assert snap.step_index == 0


def test_a_waiting_prompt_as_last_step_finishes_on_continue() -> None:
    s, clock = session(guide(2), prompt())
    s.start()
    walk_to(s, clock, 6, step=1)
    snap = s.continue_prompt()
    assert snap.status is Status.FINISHED
    assert snap.practised == 6
    assert snap.elapsed == snap.total == 2


def test_a_timed_prompt_ends_by_itself() -> None:
    s, clock = session(prompt(5), guide(5))
    s.start()
    snap = at(s, clock, 5)
    assert snap.step_index == 1
    assert snap.status is Status.RUNNING


# -- pausing -----------------------------------------------------------------------------------


def test_pause_excludes_the_paused_time() -> None:
    s, clock = session(guide(10))
    s.start()
    at(s, clock, 3)
    snap = s.pause()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.RUNNING
    assert not snap.paused_by_gap
    assert snap.next_change is None
    clock.advance(100)
    snap = s.snapshot()
    assert snap.status is Status.PAUSED
    assert snap.step_elapsed == 3
    assert snap.practised == 3
    assert snap.step_remaining == 7
    snap = s.resume()
    assert snap.status is Status.RUNNING
    assert snap.resume_status is None
    assert snap.step_elapsed == 3
    assert at(s, clock, 107).step_elapsed == 7
    assert at(s, clock, 109.999).status is Status.RUNNING
    snap = at(s, clock, 110)
    assert snap.status is Status.FINISHED
    assert snap.practised == 10


def test_pause_in_the_lead_in_returns_to_the_lead_in() -> None:
    s, clock = session(guide(10), lead_in=3)
    s.start()
    at(s, clock, 1)
    snap = s.pause()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.LEAD_IN
    assert snap.lead_in_remaining == 2
    clock.advance(50)
    assert s.snapshot().lead_in_remaining == 2
    snap = s.resume()
    assert snap.status is Status.LEAD_IN
    assert snap.lead_in_remaining == 2
    assert at(s, clock, 52.999).status is Status.LEAD_IN
    snap = at(s, clock, 53)
    assert snap.status is Status.RUNNING
    assert snap.practised == 0


def test_pause_while_waiting_stops_counting_the_wait() -> None:
    s, clock = session(prompt(), guide(5))
    s.start()
    at(s, clock, 1.5)
    s.pause()
    clock.advance(60)
    snap = s.resume()
    assert snap.status is Status.WAITING
    assert snap.practised == 1.5
    clock.advance(1)
    assert s.snapshot().practised == 2.5


def test_toggle_pause_skips_the_lead_in_then_pauses_and_resumes() -> None:
    s, clock = session(guide(10), lead_in=3)
    s.start()
    clock.advance(1)
    snap = s.toggle_pause()
    assert snap.status is Status.RUNNING
    assert snap.step_elapsed == 0
    clock.advance(2)
    snap = s.toggle_pause()
    assert snap.status is Status.PAUSED
    assert snap.step_elapsed == 2
    clock.advance(5)
    snap = s.toggle_pause()
    assert snap.status is Status.RUNNING
    assert snap.step_elapsed == 2


def test_toggle_pause_pauses_a_waiting_prompt() -> None:
    s, _ = session(prompt(), guide(5))
    s.start()
    snap = s.toggle_pause()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.WAITING
    assert s.toggle_pause().status is Status.WAITING


def test_pause_and_resume_are_idempotent() -> None:
    s, clock = session(guide(10))
    s.start()
    clock.advance(1)
    s.pause()
    clock.advance(1)
    assert s.pause().step_elapsed == 1
    s.resume()
    clock.advance(1)
    snap = s.resume()
    assert snap.status is Status.RUNNING
    assert snap.step_elapsed == 2


def test_paused_breathing_keeps_its_pacer_frozen() -> None:
    s, clock = session(breathe(4, 4, 4))
    s.start()
    at(s, clock, 2)
    s.pause()
    clock.advance(30)
    breath = s.snapshot().breath
    assert breath is not None
    assert breath.phase is Phase.INHALE
    assert breath.fill == 0.5


def test_resuming_a_breath_starts_again_at_the_start_of_its_phase() -> None:
    s, clock = session(breathe(4, 7, 8, cycles=2))
    s.start()
    at(s, clock, 4 + 5.5)  # 5.5 s into the 7 s hold
    s.pause()
    clock.advance(60)
    snap = s.resume()
    assert snap.breath is not None
    assert snap.breath.phase is Phase.HOLD
    assert snap.breath.phase_elapsed == 0
    assert snap.breath.phase_remaining == 7
    assert snap.step_elapsed == 4
    assert snap.practised == 9.5  # what was breathed before the pause still counts
    clock.advance(7)
    breath = s.snapshot().breath
    assert breath is not None
    assert breath.phase is Phase.EXHALE
    assert s.practised == 16.5


def test_resuming_after_a_gap_also_starts_the_phase_again() -> None:
    s, clock = session(breathe(4, 0, 6, cycles=3), gap_limit=2)
    s.start()
    walk_to(s, clock, 6)  # 2 s into the first out-breath
    clock.advance(120)  # suspended
    assert s.snapshot().status is Status.PAUSED
    snap = s.resume()
    assert snap.breath is not None
    assert (snap.breath.phase, snap.breath.phase_elapsed) == (Phase.EXHALE, 0)


def test_resuming_a_guide_goes_on_from_where_it_was() -> None:
    s, clock = session(guide(10))
    s.start()
    at(s, clock, 4.5)
    s.pause()
    clock.advance(10)
    assert s.resume().step_elapsed == 4.5


def test_skip_lead_in() -> None:
    s, clock = session(guide(10), lead_in=3)
    s.start()
    clock.advance(1)
    snap = s.skip_lead_in()
    assert snap.status is Status.RUNNING
    assert snap.step_elapsed == 0
    clock.advance(1)
    assert s.skip_lead_in().step_elapsed == 1  # no-op outside the lead-in


def test_skip_lead_in_while_paused_stays_paused_at_the_first_step() -> None:
    s, _ = session(prompt(), lead_in=3)
    s.start()
    s.pause()
    snap = s.skip_lead_in()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.WAITING
    assert snap.lead_in_remaining is None
    assert s.resume().status is Status.WAITING


# -- next and previous -------------------------------------------------------------------------


def test_next_in_the_lead_in_skips_it() -> None:
    s, clock = session(guide(10), guide(10), lead_in=3)
    s.start()
    clock.advance(1)
    snap = s.next_step()
    assert snap.status is Status.RUNNING
    assert snap.step_index == 0
    assert snap.step_elapsed == 0


def test_next_moves_on_and_does_not_count_the_skipped_rest() -> None:
    s, clock = session(guide(10), guide(10), guide(10))
    s.start()
    at(s, clock, 4)
    snap = s.next_step()
    assert snap.step_index == 1
    assert snap.step_elapsed == 0
    assert snap.practised == 4
    assert snap.elapsed == 10
    assert at(s, clock, 6).practised == 6
    assert at(s, clock, 14).step_index == 2


def test_next_on_the_last_step_finishes() -> None:
    s, clock = session(guide(10), guide(10))
    s.start()
    s.next_step()
    clock.advance(3)
    snap = s.next_step()
    assert snap.status is Status.FINISHED
    assert s.finished
    assert snap.practised == 3
    assert snap.elapsed == snap.total == 20


def test_next_while_waiting_moves_on() -> None:
    s, clock = session(prompt(), guide(5))
    s.start()
    clock.advance(7)
    snap = s.next_step()
    assert snap.status is Status.RUNNING
    assert snap.step_index == 1
    assert snap.practised == 7


def test_next_while_paused_stays_paused_at_the_start_of_the_next_step() -> None:
    s, clock = session(guide(10), prompt(), guide(10))
    s.start()
    clock.advance(4)
    s.pause()
    clock.advance(20)
    snap = s.next_step()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.WAITING
    assert snap.step_index == 1
    assert snap.step_elapsed == 0
    assert snap.practised == 4
    snap = s.next_step()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.RUNNING
    assert snap.step_index == 2
    assert snap.step_remaining == 10
    clock.advance(20)
    assert s.resume().step_elapsed == 0
    clock.advance(1)
    assert s.snapshot().step_elapsed == 1


def test_next_while_paused_in_the_lead_in_stays_paused_at_the_first_step() -> None:
    s, _ = session(guide(10), lead_in=3)
    s.start()
    s.pause()
    snap = s.next_step()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.RUNNING
    assert snap.lead_in_remaining is None
    assert snap.step_index == 0


def test_next_while_paused_on_the_last_step_finishes() -> None:
    s, clock = session(guide(10))
    s.start()
    clock.advance(2)
    s.pause()
    snap = s.next_step()
    assert snap.status is Status.FINISHED
    assert snap.resume_status is None
    assert snap.practised == 2


def test_previous_on_the_first_step_restarts_it_keeping_practised_time() -> None:
    s, clock = session(guide(10), guide(10))
    s.start()
    at(s, clock, 6)
    snap = s.previous_step()
    assert snap.step_index == 0
    assert snap.step_elapsed == 0
    assert snap.practised == 6
    assert at(s, clock, 15.999).step_index == 0
    snap = at(s, clock, 16)
    assert snap.step_index == 1
    assert snap.practised == 16


def test_previous_goes_back_to_the_start_of_the_previous_step() -> None:
    s, clock = session(guide(10), guide(10), guide(10))
    s.start()
    at(s, clock, 13)
    snap = s.previous_step()
    assert snap.status is Status.RUNNING
    assert snap.step_index == 0
    assert snap.step_elapsed == 0
    assert snap.elapsed == 0
    assert snap.practised == 13


def test_previous_onto_a_waiting_prompt_waits_again() -> None:
    s, clock = session(prompt(), guide(10))
    s.start()
    clock.advance(2)
    s.continue_prompt()
    clock.advance(3)
    snap = s.previous_step()
    assert snap.status is Status.WAITING
    assert snap.step_index == 0
    assert snap.step_elapsed == 0
    assert snap.practised == 5


def test_previous_from_a_waiting_prompt_goes_back() -> None:
    s, clock = session(guide(10), prompt())
    s.start()
    at(s, clock, 12)
    snap = s.previous_step()
    assert snap.status is Status.RUNNING
    assert snap.step_index == 0
    assert snap.practised == 12


def test_previous_in_the_lead_in_restarts_the_lead_in() -> None:
    s, clock = session(guide(10), lead_in=3)
    s.start()
    at(s, clock, 2)
    snap = s.previous_step()
    assert snap.status is Status.LEAD_IN
    assert snap.lead_in_remaining == 3
    assert at(s, clock, 5).status is Status.RUNNING


def test_previous_while_paused_stays_paused_at_the_previous_step() -> None:
    s, clock = session(guide(10), guide(10))
    s.start()
    at(s, clock, 12)
    s.pause()
    snap = s.previous_step()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.RUNNING
    assert snap.step_index == 0
    assert snap.step_elapsed == 0
    assert snap.practised == 12
    clock.advance(100)
    s.resume()
    clock.advance(1)
    assert s.snapshot().practised == 13


def test_previous_while_paused_in_the_lead_in_keeps_it_paused() -> None:
    s, clock = session(guide(10), lead_in=3)
    s.start()
    at(s, clock, 2)
    s.pause()
    snap = s.previous_step()
    assert snap.status is Status.PAUSED
    assert snap.resume_status is Status.LEAD_IN
    assert snap.lead_in_remaining == 3


# -- stopping and the end is final ---------------------------------------------------------------


def test_stop_keeps_what_was_practised() -> None:
    s, clock = session(guide(10), guide(10))
    s.start()
    at(s, clock, 13)
    snap = s.stop()
    assert snap.status is Status.STOPPED
    assert snap.over
    assert s.stopped
    assert s.over
    assert not s.finished
    assert snap.practised == 13
    assert snap.step_index == 1
    assert snap.step_elapsed == 3
    assert snap.breath is None
    assert snap.next_change is None


def test_stop_is_idempotent_and_time_no_longer_counts() -> None:
    s, clock = session(guide(10))
    s.start()
    at(s, clock, 4)
    first = s.stop()
    clock.advance(100)
    assert s.stop() == first
    assert s.snapshot() == first
    assert s.practised == 4


def test_stop_while_paused_keeps_the_time_before_the_pause() -> None:
    s, clock = session(prompt(), guide(5))
    s.start()
    at(s, clock, 4)
    s.pause()
    clock.advance(40)
    snap = s.stop()
    assert snap.status is Status.STOPPED
    assert snap.resume_status is None
    assert snap.practised == 4


def test_stop_in_the_lead_in_practised_nothing() -> None:
    s, clock = session(guide(10), lead_in=3)
    s.start()
    at(s, clock, 2)
    snap = s.stop()
    assert snap.status is Status.STOPPED
    assert snap.practised == 0
    assert snap.lead_in_remaining is None
    assert snap.elapsed == 0


def test_stop_before_start() -> None:
    s, _ = session(guide(10), lead_in=3)
    snap = s.stop()
    assert snap.status is Status.STOPPED
    assert snap.practised == 0
    assert s.start().status is Status.STOPPED


def test_stop_after_the_time_is_up_is_a_finish() -> None:
    s, clock = session(guide(10))
    s.start()
    at(s, clock, 9)
    clock.advance(1.5)
    snap = s.stop()
    assert snap.status is Status.FINISHED
    assert s.finished
    assert snap.practised == 10


@pytest.mark.parametrize(
    "method",
    [
        "snapshot",
        "start",
        "toggle_pause",
        "pause",
        "resume",
        "skip_lead_in",
        "next_step",
        "previous_step",
        "continue_prompt",
        "stop",
    ],
)
@pytest.mark.parametrize("end", ["finish", "stop"])
def test_the_end_is_final(method: str, end: str) -> None:
    s, clock = session(guide(2), prompt(), lead_in=3)
    s.start()
    at(s, clock, 4)
    final = s.stop() if end == "stop" else (s.next_step(), s.next_step())[1]
    assert final.over
    clock.advance(10)
    snap = getattr(s, method)()
    assert snap == final
    assert s.over


# -- breathing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("t", "phase", "fill", "cycle", "phase_remaining"),
    [
        (0, Phase.INHALE, 0.0, 1, 4),
        (2, Phase.INHALE, 0.5, 1, 2),
        (4, Phase.HOLD, 1.0, 1, 4),
        (6, Phase.HOLD, 1.0, 1, 2),
        (8, Phase.EXHALE, 1.0, 1, 4),
        (10, Phase.EXHALE, 0.5, 1, 2),
        (11, Phase.EXHALE, 0.25, 1, 1),
        (12, Phase.INHALE, 0.0, 2, 4),
        (15, Phase.INHALE, 0.75, 2, 1),
        (23, Phase.EXHALE, 0.25, 2, 1),
    ],
)
def test_breath_4_4_4(
    t: float, phase: Phase, fill: float, cycle: int, phase_remaining: float
) -> None:
    s, clock = session(breathe(4, 4, 4, cycles=2), lead_in=3)
    s.start()
    breath = walk_to(s, clock, 3 + t, step=0.9).breath
    assert breath is not None
    assert breath.phase is phase
    assert breath.fill == fill
    assert breath.cycle == cycle
    assert breath.cycles == 2
    assert breath.phase_seconds == 4
    assert breath.phase_remaining == phase_remaining
    assert breath.phase_elapsed == 4 - phase_remaining


@pytest.mark.parametrize(
    ("t", "phase", "phase_index", "fill"),
    [
        (1, Phase.INHALE, 0, 0.25),
        (5, Phase.HOLD, 1, 1.0),
        (9, Phase.EXHALE, 2, 0.75),
        (12, Phase.HOLD_EMPTY, 3, 0.0),
        (15.5, Phase.HOLD_EMPTY, 3, 0.0),
        (16, Phase.INHALE, 0, 0.0),
    ],
)
def test_box_breathing_has_a_hold_empty(
    t: float, phase: Phase, phase_index: int, fill: float
) -> None:
    s, clock = session(breathe(4, 4, 4, 4, cycles=2))
    s.start()
    breath = walk_to(s, clock, t).breath
    assert breath is not None
    assert (breath.phase, breath.phase_index, breath.fill) == (phase, phase_index, fill)


def test_skipped_phases_are_not_shown() -> None:
    s, clock = session(breathe(3, 0, 5, cycles=2))
    s.start()
    breath = at(s, clock, 3).breath
    assert breath is not None
    assert breath.phase is Phase.EXHALE
    assert breath.phase_index == 1
    assert breath.fill == 1.0


@pytest.mark.parametrize(
    ("t", "phase", "fill", "cycle"),
    [
        (0.25, Phase.INHALE, 0.5, 1),
        (0.5, Phase.EXHALE, 1.0, 1),
        (0.75, Phase.EXHALE, 0.5, 1),
        (1.0, Phase.INHALE, 0.0, 2),
        (2.25, Phase.INHALE, 0.5, 3),
    ],
)
def test_half_second_phases(t: float, phase: Phase, fill: float, cycle: int) -> None:
    s, clock = session(breathe(0.5, 0, 0.5, cycles=3))
    s.start()
    breath = at(s, clock, t).breath
    assert breath is not None
    assert (breath.phase, breath.fill, breath.cycle) == (phase, fill, cycle)
    assert at(s, clock, 3).status is Status.FINISHED


def top_up_breath(cycles: int = 2) -> dict[str, Any]:
    """Cyclic sighing's shape: in 4, a little more for 1, out 8 (13 s a breath)."""
    return {
        "kind": "breathe",
        "text": "In, a little more, then out.",
        "inhale": 4,
        "top_up": 1,
        "exhale": 8,
        "cycles": cycles,
    }


@pytest.mark.parametrize(
    ("t", "phase", "phase_index", "fill", "cycle"),
    [
        (0, Phase.INHALE, 0, 0.0, 1),
        (2, Phase.INHALE, 0, 0.4, 1),  # breathing in fills 4/(4+1) of the lungs...
        (3.5, Phase.INHALE, 0, 0.7, 1),
        (4, Phase.TOP_UP, 1, 0.8, 1),  # ...and the top-up the last fifth
        (4.5, Phase.TOP_UP, 1, 0.9, 1),
        (5, Phase.EXHALE, 2, 1.0, 1),
        (9, Phase.EXHALE, 2, 0.5, 1),
        (13, Phase.INHALE, 0, 0.0, 2),
        (17, Phase.TOP_UP, 1, 0.8, 2),
        (17.75, Phase.TOP_UP, 1, 0.95, 2),
        (18, Phase.EXHALE, 2, 1.0, 2),
    ],
)
def test_top_up_comes_after_breathing_in_and_fills_the_last_part(
    t: float, phase: Phase, phase_index: int, fill: float, cycle: int
) -> None:
    s, clock = session(top_up_breath(), lead_in=3)
    s.start()
    breath = walk_to(s, clock, 3 + t, step=0.25).breath
    assert breath is not None
    assert (breath.phase, breath.phase_index, breath.cycle) == (phase, phase_index, cycle)
    assert breath.fill == pytest.approx(fill)
    levels = {Phase.INHALE: (0.0, 0.8), Phase.TOP_UP: (0.8, 1.0), Phase.EXHALE: (1.0, 0.0)}
    assert (breath.fill_from, breath.fill_to) == pytest.approx(levels[phase])


def test_top_up_is_a_phase_of_its_own_with_its_boundaries_scheduled() -> None:
    s, clock = session(top_up_breath(cycles=1))
    s.start()
    snap = at(s, clock, 3.5)
    assert snap.breath is not None
    assert snap.breath.phase is Phase.INHALE
    assert snap.next_change == pytest.approx(0.5)  # the top-up starts at 4 s
    snap = at(s, clock, 4.0)
    assert snap.breath is not None
    assert snap.breath.phase is Phase.TOP_UP
    assert snap.breath.phase_seconds == 1
    assert snap.next_change == pytest.approx(1.0)
    assert s.total == 13
    assert at(s, clock, 13).status is Status.FINISHED


def test_without_a_top_up_breathing_in_fills_the_lungs() -> None:
    s, clock = session(breathe(4, 0, 4, cycles=1))
    s.start()
    breath = at(s, clock, 3.999).breath
    assert breath is not None
    assert (breath.fill_from, breath.fill_to) == (0.0, 1.0)
    assert breath.fill == pytest.approx(3.999 / 4)


def test_breath_phases_never_drift_over_many_cycles() -> None:
    s, clock = session(breathe(4, 7, 8, cycles=100))
    s.start()
    for cycle in range(100):
        start = cycle * 19.0
        for offset, phase in ((0, Phase.INHALE), (4, Phase.HOLD), (11, Phase.EXHALE)):
            clock.now = start + offset - 0.001 if start + offset > 0 else 0
            s.snapshot()
            breath = at(s, clock, start + offset).breath
            assert breath is not None
            assert breath.phase is phase
            assert breath.phase_elapsed == 0
            assert breath.cycle == cycle + 1
    assert at(s, clock, 1900).status is Status.FINISHED


def test_breath_is_shown_only_on_breathing_steps() -> None:
    s, clock = session(guide(5), breathe(4, 0, 4, cycles=1), lead_in=2)
    assert s.start().breath is None
    assert at(s, clock, 3).breath is None
    breath = at(s, clock, 7).breath
    assert breath is not None
    assert breath.phase is Phase.INHALE


# -- next_change and visible_key -------------------------------------------------------------------


def test_next_change_points_at_the_next_boundary() -> None:
    s, clock = session(guide(10), breathe(4, 4, 4, cycles=1), prompt(), lead_in=3)
    assert s.start().next_change == 3
    assert at(s, clock, 5.5).next_change == 7.5
    assert at(s, clock, 15).next_change == 2  # mid-inhale
    assert at(s, clock, 18).next_change == 3  # mid-hold
    snap = at(s, clock, 25)
    assert snap.status is Status.WAITING
    assert snap.next_change is None
    assert s.pause().next_change is None


def test_reading_at_next_change_visits_every_boundary_once() -> None:
    s, clock = session(guide(10), breathe(4, 4, 4, cycles=2), guide(5), lead_in=3)
    snap = s.start()
    seen: list[tuple[int, Phase | None]] = []
    while snap.next_change is not None:
        clock.advance(snap.next_change)
        snap = s.snapshot()
        seen.append((snap.step_index, snap.breath.phase if snap.breath else None))
    assert snap.status is Status.FINISHED
    assert clock.now == 3 + 10 + 24 + 5
    assert seen == [
        (0, None),
        (1, Phase.INHALE),
        (1, Phase.HOLD),
        (1, Phase.EXHALE),
        (1, Phase.INHALE),
        (1, Phase.HOLD),
        (1, Phase.EXHALE),
        (2, None),
        (2, None),  # the FINISHED snapshot
    ]


def test_visible_key_changes_only_with_the_whole_second() -> None:
    s, clock = session(guide(3), guide(2))
    s.start()
    keys = []
    for tenth in range(50):
        clock.now = tenth / 10
        keys.append(s.snapshot().visible_key)
    changes = [i for i in range(1, 50) if keys[i] != keys[i - 1]]
    assert changes == [10, 20, 30, 40]


def test_visible_key_changes_with_status_step_and_phase() -> None:
    s, clock = session(breathe(1.5, 0, 1.5, cycles=2))
    s.start()
    key = at(s, clock, 1.4).visible_key
    assert at(s, clock, 1.5).visible_key != key  # phase change at a half second
    key = s.snapshot().visible_key
    assert s.pause().visible_key != key


def test_visible_key_counts_seconds_waited() -> None:
    s, clock = session(prompt(), guide(5))
    s.start()
    assert at(s, clock, 0.4).visible_key == at(s, clock, 0.9).visible_key
    assert at(s, clock, 0.9).visible_key != at(s, clock, 1.0).visible_key


def test_visible_key_marks_a_pause_by_gap() -> None:
    s, clock = session(guide(60), gap_limit=2.0)
    s.start()
    s.pause()
    by_user = s.snapshot().visible_key
    s.resume()
    at(s, clock, 10)
    assert s.snapshot().paused_by_gap
    assert s.snapshot().visible_key != by_user


def test_next_visible_change() -> None:
    s, clock = session(guide(10), breathe(2.5, 0, 2.5, cycles=1), prompt(), lead_in=3)
    assert s.start().next_visible_change == 1
    assert at(s, clock, 2.5).next_visible_change == 0.5
    assert at(s, clock, 3.25).next_visible_change == 0.75
    assert at(s, clock, 13.5).next_visible_change == 0.5  # the pacer's own countdown
    snap = at(s, clock, 18.2)
    assert snap.status is Status.WAITING
    assert snap.next_visible_change == pytest.approx(0.8)
    assert s.pause().next_visible_change is None


def test_waiting_until_next_visible_change_sees_each_new_key() -> None:
    s, clock = session(guide(2.5), guide(1.5), lead_in=1.5)
    snap = s.start()
    keys = [snap.visible_key]
    while not snap.over:
        wait = snap.next_visible_change
        assert wait is not None
        assert wait > 0
        clock.advance(wait)
        snap = s.snapshot()
        assert snap.visible_key != keys[-1]
        keys.append(snap.visible_key)
    assert clock.now == 5.5


# -- the gap rule ------------------------------------------------------------------------------


def test_gap_pauses_at_the_last_reading() -> None:
    s, clock = session(guide(60), guide(60), gap_limit=2.0)
    s.start()
    walk_to(s, clock, 5)
    clock.advance(10)
    snap = s.snapshot()
    assert snap.status is Status.PAUSED
    assert snap.paused_by_gap
    assert snap.resume_status is Status.RUNNING
    assert snap.step_elapsed == 5
    assert snap.practised == 5
    clock.advance(3600)
    assert s.snapshot().step_elapsed == 5
    snap = s.resume()
    assert snap.status is Status.RUNNING
    assert not snap.paused_by_gap
    clock.advance(1)
    snap = s.snapshot()
    assert snap.step_elapsed == 6
    assert snap.practised == 6


def test_a_gap_of_exactly_the_limit_is_counted() -> None:
    s, clock = session(guide(60), gap_limit=2.0)
    s.start()
    clock.advance(2)
    snap = s.snapshot()
    assert snap.status is Status.RUNNING
    assert snap.step_elapsed == 2


def test_gap_does_not_cross_a_boundary() -> None:
    s, clock = session(guide(3), guide(3), gap_limit=2.0)
    s.start()
    walk_to(s, clock, 2.5)
    snap = at(s, clock, 20)
    assert snap.paused_by_gap
    assert snap.step_index == 0
    assert snap.step_elapsed == 2.5
    s.resume()
    assert at(s, clock, 20.5).step_index == 1


def test_gap_in_the_lead_in() -> None:
    s, clock = session(guide(10), lead_in=3, gap_limit=2.0)
    s.start()
    at(s, clock, 1)
    snap = at(s, clock, 30)
    assert snap.paused_by_gap
    assert snap.resume_status is Status.LEAD_IN
    assert snap.lead_in_remaining == 2


def test_gap_while_waiting_does_not_count_as_practice() -> None:
    s, clock = session(prompt(), guide(5), gap_limit=2.0)
    s.start()
    at(s, clock, 1)
    snap = at(s, clock, 500)
    assert snap.paused_by_gap
    assert snap.resume_status is Status.WAITING
    assert snap.practised == 1


def test_other_methods_apply_the_gap_rule_first() -> None:
    s, clock = session(guide(10), guide(10), guide(10), gap_limit=2.0)
    s.start()
    walk_to(s, clock, 4)
    clock.advance(50)
    snap = s.next_step()
    assert snap.paused_by_gap
    assert snap.status is Status.PAUSED
    assert snap.step_index == 1
    assert snap.practised == 4


def test_stop_after_a_gap_counts_up_to_the_last_reading() -> None:
    s, clock = session(guide(60), gap_limit=2.0)
    s.start()
    walk_to(s, clock, 7)
    clock.advance(3000)
    snap = s.stop()
    assert snap.status is Status.STOPPED
    assert snap.practised == 7


def test_user_pause_is_not_a_gap() -> None:
    s, clock = session(guide(60), gap_limit=2.0)
    s.start()
    s.pause()
    clock.advance(1000)
    snap = s.snapshot()
    assert not snap.paused_by_gap
    s.resume()
    clock.advance(1)
    assert s.snapshot().status is Status.RUNNING


def test_the_gap_rule_can_be_turned_off() -> None:
    s, clock = session(guide(60), gap_limit=math.inf)
    s.start()
    clock.advance(1000)
    assert s.snapshot().status is Status.FINISHED


def test_a_clock_that_steps_back_is_taken_as_standing_still() -> None:
    s, clock = session(guide(60), gap_limit=2.0)
    s.start()
    walk_to(s, clock, 5)
    clock.now = 3
    snap = s.snapshot()
    assert snap.step_elapsed == 5
    assert snap.practised == 5
    clock.now = 6
    assert s.snapshot().step_elapsed == 6


# -- properties --------------------------------------------------------------------------------


def test_practised_excludes_lead_in_and_pauses() -> None:
    s, clock = session(*MIXED, lead_in=3)
    s.start()
    walk_to(s, clock, 20)
    s.pause()
    clock.advance(30)
    s.resume()
    walk_to(s, clock, 50)
    assert s.practised == 17
    # Paused 3 s into the breath's hold, it resumed from the hold's start: 3 s more to go,
    # and the 3 s breathed before the pause still count.
    snap = walk_to(s, clock, 81)
    assert snap.status is Status.FINISHED
    assert s.practised == 48


def test_practised_property_matches_the_latest_snapshot() -> None:
    s, clock = session(guide(10))
    s.start()
    clock.advance(1.5)
    assert s.snapshot().practised == s.practised == 1.5


# -- every sequence of operations keeps the invariants ---------------------------------------

OPERATIONS = [
    "snapshot",
    "toggle_pause",
    "pause",
    "resume",
    "skip_lead_in",
    "next_step",
    "previous_step",
    "continue_prompt",
    "stop",
]

operation = st.one_of(
    st.sampled_from(OPERATIONS),
    st.floats(min_value=0, max_value=30, allow_nan=False).map(lambda s: ("advance", s)),
    st.floats(min_value=0, max_value=1.5, allow_nan=False).map(lambda s: ("advance", s)),
)


@settings(max_examples=300, deadline=None)
@given(
    ops=st.lists(operation, max_size=60),
    lead_in=st.sampled_from([0.0, 1.5, 3.0]),
    gap_limit=st.sampled_from([2.0, 5.0]),
)
def test_any_sequence_keeps_the_invariants(
    ops: list[str | tuple[str, float]], lead_in: float, gap_limit: float
) -> None:
    clock = FakeClock()
    steps = make_steps(
        guide(3), breathe(1, 0.5, 1.5, 0.5, cycles=2), prompt(), prompt(2), walk(1), guide(2.5)
    )
    s = Session(steps, clock, lead_in=lead_in, gap_limit=gap_limit)
    snap = s.start()
    final: Snapshot | None = None
    practised = 0.0
    for op in ops:
        if isinstance(op, tuple):
            clock.advance(op[1])
            snap = s.snapshot()
        else:
            snap = getattr(s, op)()
        assert 0 <= snap.elapsed <= snap.total
        assert snap.practised >= practised
        assert snap.practised <= clock.now + 1e-9
        practised = snap.practised
        assert 0 <= snap.step_index < snap.step_count == len(steps)
        assert snap.step is steps[snap.step_index]
        assert snap.step_elapsed >= 0
        if snap.step_remaining is not None:
            assert 0 <= snap.step_remaining <= snap.step.duration
        if snap.next_change is not None:
            assert snap.next_change >= 0
            assert snap.status in (Status.LEAD_IN, Status.RUNNING)
        if snap.breath is not None:
            assert 0 <= snap.breath.fill <= 1
            assert 1 <= snap.breath.cycle <= snap.breath.cycles
        assert (snap.resume_status is not None) == (snap.status is Status.PAUSED)
        in_lead_in = Status.LEAD_IN in (snap.status, snap.resume_status)
        assert (snap.lead_in_remaining is not None) == in_lead_in
        assert not snap.paused_by_gap or snap.status is Status.PAUSED
        assert s.over == snap.over == (s.finished or s.stopped)
        if final is not None:
            assert snap == final
        elif snap.over:
            final = snap


# -- defaults, key moves, flags and the seconds count -----------------------------------------


def test_the_defaults_are_a_three_second_lead_in_and_a_two_second_gap_limit() -> None:
    clock = FakeClock()
    s = Session(make_steps(guide(10)), clock)
    assert s.status is Status.LEAD_IN  # before the first reading, too
    assert not s.over
    assert s.start().lead_in_remaining == 3
    assert walk_to(s, clock, 3.5).status is Status.RUNNING
    clock.advance(2.0)  # exactly the limit: counted
    assert s.snapshot().status is Status.RUNNING
    clock.advance(2.1)  # more than two seconds unseen: paused by the gap rule
    snap = s.snapshot()
    assert snap.status is Status.PAUSED
    assert snap.paused_by_gap


def test_from_exercise_passes_the_lead_in_and_gap_limit_on() -> None:
    spec = ExerciseFile.model_validate({"title": "T", "summary": "S.", "steps": [guide(30)]})
    clock = FakeClock()
    s = Session.from_exercise(Exercise(id="t", spec=spec), clock, lead_in=5, gap_limit=10)
    assert s.start().lead_in_remaining == 5
    clock.advance(9)  # within the ten-second limit
    snap = s.snapshot()
    assert snap.status is Status.RUNNING
    assert snap.step_elapsed == 4
    clock = FakeClock()
    s = Session.from_exercise(Exercise(id="t", spec=spec), clock)
    assert s.start().lead_in_remaining == 3
    clock.advance(1)
    s.snapshot()
    clock.advance(2.1)
    assert s.snapshot().paused_by_gap


@pytest.mark.parametrize(
    ("kwargs", "steps", "message"),
    [
        ({}, [], "a session needs at least one step"),
        ({"lead_in": -1.0}, None, "lead_in must be a finite number of seconds, 0 or more"),
        ({"gap_limit": 0.0}, None, "gap_limit must be more than 0 seconds"),
    ],
)
def test_bad_arguments_say_what_is_wrong(
    kwargs: dict[str, float], steps: list[AnyStep] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        Session(make_steps(guide(10)) if steps is None else steps, FakeClock(), **kwargs)


def test_a_gap_limit_under_a_second_is_accepted() -> None:
    s, clock = session(guide(10), gap_limit=0.5)
    s.start()
    clock.advance(0.6)
    assert s.snapshot().paused_by_gap


def test_moves_count_each_key_that_moved_the_position_once() -> None:
    s, clock = session(guide(5), prompt(), guide(5), lead_in=3)
    assert s.start().moves == 0
    assert s.previous_step().moves == 1  # restarts the lead-in
    assert s.toggle_pause().moves == 2  # Space in the lead-in begins now
    assert s.next_step().moves == 3  # onto the waiting prompt
    assert s.continue_prompt().moves == 4
    assert s.previous_step().moves == 5  # back onto the prompt
    clock.advance(1)
    assert s.snapshot().moves == 5  # time alone moves nothing
    assert s.toggle_pause().moves == 5  # pausing is not a move
    assert s.toggle_pause().moves == 5
    t, _ = session(guide(5), lead_in=3)
    t.start()
    assert t.previous_step().moves == 1
    assert t.skip_lead_in().moves == 2


def test_paused_by_gap_is_false_whenever_the_gap_rule_did_not_pause() -> None:
    s, clock = session(guide(5), guide(5), lead_in=1, gap_limit=2.0)
    seen = [s.start(), s.pause(), s.resume()]
    clock.advance(1.5)
    seen.append(s.snapshot())
    clock.advance(3)
    gap = s.snapshot()
    assert gap.paused_by_gap is True
    seen += [s.resume(), s.next_step(), s.next_step()]
    t, _ = session(guide(5))
    t.start()
    seen.append(t.stop())
    assert [snap.paused_by_gap for snap in seen] == [False] * len(seen)


def test_stop_before_start_is_not_in_the_lead_in() -> None:
    s, _ = session(guide(10), lead_in=3)
    snap = s.stop()
    assert snap.lead_in_remaining is None
    assert snap.step_elapsed == 0


def test_a_finished_waiting_prompt_shows_the_seconds_it_waited() -> None:
    s, clock = session(guide(2), prompt())
    s.start()
    walk_to(s, clock, 9, step=1)
    snap = s.continue_prompt()
    assert snap.status is Status.FINISHED
    assert snap.step_elapsed == 7
    assert snap.step_remaining is None


def test_the_breath_knows_where_its_lung_level_goes() -> None:
    s, clock = session(breathe(4, 4, 4, 4, cycles=1))
    s.start()
    levels = []
    for t in (1, 5, 9, 13):
        breath = at(s, clock, t).breath
        assert breath is not None
        levels.append((breath.phase, breath.fill_from, breath.fill_to))
    assert levels == [
        (Phase.INHALE, 0.0, 1.0),
        (Phase.HOLD, 1.0, 1.0),
        (Phase.EXHALE, 1.0, 0.0),
        (Phase.HOLD_EMPTY, 0.0, 0.0),
    ]


def test_the_very_end_of_a_breathing_step_shows_the_end_of_its_last_breath() -> None:
    step = make_steps(breathe(4, 2, 6, cycles=3))[0]
    assert isinstance(step, BreatheStep)
    breath = _breath(step, step.duration)
    assert breath.cycle == 3
    assert breath.phase is Phase.EXHALE
    assert breath.phase_index == 2
    assert breath.phase_remaining == 0
    assert breath.fill == 0.0


def breath_at(seconds: float, elapsed: float) -> BreathState:
    return BreathState(
        phase=Phase.INHALE,
        phase_index=0,
        phase_seconds=seconds,
        phase_elapsed=elapsed,
        phase_remaining=seconds - elapsed,
        fill=0.0,
        fill_from=0.0,
        fill_to=1.0,
        cycle=1,
        cycles=1,
    )


@pytest.mark.parametrize(
    ("seconds", "elapsed", "count"),
    [
        (4, 0, 4),
        (4, 0.999, 4),
        (4, 1.0, 3),  # each number begins exactly on its second
        (4, 1.0 - 1e-9, 3),  # a hair before, from floating-point sums, counts as on it
        (4, 2.5, 2),
        (4, 3.0, 1),
        (4, 3.99, 1),
        (5.5, 0, 5),  # never runs ahead of the breath: a 5.5 s phase never shows 6
        (5.5, 4.0, 1),
        (5.5, 5.4, 1),  # the last number is held for the final 1.5 s
        (3 * 0.1 + 0.7, 0, 1),  # 0.99999... seconds count as 1
    ],
)
def test_the_phase_count_goes_down_with_each_second_of_the_phase(
    seconds: float, elapsed: float, count: int
) -> None:
    assert phase_count(breath_at(seconds, elapsed)) == count


@pytest.mark.parametrize(
    ("seconds", "elapsed", "until"),
    [
        (4, 0.25, 0.75),
        (4, 1.0, 1.0),
        (4, 2.5, 0.5),  # 2 becomes 1 at three seconds
        (4, 3.2, None),  # 1 stays until the phase ends
        (5.5, 3.5, 0.5),
        (5.5, 4.2, None),
        (1, 0.3, None),
    ],
)
def test_until_the_count_changes(seconds: float, elapsed: float, until: float | None) -> None:
    found = until_count_changes(breath_at(seconds, elapsed))
    if until is None:
        assert found is None
    else:
        assert found == pytest.approx(until)
