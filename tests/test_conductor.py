"""The conductor and its changes: every boundary reaches every listener, once, in order.

A fake clock and a fake schedule drive it; nothing sleeps and no event loop runs. The same
changes must come out whether the readings are punctual, late, or never happen (the plan
stepped offline), so the screen, the bell, the sound and the plain mode never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numbtui.conductor import BOUNDARY_MARGIN, MAX_INTERVAL, MIN_INTERVAL, Conductor
from numbtui.cues import Change, Kind, changes
from numbtui.exercise import Phase, expected_seconds, planned_seconds
from numbtui.listeners import Bell
from numbtui.plan import Plan, timeline
from numbtui.session import Session, Snapshot, Status
from tests.fakes import FakeClock
from tests.test_session import breathe, guide, make_steps, prompt


class FakeSchedule:
    """Pending callbacks, run by the test when their moment comes (as an event loop would)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.entries: list[tuple[float, Callable[[], None]]] = []
        self.cancelled = 0

    @property
    def pending(self) -> tuple[float, Callable[[], None]] | None:
        """The one pending callback (a test fails if there are several)."""
        assert len(self.entries) <= 1, f"{len(self.entries)} readings pending at once"
        return self.entries[0] if self.entries else None

    def __call__(self, delay: float, callback: Callable[[], None]) -> Callable[[], None]:
        entry = (self.clock.now + delay, callback)
        self.entries.append(entry)

        def cancel() -> None:
            if entry in self.entries:
                self.entries.remove(entry)
                self.cancelled += 1

        return cancel

    def run_until(self, moment: float) -> None:
        """Fire every pending reading due by ``moment``, moving the clock to each."""
        while self.entries:
            entry = min(self.entries, key=lambda e: e[0])
            if entry[0] > moment:
                break
            self.entries.remove(entry)
            self.clock.now = max(self.clock.now, entry[0])
            entry[1]()
        self.clock.now = max(self.clock.now, moment)


class Recorder:
    """A listener that keeps everything it hears."""

    def __init__(self) -> None:
        self.heard_changes: list[tuple[float, Change]] = []
        self.snapshots: list[Snapshot] = []
        self.clock: FakeClock | None = None

    def heard(self, snapshot: Snapshot, found: Sequence[Change]) -> None:
        self.snapshots.append(snapshot)
        now = self.clock.now if self.clock is not None else 0.0
        self.heard_changes.extend((now, change) for change in found)

    def kinds(self) -> list[tuple[str, int, str | None, int | None]]:
        return [
            (c.kind.value, c.step_index, None if c.phase is None else c.phase.value, c.cycle)
            for _, c in self.heard_changes
        ]


def conducted(
    *steps: dict[str, Any], lead_in: float = 0.0
) -> tuple[Conductor, FakeSchedule, Recorder]:
    clock = FakeClock()
    schedule = FakeSchedule(clock)
    recorder = Recorder()
    recorder.clock = clock
    session = Session(make_steps(*steps), clock, lead_in=lead_in, gap_limit=2.0)
    return Conductor(session, schedule, [recorder]), schedule, recorder


BOX = breathe(4, 4, 4, 4, cycles=2)


# -- changes ------------------------------------------------------------------------------------


def test_the_start_is_the_lead_in_or_the_first_step_and_its_phase() -> None:
    conductor, _, recorder = conducted(BOX, lead_in=3)
    conductor.start()
    assert recorder.kinds() == [("lead_in", 0, None, None)]
    conductor, _, recorder = conducted(BOX)
    conductor.start()
    assert recorder.kinds() == [("step", 0, None, None), ("phase", 0, "inhale", 1)]


def test_punctual_readings_hear_every_phase_of_box_breathing_once_in_order() -> None:
    conductor, schedule, recorder = conducted(guide(3), BOX, guide(2), lead_in=2)
    conductor.start()
    schedule.run_until(60)
    phases = ["inhale", "hold", "exhale", "hold_empty"]
    assert recorder.kinds() == [
        ("lead_in", 0, None, None),
        ("step", 0, None, None),
        ("step", 1, None, None),
        *[("phase", 1, phase, cycle) for cycle in (1, 2) for phase in phases],
        ("step", 2, None, None),
        ("finished", 2, None, None),
    ]
    # Each was heard within the boundary margin of its moment, never before it.
    moments = [0.0, 2.0, 5.0, *[5.0 + 4 * k for k in range(8)], 37.0, 39.0]
    for (heard_at, change), moment in zip(recorder.heard_changes, moments, strict=True):
        assert moment <= heard_at <= moment + BOUNDARY_MARGIN + 1e-9, change
        assert change.late == pytest.approx(heard_at - moment, abs=1e-9)


