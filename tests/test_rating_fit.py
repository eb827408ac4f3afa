"""The rating's and the log's box is whole on the screen: at 80×24 every part of it shows, the
note's field under a label of its own; in a shorter terminal it leaves out its blank rows; and
when even that is too tall it scrolls with a scrollbar, Tab bringing the note into view."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from numbtui import paths
from numbtui.moodlog import LogDraft
from numbtui.options import LaunchOptions
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.home import HomeScreen
from numbtui.tui.screens.log import LogScreen
from numbtui.tui.screens.rating import NOTE_LABEL, RatingScreen
from tests.tui_helpers import make_app, screen_text, until, up

LONG_OWN_WORDS = [f"{word}-and-more-besides" for word in "abcdefghijkl"]
"""Twelve kept own words (the most kept), long ones: they take six rows of the words."""


def keep_own_words(words: list[str]) -> None:
    path = paths.own_words_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"words": words}), encoding="utf-8")


async def open_box(pilot: Pilot[Any], app: NumbtuiApp, which: str) -> Widget:
    """The rating (pushed over home, after an early stop) or the log, ready for keys."""
    if which == "rating":
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        exercise = app.context.library.require("body-scan")
        own = (
            tuple(json.loads(paths.own_words_file().read_text())["words"])
            if (paths.own_words_file().exists())
            else ()
        )
        app.push_screen(RatingScreen(exercise, stopped_early=True, before=4, own_words=own))
        await up(pilot, RatingScreen)
    else:
        await up(pilot, LogScreen)
    return app.screen.query_one(".rating-dialog")


def app_for(tmp_path: Path, which: str) -> NumbtuiApp:
    options = LaunchOptions(log=LogDraft()) if which == "log" else None
    return make_app(tmp_path, options=options)


def shown_whole(box: Widget, widget: Widget) -> bool:
    """``widget`` is inside the part of the box on screen, and above the footer."""
    footer = box.screen.query_one(Footer)
    return (
        box.scrollable_content_region.contains_region(widget.region)
        and widget.region.bottom <= footer.region.y
    )


async def settled(pilot: Pilot[Any], box: Widget) -> None:
    """The box has fitted itself to its room (a class change lays it out again)."""
    note = box.query_one("#rating-note", Input)
    await until(pilot, lambda: note.region.height == 1, "the note to be laid out")
    for _ in range(3):
        await pilot.pause()


@pytest.mark.parametrize("which", ["rating", "log"])
async def test_at_80_by_24_the_whole_box_shows_the_note_field_under_its_label(
    tmp_path: Path, which: str
) -> None:
    app = app_for(tmp_path, which)
    async with app.run_test(size=(80, 24)) as pilot:
        box = await open_box(pilot, app, which)
        await settled(pilot, box)
        assert not box.has_class("-tight")  # room enough for the roomy layout
        assert box.max_scroll_y == 0
        for part in box.children:
            assert shown_whole(box, part), part
        label = box.query_one("#note-label", Static)
        note = box.query_one("#rating-note", Input)
        assert str(label.visual) == NOTE_LABEL
        assert note.region.y == label.region.bottom  # the field right under its label
        # The field is a band of its own colour, not text that reads as one more label.
        field, around = note.background_colors[1], box.background_colors[1]
        assert abs(field.brightness - around.brightness) > 0.02
        rows = screen_text(app).splitlines()
        assert any(NOTE_LABEL in row for row in rows)
        assert "╰" in rows[rows.index(next(r for r in rows if NOTE_LABEL in r)) + 2]


@pytest.mark.parametrize("which", ["rating", "log"])
async def test_at_80_by_20_the_box_leaves_out_its_blank_rows_and_stays_whole(
    tmp_path: Path, which: str
) -> None:
    app = app_for(tmp_path, which)
    async with app.run_test(size=(80, 20)) as pilot:
        box = await open_box(pilot, app, which)
        await settled(pilot, box)
        await until(pilot, lambda: box.has_class("-tight"), "the tight layout")
        await until(pilot, lambda: box.max_scroll_y == 0, "no scrolling needed")
        for part in box.children:
            assert shown_whole(box, part), part


async def test_a_terminal_grown_again_gets_the_roomy_box_back(tmp_path: Path) -> None:
    app = app_for(tmp_path, "log")
    async with app.run_test(size=(80, 20)) as pilot:
        box = await open_box(pilot, app, "log")
        await until(pilot, lambda: box.has_class("-tight"), "the tight layout")
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: not box.has_class("-tight"), "the roomy layout again")
        await settled(pilot, box)
        for part in box.children:
            assert shown_whole(box, part), part


@pytest.mark.parametrize("which", ["rating", "log"])
async def test_too_tall_even_tight_it_scrolls_visibly_and_tab_reaches_the_note(
    tmp_path: Path, which: str
) -> None:
    keep_own_words(LONG_OWN_WORDS)
    app = app_for(tmp_path, which)
    async with app.run_test(size=(80, 20)) as pilot:
        box = await open_box(pilot, app, which)
        await settled(pilot, box)
        await until(pilot, lambda: box.has_class("-tight"), "the tight layout")
        await until(pilot, lambda: box.max_scroll_y > 0, "the box to overflow")
        assert box.show_vertical_scrollbar  # visibly: a scrollbar, not a box cut off
        note = box.query_one("#rating-note", Input)
        assert not shown_whole(box, note)  # below, out of view at first
        for _ in range(4):  # the scale, the words, the own word box, the note
            if note.has_focus:
                break
            await pilot.press("tab")
            await until(pilot, lambda: app.screen.focused is not None, "a focused field")
        await until(pilot, lambda: note.has_focus, "the note focused")
        await until(pilot, lambda: shown_whole(box, note), "the note scrolled into view")
        await pilot.press(*"still here")
        assert note.value == "still here"
