"""What is scheduled to be heard: a pure function of the practice's changes."""

from __future__ import annotations

import itertools
import math

import pytest

from numbtui.cadence import walk_beat
from numbtui.exercise import BreatheStep, GuideStep, Phase, PromptStep, WalkStep
from numbtui.library import discover
from numbtui.sound.contract import Change, Kind
from numbtui.sound.render import score
from numbtui.sound.score import (
    SPEECH_DELAY,
    WAITING_SUFFIX,
    Mode,
    Voicing,
    footsteps,
    silences,
    sounds,
    spoken_text,
    spoken_warnings,
)
from numbtui.sound.synth import Cue

CUE_OF = {
    Phase.INHALE: Cue.IN,
    Phase.TOP_UP: Cue.TOP_UP,
    Phase.HOLD: Cue.HOLD,
    Phase.EXHALE: Cue.OUT,
    Phase.HOLD_EMPTY: Cue.REST,
}


def breathing_exercises() -> list[str]:
    return [
        e.id for e in discover([]).exercises if any(isinstance(s, BreatheStep) for s in e.steps)
    ]


@pytest.mark.parametrize("exercise_id", breathing_exercises())
def test_every_phase_boundary_of_every_breathing_pattern_has_its_cue(exercise_id: str) -> None:
    steps = discover([]).require(exercise_id).steps
    lead_in = 3.0
    expected: list[tuple[float, Cue]] = []
    start = lead_in
    for step in steps:
        if isinstance(step, BreatheStep):
            at = start
            for _ in range(step.cycles):
                for phase, seconds in step.phases:
                    expected.append((at, CUE_OF[phase]))
                    at += seconds
        start += step.duration
    planned = score(steps, Voicing(Mode.CUES), lead_in=lead_in)
    breath = [(p.at, p.sound.cue) for p in planned.placed if p.sound.cue in CUE_OF.values()]
    assert len(breath) == len(expected) > 0
    for (at, cue), (want_at, want_cue) in zip(breath, expected, strict=True):
        assert cue == want_cue
        assert at == pytest.approx(want_at, abs=1e-6)


def test_each_step_has_a_chime_and_the_end_a_closing_chime() -> None:
    steps = discover([]).require("body-scan-short").steps
    planned = score(steps, Voicing(Mode.CUES), lead_in=2.0)
    chimes = [p.at for p in planned.placed if p.sound.cue is Cue.STEP]
    starts = [2.0 + math.fsum(s.duration for s in steps[:i]) for i in range(len(steps))]
    assert chimes == pytest.approx(starts)
    ends = [p.at for p in planned.placed if p.sound.cue is Cue.END]
    assert ends == pytest.approx([2.0 + sum(s.duration for s in steps)])
    assert planned.texts == []  # cues alone say nothing


def test_voice_speaks_each_step_after_its_chime_and_prefers_say() -> None:
    steps = [
        GuideStep(kind="guide", text="Look at the screen:\nthis.", say="Rest here.", seconds=10),
        PromptStep(kind="prompt", text="Name one thing."),
    ]
    planned = score(steps, Voicing(Mode.VOICE), lead_in=0.0, wait_seconds=30)
    spoken = [(p.at, p.sound.text) for p in planned.placed if p.sound.text]
    assert spoken == [
        (pytest.approx(SPEECH_DELAY), "Rest here."),
        (pytest.approx(10 + SPEECH_DELAY), f"Name one thing. {WAITING_SUFFIX}"),
    ]
    assert planned.end == pytest.approx(40.0)


def test_phase_words_only_when_asked_and_not_over_the_steps_own_words() -> None:
    step = BreatheStep(kind="breathe", text="Breathe with the tones.", inhale=4, exhale=4, cycles=3)
    change_first = Change(Kind.PHASE, 0, Phase.INHALE, 1)
    change_later = Change(Kind.PHASE, 0, Phase.EXHALE, 2)
    words = Voicing(Mode.VOICE, phase_words=True)
    assert [s.text for s in sounds(change_first, [step], words) if s.text] == []
    assert [s.text for s in sounds(change_later, [step], words) if s.text] == ["Out"]
    tones = Voicing(Mode.VOICE, phase_words=False)
    assert [s.text for s in sounds(change_later, [step], tones) if s.text] == []
    assert [s.cue for s in sounds(change_later, [step], tones)] == [Cue.OUT]


def test_breath_cues_end_before_a_short_phase_does() -> None:
    step = BreatheStep(kind="breathe", text="Quick.", inhale=0.5, exhale=4, cycles=2)
    (cue,) = sounds(Change(Kind.PHASE, 0, Phase.INHALE, 1), [step], Voicing())
    assert cue.phase_seconds == 0.5


def test_walking_with_a_cadence_ticks_each_footstep_of_the_screens_beat() -> None:
    step = WalkStep(kind="walk", text="Walk.", seconds=20, steps_in=2, steps_out=3)
    assert [p.cue for p in sounds(Change(Kind.STEP, 0), [step], Voicing(Mode.CUES))] == [Cue.STEP]
    ticks = footsteps(step, Voicing(Mode.CUES))
    # On each whole second after the chime (1.5 s), as the screen's beat moves, higher while
    # it says "in"; the last leaves a footstep and a pause before the step ends.
    assert [t.offset for t in ticks] == list(range(2, 19))
    for tick in ticks:
        breathing_in = walk_beat(2, 3, tick.offset).breathing_in
        assert tick.cue is (Cue.STEP_IN if breathing_in else Cue.STEP_OUT)
    assert [t.cue for t in ticks[:6]] == [Cue.STEP_OUT] * 3 + [Cue.STEP_IN] * 2 + [Cue.STEP_OUT]
    assert footsteps(step, Voicing(Mode.CUES, footsteps=False)) == []
    assert footsteps(step, Voicing(Mode.OFF)) == []
    assert footsteps(WalkStep(kind="walk", text="Walk.", seconds=20), Voicing()) == []


