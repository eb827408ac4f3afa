"""Going on after a pause says again a step's words the pause cut off: all of them when they
can still finish within the step, else from the sentence cut off; words that had finished are
not said again. The real conductor and listener on a fake clock and timer, with a fake engine
whose words take as long as a calm voice would; what is asserted is what a device would have
played (a silence drops whatever had not started)."""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime, timedelta

import pytest

import numbtui.sound.listener as listener_module
from numbtui.conductor import BOUNDARY_MARGIN
from numbtui.exercise import AnyStep, BreatheStep, GuideStep, PromptStep, WalkStep
from numbtui.library import discover
from numbtui.options import LaunchOptions
from numbtui.plain.flow import Console, run
from numbtui.rating import SPOKEN_AFTER
from numbtui.sound.listener import SoundListener
from numbtui.sound.score import (
    SENTENCE_PAUSE,
    SPEECH_DELAY,
    Mode,
    Voicing,
    said_again,
    sentences,
    speech_seconds,
)
from tests.fakes import FakeClock
from tests.listener_helpers import Driver, FakeEngine, Recorder, listener_for
from tests.plain_helpers import DATA, ScriptedKeys

VOICE = Voicing(Mode.VOICE)
NEAR = BOUNDARY_MARGIN + 1e-6
FEET = "Let your attention rest on your feet. Notice whatever is there. Nothing counts too."
WORDS = speech_seconds(FEET, VOICE.rate_wpm)  # 6.9 s: its words end 7.4 s into the step
AWAY = 10.0
WALK_FILE = DATA / "good" / "walk-cadence.yaml"


def guide(seconds: float, text: str = FEET) -> GuideStep:
    return GuideStep(kind="guide", text=text, seconds=seconds)


def made(
    steps: list[AnyStep], voicing: Voicing = VOICE
) -> tuple[SoundListener, Driver, Recorder, FakeEngine]:
    """A listener whose steps' words are all made ahead (so each plays on its moment)."""
    # The steps' words and the rating question.
    listener, recorder, engine, clock = listener_for(
        steps, voicing, timed=True, expected=len(steps) + 1
    )
    assert engine.all_done.wait(5)
    return listener, Driver(steps, listener, clock), recorder, engine


def at(driver: Driver, moment: float) -> None:
    driver.run_until(moment)
    driver.clock.advance(moment - driver.clock.now)


def pause_and_go_on(driver: Driver, pause_at: float, away: float = AWAY) -> float:
    """Pause at ``pause_at``, go on ``away`` seconds later; returns when it went on."""
    at(driver, pause_at)
    driver.conductor.pause()
    driver.clock.advance(away)
    driver.conductor.resume()
    return driver.clock.now


def words_made(recorder: Recorder, count: int) -> None:
    """Wait (for the sound worker, not on the clock) until ``count`` words were handed over."""
    for _ in range(500):
        with recorder.lock:
            if sum(name.startswith("say:") for _, name, _ in recorder.played) >= count:
                return
        threading.Event().wait(0.01)
    raise AssertionError(f"{count} words were never handed to the device")


def said(recorder: Recorder) -> list[tuple[float, str]]:
    return [(at, name) for at, name in recorder.heard() if name.startswith("say:")]


def check(heard: list[tuple[float, str]], expected: list[tuple[float, str]]) -> None:
    assert [n for _, n in heard] == [n for _, n in expected]
    assert [t for t, _ in heard] == pytest.approx([t for t, _ in expected], abs=NEAR)


# -- which words, by a pure rule --------------------------------------------------------------


def test_sentences_cut_after_each_sentence_and_join_back() -> None:
    assert sentences(FEET) == [
        "Let your attention rest on your feet.",
        "Notice whatever is there.",
        "Nothing counts too.",
    ]
    assert " ".join(sentences(FEET)) == FEET
    assert sentences("No stop at the end") == ["No stop at the end"]


@pytest.mark.parametrize(
    ("heard", "remaining", "expected"),
    [
        (-0.2, 4.0, FEET),  # not begun yet: all of it, however little time is left
        (1.0, 22.0, FEET),  # time enough: all of it again
        (1.0, None, FEET),  # a step that waits for a key always has time
        (1.0, 8.0, FEET),  # cut in the first sentence: from it is all of it
        (4.0, 5.5, "Notice whatever is there. Nothing counts too."),
        (5.5, 4.0, "Nothing counts too."),
    ],
)
def test_all_the_words_when_they_fit_else_from_the_sentence_cut_off(
    heard: float, remaining: float | None, expected: str
) -> None:
    assert said_again(FEET, heard, WORDS, remaining, VOICE.rate_wpm) == expected


