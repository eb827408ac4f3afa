"""The app's history screen and its Insight tab on histories written at schema 1, 2 and 3, in a
writable folder (moved to this version once, as the README says) and in a read-only one
(read as it is, the file untouched)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, DataTable, Select, Static

from numbtui.store import SCHEMA_VERSION, Filters
from numbtui.tui.widgets.insight import InsightPanel
from tests.old_history_helpers import (
    VERSIONS,
    MakeReadOnly,
    fingerprint,
    newer,
    old_records,
    place,
    read_only,
    user_version,
)
from tests.test_history_screen import history_app, rows, settle, status
from tests.tui_helpers import until

__all__ = ["read_only"]  # the fixture, used by name

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("where", ["writable", "read-only"])
@pytest.mark.parametrize("version", VERSIONS)
async def test_the_history_screen_and_insight_show_every_practice_of_an_older_history(
    tmp_path: Path, read_only: MakeReadOnly, version: int, where: str
) -> None:
    database = place(version, tmp_path / "data")
    if where == "read-only":
        read_only(database.parent)
    before = fingerprint(database)
    records = old_records(version)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = app.screen.query_one("#history-message-text", Static)
        switcher = app.screen.query_one("#history-switcher", ContentSwitcher)
        assert switcher.current == "history-main", str(message.visual)
        shown = rows(app)
        assert len(shown) == 6
        assert [row[1] for row in shown] == [record.title for record in reversed(records)]
        assert status(app) == "Practices 1–6 of 6"
        select: Select[str] = app.screen.query_one("#history-exercise", Select)
        prompts = [str(prompt) for prompt, _ in select._options]
        assert prompts[-3:] == ["Body scan", "Breathing 4-4-4", "Five senses"]
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen.query_one(InsightPanel)
        table = panel.query_one("#insight-figures", DataTable)
        await until(pilot, lambda: table.row_count == 3, "the three exercises' figures")
        counted = {table.get_row_at(i)[0].plain: table.get_row_at(i)[1].plain for i in range(3)}
        assert counted == {"Body scan": "2", "Breathing 4-4-4": "2", "Five senses": "2"}
    if where == "read-only":
        assert fingerprint(database) == before
        assert user_version(database) == version
    else:  # opened by the app, which may write: moved once, every record kept
        assert user_version(database) == SCHEMA_VERSION


async def test_a_filtered_older_read_only_history_shows_that_exercise_only(
    tmp_path: Path, read_only: MakeReadOnly
) -> None:
    database = place(1, tmp_path / "data")
    read_only(database.parent)
    app = history_app(tmp_path, Filters(exercise_id="five-senses"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [row[1] for row in rows(app)] == ["Five senses", "Five senses"]
        assert status(app) == "Practices 1–2 of 2"


async def test_a_newer_read_only_history_is_named_by_both_versions_and_untouched(
    tmp_path: Path, read_only: MakeReadOnly
) -> None:
    database = tmp_path / "data" / "history.sqlite3"
    newer(database)
    read_only(database.parent)
    before = fingerprint(database)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = app.screen.query_one("#history-message-text", Static)
        assert str(message.visual).startswith("Your history could not be read.")
        assert f"(schema {SCHEMA_VERSION + 1}; this one knows up to {SCHEMA_VERSION})" in str(
            message.visual
        )
        assert app.is_running
    assert fingerprint(database) == before
