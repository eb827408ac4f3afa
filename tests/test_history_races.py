"""The history screen's late answers: one request counter, one rule for every kind of answer."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from numbtui.store import Store
from numbtui.tui.screens.history import HistoryScreen
from numbtui.tui.widgets.insight import Insight, InsightPanel
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
from tests.tui_helpers import until, until_workers_done


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
