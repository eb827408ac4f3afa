"""Small things: the highlighted word is the one Space ticks, F1 lists the arrow keys, the
palette offers only numbtui's commands and the theme."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.help import HelpScreen
from numbtui.tui.screens.home import HomeScreen
from numbtui.tui.screens.rating import RatingScreen
from numbtui.tui.widgets.words import WordChips
from tests.test_rating_screens import ScreenApp, ready
from tests.tui_helpers import (
    bundled_library,
    make_app,
    palette_typing,
    screen_text,
    until,
    up,
)


def rating_app(tmp_path: Path) -> ScreenApp:
    exercise = bundled_library(tmp_path).get("body-scan")
    assert exercise is not None
    return ScreenApp(RatingScreen(exercise, stopped_early=False, before=None))


def styles_of(chips: WordChips) -> dict[str, str]:
    """Each word's style as drawn, by word."""
    drawn: dict[str, str] = {}
    for strip in chips.render_lines(chips.region.reset_offset):
        for segment in strip:
            text = segment.text.strip()
            if text:
                drawn[text[2:]] = str(segment.style)
    return drawn


async def test_the_highlight_follows_the_cursor_and_space_ticks_that_word(
    tmp_path: Path,
) -> None:
    app = rating_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("tab", "right", "right")
        chips = app.screen.query_one(WordChips)
        await until(pilot, lambda: chips.cursor == 2 and chips.has_focus, "the third word")
        drawn = styles_of(chips)
        third = chips.words[2]
        # The word under the cursor is drawn unlike every other word (not by colour alone).
        others = {style for word, style in drawn.items() if word != third}
        assert drawn[third] not in others
        assert "underline" in drawn[third]
        await pilot.press("space")
        await until(pilot, lambda: chips.chosen == (third,), "the highlighted word ticked")


async def test_f1_on_the_rating_lists_the_arrow_keys(tmp_path: Path) -> None:
    app = rating_app(tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await ready(pilot)
        app.push_screen(HelpScreen(app.screen))
        await until(pilot, lambda: "On this screen" in screen_text(app), "the keys")
        text = screen_text(app)
        assert "← / -" in text
        assert "One more" in text
        app.pop_screen()
        await until(pilot, lambda: isinstance(app.screen, RatingScreen), "the rating again")
        await pilot.press("tab")
        await until(pilot, lambda: app.screen.query_one(WordChips).has_focus, "the words")
        app.push_screen(HelpScreen(app.screen))
        await until(pilot, lambda: "On this screen" in screen_text(app), "the keys")
        text = screen_text(app)
        assert "Next word" in text
        assert "Word below" in text


async def test_the_palette_lists_only_numbtuis_commands_and_the_theme(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await up(pilot, HomeScreen)
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Maximize" not in commands
        assert "Screenshot" not in commands
        assert commands[:5] == ["Theme", "Quit", "Keys", "Support", "History"]
        assert all(
            title in {"Theme", "Quit", "Keys", "Support", "History", "Settings", "Log how I feel"}
            or title.startswith("Play: ")
            for title in commands
        )
        await pilot.press("ctrl+p")
        await until(pilot, lambda: palette_typing(app), "the palette")
        await pilot.press(*"maxim")
        await until(pilot, lambda: app.screen.query(CommandList), "the list")
        for _ in range(10):
            await pilot.pause()
        assert "Maximize" not in screen_text(app)
        assert isinstance(app, NumbtuiApp)
