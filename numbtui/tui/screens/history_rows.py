"""The history browser's table: a bounded window of practices, paged in as the cursor moves.

:class:`HistoryRows` sits between the reading (:mod:`.history_reads`) and the screen: it puts
each page read into the :class:`~numbtui.tui.paging.RecordWindow` and the table, keeps the
cursor on the same practice when the window moves, reads the next page as the cursor nears
either end, and jumps to the oldest or newest practice with one query.
"""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import DataTable, Static

from numbtui.empty import Scope, no_rows
from numbtui.record import Record
from numbtui.store_rows import Filters
from numbtui.tui.paging import Placed, RecordWindow
from numbtui.tui.screens.history_dialogs import PracticeDetail
from numbtui.tui.screens.history_periods import Where, status_text
from numbtui.tui.screens.history_reads import HistoryReader
from numbtui.tui.widgets.history_table import HistoryTable, detail_content, row_cells


class HistoryRows(HistoryReader):
    """The table half of the history screen (see the module's docstring)."""

    MAX_ROWS = 500
    """Rows kept in the table at once; others are read again when scrolled back to."""
    LOAD_AHEAD = 30
    """Read the next page when the cursor is this close to either end of the loaded rows."""

    filters: Filters
    """The filters in force (set by the screen)."""
    _exercises: list[tuple[str, str]]

    def __init__(self) -> None:
        super().__init__()
        self.window = RecordWindow(self.MAX_ROWS)
        self.count: int | None = None
        """Records matching the filters; None until counted."""
        self.logs = 0
        """How many of those are logs (known with the count)."""
        self._pending = False

    @on(HistoryReader.RowsLoaded)
    def _show_rows(self, message: HistoryReader.RowsLoaded) -> None:
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

    def _count_again(self) -> None:
        self.call_after_refresh(
            self._read_counts,
            self._ask("counts"),
            self.filters,
            list_exercises=not self._exercises,
        )

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
            self._status(no_rows(Scope.of(self.filters)))
            return
        self._status(status_text(self.window.offset, shown, self.count, self.logs))

    def action_oldest(self) -> None:
        """Jump to the oldest practice (one query in a worker: the screen stays responsive)."""
        table = self.query_one(HistoryTable)
        if self.window.at_bottom:
            if table.row_count:
                table.move_cursor(row=table.row_count - 1, animate=False)
            return
        self._status("Finding the oldest…")
        self._read("oldest")

    def action_newest(self) -> None:
        """Jump back to the newest practice."""
        table = self.query_one(HistoryTable)
        if self.window.at_top:
            if table.row_count:
                table.move_cursor(row=0, animate=False)
            return
        self._read("newest")
