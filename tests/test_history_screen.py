"""The history browser: rows, paging, filters, details, deletion, insight and bad databases.

Every test fixes the time zone (UTC unless it says otherwise) and the app's "now"
(``tui_helpers.FIXED_NOW``, Monday 2024-05-06 09:30 UTC); records are written to the
temporary database before the app starts.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static

from numbtui.empty import Scope
from numbtui.options import LaunchOptions
from numbtui.record import Record
from numbtui.store import ExerciseStats, Filters, Store
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.history import (
    EMPTY_TEXT,
    EMPTY_TEXT_ALONE,
    HistoryScreen,
    period_since,
    status_text,
)
from numbtui.tui.screens.history_dialogs import (
    ConfirmDelete,
    DateRangeDialog,
    PracticeDetail,
)
from numbtui.tui.widgets.history_table import HistoryTable, feeling_text, words_width
from numbtui.tui.widgets.insight import (
    InsightPanel,
    bar_lines,
    format_change,
    format_minutes,
    stats_row,
    weeks_caption,
)
from tests.record_helpers import local_zone
from tests.tui_helpers import (
    FIXED_NOW,
    make_app,
    read_and_counted,
    screen_text,
    until,
    until_shown,
    until_workers_done,
)

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC unless a test says otherwise."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def practice(
    ago: timedelta,
    *,
    exercise_id: str = "body-scan",
    title: str = "Body scan",
    seconds: float = 300,
    finished: bool = True,
    before: int | None = None,
    after: int | None = None,
    words: Sequence[str] = (),
    note: str = "",
) -> Record:
    started = FIXED_NOW - ago
    return Record.new(
        started=started,
        ended=started + timedelta(seconds=seconds),
        exercise_id=exercise_id,
        title=title,
        content_hash="ab",
        planned_seconds=300,
        practised_seconds=seconds,
        finished=finished,
        before=before,
        after=after,
        words=words,
        note=note,
    )


def database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def save(tmp_path: Path, records: Sequence[Record]) -> None:
    with Store.open(database(tmp_path)) as store:
        for record in records:
            store.save(record)


def history_app(tmp_path: Path, filters: Filters | None = None) -> NumbtuiApp:
    """The app as ``numbtui history`` opens it."""
    return make_app(tmp_path, options=LaunchOptions(history=filters or Filters()))


async def settle(pilot: Pilot[object]) -> None:
    """Let the worker threads finish and their results reach the screen."""
    await until(pilot, lambda: read_and_counted(pilot.app), "the history to be read and counted")
    await until_workers_done(pilot)


def screen_of(app: NumbtuiApp) -> HistoryScreen:
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def rows(app: NumbtuiApp) -> list[list[str]]:
    table = app.screen.query_one(HistoryTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(static: Static) -> str:
    visual = static.visual
    assert isinstance(visual, Content)
    return visual.plain


THREE = [
    practice(timedelta(hours=1, minutes=30), before=3, after=6, words=["calm", "warm"]),
    practice(
        timedelta(days=1),
        exercise_id="breathing-4-4-4",
        title="Breathing 4-4-4",
        seconds=95,
        finished=False,
        after=4,
    ),
    practice(timedelta(days=2), seconds=3725, before=5, after=5, words=["nothing"]),
]


# - rows -


async def test_rows_are_newest_first_with_every_column(tmp_path: Path) -> None:
    save(tmp_path, list(reversed(THREE)))
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(app) == [
            ["2024-05-06 08:00", "Body scan", "5:00", "finished", "3 → 6", "calm, warm"],
            ["2024-05-05 09:30", "Breathing 4-4-4", "1:35", "stopped early", "– → 4", ""],
            ["2024-05-04 09:30", "Body scan", "1:02:05", "finished", "5 → 5", "nothing"],
        ]
        assert status(app) == "Practices 1–3 of 3"


async def test_times_are_shown_in_the_local_time_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Etc/GMT-2")  # two hours ahead of UTC
    time.tzset()
    save(tmp_path, THREE[:1])
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(app)[0][0] == "2024-05-06 10:00"


# - paging -


def many(count: int) -> list[Record]:
    """``count`` practices an hour apart; index 0 is the newest."""
    return [practice(timedelta(hours=n + 1), note=f"practice {n}") for n in range(count)]


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 5, at most 10 rows kept, more read when the cursor is 2 rows from an end."""
    monkeypatch.setattr(HistoryScreen, "PAGE_SIZE", 5)
    monkeypatch.setattr(HistoryScreen, "MAX_ROWS", 10)
    monkeypatch.setattr(HistoryScreen, "LOAD_AHEAD", 2)


