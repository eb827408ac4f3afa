"""Progress read-outs for the player: literal text lines and the overall progress row.

Both repaint only when what they show changes: :class:`Readout` compares its text, and
:class:`PracticeProgress` compares whole seconds and step numbers, so a screen that asks them
to update several times a second costs next to nothing while nothing visible moves.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer, ProgressBar, Static

from numbtui.durations import format_duration


class Readout(Widget):
    """One piece of text shown literally (never as markup); repaints only when it changes."""

    DEFAULT_CSS = """
    Readout {
        height: auto;
        width: 1fr;
    }
    """

    text: reactive[str] = reactive("", layout=True)

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.set_reactive(Readout.text, text)

    def render(self) -> Content:
        # Content(...) never parses markup: "[/]" in an exercise file is shown as typed.
        return Content(self.text)


@dataclass(frozen=True)
class ProgressView:
    """The numbers the progress row shows, in whole seconds."""

    step_number: int
    step_count: int
    elapsed: int
    total: int
    open_ended: bool = False
    """Some step waits for a key, so the total is a floor ("10:00+")."""

    @property
    def step_text(self) -> str:
        """E.g. ``step 3 of 14``."""
        return f"step {self.step_number} of {self.step_count}"

    @property
    def time_text(self) -> str:
        """E.g. ``2:31 / 10:00`` (with a ``+`` when some step waits for a key)."""
        plus = "+" if self.open_ended else ""
        return f"{format_duration(self.elapsed)} / {format_duration(self.total)}{plus}"


class PracticeProgress(Widget):
    """The overall progress row: "step n of m", a progress bar, and elapsed / total."""

    DEFAULT_CSS = """
    PracticeProgress {
        layout: horizontal;
        height: 1;
        width: 1fr;
    }
    PracticeProgress > #progress-step {
        width: auto;
        margin-right: 2;
    }
    PracticeProgress > ProgressBar {
        width: 1fr;
    }
    PracticeProgress > ProgressBar > Bar {
        width: 1fr;
    }
    PracticeProgress > #progress-time {
        width: auto;
        margin-left: 2;
    }
    """

    view: reactive[ProgressView | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield Static("", id="progress-step", markup=False)
        yield ProgressBar(show_eta=False, show_percentage=False, total=1)
        yield Static("", id="progress-time", markup=False)

    def watch_view(self, view: ProgressView | None) -> None:
        if view is None or not self.is_mounted:
            return
        self.query_one("#progress-step", Static).update(view.step_text)
        self.query_one("#progress-time", Static).update(view.time_text)
        self.query_one(ProgressBar).update(total=max(view.total, 1), progress=view.elapsed)

    def on_mount(self) -> None:
        self.watch_view(self.view)


NARROW_FOOTER = 60
"""Below this width the Footer drops its gaps and the palette hint, so keys are not cut off."""


def fit_footer(footer: Footer, width: int, *, palette: bool = True) -> None:
    """Make ``footer`` compact on a narrow terminal (and roomy again on a wide one).

    ``palette=False`` never shows the command palette's hint, to leave room for more keys.
    """
    narrow = width < NARROW_FOOTER
    show_palette = palette and not narrow
    if footer.compact != narrow or footer.show_command_palette != show_palette:
        footer.compact = narrow
        footer.show_command_palette = show_palette
        footer.refresh(recompose=True)
