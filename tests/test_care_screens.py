"""Support, welcome, keys and settings screens, driven with the keyboard and the mouse."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Select, Switch
from textual.widgets._footer import FooterKey

from numbtui import settings, state
from numbtui.options import LaunchOptions
from numbtui.session import Status
from numbtui.settings import Settings, lead_in_value, minutes_ok
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.prefs import theme_names
from numbtui.tui.screens.help import HelpScreen, global_rows, key_label, screen_rows
from numbtui.tui.screens.home import HomeScreen
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.settings import SettingsScreen
from numbtui.tui.screens.support import PAUSED, SupportScreen
from numbtui.tui.screens.welcome import WelcomeScreen, shown_path
from tests.fakes import FakeClock
from tests.tui_helpers import (
    UNTIL_SECONDS,
    clickable,
    make_app,
    make_context,
    palette_typing,
    ready_for_keys,
    screen_text,
    until,
    until_shown,
    until_workers_done,
    up,
)

SIZE = (80, 24)

FULL_LIST = "1-800-662-4357"
"""In the bundled contacts, not in the few shown while they are read."""


async def focused(pilot: Pilot[Any], kind: type[Screen[Any]], widget_id: str) -> None:
    """Wait for a ``kind`` screen on top with ``#widget_id`` focused (keys go there)."""
    app = pilot.app

    def ready() -> bool:
        screen = app.screen
        return (
            isinstance(screen, kind)
            and screen.is_mounted
            and screen.focused is not None
            and (screen.focused.id == widget_id)
        )

    await until(pilot, ready, f"the {kind.__name__} with #{widget_id} focused")


async def delivered(widget: Widget) -> None:
    """Wait until the messages already posted to ``widget`` have been handled there and by
    each node they bubble to, up to its screen (one pause handles one step of that chain)."""
    for node in [widget, *widget.ancestors]:
        done = asyncio.Event()
        if node.call_later(done.set):
            await asyncio.wait_for(done.wait(), UNTIL_SECONDS)
        if isinstance(node, Screen):
            break


async def contacts_loaded(pilot: Pilot[Any]) -> None:
    """Wait for the support screen with the full list of contacts read and shown."""
    app = pilot.app
    assert isinstance(app, NumbtuiApp)
    await until(
        pilot,
        lambda: isinstance(app.screen, SupportScreen) and FULL_LIST in all_text(app),
        "the support screen with its contacts read",
    )
    await until_workers_done(pilot, "support-contacts")


async def settled(pilot: Pilot[Any], predicate: Callable[[], object], what: str) -> None:
    """Wait until ``predicate()`` holds (the change was handled), then for its save."""
    await until(pilot, predicate, what)
    await until_workers_done(pilot, "settings")


async def welcome_closed(pilot: Pilot[Any]) -> None:
    """Wait for home on top again and the welcome's "seen" to be written (or to fail)."""
    await up(pilot, HomeScreen)
    await until_workers_done(pilot, "state")


def all_text(app: NumbtuiApp) -> str:
    """Every Static's text on the current screen, scrolled out of view or not."""
    from textual.widgets import Static

    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


# -- support ------------------------------------------------------------------------------------


async def test_f2_on_home_opens_support_with_the_care_facts(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, HomeScreen)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f2")
        await contacts_loaded(pilot)
        await until_shown(pilot, "Call or text 988")
        assert isinstance(app.screen, SupportScreen)
        text = all_text(app)
        assert "not a substitute for professional care" in text
        assert "more than about two weeks" in text
        assert "outside your body" in text
        assert "memories are not yours" in text
        assert "professional should assess" in text
        assert "Call or text 988" in text
        assert "1-800-662-4357" in text
        assert "emergency number" in text
        assert "findahelpline.com" in text
        # The crisis line is on the first view, without scrolling.
        assert "Call or text 988" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (40, 12), (120, 30)])
