"""App-wide behaviour: the command palette, and one practice at a time."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from numbtui.library import discover
from numbtui.options import LaunchOptions
from numbtui.recovery import append
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.settings import SettingsScreen
from tests.fakes import FakeClock
from tests.record_helpers import make_record
from tests.tui_helpers import make_app

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
        await pilot.pause()
        await pilot.press(*"Brackets")
        shown: list[str] = []
        for _ in range(50):  # the palette searches in a worker; let it report
            await pilot.pause()
            shown = [str(option.prompt) for option in app.screen.query_one(CommandList).options]
            if shown:
                break
        assert shown
        assert shown[0].startswith("Play: Brackets [bold]not bold[/]\n")
        assert "[@click=app.quit]x[/]" in shown[0]
        assert app.is_running


async def test_settings_screen_opens_with_markup_like_titles(tmp_path: Path) -> None:
    app = make_app(tmp_path, library=markup_library(tmp_path))  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)


async def test_a_second_practice_does_not_cancel_the_first(tmp_path: Path) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id="breathing-4-4-4", checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
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
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any(f"numbtui import {app.context.recovery}" in m for m in messages)


async def test_no_mention_without_a_recovery_file(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any("recovery" in n.message for n in app._notifications)


async def test_f1_and_f2_over_the_palette_open_over_it_and_never_a_second_palette(
    tmp_path: Path,
) -> None:
    from textual.command import CommandPalette

    from numbtui.tui.screens.help import HelpScreen
    from numbtui.tui.screens.support import SupportScreen

    for key, screen_type in (("f1", HelpScreen), ("f2", SupportScreen)):
        app = make_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p", *"3t")  # a search still going on underneath
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type)
            await pilot.press("ctrl+p")  # crashed: a second palette with the same id
            await pilot.pause()
            assert isinstance(app.screen, screen_type)
            palettes = [s for s in app.screen_stack if isinstance(s, CommandPalette)]
            assert len(palettes) == 1
            await pilot.press("escape")  # back to the palette, as it was
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            assert app.is_running
