"""The eyes-open way out: for when a practice makes someone feel worse, unreal or far away.

One key in the player (F5, "Feels worse") pauses at once and opens :class:`WayOut`: calm words,
where support is, and three choices — a minute of eyes-open grounding now, going back to the
practice, or stopping. No alarm words and no diagnosis: feeling worse during a practice
happens, and looking around the room is a good answer to it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.keys import GLOBAL_KEYS
from numbtui.tui.widgets.footer import FittedFooter

EYES_OPEN = "eyes-open"
"""The bundled exercise played for the way out."""
WAY_OUT_KEY = "f5"
WAY_OUT_WORDS = "Feels worse"

MESSAGE = (
    "Let's pause. Feeling worse, unreal or far away during a practice happens, and it is "
    "all right to stop. If you like, spend a little while with your eyes open: look around, "
    "feel your feet, name where you are."
)
SUPPORT_LINE = "F2 shows where to find support, if you want to talk to someone."


class Choice(StrEnum):
    """What the person chose on the way-out screen."""

    GROUND = "ground"
    """Eyes-open grounding now (the practice so far is kept as switched)."""
    BACK = "back"
    """Back to the practice, still paused until Space."""
    STOP = "stop"
    """Stop the practice here."""


class WayOut(DismissOnce[Choice], ModalScreen[Choice]):
    """Calm words and three ways on; Escape goes back to the (paused) practice."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the practice"),
        # The choices are a short list: arrows move through it as well as Tab.
        Binding("down", "app.focus_next", "Next choice", show=False),
        Binding("up", "app.focus_previous", "Previous choice", show=False),
        *GLOBAL_KEYS,
    ]
    AUTO_FOCUS = "#way-out-ground"

    def __init__(self, *, grounding: bool = True, length: str = "about a minute") -> None:
        super().__init__()
        self.grounding = grounding
        """False when the library has no eyes-open exercise (a user's file replaced it badly)."""
        self.length = length
        """The eyes-open exercise's length in use, as home shows it (numbtui.lengths)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="way-out-dialog", classes="rating-dialog"):
            yield Static("Taking a break", classes="rating-title", markup=False)
            yield Static(MESSAGE, classes="rating-kind", markup=False)
            yield Static(SUPPORT_LINE, classes="rating-hint", markup=False)
            with Vertical(id="way-out-buttons"):
                if self.grounding:
                    yield Button(
                        f"Eyes open, back in the room ({self.length})",
                        id="way-out-ground",
                        name=Choice.GROUND,
                        compact=True,
                    )
                yield Button(
                    "Go back to the practice", id="way-out-back", name=Choice.BACK, compact=True
                )
                yield Button("Stop here", id="way-out-stop", name=Choice.STOP, compact=True)
        yield FittedFooter()

    def on_mount(self) -> None:
        if not self.grounding:
            self.query_one("#way-out-back", Button).focus()

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(Choice(event.button.name or Choice.BACK))

    def action_back(self) -> None:
        """Back to the practice, which stays paused until Space."""
        self.dismiss(Choice.BACK)
