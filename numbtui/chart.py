"""The insight charts as numbers: ratings before and after over time, and minutes per week.

Pure (no textual): the history screen reads :class:`numbtui.store_insight.RatingDay` rows and the
week totals in a worker, and these functions decide what each column means, so that a chart
never averages without saying so. A column is one day when the days of the period fit the
width, otherwise one week, otherwise four weeks; its value is the mean of every rating in it
(an exact mean of the ratings, not a mean of daily means). A column with no rating is empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from numbtui.empty import Scope, no_ratings
from numbtui.store_insight import RatingDay

UNITS: tuple[tuple[int, str], ...] = ((1, "day"), (7, "week"), (28, "4 weeks"))
"""The lengths a rating column can cover, in days, with their names."""
MAX_WEEKS = 52
"""The most weeks the minutes chart shows (an all-time history shows its last year)."""


@dataclass(frozen=True)
class RatingColumn:
    """The ratings of one stretch of days (a day, a week or four weeks)."""

    first: date
    before: float | None
    """Mean rating before, or None if no practice in it had one."""
    after: float | None
    """Mean rating after, or None if no practice in it had one."""


@dataclass(frozen=True)
class RatingChart:
    """The columns of the rating chart and what one column covers."""

    columns: tuple[RatingColumn, ...]
    days_per_column: int
    unit: str
    first: date
    """The first day with a rating (the real start of the range)."""
    last: date


def rating_chart(days: list[RatingDay], slots: int) -> RatingChart | None:
    """Columns for ``days`` (oldest first) in at most ``slots`` columns; None if no ratings."""
    if not days:
        return None
    first, last = days[0].day, days[-1].day
    span = (last - first).days + 1
    length, unit = UNITS[-1]
    for length, unit in UNITS:  # noqa: B007 - the loop leaves the first unit that fits
        if -(-span // length) <= max(1, slots):
            break
    # Weeks start on Monday, as in the minutes chart; a day column starts on its day.
    start = first if length == 1 else first - timedelta(days=first.weekday())
    sums: dict[int, list[float]] = {}
    for day in days:
        index = (day.day - start).days // length
        totals = sums.setdefault(index, [0.0, 0.0, 0.0, 0.0])
        totals[0] += day.before_sum
        totals[1] += day.before_count
        totals[2] += day.after_sum
        totals[3] += day.after_count
    count = (last - start).days // length + 1
    columns = []
    for index in range(count):
        b_sum, b_count, a_sum, a_count = sums.get(index, [0.0, 0.0, 0.0, 0.0])
        columns.append(
            RatingColumn(
                first=start + timedelta(days=index * length),
                before=b_sum / b_count if b_count else None,
                after=a_sum / a_count if a_count else None,
            )
        )
    return RatingChart(tuple(columns), length, unit, first, last)


def rating_caption(chart: RatingChart | None, *, scope: Scope, practised: bool) -> str:
    """What the rating chart shows, in words: the range, and what one column is; without a
    chart, why it is empty (see numbtui.empty; ``practised``: some practice is in view)."""
    if chart is None:
        return no_ratings(scope, practised=practised)
    if chart.first == chart.last:
        span = f"On {chart.first.isoformat()}"
    else:
        span = f"From {chart.first.isoformat()} to {chart.last.isoformat()}, oldest on the left"
    each = (
        "one day"
        if chart.unit == "day"
        else f"the mean of {chart.unit}".replace("of week", "of a week")
    )
    return f"{span}. Each column is {each}; 0 and no rating show as empty."


@dataclass(frozen=True)
class WeekRange:
    """The weeks of the minutes chart: how many, the last one, and whether any were left out."""

    last_monday: date
    weeks: int
    cut: bool
    """The period holds practice before the first week shown (it is longer than
    :data:`MAX_WEEKS`), so the caption says the chart shows only its last weeks."""


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_range(
    today: date, since: date | None, until: date | None, first: date | None
) -> WeekRange:
    """The weeks of the minutes chart for a period and its first practice.

    The weeks end with the week holding ``until`` (or ``today``, if earlier) and start with
    the week holding ``since``; with no start (all time, or only an end date), with the week of
    ``first``, the first practice in the period (this week alone if there is none). At most
    the last :data:`MAX_WEEKS`: a longer period shows its last year, and ``cut`` tells whether
    practice before that was left out of the chart.
    """
    end = min(until, today) if until is not None else today
    last_monday = _monday(end)
    start = since if since is not None else first
    first_monday = _monday(start) if start is not None else last_monday
    weeks = max(1, min(MAX_WEEKS, (last_monday - first_monday).days // 7 + 1))
    shown_from = last_monday - timedelta(weeks=weeks - 1)
    return WeekRange(last_monday, weeks, cut=first is not None and first < shown_from)