def test_where_a_sentence_begins_follows_the_real_length_of_the_words() -> None:
    # Spoken twice as slowly as estimated, 4 s in is still the first sentence.
    assert said_again(FEET, 4.0, 2 * WORDS, 5.0, VOICE.rate_wpm) == FEET


# -- what is heard ----------------------------------------------------------------------------


def test_words_cut_off_by_a_pause_are_said_again_from_the_start_on_going_on() -> None:
    listener, driver, recorder, _ = made([guide(30)])
    resumed = pause_and_go_on(driver, 3.0)  # the first sentence is being said
    driver.run_until(100)
    check(said(recorder), [(0.5, f"say:{FEET}"), (resumed + SPEECH_DELAY, f"say:{FEET}")])
    # The step's clock did not wait for them: the practice ends when it would have.
    assert [t for t, n in recorder.heard() if n == "end"] == pytest.approx([30 + AWAY])
    listener.close()


def test_words_not_begun_when_paused_are_said_on_going_on() -> None:
    listener, driver, recorder, _ = made([guide(30)])
    resumed = pause_and_go_on(driver, 0.3)  # between the chime and the first word
    driver.run_until(100)
    check(said(recorder), [(resumed + SPEECH_DELAY, f"say:{FEET}")])
    listener.close()


def test_words_that_had_finished_are_not_said_again() -> None:
    listener, driver, recorder, _ = made([guide(30)])
    pause_and_go_on(driver, 0.5 + WORDS + 0.1)
    driver.run_until(100)
    check(said(recorder), [(0.5, f"say:{FEET}")])
    listener.close()


@pytest.mark.parametrize(
    ("pause_at", "again"),
    [
        (5.0, "Notice whatever is there. Nothing counts too."),
        (6.5, "Nothing counts too."),
    ],
)
def test_in_a_step_with_no_time_for_all_of_them_the_sentence_cut_off_is_said_again(
    pause_at: float, again: str
) -> None:
    listener, driver, recorder, _ = made([guide(10), guide(10, "Stand still.")])
    resumed = pause_and_go_on(driver, pause_at)
    words_made(recorder, 2)  # the end of the words is made when it is asked for
    driver.run_until(100)
    next_step = 10 + AWAY
    check(
        said(recorder),
        [
            (0.5, f"say:{FEET}"),
            (resumed + SPEECH_DELAY, f"say:{again}"),
            (next_step + SPEECH_DELAY, "say:Stand still."),
        ],
    )
    ends = resumed + SPEECH_DELAY + speech_seconds(again, VOICE.rate_wpm)
    assert ends <= next_step + SPEECH_DELAY  # they do not talk over the next step's words
    listener.close()


def test_a_pause_while_they_are_said_again_says_them_once_more() -> None:
    listener, driver, recorder, _ = made([guide(60)])
    first = pause_and_go_on(driver, 3.0)
    second = pause_and_go_on(driver, first + 2.0)
    driver.run_until(200)
    expected = [(0.5, FEET), (first + SPEECH_DELAY, FEET), (second + SPEECH_DELAY, FEET)]
    check(said(recorder), [(t, f"say:{text}") for t, text in expected])
    listener.close()


def test_a_step_moved_to_while_paused_says_its_own_words_not_the_ones_cut_off() -> None:
    listener, driver, recorder, _ = made([guide(30), guide(30, "Stand still.")])
    at(driver, 3.0)
    driver.conductor.pause()
    driver.clock.advance(2)
    driver.conductor.next_step()
    driver.clock.advance(3)
    driver.conductor.resume()  # the second step begins at 8
    driver.run_until(100)
    check(said(recorder), [(0.5, f"say:{FEET}"), (8 + SPEECH_DELAY, "say:Stand still.")])
    listener.close()


def test_a_waiting_prompt_says_its_words_again_with_how_to_go_on() -> None:
    step = PromptStep(kind="prompt", text="Name one thing you can see.")
    listener, driver, recorder, _ = made([step])
    resumed = pause_and_go_on(driver, 1.0)
    driver.run_until(resumed + 5)
    words = "Name one thing you can see. When you are ready, press Enter."
    check(said(recorder), [(0.5, f"say:{words}"), (resumed + SPEECH_DELAY, f"say:{words}")])
    listener.close()