def test_a_late_reading_reports_every_boundary_it_crossed() -> None:
    steps = make_steps(BOX, guide(5))
    clock = FakeClock()
    session = Session(steps, clock, lead_in=0, gap_limit=math.inf)
    first = session.start()
    clock.advance(13.5)  # one reading, 13.5 s later: in, hold, out, rest, in of breath 2
    found = changes(first, session.snapshot())
    assert [(c.kind, c.phase, c.cycle) for c in found] == [
        (Kind.PHASE, Phase.HOLD, 1),
        (Kind.PHASE, Phase.EXHALE, 1),
        (Kind.PHASE, Phase.HOLD_EMPTY, 1),
    ]
    assert [c.late for c in found] == pytest.approx([9.5, 5.5, 1.5])
    clock.advance(18)  # 31.5 s: resting after the last breath
    found = changes(session.snapshot(), session.snapshot())
    assert found == []  # no time passed between two identical readings
    before = session.snapshot()
    clock.advance(3)
    found = changes(before, session.snapshot())
    assert found == [Change(Kind.STEP, 1, late=pytest.approx(2.5))]  # type: ignore[arg-type]


def test_a_reading_late_across_steps_reports_each_step_and_phase_between() -> None:
    clock = FakeClock()
    session = Session(make_steps(guide(2), BOX, guide(2)), clock, lead_in=0, gap_limit=math.inf)
    first = session.start()
    clock.advance(35)  # through the whole breathing step into the last guide
    found = changes(first, session.snapshot())
    assert [c.kind for c in found] == [Kind.STEP, *[Kind.PHASE] * 8, Kind.STEP]
    assert found[-1].step_index == 2
    assert found[-1].late == pytest.approx(35 - 34)


def test_keys_report_where_they_land_not_what_they_skipped() -> None:
    conductor, _, recorder = conducted(guide(10), BOX, guide(10))
    conductor.start()
    recorder.heard_changes.clear()
    conductor.next_step()
    conductor.next_step()
    conductor.previous_step()
    assert [(c.kind, c.step_index, c.phase, c.jumped) for _, c in recorder.heard_changes] == [
        (Kind.STEP, 1, None, True),
        (Kind.PHASE, 1, Phase.INHALE, True),
        (Kind.STEP, 2, None, True),
        (Kind.STEP, 1, None, True),
        (Kind.PHASE, 1, Phase.INHALE, True),
    ]


def test_pause_resume_stop_and_the_gap_rule_are_reported() -> None:
    conductor, schedule, recorder = conducted(guide(30))
    conductor.start()
    recorder.heard_changes.clear()
    schedule.run_until(3)
    conductor.pause()
    assert schedule.pending is None  # paused: nothing is read until a key
    conductor.resume()
    schedule.clock.advance(10)  # the process stopped: more than the gap limit between readings
    conductor.read()
    conductor.toggle_pause()
    conductor.stop()
    assert [c.kind for _, c in recorder.heard_changes] == [
        Kind.PAUSED,
        Kind.RESUMED,
        Kind.PAUSED,
        Kind.RESUMED,
        Kind.STOPPED,
    ]
    assert recorder.snapshots[-3].paused_by_gap
    assert schedule.pending is None


def test_a_waiting_prompt_continued_with_enter_moves_on() -> None:
    conductor, schedule, recorder = conducted(prompt(), guide(2))
    conductor.start()
    schedule.run_until(30)
    assert recorder.snapshots[-1].status is Status.WAITING
    conductor.continue_prompt()
    schedule.run_until(40)
    assert [c.kind for _, c in recorder.heard_changes] == [
        Kind.STEP,
        Kind.STEP,
        Kind.FINISHED,
    ]
    assert recorder.heard_changes[1][1].jumped


# -- the conductor's timer ------------------------------------------------------------------------


def test_the_conductor_reads_at_every_due_moment_and_at_least_once_a_second() -> None:
    conductor, _, _ = conducted(guide(100))
    conductor.start()
    assert conductor.delay == pytest.approx(MAX_INTERVAL)
    conductor, _, _ = conducted(breathe(2.5, 0, 0.5, cycles=2))
    conductor.start()
    # The count changes 1 s into the 2.5 s in-breath; the once-a-second reading is on it.
    assert conductor.delay == pytest.approx(MAX_INTERVAL)
    conductor, schedule, _ = conducted(breathe(0.5, 0, 0.5, cycles=2))
    conductor.start()
    # The in-breath ends after 0.5 s: read just after its boundary.
    assert conductor.delay == pytest.approx(0.5 + BOUNDARY_MARGIN)
    schedule.run_until(0.5 + BOUNDARY_MARGIN)
    assert conductor.snapshot is not None
    assert conductor.snapshot.breath is not None
    assert conductor.snapshot.breath.phase is Phase.EXHALE


