"""The mood log in the app: its screen (for ``numbtui log`` without a number), and logs in the
history table."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Button, Input

from numbtui.moodlog import LogDraft
from numbtui.options import LaunchOptions
from numbtui.record import LOG, Record
from numbtui.store import Filters, Store
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.moodlog import NOTHING_LOGGED
from numbtui.tui.screens.home import HomeScreen
from numbtui.tui.screens.log import LogScreen
from numbtui.tui.widgets.history_table import HistoryTable, detail_content, row_cells
from numbtui.tui.widgets.words import WordChips
from tests.tui_helpers import (
    FIXED_NOW,
    clickable,
    make_app,
    palette_typing,
    read_and_counted,
    until,
    until_shown,
    until_workers_done,
    up,
)
from tests.tui_helpers import stored_records as records

SIZE = (80, 24)


def _log(**fields: object) -> Record:
    return Record.new_log(at=FIXED_NOW - timedelta(hours=1), **fields)  # type: ignore[arg-type]


def test_a_log_reads_as_a_logged_moment_in_the_table_and_in_detail() -> None:
    log = _log(value=3, words=["tired", "nothing / blank"], note="blank day")
    cells = [cell.plain for cell in row_cells(log)]
    assert cells == [
        log.started_local,
        "Logged moment",
        "",
        "logged",
        "3",
        "tired, nothing / blank",
    ]
    detail = detail_content(log).plain
    assert "How much you could feel: 3/10" in detail
    assert "Note: blank day" in detail
    assert "practised" not in detail
    assert [c.plain for c in row_cells(_log(value=None, note="x"))][4] == "–"


async def test_numbtui_log_without_a_number_asks_with_what_was_given(tmp_path: Path) -> None:
    draft = LogDraft(words=("tired",), note="after the meeting")
    app = make_app(tmp_path, options=LaunchOptions(log=draft))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        screen = app.screen
        assert screen.query_one(WordChips).chosen == ("tired",)
        assert screen.query_one("#rating-note", Input).value == "after the meeting"
        await pilot.press("3", "enter")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    assert app.return_value == "Logged · 3 · tired"
    assert app.return_code in (0, None)
    [record] = records(app)
    assert (record.kind, record.after, record.words, record.note) == (
        LOG,
        3,
        ("tired",),
        "after the meeting",
    )


async def test_escape_on_an_empty_log_leaves_and_nothing_is_logged(tmp_path: Path) -> None:
    app = make_app(tmp_path, options=LaunchOptions(log=LogDraft()))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await pilot.press("escape")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    assert app.return_value == NOTHING_LOGGED
    assert records(app) == []


async def test_escape_with_a_number_asks_once_and_discard_logs_nothing(tmp_path: Path) -> None:
    from numbtui.tui.screens.rating import KeepAnswer

    app = make_app(tmp_path, options=LaunchOptions(log=LogDraft()))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await pilot.press("7")
        await until(pilot, lambda: app.screen.scale.value == 7, "the 7 to count")
        await pilot.press("escape")
        await up(pilot, KeepAnswer)
        await pilot.click("#keep-discard")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    assert app.return_value == NOTHING_LOGGED
    assert records(app) == []


async def test_the_history_screen_shows_logs_among_practices(tmp_path: Path) -> None:
    from tests.record_helpers import make_record

    database = tmp_path / "data" / "history.sqlite3"
    with Store.open(database) as store:
        store.save(make_record(started=FIXED_NOW - timedelta(days=1)))
        store.save(_log(value=2, words=["far away"]))
    app = make_app(tmp_path, options=LaunchOptions(history=Filters()))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: read_and_counted(app), "the history to be read")
        await until_workers_done(pilot)
        table = app.screen.query_one(HistoryTable)
        shown = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
    assert [row[1:] for row in shown] == [
        ["Logged moment", "", "logged", "2", "far away"],
        ["Body scan", "10:04", "finished", "2 → 5", "warm, tingling"],
    ]


# -- the app's entry: home and the command palette --------------------------------------------


async def _log_and_come_home(pilot: Pilot[object], app: NumbtuiApp) -> None:
    await up(pilot, LogScreen)
    await pilot.press("5")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
    await until(pilot, lambda: len(records(app)) == 1, "the log to be saved")


async def _home_keys_work(pilot: Pilot[object], app: NumbtuiApp) -> None:
    """Back home after a log, F3, F4 and Enter do what they do before it."""
    from numbtui.tui.screens.checkin import CheckinScreen
    from numbtui.tui.screens.history import HistoryScreen
    from numbtui.tui.screens.settings import SettingsScreen

    home = app.screen
    await until_shown(pilot, "f3 History", "f4 Settings", footer=True)
    await pilot.press("f3")
    await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "F3: the history")
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is home, "home after the history")
    await pilot.press("f4")
    await up(pilot, SettingsScreen)
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is home, "home after the settings")
    chosen = home.highlighted
    assert chosen is not None
    await pilot.press("enter")
    await up(pilot, CheckinScreen)  # the highlighted exercise starts; no second log
    assert not any(isinstance(screen, LogScreen) for screen in app.screen_stack)
    assert len(records(app)) == 1


async def test_log_how_i_feel_at_the_top_of_home_saves_a_log_and_returns_home(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        button = app.screen.query_one("#home-log", Button)
        assert str(button.label) == "Log how I feel"
        await clickable(pilot, button)
        await pilot.click("#home-log")
        await _log_and_come_home(pilot, app)
        await until(
            pilot,
            lambda: any(n.message == "Logged · 5" for n in app._notifications),
            "the notice that it was logged",
        )
        await _home_keys_work(pilot, app)
    [record] = records(app)
    assert (record.kind, record.after, record.exercise_id) == (LOG, 5, "")


async def test_the_entry_is_reached_from_the_filter_with_shift_tab(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await until(pilot, lambda: app.screen.query_one("#filter").has_focus, "the filter")
        await pilot.press("shift+tab")
        await until(pilot, lambda: app.screen.query_one("#home-log").has_focus, "the entry")
        await pilot.press("enter")
        await _log_and_come_home(pilot, app)
        await _home_keys_work(pilot, app)


async def test_the_command_palette_offers_log_how_i_feel(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: palette_typing(app), "the palette, ready for typing")
        await pilot.press(*"Log how I feel")

        def first() -> str:
            options = app.screen.query_one(CommandList).options
            return str(options[0].prompt) if options else ""

        await until(pilot, lambda: first().startswith("Log how I feel"), "the palette's match")
        await pilot.press("enter")
        await _log_and_come_home(pilot, app)


async def test_ctrl_c_on_the_log_keeps_what_was_given(tmp_path: Path) -> None:
    app = make_app(tmp_path, options=LaunchOptions(log=LogDraft(words=("calm",))))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await pilot.press("2")
        await until(pilot, lambda: app.screen.scale.value == 2, "the 2 to count")
        await pilot.press("ctrl+c")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    assert app.return_value == "Logged · 2 · calm"
    [record] = records(app)
    assert (record.kind, record.after, record.words) == (LOG, 2, ("calm",))


async def test_ctrl_c_on_an_empty_log_keeps_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path, options=LaunchOptions(log=LogDraft()))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await pilot.press("ctrl+c")
        await until(pilot, lambda: not app.is_running, "the app to finish")
    assert records(app) == []


async def test_the_history_filter_shows_practices_or_logs_alone(tmp_path: Path) -> None:
    from textual.widgets import Select

    from tests.record_helpers import make_record

    database = tmp_path / "data" / "history.sqlite3"
    with Store.open(database) as store:
        store.save(make_record(started=FIXED_NOW - timedelta(days=1)))
        store.save(_log(value=2, words=["far away"]))
    app = make_app(tmp_path, options=LaunchOptions(history=Filters(kind=LOG)))

    def titles() -> list[str]:
        table = app.screen.query_one(HistoryTable)
        return [table.get_row_at(i)[1].plain for i in range(table.row_count)]

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: read_and_counted(app), "the history to be read")
        await until_workers_done(pilot)
        select: Select[str] = app.screen.query_one("#history-exercise", Select)
        assert select.value == "kind:log"  # `numbtui history --kind logs`
        assert titles() == ["Logged moment"]
        select.value = "kind:practice"
        await until(pilot, lambda: titles() == ["Body scan"], "practices only")
        select.value = ""
        await until(pilot, lambda: titles() == ["Logged moment", "Body scan"], "both")


async def test_insight_counts_logs_apart(tmp_path: Path) -> None:
    from textual.widgets import DataTable, Static

    from tests.record_helpers import make_record

    database = tmp_path / "data" / "history.sqlite3"
    with Store.open(database) as store:
        store.save(make_record(started=FIXED_NOW - timedelta(days=1), before=2, after=5))
        store.save(_log(value=0))
        store.save(_log(value=1, words=["tired"]))
    app = make_app(tmp_path, options=LaunchOptions(history=Filters()))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: read_and_counted(app), "the history to be read")
        await pilot.press("i")

        def logs_line() -> str:
            return str(app.screen.query_one("#insight-logs", Static).visual)

        await until(pilot, lambda: logs_line() == "2 moments logged", "the count of logs")
        figures = app.screen.query_one("#insight-figures", DataTable)
        rows = [[cell.plain for cell in figures.get_row_at(i)] for i in range(figures.row_count)]
        assert [row[0] for row in rows] == ["Body scan"]
        assert rows[0][1] == "1"  # one practice: the logs are not counted in it


async def test_the_status_line_names_what_the_table_shows(tmp_path: Path) -> None:
    from textual.widgets import Select, Static

    from tests.record_helpers import make_record

    database = tmp_path / "data" / "history.sqlite3"
    with Store.open(database) as store:
        store.save(make_record(started=FIXED_NOW - timedelta(days=1)))
        store.save(_log(value=2))
        store.save(_log(value=4))
    app = make_app(tmp_path, options=LaunchOptions(history=Filters()))

    def status() -> str:
        return str(app.screen.query_one("#history-status", Static).visual)

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: read_and_counted(app), "the history to be read")
        await until(pilot, lambda: status() == "Entries 1–3 of 3", "both, as entries")
        select: Select[str] = app.screen.query_one("#history-exercise", Select)
        select.value = "kind:log"
        await until(pilot, lambda: status() == "Logged moments 1–2 of 2", "logs only")
        select.value = "kind:practice"
        await until(pilot, lambda: status() == "Practices 1–1 of 1", "practices only")
        select.value = "body-scan"
        await until(pilot, lambda: status() == "Practices 1–1 of 1", "one exercise")


async def test_deleting_a_log_asks_about_a_logged_moment(tmp_path: Path) -> None:
    from textual.widgets import Static

    from numbtui.tui.screens.history_dialogs import ConfirmDelete

    with Store.open(tmp_path / "data" / "history.sqlite3") as store:
        store.save(_log(value=2))
    app = make_app(tmp_path, options=LaunchOptions(history=Filters()))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: read_and_counted(app), "the history to be read")
        await until_workers_done(pilot)
        await pilot.press("d")
        await up(pilot, ConfirmDelete)
        title = app.screen.query_one(".history-dialog-title", Static)
        assert str(title.visual) == "Delete this logged moment?"


async def _insight_texts(tmp_path: Path, saved: list[Record], filters: Filters) -> tuple[str, str]:
    """The Insight tab's count of logs and its line for no figures ("" where hidden)."""
    from textual.widgets import Static

    from numbtui.tui.widgets.insight import InsightPanel

    with Store.open(tmp_path / "data" / "history.sqlite3") as store:
        store.import_records(saved)
    app = make_app(tmp_path, options=LaunchOptions(history=filters))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: read_and_counted(app), "the history to be read")
        await pilot.press("i")
        panel = app.screen.query_one(InsightPanel)
        await until(pilot, lambda: panel.insight is not None, "the insight")
        await until_workers_done(pilot)

        def shown(selector: str) -> str:
            static = panel.query_one(selector, Static)
            return str(static.visual) if static.display else ""

        return shown("#insight-logs"), shown("#insight-none")


