"""The first-run welcome: what numbtui is, where its data stays, how to leave, where help is.

Shown once. Closing it remembers that it was seen (``numbtui.state``, written in a thread);
if that cannot be written, numbtui says so gently and carries on — the welcome may simply
show again next time.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.widgets import Button, Static

from numbtui import state
from numbtui.errors import NumbtuiError
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.owner import numbtui_app
from numbtui.tui.widgets.footer import FittedFooter

if TYPE_CHECKING:
    from numbtui.tui.app import NumbtuiApp

WHAT = (
    "Short guided practices (a body scan, paced breathing, five-senses grounding, mindful "
    "walking) for when you feel numb, flat or far away. Whatever you notice counts, and "
    "so does noticing nothing."
)


LEAVE = "You can leave any exercise at any moment with q or Escape."
SUPPORT = "F2, on any screen, shows where to find support. F1 or ? lists the keys."
NOT_CARE = "numbtui is a practice tool, not a substitute for professional care."


def shown_path(path: Path) -> str:
    """``path`` with the home folder written as ``~``, which is shorter and easier to read."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


class WelcomeScreen(DismissOnce[None]):
    """A short, once-only welcome."""

    AUTO_FOCUS = "#welcome-begin"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "begin", "Begin"),
        Binding("q", "begin", "Begin", show=False),
    ]

    @property
    def numbtui(self) -> NumbtuiApp:
        """The app, with numbtui's attributes."""
        return numbtui_app(self)

    def compose(self) -> ComposeResult:
        data = shown_path(self.numbtui.context.database.parent)
        with VerticalScroll(id="welcome-body", classes="care-body"):
            yield Static("Welcome to numbtui", classes="care-title")
            yield Static(WHAT, classes="care-lead", markup=False)
            yield Static(
                f"Your ratings and notes stay on this computer, in {data}. "
                "Nothing is sent anywhere.",
                classes="care-point",
                markup=False,
            )
            yield Static(LEAVE, classes="care-point", markup=False)
            yield Static(SUPPORT, classes="care-point", markup=False)
            yield Static(NOT_CARE, classes="care-point muted", markup=False)
            with Center():
                yield Button("Begin", id="welcome-begin", variant="primary")
        yield FittedFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_begin()

    def action_begin(self) -> None:
        """Close the welcome and remember (in a thread) that it was seen."""
        app = self.numbtui
        # An app worker, not a screen worker: it must outlive this screen.
        app.run_worker(
            partial(remember_seen, app),
            name="remember-welcome",
            group="state",
            thread=True,
            exit_on_error=False,
        )
        self.dismiss(None)


def remember_seen(app: NumbtuiApp) -> None:
    """Write the state file (in a worker thread); a failure is told, never fatal."""
    try:
        state.save(state.AppState(welcome_seen=True), app.context.state_file)
    except NumbtuiError as exc:
        app.call_from_thread(
            app.notify,
            f"{exc}\nThe welcome may show again next time; nothing else is affected.",
            title="Could not remember the welcome",
            severity="information",
            markup=False,
        )
