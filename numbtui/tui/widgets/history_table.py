"""The table of practices in the history browser, and how one practice reads in it and in detail.

One row per practice: local date and time, exercise, time practised (m:ss), finished or
stopped early (in words), the rating before → after, and the words chosen. A logged moment
reads "Logged moment", no time, "logged", and its one number. Every cell is a
:class:`rich.text.Text`, so a title or word like ``[bold]`` is shown as typed, never as markup.
The table holds only the rows of the pages the screen has loaded; End and Home ask the screen
to load the oldest or newest pages.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable

from numbtui.durations import format_duration
from numbtui.rating import feeling
from numbtui.record import Record

COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("when", "When", 16),
    ("exercise", "Exercise", 16),
    ("time", "Time", 5),
    ("ended", "Ended", 13),
    ("feeling", "Feeling", 7),
    ("words", "Words", 10),
)
"""(key, heading, width): fits 80 columns; the words column takes what is left."""


def feeling_text(record: Record) -> str:
    """The ratings before and after as ``3 → 6`` (a dash for one not given); a log's one
    number alone."""
    # The same words as the exported table; an empty cell would read as a gap in the table.
    if record.is_log:
        return "–" if record.after is None else str(record.after)
    return feeling(record.before, record.after) or "–"


def row_cells(record: Record) -> tuple[Text, ...]:
    """The cells of one practice's row; untrusted text stays literal."""
    ended = Text(record.ended_words, style="" if record.finished else "italic")
    return (
        Text(record.started_local),
        Text(record.title, no_wrap=True, overflow="ellipsis"),
        Text("" if record.is_log else format_duration(record.practised_seconds), justify="right"),
        ended,
        Text(feeling_text(record), justify="center"),
        Text(", ".join(record.words), no_wrap=True, overflow="ellipsis"),
    )


def detail_content(record: Record) -> Content:
    """Everything about one practice (or log) for the detail pane; the note exactly as
    written."""
    if record.is_log:
        return _log_content(record)
    planned = format_duration(record.planned_seconds)
    practised = format_duration(record.practised_seconds)
    parts: list[str | tuple[str, str]] = [
        (record.title, "bold"),
        f"  {record.started_local}\n",
        f"{practised} practised of {planned} planned · {record.ended_words}\n",
        ("Before: ", "bold"),
        "not given" if record.before is None else f"{record.before}/10",
        ("   After: ", "bold"),
        "not rated" if record.after is None else f"{record.after}/10",
        "\n",
        ("Words: ", "bold"),
        ", ".join(record.words) if record.words else "none chosen",
        "\n",
        ("Note: ", "bold"),
        record.note if record.note else "no note",
    ]
    return Content.assemble(*parts)


def _log_content(record: Record) -> Content:
    return Content.assemble(
        (record.title, "bold"),
        f"  {record.started_local}\n",
        "A moment logged, without an exercise\n",
        ("How much you could feel: ", "bold"),
        "not given" if record.after is None else f"{record.after}/10",
        "\n",
        ("Words: ", "bold"),
        ", ".join(record.words) if record.words else "none chosen",
        "\n",
        ("Note: ", "bold"),
        record.note if record.note else "no note",
    )


class HistoryTable(DataTable[Text]):
    """The practices, newest first; a row cursor; End/Home reach the oldest/newest."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Details"),
        Binding("end", "screen.oldest", "Oldest practice", show=False),
        Binding("ctrl+end", "screen.oldest", "Oldest practice", show=False),
        Binding("home", "screen.newest", "Newest practice", show=False),
        Binding("ctrl+home", "screen.newest", "Newest practice", show=False),
    ]
    HELP_ACTIONS: ClassVar[frozenset[str]] = frozenset({"screen.oldest", "screen.newest"})
    """Listed on the keys screen (F1), though the Footer has no room for them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            fitted = (
                words_width(self.app.size.width, self.cell_padding) if key == "words" else width
            )
            self.add_column(label, width=fitted, key=key)


def words_width(total_width: int, cell_padding: int = 1) -> int:
    """The words column gets whatever the other columns leave of the screen's width."""
    fixed = sum(width for key, _, width in COLUMNS if key != "words")
    padding = 2 * cell_padding * len(COLUMNS)
    scrollbar = 1
    return max(COLUMNS[-1][2], total_width - fixed - padding - scrollbar)