async def test_insight_with_only_logs_says_no_practices_under_the_count(tmp_path: Path) -> None:
    assert await _insight_texts(tmp_path, [_log(value=3)], Filters()) == (
        "1 moment logged",
        "No practices yet.",
    )


async def test_insight_with_logs_only_chosen_says_why_there_are_no_figures(
    tmp_path: Path,
) -> None:
    from tests.record_helpers import make_record

    saved = [make_record(started=FIXED_NOW - timedelta(days=1)), _log(value=3), _log(value=1)]
    assert await _insight_texts(tmp_path, saved, Filters(kind=LOG)) == (
        "2 moments logged",
        "Figures per exercise count practices; “Logs only” is chosen above.",
    )


async def test_insight_with_only_practices_has_no_log_line(tmp_path: Path) -> None:
    from tests.record_helpers import make_record

    saved = [make_record(started=FIXED_NOW - timedelta(days=1))]
    assert await _insight_texts(tmp_path, saved, Filters()) == ("", "")


async def test_insight_with_neither_in_the_period_says_nothing_in_it(tmp_path: Path) -> None:
    from tests.record_helpers import make_record

    month_ago = FIXED_NOW - timedelta(days=30)
    saved = [make_record(started=month_ago), Record.new_log(at=month_ago, value=3)]
    since = Filters(since=FIXED_NOW - timedelta(days=1))
    assert await _insight_texts(tmp_path, saved, since) == ("", "Nothing in this period.")


