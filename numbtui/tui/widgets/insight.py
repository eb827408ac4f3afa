"""The insight panel of the history browser: figures per exercise and two small charts.

:class:`Insight` is what the screen reads from the store in a worker (figures computed in SQL);
:class:`InsightPanel` shows it: practices, minutes, the average rating after and the average
change per exercise, how the rating after each practice went over time, and minutes per week.
There is no streak counter on purpose: a missed day is not a failure to be counted.

The charts are :class:`BarRow`\\ s rather than Textual's Sparkline because a sparkline scales
between the smallest and largest value, which would make ratings of 5 and 6 look like 0 and
10; a rating chart has to keep the 0-10 scale to tell the truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Static

from numbtui.chart import MAX_WEEKS, RatingChart, rating_caption
from numbtui.empty import Scope, no_figures, no_minutes
from numbtui.helps import Helps
from numbtui.moodlog import moments_logged
from numbtui.store_insight import ExerciseStats
from numbtui.tui.widgets.helps import HelpsSection

BARS = "▁▂▃▄▅▆▇█"
RATING_SLOTS = 66
"""Columns of the rating chart when the panel's width is not known yet (80 columns)."""
CHART_MARGIN = 14
"""Columns beside the rating chart: its row names, its axis, the padding and the scrollbar."""


@dataclass(frozen=True)
class Insight:
    """Everything the panel shows, for one set of filters."""

    stats: list[ExerciseStats] = field(default_factory=list)
    ratings: RatingChart | None = None
    """Ratings before and after over time, a column a day, week or four weeks."""
    weeks: list[tuple[date, float]] = field(default_factory=list)
    """Minutes practised per week (weeks start on Monday), oldest first."""
    weeks_cut: bool = False
    """The period holds practice before the first of :attr:`weeks` (the chart shows at most
    the last :data:`numbtui.chart.MAX_WEEKS`)."""
    helps: list[Helps] = field(default_factory=list)
    """What tends to change, per exercise, in the order to show (see numbtui.helps)."""
    period_chosen: bool = False
    """The figures are for a chosen period (so "yet" would be the wrong word)."""
    logs: int = 0
    """Moments logged under the same filters, counted apart from every exercise's figures."""
    logs_only: bool = False
    """Only logs are chosen: there are no figures per exercise to show, by choice."""
    exercise_chosen: bool = False
    """The figures are for one exercise."""

    @property
    def scope(self) -> Scope:
        """What the figures were narrowed to (for what an empty chart says)."""
        return Scope(
            period=self.period_chosen, exercise=self.exercise_chosen, logs_only=self.logs_only
        )


def no_figures_text(insight: Insight) -> str:
    """What the figures table says when it has no row: after a count of logs, that there are
    no practices (so it does not read as "nothing" under "3 moments logged")."""
    if insight.logs_only:
        return "Figures per exercise count practices; “Logs only” is chosen above."
    if insight.logs:
        return "No practices in this period." if insight.period_chosen else "No practices yet."
    return no_figures(insight.scope)


def format_minutes(minutes: float) -> str:
    """Minutes for the figures: whole minutes from 10 on, one decimal below."""
    return f"{minutes:,.0f}" if minutes >= 10 else f"{minutes:.1f}"


def format_average(value: float | None) -> str:
    """An average rating with one decimal, or a dash when nothing was rated."""
    return "–" if value is None else f"{value:.1f}"


def format_change(value: float | None) -> str:
    """An average change with its sign (+1.5, −0.5, 0.0), or a dash."""
    if value is None:
        return "–"
    if round(value, 1) == 0:
        return "0.0"
    return f"+{value:.1f}" if value > 0 else f"−{abs(value):.1f}"


