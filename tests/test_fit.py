"""Fitting an exercise to about M minutes: proportion, whole breaths, limits and errors."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numbtui.durations import format_duration
from numbtui.errors import UsageError
from numbtui.exercise import (
    MAX_EXERCISE_SECONDS,
    BreatheStep,
    ExerciseFile,
    GuideStep,
    PromptStep,
    WalkStep,
)
from numbtui.fit import fit, fit_to_minutes, reading_seconds
from numbtui.library import discover


def spec(*steps: dict[str, Any], **fields: Any) -> ExerciseFile:
    return ExerciseFile.model_validate(
        {"title": "Test", "summary": "A test.", **fields, "steps": list(steps)}
    )


def guide(seconds: float) -> dict[str, Any]:
    return {"kind": "guide", "text": "Notice your feet.", "seconds": seconds}


def walk(seconds: float) -> dict[str, Any]:
    return {"kind": "walk", "text": "Walk.", "seconds": seconds, "steps_in": 3, "steps_out": 4}


def prompt(seconds: float | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"kind": "prompt", "text": "Name one thing.", "hint": "Anything."}
    if seconds is not None:
        step["seconds"] = seconds
    return step


def breathe(
    inhale: float, hold: float, exhale: float, hold_empty: float = 0, cycles: int = 5
) -> dict[str, Any]:
    return {
        "kind": "breathe",
        "text": "Breathe.",
        "inhale": inhale,
        "hold": hold,
        "exhale": exhale,
        "hold_empty": hold_empty,
        "cycles": cycles,
    }


def total(exercise: ExerciseFile) -> float:
    return math.fsum(step.duration for step in exercise.steps)


# guide 60 + walk 120 + timed prompt 30 + waiting prompt + 4-4-4 x 5 (60) = 270 s
MIXED = spec(guide(60), walk(120), prompt(30), prompt(), breathe(4, 4, 4, cycles=5))


def test_double_length_doubles_every_kind_of_step() -> None:
    fitted = fit_to_minutes(MIXED, 9)  # 540 s = 2 x 270 s
    g, w, p, waiting, b = fitted.steps
    assert isinstance(g, GuideStep)
    assert g.seconds == 120
    assert isinstance(w, WalkStep)
    assert w.seconds == 240
    assert (w.steps_in, w.steps_out) == (3, 4)
    assert isinstance(p, PromptStep)
    assert p.seconds == 60
    assert p.hint == "Anything."
    assert waiting == MIXED.steps[3]
    assert isinstance(b, BreatheStep)
    assert b.cycles == 10
    assert total(fitted) == 540


def test_timed_steps_keep_their_proportions() -> None:
    fitted = fit_to_minutes(spec(guide(10), guide(30), walk(20)), 2)
    assert [step.duration for step in fitted.steps] == [20, 60, 40]


def test_shorter_keeps_proportions_too() -> None:
    fitted = fit_to_minutes(spec(guide(60), guide(180)), 1)
    assert [step.duration for step in fitted.steps] == [15, 45]


def test_breathing_keeps_its_phases_and_changes_whole_breaths() -> None:
    original = spec(breathe(4, 7, 8, cycles=4))  # 19 s a breath
    fitted = fit_to_minutes(original, 2)  # 120 s: 6.3 breaths
    (step,) = fitted.steps
    assert isinstance(step, BreatheStep)
    assert (step.inhale, step.hold, step.exhale, step.hold_empty) == (4, 7, 8, 0)
    assert step.cycles == 6
    assert step.duration == 6 * 19


def test_timed_steps_take_up_what_rounding_the_breaths_lost() -> None:
    # 12 + 4 x 12 = 60 s; at 66 s the breaths would be 4.4, so 4 (48 s) and the guide 18 s.
    fitted = fit_to_minutes(spec(guide(12), breathe(4, 4, 4, cycles=4)), 1.1)
    g, b = fitted.steps
    assert isinstance(b, BreatheStep)
    assert b.cycles == 4
    assert g.duration == 18
    assert total(fitted) == 66


def test_same_length_changes_nothing() -> None:
    fitted = fit_to_minutes(MIXED, 4.5)
    assert fitted == MIXED


def test_everything_else_is_kept() -> None:
    original = spec(
        guide(30),
        description="Longer words.",
        tags=["body", "breath"],
        author="Someone",
        version=3,
    )
    fitted = fit_to_minutes(original, 1)
    assert fitted.model_dump(exclude={"steps"}) == original.model_dump(exclude={"steps"})
    assert fitted.steps[0].duration == 60
    assert original.steps[0].duration == 30  # the original is untouched


def test_the_result_is_a_valid_exercise() -> None:
    fitted = fit_to_minutes(MIXED, 7.3)
    assert isinstance(fitted, ExerciseFile)
    assert ExerciseFile.model_validate(fitted.model_dump()) == fitted


def test_tiny_length_keeps_one_breath_and_the_time_to_read() -> None:
    result = fit(MIXED, 0.05)
    fitted = result.spec
    for step in fitted.steps:
        if isinstance(step, BreatheStep):
            assert step.cycles == 1
        elif isinstance(step, PromptStep) and step.waits:
            continue
        else:
            assert step.duration == reading_seconds(step)
    # "Notice your feet." 2 s, "Walk." 2 s, "Name one thing." + "Anything." 3 s, one breath.
    assert total(fitted) == 2 + 2 + 3 + 12
    assert result.note == (
        "This practice lasts about 0:19: the shortest that leaves time to read each step."
    )


def test_huge_length_is_capped_per_step_without_inflating_the_rest() -> None:
    original = spec(guide(30), breathe(4, 4, 4, 4, cycles=10))  # 30 + 160 = 190 s
    fitted = fit_to_minutes(original, 180)
    g, b = fitted.steps
    assert isinstance(b, BreatheStep)
    assert b.cycles == 225  # 3600 s: the one-hour cap
    factor = 10800 / 190
    assert abs(g.duration - 30 * factor) <= 1  # the guide grows in proportion, no more
    assert total(fitted) <= MAX_EXERCISE_SECONDS


def test_a_single_step_is_capped_at_an_hour() -> None:
    fitted = fit_to_minutes(spec(guide(10)), 180)
    assert fitted.steps[0].duration == 3600


def test_many_steps_at_the_longest_fit_stay_within_three_hours() -> None:
    steps = [guide(7.3), breathe(2.5, 0, 3.5, cycles=3)] * 40
    fitted = fit_to_minutes(spec(*steps), 180)
    assert total(fitted) <= MAX_EXERCISE_SECONDS
    assert abs(total(fitted) - 10800) <= 6


@pytest.mark.parametrize("minutes", [0, -1, math.nan, math.inf, -math.inf, 180.01, 1e9])
def test_impossible_lengths_are_refused(minutes: float) -> None:
    with pytest.raises(UsageError, match="minutes"):
        fit_to_minutes(MIXED, minutes)


def test_only_waiting_prompts_cannot_be_fitted() -> None:
    with pytest.raises(UsageError, match="no timed steps"):
        fit_to_minutes(spec(prompt(), prompt()), 5)


def test_the_longest_fit_is_accepted() -> None:
    assert total(fit_to_minutes(spec(*[guide(30)] * 10), 180)) == 10800
    fitted = fit_to_minutes(MIXED, 180)  # the walk would pass an hour: capped, so shorter
    assert fitted.steps[1].duration == 3600
    assert total(fitted) < 10800


@pytest.mark.parametrize("minutes", [1, 3, 10, 25])
def test_bundled_exercises_fit_to_about_the_length(tmp_path: Path, minutes: float) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    library = discover(user=empty)
    assert library.exercises
    for exercise in library.exercises:
        if not any(step.duration for step in exercise.spec.steps):
            continue
        result = fit(exercise.spec, minutes)
        fitted = result.spec
        breath = max(
            (s.cycle_seconds for s in fitted.steps if isinstance(s, BreatheStep)), default=1.0
        )
        if result.note is None:
            assert abs(total(fitted) - minutes * 60) <= max(breath, 5), exercise.id
        else:  # kept longer by the reading times, or shorter by a cap on breaths
            assert abs(total(fitted) - minutes * 60) > max(breath, 5), exercise.id


# -- any valid length gives a valid exercise ------------------------------------------------

phase = st.sampled_from([0.5, 1.0, 1.5, 2.0, 4.0, 7.0, 8.0])
optional_phase = st.sampled_from([0, 0.5, 2.0, 4.0])
step_strategy = st.one_of(
    st.builds(guide, st.floats(min_value=1, max_value=600)),
    st.builds(walk, st.floats(min_value=1, max_value=600)),
    st.builds(prompt, st.one_of(st.none(), st.floats(min_value=1, max_value=600))),
    st.builds(breathe, phase, optional_phase, phase, optional_phase, st.integers(1, 20)),
)
minutes_strategy = st.floats(min_value=0, max_value=180, exclude_min=True, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(minutes=minutes_strategy)
def test_any_valid_length_gives_a_valid_exercise(minutes: float) -> None:
    fitted = fit_to_minutes(MIXED, minutes)
    ExerciseFile.model_validate(fitted.model_dump())
    for before, after in zip(MIXED.steps, fitted.steps, strict=True):
        assert type(after) is type(before)
        if isinstance(after, BreatheStep):
            assert isinstance(before, BreatheStep)
            assert after.cycles >= 1
            assert after.phases == before.phases
        elif isinstance(after, PromptStep) and after.waits:
            assert after == before
        else:
            assert 1 <= after.duration <= 3600
            assert after.duration == int(after.duration)


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(step_strategy, min_size=1, max_size=8), minutes=minutes_strategy)
def test_any_exercise_and_length_give_a_valid_exercise(
    steps: list[dict[str, Any]], minutes: float
) -> None:
    original = spec(*steps)
    if not any(step.duration for step in original.steps):
        with pytest.raises(UsageError):
            fit_to_minutes(original, minutes)
        return
    fitted = fit_to_minutes(original, minutes)
    assert ExerciseFile.model_validate(fitted.model_dump()) == fitted
    assert total(fitted) <= MAX_EXERCISE_SECONDS
    for before, after in zip(original.steps, fitted.steps, strict=True):
        if isinstance(after, BreatheStep):
            assert isinstance(before, BreatheStep)
            assert after.cycles >= 1
            assert after.phases == before.phases
        elif isinstance(after, PromptStep) and after.waits:
            assert after == before
        else:
            assert 1 <= after.duration <= 3600
    # Within about a breath of the target; the reading times and one-breath minimums and the
    # one-hour and 1000-breath caps are the only reasons to be further off.
    breath = max((s.cycle_seconds for s in fitted.steps if isinstance(s, BreatheStep)), default=1.0)
    floor = math.fsum(
        s.cycle_seconds
        if isinstance(s, BreatheStep)
        else min(math.ceil(b.duration), reading_seconds(s))
        for b, s in zip(original.steps, fitted.steps, strict=True)
        if s.duration
    )
    target = minutes * 60
    capped = any(
        s.duration > 3600 - 240 or (isinstance(s, BreatheStep) and s.cycles == 1000)
        for s in fitted.steps
    )
    if target >= floor and not capped:
        assert abs(total(fitted) - target) <= breath + 1


# -- the author's limits and the time to read ----------------------------------------------


def test_breaths_never_pass_the_authors_cap_and_the_user_is_told() -> None:
    capped = breathe(4, 7, 8, cycles=4) | {"max_cycles": 4}
    result = fit(spec(guide(10), capped, guide(8)), 5)
    (_, b, _) = result.spec.steps
    assert isinstance(b, BreatheStep)
    assert b.cycles == 4
    assert result.seconds < 5 * 60
    assert result.note == (
        f"This practice lasts about {format_duration(result.seconds)}: "
        "this exercise keeps to 4 breaths."
    )


def test_a_cap_that_is_not_reached_says_nothing() -> None:
    capped = breathe(4, 4, 4, cycles=5) | {"max_cycles": 10}
    result = fit(spec(guide(10), capped), 2)  # 120 s: 10 + 9 breaths of 12 s
    (_, b) = result.spec.steps
    assert isinstance(b, BreatheStep)
    assert b.cycles <= 10
    assert result.note is None


def test_max_cycles_below_cycles_is_refused() -> None:
    with pytest.raises(ValueError, match="max_cycles"):
        spec(breathe(4, 4, 4, cycles=5) | {"max_cycles": 4})


def test_bundled_478_keeps_to_four_breaths_and_says_so(tmp_path: Path) -> None:
    library = discover(user=tmp_path)
    exercise = next(e for e in library.exercises if e.id == "breathing-4-7-8")
    result = fit(exercise.spec, 5)
    cycles = [s.cycles for s in result.spec.steps if isinstance(s, BreatheStep)]
    assert cycles == [4]
    assert result.note is not None
    assert "keeps to 4 breaths" in result.note


def test_a_short_fit_keeps_safety_text_and_reading_time(tmp_path: Path) -> None:
    library = discover(user=tmp_path)
    exercise = next(e for e in library.exercises if e.id == "breathing-4-7-8")
    result = fit(exercise.spec, 0.3)
    for before, after in zip(exercise.spec.steps, result.spec.steps, strict=True):
        if isinstance(after, GuideStep) and after.safety:
            assert "light-headed" in after.text
            assert after.seconds >= before.duration
        elif isinstance(after, GuideStep | PromptStep):
            assert after.duration >= min(before.duration, reading_seconds(after))
    first = result.spec.steps[0]
    assert first.duration >= 8  # 22 words: 22 / 3 + 1 s
    assert result.note is not None
    assert "shortest that leaves time to read" in result.note


@settings(max_examples=100, deadline=None)
@given(steps=st.lists(step_strategy, min_size=1, max_size=6), minutes=minutes_strategy)
def test_no_fit_passes_a_cap_or_shortens_safety_text(
    steps: list[dict[str, Any]], minutes: float
) -> None:
    marked = [
        s | {"max_cycles": s["cycles"] + 1}
        if s["kind"] == "breathe"
        else s | {"safety": True}
        if s["kind"] == "guide"
        else s
        for s in steps
    ]
    original = spec(*marked)
    if not any(step.duration for step in original.steps):
        return
    fitted = fit_to_minutes(original, minutes)
    for before, after in zip(original.steps, fitted.steps, strict=True):
        if isinstance(after, BreatheStep):
            assert after.max_cycles is not None
            assert after.cycles <= after.max_cycles
        elif isinstance(after, GuideStep):
            assert after.seconds >= before.duration


def test_a_fit_that_cannot_be_made_says_it_goes_at_your_own_pace() -> None:
    with pytest.raises(UsageError, match=r"it goes at your own pace$"):
        fit_to_minutes(spec(prompt()), 5)


def lengths(fitted: ExerciseFile) -> list[float]:
    return [
        step.cycles if isinstance(step, BreatheStep) else step.duration for step in fitted.steps
    ]


def test_timed_steps_add_up_to_the_nearest_whole_second_of_the_length() -> None:
    # 10.4 s each would round to 10 + 10: one of them takes the missing 0.8 s.
    assert sum(lengths(fit_to_minutes(spec(guide(26), guide(26)), 20.8 / 60))) == 21
    # 1.6 s each is less than the 2 s each needs to be read: both keep their reading time.
    assert lengths(fit_to_minutes(spec(guide(10), guide(10)), 3.2 / 60)) == [2, 2]
    # 3599.4 s each would round to 3599 + 3599: one goes up to the one-hour maximum.
    assert lengths(fit_to_minutes(spec(guide(100), guide(100)), 7198.8 / 60)) == [3600, 3599]


def test_rounding_error_goes_to_the_step_it_changes_least_in_proportion() -> None:
    # 100.4 s and 2.4 s: the extra second goes to the long step (1 % of it), not the short one.
    assert lengths(fit_to_minutes(spec(guide(251), guide(6)), 102.8 / 60)) == [101, 2]
    # 100.6 s and 2.6 s: the long step also gives up the second that is too much.
    assert lengths(fit_to_minutes(spec(guide(251.5), guide(6.5)), 103.2 / 60)) == [100, 3]


def test_no_breathing_step_moves_more_than_one_breath_from_its_share() -> None:
    # Shares of 3.4 breaths of 10 s and 5.6 breaths of 3 s round to 3 and 6 (2.8 s short).
    # A seventh short breath would come closer (0.2 s over) but is 1.4 breaths from its share.
    fitted = fit_to_minutes(
        spec(breathe(4, 0, 6, cycles=34), breathe(1.5, 0, 1.5, cycles=56)), 50.8 / 60
    )
    assert lengths(fitted) == [3, 6]
    # Shares of 3.3 and 5.4 round to 3 and 5 (4.2 s short): a fourth long breath overshoots
    # further, so the short step takes a sixth breath instead.
    fitted = fit_to_minutes(
        spec(breathe(4, 0, 6, cycles=33), breathe(1.5, 0, 1.5, cycles=54)), 49.2 / 60
    )
    assert lengths(fitted) == [3, 6]


def test_breaths_that_round_over_three_hours_give_back_a_breath_of_the_longest_step() -> None:
    original = spec(
        breathe(5.5, 0, 4, cycles=16),
        breathe(4, 0, 6.5, cycles=8),
        breathe(4, 0, 4, cycles=18),
        breathe(2.5, 0, 6.5, cycles=10),
    )
    fitted = fit_to_minutes(original, 180)  # rounded to whole breaths: 10,802 s
    assert lengths(fitted) == [367, 184, 413, 230]  # the first, longest, gave back 9.5 s
    assert total(fitted) == 10802 - 9.5