async def test_support_bullets_wrap_inside_the_screen(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    # A bullet's text once took the whole row beside its bullet mark, so the end of each line
    # of the advice was cut off at the right edge instead of wrapping.
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f2")
        await contacts_loaded(pilot)

        def laid_out() -> bool:
            rows = list(app.screen.query(".care-bullet"))
            return len(rows) == 3 and all(
                row.size.width and all(child.outer_size.width for child in row.children)
                for row in rows
            )

        await until(pilot, laid_out, "the bullets to be laid out")
        rows = list(app.screen.query(".care-bullet"))
        assert len(rows) == 3
        for row in rows:
            used = sum(child.outer_size.width for child in row.children)
            assert used <= row.size.width, (used, row.size.width)


@pytest.mark.parametrize("key", ["escape", "q", "f2"])
async def test_escape_q_and_f2_close_support(tmp_path: Path, key: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await up(pilot, SupportScreen)
        assert isinstance(app.screen, SupportScreen)
        await pilot.press(key)
        await up(pilot, HomeScreen)
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("opener", ["help", "settings", "welcome"])
async def test_f2_opens_support_from_every_other_screen(tmp_path: Path, opener: str) -> None:
    app = make_app(tmp_path, first_run=opener == "welcome")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: ready_for_keys(app.screen), "the first screen")
        if opener == "help":
            await pilot.press("f1")
        elif opener == "settings":
            app.action_settings()
        await until(
            pilot,
            lambda: (
                type(app.screen).__name__.lower().startswith(opener) and ready_for_keys(app.screen)
            ),
            f"the {opener} screen",
        )
        covered = app.screen
        assert type(covered).__name__.lower().startswith(opener)
        await pilot.press("f2")
        await up(pilot, SupportScreen)
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is covered, "the covered screen on top again")
        assert app.screen is covered


async def test_f2_opens_support_from_the_history_if_there_is_one(tmp_path: Path) -> None:
    history = pytest.importorskip("numbtui.tui.screens.history")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_history()
        await up(pilot, history.HistoryScreen)
        assert isinstance(app.screen, history.HistoryScreen)
        await pilot.press("f2")
        await up(pilot, SupportScreen)
        assert isinstance(app.screen, SupportScreen)


async def test_f2_while_typing_in_a_text_box_still_opens_support(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_settings()
        await up(pilot, SettingsScreen)
        app.screen.query_one("#lead-in", Input).focus()
        await pilot.press("f2")
        await up(pilot, SupportScreen)
        assert isinstance(app.screen, SupportScreen)


async def test_support_during_an_exercise_pauses_it_and_says_so(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(checkin=False, lead_in_seconds=0))
    async with app.run_test(size=SIZE) as pilot:
        app.start_practice(app.context.library.require("breathing-4-4-4"))
        await up(pilot, PlayerScreen)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        for _ in range(5):  # read every second, as the player's timer does
            clock.advance(1)
            player.tick()
        assert player.session.snapshot().status is Status.RUNNING
        await pilot.press("f2")
        await up(pilot, SupportScreen)
        # Covering the player pauses it when the player hears it was covered.
        await until(pilot, lambda: player.session.status is Status.PAUSED, "the player to pause")
        assert isinstance(app.screen, SupportScreen)
        assert player.session.snapshot().status is Status.PAUSED
        assert PAUSED in all_text(app)
        practised = player.session.practised
        clock.advance(60)  # Reading support takes as long as it takes: no time is counted.
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is player, "the player on top again")
        assert app.screen is player
        assert player.session.practised == pytest.approx(practised)
        assert player.session.snapshot().status is Status.PAUSED


