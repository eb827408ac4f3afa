"""The settings screen and file: what is saved is what is shown, a bad value costs only
itself, one source of truth for the theme, and nothing read on the UI thread."""

from __future__ import annotations

import ast
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, Switch

from numbtui import settings
from numbtui.catalog import card_of
from numbtui.library import Library
from numbtui.settings import Settings, lead_in_problem, minutes_problem, not_saved_line
from numbtui.tui import prefs
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.context import Deferred
from numbtui.tui.screens.home import HomeScreen
from numbtui.tui.screens.settings import READING, SettingsScreen
from tests.tui_helpers import (
    make_app,
    make_context,
    screen_text,
    until,
    until_workers_done,
    up,
)

DATA = Path(__file__).parent / "data" / "bad-settings"
SCREENS = Path(prefs.__file__).parent / "screens"
SIZE = (100, 40)


async def open_settings(pilot: Pilot[Any]) -> SettingsScreen:
    app = pilot.app
    assert isinstance(app, NumbtuiApp)
    await up(pilot, HomeScreen)
    app.action_settings()
    await up(pilot, SettingsScreen)
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


# -- the file ----------------------------------------------------------------------------------


def test_one_bad_value_keeps_every_other_setting(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    shutil.copy(DATA / "one-bad-value.yaml", path)
    loaded = settings.load(path)
    assert loaded.settings == Settings(
        theme="numbtui-light",
        reduce_motion=True,
        lead_in_seconds=5.0,
        minutes={"body-scan": 5.0},
    )
    assert loaded.in_part is True
    assert [(p.line, str(p).split(": ")[1]) for p in loaded.problems] == [
        (3, "bell"),
        (8, "minutes.five-senses"),
    ]
    notice = settings.problems_notice(loaded.problems, in_part=True)
    assert "bell" in notice
    assert "every other setting in your file is in use" in notice


def test_a_file_that_is_not_yaml_still_gives_all_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("theme: [numbtui-light\n")
    loaded = settings.load(path)
    assert loaded.settings == Settings()
    assert loaded.in_part is False
    assert "Using the default settings" in settings.problems_notice(loaded.problems, in_part=False)


async def test_a_rewrite_keeps_the_valid_settings_and_the_old_file(tmp_path: Path) -> None:
    context = make_context(tmp_path)
    context.settings_file.parent.mkdir(parents=True)
    shutil.copy(DATA / "one-bad-value.yaml", context.settings_file)
    loaded = settings.load(context.settings_file)
    context.settings = loaded.settings
    context.settings_problems = loaded.problems
    context.settings_in_part = loaded.in_part
    app = NumbtuiApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await until(
            pilot,
            lambda: any(n.title == "Some settings not read" for n in app._notifications),
            "the notice naming the bad setting",
        )
        screen = await open_settings(pilot)
        assert "Some settings in your file could not be read" in screen_text(app)
        screen.query_one("#bell", Switch).value = True
        await until(pilot, lambda: app.prefs.bell, "the bell on")
        await until_workers_done(pilot, "settings")
    again = settings.load(context.settings_file)
    assert again.problems == ()
    assert again.settings == loaded.settings.model_copy(update={"bell": True})
    bad = context.settings_file.with_name("settings.yaml.bad")
    assert bad.read_bytes() == (DATA / "one-bad-value.yaml").read_bytes()


# -- what is typed -----------------------------------------------------------------------------


def test_a_wrong_number_is_said_in_words() -> None:
    assert lead_in_problem("45") == "45 is outside 0 to 30 seconds; not saved yet."
    assert lead_in_problem("abc") is not None
    assert "not a number" in str(lead_in_problem("abc"))
    assert lead_in_problem("") is not None
    assert lead_in_problem("12.5") is None
    assert minutes_problem("") is None
    assert minutes_problem("181") == "181 is outside 0 to 180 minutes; not saved yet."


async def test_get_ready_saves_only_what_is_shown_and_says_why_not(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#lead-in", Input)
        box.focus()
        await until(pilot, lambda: box.has_focus, "the get-ready box focused")
        await pilot.press("backspace", "4", "5")  # "4" on the way to "45" (out of range)
        await until(pilot, lambda: box.value == "45", "45 typed")
        about = screen.query_one("#lead-in-about", Static)
        await until(pilot, lambda: "outside 0 to 30" in str(about.content), "the error")
        assert str(about.content) == ("45 is outside 0 to 30 seconds; not saved yet. In use: 3 s.")
        await until_workers_done(pilot, "settings")
        assert app.prefs.lead_in_seconds == 3.0  # not the 4 typed on the way
        assert settings.load(app.context.settings_file).settings.lead_in_seconds == 3.0
        await pilot.press("backspace")  # 4: valid, shown, saved
        await until(pilot, lambda: app.prefs.lead_in_seconds == 4.0, "4 s applied")
        await until_workers_done(pilot, "settings")
        assert "outside" not in str(about.content)
    assert settings.load(app.context.settings_file).settings.lead_in_seconds == 4.0


async def test_a_wrong_length_is_said_and_the_old_one_kept(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(minutes={"body-scan": 5.0}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#length-exercise", Select).value = "body-scan"
        minutes = screen.query_one("#length-minutes", Input)
        await until(pilot, lambda: minutes.value == "5", "body scan's minutes shown")
        minutes.value = "500"
        note = screen.query_one("#length-note", Static)
        await until(pilot, lambda: "outside 0 to 180" in str(note.content), "the error")
        assert "In use: 5 min." in str(note.content)
        await until_workers_done(pilot, "settings")
        assert app.prefs.minutes == {"body-scan": 5.0}


def test_what_leaving_says_of_a_value_not_saved() -> None:
    assert not_saved_line("Get ready", "45", "a number from 0 to 30 seconds", "3 s") == (
        "Get ready was not saved: “45” is not a number from 0 to 30 seconds. In use: 3 s."
    )
    assert not_saved_line("Volume", "  ", "a whole number from 0 to 100", "80") == (
        "Volume was not saved: its box was left empty. In use: 80."
    )
    # Typed text is quoted, never acted on by the terminal.
    said = not_saved_line("Volume", "\x1b[2J9", "a whole number from 0 to 100", "80")
    assert "\x1b" not in said
    assert "\\x1b[2J9" in said


def not_saved_notices(app: NumbtuiApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Not saved"]


async def test_leaving_with_a_value_shown_but_not_saved_says_so_once(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(minutes={"body-scan": 5.0}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#lead-in", Input).value = "45"
        screen.query_one("#volume", Input).value = "150"
        screen.query_one("#length-exercise", Select).value = "body-scan"
        minutes = screen.query_one("#length-minutes", Input)
        await until(pilot, lambda: minutes.value == "5", "body scan's minutes shown")
        minutes.value = "0"
        about = screen.query_one("#lead-in-about", Static)
        await until(pilot, lambda: "outside 0 to 30" in str(about.content), "the error")
        await until_workers_done(pilot, "settings")
        await pilot.press("escape", "escape")  # the second Escape reaches home: no second word
        await up(pilot, HomeScreen)
        await until(pilot, lambda: bool(not_saved_notices(app)), "the notice")
        await until_workers_done(pilot, "settings")
        assert not_saved_notices(app) == [
            "Get ready was not saved: “45” is not a number from 0 to 30 seconds. In use: 3 s. "
            "Volume was not saved: “150” is not a whole number from 0 to 100. In use: 70. "
            "The default length of Body scan was not saved: “0” is not a number of minutes "
            "over 0, up to 180. In use: 5 min."
        ]
    kept = app.context.settings  # what is in use and saved: the values from before
    assert (kept.lead_in_seconds, kept.volume, kept.minutes) == (3.0, 70, {"body-scan": 5.0})


async def test_leaving_with_every_value_saved_says_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#lead-in", Input)
        box.value = "45"
        await until(pilot, lambda: screen.not_saved() != [], "45 not saved")
        box.value = "12"  # corrected: saved, nothing to say
        await until(pilot, lambda: app.prefs.lead_in_seconds == 12.0, "12 s applied")
        await pilot.press("escape")
        await up(pilot, HomeScreen)
        await until_workers_done(pilot, "settings")
        assert not_saved_notices(app) == []


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
async def test_quitting_from_settings_prints_what_was_not_saved(tmp_path: Path, key: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#volume", Input).value = "150"
        await until(pilot, lambda: screen.not_saved() != [], "the volume not saved")
        await pilot.press(key)
        await until(pilot, lambda: not app.is_running, "the app to end")
    assert app.return_value == (
        "Volume was not saved: “150” is not a whole number from 0 to 100. In use: 70."
    )


# -- the theme ---------------------------------------------------------------------------------


async def test_the_theme_list_follows_a_theme_changed_elsewhere(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        app.theme = "numbtui-high-contrast"  # what the palette's Theme command does
        select = screen.query_one("#theme", Select)
        await until(pilot, lambda: select.value == "numbtui-high-contrast", "the list to follow")
        await until_workers_done(pilot, "settings")
    assert settings.load(app.context.settings_file).settings.theme == "numbtui-high-contrast"


async def test_choosing_a_theme_saves_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saves: list[Settings] = []
    real_save = settings.save

    def counted(value: Settings, path: Path) -> None:
        saves.append(value)
        real_save(value, path)

    monkeypatch.setattr(settings, "save", counted)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#theme", Select).value = "numbtui-light"
        await until(pilot, lambda: app.theme == "numbtui-light", "the theme applied")
        await until_workers_done(pilot, "settings")
    assert [value.theme for value in saves] == ["numbtui-light"]


# -- nothing read on the UI thread -------------------------------------------------------------


async def test_settings_open_while_a_slow_library_is_read(tmp_path: Path) -> None:
    context = make_context(tmp_path)
    library = context.library
    release = threading.Event()

    def slow_read() -> Library:
        # Long enough for a busy machine to open the screen meanwhile; the test releases it.
        release.wait(30)
        return library

    context._cards = tuple(card_of(exercise) for exercise in library.exercises)  # home's list
    context._library = Deferred(slow_read)  # as a real run defers it
    app = NumbtuiApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, HomeScreen)
        app.action_settings()
        # The loop keeps running while the library is read: the screen says what it is doing.
        await until(
            pilot,
            lambda: isinstance(app.screen, SettingsScreen) and READING in screen_text(app),
            "the settings screen, reading",
        )
        assert not app.screen.query("#theme")
        release.set()
        await up(pilot, SettingsScreen)
        assert READING not in screen_text(app)
        assert app.screen.query("#length-exercise")


# -- one typed way in --------------------------------------------------------------------------


def test_screens_reach_the_app_one_typed_way() -> None:
    for path in sorted(SCREENS.glob("*.py")):
        text = path.read_text()
        assert "getattr(self.app" not in text, path.name
        assert 'cast("NumbtuiApp"' not in text, path.name
        assert "type: ignore[assignment]" not in text, path.name
        tree = ast.parse(text)
        defined = {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.col_offset == 0
        }
        assert not defined & {"change_settings", "save_settings", "apply_prefs"}, path.name
