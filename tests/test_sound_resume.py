"""Sounds that repeat within a step pick up after a pause, a key or an extra reading: every
footstep on the beat the screen shows, every breath phase's cue (the hold's hum, the rest's
pulses) and word, each once. The real conductor and listener on a fake clock and timer; what
is asserted is what a device would have played (a silence drops whatever had not started)."""

from __future__ import annotations

import pytest

from numbtui.cadence import beat_text, walk_beat
from numbtui.conductor import BOUNDARY_MARGIN
from numbtui.exercise import AnyStep, BreatheStep, GuideStep, WalkStep
from numbtui.library import discover
from numbtui.sound.render import score
from numbtui.sound.score import Mode, Voicing
from tests.listener_helpers import Driver, Recorder, listener_for

CUES = Voicing(Mode.CUES)
WALK = WalkStep(kind="walk", text="Walk with your breath.", seconds=20, steps_in=3, steps_out=3)
GUIDE = GuideStep(kind="guide", text="Rest here.", seconds=10)
BREATH = BreatheStep(
    kind="breathe", text="Breathe.", inhale=4, hold=4, exhale=4, hold_empty=4, cycles=2
)
PHASES = ["in", "hold", "out", "rest"]
TICKS = ("step_in", "step_out")
NEAR = BOUNDARY_MARGIN + 1e-6


def footstep(position: float) -> str:
    """The tick the screen's beat calls for at ``position`` seconds into WALK."""
    beat = beat_text(walk_beat(3, 3, position))  # e.g. "in ●○○ left", as the screen shows it
    return "step_in" if beat.startswith("in ") else "step_out"


def ticks_from(first: int, last: int, shift: float) -> list[tuple[float, str]]:
    """WALK's footsteps ``first`` to ``last`` (whole seconds into the step), ``shift`` later."""
    return [(k + shift, footstep(k)) for k in range(first, last + 1)]


def heard_ticks(recorder: Recorder) -> list[tuple[float, str]]:
    return [(round(at, 6), name) for at, name in recorder.heard() if name in TICKS]


def driven(steps: list[AnyStep], voicing: Voicing = CUES) -> tuple[Driver, Recorder]:
    listener, recorder, _, clock = listener_for(steps, voicing)
    return Driver(steps, listener, clock), recorder


def at(driver: Driver, moment: float) -> None:
    """Let the conductor read as it asks up to ``moment``, then move the clock onto it."""
    driver.run_until(moment)
    driver.clock.advance(moment - driver.clock.now)


# -- footsteps --------------------------------------------------------------------------------


def test_footsteps_start_on_the_screens_beat_once_the_chime_has_rung() -> None:
    driver, recorder = driven([WALK])
    driver.run_until(40)
    # One a second, on the whole seconds where the screen's beat moves, from the first one
    # after the chime (1.5 s) to the last that leaves a second and a pause before the end.
    assert heard_ticks(recorder) == ticks_from(2, 18, 0)
    assert heard_ticks(recorder)[:5] == [
        (2, "step_in"),  # "in ●●● left"
        (3, "step_out"),
        (4, "step_out"),
        (5, "step_out"),
        (6, "step_in"),  # "in ●○○ left"
    ]


@pytest.mark.parametrize("pause_at", [5.0, 5.3, 5.999])
def test_footsteps_carry_on_after_a_pause_on_the_beat(pause_at: float) -> None:
    driver, recorder = driven([WALK])
    at(driver, pause_at)
    driver.conductor.pause()
    driver.clock.advance(10)
    driver.conductor.resume()  # the step goes on from pause_at seconds into it
    driver.run_until(60)
    resumed = pause_at + 10
    before = [k for k in range(2, 6) if k < pause_at]
    after = range(next(k for k in range(2, 19) if k >= pause_at), 19)
    # Each footstep once: those before the pause where they were, the rest on the same beat
    # 10 s later (a footstep due right at the pause was silenced with it and comes on going on).
    assert heard_ticks(recorder) == [(k, footstep(k)) for k in before] + [
        (pytest.approx(k + 10), footstep(k)) for k in after
    ]
    assert heard_ticks(recorder)[len(before)][0] >= resumed
    assert [name for _, name in recorder.heard()][-1] == "end"


