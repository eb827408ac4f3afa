"""The history screen's late answers (one request counter, one rule for every kind of answer),
and undoing a delete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Select

from numbtui.options import LaunchOptions
from numbtui.store import Filters, Store
from numbtui.tui.screens.history import UNDO_SECONDS, HistoryScreen
from numbtui.tui.screens.history_dialogs import ConfirmDelete
from numbtui.tui.widgets.insight import Insight, InsightPanel
from tests.fakes import FakeClock
from tests.test_history_screen import (
    SIZE,
    THREE,
    database,
    history_app,
    rows,
    save,
    screen_of,
    settle,
    utc,  # noqa: F401 - the autouse fixture: local time is UTC
)
from tests.tui_helpers import make_app, until, until_shown, until_workers_done


async def test_a_delete_reported_after_a_filter_change_leaves_the_new_count_right(
    tmp_path: Path,
) -> None:
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        gone = THREE[0]  # a body scan, deleted while "All exercises" was shown
        with Store.open(database(tmp_path)) as store:
            store.delete(gone.id)
        # The filter changes before the delete's report arrives; the new count is taken
        # after the delete, so it is already right (one body scan left).
        screen.query_one("#history-exercise", Select).value = "body-scan"
        await settle(pilot)
        await until(pilot, lambda: screen.count == 1, "the body scans counted")
        screen.post_message(HistoryScreen.PracticeDeleted(gone))  # the late report
        await until(
            pilot,
            lambda: any("Removed from your history" in n.message for n in app._notifications),
            "the removal said",
        )
        await until_workers_done(pilot)
        assert screen.count == 1  # not 0: the late report did not take one more off
        assert len(rows(app)) == 1


async def test_answers_to_older_requests_are_dropped_whatever_their_kind(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        old = screen._request
        screen.query_one("#history-exercise", Select).value = "breathing-4-4-4"
        await settle(pilot)
        await until(pilot, lambda: screen.count == 1, "the breathing practice counted")
        # Answers asked for under "All exercises" arrive late: every kind is dropped.
        screen.post_message(HistoryScreen.Counted(old, 3, 3))
        screen.post_message(HistoryScreen.RowsLoaded(old, "newest", list(THREE), False))
        screen.post_message(HistoryScreen.InsightLoaded(old, Insight()))
        await until_workers_done(pilot)
        for _ in range(5):
            await pilot.pause()
        assert screen.count == 1
        assert [row[1] for row in rows(app)] == ["Breathing 4-4-4"]
        assert screen.query_one(InsightPanel).insight is None  # not the late, empty one


async def delete_second(pilot: Any, app: Any) -> None:
    await pilot.press("down", "d")
    await until(pilot, lambda: isinstance(app.screen, ConfirmDelete), "the question")
    await pilot.click("#delete-confirm")
    await until(
        pilot,
        lambda: isinstance(app.screen, HistoryScreen) and len(rows(app)) == 2,
        "the practice gone",
    )


async def test_u_brings_a_deleted_practice_back_for_a_few_seconds(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=LaunchOptions(history=Filters()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await delete_second(pilot, app)
        await until(
            pilot,
            lambda: any("Press u within 10 seconds" in n.message for n in app._notifications),
            "the offer to undo",
        )
        await until_shown(pilot, "u Undo delete", footer=True)
        clock.advance(UNDO_SECONDS - 1)
        await pilot.press("u")
        await until(pilot, lambda: len(rows(app)) == 3, "the practice back")
        await settle(pilot)
        assert screen_of(app).count == 3
        assert [row[1] for row in rows(app)][1] == "Breathing 4-4-4"
    with Store.open(database(tmp_path)) as store:
        assert store.get(THREE[1].id) == THREE[1]


async def test_after_the_undo_time_u_does_nothing(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=LaunchOptions(history=Filters()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await delete_second(pilot, app)
        clock.advance(UNDO_SECONDS)
        await pilot.press("u")
        await until_workers_done(pilot)
        assert len(rows(app)) == 2
    with Store.open(database(tmp_path)) as store:
        assert store.get(THREE[1].id) is None