def test_footsteps_wait_for_the_steps_words() -> None:
    text = "Walk slowly. Feel each foot."
    step = WalkStep(kind="walk", text=text, seconds=30, steps_in=3, steps_out=3)
    voice = Voicing(Mode.VOICE, rate_wpm=140)
    done = SPEECH_DELAY + 5 * 60 / 140 + 2 * 0.3 + 0.3  # the words and a sentence's pause
    first = footsteps(step, voice)[0].offset
    assert first == math.ceil(done)


@pytest.mark.parametrize("cut", [[], [2.0], [0.5, 3.0, 3.0, 7.25], [5.999999, 6.0000001, 11]])
def test_footsteps_asked_for_in_windows_that_meet_are_each_given_once(cut: list[float]) -> None:
    step = WalkStep(kind="walk", text="Walk.", seconds=20, steps_in=3, steps_out=3)
    bounds = [0.0, *cut, math.inf]
    pieces = [footsteps(step, Voicing(), a, b) for a, b in itertools.pairwise(bounds)]
    assert [p for piece in pieces for p in piece] == footsteps(step, Voicing())
    # From the middle of a footstep, the next one; from right on one, that one.
    assert footsteps(step, Voicing(), 5.3)[0].offset == 6
    assert footsteps(step, Voicing(), 5.0)[0].offset == 5


def test_off_is_silent_and_pause_stop_and_jumps_silence() -> None:
    step = GuideStep(kind="guide", text="Hi.", seconds=5)
    assert sounds(Change(Kind.STEP, 0), [step], Voicing(Mode.OFF)) == []
    assert silences(Change(Kind.PAUSED, 0))
    assert silences(Change(Kind.STOPPED, 0))
    assert silences(Change(Kind.STEP, 0, jumped=True))
    assert not silences(Change(Kind.STEP, 0))  # by time: the words were meant to be done
    assert not silences(Change(Kind.RESUMED, 0))


def test_spoken_text_is_one_line() -> None:
    step = GuideStep(kind="guide", text="One.\n\n  Two.", seconds=5)
    assert spoken_text(step) == "One. Two."


def test_validate_warns_of_steps_too_short_for_their_words() -> None:
    long = GuideStep(kind="guide", text=" ".join(["word"] * 30) + ".", seconds=10)
    fine = GuideStep(kind="guide", text="Rest.", seconds=10)
    waits = PromptStep(kind="prompt", text=" ".join(["word"] * 60))
    warnings = spoken_warnings([fine, long, waits], 140)
    assert [index for index, _ in warnings] == [1]
    assert "140 words a minute" in warnings[0][1]
    assert spoken_warnings([long], 300) == []  # a faster voice has time


def test_a_track_copies_clips_into_silence_and_adds_where_they_meet() -> None:
    from array import array

    from numbtui.sound.mix import Track

    track = Track(0.0)
    track.add(0.0, array("h", [100] * 10))
    track.add(5 / 22050, array("h", [30000] * 10))  # meets the first for 5 samples
    track.add(30 / 22050, array("h", [7] * 3))
    assert list(track.samples[:15]) == [100] * 5 + [30100] * 5 + [30000] * 5
    assert list(track.samples[15:33]) == [0] * 15 + [7] * 3
    track.add(8 / 22050, array("h", [5000] * 4))  # louder than 16 bits can hold: clipped
    assert list(track.samples[7:13]) == [30100, 32767, 32767, 32767, 32767, 30000]


def test_coming_names_the_next_boundary_of_a_snapshot() -> None:
    from numbtui.session import Session
    from numbtui.sound.score import coming
    from tests.fakes import FakeClock

    breath = BreatheStep(kind="breathe", text="B.", inhale=2, exhale=3, cycles=2)
    guide = GuideStep(kind="guide", text="G.", seconds=5)
    clock = FakeClock()
    session = Session([guide, breath], clock, lead_in=2, gap_limit=100)
    assert coming(session.start()) == [Change(Kind.STEP, 0)]
    clock.advance(2.5)
    assert coming(session.snapshot()) == [
        Change(Kind.STEP, 1),
        Change(Kind.PHASE, 1, Phase.INHALE, 1),
    ]
    clock.advance(5)  # 0.5 s into the breathing
    assert coming(session.snapshot()) == [Change(Kind.PHASE, 1, Phase.EXHALE, 1)]
    clock.advance(2)  # into the first out-breath
    assert coming(session.snapshot()) == [Change(Kind.PHASE, 1, Phase.INHALE, 2)]
    clock.advance(5)  # into the last out-breath: the end comes next, and is not queued ahead
    assert coming(session.snapshot()) == []
    assert coming(session.pause()) == []


def test_validate_warns_at_the_step_and_still_passes(capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from numbtui.cli import main

    path = Path(__file__).parent / "data" / "spoken" / "words-too-long.yaml"
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}:7:5: warning: step 2 (guide): spoken at 140 words a minute, this step needs about "
        "16 s with a pause, and lasts 10 s: give it more seconds, or a shorter say: line"
    ]
    assert err == "1 valid, 0 with problems\n"


def test_validate_warns_at_the_users_speech_rate(capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from numbtui import paths
    from numbtui.cli import main
    from numbtui.settings import Settings, save

    save(Settings(speech_rate=300), paths.settings_file())
    path = Path(__file__).parent / "data" / "spoken" / "words-too-long.yaml"
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == ""  # a fast voice has time
