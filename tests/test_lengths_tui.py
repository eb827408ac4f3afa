"""The app shows one length per exercise, with the user's settings (numbtui.lengths).

Home's list and detail pane, the grounding offer after an early stop and the eyes-open way
out all show the length the person will get: fitted to the default length saved for the
exercise, as ``numbtui list`` shows it.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from textual.widgets import Button, Input, Select, Static

from numbtui import cli, paths
from numbtui.lengths import length_of
from numbtui.options import LaunchOptions
from numbtui.settings import Settings, save
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.home import ExerciseList, HomeScreen
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.rating import grounding_choices
from numbtui.tui.screens.settings import SettingsScreen
from tests.fakes import FakeClock
from tests.test_startup import settle, warm_context
from tests.tui_helpers import make_app, screen_text, until, up

BREATHING = "breathing-4-4-4"


def listed(app: NumbtuiApp, exercise_id: str) -> str:
    """The plain text of an exercise's entry in home's list."""
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    for option in screen.query_one(ExerciseList).options:
        if option.id == exercise_id:
            return str(getattr(option.prompt, "plain", option.prompt))
    raise AssertionError(f"{exercise_id} is not listed")


def detail(app: NumbtuiApp) -> str:
    return "\n".join(str(w.content) for w in app.screen.query("#detail Static").results(Static))


def list_cell(exercise_id: str) -> str:
    """The LENGTH cell of ``numbtui list`` for ``exercise_id`` (the settings file as saved)."""
    out = io.StringIO()
    old, sys.stdout = sys.stdout, out
    try:
        assert cli.main(["list"]) == 0
    finally:
        sys.stdout = old
    line = next(line for line in out.getvalue().splitlines() if line.startswith(exercise_id))
    return re.split(r"\s{2,}", line)[2]


async def test_home_shows_the_length_fitted_to_a_saved_default_length(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(minutes={BREATHING: 0.2}))
    async with app.run_test(size=(100, 30)) as pilot:
        breathing = app.context.library.require(BREATHING)
        fitted, written = length_of(breathing, 0.2).text(), length_of(breathing).text()
        assert (fitted, written) == ("0:41", "2:40")
        await until(pilot, lambda: f"  {fitted}\n" in listed(app, BREATHING), "the fitted length")
        assert written not in listed(app, BREATHING)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        screen.query_one(ExerciseList).highlighted = next(
            i for i, o in enumerate(screen.query_one(ExerciseList).options) if o.id == BREATHING
        )
        await until(pilot, lambda: f"{fitted} at the length you set" in detail(app), "detail")
        assert f"(written {written})" in detail(app)


async def test_home_follows_a_default_length_changed_in_settings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await up(pilot, HomeScreen)
        assert "  2:40\n" in listed(app, BREATHING)
        app.action_settings()
        await up(pilot, SettingsScreen)
        settings_screen = app.screen
        choice = settings_screen.query_one("#length-exercise", Select)
        choice.value = BREATHING
        minutes = settings_screen.query_one("#length-minutes", Input)
        await until(pilot, lambda: choice.value == BREATHING, "4-4-4 chosen")
        minutes.value = "0.2"
        await until(pilot, lambda: app.prefs.minutes == {BREATHING: 0.2}, "0.2 min in use")
        note = settings_screen.query_one("#length-note", Static)
        await until(pilot, lambda: "lasts 0:41 (written: 2:40)" in str(note.content), "note")
        await pilot.press("escape")
        await up(pilot, HomeScreen)
        await until(pilot, lambda: "  0:41\n" in listed(app, BREATHING), "home to follow")
        assert "2:40" not in listed(app, BREATHING)


async def test_a_real_start_lists_written_lengths_then_the_fitted_ones(tmp_path: Path) -> None:
    # The first screen comes before the settings and the library are read (numbtui.tui.launch).
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    save(Settings(minutes={BREATHING: 0.2}), paths.settings_file())
    app = NumbtuiApp(warm_context())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "  0:41\n" in listed(app, BREATHING), "the fitted length")


async def test_the_grounding_offer_says_the_length_the_list_says(tmp_path: Path) -> None:
    minutes = {"five-senses": 2.0, BREATHING: 0.5}
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    save(Settings(minutes=minutes), paths.settings_file())
    app = make_app(tmp_path, settings=Settings(minutes=minutes))
    labels = dict(grounding_choices(app))
    for exercise_id, label in (("five-senses", "Five senses"), (BREATHING, "Breathe 4-4-4")):
        exercise = app.context.library.require(exercise_id)
        length = length_of(exercise, minutes[exercise_id]).text()
        assert labels[exercise_id] == f"{label} ({length})"
        assert list_cell(exercise_id).startswith(f"{length} (written ")
    # Without saved lengths they agree too: the waiting steps count the same everywhere.
    plain = make_app(tmp_path)
    paths.settings_file().unlink()
    five = plain.context.library.require("five-senses")
    assert (
        dict(grounding_choices(plain))["five-senses"] == f"Five senses ({length_of(five).text()})"
    )
    assert list_cell("five-senses") == length_of(five).text()


async def test_the_way_out_says_the_eyes_open_length_in_use(tmp_path: Path) -> None:
    from numbtui.tui.screens.way_out import WayOut

    clock = FakeClock()
    app = make_app(
        tmp_path,
        clock=clock,
        options=LaunchOptions(exercise_id=BREATHING),
        settings=Settings(checkin=False, minutes={"eyes-open": 3.0}),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await pilot.press("f5")
        await up(pilot, WayOut)
        length = length_of(app.context.library.require("eyes-open"), 3.0).text()
        button = app.screen.query_one("#way-out-ground", Button)
        assert str(button.label) == f"Eyes open, back in the room ({length})"
        assert length in screen_text(app)


async def test_the_runs_minutes_stay_with_what_they_were_given_for_not_the_offers(
    tmp_path: Path,
) -> None:
    # `numbtui play breathing-4-4-4 --minutes 20`: the breathing is fitted to 20 minutes; the
    # way out and the grounding offer keep their own lengths (a 20-minute way out helps no one).
    app = make_app(tmp_path, options=LaunchOptions(exercise_id=BREATHING, minutes=20.0))
    library = app.context.library
    breathing, eyes_open = library.require(BREATHING), library.require("eyes-open")
    five = library.require("five-senses")
    assert app.length_of(breathing) == length_of(breathing, 20.0)
    assert app.length_of(eyes_open, offered=True) == length_of(eyes_open)
    assert app.length_of(five) == length_of(five)  # not the exercise the flag was given for
    assert dict(grounding_choices(app))["five-senses"] == f"Five senses ({length_of(five).text()})"
    # `numbtui --minutes 20` on home: whatever is chosen there, but still not what is offered.
    home = make_app(tmp_path, options=LaunchOptions(minutes=20.0))
    assert home.length_of(five) == length_of(five, 20.0)
    assert home.length_of(five, offered=True) == length_of(five)
    assert home.minutes_for(eyes_open, offered=True) is None