def test_a_paced_listener_gets_a_reading_when_it_asks() -> None:
    class Paced:
        def __init__(self, wanted: float | None) -> None:
            self.wanted = wanted

        def heard(self, snapshot: Snapshot, found: Sequence[Change]) -> None:
            pass

        def next_reading(self, snapshot: Snapshot) -> float | None:
            return self.wanted

    for wanted, delay in [(0.3, 0.3 + BOUNDARY_MARGIN), (0.0, MIN_INTERVAL), (None, 1.0)]:
        clock = FakeClock()
        session = Session(make_steps(guide(100)), clock, lead_in=0)
        conductor = Conductor(session, FakeSchedule(clock), [Paced(wanted)])
        conductor.start()
        assert conductor.delay == pytest.approx(delay)


def test_a_reading_asked_for_in_between_replaces_the_pending_one() -> None:
    # A resize asks for a reading at once; the scheduled one must not fire as well, or each
    # such reading would start a chain of its own.
    conductor, schedule, recorder = conducted(breathe(4, 0, 4, cycles=2))
    conductor.start()
    for _ in range(3):
        conductor.read()
        assert len(schedule.entries) == 1
    count = len(recorder.snapshots)
    schedule.run_until(2.0)
    # Every reading in 2 s of an in-breath: the count changes at 1 and 2 s, none more.
    assert len(recorder.snapshots) - count == 2


def test_nothing_is_heard_after_close() -> None:
    conductor, schedule, recorder = conducted(guide(10))
    conductor.start()
    count = len(recorder.snapshots)
    conductor.close()
    assert schedule.pending is None
    schedule.run_until(20)
    conductor.next_step()
    assert len(recorder.snapshots) == count


def test_listeners_can_be_added_and_removed() -> None:
    conductor, _, recorder = conducted(guide(10))
    late = Recorder()
    conductor.start()
    conductor.add(late)
    conductor.remove(recorder)
    conductor.remove(recorder)  # twice is harmless
    conductor.stop()
    assert [c.kind for _, c in late.heard_changes] == [Kind.STOPPED]
    assert Kind.STOPPED not in [c.kind for _, c in recorder.heard_changes]


# -- the bell as a listener ---------------------------------------------------------------------


def test_the_bell_rings_at_each_step_and_phase_and_at_the_end_but_not_at_the_start() -> None:
    rings: list[float] = []
    conductor, schedule, _ = conducted(guide(2), breathe(2, 0, 2, cycles=1), lead_in=1)
    conductor.add(Bell(lambda: rings.append(schedule.clock.now), enabled=lambda: True))
    conductor.start()
    schedule.run_until(20)
    # Lead-in over (step 1), the breathing step (with its in-breath), the out-breath, the end.
    assert rings == pytest.approx([1, 3, 5, 7], abs=BOUNDARY_MARGIN + 1e-9)


def test_the_bell_stays_quiet_when_off_and_on_pause() -> None:
    rings: list[float] = []
    conductor, schedule, _ = conducted(guide(2), guide(2))
    conductor.add(Bell(lambda: rings.append(0), enabled=lambda: False))
    conductor.start()
    schedule.run_until(10)
    assert rings == []
    conductor, schedule, _ = conducted(guide(20))
    conductor.add(Bell(lambda: rings.append(0), enabled=lambda: True))
    conductor.start()
    conductor.pause()
    conductor.resume()
    conductor.stop()
    assert rings == []


# -- the plan, offline ----------------------------------------------------------------------------


def test_the_plan_steps_any_exercise_without_a_clock_or_the_gap_rule() -> None:
    steps = make_steps(guide(3), BOX, prompt(), guide(2))
    found = timeline(steps, lead_in=3, wait_seconds=7)
    at = [(t.at, t.change.kind, t.change.phase) for t in found]
    assert at[0] == (0.0, Kind.LEAD_IN, None)
    assert at[1] == (3.0, Kind.STEP, None)
    assert at[2] == (6.0, Kind.STEP, None)
    assert [a for a, kind, _ in at if kind is Kind.PHASE] == [6.0 + 4 * k for k in range(8)]
    assert at[-3] == (38.0, Kind.STEP, None)  # the waiting prompt
    assert at[-2] == (45.0, Kind.STEP, None)  # continued after 7 s
    assert at[-1] == (47.0, Kind.FINISHED, None)
    assert found[-1].snapshot.status is Status.FINISHED
    assert all(t.change.late == 0 for t in found)


