"""The history browser's dialogs: one practice in full, asking before a deletion, and
choosing a range of dates.

:class:`ConfirmDelete` returns True only when the user chooses Delete; Cancel is focused first,
so Enter or Escape keeps the practice. The record's text is shown literally.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime, time
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from numbtui.record import Record
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.keys import GLOBAL_KEYS
from numbtui.tui.widgets.footer import FittedFooter
from numbtui.tui.widgets.history_table import detail_content

UNDO_SECONDS = 10.0
"""How long after a delete the u key brings the practice back."""
UNDO_TEXT = (
    f"You can bring it back with u for {UNDO_SECONDS:g} seconds, while the history is open. "
    "Everything else stays."
)
"""What the delete dialog says will happen: a delete can be undone for a short while."""


def delete_question(record: Record) -> str:
    """The question before a deletion, naming what would go."""
    return "Delete this logged moment?" if record.is_log else "Delete this practice?"


class ConfirmDelete(DismissOnce[bool], ModalScreen[bool]):
    """Ask before deleting one practice or logged moment; True means delete it."""

    AUTO_FOCUS = "#delete-cancel"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Keep it"),
        *GLOBAL_KEYS,
    ]

    def __init__(self, record: Record) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        record = self.record
        summary = f"{record.started_local} · {record.title} · {record.ended_words}"
        with Vertical(id="delete-dialog", classes="history-dialog"):
            yield Static(delete_question(record), classes="history-dialog-title")
            yield Static(summary, id="delete-summary", markup=False)
            yield Static(UNDO_TEXT, id="delete-undo", classes="muted", markup=False)
            with Horizontal(id="delete-buttons"):
                yield Button("Cancel", id="delete-cancel", variant="primary")
                yield Button("Delete", id="delete-confirm", variant="error")
        yield FittedFooter()

    @on(Button.Pressed, "#delete-cancel")
    def action_cancel(self) -> None:
        """Keep it."""
        self.dismiss(False)

    @on(Button.Pressed, "#delete-confirm")
    def confirm(self) -> None:
        self.dismiss(True)


class PracticeDetail(DismissOnce[None], ModalScreen[None]):
    """One practice in full: times, ratings, words and the whole note."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
        *GLOBAL_KEYS,
    ]

    def __init__(self, record: Record) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="practice-dialog", classes="history-dialog"):
            yield Static(detail_content(self.record), id="practice-detail")
            yield Static("Escape to close", classes="muted")
        yield FittedFooter()

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)


DateRange = tuple[datetime | None, datetime | None]
"""From the first moment of the first day to the last moment of the last (local time);
None for no limit on that side."""


def parse_day(text: str) -> date | None:
    """A ``YYYY-MM-DD`` date; None for blank. Raises ValueError with a plain reason."""
    value = text.strip()
    if not value:
        return None
    day = None
    if len(value) == 10:  # fromisoformat would also take 20240301
        with suppress(ValueError):
            day = date.fromisoformat(value)
    if day is None:
        raise ValueError(f"“{value[:20]}” is not a date; write it like 2024-03-01.")
    return day


def day_range(since: date | None, until: date | None) -> DateRange:
    """The moments a range of whole local days covers."""
    return (
        None if since is None else datetime.combine(since, time.min).astimezone(),
        None if until is None else datetime.combine(until, time.max).astimezone(),
    )


class DateRangeDialog(DismissOnce[DateRange | None], ModalScreen[DateRange | None]):
    """Choose the days to show; either may be left empty. None means cancelled."""

    AUTO_FOCUS = "#range-since"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *GLOBAL_KEYS,
    ]

    def __init__(self, since: date | None = None, until: date | None = None) -> None:
        super().__init__()
        self.since = since
        self.until = until

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="range-dialog", classes="history-dialog"):
            yield Static("Show practice between two dates", classes="history-dialog-title")
            yield Static(
                "Both days are included. Leave one empty for no limit on that side.",
                classes="muted",
            )
            with Horizontal(classes="range-row"):
                yield Label("From", classes="range-label")
                yield Input(
                    self.since.isoformat() if self.since else "",
                    placeholder="YYYY-MM-DD",
                    compact=True,
                    id="range-since",
                )
            with Horizontal(classes="range-row"):
                yield Label("To", classes="range-label")
                yield Input(
                    self.until.isoformat() if self.until else "",
                    placeholder="YYYY-MM-DD",
                    compact=True,
                    id="range-until",
                )
            yield Static("", id="range-problem", markup=False)
            with Horizontal(id="range-buttons"):
                yield Button("Cancel", id="range-cancel", compact=True)
                yield Button("Show", id="range-show", variant="primary", compact=True)
        yield FittedFooter()

    @on(Input.Submitted)
    @on(Button.Pressed, "#range-show")
    def show(self) -> None:
        """Close with the range, or say gently what does not read as a date."""
        problem = self.query_one("#range-problem", Static)
        try:
            since = parse_day(self.query_one("#range-since", Input).value)
            until = parse_day(self.query_one("#range-until", Input).value)
        except ValueError as exc:
            problem.update(str(exc))
            return
        if since is not None and until is not None and since > until:
            problem.update("The first date is after the second; swap them to see that time.")
            return
        try:
            chosen = day_range(since, until)
        except (ValueError, OverflowError):  # 0001-01-01 east of UTC, 9999-12-31 west of it
            problem.update("That date is too far from today to look for practice.")
            return
        self.dismiss(chosen)

    @on(Button.Pressed, "#range-cancel")
    def action_cancel(self) -> None:
        """Keep the period as it was."""
        self.dismiss(None)