async def test_leaving_a_log_asks_about_the_moment_not_a_rating(tmp_path: Path) -> None:
    from textual.widgets import Static

    from numbtui.tui.screens.rating import KeepAnswer
    from tests.tui_helpers import footer_text, until_shown

    app = make_app(tmp_path, options=LaunchOptions(log=LogDraft(note="after the meeting")))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await pilot.press("7")
        await until(pilot, lambda: app.screen.scale.value == 7, "the 7 to count")
        await pilot.press("escape")
        await up(pilot, KeepAnswer)
        question = app.screen.query_one("#keep-question", Static)
        assert str(question.visual) == "Save this moment, with 7 and your note?"
        kept = app.screen.query_one("#keep-what", Static)
        assert str(kept.visual) == "Nothing is kept unless you choose Save."  # no practice here
        await until_shown(pilot, "esc Back to the log", footer=True)
        assert "rating" not in footer_text(app)
        await pilot.press("escape")  # back to the log, with everything still there
        await up(pilot, LogScreen)
        assert app.screen.scale.value == 7


def test_the_keep_questions_of_a_log_and_a_rating() -> None:
    from numbtui.moodlog import keep_moment_question
    from numbtui.rating import Rating, keep_question

    both = Rating(5, ("warm", "calm"), "a note")
    assert keep_question(both) == "Save 5, your words and your note?"
    assert keep_moment_question(both) == "Save this moment, with 5, your words and your note?"
    assert keep_moment_question(Rating(None, ("tired",), "")) == "Save this moment, with your word?"
    assert keep_question(Rating(None, (), "x")) == "Save your note?"
