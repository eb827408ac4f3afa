"""The plain player: lines said by the conductor's listener, driven by the plain loop, on a fake
clock (the lines' times are the clock's readings when they were written)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from numbtui.conductor import Conductor
from numbtui.exercise import AnyStep, GuideStep
from numbtui.plain.announcer import FINISHED, GOING_ON, PAUSED, STOPPED, Announcer
from numbtui.plain.loop import NO_KEYS_WAIT, NoKeys, Timers, keys_of, play
from numbtui.session import Session, Snapshot, Status
from tests.fakes import FakeClock
from tests.plain_helpers import SHORT, ScriptedKeys, TimedLines

ON_TIME = 0.1
"""The issue's bound: a phase line within 100 ms of its boundary."""


def practise(
    steps: Sequence[AnyStep],
    script: list[tuple[float, str]] | None = None,
    *,
    lead_in: float = 0.0,
    compact: bool = False,
    time_left: float = 30.0,
    keys: object = None,
) -> tuple[TimedLines, Snapshot, list[str], FakeClock]:
    clock = FakeClock()
    write = TimedLines(clock)
    session = Session(steps, clock, lead_in=lead_in)
    timers = Timers(clock)
    announcer = Announcer(write, compact=compact, time_left_every=time_left)
    conductor = Conductor(session, timers.schedule, [announcer])
    others: list[str] = []
    source = keys if keys is not None else ScriptedKeys(clock, script)
    last = play(conductor, timers, source, others.append)  # type: ignore[arg-type]
    return write, last, others, clock


def guide(seconds: float, text: str = "Rest here.") -> GuideStep:
    return GuideStep(kind="guide", text=text, seconds=seconds)


def test_each_step_and_breath_phase_is_said_once_in_order_at_its_boundary() -> None:
    write, last, _, _ = practise(SHORT.steps, [(10.0, "\n")])  # Enter on the waiting prompt
    expected = [
        (0.0, "Step 1 of 4. Sit comfortably. If you feel light-headed, breathe normally."),
        (2.0, "Step 2 of 4. Breathe with the count."),
        (2.0, "In, 1."),
        (3.0, "Hold, 1."),
        (3.5, "Out, 1."),
        (5.0, "In, 1."),
        (6.0, "Hold, 1."),
        (6.5, "Out, 1."),
        (8.0, "Step 3 of 4. Name one thing you can see."),
        (8.0, "Anything at all counts."),
        (8.0, "Press Enter when you're ready to go on."),
        (10.0, "Step 4 of 4. Notice the room."),
        (12.0, FINISHED),
    ]
    assert write.text == [line for _, line in expected]
    for (when, line), (at, _) in zip(write.lines, expected, strict=True):
        assert at <= when <= at + ON_TIME, (line, when)
    assert last.status is Status.FINISHED


def test_the_lead_in_is_said_with_how_to_begin_and_space_begins() -> None:
    write, _, _, _ = practise([guide(2)], [(1.0, " ")], lead_in=3.0)
    assert write.lines[0] == (0.0, "Get ready. Beginning in 3. Press Space to begin now.")
    assert write.lines[1] == (1.0, "Step 1 of 1. Rest here.")


def test_space_pauses_and_goes_on_and_the_pause_is_not_counted() -> None:
    write, _, _, _ = practise([guide(2), guide(2, "Next.")], [(0.5, " "), (5.0, " ")])
    assert write.text[1:4] == [PAUSED, GOING_ON, "Step 2 of 2. Next."]
    times = [at for at, _ in write.lines[1:4]]
    assert times == [0.5, 5.0, pytest.approx(6.5, abs=ON_TIME)]


def test_q_stops_at_once() -> None:
    write, last, _, clock = practise([guide(600)], [(1.0, "q")])
    assert write.lines[-1] == (1.0, STOPPED)
    assert last.status is Status.STOPPED
    assert clock.now == 1.0


def test_n_and_p_move_between_steps_and_say_the_step() -> None:
    steps = [guide(60, "One."), guide(60, "Two.")]
    write, _, _, _ = practise(steps, [(1.0, "n"), (2.0, "p"), (3.0, "q")])
    assert write.text[:3] == ["Step 1 of 2. One.", "Step 2 of 2. Two.", "Step 1 of 2. One."]


