"""The bundled library: valid exercises with the lengths, paces and voice they promise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from numbtui.exercise import BreatheStep, Exercise, GuideStep, PromptStep, WalkStep
from numbtui.fit import fit_to_minutes
from numbtui.loader import load_file
from numbtui.paths import bundled_exercises_dir
from numbtui.safety import breathing_notes
from numbtui.session import Session
from tests.fakes import FakeClock

MODELINE = "# yaml-language-server: $schema=exercise.schema.json"
MAX_STEP_TEXT = 160

BUNDLED_IDS = {
    "body-scan",
    "body-scan-short",
    "breathing-4-4-4",
    "box-breathing",
    "breathing-4-7-8",
    "resonance-breathing",
    "cyclic-sighing",
    "five-senses",
    "mindful-walking",
    "morning-stretch",
    "name-it",
    "eyes-open",
}

# id -> (shortest, longest) planned length in minutes, for the timed exercises.
LENGTH_MINUTES: dict[str, tuple[float, float]] = {
    "body-scan": (8, 12),
    "body-scan-short": (2, 4),
    "breathing-4-4-4": (1.5, 3),
    "box-breathing": (1.5, 4),
    "breathing-4-7-8": (1, 3),
    "resonance-breathing": (4.5, 6),
    "cyclic-sighing": (4.5, 6),
    "mindful-walking": (4, 6),
    "morning-stretch": (4, 6),
}

BREATHING_IDS = (
    "breathing-4-4-4",
    "box-breathing",
    "breathing-4-7-8",
    "resonance-breathing",
    "cyclic-sighing",
)
NOTHING_COUNTS = re.compile(r"\b(nothing|blank|numb)\b", re.IGNORECASE)
LIGHT_HEADED = re.compile(r"light-headed", re.IGNORECASE)


def _path(exercise_id: str) -> Path:
    return bundled_exercises_dir() / f"{exercise_id}.yaml"


def _load(exercise_id: str) -> Exercise:
    return load_file(_path(exercise_id))


def _breathe_steps(exercise: Exercise) -> list[BreatheStep]:
    return [step for step in exercise.steps if isinstance(step, BreatheStep)]


def test_the_bundled_folder_holds_exactly_the_bundled_ids() -> None:
    found = {path.stem for path in bundled_exercises_dir().glob("*.yaml")}
    assert found == BUNDLED_IDS


@pytest.mark.parametrize("exercise_id", sorted(BUNDLED_IDS))
def test_bundled_file_loads_with_its_id(exercise_id: str) -> None:
    exercise = _load(exercise_id)
    assert exercise.id == exercise_id
    assert exercise.spec.author == "numbtui"
    assert exercise.spec.description


@pytest.mark.parametrize("exercise_id", sorted(BUNDLED_IDS))
def test_first_line_is_the_schema_modeline(exercise_id: str) -> None:
    first = _path(exercise_id).read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE


@pytest.mark.parametrize("exercise_id", sorted(BUNDLED_IDS))
def test_every_step_text_fits_two_lines(exercise_id: str) -> None:
    too_long = [s.text for s in _load(exercise_id).steps if len(s.text) > MAX_STEP_TEXT]
    assert too_long == []


@pytest.mark.parametrize("exercise_id", sorted(BUNDLED_IDS))
def test_says_that_nothing_counts_as_an_answer(exercise_id: str) -> None:
    texts = [step.text for step in _load(exercise_id).steps]
    assert any(NOTHING_COUNTS.search(text) for text in texts)


@pytest.mark.parametrize(("exercise_id", "minutes"), sorted(LENGTH_MINUTES.items()))
def test_total_length_is_in_its_target_range(
    exercise_id: str, minutes: tuple[float, float]
) -> None:
    shortest, longest = minutes
    total = _load(exercise_id).total_seconds
    assert shortest * 60 <= total <= longest * 60


@pytest.mark.parametrize("exercise_id", sorted(LENGTH_MINUTES))
def test_timed_exercises_never_wait_for_a_key(exercise_id: str) -> None:
    assert not _load(exercise_id).waits_for_user


def test_breathing_4_4_4_is_ten_breaths_of_four_four_four() -> None:
    (step,) = _breathe_steps(_load("breathing-4-4-4"))
    assert (step.inhale, step.hold, step.exhale, step.hold_empty) == (4, 4, 4, 0)
    assert step.cycles == 10


def test_box_breathing_has_four_equal_sides() -> None:
    (step,) = _breathe_steps(_load("box-breathing"))
    assert (step.inhale, step.hold, step.exhale, step.hold_empty) == (4, 4, 4, 4)


def test_breathing_4_7_8_keeps_to_at_most_four_cycles() -> None:
    (step,) = _breathe_steps(_load("breathing-4-7-8"))
    assert (step.inhale, step.hold, step.exhale, step.hold_empty) == (4, 7, 8, 0)
    assert step.cycles <= 4


@pytest.mark.parametrize("exercise_id", BREATHING_IDS)
def test_breathing_mentions_light_headedness_before_the_pacer(exercise_id: str) -> None:
    exercise = _load(exercise_id)
    assert LIGHT_HEADED.search(exercise.spec.description or "")
    first_pacer = next(i for i, s in enumerate(exercise.steps) if isinstance(s, BreatheStep))
    before = exercise.steps[:first_pacer]
    assert any(isinstance(s, GuideStep) and LIGHT_HEADED.search(s.text) for s in before)


def test_resonance_breathing_is_five_and_a_half_in_and_out_without_holds() -> None:
    (step,) = _breathe_steps(_load("resonance-breathing"))
    phases = (step.inhale, step.top_up, step.hold, step.exhale, step.hold_empty)
    assert phases == (5.5, 0, 0, 5.5, 0)
    # About 5.5 breaths a minute, for about five minutes of breathing.
    assert 60 / step.cycle_seconds == pytest.approx(5.45, abs=0.01)
    assert 4 * 60 <= step.duration <= 5.5 * 60


def test_resonance_breathing_says_gentle_not_deep_and_through_the_nose() -> None:
    exercise = _load("resonance-breathing")
    texts = " ".join(s.text for s in exercise.steps).lower()
    assert "not deeply" in texts
    assert "nose" in texts


def test_cyclic_sighing_is_in_then_a_little_more_then_the_longest_part_out() -> None:
    (step,) = _breathe_steps(_load("cyclic-sighing"))
    assert (step.hold, step.hold_empty) == (0, 0)
    assert 0 < step.top_up < step.inhale < step.exhale
    # The breath out is the longest part of each breath: longer than both breaths in together.
    assert step.exhale > step.inhale + step.top_up
    assert 4 * 60 <= step.duration <= 5.5 * 60


def test_cyclic_sighing_says_the_out_breath_is_longest_and_a_normal_breath_is_fine() -> None:
    exercise = _load("cyclic-sighing")
    first_pacer = next(i for i, s in enumerate(exercise.steps) if isinstance(s, BreatheStep))
    before = " ".join(s.text for s in exercise.steps[:first_pacer]).lower()
    assert "the breath out is the longest part" in before
    assert "a normal breath in between is fine" in before
    assert "nose" in before
    assert "mouth" in before


@pytest.mark.parametrize("exercise_id", ["resonance-breathing", "cyclic-sighing"])
@pytest.mark.parametrize("minutes", [2, 5, 10])
def test_new_breathing_fits_to_minutes_on_whole_breaths(exercise_id: str, minutes: int) -> None:
    exercise = _load(exercise_id)
    (original,) = _breathe_steps(exercise)
    fitted = fit_to_minutes(exercise.spec, minutes)
    (step,) = [s for s in fitted.steps if isinstance(s, BreatheStep)]
    # The pattern is kept; only the number of whole breaths changes.
    assert step.phases == original.phases
    assert isinstance(step.cycles, int)
    total = sum(s.duration for s in fitted.steps)
    assert abs(total - minutes * 60) <= step.cycle_seconds


@pytest.mark.parametrize("exercise_id", ["resonance-breathing", "cyclic-sighing"])
def test_new_breathing_plays_to_the_end_with_a_fake_clock(exercise_id: str) -> None:
    exercise = _load(exercise_id)
    clock = FakeClock()
    session = Session.from_exercise(exercise, clock, lead_in=3)
    session.start()
    phases_seen = set()
    # Read the clock every half second, as the player does at least every second.
    while not session.over:
        clock.advance(0.5)
        snapshot = session.snapshot()
        if snapshot.breath is not None:
            phases_seen.add(snapshot.breath.phase)
    assert session.finished
    assert session.practised == pytest.approx(exercise.total_seconds)
    (step,) = _breathe_steps(exercise)
    assert phases_seen == {phase for phase, _ in step.phases}


def test_the_bundled_breathing_needs_no_note_on_light_headedness() -> None:
    # Every bundled pattern stays within 10 breaths a minute and 10 s holds; 4-7-8 keeps its cap.
    for exercise_id in BREATHING_IDS:
        assert breathing_notes(_load(exercise_id).steps) == []


def test_mindful_walking_matches_steps_to_breath() -> None:
    walks = [s for s in _load("mindful-walking").steps if isinstance(s, WalkStep)]
    cadences = {(s.steps_in, s.steps_out) for s in walks if s.cadence is not None}
    assert (3, 3) in cadences


def test_mindful_walking_mentions_pacing_in_a_small_space() -> None:
    texts = " ".join(s.text for s in _load("mindful-walking").steps).lower()
    assert "back and forth" in texts


def test_five_senses_counts_down_with_prompts_that_wait() -> None:
    prompts = [s for s in _load("five-senses").steps if isinstance(s, PromptStep)]
    senses = ["see", "touch", "hear", "smell", "taste"]
    counts = ["five", "four", "three", "two", "one"]
    assert len(prompts) == 5
    for prompt, sense, count in zip(prompts, senses, counts, strict=True):
        assert prompt.waits
        assert prompt.hint
        assert sense in prompt.text.lower()
        assert count in prompt.text.lower()


def test_name_it_has_prompts_that_wait_for_the_user() -> None:
    exercise = _load("name-it")
    waiting = [s for s in exercise.steps if isinstance(s, PromptStep) and s.waits]
    assert len(waiting) >= 2
    assert any("how do i feel about this" in s.text.lower() for s in waiting)


def test_body_scan_visits_every_region_in_order() -> None:
    text = " ".join(step.text for step in _load("body-scan").steps).lower()
    regions = [
        "feet", "shins", "thighs", "hips", "belly", "chest", "lower back", "hands",
        "forearms", "shoulders", "throat", "jaw", "scalp", "whole body", "room",
    ]  # fmt: skip
    position = 0
    for region in regions:
        found = text.find(region, position)
        assert found >= 0, f"{region!r} missing or out of order"
        position = found + len(region)


def test_the_eyes_open_way_out_is_short_timed_and_names_support() -> None:
    exercise = load_file(bundled_exercises_dir() / "eyes-open.yaml")
    assert 45 <= exercise.total_seconds <= 90  # about a minute
    assert not exercise.waits_for_user  # nothing to decide while feeling unreal
    texts = " ".join(step.text for step in exercise.steps).lower()
    assert "eyes open" in texts
    assert "feet" in texts
    assert "where you are" in texts
    assert "f2" in texts
    # No eyes closed, no breath holding, no alarm words.
    for word in ("close your eyes", "hold your breath", "danger", "emergency", "panic"):
        assert word not in texts
