"""CheckinScreen: before an exercise, how much can you feel right now (0–10)? Optional.

One key and Enter answer it; ``s`` begins without a check-in; Escape goes back without starting.
Nothing is chosen at first. Enter with nothing chosen asks once, gently; a second Enter begins
without a check-in (so a stray Enter never records a number the user did not pick).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from numbtui.exercise import Exercise
from numbtui.rating import NOTHING_IS_AN_ANSWER, QUESTION_BEFORE
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.keys import GLOBAL_KEYS
from numbtui.tui.widgets.footer import FittedFooter
from numbtui.tui.widgets.scale import SCALE_KEYS_HINT, Scale

NO_NUMBER_YET = "No number chosen, and that's all right. Enter again (or s) begins without one."


@dataclass(frozen=True)
class CheckinSkipped:
    """The user chose to begin without a check-in."""


class CheckinScreen(
    DismissOnce[int | CheckinSkipped | None], ModalScreen[int | CheckinSkipped | None]
):
    """Ask how much the user can feel before an exercise.

    Returns the number, :class:`CheckinSkipped` to begin without one, or None to go back.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not priority bindings, so keys are handled in the order they were typed ("2⏎").
        Binding("enter", "begin", "Begin"),
        Binding("s", "skip", "Skip check-in"),
        Binding("escape", "back", "Back"),
        Binding("question_mark", "app.help", "Keys", show=False),
        *GLOBAL_KEYS,
    ]

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise
        self._reminded = False

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-dialog", classes="rating-dialog"):
            yield Static(f"Check-in · {self.exercise.title}", classes="rating-title", markup=False)
            yield Static(QUESTION_BEFORE, classes="rating-question", markup=False)
            yield Scale(id="checkin-scale")
            yield Static(SCALE_KEYS_HINT, id="checkin-hint", classes="rating-hint", markup=False)
            yield Static(NOTHING_IS_AN_ANSWER, classes="muted", markup=False)
        yield FittedFooter()

    @property
    def scale(self) -> Scale:
        """The 0–10 scale on this screen."""
        return self.query_one(Scale)

    def on_scale_changed(self, event: Scale.Changed) -> None:
        if event.value is not None and self._reminded:
            self._reminded = False
            self.query_one("#checkin-hint", Static).update(SCALE_KEYS_HINT)

    def action_begin(self) -> None:
        """Begin with the chosen number; with none chosen, ask once, then begin without."""
        value = self.scale.value
        if value is not None:
            self.dismiss(value)
        elif self._reminded:
            self.dismiss(CheckinSkipped())
        else:
            self._reminded = True
            self.query_one("#checkin-hint", Static).update(NO_NUMBER_YET)

    def action_skip(self) -> None:
        """Begin without a check-in."""
        self.dismiss(CheckinSkipped())

    def action_back(self) -> None:
        """Go back without starting the exercise."""
        self.dismiss(None)