def test_no_phase_word_talks_over_the_words_said_again() -> None:
    text = "Breathe with the tones. Slow and gentle. Nothing to get right here."
    step = BreatheStep(kind="breathe", text=text, inhale=4, hold=4, exhale=4, cycles=3)
    # The step's words, "In", "Hold", "Out" and the rating question.
    listener, recorder, engine, clock = listener_for(
        [step], Voicing(Mode.VOICE, True), timed=True, expected=5
    )
    assert engine.all_done.wait(5)
    driver = Driver([step], listener, clock)
    resumed = pause_and_go_on(driver, 5.0)  # in the hold, the words not done
    driver.run_until(100)
    # Going on restarts the hold (4 s into the step): the words again half a second later;
    # they end 10.8 s into the step, so the out-breath's word (8 s) is left out, the rest said.
    start = resumed - 4.0  # where the step's 0 is now
    again_ends = 4.0 + SPEECH_DELAY + speech_seconds(text, 140) + SENTENCE_PAUSE
    assert 8.0 < again_ends < 12.0
    expected = [(0.5, text), (resumed + SPEECH_DELAY, text)]
    expected += [
        (start + 12 * cycle + offset, word)
        for cycle in (1, 2)
        for offset, word in ((0, "In"), (4, "Hold"), (8, "Out"))
    ]
    check(said(recorder), [(t, f"say:{w}") for t, w in expected])
    listener.close()


def test_footsteps_wait_for_the_words_said_again() -> None:
    walk = WalkStep(
        kind="walk", text="Walk slowly. Feel each foot.", seconds=20, steps_in=3, steps_out=3
    )
    listener, driver, recorder, _ = made([walk])
    resumed = pause_and_go_on(driver, 2.0)  # the words are being said
    driver.run_until(100)
    # Said again from 2.5 s into the step, they end at 5.54 s: footsteps from the sixth second.
    ticks = [t for t, n in recorder.heard() if n in ("step_in", "step_out")]
    assert ticks == pytest.approx([k + AWAY for k in range(6, 19)], abs=NEAR)
    check(said(recorder), [(0.5, f"say:{walk.text}"), (resumed + SPEECH_DELAY, f"say:{walk.text}")])
    listener.close()


# -- plain mode with speech -------------------------------------------------------------------


def test_plain_mode_with_speech_says_the_words_cut_off_again_on_going_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plain mode's lines are never cut, but its speech is the same listener: same fix."""
    exercise = discover([WALK_FILE]).require("walk-cadence")
    clock = FakeClock()
    listener, recorder, engine, _ = listener_for(
        exercise.steps, VOICE, timed=True, clock=clock, expected=len(exercise.steps) + 1
    )
    assert engine.all_done.wait(5)
    monkeypatch.setattr(listener_module, "sound_for", lambda steps, settings: (listener, None))
    # Space in the lead-in begins at 0.5; Space pauses 2 s into the walk, goes on 10 s later.
    keys = ScriptedKeys(clock, [(0.5, " "), (2.5, " "), (12.5, " ")])
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    console = Console(
        io.StringIO("\n\n\n\n"),
        io.StringIO(),
        io.StringIO(),
        clock=clock,
        now=lambda: start + timedelta(seconds=clock.now),
        keys=keys,
    )
    options = LaunchOptions(
        exercise_id="walk-cadence", extra_exercises=(WALK_FILE,), checkin=False, sound="voice"
    )
    assert run(options, console) == 0
    walk = exercise.steps[0].text
    steps_said = [(t, n) for t, n in said(recorder) if n != f"say:{SPOKEN_AFTER}"]
    check(
        steps_said,
        [
            (0.5 + SPEECH_DELAY, f"say:{walk}"),
            (12.5 + SPEECH_DELAY, f"say:{walk}"),  # the walk's words again, on going on
            (30.5 + SPEECH_DELAY, "say:Stand still."),
        ],
    )
    assert isinstance(console.stdout, io.StringIO)
    assert console.stdout.getvalue().count(walk) == 1  # the printed line is not repeated


def test_nothing_plays_while_paused_whatever_reads_the_practice() -> None:
    """Readings while paused (a resize, the screen coming back) queue no footstep, cue or
    words: everything waits for going on."""
    walk = WalkStep(
        kind="walk", text="Walk slowly. Feel each foot.", seconds=20, steps_in=3, steps_out=3
    )
    listener, driver, recorder, _ = made([walk, guide(10, "Stand still.")])
    for pause_at in (2.0, 7.3, 19.6):  # in the words, among the footsteps, before the next step
        at(driver, driver.clock.now + pause_at - driver.session_snapshot().step_elapsed)
        driver.conductor.pause()
        paused_at, handed = driver.clock.now, len(recorder.played)
        for _ in range(5):
            driver.clock.advance(1.3)
            driver.conductor.read()
        assert len(recorder.played) == handed  # nothing handed to the device while paused
        assert [t for t, _ in recorder.heard() if paused_at <= t < driver.clock.now] == []
        driver.conductor.resume()
    listener.close()
