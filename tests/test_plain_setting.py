"""The settings screen's "Plain mode" switch is saved, and the next start reads it as plain."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Switch

from numbtui import settings
from numbtui.plain.mode import wanted
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.settings import SettingsScreen
from tests.tui_helpers import make_app, until, until_workers_done, up


async def test_the_plain_mode_switch_is_saved_and_turns_plain_mode_on(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app, NumbtuiApp)
        app.action_settings()
        await up(pilot, SettingsScreen)
        switch = app.screen.query_one("#plain", Switch)
        assert switch.value is False
        switch.focus()
        await pilot.press("enter")
        await until(pilot, lambda: app.prefs.plain is True, "plain mode to be turned on")
        await until_workers_done(pilot, "settings")
    settings_file = app.context.settings_file
    assert settings.load(settings_file).settings.plain is True
    assert wanted(False, {"TERM": "xterm"}, settings_file) is True