def current_index(screen: HistoryScreen, records: list[Record]) -> int:
    record = screen.current_record()
    assert record is not None
    return [r.id for r in records].index(record.id)


def status(app: NumbtuiApp) -> str:
    return text_of(app.screen.query_one("#history-status", Static))


async def test_the_keys_screen_lists_end_and_home_and_the_footer_fits_80_columns(
    tmp_path: Path,
) -> None:
    from textual.widgets import Footer

    from numbtui.tui.screens.help import screen_rows

    save(tmp_path, list(reversed(THREE)))
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        rows = {row.description: row.keys for row in screen_rows(screen)}
        # Not in the Footer (no room), so F1 is where they are found.
        assert rows["Oldest practice"] == "End / Ctrl+End"
        assert rows["Newest practice"] == "Home / Ctrl+Home"
        # Seven keys and the palette's hint did not fit: F1's label was cut off.
        footer = screen.query_one(Footer)
        assert not footer.show_command_palette
        await until_shown(pilot, "f1", "Keys", footer=True)
        assert "f1 Keys" in " ".join(screen_text(app).splitlines()[-1].split())


@pytest.mark.usefixtures("small_pages")
async def test_moving_down_past_a_page_boundary_reads_the_next_page(tmp_path: Path) -> None:
    records = many(23)
    save(tmp_path, records)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        table = screen.query_one(HistoryTable)
        assert table.row_count == 5
        await pilot.press("down", "down")
        await settle(pilot)
        assert table.row_count == 5  # three rows from the end of the page: not yet
        await pilot.press("down")
        await settle(pilot)
        assert table.row_count == 10
        assert rows(app)[5][0] == records[5].started.strftime("%Y-%m-%d %H:%M")
        await pilot.press(*["down"] * 5)
        await settle(pilot)
        # At most ten rows are kept: the newest five were dropped, the cursor stayed put.
        assert (screen.window.offset, table.row_count) == (5, 10)
        assert current_index(screen, records) == 8
        assert rows(app)[0][0] == records[5].started.strftime("%Y-%m-%d %H:%M")
        assert status(app) == "Practices 6–15 of 23 · End key: oldest"
        await pilot.press("up", "up")
        await settle(pilot)
        # Near the top of the window: the newer rows are read again, in front.
        assert screen.window.offset == 0
        assert current_index(screen, records) == 6
        assert table.row_count == 10


@pytest.mark.usefixtures("small_pages")
async def test_end_reaches_the_oldest_and_home_the_newest(tmp_path: Path) -> None:
    records = many(23)
    save(tmp_path, records)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("end")
        await settle(pilot)
        assert current_index(screen, records) == 22
        assert screen.query_one(HistoryTable).row_count == 5
        assert status(app) == "Practices 19–23 of 23"
        await pilot.press("up", "up", "up")
        await settle(pilot)
        assert current_index(screen, records) == 19
        assert screen.query_one(HistoryTable).row_count == 10
        assert status(app) == "Practices 14–23 of 23"
        await pilot.press("home")
        await settle(pilot)
        assert current_index(screen, records) == 0
        assert status(app) == "Practices 1–5 of 23 · End key: oldest"


@pytest.mark.usefixtures("small_pages")
async def test_end_pressed_at_once_still_lands_on_the_oldest_and_counts(tmp_path: Path) -> None:
    records = many(23)
    save(tmp_path, records)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        await settle(pilot)
        assert current_index(screen_of(app), records) == 22
        assert status(app) == "Practices 19–23 of 23"