def test_compact_phases_leave_out_the_seconds() -> None:
    write, _, _, _ = practise(SHORT.steps[1:2], compact=True)
    assert write.text[1:4] == ["In.", "Hold.", "Out."]


def test_the_time_left_is_said_at_most_every_30_seconds_on_a_long_step() -> None:
    write, _, _, _ = practise([guide(100)])
    said = [(at, line) for at, line in write.lines if "left" in line]
    assert [line for _, line in said] == [
        "1 minute 10 seconds left in this step.",
        "40 seconds left in this step.",
        "10 seconds left in this step.",
    ]
    for (at, _), boundary in zip(said, (30, 60, 90), strict=True):
        assert boundary <= at <= boundary + 1.0  # the next reading after the mark


@pytest.mark.parametrize(("every", "seconds"), [(0, 100), (30, 30), (60, 100)])
def test_no_time_left_when_off_or_the_step_is_not_longer(every: float, seconds: float) -> None:
    write, _, _, _ = practise([guide(seconds)], time_left=every)
    said = [line for line in write.text if "left" in line]
    assert said == ([] if every != 60 else ["40 seconds left in this step."])


def test_other_keys_go_to_their_handler_and_move_nothing() -> None:
    write, _, others, _ = practise([guide(2)], [(0.5, "?"), (1.0, "s")])
    assert others == ["?", "s"]
    assert write.text == ["Step 1 of 1. Rest here.", FINISHED]


def test_without_keys_a_prompt_that_waits_goes_on_after_a_while() -> None:
    clock = FakeClock()
    write = TimedLines(clock)
    session = Session(SHORT.steps[2:], clock, lead_in=0)
    timers = Timers(clock)
    conductor = Conductor(session, timers.schedule, [Announcer(write, no_keys_wait=NO_KEYS_WAIT)])
    play(conductor, timers, NoKeys(clock.advance))
    assert write.text[:2] == ["Step 1 of 2. Name one thing you can see.", "Anything at all counts."]
    assert write.text[2] == "Going on in 30 seconds."
    assert write.lines[3] == (pytest.approx(NO_KEYS_WAIT), "Step 2 of 2. Notice the room.")


@pytest.mark.parametrize(
    ("sent", "keys"),
    [
        ("q", ["q"]),
        (" n\r", [" ", "n", "\n"]),
        ("\x1b[C\x1b[D", ["n", "p"]),
        ("\x1bOC\x1bOD", ["n", "p"]),
        ("\x1bOQ", ["s"]),
        ("\x1b[12~", ["s"]),
        ("\x1b", ["q"]),  # Escape alone stops, as in the app
        ("\x1b[15~x", ["x"]),  # F5 means nothing here
        ("\x1bx", []),  # Alt+x neither
    ],
)
def test_keys_are_read_from_what_the_terminal_sends(sent: str, keys: list[str]) -> None:
    assert keys_of(sent) == keys


def test_a_breathing_step_moved_to_while_paused_says_its_first_phase_once_on_going_on() -> None:
    """At the key, paused, the step is said (its breaths have not begun); going on, its first
    phase, once: a screen reader reads each line once."""
    steps = [guide(60, "One."), SHORT.steps[1]]  # then "Breathe with the count.", 1-0.5-1.5
    write, _, _, _ = practise(steps, [(1.0, " "), (2.0, "n"), (5.0, " "), (5.2, "q")])
    assert write.text[1:] == [
        PAUSED,
        "Step 2 of 2. Breathe with the count.",
        GOING_ON,
        "In, 1.",
        STOPPED,
    ]
    assert [at for at, _ in write.lines[1:]] == [1.0, 2.0, 5.0, 5.0, 5.2]


def test_going_on_mid_breath_says_going_on_then_the_restarted_phase() -> None:
    write, _, _, _ = practise(SHORT.steps[1:2], [(1.2, " "), (4.0, " "), (4.2, "q")])
    assert write.text == [
        "Step 1 of 1. Breathe with the count.",
        "In, 1.",
        "Hold, 1.",
        PAUSED,
        GOING_ON,
        "Hold, 1.",
        STOPPED,
    ]
