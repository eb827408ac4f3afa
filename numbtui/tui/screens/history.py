"""The history browser: every practice, newest first, with filters, details and insight.

Rows come from the store a page at a time in worker threads (the UI thread never waits on the
disk) and the table holds only a bounded window of records (:mod:`numbtui.tui.paging`), so a
history of 100,000 practices opens as fast as one of ten, and End reads the oldest page
directly. The Insight tab reads figures computed in SQL when it is shown.

A missing database is an empty history (nothing is created); a database that cannot be read
(damaged, another program's, written by a newer numbtui) is one clear message, never a crash,
and nothing is written to it.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from numbtui.chart import rating_chart, week_range
from numbtui.errors import StoreError
from numbtui.helps import what_helps
from numbtui.record import Record
from numbtui.store import Cursor, Filters, Store
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.owner import numbtui_app
from numbtui.tui.paging import Placed, RecordWindow, read_newer, read_older, read_oldest
from numbtui.tui.screens.history_dialogs import ConfirmDelete, DateRangeDialog, PracticeDetail
from numbtui.tui.widgets.history_table import (
    HistoryTable,
    detail_content,
    row_cells,
)
from numbtui.tui.widgets.insight import Insight, InsightPanel
from numbtui.tui.widgets.progress import fit_footer

if TYPE_CHECKING:
    pass

ALL_EXERCISES = ""
ALL_TIME = "all"
GIVEN_DATES = "given"
CHOOSE_DATES = "choose"
Where = Literal["newest", "oldest", "older", "newer"]
"""Which rows a read brings: the newest or oldest page, or the page past either end."""
PERIODS: tuple[tuple[str, str], ...] = (
    ("All time", ALL_TIME),
    ("Last 7 days", "7"),
    ("Last 30 days", "30"),
    ("Last 365 days", "365"),
    ("Choose dates…", CHOOSE_DATES),
)

WHAT_WILL_APPEAR = (
    "Your practice will appear here after your first exercise: when, for how long, and how "
    "much you could feel before and after. Insight then shows figures for each exercise and "
    "small charts of your ratings and minutes over time."
)
EMPTY_TEXT = f"{WHAT_WILL_APPEAR}\n\nPress Escape to go back and choose one."
EMPTY_TEXT_ALONE = f"{WHAT_WILL_APPEAR}\n\nPress Escape to leave, then run numbtui to choose one."
NO_MATCH_TEXT = "Nothing here for this exercise and period. Other choices above show more."


def period_since(days: int, now: datetime) -> datetime:
    """The start of "the last ``days`` days": local midnight ``days - 1`` days before today."""
    today = now.astimezone().date()
    first = today - timedelta(days=days - 1)
    # A naive time's astimezone() applies the local rules of that date (DST included).
    return datetime.combine(first, time()).astimezone()


def given_dates_label(filters: Filters) -> str:
    """The period option for dates given on the command line or chosen in the dialog."""
    since = filters.since.astimezone().date().isoformat() if filters.since else "the start"
    until = filters.until.astimezone().date().isoformat() if filters.until else "now"
    return f"{since} to {until}"


def period_options(given: Filters) -> list[tuple[Text, str]]:
    """The period choices, with the given dates (if any) as one of them."""
    periods = [(Text(label), value) for label, value in PERIODS]
    if given.since is not None or given.until is not None:
        periods.insert(-1, (Text(given_dates_label(given)), GIVEN_DATES))
    return periods


def status_text(offset: int, shown: int, count: int | None) -> str:
    """Which practices the table shows, e.g. ``Practices 1–100 of 2,345 · End key: oldest``."""
    if count is None:
        return "Reading your history…"
    if shown == 0:
        return ""
    first, last = offset + 1, offset + shown
    text = f"Practices {first:,}–{last:,} of {count:,}"
    if last < count:
        text += " · End key: oldest"
    return text


class HistoryScreen(DismissOnce[None]):
    """Browse past practice: a table with details, filters, deletion and an insight tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
        Binding("d", "delete", "Delete"),
        Binding("i", "toggle_insight", "Insight"),
        Binding("f", "focus_filter", "Filter"),
    ]

    PAGE_SIZE = 100
    """Practices read per query."""
    MAX_ROWS = 500
    """Rows kept in the table at once; others are read again when scrolled back to."""
    LOAD_AHEAD = 30
    """Read the next page when the cursor is this close to either end of the loaded rows."""

    class Answer(Message):
        """What a worker read, for the request numbered ``request`` (see ``_answers``)."""

        kind: ClassVar[str] = ""

        def __init__(self, request: int) -> None:
            super().__init__()
            self.request = request

    class RowsLoaded(Answer):
        """Practices were read: the newest or oldest page, or one past either end."""

        kind = "rows"

        def __init__(
            self, request: int, where: Where, records: list[Record], more: bool, offset: int = 0
        ) -> None:
            super().__init__(request)
            self.where = where
            self.records = records
            self.more = more
            """More practices lie beyond these (older for newest/older, newer for newer)."""
            self.offset = offset
            """For the oldest page: how many practices are newer than its first row."""

    class Counted(Answer):
        """The number of practices matching the filters (and in all, if none matched)."""

        kind = "counts"

        def __init__(self, request: int, count: int, total: int) -> None:
            super().__init__(request)
            self.count = count
            self.total = total

    class ExercisesListed(Message):
        """The exercises that appear in the history, as (id, title)."""

        def __init__(self, exercises: list[tuple[str, str]]) -> None:
            super().__init__()
            self.exercises = exercises

    class InsightLoaded(Answer):
        """The insight figures for the current filters were computed."""

        kind = "insight"

        def __init__(self, request: int, insight: Insight) -> None:
            super().__init__(request)
            self.insight = insight

    class PracticeDeleted(Message):
        """A practice was deleted from the database (whatever the filters are now: the
        count is then asked again rather than worked out, so a late report is still right)."""

        def __init__(self, record: Record) -> None:
            super().__init__()
            self.record = record

    class HistoryFailed(Message):
        """The history could not be read (or written); ``opening`` if nothing could be
        shown at all (it could not be opened, or its newest page not read)."""

        def __init__(self, text: str, *, opening: bool) -> None:
            super().__init__()
            self.text = text
            self.opening = opening

    def __init__(self, filters: Filters | None = None, *, exit_on_close: bool = False) -> None:
        super().__init__()
        self.given = filters if filters is not None else Filters()
        self.filters = self.given
        self.exit_on_close = exit_on_close
        self.window = RecordWindow(self.MAX_ROWS)
        self.count: int | None = None
        """Practices matching the filters; None until counted."""
        self._request = 0
        """Numbers every read asked of a worker; see :meth:`_answers`."""
        self._awaited: dict[str, int] = {}
        """Per kind of answer, the request whose answer is wanted; none after the filters
        change, until asked again."""
        self._pending = False
        self._insight_stale = True
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._closed = False
        self._exercises: list[tuple[str, str]] = []
        self._period = ALL_TIME
        """The period choice in force (to go back to when choosing dates is cancelled)."""

    @property
    def database(self) -> Path:
        """The history database of this run."""
        return numbtui_app(self).context.database

    def now(self) -> datetime:
        """The wall clock of this run (fixed in tests)."""
        return numbtui_app(self).context.now()

    # - layout -

    def compose(self) -> ComposeResult:
        given = self.given
        exercise_options: list[tuple[Text, str]] = [(Text("All exercises"), ALL_EXERCISES)]
        if given.exercise_id:
            exercise_options.append((Text(given.exercise_id), given.exercise_id))
        periods = period_options(given)
        given_dates = given.since is not None or given.until is not None
        period = GIVEN_DATES if given_dates else ALL_TIME
        self._period = period
        with ContentSwitcher(initial="history-main", id="history-switcher"):
            with Vertical(id="history-main"):
                yield Static("Your practice, newest first", id="history-title")
                with Horizontal(id="history-filters"):
                    yield Label("Exercise", classes="history-filter-label")
                    yield Select(
                        exercise_options,
                        value=given.exercise_id or ALL_EXERCISES,
                        allow_blank=False,
                        compact=True,
                        id="history-exercise",
                    )
                    yield Label("Period", classes="history-filter-label")
                    yield Select(
                        periods, value=period, allow_blank=False, compact=True, id="history-period"
                    )
                with TabbedContent(id="history-tabs"):
                    with TabPane("Practices", id="history-practices"):
                        yield HistoryTable(id="history-table")
                        yield Static("Reading your history…", id="history-status")
                        with VerticalScroll(id="history-detail"):
                            yield Static("", id="history-detail-text")
                    with TabPane("Insight", id="history-insight"):
                        yield InsightPanel(id="insight")
            with VerticalScroll(id="history-message"):
                yield Static("", id="history-message-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(HistoryTable).focus()
        self._read_start(self._ask("rows"), self.filters)

    # - the one rule for late answers -

    def _ask(self, kind: str) -> int:
        """A new request of ``kind``: its answer is the one wanted from now on."""
        self._request += 1
        self._awaited[kind] = self._request
        return self._request

    def _answers(self, message: Answer) -> bool:
        """True if ``message`` answers the latest request of its kind since the filters last
        changed; any other answer is late (for other filters, or a page since replaced)."""
        return self._awaited.get(message.kind) == message.request

    def on_resize(self, event: events.Resize) -> None:
        # Seven keys fill 80 columns; the palette's hint would cut off the last (F1 Keys).
        fit_footer(self.query_one(Footer), event.size.width, palette=False)

    def on_unmount(self) -> None:
        with self._store_lock:
            self._closed = True
            store, self._store = self._store, None
        if store is not None:
            store.close()

    # - reading, in worker threads -

    def _open(self) -> Store | None:
        """The store (opened on first use), or None when there is no history file yet."""
        with self._store_lock:
            if self._store is None and not self._closed and self.database.exists():
                self._store = Store.open(self.database)
            return self._store

    @work(thread=True, exclusive=True, group="history-pages", exit_on_error=False)
    def _read_start(self, request: int, filters: Filters) -> None:
        """The newest page; the counts follow once it is on screen (see _read_counts)."""
        try:
            store = self._open()
            records, more = (
                ([], False) if store is None else read_older(store, filters, None, self.PAGE_SIZE)
            )
        except StoreError as exc:
            # Nothing is on screen yet, so the message takes the place of the table.
            self.post_message(self.HistoryFailed(str(exc), opening=True))
            return
        self.post_message(self.RowsLoaded(request, "newest", records, more))

    @work(thread=True, exclusive=True, group="history-counts", exit_on_error=False)
    def _read_counts(self, request: int, filters: Filters, *, list_exercises: bool) -> None:
        """How many practices match (and exist at all), and which exercises appear."""
        try:
            store = self._open()
            if store is None:
                self.post_message(self.Counted(request, 0, 0))
                return
            count = store.count(filters)
            total = count if count or filters == Filters() else store.count(Filters())
            self.post_message(self.Counted(request, count, total))
            if list_exercises:
                self.post_message(self.ExercisesListed(store.exercise_ids()))
        except StoreError as exc:
            self.post_message(self.HistoryFailed(str(exc), opening=False))

    @work(thread=True, exclusive=True, group="history-pages", exit_on_error=False)
    def _read_rows(
        self, request: int, filters: Filters, where: Where, anchor: Record | None
    ) -> None:
        """One page: the newest, the oldest, or the one past ``anchor`` (older or newer)."""
        try:
            store = self._open()
            if store is None:
                return
            offset = 0
            if where == "oldest":
                records, offset = read_oldest(store, filters, self.PAGE_SIZE)
                more = False
            elif where == "newer" and anchor is not None:
                records, more = read_newer(store, filters, anchor, self.PAGE_SIZE)
            else:
                after = Cursor.after(anchor) if where == "older" and anchor is not None else None
                records, more = read_older(store, filters, after, self.PAGE_SIZE)
        except StoreError as exc:
            self.post_message(self.HistoryFailed(str(exc), opening=False))
            return
        self.post_message(self.RowsLoaded(request, where, records, more, offset))

    @work(thread=True, exclusive=True, group="history-insight", exit_on_error=False)
    def _read_insight(self, request: int, filters: Filters, today: date, slots: int) -> None:
        chosen = filters.since is not None or filters.until is not None
        try:
            store = self._open()
            if store is None:
                insight = Insight(period_chosen=chosen)
            else:
                # The minutes chart covers the period chosen, not always the last 12 weeks.
                last_monday, weeks = week_range(
                    today,
                    filters.since.astimezone().date() if filters.since else None,
                    filters.until.astimezone().date() if filters.until else None,
                )
                insight = Insight(
                    stats=store.stats(filters),
                    ratings=rating_chart(store.rating_days(filters), slots),
                    weeks=store.minutes_per_week(filters, weeks, today=last_monday),
                    period_chosen=chosen,
                    helps=what_helps(store.rating_changes(filters)),
                )
        except StoreError as exc:
            self.post_message(self.HistoryFailed(str(exc), opening=False))
            return
        self.post_message(self.InsightLoaded(request, insight))

    @work(thread=True, group="history-delete", exit_on_error=False)
    def _delete(self, record: Record) -> None:
        try:
            store = self._open()
            if store is not None:
                store.delete(record.id)
        except StoreError as exc:
            self.post_message(self.HistoryFailed(str(exc), opening=False))
            return
        self.post_message(self.PracticeDeleted(record))

    # - results -

    @on(RowsLoaded)
    def _show_rows(self, message: RowsLoaded) -> None:
        if not self._answers(message):
            return
        self._pending = False
        table = self.query_one(HistoryTable)
        window = self.window
        where = message.where
        if where == "older":
            placed = window.extend_down(message.records, more=message.more)
        elif where == "newer":
            placed = window.extend_up(message.records, more=message.more)
        else:
            window.reset(message.records, offset=message.offset, at_bottom=not message.more)
            placed = Placed.REBUILT
        if placed is Placed.APPENDED:
            for record in window.records[table.row_count :]:
                table.add_row(*row_cells(record), key=record.id)
        else:
            keep = self._current_id() if where in ("older", "newer") else None
            self._rebuild(keep)
            if where == "oldest" and table.row_count:
                table.move_cursor(row=table.row_count - 1, animate=False)
        self._show_status()
        self._show_detail()
        self.refresh_bindings()
        self._maybe_read_more()
        if self.count is None and "counts" not in self._awaited:
            # Counting waits until the first rows are drawn, so it never delays them.
            self._count_again()

    @on(Counted)
    def _show_count(self, message: Counted) -> None:
        if not self._answers(message):
            return
        self.count = message.count
        if message.total == 0:
            self._show_message(EMPTY_TEXT_ALONE if self.exit_on_close else EMPTY_TEXT)
            return
        self._show_status()

    @on(ExercisesListed)
    def _show_exercises(self, message: ExercisesListed) -> None:
        self._exercises = message.exercises
        select: Select[str] = self.query_one("#history-exercise", Select)
        current = self.filters.exercise_id or ALL_EXERCISES
        options = [(Text("All exercises"), ALL_EXERCISES)]
        options += [(Text(title), exercise_id) for exercise_id, title in message.exercises]
        if current not in {value for _, value in options}:
            options.append((Text(current), current))
        select.set_options(options)
        select.value = current

    @on(InsightLoaded)
    def _show_insight(self, message: InsightLoaded) -> None:
        if self._answers(message):
            self.query_one(InsightPanel).insight = message.insight

    @on(PracticeDeleted)
    def _forget(self, message: PracticeDeleted) -> None:
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
        self.notify(
            f"Removed from your history: {record.title}, {record.started_local}",
            markup=False,
            timeout=4,
        )
        self._show_status()
        self._show_detail()
        self.refresh_bindings()

    def _count_again(self) -> None:
        self.call_after_refresh(
            self._read_counts,
            self._ask("counts"),
            self.filters,
            list_exercises=not self._exercises,
        )

    @on(HistoryFailed)
    def _show_failure(self, message: HistoryFailed) -> None:
        if message.opening:
            self._show_message(
                "Your history could not be read.\n\n"
                f"{message.text}\n\n"
                "Press Escape to go back. F2 shows where to find support."
            )
            return
        self.notify(message.text, title="History", severity="warning", markup=False, timeout=8)

    # - the table -

    def _current_id(self) -> str | None:
        table = self.query_one(HistoryTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def current_record(self) -> Record | None:
        """The highlighted practice, if any."""
        table = self.query_one(HistoryTable)
        row = table.cursor_row
        records = self.window.records
        return records[row] if table.row_count and 0 <= row < len(records) else None

    def _rebuild(self, keep_id: str | None) -> None:
        """Show the window's rows again, keeping the cursor on the same practice."""
        table = self.query_one(HistoryTable)
        on_screen = table.cursor_row - round(table.scroll_y)
        table.clear()
        for record in self.window.records:
            table.add_row(*row_cells(record), key=record.id)
        row = self.window.index_of(keep_id) if keep_id is not None else None
        if row is None:
            return
        table.move_cursor(row=row, animate=False, scroll=False)

        def place() -> None:
            table.scroll_to(y=max(0, row - on_screen), animate=False, immediate=True)

        self.call_after_refresh(place)

    def _maybe_read_more(self) -> None:
        """Read the page past the window's end the cursor is getting close to, if any."""
        window = self.window
        if self._pending or not len(window):
            return
        row = self.query_one(HistoryTable).cursor_row
        if row >= len(window) - self.LOAD_AHEAD and not window.at_bottom:
            self._read("older", window.records[-1])
        elif row < self.LOAD_AHEAD and not window.at_top:
            self._read("newer", window.records[0])

    def _read(self, where: Where, anchor: Record | None = None) -> None:
        self._pending = True
        self._read_rows(self._ask("rows"), self.filters, where, anchor)

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self) -> None:
        self._show_detail()
        self._maybe_read_more()

    @on(DataTable.RowSelected, "#history-table")
    def _selected(self) -> None:
        record = self.current_record()
        if record is not None:
            self.app.push_screen(PracticeDetail(record))

    def _show_detail(self) -> None:
        record = self.current_record()
        text = self.query_one("#history-detail-text", Static)
        text.update(detail_content(record) if record is not None else Content(""))

    def _status(self, text: str) -> None:
        self.query_one("#history-status", Static).update(Content(text))

    def _show_status(self) -> None:
        shown = len(self.window)
        if self.count == 0 and shown == 0:
            self._status(NO_MATCH_TEXT)
            return
        self._status(status_text(self.window.offset, shown, self.count))

    def _show_message(self, text: str) -> None:
        self.query_one("#history-message-text", Static).update(text)
        self.query_one("#history-switcher", ContentSwitcher).current = "history-message"
        self.query_one("#history-message").focus()
        self.refresh_bindings()

    # - filters -

    def _filters_from_controls(self) -> Filters:
        exercise = self.query_one("#history-exercise", Select).value
        period = self.query_one("#history-period", Select).value
        exercise_id = exercise if isinstance(exercise, str) and exercise else None
        if period == GIVEN_DATES:
            return Filters(exercise_id, self.given.since, self.given.until)
        if period == CHOOSE_DATES:  # the dialog is open: the period in force stays
            return self.filters
        if isinstance(period, str) and period.isdigit():
            return Filters(exercise_id, period_since(int(period), self.now()))
        return Filters(exercise_id)

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
        if filters == self.filters:
            return
        self.filters = filters
        self._awaited.clear()  # every answer still on its way is for the old filters
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

    def action_oldest(self) -> None:
        """Jump to the oldest practice (one query in a worker: the screen stays responsive)."""
        table = self.query_one(HistoryTable)
        if self.window.at_bottom:
            if table.row_count:
                table.move_cursor(row=table.row_count - 1, animate=False)
            return
        self._status("Finding your oldest practice…")
        self._read("oldest")

    def action_newest(self) -> None:
        """Jump back to the newest practice."""
        table = self.query_one(HistoryTable)
        if self.window.at_top:
            if table.row_count:
                table.move_cursor(row=0, animate=False)
            return
        self._read("newest")
