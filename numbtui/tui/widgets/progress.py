"""Progress read-outs for the player: literal text lines and the overall progress row.

Both are cheap to update many times: they repaint only when what they show changes, and
only themselves. :class:`Readout` asks for a layout pass only when its new text needs a
different size (a countdown ticking from ``0:10`` to ``0:09`` does not), and
:class:`PracticeProgress` draws its whole row, bar included, as one line of text that
changes once a second at most. A line that fits is drawn straight into a strip
(:func:`line_strip`), skipping the general wrap-and-align pass, which is most of the cost of
a repaint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Footer

from numbtui.durations import format_duration

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


def line_strip(content: Content, width: int, style: Style, *, align: str = "left") -> Strip:
    """One line of ``content`` (no line breaks) on ``style``, aligned within ``width`` cells.

    Draws what Textual's own rendering draws for a line that fits, without wrapping.
    """
    length = content.cell_length
    if align == "center":
        pad = (width - length) // 2
    elif align in ("right", "end"):
        pad = width - length
    else:
        pad = 0
    segments = content.render_segments(style)
    if pad > 0:
        segments.insert(0, Segment(" " * pad, style.background_style.rich_style))
    strip = Strip(segments, length + max(pad, 0))
    return strip.crop(0, width) if strip.cell_length > width else strip


class Readout(Widget):
    """One piece of text shown literally (never as markup), hidden while it is empty."""

    DEFAULT_CSS = """
    Readout {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._text = text
        # Content(...) never parses markup: "[/]" in an exercise file is shown as typed.
        self._content = Content(text)
        if not text:
            # Only an empty readout is hidden here, so CSS may still hide a full one.
            self.display = False

    @property
    def text(self) -> str:
        """The text shown (empty while hidden)."""
        return self._text

    def show(self, text: str) -> None:
        """Show ``text`` (hide the readout if it is empty); does nothing if it is unchanged."""
        if text == self._text:
            return
        old, self._text = self._text, text
        old_content, new_content = self._content, Content(text)
        self._content = new_content
        if bool(old) != bool(text):
            self.display = bool(text)  # a layout pass follows by itself
            self.refresh()
            return
        # A full layout pass costs far more than a repaint: only ask for one when the new text
        # takes a different number of lines or (for an auto-width readout) columns.
        width = self.size.width
        self.refresh(layout=_shape(old_content, width, self) != _shape(new_content, width, self))

    def render(self) -> Content:
        return self._content

    def render_line(self, y: int) -> Strip:
        content = self._content
        width = self.size.width
        if not _one_line(content, width):
            return super().render_line(y)  # wrapped text, tabs: Textual's general path
        if y:
            return Strip([])
        return line_strip(content, width, self.visual_style, align=self.styles.text_align)


def _one_line(content: Content, width: int) -> bool:
    """True if ``content`` is one line of plain characters that fits in ``width`` cells."""
    return content.cell_length <= width and content.plain.isprintable()


def _shape(content: Content, width: int, widget: Widget) -> tuple[int, int] | None:
    """Columns and lines ``content`` takes in ``widget`` at ``width``; None if not laid out."""
    if not width:
        return None  # not laid out yet: the layout decides
    if _one_line(content, width):
        return content.cell_length, 1  # the usual case, without a trial wrap
    # Textual's own layout passes a widget's styles as the rules, as here.
    rules = cast("RulesMap", widget.styles)
    return content.get_optimal_width(rules, width), content.get_height(rules, width)


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

    @property
    def fraction(self) -> float:
        """How much of the plan is done, from 0 to 1."""
        return min(1.0, max(0.0, self.elapsed / max(self.total, 1)))


BAR = "━"
HALF_BAR_END = "╸"
HALF_BAR_START = "╺"
GAP = "  "
MIN_BAR = 30
"""Below this many cells the bar is left out of the row (about 60 columns): the words say it
all, and a short bar only crowds them."""


def bar_cells(width: int, fraction: float) -> tuple[str, str]:
    """A thin bar ``width`` cells long, ``fraction`` of it filled, in half cells.

    Returns the filled part and the rest (the track), drawn like Textual's ProgressBar: the
    filled part ends in a half cell ``╸`` when it ends mid-cell, otherwise the track starts
    with one ``╺``.
    """
    if width <= 0:
        return "", ""
    halves = math.floor(min(1.0, max(0.0, fraction)) * width * 2)
    whole, half = divmod(halves, 2)
    if half:
        return BAR * whole + HALF_BAR_END, BAR * (width - whole - 1)
    if whole == width:
        return BAR * width, ""
    if whole == 0:
        return "", BAR * width
    return BAR * whole, HALF_BAR_START + BAR * (width - whole - 1)


class PracticeProgress(Widget):
    """The overall progress row: "step n of m", a progress bar, and elapsed / total.

    The bar takes the room left between the two texts and is left out when that room is
    short (a narrow terminal).
    """

    DEFAULT_CSS = """
    PracticeProgress {
        height: 1;
        width: 1fr;
    }
    PracticeProgress > .progress--bar {
        color: $primary;
    }
    PracticeProgress > .progress--complete {
        color: $success;
    }
    PracticeProgress > .progress--track {
        color: $surface;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "progress--bar",
        "progress--complete",
        "progress--track",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._view: ProgressView | None = None

    @property
    def view(self) -> ProgressView | None:
        """What the row shows; equal views look the same, so setting one again costs nothing."""
        return self._view

    @view.setter
    def view(self, view: ProgressView | None) -> None:
        if view != self._view:
            self._view = view
            self.refresh()

    def render_line(self, y: int) -> Strip:
        if y:
            return Strip([])
        return line_strip(self.render(), self.size.width, self.visual_style)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        step, time = view.step_text, view.time_text
        room = self.size.width - cell_len(step) - cell_len(time) - 2 * len(GAP)
        if room < MIN_BAR:
            return Content.assemble(step, GAP, time)
        filled, track = bar_cells(room, view.fraction)
        done = "progress--complete" if view.fraction >= 1 else "progress--bar"
        return Content.assemble(
            step,
            GAP,
            (filled, self.get_visual_style(done, partial=True)),
            (track, self.get_visual_style("progress--track", partial=True)),
            GAP,
            time,
        )


NARROW_FOOTER = 70
"""Below this width the Footer drops its gaps and the palette hint, so keys are not cut off."""


def fit_footer(
    footer: Footer, width: int, *, palette: bool = True, narrow_below: int = NARROW_FOOTER
) -> None:
    """Make ``footer`` compact on a narrow terminal (and roomy again on a wide one).

    ``palette=False`` never shows the command palette's hint, to leave room for more keys;
    ``narrow_below`` is the width under which the keys no longer fit with their spacing.
    """
    narrow = width < narrow_below
    show_palette = palette and not narrow
    if footer.compact != narrow or footer.show_command_palette != show_palette:
        footer.compact = narrow
        footer.show_command_palette = show_palette
        footer.refresh(recompose=True)
