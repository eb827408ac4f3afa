"""The "What tends to change" section of the insight tab (figures from :mod:`numbtui.helps`).

One line per exercise, in the order :func:`numbtui.helps.what_helps` gives (largest typical
change first, never called best or worst), then the lines saying what the figures mean and
that change goes up and down. Titles come from the user's files and are never markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from numbtui.empty import Scope, no_changes
from numbtui.helps import NOTES, Helps, summary_text

HEADING = "What tends to change"


def helps_line(helps: Helps, *, period: bool = False) -> Content:
    """One exercise: its title, then its figures or how many more rated practices they need
    (for a chosen ``period``: how many it has)."""
    return Content.assemble((helps.title, "bold"), f"  {summary_text(helps, period=period)}")


class HelpsSection(Vertical):
    """Per exercise, the typical change before to after and its range; set :attr:`helps`."""

    DEFAULT_CSS = """
    HelpsSection {
        height: auto;
    }
    HelpsSection > #helps-lines {
        height: auto;
    }
    """

    helps: reactive[list[Helps] | None] = reactive(None, init=False)
    """The figures to show; None while they are read. Set :attr:`scope` first."""

    scope = Scope()
    """What the figures were narrowed to: it decides what an empty section says."""

    def compose(self) -> ComposeResult:
        yield Static(HEADING, classes="insight-heading")
        yield Static("", id="helps-lines")
        yield Static("\n".join(NOTES), id="helps-notes", classes="insight-caption", markup=False)

    def on_mount(self) -> None:
        self.watch_helps(self.helps)

    def watch_helps(self, helps: list[Helps] | None) -> None:
        lines = self.query_one("#helps-lines", Static)
        notes = self.query_one("#helps-notes", Static)
        if helps is None:
            lines.update(Content("Reading your history…"))
            notes.display = False
            return
        if not helps:
            lines.update(Content(no_changes(self.scope)))
            notes.display = False
            return
        period = self.scope.period
        lines.update(Content("\n").join(helps_line(h, period=period) for h in helps))
        notes.display = True