async def test_support_without_an_exercise_does_not_mention_one(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await up(pilot, SupportScreen)
        assert PAUSED not in all_text(app)


async def test_user_contacts_are_shown_first_and_never_as_markup(tmp_path: Path) -> None:
    own = tmp_path / "config" / "support.yaml"
    own.parent.mkdir(parents=True)
    own.write_text('contacts:\n  - name: "[b]My sister[/b"\n    how: "Call her [/]"\n')
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await contacts_loaded(pilot)
        text = await until_shown(pilot, "[b]My sister[/b", "Call her [/]", "988")
        assert "[b]My sister[/b" in text
        assert "Call her [/]" in text
        assert text.index("My sister") < text.index("988")


async def test_a_bad_user_contacts_file_gives_a_notice_and_keeps_the_bundled_ones(
    tmp_path: Path,
) -> None:
    own = tmp_path / "config" / "support.yaml"
    own.parent.mkdir(parents=True)
    own.write_text("contacts:\n  - name: [oops\n")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await contacts_loaded(pilot)
        await until(
            pilot,
            lambda: any(n.title == "Support contacts not read" for n in app._notifications),
            "the notice about the contacts file",
        )
        notices = [n for n in app._notifications if n.title == "Support contacts not read"]
        assert len(notices) == 1
        assert f"{own}:3:1" in notices[0].message
        assert "Call or text 988" in all_text(app)


async def test_support_can_be_opened_with_the_mouse_from_the_footer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_settings()
        await up(pilot, SettingsScreen)

        def support_keys() -> list[FooterKey]:
            return [key for key in app.screen.query(FooterKey) if key.action == "support"]

        # The Footer lists the keys a frame after the screen's own widgets.
        await until(pilot, support_keys, "the Footer to show the support key")
        footer_keys = support_keys()
        assert footer_keys, "the Footer shows the support key"
        await clickable(pilot, footer_keys[0])
        await pilot.click(footer_keys[0])
        await up(pilot, SupportScreen)
        assert isinstance(app.screen, SupportScreen)


# -- welcome ------------------------------------------------------------------------------------


async def test_welcome_on_first_run_is_remembered_when_closed(tmp_path: Path) -> None:
    app = make_app(tmp_path, first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await focused(pilot, WelcomeScreen, "welcome-begin")
        assert isinstance(app.screen, WelcomeScreen)
        text = all_text(app)
        assert "stay on this computer" in text
        assert shown_path(app.context.database.parent) in text
        assert "q or Escape" in text
        assert "F2" in text
        await pilot.press("enter")  # the Begin button has the focus
        await welcome_closed(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert state.load(app.context.state_file).welcome_seen is True
    assert stat.S_IMODE(app.context.state_file.stat().st_mode) == 0o600


async def test_welcome_is_not_shown_once_it_has_been_seen(tmp_path: Path) -> None:
    first = make_app(tmp_path, first_run=True)
    async with first.run_test(size=SIZE) as pilot:
        await up(pilot, WelcomeScreen)
        await pilot.press("escape")
        await welcome_closed(pilot)
    # A real run reads the state file to decide (see launch.build_context).
    seen = state.load(first.context.state_file).welcome_seen
    second = make_app(tmp_path, first_run=not seen)
    async with second.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: ready_for_keys(second.screen), "the first screen")
        assert isinstance(second.screen, HomeScreen)
        assert not any(isinstance(s, WelcomeScreen) for s in second.screen_stack)


async def test_welcome_can_be_closed_with_the_mouse(tmp_path: Path) -> None:
    app = make_app(tmp_path, first_run=True)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, WelcomeScreen)
        await clickable(pilot, app.screen.query_one("#welcome-begin"))
        await pilot.click("#welcome-begin")
        await welcome_closed(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert state.load(app.context.state_file).welcome_seen is True


async def test_welcome_that_cannot_be_remembered_is_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    context = make_context(tmp_path, first_run=True)
    context.state_file = blocker / "state.json"
    app = NumbtuiApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await focused(pilot, WelcomeScreen, "welcome-begin")
        await pilot.press("enter")
        await welcome_closed(pilot)
        await until(
            pilot,
            lambda: any(n.title == "Could not remember the welcome" for n in app._notifications),
            "the notice that the welcome could not be remembered",
        )
        assert isinstance(app.screen, HomeScreen)
        notices = [n for n in app._notifications if n.title == "Could not remember the welcome"]
        assert len(notices) == 1
        assert app.is_running


def test_paths_under_home_are_shown_with_a_tilde() -> None:
    assert shown_path(Path.home() / ".local" / "share" / "numbtui") == "~/.local/share/numbtui"
    assert shown_path(Path("/srv/numbtui")) == "/srv/numbtui"


# -- keys (help) --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_keys_screen_lists_the_covered_screen_and_the_global_keys(
    tmp_path: Path, key: str
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_settings()
        await up(pilot, SettingsScreen)
        settings_screen = app.screen
        app.screen.query_one("#theme", Select).focus()  # "?" must not land in a text box
        await pilot.press(key)

        def shown_rows() -> set[str]:
            return {" ".join(line.split()) for line in screen_text(app).splitlines()}

        await up(pilot, HelpScreen)
        await until(
            pilot,
            lambda: {"Escape / q Back", "F1 / ? This list of keys"} <= shown_rows(),
            "the list of keys to be drawn",
        )
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.covered is settings_screen
        rows = shown_rows()
        assert "Escape / q Back" in rows
        assert "F2 Where to find support" in rows
        assert "F1 / ? This list of keys" in rows
        assert "Ctrl+C Quit (an exercise under way is kept, as stopped early)" in rows
        await pilot.press("f1")  # F1 again goes back
        await until(pilot, lambda: app.screen is settings_screen, "the settings again")
        assert app.screen is settings_screen


async def test_keys_of_the_player_are_listed_over_the_player(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(checkin=False))
    async with app.run_test(size=SIZE) as pilot:
        app.start_practice(app.context.library.require("five-senses"))
        await up(pilot, PlayerScreen)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        rows = {row.description: row.keys for row in screen_rows(player)}
        assert rows["Stop"] == "q/esc"
        assert "n / →" in rows["Next"]
        await pilot.press("f1")
        await up(pilot, HelpScreen)
        await until_shown(pilot, "Stop")
        await until(pilot, lambda: player.session.status is Status.PAUSED, "the player to pause")
        assert isinstance(app.screen, HelpScreen)
        assert "Stop" in screen_text(app)
        assert player.session.snapshot().status is Status.PAUSED


async def test_keys_on_home_follow_the_focus(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await focused(pilot, HomeScreen, "filter")  # the keys listed follow the focus
        described = {row.description for row in screen_rows(app.screen)}
        assert "Start" in described
        # Textual's own Tab binding is listed once, under "Everywhere".
        assert "Focus Next" not in described
        everywhere = {row.description for row in global_rows(app)}
        assert "Move to the next / previous control" in everywhere
        assert "Where to find support" in everywhere


def test_keys_are_written_for_people() -> None:
    from textual.binding import Binding

    assert key_label(Binding("escape", "x")) == "Escape"
    assert key_label(Binding("f2", "x")) == "F2"
    assert key_label(Binding("ctrl+c", "x")) == "Ctrl+C"
    assert key_label(Binding("question_mark", "x")) == "?"
    assert key_label(Binding("q", "x")) == "q"
    assert key_label(Binding("q", "x", key_display="q/esc")) == "q/esc"


# -- settings -----------------------------------------------------------------------------------


async def open_settings(pilot: Pilot[Any]) -> SettingsScreen:
    app = pilot.app
    assert isinstance(app, NumbtuiApp)
    app.action_settings()
    await up(pilot, SettingsScreen)
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_theme_changes_at_once_and_is_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#theme", Select).value = "numbtui-light"
        await settled(pilot, lambda: app.prefs.theme == "numbtui-light", "the theme to be applied")
        assert app.theme == "numbtui-light"
        assert app.prefs.theme == "numbtui-light"
    saved = settings.load(app.context.settings_file)
    assert saved.problems == ()
    assert saved.settings.theme == "numbtui-light"
    assert stat.S_IMODE(app.context.settings_file.stat().st_mode) == 0o600


async def test_a_theme_picked_from_the_command_palette_is_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, HomeScreen)
        app.action_change_theme()  # what the palette's "Theme" command does
        await until(pilot, lambda: palette_typing(app), "the palette, ready for typing")
        await pilot.press(*"numbtui-high")

        def found() -> bool:
            listed = app.screen.query_one(CommandList)
            if listed.highlighted is None:
                return False
            return "numbtui-high-contrast" in str(
                listed.get_option_at_index(listed.highlighted).prompt
            )

        # The palette searches in a worker; Enter picks what it found.
        await until(pilot, found, "the palette to find the theme")
        await pilot.press("enter")
        await settled(
            pilot, lambda: app.theme == "numbtui-high-contrast", "the theme to be applied"
        )
        assert app.theme == "numbtui-high-contrast"
    assert settings.load(app.context.settings_file).settings.theme == "numbtui-high-contrast"


async def test_theme_choices_include_ours_first_and_textuals(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = theme_names(list(app.available_themes))
        assert names[:3] == ["numbtui-dark", "numbtui-light", "numbtui-high-contrast"]
        assert "textual-dark" in names


async def test_a_switch_toggles_from_the_keyboard_and_is_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#checkin", Switch).focus()
        await pilot.press("enter")
        await settled(pilot, lambda: app.prefs.checkin is False, "the check-in to be turned off")
        assert app.prefs.checkin is False
    assert settings.load(app.context.settings_file).settings.checkin is False


async def test_a_switch_toggles_with_the_mouse(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await clickable(pilot, screen.query_one("#reduce-motion", Switch))
        await pilot.click("#reduce-motion")
        await settled(pilot, lambda: app.prefs.reduce_motion is True, "motion to be reduced")
        assert app.prefs.reduce_motion is True
        assert app.animation_level == "none"
    assert settings.load(app.context.settings_file).settings.reduce_motion is True


async def test_a_command_line_flag_wins_for_the_run_but_is_never_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(bell=False), options=LaunchOptions(bell=True))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#bell", Switch).value is True  # what is in force
        assert "for this run only" in all_text(app)
        screen.query_one("#theme", Select).value = "numbtui-high-contrast"
        await settled(
            pilot, lambda: app.theme == "numbtui-high-contrast", "the theme to be applied"
        )
        assert app.prefs.bell is True
    on_disk = settings.load(app.context.settings_file).settings
    assert on_disk.theme == "numbtui-high-contrast"
    assert on_disk.bell is False


async def test_changing_an_overridden_switch_is_a_choice_that_wins(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(bell=False), options=LaunchOptions(bell=True))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#bell", Switch).value = False
        await settled(pilot, lambda: app.prefs.bell is False, "the bell to be turned off")
        assert app.prefs.bell is False
        assert "for this run only" not in all_text(app)


async def test_lead_in_seconds_apply_when_valid_and_wait_when_not(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#lead-in", Input)
        box.focus()
        await until(pilot, lambda: box.has_focus, "the box focused")
        await pilot.press("backspace", "7")
        await settled(pilot, lambda: app.prefs.lead_in_seconds == 7.0, "7 s to be applied")
        assert app.prefs.lead_in_seconds == 7.0
        await pilot.press("7")  # 77 is more than 30: not saved; the value before this edit is
        await until(pilot, lambda: box.value == "77", "77 to be typed")
        await settled(pilot, lambda: app.prefs.lead_in_seconds == 3.0, "3 s in use again")
        assert box.has_class("-invalid")
    assert settings.load(app.context.settings_file).settings.lead_in_seconds == 3.0


async def test_default_length_per_exercise(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        choice = screen.query_one("#length-exercise", Select)
        choice.value = "body-scan"
        await delivered(choice)  # the screen has shown that exercise's minutes
        minutes = screen.query_one("#length-minutes", Input)
        assert minutes.value == ""
        minutes.value = "5"
        await settled(pilot, lambda: app.prefs.minutes == {"body-scan": 5.0}, "5 minutes kept")
        assert app.prefs.minutes == {"body-scan": 5.0}
        choice.value = "five-senses"
        await delivered(choice)
        await delivered(minutes)  # its change, handled before the next choice
        assert minutes.value == ""
        choice.value = "body-scan"
        await delivered(choice)
        await delivered(minutes)
        assert minutes.value == "5"
        minutes.value = ""  # blank: back to the length it was written with
        await settled(pilot, lambda: app.prefs.minutes == {}, "the minutes to be cleared")
        assert app.prefs.minutes == {}
    assert settings.load(app.context.settings_file).settings.minutes == {}


async def test_settings_close_with_escape(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("escape")
        await up(pilot, HomeScreen)
        assert isinstance(app.screen, HomeScreen)


async def test_a_bad_settings_file_is_mentioned_on_the_settings_screen(tmp_path: Path) -> None:
    context = make_context(tmp_path)
    loaded = settings.load(Path(__file__))  # a Python file is not a settings file
    context.settings_problems = loaded.problems
    app = NumbtuiApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        assert "could not be read" in all_text(app)


async def test_a_settings_file_that_cannot_be_written_gives_a_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    context = make_context(tmp_path)
    context.settings_file = blocker / "settings.yaml"
    app = NumbtuiApp(context)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#bell", Switch).value = True
        await settled(pilot, lambda: app.prefs.bell is True, "the bell to be turned on")
        await until(pilot, lambda: app._notifications, "the notice that it was not saved")
        assert app.prefs.bell is True  # in use for now
        assert [n.title for n in app._notifications] == ["Settings not saved"]


def test_number_inputs_accept_only_what_the_settings_accept() -> None:
    assert lead_in_value("0") == 0.0
    assert lead_in_value("30") == 30.0
    assert lead_in_value("30.5") is None
    assert lead_in_value("nan") is None
    assert lead_in_value("") is None
    assert minutes_ok("")
    assert minutes_ok("2.5")
    assert not minutes_ok("0")
    assert not minutes_ok("181")
    assert not minutes_ok("inf")


# -- without colour -----------------------------------------------------------------------------


@pytest.mark.parametrize("opener", ["support", "help", "settings", "welcome"])
async def test_every_care_screen_reads_without_colour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opener: str
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, first_run=opener == "welcome")
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        await until(pilot, lambda: ready_for_keys(app.screen), "the first screen")
        if opener != "welcome":
            getattr(app, f"action_{opener}")()
        await until(
            pilot,
            lambda: (
                type(app.screen).__name__.lower().startswith(opener) and ready_for_keys(app.screen)
            ),
            f"the {opener} screen",
        )
        if opener == "support":
            await contacts_loaded(pilot)

        def drawn() -> bool:
            text = screen_text(app)
            lines = [line for line in text.splitlines() if line.strip()]
            words = ("Support", "Keys", "Settings", "Welcome")
            return len(lines) >= 8 and any(word in text for word in words)

        await until(pilot, drawn, f"the {opener} screen to be drawn")
        lines = [line for line in screen_text(app).splitlines() if line.strip()]
        assert len(lines) >= 8, "the screen shows its text"
        assert any(word in screen_text(app) for word in ("Support", "Keys", "Settings", "Welcome"))


# -- numbtui --help -----------------------------------------------------------------------------


def test_every_example_in_the_help_is_a_valid_command() -> None:
    import shlex

    from numbtui import cli, cli_parser

    examples = [
        line.split("  ")[1].split(">")[0].strip()
        for line in cli_parser.EPILOG.splitlines()
        if line.startswith("  numbtui")
    ]
    assert len(examples) >= 5
    parser = cli.build_parser()
    for example in examples:
        args = parser.parse_args(shlex.split(example)[1:])  # exits (fails) if not valid
        assert args.command is None or args.command in cli.COMMANDS


def test_the_keys_the_help_promises_are_bound() -> None:
    from numbtui import cli_parser

    assert "q or Escape" in cli_parser.EPILOG
    assert "F2" in cli_parser.EPILOG
    stop_keys = {b.key for b in PlayerScreen.BINDINGS if getattr(b, "action", "") == "stop"}
    assert stop_keys == {"q", "escape"}
    support = [b for b in NumbtuiApp.BINDINGS if getattr(b, "action", "") == "support"]
    assert [(getattr(b, "key", ""), getattr(b, "priority", False)) for b in support] == [
        ("f2", True)
    ]


@pytest.mark.parametrize("size", [(20, 8), (30, 10), (59, 20)])
async def test_settings_lists_open_and_page_in_a_narrow_terminal(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    # Squeezed beside their labels, the lists had no width, and Textual's list failed on
    # Page Up (KeyError) or on opening (ValueError).
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_settings(pilot)
        theme = screen.query_one("#theme", Select)
        await until(
            pilot,
            lambda: screen.has_class("-narrow") and theme.size.width >= 12,
            "the narrow layout",
        )
        assert screen.has_class("-narrow")
        assert theme.size.width >= 12
        await pilot.press("enter", "pageup", "pagedown", "home", "down", "enter")
        await until(
            pilot,
            lambda: not app.is_running or theme.value != "numbtui-dark",
            "a theme to be chosen from the list",
        )
        assert app.is_running
        assert theme.value == "numbtui-light"