def test_the_plan_ends_at_the_planned_length_for_every_bundled_exercise() -> None:
    from numbtui.library import discover

    for exercise in discover([]).exercises:
        found = timeline(exercise.steps, wait_seconds=12)
        assert found[-1].change.kind is Kind.FINISHED
        assert found[-1].at == pytest.approx(
            expected_seconds(exercise.steps)
            - 30 * _waiting(exercise.steps)
            + 12 * _waiting(exercise.steps)
        )
        steps = [t.change.step_index for t in found if t.change.kind is Kind.STEP]
        assert steps == list(range(len(exercise.steps))), exercise.id


def _waiting(steps: Sequence[Any]) -> int:
    return sum(1 for step in steps if getattr(step, "waits", False))


def test_the_plan_knows_every_step_start() -> None:
    steps = make_steps(guide(1.5), BOX, guide(2.25))
    plan = Plan.of(steps)
    assert plan.starts == (0.0, 1.5, 33.5)
    assert plan.total == planned_seconds(steps) == 35.75
    marks = list(plan.phase_marks(1, -1, 32))
    assert [m.offset for m in marks] == [4.0 * k for k in range(8)]
    assert list(plan.phase_marks(1, 3.9, 8.0)) == marks[1:3]
    assert list(plan.phase_marks(0, -1, 2)) == []


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.floats(min_value=0.01, max_value=1.9), min_size=1, max_size=80),
)
def test_however_the_readings_fall_the_listeners_hear_what_the_plan_says(
    gaps: list[float],
) -> None:
    """Readings at any moments (punctual or late, up to the gap limit) report exactly the
    changes of the offline plan, in the same order: no cue lost, none twice."""
    steps = make_steps(guide(1.5), breathe(1, 0.5, 1.5, 0.5, cycles=3), guide(1))
    clock = FakeClock()
    session = Session(steps, clock, lead_in=1, gap_limit=2.0)
    heard: list[Change] = []
    previous = session.start()
    heard.extend(changes(None, previous))
    for gap in [*gaps, *[1.0] * 20]:
        clock.advance(gap)
        current = session.snapshot()
        heard.extend(changes(previous, current))
        previous = current
    expected = [t.change for t in timeline(steps, lead_in=1)]
    strip = [(c.kind, c.step_index, c.phase, c.cycle) for c in heard]
    assert strip == [(c.kind, c.step_index, c.phase, c.cycle) for c in expected]