# - filters -


async def test_filter_by_exercise(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        select: Select[str] = app.screen.query_one("#history-exercise", Select)
        prompts = [str(prompt) for prompt, _ in select._options]
        assert prompts == [
            "All exercises",
            "Practices only",
            "Logs only",
            "Body scan",
            "Breathing 4-4-4",
        ]
        await until_shown(pilot, "f2 Support", footer=True)
        select.value = "breathing-4-4-4"
        await settle(pilot)
        assert [row[1] for row in rows(app)] == ["Breathing 4-4-4"]
        await pilot.press("i")  # the insight follows the filter
        await settle(pilot)
        figures = app.screen.query_one("#insight-figures", DataTable)
        assert [figures.get_row_at(i)[0].plain for i in range(figures.row_count)] == [
            "Breathing 4-4-4"
        ]
        select.value = ""
        await settle(pilot)
        assert len(rows(app)) == 3
        assert figures.row_count == 2


async def test_filter_by_period(tmp_path: Path) -> None:
    save(
        tmp_path,
        [
            practice(timedelta(days=2), note="two days"),
            practice(timedelta(days=10), note="ten days"),
            practice(timedelta(days=40), note="forty days"),
        ],
    )
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        period: Select[str] = screen.query_one("#history-period", Select)
        for value, expected in (("7", 1), ("30", 2), ("365", 3), ("all", 3)):
            period.value = value
            await settle(pilot)
            assert len(rows(app)) == expected, value
        period.value = "7"
        await settle(pilot)
        assert screen.filters.since == datetime(2024, 4, 30, tzinfo=UTC)


async def test_a_filter_that_matches_nothing_says_so_gently(tmp_path: Path) -> None:
    save(tmp_path, [practice(timedelta(days=40))])
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#history-period", Select).value = "7"
        await settle(pilot)
        assert rows(app) == []
        assert status(app) == "Nothing here in this period. Other choices above show more."


async def test_filters_from_the_command_line_are_applied_and_shown(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    given = Filters(exercise_id="body-scan", since=datetime(2024, 5, 5, tzinfo=UTC))
    app = history_app(tmp_path, given)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [row[0] for row in rows(app)] == ["2024-05-06 08:00"]
        period: Select[str] = app.screen.query_one("#history-period", Select)
        assert period.value == "given"
        assert str(period._options[-2][0]) == "2024-05-05 to now"
        assert str(period._options[-1][0]) == "Choose dates…"
        assert app.screen.query_one("#history-exercise", Select).value == "body-scan"


async def choose_dates(pilot: Pilot[object]) -> DateRangeDialog:
    app = pilot.app
    app.screen.query_one("#history-period", Select).value = "choose"
    await until(pilot, lambda: isinstance(app.screen, DateRangeDialog), "the dates dialog")
    dialog = app.screen
    assert isinstance(dialog, DateRangeDialog)
    return dialog


async def test_a_range_of_dates_can_be_chosen_on_the_screen(tmp_path: Path) -> None:
    save(
        tmp_path,
        [
            practice(timedelta(days=2), note="two days"),  # 2024-05-04
            practice(timedelta(days=10), note="ten days"),  # 2024-04-26
            practice(timedelta(days=40), note="forty days"),  # 2024-03-27
        ],
    )
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_dates(pilot)
        await pilot.press(*"2024-04-01", "tab", *"2024-05-03", "enter")
        await settle(pilot)
        screen = screen_of(app)
        assert [row[0] for row in rows(app)] == ["2024-04-26 09:30"]
        assert screen.filters.since == datetime(2024, 4, 1, tzinfo=UTC)
        assert screen.filters.until == datetime(2024, 5, 3, 23, 59, 59, 999999, tzinfo=UTC)
        period: Select[str] = screen.query_one("#history-period", Select)
        assert period.value == "given"
        await until_shown(pilot, "2024-04-01 to 2024-05-03")
        assert "2024-04-01 to 2024-05-03" in screen_text(app)
        await choose_dates(pilot)  # again: the dialog starts from the range in force
        await pilot.press("tab", "ctrl+u", "enter")  # an open end: to now
        await settle(pilot)
        assert len(rows(app)) == 2
        assert str(period._options[-2][0]) == "2024-04-01 to now"


async def test_a_date_that_is_not_one_is_explained_and_cancel_keeps_the_period(
    tmp_path: Path,
) -> None:
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen_of(app).query_one("#history-period", Select).value = "7"
        await settle(pilot)
        before = screen_of(app).filters
        dialog = await choose_dates(pilot)
        await pilot.press(*"2024-13-01", "enter")
        await until_shown(pilot, "“2024-13-01” is not a date; write it like 2024-03-01.")
        assert app.screen is dialog
        assert "“2024-13-01” is not a date; write it like 2024-03-01." in screen_text(app)
        await pilot.press("ctrl+u", *"2024-05-06", "tab", *"2024-05-01", "enter")
        await until_shown(pilot, "The first date is after the second")
        await until_shown(pilot, "f2 Support", footer=True)
        assert "The first date is after the second" in screen_text(app)
        assert "f2 Support" in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        await settle(pilot)
        screen = screen_of(app)
        assert screen.query_one("#history-period", Select).value == "7"
        assert screen.filters == before


async def test_a_date_at_the_edge_of_the_calendar_is_explained_not_a_crash(
    tmp_path: Path,
) -> None:
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    with local_zone("Asia/Tokyo"):  # 0001-01-01 local is before the first UTC moment
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            dialog = await choose_dates(pilot)
            await pilot.press(*"0001-01-01", "enter")
            await until_shown(pilot, "too far from today")
            assert app.screen is dialog
            assert "too far from today" in screen_text(app)
            assert app.is_running


def test_last_seven_days_start_at_local_midnight_six_days_ago() -> None:
    assert period_since(7, FIXED_NOW) == datetime(2024, 4, 30, tzinfo=UTC)
    assert period_since(1, FIXED_NOW) == datetime(2024, 5, 6, tzinfo=UTC)


# - details -


NOTE = "I felt [bold]something[/bold] — [link=x]maybe[/link] [/]"


async def test_the_selected_rows_details_and_note_are_shown_literally(tmp_path: Path) -> None:
    save(
        tmp_path,
        [
            practice(timedelta(hours=1), note="first"),
            practice(
                timedelta(hours=2),
                title="[b]Mine[/b]",
                note=NOTE,
                words=["[dim]", "[/]"],
                before=2,
                after=4,
            ),
        ],
    )
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one("#history-detail-text", Static)
        assert "Note: first" in text_of(detail)
        await pilot.press("down")
        assert rows(app)[1][1] == "[b]Mine[/b]"
        assert rows(app)[1][5] == "[dim], [/]"
        shown = text_of(detail)
        assert f"Note: {NOTE}" in shown
        assert "Words: [dim], [/]" in shown
        assert shown.startswith("[b]Mine[/b]  2024-05-06 07:30")
        assert "Before: 2/10   After: 4/10" in shown
        assert "5:00 practised of 5:00 planned · finished" in shown
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeDetail), "the practice's page")
        assert isinstance(app.screen, PracticeDetail)
        assert f"Note: {NOTE}" in text_of(app.screen.query_one("#practice-detail", Static))
        await until_shown(pilot, "f2 Support", footer=True)
        assert "f2 Support" in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "the history again")
        assert isinstance(app.screen, HistoryScreen)