def bar_lines(
    values: list[float],
    width: int,
    height: int,
    *,
    low: float,
    high: float,
    bar_width: int = 1,
    gap: int = 0,
    baseline: bool = False,
) -> list[str]:
    """Vertical bars for ``values`` on the fixed scale ``low``..``high``, top line first.

    With more values than fit in ``width``, neighbours are averaged. ``baseline`` draws the
    lowest value as a thin bar (a rating of 0 is an answer); otherwise it is left blank
    (a week without practice).
    """
    if height < 1 or width < 1 or not values:
        return [""] * max(height, 0)
    step = bar_width + gap
    slots = max(1, (width + gap) // step)
    if len(values) > slots:
        groups = [
            values[len(values) * i // slots : len(values) * (i + 1) // slots] for i in range(slots)
        ]
        values = [sum(group) / len(group) for group in groups if group]
    levels_total = height * len(BARS)
    span = (high - low) or 1.0
    levels = []
    for value in values:
        ratio = min(1.0, max(0.0, (value - low) / span))
        if baseline:
            level = 1 + round(ratio * (levels_total - 1))
        else:
            level = round(ratio * levels_total)
            if level == 0 and value > low:
                level = 1
        levels.append(level)
    lines = []
    for row in reversed(range(height)):
        cells = []
        for level in levels:
            part = min(len(BARS), max(0, level - row * len(BARS)))
            char = BARS[part - 1] if part else " "
            cells.append(char * bar_width)
        lines.append((" " * gap).join(cells).rstrip())
    return lines


class BarRow(Widget):
    """A row of vertical bars on a fixed scale; as tall as the widget."""

    DEFAULT_CSS = """
    BarRow {
        height: 2;
        width: 1fr;
        color: $primary;
    }
    """

    values: reactive[tuple[float, ...]] = reactive(())

    def __init__(
        self,
        *,
        low: float,
        high: float | None = None,
        bar_width: int = 1,
        gap: int = 0,
        baseline: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.low = low
        self.high = high
        """The top of the scale; None scales to the largest value."""
        self.bar_width = bar_width
        self.gap = gap
        self.baseline = baseline

    def render(self) -> Content:
        values = list(self.values)
        high = self.high if self.high is not None else max(values, default=0.0)
        lines = bar_lines(
            values,
            self.size.width,
            self.size.height,
            low=self.low,
            high=high,
            bar_width=self.bar_width,
            gap=self.gap,
            baseline=self.baseline,
        )
        return Content("\n".join(lines))


def stats_row(stats: ExerciseStats) -> tuple[Text, ...]:
    """One row of the figures table (the title shown literally)."""
    return (
        Text(stats.title, no_wrap=True, overflow="ellipsis"),
        Text(f"{stats.practices:,}", justify="right"),
        Text(format_minutes(stats.minutes), justify="right"),
        Text(format_average(stats.average_after), justify="right"),
        Text(format_change(stats.average_change), justify="right"),
    )


def weeks_caption(weeks: list[tuple[date, float]], scope: Scope, *, cut: bool = False) -> str:
    """What the minutes chart covers, with the most in one week (or, with no minutes at all,
    why: see numbtui.empty), and whether earlier weeks of the period were left out (``cut``)."""
    if not weeks:
        return ""
    first = weeks[0][0].isoformat()
    most = max(minutes for _, minutes in weeks)
    if most == 0:
        caption = no_minutes(scope, len(weeks), weeks[0][0], cut=cut)
    elif len(weeks) == 1:
        caption = f"The week from {first} (Monday): {format_minutes(most)} min."
    else:
        caption = (
            f"{len(weeks)} weeks from {first} (Mondays), the last on the right;"
            f" the tallest bar is {format_minutes(most)} min."
        )
    if cut:
        caption += (
            f" The chart shows the last {MAX_WEEKS} weeks at most; earlier practice is counted"
            " in the figures above."
        )
    return caption


CHANGE_NOTE = (
    "Avg change is after minus before, where both were given. It goes up and down from one "
    "practice to the next; that is how it usually goes."
)


class InsightPanel(VerticalScroll):
    """Figures per exercise and the two charts; set :attr:`insight` to show new figures."""

    insight: reactive[Insight | None] = reactive(None, init=False)

    def compose(self) -> ComposeResult:
        yield Static("", id="insight-logs", classes="insight-caption", markup=False)
        yield Static("Per exercise", classes="insight-heading")
        yield DataTable(
            id="insight-figures", cursor_type="none", show_cursor=False, zebra_stripes=False
        )
        yield Static("", id="insight-none", markup=False)
        yield Static(CHANGE_NOTE, id="insight-change-note", classes="insight-caption")
        yield HelpsSection(id="insight-helps")
        yield Static(
            "How much you could feel, before and after practice (0 to 10)",
            classes="insight-heading",
        )
        for name in ("before", "after"):
            with Horizontal(classes=f"insight-chart -{name}"):
                yield Static(f"{name}\n", classes="insight-row-name", markup=False)
                yield Static("10\n 0", classes="insight-axis")
                yield BarRow(low=0, high=10, id=f"insight-{name}")
        yield Static("", id="insight-ratings-caption", classes="insight-caption", markup=False)
        yield Static("Minutes practised per week", classes="insight-heading")
        yield BarRow(low=0, bar_width=3, gap=1, id="insight-weeks")
        yield Static("", id="insight-weeks-caption", classes="insight-caption", markup=False)

    def rating_slots(self) -> int:
        """How many columns the rating chart has room for at the panel's width."""
        width = self.size.width
        return max(7, width - CHART_MARGIN) if width else RATING_SLOTS

    def on_mount(self) -> None:
        table = self.query_one("#insight-figures", DataTable)
        table.add_column("Exercise", width=22, key="title")
        for label, key in (
            ("Practices", "practices"),
            ("Minutes", "minutes"),
            ("Avg after", "after"),
            ("Avg change", "change"),
        ):
            table.add_column(label, width=len(label), key=key)
        self.watch_insight(self.insight)

    def watch_insight(self, insight: Insight | None) -> None:
        table = self.query_one("#insight-figures", DataTable)
        none = self.query_one("#insight-none", Static)
        self.query_one("#insight-change-note").display = bool(insight and insight.stats)
        table.clear()
        helps = self.query_one(HelpsSection)
        helps.scope = Scope() if insight is None else insight.scope
        helps.helps = None if insight is None else insight.helps
        logs = self.query_one("#insight-logs", Static)
        logs.update(moments_logged(insight.logs) if insight and insight.logs else "")
        logs.display = bool(insight and insight.logs)
        if insight is None:
            none.update("Reading your history…")
            none.display = True
            return
        for stats in insight.stats:
            table.add_row(*stats_row(stats), key=stats.exercise_id)
        none.update("" if insight.stats else no_figures_text(insight))
        none.display = not insight.stats
        columns = insight.ratings.columns if insight.ratings is not None else ()
        # No rating in a column and a rating of 0 both draw nothing (said in the caption).
        self.query_one("#insight-before", BarRow).values = tuple(
            column.before or 0.0 for column in columns
        )
        self.query_one("#insight-after", BarRow).values = tuple(
            column.after or 0.0 for column in columns
        )
        self.query_one("#insight-ratings-caption", Static).update(
            rating_caption(insight.ratings, scope=insight.scope, practised=bool(insight.stats))
        )
        weeks = self.query_one("#insight-weeks", BarRow)
        # Wide bars while they fit (a quarter); one column a week for a longer period.
        weeks.bar_width, weeks.gap = (3, 1) if len(insight.weeks) <= 16 else (1, 0)
        weeks.values = tuple(m for _, m in insight.weeks)
        self.query_one("#insight-weeks-caption", Static).update(
            weeks_caption(insight.weeks, insight.scope, cut=insight.weeks_cut)
        )
