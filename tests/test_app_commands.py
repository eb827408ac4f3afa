"""App-wide behaviour: the command palette, and one practice at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from numbtui import recovery
from numbtui.library import discover
from numbtui.options import LaunchOptions
from numbtui.recovery import append
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.settings import SettingsScreen
from tests.fakes import FakeClock
from tests.record_helpers import make_record
from tests.tui_helpers import make_app, palette_typing, until

DATA = Path(__file__).parent / "data"


def markup_library(tmp_path: Path) -> object:
    empty = tmp_path / "no-user-exercises"
    empty.mkdir()
    return discover([DATA / "good" / "markup-and-escapes.yaml"], user=empty)


async def test_palette_shows_markup_like_titles_literally(tmp_path: Path) -> None:
    app = make_app(tmp_path, library=markup_library(tmp_path))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await until(pilot, lambda: palette_typing(app), "the palette, ready for typing")
        await pilot.press(*"Brackets")

        def options() -> list[str]:
            return [str(option.prompt) for option in app.screen.query_one(CommandList).options]

        # The palette searches in a worker; let it report.
        await until(pilot, options, "the palette to list what it found")
        shown = options()
        assert shown
        assert shown[0].startswith("Play: Brackets [bold]not bold[/]\n")
        assert "[@click=app.quit]x[/]" in shown[0]
        assert app.is_running


async def test_settings_screen_opens_with_markup_like_titles(tmp_path: Path) -> None:
    app = make_app(tmp_path, library=markup_library(tmp_path))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "the settings screen")
        assert isinstance(app.screen, SettingsScreen)


async def test_a_second_practice_does_not_cancel_the_first(tmp_path: Path) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id="breathing-4-4-4", checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen), "the player")
        first = app.screen
        assert isinstance(first, PlayerScreen)
        other = app.context.library.get("five-senses")
        assert other is not None
        app.start_practice(other)
        await pilot.pause()
        assert app.screen is first
        assert not first.session.over
        assert any("One practice at a time" in n.message for n in app._notifications)


async def test_records_in_the_recovery_file_are_mentioned_at_start(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    append(app.context.recovery, make_record())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: any("numbtui import" in n.message for n in app._notifications),
            "the notice about the recovery file",
        )
        messages = [n.message for n in app._notifications]
    assert any(f"numbtui import {app.context.recovery}" in m for m in messages)


async def test_no_mention_without_a_recovery_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted: list[int] = []
    real_waiting = recovery.waiting

    def waiting(*args: object) -> int:
        count = real_waiting(*args)  # type: ignore[arg-type]
        counted.append(count)
        return count

    monkeypatch.setattr(recovery, "waiting", waiting)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # The check runs in a worker started after the first frame: wait until it has looked.
        await until(pilot, lambda: counted, "the recovery file to be checked")
        await until(
            pilot,
            lambda: not any(w.group == "recovery" for w in app.workers if not w.is_finished),
            "the recovery check to finish",
        )
        assert counted == [0]
        assert not any("recovery" in n.message for n in app._notifications)


async def test_f1_and_f2_over_the_palette_open_over_it_and_never_a_second_palette(
    tmp_path: Path,
) -> None:
    from numbtui.tui.screens.help import HelpScreen
    from numbtui.tui.screens.support import SupportScreen

    for key, screen_type in (("f1", HelpScreen), ("f2", SupportScreen)):
        app = make_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await until(pilot, lambda: palette_typing(pilot.app), "the palette, ready for typing")
            await pilot.press(*"3t")  # a search still going on underneath
            await pilot.press(key)
            await until(
                pilot,
                lambda expected=screen_type: isinstance(pilot.app.screen, expected),
                f"{key}'s screen",
            )
            assert isinstance(app.screen, screen_type)
            await pilot.press("ctrl+p")  # crashed: a second palette with the same id
            await pilot.pause()
            assert isinstance(app.screen, screen_type)
            palettes = [s for s in app.screen_stack if isinstance(s, CommandPalette)]
            assert len(palettes) == 1
            await pilot.press("escape")  # back to the palette, as it was
            await until(
                pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette again"
            )
            assert isinstance(app.screen, CommandPalette)
            assert app.is_running
