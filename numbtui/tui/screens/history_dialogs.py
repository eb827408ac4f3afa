"""The history browser's two dialogs: one practice in full, and asking before a deletion.

:class:`ConfirmDelete` returns True only when the user chooses Delete; Cancel is focused first,
so Enter or Escape keeps the practice. The record's text is shown literally.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from numbtui.record import Record
from numbtui.tui.keys import GLOBAL_KEYS
from numbtui.tui.widgets.history_table import detail_content, ended_text, local_time


class ConfirmDelete(ModalScreen[bool]):
    """Ask before deleting one practice; True means delete it."""

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
        summary = f"{local_time(record)} · {record.title} · {ended_text(record)}"
        with Vertical(id="delete-dialog", classes="history-dialog"):
            yield Static("Delete this practice?", classes="history-dialog-title")
            yield Static(summary, id="delete-summary", markup=False)
            yield Static(
                "It will be removed from your history for good. Everything else stays.",
                classes="muted",
            )
            with Horizontal(id="delete-buttons"):
                yield Button("Cancel", id="delete-cancel", variant="primary")
                yield Button("Delete", id="delete-confirm", variant="error")
        yield Footer()

    @on(Button.Pressed, "#delete-cancel")
    def action_cancel(self) -> None:
        """Keep the practice."""
        self.dismiss(False)

    @on(Button.Pressed, "#delete-confirm")
    def confirm(self) -> None:
        self.dismiss(True)


class PracticeDetail(ModalScreen[None]):
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
        yield Footer()

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)
