"""Snapshots of the history browser: with five practices, and with no history yet.

Fixed data, a fixed "now" and the UTC time zone. Each test also checks the text the picture
must contain, so a wrong picture cannot be accepted by accident.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from numbtui.options import LaunchOptions
from numbtui.store import Filters, Store
from numbtui.tui.app import NumbtuiApp
from tests.test_history_screen import EMPTY_TEXT_ALONE, practice
from tests.tui_helpers import (
    footer_text,
    make_app,
    read_and_counted,
    screen_text,
    until,
    until_workers_done,
)

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


class Shown:
    """The screen's text as the picture is taken."""

    def __init__(self) -> None:
        self.text = ""


def settled(app: NumbtuiApp, shown: Shown) -> Callable[[Pilot[object]], Any]:
    async def run_before(pilot: Pilot[object]) -> None:
        await until(pilot, lambda: read_and_counted(app), "the history to be read and counted")
        await until_workers_done(pilot)
        await until(pilot, lambda: footer_text(app).strip(), "the footer")
        shown.text = screen_text(app)

    return run_before


def history_app(tmp_path: Path) -> NumbtuiApp:
    return make_app(tmp_path, options=LaunchOptions(history=Filters()))


def test_history_with_practices(snap_compare: SnapCompare, tmp_path: Path) -> None:
    records = [
        practice(
            timedelta(hours=1, minutes=30),
            before=3,
            after=6,
            words=["warm", "heavy", "here"],
            note="My hands felt warm. [not markup]",
        ),
        practice(
            timedelta(days=1),
            exercise_id="breathing-4-4-4",
            title="Breathing 4-4-4",
            seconds=95,
            finished=False,
            after=4,
        ),
        practice(timedelta(days=2), seconds=610, before=5, after=5, words=["nothing"]),
        practice(
            timedelta(days=3, hours=2),
            exercise_id="five-senses",
            title="Five senses (5-4-3-2-1)",
            seconds=240,
            before=2,
            after=3,
            words=["grey"],
        ),
        practice(timedelta(days=9), seconds=180, after=7),
    ]
    with Store.open(tmp_path / "data" / "history.sqlite3") as store:
        for record in records:
            store.save(record)
    app = history_app(tmp_path)
    shown = Shown()
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled(app, shown))
    text = shown.text
    assert "2024-05-06 08:00  Body scan" in text
    assert "stopped early" in text
    assert "Five senses (5-…" in text
    assert "Practices 1–5 of 5" in text
    assert "Note: My hands felt warm. [not markup]" in text


def test_history_empty(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = history_app(tmp_path)
    shown = Shown()
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled(app, shown))
    flat = " ".join(shown.text.split())
    assert " ".join(EMPTY_TEXT_ALONE.split()) in flat