def test_a_pause_during_the_chime_starts_the_footsteps_where_they_would_have() -> None:
    driver, recorder = driven([WALK])
    at(driver, 0.7)
    driver.conductor.pause()
    driver.clock.advance(10)
    driver.conductor.resume()
    driver.run_until(60)
    assert heard_ticks(recorder) == [(pytest.approx(t), n) for t, n in ticks_from(2, 18, 10)]


def test_extra_readings_neither_double_nor_drop_a_footstep() -> None:
    driver, recorder = driven([WALK])
    for moment in (2.2, 2.25, 3.0, 3.0, 3.5, 7.999, 8.0):
        at(driver, moment)
        driver.conductor.read()  # a resize or a screen coming back reads out of turn
    driver.run_until(60)
    assert heard_ticks(recorder) == [(pytest.approx(t), n) for t, n in ticks_from(2, 18, 0)]


def test_late_readings_do_not_make_a_footstep_late() -> None:
    driver, recorder = driven([WALK])
    driver.lateness = 0.4  # every reading 400 ms after it was asked for
    driver.run_until(60)
    assert heard_ticks(recorder) == [(pytest.approx(t), n) for t, n in ticks_from(2, 18, 0)]


def test_keys_start_the_footsteps_of_the_step_they_reach_from_its_start() -> None:
    driver, recorder = driven([GUIDE, WALK])
    at(driver, 3)
    driver.conductor.next_step()  # the walk begins at 3
    at(driver, 7.4)
    driver.conductor.previous_step()  # back to the guide: the walk's footsteps stop
    at(driver, 9)
    driver.conductor.next_step()  # the walk again, from its start, at 9
    driver.run_until(60)
    assert heard_ticks(recorder) == [
        (pytest.approx(t), n) for t, n in ticks_from(2, 4, 3) + ticks_from(2, 18, 9)
    ]
    chimes = [t for t, name in recorder.heard() if name == "step"]
    assert chimes == pytest.approx([0, 3, 7.4, 9])


def test_a_step_reached_while_paused_sounds_when_it_goes_on_not_before() -> None:
    driver, recorder = driven([GUIDE, WALK])
    at(driver, 3)
    driver.conductor.pause()
    driver.clock.advance(1)
    driver.conductor.next_step()  # the walk, still paused
    driver.clock.advance(6)
    driver.conductor.resume()  # the walk begins at 10
    driver.run_until(60)
    heard = recorder.heard()
    assert [item for item in heard if 0 < item[0] < 10] == []  # nothing while paused
    assert [t for t, name in heard if name == "step"] == pytest.approx([0, 10])
    assert heard_ticks(recorder) == [(pytest.approx(t), n) for t, n in ticks_from(2, 18, 10)]


def test_footsteps_follow_the_screens_beat_in_a_walk_with_a_longer_out_breath() -> None:
    step = WalkStep(kind="walk", text="Three in, four out.", seconds=30, steps_in=3, steps_out=4)
    driver, recorder = driven([step])
    driver.run_until(60)
    for moment, name in heard_ticks(recorder):
        beat = walk_beat(3, 4, moment)
        assert moment == int(moment)
        assert name == ("step_in" if beat.breathing_in else "step_out")
    assert [n for _, n in heard_ticks(recorder)][5:12] == ["step_in"] * 3 + ["step_out"] * 4


# -- breath phases ----------------------------------------------------------------------------


def breath_schedule(first: int, shift: float) -> list[tuple[float, str]]:
    """BREATH's phase cues from phase ``first`` (0 to 7 over its two breaths), ``shift``
    seconds later than planned."""
    return [(4 * i + shift, PHASES[i % 4]) for i in range(first, 8)]


@pytest.mark.parametrize("phase", range(4))
@pytest.mark.parametrize("into", [0.0, 1.5])
def test_each_breath_phase_is_heard_once_when_going_on(phase: int, into: float) -> None:
    """Paused right on a phase's start (its cue silenced with the pause) or inside it, going
    on restarts that phase with its cue: the in-breath's rise, the hold's hum, the out-breath,
    the rest's pulses."""
    driver, recorder = driven([BREATH])
    index = 4 + phase  # in the second breath
    pause_at = 4 * index + into
    at(driver, pause_at)
    driver.conductor.pause()
    driver.clock.advance(10)
    resumed = driver.clock.now
    driver.conductor.resume()
    driver.run_until(100)
    played_before = index + (1 if into else 0)  # a phase begun before the pause was heard
    expected = [(0, "step"), *breath_schedule(0, 0)[:played_before]]
    expected += [(t + resumed - 4 * index, n) for t, n in breath_schedule(index, 0)]
    expected.append((resumed + 32 - 4 * index, "end"))
    heard = recorder.heard()
    assert [n for _, n in heard] == [n for _, n in expected]
    assert [t for t, _ in heard] == pytest.approx([t for t, _ in expected], abs=NEAR)


