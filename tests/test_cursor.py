"""The terminal cursor follows what matters, for braille displays and review cursors: the
focused control, and on the player the breath phase's words."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Offset
from textual.widgets import Input, Switch

from numbtui.settings import Settings
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.settings import SettingsScreen
from numbtui.tui.widgets.pacer import Pacer
from tests.fakes import FakeClock
from tests.test_player import BREATHE, GUIDE, exercise_of, open_player
from tests.tui_helpers import make_app, no_timer, until, up


async def test_the_cursor_lands_on_the_focused_control(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_settings()
        await up(pilot, SettingsScreen)
        switch = app.screen.query_one("#bell", Switch)
        switch.focus()
        where = switch.content_region.offset
        await until(pilot, lambda: app.cursor_position == where, "the cursor on the switch")
        assert app.cursor_position == where
        assert where != Offset(0, 0)


async def test_a_text_input_keeps_the_cursor_at_its_caret(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_settings()
        await up(pilot, SettingsScreen)
        box = app.screen.query_one("#lead-in", Input)
        box.focus()
        await until(pilot, lambda: app.focused is box, "the input focused")
        assert app.cursor_position == box.cursor_screen_offset


async def test_the_cursor_is_on_the_breath_phase_words_as_each_phase_begins(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(checkin=False), schedule=no_timer)
    async with app.run_test(size=(80, 24)) as pilot:
        harness = await open_player(pilot, app, clock, exercise_of(GUIDE, BREATHE))
        app.cursor_position = Offset(0, 0)
        harness.advance(10.5)  # into the breathing step: "Breathe in"
        pacer = harness.player.query_one(Pacer)

        def on_the_pacer() -> bool:
            region = pacer.content_region  # once laid out: the pacer was hidden until now
            return region.height > 0 and app.cursor_position.y == region.y

        await until(pilot, on_the_pacer, "the cursor on the pacer")
        region = pacer.content_region
        x = app.cursor_position.x
        assert region.x < x < region.x + region.width // 2  # centred words start left of middle
        app.cursor_position = Offset(0, 0)
        harness.advance(4)  # "Hold"
        await until(pilot, lambda: app.cursor_position.y == region.y, "the cursor on Hold")
        assert isinstance(app.screen, PlayerScreen)
        # Centred: "■ Hold · 4" starts 3 cells right of "▲ Breathe in · 4" (6 cells shorter).
        assert app.cursor_position.x == x + 3
