"""``numbtui render``: real audio, measured from the samples of the written file.

These need espeak-ng (``.ci/run`` installs it); they fail, not skip, without it.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from numbtui.cli import main
from numbtui.exercise import AnyStep, BreatheStep, Phase, PromptStep
from numbtui.library import discover
from numbtui.settings import Settings
from numbtui.sound.render import END_TAIL
from numbtui.sound.score import SPEECH_DELAY, speech_seconds, spoken_text
from tests.sound_helpers import crossings_per_second, read, rms, window

LEAD_IN = Settings().lead_in_seconds
SPEECH_FLOOR = 300.0  # RMS of spoken words at the default volume is in the thousands
SILENCE = 30.0


def rendered(tmp_path: Path, exercise_id: str, sound: str) -> tuple[list[int], tuple[AnyStep, ...]]:
    target = tmp_path / f"{exercise_id}.wav"
    assert main(["render", exercise_id, "--to", str(target), "--sound", sound]) == 0
    return list(read(target)), discover([]).require(exercise_id).steps


def starts(steps: tuple[AnyStep, ...]) -> list[float]:
    return [LEAD_IN + math.fsum(s.duration for s in steps[:i]) for i in range(len(steps) + 1)]


@pytest.mark.parametrize("exercise_id", ["breathing-4-4-4", "body-scan-short"])
def test_the_file_lasts_the_planned_time(tmp_path: Path, exercise_id: str) -> None:
    samples, steps = rendered(tmp_path, exercise_id, "voice")
    planned = LEAD_IN + sum(s.duration for s in steps) + END_TAIL
    assert len(samples) / 22050 == pytest.approx(planned, abs=0.3)


@pytest.mark.parametrize("exercise_id", ["breathing-4-4-4", "body-scan-short"])
def test_each_step_start_is_spoken_for_about_as_long_as_its_words(
    tmp_path: Path, exercise_id: str
) -> None:
    from array import array

    data, steps = rendered(tmp_path, exercise_id, "voice")
    samples = array("h", data)
    bounds = starts(steps)
    for index, step in enumerate(steps):
        begin = bounds[index] + SPEECH_DELAY
        assert rms(window(samples, begin + 0.2, begin + 1.2)) > SPEECH_FLOOR, index
        if isinstance(step, BreatheStep):
            continue  # the breath cues sound under the words
        # Speaking time: 50 ms frames with energy, from the first word to the next step.
        frames = [
            rms(window(samples, t, t + 0.05)) > SPEECH_FLOOR
            for t in [
                begin + 1.5 + k * 0.05 for k in range(int((bounds[index + 1] - begin - 1.5) / 0.05))
            ]
        ]
        last_voiced = 1.5 + 0.05 * max((k for k, v in enumerate(frames) if v), default=0)
        expected = speech_seconds(spoken_text(step), 140)
        assert 0.5 * expected < last_voiced < 1.2 * expected + 0.5, (index, last_voiced, expected)
        # and silence before the next step begins
        assert rms(window(samples, bounds[index + 1] - 0.8, bounds[index + 1] - 0.05)) < SILENCE


def test_in_cues_rise_and_out_cues_fall(tmp_path: Path) -> None:
    from array import array

    data, steps = rendered(tmp_path, "breathing-4-4-4", "cues")
    samples = array("h", data)
    bounds = starts(steps)
    (index,) = [i for i, s in enumerate(steps) if isinstance(s, BreatheStep)]
    step = steps[index]
    assert isinstance(step, BreatheStep)
    checked = 0
    for cycle in range(1, step.cycles):  # the first breath shares its start with the chime
        at = bounds[index] + cycle * step.cycle_seconds
        for phase, seconds in step.phases:
            early = crossings_per_second(window(samples, at + 0.15, at + 0.45))
            late = crossings_per_second(window(samples, at + 0.7, at + 1.0))
            if phase is Phase.INHALE:
                assert late > early * 1.15, (cycle, early, late)
                checked += 1
            elif phase is Phase.EXHALE:
                assert early > late * 1.15, (cycle, early, late)
                checked += 1
            # between the cue and the next phase: silence
            assert rms(window(samples, at + 1.3, at + seconds - 0.05)) < SILENCE
            at += seconds
    assert checked == 2 * (step.cycles - 1)


def test_a_waiting_prompt_gets_a_fixed_time_and_says_press_enter(tmp_path: Path) -> None:
    from numbtui.sound.render import score
    from numbtui.sound.score import Mode, Voicing

    steps = discover([]).require("five-senses").steps
    waits = [s for s in steps if isinstance(s, PromptStep) and s.waits]
    planned = score(steps, Voicing(Mode.VOICE), wait_seconds=20)
    assert planned.end == pytest.approx(sum(s.duration for s in steps) + 20 * len(waits))
    assert sum("press Enter" in t for t in planned.texts) == len(waits)


def test_render_without_a_speech_engine_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NUMBTUI_SPEECH", "none")
    target = tmp_path / "x.wav"
    assert main(["render", "body-scan-short", "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert "install espeak-ng" in err
    assert "--sound cues" in err
    assert not target.exists()
    assert main(["render", "body-scan-short", "--to", str(target), "--sound", "cues"]) == 0
    assert target.exists()


def test_render_fits_to_minutes(tmp_path: Path) -> None:
    target = tmp_path / "short.wav"
    assert (
        main(["render", "body-scan", "--to", str(target), "--minutes", "2", "--sound", "cues"]) == 0
    )
    seconds = len(read(target)) / 22050
    # The same fitting as the player: each step keeps its reading time, so body-scan's
    # shortest honest length is longer than 2 minutes, and the file is that long.
    from numbtui.exercise import planned_seconds
    from numbtui.lengths import fitted
    from numbtui.library import discover

    exercise = discover([]).require("body-scan")
    planned = planned_seconds(fitted(exercise, 2).steps)
    assert planned < exercise.total_seconds
    assert seconds == pytest.approx(LEAD_IN + planned + END_TAIL, abs=0.3)


def test_a_file_that_cannot_be_written_is_one_line_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-folder" / "x.wav"
    assert main(["render", "breathing-4-4-4", "--to", str(target), "--sound", "cues"]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"numbtui: No such file or directory: {target}\n"
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "x.wav"
    target.write_bytes(b"old")
    assert main(["render", "breathing-4-4-4", "--to", str(target), "--sound", "cues"]) == 0
    assert len(read(target)) > 22050 * 100
    assert [p.name for p in tmp_path.iterdir()] == ["x.wav"]  # no temporary file left