def test_a_plain_script_steps_every_exercise_without_textual() -> None:
    """The whole plan of any exercise, from a script that never loads the TUI."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from numbtui.library import discover\n"
        "from numbtui.plan import timeline\n"
        "from numbtui.scene import describe\n"
        "for exercise in discover([]).exercises:\n"
        "    for timed in timeline(exercise.steps, lead_in=3):\n"
        "        describe(timed.snapshot)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


def test_going_on_mid_breath_says_the_phase_again_as_it_restarts() -> None:
    conductor, schedule, recorder = conducted(breathe(4, 0, 4, cycles=3))
    conductor.start()
    schedule.run_until(2.5)  # halfway into the first in-breath
    conductor.pause()
    schedule.clock.advance(10)
    recorder.heard_changes.clear()
    conductor.resume()
    assert [(c.kind, c.phase, c.cycle, c.jumped) for _, c in recorder.heard_changes] == [
        (Kind.PHASE, Phase.INHALE, 1, True),
        (Kind.RESUMED, None, None, False),
    ]


# -- changes in full: every field -------------------------------------------------------------


def test_the_start_is_on_time_and_reached_by_time_not_by_a_key() -> None:
    clock = FakeClock()
    session = Session(make_steps(BOX), clock, lead_in=0)
    assert changes(None, session.start()) == [
        Change(Kind.STEP, 0),
        Change(Kind.PHASE, 0, phase=Phase.INHALE, cycle=1, late=0.0, jumped=False),
    ]
    session = Session(make_steps(BOX), clock, lead_in=3)
    assert changes(None, session.start()) == [Change(Kind.LEAD_IN, 0, jumped=False)]


def test_a_key_back_into_the_lead_in_is_a_jump() -> None:
    clock = FakeClock()
    session = Session(make_steps(guide(5)), clock, lead_in=3)
    first = session.start()
    clock.advance(1)
    assert changes(first, session.previous_step()) == [Change(Kind.LEAD_IN, 0, jumped=True)]


def test_a_first_reading_of_a_paused_or_ended_session_says_so() -> None:
    clock = FakeClock()
    session = Session(make_steps(guide(5), guide(5)), clock, lead_in=0)
    session.start()
    session.next_step()
    paused = session.pause()
    assert changes(None, paused) == [Change(Kind.STEP, 1), Change(Kind.PAUSED, 1)]
    stopped = session.stop()
    assert changes(None, stopped) == [Change(Kind.STEP, 1), Change(Kind.STOPPED, 1)]
    session = Session(make_steps(guide(5), guide(5)), clock, lead_in=0)
    session.start()
    session.next_step()
    finished = session.next_step()
    assert changes(None, finished) == [Change(Kind.STEP, 1), Change(Kind.FINISHED, 1)]


def test_a_pause_key_pressed_after_a_boundary_reports_the_boundary_first() -> None:
    clock = FakeClock()
    session = Session(make_steps(guide(3), guide(3)), clock, lead_in=0, gap_limit=math.inf)
    first = session.start()
    clock.advance(3.5)  # the second step began 0.5 s before the key was read
    paused = session.pause()
    assert changes(first, paused) == [
        Change(Kind.STEP, 1, late=pytest.approx(0.5)),  # type: ignore[arg-type]
        Change(Kind.PAUSED, 1),
    ]
    clock.advance(10)
    assert changes(paused, session.resume()) == [Change(Kind.RESUMED, 1)]


# -- the conductor's bookkeeping --------------------------------------------------------------


def test_a_paced_listener_is_asked_about_the_snapshot_just_delivered() -> None:
    asked: list[Snapshot] = []

    class Asking:
        def heard(self, snapshot: Snapshot, found: Sequence[Change]) -> None:
            pass

        def next_reading(self, snapshot: Snapshot) -> float | None:
            asked.append(snapshot)
            return None

    clock = FakeClock()
    conductor = Conductor(Session(make_steps(guide(10)), clock, lead_in=0), FakeSchedule(clock))
    conductor.add(Asking())
    started = conductor.start()
    assert asked == [started]


def test_no_reading_is_pending_before_the_start_or_after_close() -> None:
    conductor, schedule, _ = conducted(guide(10))
    assert conductor.delay is None
    conductor.start()
    assert conductor.delay == pytest.approx(MAX_INTERVAL)
    conductor.close()
    assert conductor.delay is None
    assert schedule.pending is None


# -- the plan's edges -------------------------------------------------------------------------


def test_phase_marks_of_breaths_shorter_than_a_second_are_all_found() -> None:
    plan = Plan.of(make_steps(breathe(0.5, 0, 0.5, cycles=3)))
    marks = list(plan.phase_marks(0, -1, 3))
    assert [(m.offset, m.cycle, m.phase_index, m.phase) for m in marks] == [
        (0.0, 1, 0, Phase.INHALE),
        (0.5, 1, 1, Phase.EXHALE),
        (1.0, 2, 0, Phase.INHALE),
        (1.5, 2, 1, Phase.EXHALE),
        (2.0, 3, 0, Phase.INHALE),
        (2.5, 3, 1, Phase.EXHALE),
    ]
    assert [m.offset for m in plan.phase_marks(0, 0.25, 1.0)] == [0.5, 1.0]


def test_the_plan_holds_each_waiting_prompt_as_long_as_asked() -> None:
    steps = make_steps(guide(2), prompt(), guide(2), {**prompt(), "text": "Name two things."})
    found = timeline(steps, wait_seconds=lambda step: float(len(step.text)))
    starts = [(t.at, t.change.step_index) for t in found if t.change.kind is Kind.STEP]
    first, second = len(steps[1].text), len(steps[3].text)
    assert first != second
    assert starts == [(0.0, 0), (2.0, 1), (2.0 + first, 2), (4.0 + first, 3)]
    assert found[-1].at == 4.0 + first + second
    found = timeline(steps, wait_seconds=0)  # a prompt continued at once takes no time
    assert found[-1].change.kind is Kind.FINISHED
    assert found[-1].at == 4.0


def test_skipping_the_lead_in_is_heard_as_a_jump_to_the_first_step() -> None:
    conductor, schedule, recorder = conducted(BOX, lead_in=3)
    conductor.start()
    schedule.run_until(1)
    snapshot = conductor.skip_lead_in()
    assert snapshot.status is Status.RUNNING
    assert conductor.snapshot is snapshot
    assert [c for _, c in recorder.heard_changes] == [
        Change(Kind.LEAD_IN, 0),
        Change(Kind.STEP, 0, jumped=True),
        Change(Kind.PHASE, 0, phase=Phase.INHALE, cycle=1, jumped=True),
    ]
