"""Every empty view of the history says why it is empty, truly: "yet" and "after your first
practice" only when nothing is recorded, the choice named when a period or exercise holds
nothing, and "Logs only" said to have no before and after (issue 10 §4)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from textual.widgets import Static

from numbtui import paths
from numbtui.empty import Scope, no_changes, no_figures, no_minutes, no_ratings, no_rows
from numbtui.options import LaunchOptions
from numbtui.plain.flow import Console, show_history
from numbtui.record import LOG, Record
from numbtui.store import Filters
from numbtui.tui.widgets.insight import InsightPanel
from tests.test_cli import run
from tests.test_history_screen import (
    history_app,
    practice,
    save,
    settle,
    status,
    text_of,
    utc,  # noqa: F401 - the autouse fixture: local time is UTC
)
from tests.tui_helpers import FIXED_NOW, until

SIZE = (80, 40)
PAST = Filters(
    since=datetime(2020, 1, 1, tzinfo=UTC), until=datetime(2020, 1, 31, 23, 59, 59, tzinfo=UTC)
)
"""An empty period in the past (the practices are in 2024)."""
FUTURE_WORDS = ("yet", "first practice", "any week you practise", "more rated")
"""Words that promise something to come: true only when nothing is recorded."""

NOTHING = Scope()
PERIOD = Scope(period=True)
EXERCISE = Scope(exercise=True)
BOTH = Scope(period=True, exercise=True)
LOGS = Scope(logs_only=True)
LOGS_IN_PERIOD = Scope(period=True, logs_only=True)
WEEK = date(2019, 12, 30)


def promises(text: str) -> list[str]:
    return [words for words in FUTURE_WORDS if words in text]


# -- the sentences, case by case ---------------------------------------------------------------


def test_a_chosen_period_or_exercise_is_named_and_never_promised_more() -> None:
    assert no_rows(PERIOD) == "Nothing here in this period. Other choices above show more."
    assert no_rows(BOTH) == (
        "Nothing here for this exercise in this period. Other choices above show more."
    )
    assert no_figures(PERIOD) == "Nothing in this period."
    assert no_figures(EXERCISE) == "Nothing for this exercise."
    assert no_changes(PERIOD) == "No practices in this period."
    assert no_changes(BOTH) == "No practices for this exercise in this period."
    assert no_ratings(PERIOD, practised=True) == (
        "No ratings before or after practice in this period."
    )
    assert no_ratings(EXERCISE, practised=False) == (
        "No ratings before or after practice for this exercise."
    )
    assert no_minutes(PERIOD, 5, WEEK) == "The 5 weeks from 2019-12-30: no practice in this period."
    # A long period whose practice is all before the weeks shown is not an empty period.
    cut = no_minutes(PERIOD, 52, WEEK, cut=True)
    assert cut == "The 52 weeks from 2019-12-30: no practice in these weeks."
    for scope in (PERIOD, EXERCISE, BOTH):
        for text in (
            no_rows(scope),
            no_figures(scope),
            no_changes(scope),
            no_ratings(scope, practised=False),
            no_ratings(scope, practised=True),
        ):
            assert promises(text) == [], text
    for scope in (PERIOD, BOTH):
        assert promises(no_minutes(scope, 5, WEEK)) == []


def test_logs_only_says_logs_have_no_before_and_after() -> None:
    for scope in (LOGS, LOGS_IN_PERIOD):
        for text in (no_changes(scope), no_ratings(scope, practised=True)):
            assert "Logs have no before and after" in text, text
            assert "“Logs only” is chosen above" in text
            assert promises(text) == [], text
        minutes = no_minutes(scope, 12, WEEK)
        assert "logs have no minutes" in minutes
        assert promises(minutes) == []
    assert no_rows(LOGS_IN_PERIOD) == (
        "No moment logged in this period. Other choices above show more."
    )


def test_only_an_empty_history_is_told_what_will_come() -> None:
    assert no_figures(NOTHING) == "Nothing to show yet."
    assert no_changes(NOTHING) == "Nothing to show yet: this fills in after your first practice."
    assert no_ratings(NOTHING, practised=False) == (
        "No ratings yet: they will show here after your first practice."
    )
    # Practised but never rated: the first practice is behind, the first rating is not.
    unrated = no_ratings(NOTHING, practised=True)
    assert unrated == "No ratings yet: they show here once a practice is rated before or after."
    assert "first practice" not in unrated
    assert no_minutes(NOTHING, 12, WEEK) == (
        "The 12 weeks from 2019-12-30; a bar will show here for any week you practise."
    )
    assert no_minutes(EXERCISE, 12, WEEK).endswith("any week you practise this exercise.")


# -- the Insight tab ---------------------------------------------------------------------------


def rated(days_ago: int, exercise_id: str = "body-scan") -> Record:
    return practice(timedelta(days=days_ago), exercise_id=exercise_id, before=days_ago % 4, after=6)


def shown(app: object, selector: str) -> str:
    panel = app.screen.query_one(InsightPanel)  # type: ignore[attr-defined]
    return text_of(panel.query_one(selector, Static))


async def open_insight(pilot: object, app: object) -> InsightPanel:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("i")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    panel = app.screen.query_one(InsightPanel)  # type: ignore[attr-defined]
    await until(pilot, lambda: panel.insight is not None, "the insight")  # type: ignore[arg-type]
    return panel


async def test_an_empty_past_period_says_so_without_yet(tmp_path: Path) -> None:
    save(tmp_path, [rated(n) for n in range(1, 8)])
    app = history_app(tmp_path, PAST)
    async with app.run_test(size=SIZE) as pilot:
        await open_insight(pilot, app)
        figures = shown(app, "#insight-none")
        helps = shown(app, "#helps-lines")
        ratings = shown(app, "#insight-ratings-caption")
        minutes = shown(app, "#insight-weeks-caption")
    assert figures == "Nothing in this period."
    assert helps == "No practices in this period."
    assert ratings == "No ratings before or after practice in this period."
    assert minutes == "The 5 weeks from 2019-12-30: no practice in this period."
    for text in (figures, helps, ratings, minutes):
        assert promises(text) == [], text


async def test_logs_only_with_200_rated_practices_says_logs_have_no_before_and_after(
    tmp_path: Path,
) -> None:
    records = [rated(n % 60 + 1) for n in range(200)]
    records.append(Record.new_log(at=FIXED_NOW - timedelta(hours=2), value=3))
    save(tmp_path, records)
    app = history_app(tmp_path, Filters(kind=LOG))
    async with app.run_test(size=SIZE) as pilot:
        await open_insight(pilot, app)
        figures = shown(app, "#insight-none")
        helps = shown(app, "#helps-lines")
        ratings = shown(app, "#insight-ratings-caption")
        minutes = shown(app, "#insight-weeks-caption")
    assert "“Logs only” is chosen above" in figures
    assert helps == no_changes(LOGS)
    assert ratings == no_ratings(LOGS, practised=False)
    assert minutes == no_minutes(LOGS, 1, date(2024, 5, 6))
    for text in (figures, helps, ratings, minutes):
        assert promises(text) == [], text


async def test_practices_never_rated_are_not_told_about_a_first_practice(tmp_path: Path) -> None:
    save(tmp_path, [practice(timedelta(days=n)) for n in range(1, 4)])
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_insight(pilot, app)
        ratings = shown(app, "#insight-ratings-caption")
    assert ratings == no_ratings(NOTHING, practised=True)


async def test_a_withheld_exercise_in_a_chosen_period_says_what_the_period_has(
    tmp_path: Path,
) -> None:
    save(tmp_path, [rated(n) for n in (1, 2, 40)])
    since = datetime.combine(FIXED_NOW.date() - timedelta(days=6), datetime.min.time(), UTC)
    app = history_app(tmp_path, Filters(since=since))
    async with app.run_test(size=SIZE) as pilot:
        await open_insight(pilot, app)
        helps = shown(app, "#helps-lines")
    assert helps == "Body scan  figures need 5 practices rated both times; this period has 2"


async def test_the_history_table_names_what_was_chosen(tmp_path: Path) -> None:
    save(tmp_path, [rated(3)])
    app = history_app(tmp_path, PAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(app) == "Nothing here in this period. Other choices above show more."
    app = history_app(tmp_path, Filters(kind=LOG))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(app) == "No moment logged. Other choices above show more."


# -- numbtui insight and the plain history -----------------------------------------------------


def test_numbtui_insight_for_a_past_period(tmp_path: Path) -> None:
    assert run("insight") == (0, "", "No practice recorded yet.\n")  # nothing at all
    save(tmp_path, [rated(n) for n in (1, 2)])
    code, out, err = run("insight", "--since", "2020-01-01", "--until", "2020-01-31")
    assert (code, out, err) == (0, "", "No practice matches.\n")
    code, out, _ = run("insight", "--since", "2024-05-01")
    assert code == 0
    withheld = out.splitlines()[1]
    assert withheld.endswith("figures need 5 practices rated both times; this period has 2")
    code, out, _ = run("insight")
    assert out.splitlines()[1].endswith(
        "3 more rated practices and this shows what tends to change"
    )


def plain_history(filters: Filters) -> str:
    out = io.StringIO()
    console = Console(io.StringIO(), out, io.StringIO())
    assert show_history(LaunchOptions(history=filters), console) == 0
    return out.getvalue()


def test_the_plain_history_says_what_is_empty(tmp_path: Path) -> None:
    assert plain_history(Filters()) == "No practice recorded yet.\n"
    assert not paths.database_file().exists()
    save(tmp_path, [rated(1)])
    assert plain_history(PAST) == "No practice matches.\n"
    assert plain_history(Filters(kind=LOG)) == "Nothing logged matches.\n"
