"""The history browser: every practice, newest first, with filters, details and insight.

Rows come from the store a page at a time in worker threads (:mod:`.history_reads`: the UI
thread never waits on the disk) and the table holds only a bounded window of records
(:mod:`numbtui.tui.paging`), so a history of 100,000 practices opens as fast as one of ten,
and End reads the oldest page directly. The Insight tab reads figures computed in SQL when it
is shown.

A missing database is an empty history (nothing is created); a database that cannot be read
(damaged, another program's, written by a newer numbtui) is one clear message, never a crash,
and nothing is written to it.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    ContentSwitcher,
    Footer,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from numbtui.record import Record
from numbtui.store_rows import Filters
from numbtui.tui.owner import numbtui_app
from numbtui.tui.paging import RecordWindow
from numbtui.tui.screens.history_dialogs import UNDO_SECONDS, ConfirmDelete, DateRangeDialog
from numbtui.tui.screens.history_kinds import KIND_OPTIONS, chosen, filter_value
from numbtui.tui.screens.history_periods import (
    ALL_EXERCISES,
    ALL_TIME,
    CHOOSE_DATES,
    EMPTY_TEXT,
    EMPTY_TEXT_ALONE,
    GIVEN_DATES,
    period_options,
    period_since,
    status_text,
)
from numbtui.tui.screens.history_reads import HistoryReader
from numbtui.tui.screens.history_rows import HistoryRows
from numbtui.tui.widgets.footer import FittedFooter
from numbtui.tui.widgets.history_table import HistoryTable
from numbtui.tui.widgets.insight import InsightPanel
from numbtui.tui.widgets.progress import fit_footer

__all__ = [
    "EMPTY_TEXT",
    "EMPTY_TEXT_ALONE",
    "HistoryScreen",
    "period_since",
    "status_text",
]


class HistoryScreen(HistoryRows):
    """Browse past practice: a table with details, filters, deletion and an insight tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo_delete", "Undo delete"),
        Binding("i", "toggle_insight", "Insight"),
        Binding("f", "focus_filter", "Filter"),
    ]

    def __init__(self, filters: Filters | None = None, *, exit_on_close: bool = False) -> None:
        super().__init__()
        self.given = filters if filters is not None else Filters()
        self.filters = self.given
        self.exit_on_close = exit_on_close
        self._insight_stale = True
        self._exercises: list[tuple[str, str]] = []
        self._period = ALL_TIME
        """The period choice in force (to go back to when choosing dates is cancelled)."""
        self._undoable: tuple[Record, float] | None = None
        """The practice deleted last, and until when (on the app's clock) u brings it back."""

    def _clock(self) -> float:
        return numbtui_app(self).context.clock()

    # - layout -

    def compose(self) -> ComposeResult:
        given = self.given
        exercise_options: list[tuple[Text, str]] = [(Text("All exercises"), ALL_EXERCISES)]
        exercise_options += KIND_OPTIONS
        if given.exercise_id:
            exercise_options.append((Text(given.exercise_id), given.exercise_id))
        periods = period_options(given)
        given_dates = given.since is not None or given.until is not None
        period = GIVEN_DATES if given_dates else ALL_TIME
        self._period = period
        with ContentSwitcher(initial="history-main", id="history-switcher"):
            with Vertical(id="history-main"):
                yield Static("Your practice and logged moments, newest first", id="history-title")
                with Horizontal(id="history-filters"):
                    yield Label("Exercise", classes="history-filter-label")
                    yield Select(
                        exercise_options,
                        value=filter_value(given.exercise_id, given.kind),
                        allow_blank=False,
                        compact=True,
                        id="history-exercise",
                    )
                    yield Label("Period", classes="history-filter-label")
                    yield Select(
                        periods, value=period, allow_blank=False, compact=True, id="history-period"
                    )
                with TabbedContent(id="history-tabs"):
                    with TabPane("Entries", id="history-practices"):
                        yield HistoryTable(id="history-table")
                        yield Static("Reading your history…", id="history-status")
                        with VerticalScroll(id="history-detail"):
                            yield Static("", id="history-detail-text")
                    with TabPane("Insight", id="history-insight"):
                        yield InsightPanel(id="insight")
            with VerticalScroll(id="history-message"):
                yield Static("", id="history-message-text", markup=False)
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one(HistoryTable).focus()
        self._read_start(self._ask("rows"), self.filters)

    def on_resize(self, event: events.Resize) -> None:
        # Seven keys fill 80 columns; the palette's hint would cut off the last (F1 Keys).
        fit_footer(self.query_one(Footer), event.size.width, palette=False)

    # - results -

    @on(HistoryReader.Counted)
    def _show_count(self, message: HistoryReader.Counted) -> None:
        if not self._answers(message):
            return
        self.count = message.count
        self.logs = message.logs
        if message.total == 0:
            self._show_message(EMPTY_TEXT_ALONE if self.exit_on_close else EMPTY_TEXT)
            return
        self._show_status()

    @on(HistoryReader.ExercisesListed)
    def _show_exercises(self, message: HistoryReader.ExercisesListed) -> None:
        self._exercises = message.exercises
        select: Select[str] = self.query_one("#history-exercise", Select)
        current = filter_value(self.filters.exercise_id, self.filters.kind)
        options = [(Text("All exercises"), ALL_EXERCISES), *KIND_OPTIONS]
        options += [(Text(title), exercise_id) for exercise_id, title in message.exercises]
        if current not in {value for _, value in options}:
            options.append((Text(current), current))
        select.set_options(options)
        select.value = current

    @on(HistoryReader.InsightLoaded)
    def _show_insight(self, message: HistoryReader.InsightLoaded) -> None:
        if self._answers(message):
            self.query_one(InsightPanel).insight = message.insight

    @on(HistoryReader.PracticeDeleted)
    def _forget(self, message: HistoryReader.PracticeDeleted) -> None:
        record = message.record
        self.window.remove(record.id)
        table = self.query_one(HistoryTable)
        if record.id in table.rows:
            table.remove_row(record.id)
        # Asked again, not worked out: the filters may have changed since the delete began,
        # and their count may or may not have been taken before it.
        self._count_again()
        self._insight_stale = True
        if self._insight_shown():
            self._load_insight()
        self._undoable = (record, self._clock() + UNDO_SECONDS)
        self.set_timer(UNDO_SECONDS, self.refresh_bindings)  # the u key goes from the Footer
        self.notify(
            f"Removed from your history: {record.title}, {record.started_local}. "
            f"Press u within {UNDO_SECONDS:g} seconds to bring it back.",
            markup=False,
            timeout=UNDO_SECONDS,
        )
        self._show_status()
        self._show_detail()
        self.refresh_bindings()

    @on(HistoryReader.PracticeRestored)
    def _restored(self, message: HistoryReader.PracticeRestored) -> None:
        record = message.record
        self.notify(
            f"Back in your history: {record.title}, {record.started_local}",
            markup=False,
            timeout=4,
        )
        self.query_one("#history-switcher", ContentSwitcher).current = "history-main"
        self.query_one(HistoryTable).focus()
        self._read_again()

    @on(HistoryReader.HistoryFailed)
    def _show_failure(self, message: HistoryReader.HistoryFailed) -> None:
        if message.opening:
            self._show_message(
                "Your history could not be read.\n\n"
                f"{message.text}\n\n"
                "Press Escape to go back. F2 shows where to find support."
            )
            return
        self.notify(message.text, title="History", severity="warning", markup=False, timeout=8)

    def _show_message(self, text: str) -> None:
        self.query_one("#history-message-text", Static).update(text)
        self.query_one("#history-switcher", ContentSwitcher).current = "history-message"
        self.query_one("#history-message").focus()
        self.refresh_bindings()

    # - filters -

    def _filters_from_controls(self) -> Filters:
        exercise = self.query_one("#history-exercise", Select).value
        period = self.query_one("#history-period", Select).value
        exercise_id, kind = chosen(exercise)
        if period == GIVEN_DATES:
            return Filters(exercise_id, self.given.since, self.given.until, kind)
        if period == CHOOSE_DATES:  # the dialog is open: the period in force stays
            return self.filters
        if isinstance(period, str) and period.isdigit():
            return Filters(exercise_id, period_since(int(period), self.now()), kind=kind)
        return Filters(exercise_id, kind=kind)

    @on(Select.Changed, "#history-period")
    def _period_changed(self, event: Select.Changed) -> None:
        if event.value != CHOOSE_DATES:
            self._period = str(event.value)
            return
        since = self.given.since.astimezone().date() if self.given.since else None
        until = self.given.until.astimezone().date() if self.given.until else None

        def chosen(dates: tuple[datetime | None, datetime | None] | None) -> None:
            period = self.query_one("#history-period", Select)
            if dates is None:  # cancelled: back to the period that was in force
                period.value = self._period
                return
            self.given = Filters(self.given.exercise_id, *dates)
            period.set_options(period_options(self.given))
            period.value = GIVEN_DATES if dates != (None, None) else ALL_TIME

        self.app.push_screen(DateRangeDialog(since, until), chosen)

    @on(Select.Changed)
    def _filters_changed(self) -> None:
        filters = self._filters_from_controls()
        if filters != self.filters:
            self.filters = filters
            self._read_again()

    def _read_again(self) -> None:
        """Read everything shown again (new filters, or a practice brought back)."""
        filters = self.filters
        self._awaited.clear()  # every answer still on its way is for what was shown
        self._pending = False
        self.count = None
        self.window = RecordWindow(self.MAX_ROWS)
        self.query_one(HistoryTable).clear()
        self._show_status()
        self._show_detail()
        self._insight_stale = True
        self.query_one(InsightPanel).insight = None
        if self._insight_shown():
            self._load_insight()
        self._read_start(self._ask("rows"), filters)

    # - insight -

    def _insight_shown(self) -> bool:
        return self.query_one(TabbedContent).active == "history-insight"

    def _load_insight(self) -> None:
        self._insight_stale = False
        today = self.now().astimezone().date()
        slots = self.query_one(InsightPanel).rating_slots()
        self._read_insight(self._ask("insight"), self.filters, today, slots)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        # Also called straight from the toggle key: focus must move with the tab at once,
        # or a key pressed right after the switch could reach the pane just hidden.
        if self._insight_shown():
            if self._insight_stale:
                self._load_insight()
            self.query_one(InsightPanel).focus()
        else:
            self.query_one(HistoryTable).focus()
        self.refresh_bindings()

    # - actions -

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action in ("delete", "toggle_insight", "focus_filter", "oldest", "newest"):
            switcher = self.query_one("#history-switcher", ContentSwitcher)
            if switcher.current != "history-main":
                return False  # only a message is shown: nothing to act on
        if action == "delete":
            return not self._insight_shown() and self.current_record() is not None
        if action == "undo_delete":
            return self._undoable is not None and self._clock() < self._undoable[1]
        return True

    def action_close(self) -> None:
        """Leave the history (and the app, when it was opened by ``numbtui history``)."""
        if self.exit_on_close:
            self.app.exit()
        else:
            self.dismiss(None)

    def action_toggle_insight(self) -> None:
        """Switch between the practices and the insight tab."""
        tabs = self.query_one(TabbedContent)
        tabs.active = "history-practices" if self._insight_shown() else "history-insight"
        self._tab_changed()

    def action_focus_filter(self) -> None:
        """Move to the exercise filter."""
        self.query_one("#history-exercise", Select).focus()

    def action_delete(self) -> None:
        """Ask, then delete the highlighted practice."""
        record = self.current_record()
        if record is None:
            return

        def answered(delete: bool | None) -> None:
            if delete:
                self._delete(record)

        self.app.push_screen(ConfirmDelete(record), answered)

    def action_undo_delete(self) -> None:
        """Bring back the practice deleted last (for a few seconds after the delete)."""
        if self._undoable is None or self._clock() >= self._undoable[1]:
            return
        record, _ = self._undoable
        self._undoable = None
        self.refresh_bindings()
        self._restore(record)
