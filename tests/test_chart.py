"""The insight charts tell the truth: before and after, what a column is, the real range,
minutes for the chosen period, every exercise listed, and no "yet" for a past period."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable, Select, Static

from numbtui.chart import MAX_WEEKS, WeekRange, rating_caption, rating_chart, week_range
from numbtui.empty import Scope
from numbtui.helps import as_json
from numbtui.record import Record
from numbtui.store import Filters, RatingDay, Store
from numbtui.tui.widgets.insight import BarRow, InsightPanel, bar_lines, weeks_caption
from tests.test_cli import run
from tests.test_history_screen import (
    SIZE,
    database,
    history_app,
    save,
    settle,
    utc,  # noqa: F401 - the autouse fixture: local time is UTC
)
from tests.tui_helpers import FIXED_NOW, until

ALL = Scope()
"""Nothing chosen: every practice."""


def day(n: int, before: list[int], after: list[int]) -> RatingDay:
    return RatingDay(
        date(2025, 6, 4) + timedelta(days=n),
        float(sum(before)),
        len(before),
        float(sum(after)),
        len(after),
    )


def test_alternating_ratings_are_averaged_per_day_and_said_so() -> None:
    days = [day(0, [0, 10], [0, 10]), day(1, [], [10])]
    chart = rating_chart(days, 66)
    assert chart is not None
    assert chart.unit == "day"
    assert [(c.before, c.after) for c in chart.columns] == [(5.0, 5.0), (None, 10.0)]
    assert rating_caption(chart, scope=ALL, practised=True) == (
        "From 2025-06-04 to 2025-06-05, oldest on the left. Each column is one day; "
        "0 and no rating show as empty."
    )


def test_a_long_history_goes_to_weeks_with_its_real_first_date() -> None:
    # 200 days, each with a 0 and a 10: weeks, each a true mean (5.0), first date kept.
    days = [day(n, [], [0, 10]) for n in range(200)]
    chart = rating_chart(days, 66)
    assert chart is not None
    assert chart.unit == "week"
    assert chart.first == date(2025, 6, 4)  # not a later bucket's date
    assert "From 2025-06-04 to" in rating_caption(chart, scope=ALL, practised=True)
    assert "Each column is the mean of a week;" in rating_caption(chart, scope=ALL, practised=True)
    assert {c.after for c in chart.columns} == {5.0}
    assert len(chart.columns) <= 66


def test_days_without_ratings_are_gaps_on_a_true_time_axis() -> None:
    chart = rating_chart([day(0, [7], []), day(3, [2], [])], 66)
    assert chart is not None
    assert [c.before for c in chart.columns] == [7.0, None, None, 2.0]


def test_no_ratings_in_a_chosen_period_does_not_say_yet() -> None:
    assert rating_caption(None, scope=Scope(period=True), practised=True) == (
        "No ratings before or after practice in this period."
    )
    assert "yet" in rating_caption(None, scope=ALL, practised=False)


def test_zero_is_drawn_empty_on_a_fixed_scale() -> None:
    assert bar_lines([0.0, 10.0], 2, 2, low=0, high=10) == [" █", " █"]


def test_the_minutes_weeks_follow_the_period() -> None:
    today = date(2024, 5, 6)  # a Monday
    assert week_range(today, date(2024, 4, 30), None, date(2024, 5, 1)) == WeekRange(
        today, 2, cut=False
    )
    # A period in the past ends with its own last week.
    past = week_range(today, date(2024, 1, 1), date(2024, 1, 31), date(2024, 1, 10))
    assert past == WeekRange(date(2024, 1, 29), 5, cut=False)


def test_all_time_starts_at_the_first_practice_not_twelve_weeks_ago() -> None:
    today = date(2024, 5, 6)  # a Monday
    # First practice on Wednesday 2024-01-17: the weeks from Monday 2024-01-15, 17 of them.
    assert week_range(today, None, None, date(2024, 1, 17)) == WeekRange(today, 17, cut=False)
    # Practice only this week: this week alone; no practice at all: this week too.
    assert week_range(today, None, None, today) == WeekRange(today, 1, cut=False)
    assert week_range(today, None, None, None) == WeekRange(today, 1, cut=False)


def test_a_period_with_only_an_end_starts_at_the_first_practice() -> None:
    today = date(2024, 5, 6)
    # Up to 2024-01-31 (week of Monday 01-29), first practice 2023-12-20 (week of 12-18).
    assert week_range(today, None, date(2024, 1, 31), date(2023, 12, 20)) == WeekRange(
        date(2024, 1, 29), 7, cut=False
    )


def test_more_than_a_year_shows_its_last_year_and_says_it_was_cut() -> None:
    today = date(2024, 5, 6)
    assert week_range(today, None, None, date(2021, 3, 1)) == WeekRange(today, MAX_WEEKS, True)
    # A chosen period of 53 weeks is cut only if practice fell in the week left out.
    shown_from = today - timedelta(weeks=MAX_WEEKS - 1)
    since = shown_from - timedelta(days=3)
    assert week_range(today, since, None, since).cut
    assert not week_range(today, since, None, shown_from).cut
    assert week_range(today, since, None, shown_from).weeks == MAX_WEEKS


def test_the_weeks_caption_says_when_earlier_weeks_are_left_out() -> None:
    weeks = [(date(2023, 5, 15) + timedelta(weeks=n), 10.0) for n in range(MAX_WEEKS)]
    caption = weeks_caption(weeks, Scope(), cut=True)
    assert caption.startswith("52 weeks from 2023-05-15 (Mondays)")
    assert caption.endswith(
        "The chart shows the last 52 weeks at most; earlier practice is counted in the "
        "figures above."
    )
    assert "at most" not in weeks_caption(weeks, Scope())
    # A chosen period whose practice is all before the weeks shown: those weeks are empty,
    # the period is not.
    quiet = [(day, 0.0) for day, _ in weeks]
    said = weeks_caption(quiet, Scope(period=True), cut=True)
    assert "in this period" not in said
    assert said.startswith("The 52 weeks from 2023-05-15")
    assert "no practice in these weeks." in said
    one_week = weeks_caption([(date(2024, 5, 6), 4.0)], Scope())
    assert one_week == "The week from 2024-05-06 (Monday): 4.0 min."
    assert weeks_caption([(date(2024, 5, 6), 0.0)], Scope()) == (
        "The week from 2024-05-06; a bar will show here for any week you practise."
    )


def rated(started: datetime, exercise_id: str = "body-scan", after: int | None = 5) -> Record:
    return Record.new(
        started=started,
        ended=started + timedelta(minutes=5),
        exercise_id=exercise_id,
        title=exercise_id.replace("-", " ").capitalize(),
        content_hash="ab",
        planned_seconds=300,
        practised_seconds=300,
        finished=True,
        before=3,
        after=after,
    )


async def test_the_insight_shows_before_and_after_and_every_exercise(tmp_path: Path) -> None:
    ids = [f"exercise-{n:02d}" for n in range(13)]
    save(tmp_path, [rated(FIXED_NOW - timedelta(days=n + 1), i) for n, i in enumerate(ids)])
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen.query_one(InsightPanel)
        await until(pilot, lambda: panel.insight is not None, "the insight")
        table = panel.query_one("#insight-figures", DataTable)
        assert table.row_count == 13
        await until(pilot, lambda: table.size.height >= 14, "every row shown")
        assert panel.query_one("#insight-before", BarRow).values[-1] == 3.0
        assert panel.query_one("#insight-after", BarRow).values[-1] == 5.0


async def test_minutes_per_week_follow_the_period_filter(tmp_path: Path) -> None:
    # All time starts at the first practice, 20 weeks before this Monday: 21 weeks, not 12.
    save(tmp_path, [rated(FIXED_NOW - timedelta(weeks=20)), rated(FIXED_NOW - timedelta(days=1))])
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen.query_one(InsightPanel)
        await until(pilot, lambda: panel.insight is not None, "the insight")
        assert len(panel.query_one("#insight-weeks", BarRow).values) == 21
        caption = str(panel.query_one("#insight-weeks-caption", Static).render())
        assert caption.startswith("21 weeks from 2023-12-18 (Mondays)")
        assert "at most" not in caption
        app.screen.query_one("#history-period", Select).value = "7"
        await until(
            pilot,
            lambda: panel.insight is not None and len(panel.insight.weeks) == 2,
            "the weeks of the last 7 days",
        )


async def test_all_time_over_a_year_shows_the_last_year_and_says_so(tmp_path: Path) -> None:
    save(tmp_path, [rated(FIXED_NOW - timedelta(days=800)), rated(FIXED_NOW - timedelta(days=1))])
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen.query_one(InsightPanel)
        await until(pilot, lambda: panel.insight is not None, "the insight")
        assert len(panel.query_one("#insight-weeks", BarRow).values) == MAX_WEEKS
        caption = str(panel.query_one("#insight-weeks-caption", Static).render())
        assert caption.startswith("52 weeks from 2023-05-15 (Mondays)")
        assert "The chart shows the last 52 weeks at most" in caption
        # The figures above still count the practice left out of the chart.
        assert panel.insight is not None
        assert [stats.practices for stats in panel.insight.stats] == [2]


async def test_all_time_in_the_app_and_in_numbtui_insight_agree(tmp_path: Path) -> None:
    # Practices from 30 weeks back (the audit's case: more than the old 12 weeks) and logs.
    practices = [
        rated(FIXED_NOW - timedelta(weeks=30 - n), ("body-scan", "box-breathing")[n % 2], 4 + n % 3)
        for n in range(30)
    ]
    logs = [Record.new_log(at=FIXED_NOW - timedelta(weeks=n, hours=2), value=3) for n in (1, 20)]
    save(tmp_path, [*practices, *logs])
    app = history_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen.query_one(InsightPanel)
        await until(pilot, lambda: panel.insight is not None, "the insight")
        insight = panel.insight
        assert insight is not None
    code, out, _ = run("insight", "--format", "json")
    assert code == 0
    assert json.loads(out) == [as_json(helps) for helps in insight.helps]
    assert insight.logs == 2
    assert len(insight.weeks) == 31  # from the week of the first practice


async def test_a_period_with_only_an_end_date_starts_at_the_first_practice(
    tmp_path: Path,
) -> None:
    first = FIXED_NOW - timedelta(weeks=30)
    save(tmp_path, [rated(first), rated(FIXED_NOW - timedelta(weeks=2))])
    # Up to the Sunday 10 weeks ago: the weeks from the first practice to there.
    only_end = Filters(until=FIXED_NOW - timedelta(weeks=10, days=1))
    app = history_app(tmp_path, only_end)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen.query_one(InsightPanel)
        await until(pilot, lambda: panel.insight is not None, "the insight")
        assert panel.insight is not None
        assert panel.insight.weeks[0] == (first.date(), 5.0)
        assert len(panel.insight.weeks) == 20


async def test_an_empty_chosen_period_does_not_say_yet(tmp_path: Path) -> None:
    save(tmp_path, [rated(FIXED_NOW - timedelta(days=1))])
    empty = Filters(since=datetime(2020, 1, 1, tzinfo=UTC), until=datetime(2020, 2, 1, tzinfo=UTC))
    app = history_app(tmp_path, empty)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        panel = app.screen.query_one(InsightPanel)
        await until(pilot, lambda: panel.insight is not None, "the insight")
        caption = panel.query_one("#insight-ratings-caption")
        assert "yet" not in str(caption.render())
    with Store.open(database(tmp_path)) as store:
        assert store.count() == 1