# - deleting -


async def test_delete_asks_first_and_cancel_keeps_the_practice(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await until(
            pilot,
            lambda: isinstance(app.screen, ConfirmDelete) and app.focused is not None,
            "the question, with a button focused",
        )
        assert isinstance(app.screen, ConfirmDelete)
        assert app.focused is not None
        assert app.focused.id == "delete-cancel"
        # A delete can be undone for a while: the dialog says so, not "for good".
        said = text_of(app.screen.query_one("#delete-undo", Static))
        assert said == (
            "You can bring it back with u for 10 seconds, while the history is open. "
            "Everything else stays."
        )
        assert "for good" not in screen_text(app)
        await until_shown(pilot, "f2 Support", footer=True)
        assert "f2 Support" in screen_text(app).splitlines()[-1]
        await pilot.press("enter")  # Cancel is the default
        await settle(pilot)
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "the history again")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDelete), "the question")
        await pilot.press("escape")
        await settle(pilot)
        assert len(rows(app)) == 3
    with Store.open(database(tmp_path)) as store:
        assert store.get(THREE[0].id) is not None
        assert store.count() == 3


async def test_confirmed_delete_removes_the_practice_from_the_database(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")  # the breathing practice
        await pilot.press("d")
        await until(
            pilot,
            lambda: isinstance(app.screen, ConfirmDelete) and app.focused is not None,
            "the question, with a button focused",
        )
        await pilot.press("tab", "enter")  # move to Delete, press it
        await settle(pilot)
        await until(
            pilot,
            lambda: isinstance(app.screen, HistoryScreen) and len(rows(app)) == 2,
            "the history again, with the practice gone",
        )
        assert isinstance(app.screen, HistoryScreen)
        assert [row[1] for row in rows(app)] == ["Body scan", "Body scan"]
        assert status(app) == "Practices 1–2 of 2"
    with Store.open(database(tmp_path)) as store:
        assert store.get(THREE[1].id) is None
        assert store.count() == 2


# - empty, insight, failures -


async def test_with_no_history_the_screen_says_what_will_appear(tmp_path: Path) -> None:
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = app.screen.query_one("#history-message-text", Static)
        assert message.display
        assert text_of(message) == EMPTY_TEXT_ALONE
    assert not database(tmp_path).exists(), "looking must not create a database"


async def test_from_home_the_empty_history_says_escape_goes_back(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        app.action_history()  # what h and the command palette do
        await settle(pilot)
        assert text_of(app.screen.query_one("#history-message-text", Static)) == EMPTY_TEXT
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is home, "home again")
        assert app.screen is home
        assert app.is_running


async def test_escape_leaves_the_app_when_opened_from_the_command_line(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: not app.is_running, "the app to exit")
        assert not app.is_running


async def test_insight_figures_per_exercise(tmp_path: Path) -> None:
    # Body scan: 5:00 + 1:02:05 = 67:05 = 67.08 min; after 6 and 5 -> 5.5; change +3 and 0 -> +1.5.
    # Breathing: 1:35 = 1.58 min; after 4 -> 4.0; no rating before, so no change: "–".
    save(tmp_path, THREE)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen.query_one(InsightPanel)
        table = panel.query_one("#insight-figures", DataTable)
        figures = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert figures == [
            ["Body scan", "2", "67", "5.5", "+1.5"],
            ["Breathing 4-4-4", "1", "1.6", "4.0", "–"],
        ]
        # One column a day: before (none the middle day, so empty) and after.
        assert panel.query_one("#insight-before").values == (5.0, 0.0, 3.0)
        assert panel.query_one("#insight-after").values == (5.0, 4.0, 6.0)
        weeks = panel.query_one("#insight-weeks").values
        assert len(weeks) == 2  # all time: from the week of the first practice (4 May)
        assert weeks[-1] == pytest.approx(5.0)  # this week (from Monday 6 May): 5 minutes
        assert weeks[-2] == pytest.approx(62.08 + 1.58, abs=0.01)
        await until_shown(pilot, "How much you could feel, before and after practice")
        assert "streak" not in screen_text(app).lower()
        note = panel.query_one("#insight-change-note", Static)
        assert note.display
        assert "It goes up and down from one practice to the next" in text_of(note)
        await pilot.press("i")
        await until(
            pilot, lambda: app.focused is app.screen.query_one(HistoryTable), "the table's focus"
        )
        assert app.focused is app.screen.query_one(HistoryTable)


async def test_a_damaged_database_is_one_message_and_is_left_as_it_was(tmp_path: Path) -> None:
    path = database(tmp_path)
    path.parent.mkdir(parents=True)
    garbage = b"this is not a database [red]at all[/red]\n" * 200
    path.write_bytes(garbage)
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = text_of(app.screen.query_one("#history-message-text", Static))
        assert message.startswith("Your history could not be read.")
        assert "not a numbtui database" in message
        assert app.is_running
        await pilot.press("d", "i", "end")
        await settle(pilot)
        assert app.is_running
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in path.parent.iterdir()) == ["history.sqlite3"]


