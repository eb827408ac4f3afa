"""Snapshots of the check-in, the rating and the grounding offer (fixed data, fake clock)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from numbtui.options import LaunchOptions
from numbtui.tui import app as app_module
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.context import AppContext
from numbtui.tui.screens.rating import GroundingOffer, RatingScreen, grounding_choices
from numbtui.tui.widgets.scale import Scale
from tests.tui_helpers import footer_text, make_app, make_context, screen_text, until, until_shown

SnapCompare = Callable[..., bool]


async def scale_ready(pilot: Pilot[Any], screen_name: str) -> None:
    """Wait for ``screen_name`` to be drawn, its footer too, with its scale focused for keys."""
    app = pilot.app

    def ready() -> bool:
        screen = app.screen
        return (
            type(screen).__name__ == screen_name
            and screen.query_one(Scale).has_focus
            and bool(footer_text(app).strip())
        )

    await until(pilot, ready, f"the {screen_name} with its scale focused")


class OneScreenApp(NumbtuiApp):
    """The real app (styles, themes, bindings) opening one given screen instead of home."""

    # A relative CSS_PATH is read next to the module of the class that sets it.
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, context: AppContext, screen: Callable[[NumbtuiApp], Screen[Any]]) -> None:
        super().__init__(context)
        self.make_screen = screen

    def get_default_screen(self) -> Screen[Any]:
        return Screen()  # a blank background rather than home

    def open_first_screen(self) -> None:
        self.push_screen(self.make_screen(self))


def test_checkin_with_two_chosen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = make_app(tmp_path, options=LaunchOptions(exercise_id="body-scan"))

    shown: list[str] = []

    async def checkin_up(pilot: Pilot[Any]) -> None:
        await scale_ready(pilot, "CheckinScreen")  # it opens from a worker
        await pilot.press("2")
        await until(pilot, lambda: pilot.app.screen.query_one(Scale).value == 2, "2 chosen")
        shown.append(screen_text(pilot.app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=checkin_up)
    [text] = shown
    assert "how much can you feel right now?" in text
    assert "nothing at all" in text
    assert "vivid" in text


def test_rating_after_an_early_stop(snap_compare: SnapCompare, tmp_path: Path) -> None:
    def rating(app: NumbtuiApp) -> RatingScreen:
        exercise = app.context.library.require("body-scan")
        return RatingScreen(exercise, stopped_early=True, before=2)

    app = OneScreenApp(make_context(tmp_path), rating)

    async def answer(pilot: Pilot[Any]) -> None:
        await scale_ready(pilot, "RatingScreen")
        await pilot.press("4", "tab", "right", "space", "tab", "tab", *"warmer [b]hands[/]")
        await until_shown(pilot, "warmer [b]hands[/]")
        shown.append(screen_text(pilot.app))
        values.append(pilot.app.screen.query_one(Scale).value)

    shown: list[str] = []
    values: list[int | None] = []
    assert snap_compare(app, terminal_size=(80, 24), run_before=answer)
    [text] = shown
    assert "warmer [b]hands[/]" in text  # a note that looks like markup stays literal
    assert "Body scan" in text
    assert values == [4]


def test_grounding_offer(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = OneScreenApp(make_context(tmp_path), lambda app: GroundingOffer(grounding_choices(app)))

    shown: list[str] = []

    async def offered(pilot: Pilot[Any]) -> None:
        await until_shown(pilot, "You listened to yourself")
        await until(pilot, lambda: footer_text(pilot.app).strip(), "the footer")
        shown.append(screen_text(pilot.app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=offered)
    [text] = shown
    assert "You listened to yourself" in text
    assert "Five senses" in text  # the grounding practices offered, by name
