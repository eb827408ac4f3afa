"""The words of a practice at each moment: the same for the screen and the plain mode.

A FakeClock moves each session; nothing sleeps.
"""

from __future__ import annotations

from typing import Any

from numbtui.exercise import Phase
from numbtui.scene import (
    BEGIN_HINT,
    GET_READY,
    WAIT_HINT,
    Scene,
    breath_line,
    countdown,
    describe,
    live_status,
    phase_heading,
)
from numbtui.session import Session, Status
from tests.fakes import FakeClock
from tests.test_session import breathe, guide, make_steps, walk


def hinted(seconds: float | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"kind": "prompt", "text": "Name one colour.", "hint": "Any will do."}
    if seconds is not None:
        step["seconds"] = seconds
    return step


def played(*steps: dict[str, Any], lead_in: float = 0.0) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    return Session(make_steps(*steps), clock, lead_in=lead_in, gap_limit=2.0), clock


def test_the_lead_in_says_get_ready_and_how_to_begin_now() -> None:
    session, clock = played(guide(10), lead_in=3)
    session.start()
    clock.advance(0.8)
    assert describe(session.snapshot()) == Scene(
        text=GET_READY, hint="", extra="", status=BEGIN_HINT, countdown="Beginning in 3"
    )
    assert GET_READY == "Get ready"
    assert BEGIN_HINT == "Press Space to begin now"


def test_a_paused_lead_in_still_says_get_ready_and_how_to_go_on() -> None:
    session, clock = played(guide(10), lead_in=3)
    session.start()
    clock.advance(1.5)
    scene = describe(session.pause())
    assert scene == Scene(
        text="Get ready",
        hint="",
        extra="",
        status="Paused · press Space to go on",
        countdown="Beginning in 2",
    )


def test_a_timed_step_says_its_text_and_the_time_left_in_whole_seconds() -> None:
    session, clock = played(guide(75))
    session.start()
    clock.advance(0.4)
    assert describe(session.snapshot()) == Scene(
        text="Notice your feet.", hint="", extra="", status="", countdown="1:15 left in this step"
    )


def test_a_waiting_prompt_says_how_to_go_on_and_has_no_countdown() -> None:
    session, _ = played(hinted())
    scene = describe(session.start())
    assert scene == Scene(
        text="Name one colour.", hint="Any will do.", extra=WAIT_HINT, status="", countdown=""
    )
    assert WAIT_HINT == "Press Enter when you're ready to go on"


def test_a_paused_waiting_prompt_leaves_out_enter_which_does_nothing_then() -> None:
    session, _ = played(hinted())
    session.start()
    scene = describe(session.pause())
    assert scene.extra == ""
    assert scene.hint == "Any will do."
    assert scene.status == "Paused · press Space to go on"


def test_a_timed_prompt_shows_its_hint_and_countdown_but_waits_for_nothing() -> None:
    session, _ = played(hinted(20))
    scene = describe(session.start())
    assert (scene.hint, scene.extra, scene.countdown) == (
        "Any will do.",
        "",
        "0:20 left in this step",
    )
    bare, _ = played({"kind": "prompt", "text": "Look around.", "seconds": 5})
    assert describe(bare.start()).hint == ""


def test_a_walk_shows_its_cadence_when_it_has_one() -> None:
    session, _ = played({**walk(30), "steps_in": 3, "steps_out": 4})
    # The cadence, then the beat: breathing in, the first of three footsteps, left foot.
    assert describe(session.start()).extra == "3 steps in · 4 steps out · in ●○○ left"
    session, _ = played(walk(30))
    assert describe(session.start()).extra == ""


def test_a_pause_by_the_gap_rule_says_it_happened_while_you_were_away() -> None:
    session, clock = played(guide(30))
    session.start()
    clock.advance(5)
    scene = describe(session.snapshot())
    assert scene.status == "Paused while you were away · press Space to go on"
    assert scene.text == "Notice your feet."


def test_live_status_is_what_a_pause_goes_back_to() -> None:
    session, _ = played(guide(10), lead_in=3)
    assert live_status(session.start()) is Status.LEAD_IN
    assert live_status(session.pause()) is Status.LEAD_IN
    assert live_status(session.skip_lead_in()) is Status.RUNNING  # still paused, on step one
    assert live_status(session.resume()) is Status.RUNNING
    assert live_status(session.stop()) is Status.STOPPED


def test_the_countdown_rounds_up_so_it_never_shows_zero_while_time_is_left() -> None:
    session, clock = played(guide(10), lead_in=3)
    session.start()
    clock.advance(1.5)
    session.snapshot()
    clock.advance(1.49)
    assert countdown(session.snapshot()) == "Beginning in 1"
    clock.advance(0.5)  # 0.49 s into the step
    assert countdown(session.snapshot()) == "0:10 left in this step"


def test_the_breath_words_name_the_phase_and_the_breath() -> None:
    session, clock = played(breathe(4, 2, 6, cycles=3))
    breath = session.start().breath
    assert breath is not None
    assert phase_heading(breath) == "▲ Breathe in"
    assert breath_line(breath) == "breath 1 of 3"
    for _ in range(13):  # 13 s: one second into the second breath
        clock.advance(1)
        breath = session.snapshot().breath
    assert breath is not None
    assert breath.phase is Phase.INHALE
    assert breath_line(breath) == "breath 2 of 3"
    for _ in range(4):  # 17 s: in the hold
        clock.advance(1)
        breath = session.snapshot().breath
    assert breath is not None
    assert phase_heading(breath) == "■ Hold"
    clock.advance(1)  # 18 s: breathing out
    breath = session.snapshot().breath
    assert breath is not None
    assert phase_heading(breath) == "▼ Breathe out"
