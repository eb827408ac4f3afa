"""Ctrl+Z suspends numbtui to the shell, as in any terminal program, from every screen."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver

from numbtui.settings import Settings
from numbtui.tui.screens.help import global_rows
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.rating import RatingScreen
from tests.fakes import FakeClock
from tests.tui_helpers import make_app, until


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Signals the app sends itself, recorded instead of sent (the test must not stop)."""
    signals: list[tuple[int, int]] = []
    # The test's headless terminal cannot be suspended; a real one can.
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda _: True))
    monkeypatch.setattr(os, "kill", lambda pid, sig: signals.append((pid, sig)))
    return signals


async def test_ctrl_z_at_home_suspends_the_process(
    tmp_path: Path, sent: list[tuple[int, int]]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+z")
        await until(pilot, lambda: sent, "the suspend signal")
    assert sent == [(os.getpid(), signal.SIGTSTP)]


async def test_ctrl_z_in_the_note_box_suspends_rather_than_typing(
    tmp_path: Path, sent: list[tuple[int, int]]
) -> None:
    from textual.widgets import Input

    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(checkin=False, lead_in_seconds=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.start_practice(app.context.library.require("five-senses"))
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen), "the player")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        for _ in range(24):  # twelve seconds practised: enough to be kept and rated
            clock.advance(0.5)
            player.tick()
        await pilot.press("q")  # stop: the rating, with its note box
        await until(pilot, lambda: isinstance(app.screen, RatingScreen), "the rating")
        await until(pilot, lambda: app.screen.query(Input), "the rating's note box")
        note = app.screen.query_one(Input)
        note.focus()
        await until(pilot, lambda: note.has_focus, "the note box's focus")
        await pilot.press("ctrl+z")
        await until(pilot, lambda: sent, "the suspend signal")
        assert note.value == ""
    assert sent == [(os.getpid(), signal.SIGTSTP)]


def test_the_keys_screen_says_what_ctrl_z_does(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    rows = {row.keys: row.description for row in global_rows(app)}
    assert rows["Ctrl+Z"] == "Suspend to the shell; fg brings numbtui back"