async def test_a_database_from_a_newer_numbtui_is_refused_untouched(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    path = database(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = text_of(app.screen.query_one("#history-message-text", Static))
        assert "newer numbtui" in message
    assert path.read_bytes() == before


async def test_a_row_another_program_broke_is_named_not_left_loading(tmp_path: Path) -> None:
    save(tmp_path, THREE)
    path = database(tmp_path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")  # what only another tool can do
        conn.execute("UPDATE practice SET rating_after = 99 WHERE id = ?", (THREE[1].id,))
    conn.close()
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = text_of(app.screen.query_one("#history-message-text", Static))
        assert f"A practice in the history cannot be read (id {THREE[1].id}" in message
        assert "after must be from 0 to 10, not 99" in message


# - pure helpers -


def test_status_text() -> None:
    assert status_text(0, 100, None) == "Reading your history…"
    assert status_text(0, 100, 100_000) == "Practices 1–100 of 100,000 · End key: oldest"
    assert status_text(99_800, 200, 100_000) == "Practices 99,801–100,000 of 100,000"


def test_feeling_text() -> None:
    assert feeling_text(practice(timedelta(0), before=3, after=6)) == "3 → 6"
    assert feeling_text(practice(timedelta(0), after=0)) == "– → 0"
    assert feeling_text(practice(timedelta(0))) == "–"


def test_words_column_fits_80_columns() -> None:
    assert words_width(80) == 10
    assert words_width(120) == 50


def test_insight_formats() -> None:
    assert format_minutes(67.08) == "67"
    assert format_minutes(1.58) == "1.6"
    assert format_minutes(12_345.0) == "12,345"
    assert format_change(1.5) == "+1.5"
    assert format_change(-0.5) == "−0.5"
    assert format_change(0.01) == "0.0"
    assert format_change(None) == "–"
    stats = ExerciseStats(
        exercise_id="x",
        title="[b]x",
        last_started=FIXED_NOW,
        practices=1200,
        minutes=5,
        average_after=None,
        average_change=None,
    )
    assert [cell.plain for cell in stats_row(stats)] == ["[b]x", "1,200", "5.0", "–", "–"]


def test_bar_lines_keep_a_fixed_scale() -> None:
    # Ratings 0, 5 and 10 on 0..10 over two lines: 0 is a thin bar, 10 is full height.
    assert bar_lines([0, 5, 10], 10, 2, low=0, high=10, baseline=True) == [" ▁█", "▁██"]
    # Without a baseline, an empty week is blank; wide bars with gaps.
    assert bar_lines([0, 8], 10, 1, low=0, high=8, bar_width=2, gap=1) == ["   ██"]
    # More values than columns: neighbours are averaged.
    assert bar_lines([0, 10, 10, 10], 2, 1, low=0, high=10, baseline=True) == ["▅█"]
    assert bar_lines([], 10, 2, low=0, high=10) == ["", ""]


def test_weeks_without_practice_are_described_by_what_will_appear() -> None:
    weeks = [(datetime(2024, 3, 4, tzinfo=UTC).date() + timedelta(weeks=n), 0.0) for n in range(12)]
    caption = weeks_caption(weeks, Scope())
    assert caption == (
        "The 12 weeks from 2024-03-04; a bar will show here for any week you practise."
    )
    assert "No " not in caption


def test_status_text_names_logs_and_both() -> None:
    assert status_text(0, 2, 2, logs=2) == "Logged moments 1–2 of 2"
    assert status_text(0, 100, 300, logs=1) == "Entries 1–100 of 300 · End key: oldest"
    assert status_text(0, 3, 3, logs=0) == "Practices 1–3 of 3"
