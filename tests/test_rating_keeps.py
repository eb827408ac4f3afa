"""The rating screen never drops what was typed without saying so (every way out)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.command import CommandInput
from textual.pilot import Pilot
from textual.widgets import Input, Static

from numbtui.exercise import Exercise
from numbtui.options import LaunchOptions
from numbtui.rating import NOTE_MAX, Rating, keep_question, note_cut_notice
from numbtui.tui.app import EXIT_INTERRUPTED
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.rating import KeepAnswer, RatingScreen
from numbtui.tui.widgets.scale import Scale
from tests.fakes import FakeClock
from tests.test_rating_screens import ScreenApp, answered, ready
from tests.tui_helpers import (
    bundled_library,
    make_app,
    palette_typing,
    screen_text,
    stored_records,
    until,
    until_shown,
    up,
)


@pytest.fixture
def exercise(tmp_path: Path) -> Exercise:
    found = bundled_library(tmp_path).get("body-scan")
    assert found is not None
    return found


def rating_app(exercise: Exercise) -> ScreenApp:
    return ScreenApp(RatingScreen(exercise, stopped_early=False, before=None))


def note_of(app: Any) -> Input:
    return app.screen.query_one("#rating-note", Input)


async def to_the_note(pilot: Pilot[Any]) -> None:
    await pilot.press("tab", "tab", "tab")  # the scale, the words, one's own word
    await until(pilot, lambda: note_of(pilot.app).has_focus, "the note to have the focus")


def test_the_question_names_what_would_be_kept() -> None:
    assert keep_question(Rating(5, note="x")) == "Save 5 and your note?"
    assert keep_question(Rating(5)) == "Save 5?"
    assert keep_question(Rating(0, words=("warm", "cool"), note="x")) == (
        "Save 0, your words and your note?"
    )
    assert keep_question(Rating(None, words=("warm",))) == "Save your word?"


def test_the_cut_notice_says_how_much_was_left_out() -> None:
    assert note_cut_notice(2500) == (
        f"The note keeps {NOTE_MAX:,} characters: the last 2,500 characters were left out "
        "of what you pasted."
    )
    assert "the last 1 character was left out" in note_cut_notice(1)


async def test_escape_in_the_note_leaves_the_note_and_keeps_its_text(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        await to_the_note(pilot)
        await pilot.press(*"so tired", "escape")
        await until(pilot, lambda: app.screen.query_one(Scale).has_focus, "the scale focused")
        assert isinstance(app.screen, RatingScreen)
        assert app.results == []
        assert app.screen.current() == Rating(5, note="so tired")


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_leaving_with_something_typed_asks_once_and_save_keeps_it(
    exercise: Exercise, key: str
) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        await to_the_note(pilot)
        await pilot.press(*"so tired", "escape", key)
        await until_shown(pilot, "Save 5 and your note?", "Discard")
        assert isinstance(app.screen, KeepAnswer)
        # The practice is saved whatever is chosen here: only the answers can be left out.
        said = app.screen.query_one("#keep-what", Static).visual
        assert str(said) == (
            "The practice is kept either way; Discard leaves out only the rating, words and note."
        )
        await pilot.press("enter")  # Save has the focus
        await answered(pilot)
    assert app.results == [Rating(5, note="so tired")]


async def test_discard_leaves_without_a_rating(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("5", "escape")
        await until(pilot, lambda: isinstance(app.screen, KeepAnswer), "the question")
        await pilot.click("#keep-discard")
        await answered(pilot)
    assert app.results == [None]


async def test_escape_on_the_question_goes_back_with_nothing_lost(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("7", "escape")
        await until(pilot, lambda: isinstance(app.screen, KeepAnswer), "the question")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RatingScreen), "the rating again")
        assert app.results == []
        assert app.screen.current() == Rating(7)


async def test_a_long_paste_keeps_what_fits_and_says_what_was_cut(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await to_the_note(pilot)
        await pilot.press(*"ab")
        note = note_of(app)
        note.post_message(events.Paste("x" * 3000))
        await until(pilot, lambda: len(note.value) == NOTE_MAX, "the note to fill up")
        assert note.value == "ab" + "x" * (NOTE_MAX - 2)
        cut = note_cut_notice(3000 - (NOTE_MAX - 2))
        await until(
            pilot,
            lambda: any(n.message == cut for n in app._notifications),
            "the notice of what was cut",
        )


async def test_a_pasted_paragraph_keeps_every_line(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await to_the_note(pilot)
        note = note_of(app)
        note.post_message(events.Paste("heavy chest\nthen lighter\n"))
        await until(pilot, lambda: note.value == "heavy chest then lighter", "the paste")


# -- in the app: every way out keeps or asks -----------------------------------------------


async def rated_with_a_note(pilot: Pilot[Any], clock: FakeClock) -> None:
    app = pilot.app
    await up(pilot, PlayerScreen)
    for _ in range(23):
        clock.advance(1)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        screen.tick()
        await pilot.pause()
    await pilot.press("q")
    await up(pilot, RatingScreen)
    await pilot.press("5", "tab", "tab", "tab", *"a note")
    await until(
        pilot,
        lambda: isinstance(app.screen, RatingScreen) and app.screen.current().note == "a note",
        "the note to be typed",
    )


async def test_escape_in_the_app_asks_and_save_keeps_rating_and_note(tmp_path: Path) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id="breathing-4-4-4", checkin=False)
    app = make_app(tmp_path, options=options, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await rated_with_a_note(pilot, clock)
        await pilot.press("escape", "escape")
        await until_shown(pilot, "Save 5 and your note?")
        await pilot.press("enter")
        await until(pilot, lambda: not app.is_running, "the app to end")
    [record] = stored_records(app)
    assert (record.after, record.note) == (5, "a note")


@pytest.mark.parametrize("way", ["ctrl+q", "ctrl+c", "palette"])
async def test_quitting_from_the_rating_keeps_rating_and_note(tmp_path: Path, way: str) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id="breathing-4-4-4", checkin=False)
    app = make_app(tmp_path, options=options, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await rated_with_a_note(pilot, clock)
        if way == "palette":
            await pilot.press("ctrl+p")
            await until(pilot, lambda: palette_typing(app), "the palette")
            await pilot.press(*"quit")
            await until(
                pilot,
                lambda: (
                    "Quit" in screen_text(app)
                    and app.screen.query_one(CommandInput).value == "quit"
                ),
                "the quit command listed",
            )
            await pilot.press("enter")
        else:
            await pilot.press(way)
        await until(pilot, lambda: not app.is_running, "the app to end")
    if way == "ctrl+c":
        assert app.return_code == EXIT_INTERRUPTED
    [record] = stored_records(app)
    assert (record.after, record.note) == (5, "a note")
