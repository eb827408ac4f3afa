"""Snapshots of the care screens: support (in colour and without), welcome, keys, settings.

Fixed data: a one-exercise library, the data folder under the test's home, default settings.
Each test also checks the text the picture must contain, so a wrong picture cannot be accepted
by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from numbtui.exercise import Exercise, ExerciseFile, Source
from numbtui.library import Library
from numbtui.tui.app import NumbtuiApp
from tests.tui_helpers import (
    footer_text,
    make_context,
    screen_text,
    until,
    until_shown,
    until_workers_done,
)

SnapCompare = Callable[..., bool]
SIZE = (80, 24)


def fixed_app(tmp_path: Path, *, first_run: bool = False) -> NumbtuiApp:
    spec = ExerciseFile.model_validate(
        {
            "title": "Feet on the floor",
            "summary": "A minute with your feet.",
            "steps": [{"kind": "guide", "text": "Notice your feet.", "seconds": 60}],
        }
    )
    library = Library((Exercise(id="feet", spec=spec, source=Source.BUNDLED),))
    context = make_context(tmp_path, library=library, first_run=first_run)
    # Under the (test's) home folder, so the welcome shows the same "~/..." path every time.
    data = Path.home() / ".local" / "share" / "numbtui"
    context.database = data / "history.sqlite3"
    context.state_file = data / "state.json"
    context.recovery = data / "recovery.jsonl"
    return NumbtuiApp(context)


async def contacts_loaded(pilot: Pilot[object]) -> None:
    app = pilot.app
    await until(pilot, lambda: type(app.screen).__name__ == "SupportScreen", "the support screen")
    await until_workers_done(pilot, "support-contacts")


async def drawn(pilot: Pilot[object], *texts: str) -> None:
    """Wait until the screen shows ``texts`` and its footer (one pause is not enough when
    the machine is busy)."""
    await until_shown(pilot, *texts)
    await until(pilot, lambda: footer_text(pilot.app).strip(), "the footer")


def test_support(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = fixed_app(tmp_path)

    async def open_support(pilot: Pilot[object]) -> None:
        await pilot.press("f2")
        await contacts_loaded(pilot)
        await drawn(pilot, "not a substitute for professional care", "Call or text 988")
        text = screen_text(app)
        assert "not a substitute for professional care" in text
        assert "Call or text 988" in text

    assert snap_compare(app, terminal_size=SIZE, run_before=open_support)


def test_support_without_colour(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = fixed_app(tmp_path)

    async def open_support(pilot: Pilot[object]) -> None:
        assert app.no_color
        await pilot.press("f2")
        await contacts_loaded(pilot)
        await drawn(pilot, "Call or text 988")
        assert "Call or text 988" in screen_text(app)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_support)


def test_welcome(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = fixed_app(tmp_path, first_run=True)

    async def check(pilot: Pilot[object]) -> None:
        await drawn(pilot, "Welcome to numbtui", "~/.local/share/numbtui")
        text = screen_text(app)
        assert "Welcome to numbtui" in text
        assert "~/.local/share/numbtui" in text

    assert snap_compare(app, terminal_size=SIZE, run_before=check)


def test_keys_over_settings(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = fixed_app(tmp_path)

    async def open_keys(pilot: Pilot[object]) -> None:
        app.action_settings()
        await until(pilot, lambda: type(app.screen).__name__ == "SettingsScreen", "settings")
        await pilot.press("f1")
        await drawn(pilot, "On this screen", "Where to find support")
        text = screen_text(app)
        assert "On this screen" in text
        assert "Where to find support" in text

    assert snap_compare(app, terminal_size=SIZE, run_before=open_keys)


def test_settings(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = fixed_app(tmp_path)

    async def open_settings(pilot: Pilot[object]) -> None:
        app.action_settings()
        await drawn(pilot, "numbtui-dark", "Reduce motion")
        text = screen_text(app)
        assert "numbtui-dark" in text
        assert "Reduce motion" in text

    assert snap_compare(app, terminal_size=SIZE, run_before=open_settings)