def test_a_breathing_step_reached_while_paused_begins_with_its_first_phase_on_going_on() -> None:
    driver, recorder = driven([GUIDE, BREATH])
    at(driver, 3)
    driver.conductor.pause()
    driver.clock.advance(2)
    driver.conductor.next_step()
    driver.clock.advance(4)
    driver.conductor.resume()  # the breaths begin at 9
    driver.run_until(100)
    expected = [(0, "step"), (9, "step"), *breath_schedule(0, 9), (41, "end")]
    heard = recorder.heard()
    assert [n for _, n in heard] == [n for _, n in expected]
    assert [t for t, _ in heard] == pytest.approx([t for t, _ in expected], abs=NEAR)


def test_keys_and_extra_readings_in_a_breathing_step_give_each_cue_once() -> None:
    driver, recorder = driven([BREATH])
    for moment in (3.7, 4.0, 4.002, 9.0):
        at(driver, moment)
        driver.conductor.read()  # out of turn, as a resize does
    at(driver, 10)
    driver.conductor.previous_step()  # the step again from its start, mid out-breath
    driver.run_until(100)
    expected = [(0, "step"), (0, "in"), (4, "hold"), (8, "out"), (10, "step")]
    expected += [*breath_schedule(0, 10), (42, "end")]
    heard = recorder.heard()
    assert [n for _, n in heard] == [n for _, n in expected]
    assert [t for t, _ in heard] == pytest.approx([t for t, _ in expected], abs=NEAR)


@pytest.mark.parametrize("into", [0.0, 1.5])
def test_the_phase_word_is_said_once_when_going_on(into: float) -> None:
    words = Voicing(Mode.VOICE, phase_words=True)
    # The step's words, the four phase words and the rating question.
    listener, recorder, engine, clock = listener_for([BREATH], words, expected=6)
    assert engine.all_done.wait(5)  # all made ahead, so each plays on its boundary
    driver = Driver([BREATH], listener, clock)
    at(driver, 20 + into)  # the second breath's hold
    driver.conductor.pause()
    driver.clock.advance(10)
    driver.conductor.resume()
    driver.run_until(100)
    said = [(t, n) for t, n in recorder.heard() if n.startswith("say:")]
    expected = [(0.5, "say:Breathe."), (4, "say:Hold"), (8, "say:Out"), (12, "say:Rest")]
    expected.append((16, "say:In"))  # the first in-breath is left to the step's own words
    if into:
        expected.append((20, "say:Hold"))  # begun before the pause
    # Going on at 30 + into restarts the hold: its word once, then the rest on time.
    expected += [(t, f"say:{n.title()}") for t, n in breath_schedule(5, 10 + into)]
    assert [n for _, n in said] == [n for _, n in expected]
    assert [t for t, _ in said] == pytest.approx([t for t, _ in expected], abs=NEAR)
    listener.close()


# -- render -------------------------------------------------------------------------------------


@pytest.mark.parametrize("voicing", [CUES, Voicing(Mode.CUES, footsteps=False)])
def test_render_places_every_sound_where_the_live_practice_plays_it(voicing: Voicing) -> None:
    """``numbtui render`` (no pauses) is the live schedule written down: the same footsteps,
    chimes and end, at the same moments."""
    steps = list(discover([]).require("mindful-walking").steps)
    listener, recorder, _, clock = listener_for(steps, voicing)
    Driver(steps, listener, clock).run_until(10_000)
    placed = sorted((p.at, str(p.sound.cue)) for p in score(steps, voicing).placed)
    heard = recorder.heard()
    assert [n for _, n in heard] == [n for _, n in placed]
    assert [t for t, _ in heard] == pytest.approx([t for t, _ in placed], abs=NEAR)
    assert (sum(n in TICKS for _, n in heard) > 0) is voicing.footsteps
    listener.close()
