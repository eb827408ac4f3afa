"""Notes on breathing that can make people light-headed: exactly at the limits nothing, just
past them a gentle note in `validate`, on the home screen and before the step in the player."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from numbtui import catalog, paths
from numbtui.catalog import card_of
from numbtui.exercise import BreatheStep, GuideStep
from numbtui.lengths import fitted
from numbtui.library import discover
from numbtui.loader import load_file
from numbtui.safety import (
    LIGHT_HEADED_LINE,
    LIGHT_HEADED_SECONDS,
    breathing_notes,
    needs_light_headed_line,
    step_notes,
    with_light_headed_lines,
)
from numbtui.tui.screens.home_list import detail_widgets
from tests.test_cli import run

NOTES = Path(__file__).parent / "data" / "notes"
AT_LIMITS = NOTES / "at-the-limits.yaml"
PAST_LIMITS = NOTES / "just-past-the-limits.yaml"


def breathe(**phases: Any) -> BreatheStep:
    return BreatheStep.model_validate(
        {"kind": "breathe", "text": "Follow the pacer.", "cycles": 3, **phases}
    )


@pytest.mark.parametrize(
    ("phases", "fast"),
    [
        ({"inhale": 3, "exhale": 3}, False),  # 6 s a breath: exactly 10 a minute
        ({"inhale": 2, "top_up": 1, "exhale": 3}, False),  # the top-up counts in the breath
        ({"inhale": 3, "exhale": 2.9}, True),  # 5.9 s: about 10.2 a minute
        ({"inhale": 2.5, "top_up": 0.5, "exhale": 2.9}, True),
        ({"inhale": 0.5, "exhale": 0.5}, True),  # 60 a minute
        ({"inhale": 5.5, "exhale": 5.5}, False),  # resonance breathing
    ],
)
def test_faster_than_ten_a_minute_gets_a_note(phases: dict[str, float], fast: bool) -> None:
    notes = step_notes(breathe(**phases))
    assert any("breaths a minute, faster than 10" in note for note in notes) is fast


@pytest.mark.parametrize("name", ["hold", "hold_empty"])
@pytest.mark.parametrize(("seconds", "long"), [(10, False), (10.5, True), (60, True), (9.5, False)])
def test_a_hold_longer_than_ten_seconds_gets_a_note(name: str, seconds: float, long: bool) -> None:
    notes = step_notes(breathe(inhale=4, exhale=4, **{name: seconds}))
    holds = [note for note in notes if "holds the breath" in note]
    assert bool(holds) is long
    if long:
        assert f"holds the breath for {seconds:g} s, longer than 10 s" in holds[0]


def test_a_long_top_up_is_breathing_in_not_a_hold() -> None:
    assert step_notes(breathe(inhale=4, top_up=11, exhale=6)) == []


def test_notes_speak_of_light_headedness_and_what_to_do_without_alarm() -> None:
    notes = step_notes(breathe(inhale=1, exhale=1)) + step_notes(
        breathe(inhale=4, hold=20, exhale=4)
    )
    assert len(notes) == 2
    for note in notes:
        assert "light-headed" in note
        assert "breathe normally" in note
        for alarm in ("danger", "warning", "unsafe", "!"):
            assert alarm not in note.lower()


def test_the_files_at_the_limits_have_no_notes_and_past_them_one_per_step() -> None:
    assert breathing_notes(load_file(AT_LIMITS).steps) == []
    notes = breathing_notes(load_file(PAST_LIMITS).steps)
    assert [note.step_number for note in notes] == [2, 3, 4]
    assert "about 10.2 breaths a minute" in notes[0].message
    assert "10.5 s" in notes[1].message
    assert "10.5 s" in notes[2].message


def test_validate_prints_the_notes_and_still_passes() -> None:
    code, out, err = run("validate", str(AT_LIMITS), str(PAST_LIMITS))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{PAST_LIMITS}: step 2: note: this pattern is about 10.2 breaths")
    assert lines[1].startswith(f"{PAST_LIMITS}: step 3: note: this pattern holds the breath")
    assert lines[2].startswith(f"{PAST_LIMITS}: step 4: note: this pattern holds the breath")
    assert "2 valid, 0 with problems; 1 with a note on breathing" in err


def test_validate_at_the_limits_says_nothing_more() -> None:
    code, out, err = run("validate", str(AT_LIMITS))
    assert (code, out, err) == (0, "", "1 valid, 0 with problems\n")


def test_home_details_show_the_notes_before_the_steps() -> None:
    card = card_of(load_file(PAST_LIMITS))
    assert len(card.notes) == 3
    texts = [(str(w.content), w.classes) for w in detail_widgets(card)]
    notes = [i for i, (_, classes) in enumerate(texts) if "detail-note" in classes]
    steps_heading = next(i for i, (text, _) in enumerate(texts) if text == "Steps")
    assert len(notes) == 3
    assert max(notes) < steps_heading
    assert texts[notes[0]][0].startswith("Step 2: this pattern is about 10.2 breaths a minute")


def test_home_details_have_no_notes_at_the_limits() -> None:
    card = card_of(load_file(AT_LIMITS))
    assert card.notes == ()
    widgets = detail_widgets(card)
    assert not [w for w in widgets if isinstance(w, Static) and "detail-note" in w.classes]


def test_the_cached_card_keeps_its_notes() -> None:
    user = paths.user_exercises_dir()
    user.mkdir(parents=True)
    shutil.copy(PAST_LIMITS, user / "past.yaml")
    first, _ = catalog.cards()
    second, _ = catalog.cards()  # from the cache this time
    (fresh,) = [card for card in first if card.id == "past"]
    (cached,) = [card for card in second if card.id == "past"]
    assert cached.notes == fresh.notes
    assert len(cached.notes) == 3


def test_the_player_gets_the_light_headed_line_before_each_such_step() -> None:
    steps = load_file(PAST_LIMITS).steps
    played = with_light_headed_lines(steps)
    kinds = [(type(s).__name__, s.text == LIGHT_HEADED_LINE) for s in played]
    assert kinds == [
        ("GuideStep", False),
        ("GuideStep", True),
        ("BreatheStep", False),
        ("GuideStep", True),
        ("BreatheStep", False),
        ("GuideStep", True),
        ("BreatheStep", False),
    ]
    assert len(LIGHT_HEADED_LINE) <= 160


def test_no_line_is_added_where_the_step_before_already_says_it() -> None:
    said = GuideStep(kind="guide", text="If you feel light-headed, breathe normally.", seconds=8)
    fast = breathe(inhale=1, exhale=1)
    assert not needs_light_headed_line([said, fast], 1)
    assert needs_light_headed_line([fast], 0)
    assert with_light_headed_lines([said, fast]) == [said, fast]
    assert with_light_headed_lines(load_file(AT_LIMITS).steps) == list(load_file(AT_LIMITS).steps)


def test_a_practice_plays_the_line_before_such_a_step_even_when_fitted() -> None:
    exercise = load_file(PAST_LIMITS)
    for minutes in (None, 1.0, 10.0):
        steps = fitted(exercise, minutes).steps
        lines = [i for i, step in enumerate(steps) if step.text == LIGHT_HEADED_LINE]
        assert lines == [1, 3, 5], minutes
        assert all(isinstance(steps[i + 1], BreatheStep) for i in lines)
        assert all(steps[i].duration == LIGHT_HEADED_SECONDS for i in lines)


def test_bundled_practices_play_as_written() -> None:
    library = discover(user=Path("/nonexistent"))
    for exercise in library.exercises:
        assert fitted(exercise, None).steps == exercise.steps
