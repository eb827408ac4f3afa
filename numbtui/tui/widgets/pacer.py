"""The breathing pacer: a bar that grows while breathing in and shrinks while breathing out.

The bar grows outward from its middle like a filling chest. Every phase looks different
without colour, in shape and in words:

- breathing in:  ``▲ Breathe in · 3`` over ``·····◀██████▶·····`` (arrows point outward),
- topping up:    ``△ Breathe in a little more · 1`` over ``··◁████████████▷··`` (hollow
  arrows point outward; the bar goes on from where breathing in left it, to full),
- holding:       ``■ Hold · 2`` over a solid bar,
- breathing out: ``▼ Breathe out · 5`` over ``·····▶██████◀·····`` (arrows point inward),
- resting empty: ``□ Rest · 2`` over a dotted, empty track.

The bar moves three times a second with the breath, to the level nearest to it
(:func:`fill_level`): on an 80-column terminal a 4 s in-breath has 12 moves over 20 cells a
side, so the bar is never more than a cell (0.2 s) from the breath. With reduced
motion there is no bar: the phase word and a large countdown stay still. The widget repaints
only the lines whose picture changes (see :class:`PacerView`), and :meth:`Pacer.until_next_move`
says when the next cell is due, so the conductor reads the session exactly then instead of
polling.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, TextArea

from numbtui.cues import PHASE_GLYPHS, PHASE_WORDS
from numbtui.exercise import Phase
from numbtui.session import phase_count
from numbtui.tui.cursor import place_cursor
from numbtui.tui.widgets.progress import line_strip

if TYPE_CHECKING:
    from numbtui.session import BreathState

FILLED = "█"
EMPTY = "·"
MAX_HALF = 20
"""Half the bar's width at most, so the pacer stays calm on a wide terminal."""
MIN_HALF = 3
MOVES_PER_SECOND = 3
"""How often the bar moves while breathing in or out: smooth enough to follow, and each move
is a wake-up and a repaint, which is most of what a running pacer costs."""
MIN_MOVES = 4
"""A short phase still moves the bar this many times (a 1 s breath: every quarter second)."""
MAX_STRIPS = 128
"""Drawn lines kept for reuse; a breathing pattern needs a few dozen."""
EPSILON = 1e-9
"""A reading a hair before a cell's moment (floating-point sums) counts as on it."""


@dataclass(frozen=True)
class PacerView:
    """Everything the pacer shows; equal views look the same, so no repaint is needed."""

    phase: Phase
    seconds_left: int
    cycle: int
    cycles: int
    level: int
    """Filled cells on each side of the middle, 0 to ``half``."""
    half: int
    motion: bool

    @property
    def heading(self) -> str:
        """The phase glyph and word, e.g. ``▲ Breathe in``."""
        return f"{PHASE_GLYPHS[self.phase]} {PHASE_WORDS[self.phase]}"

    @property
    def breath_line(self) -> str:
        """Which breath this is, e.g. ``breath 3 of 10``."""
        return f"breath {self.cycle} of {self.cycles}"


def moves(breath: BreathState, half: int) -> int:
    """How many times the bar moves during the phase of ``breath`` (evenly spaced in time)."""
    wanted = max(MIN_MOVES, round(breath.phase_seconds * MOVES_PER_SECOND))
    return max(1, min(half, wanted))


@functools.lru_cache(maxsize=64)
def _steps(
    count: int, half: int, start: float, end: float
) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The levels a phase moves through and where each is first shown.

    ``count`` moves share the way from ``start`` to ``end`` (lung levels, 0 to 1) evenly, each
    to a whole number of cells. Each level is shown from halfway between the previous level and
    it, as a share of the phase (its progress from 0 to 1), so the bar is never more than half
    a move's cells from the breath.
    """
    levels = tuple(round((start + (end - start) * m / count) * half) for m in range(count + 1))
    span = (end - start) * half
    progress = [(level - start * half) / span for level in levels]
    shown_from = tuple((progress[m - 1] + progress[m]) / 2 for m in range(1, count + 1))
    return levels, shown_from


def _moves_made(breath: BreathState, half: int) -> tuple[int, tuple[int, ...], tuple[float, ...]]:
    """How many of the phase's moves the bar has made, with the phase's levels and moments."""
    count = moves(breath, half)
    levels, shown_from = _steps(count, half, breath.fill_from, breath.fill_to)
    progress = breath.phase_elapsed / breath.phase_seconds if breath.phase_seconds > 0 else 1.0
    # A reading exactly halfway counts as before it: the bar never reaches a level early.
    made = bisect.bisect_left(shown_from, progress - EPSILON)
    return made, levels, shown_from


def fill_level(breath: BreathState, half: int) -> int:
    """Filled cells on each side of the middle for ``breath`` on a bar of ``2 * half`` cells.

    The bar moves :func:`moves` times in a phase, to evenly spaced levels, and shows each level
    from halfway between the previous one and it: so it is at most half a move from the
    breath, ahead or behind (a 4 s breath on 80 columns: 12 moves over 20 cells, never more
    than a cell, 0.2 s, from the breath). It is empty as a breath in begins and full as it
    ends.
    """
    if breath.fill_to == breath.fill_from or half <= 0:
        return min(half, max(0, round(breath.fill * half)))
    made, levels, _ = _moves_made(breath, half)
    return min(half, max(0, levels[made]))


def until_next_level(breath: BreathState, half: int) -> float | None:
    """Seconds until :func:`fill_level` next changes within this phase; None if it stays."""
    if breath.fill_to == breath.fill_from or half <= 0 or breath.phase_seconds <= 0:
        return None
    made, _, shown_from = _moves_made(breath, half)
    if made >= len(shown_from):
        return None  # the next change comes with the phase boundary, which the session schedules
    return max(0.0, shown_from[made] * breath.phase_seconds - breath.phase_elapsed)


def pacer_view(breath: BreathState, half: int, *, motion: bool) -> PacerView:
    """What to show for ``breath`` on a bar of ``2 * half`` cells."""
    return PacerView(
        phase=breath.phase,
        seconds_left=phase_count(breath),
        cycle=breath.cycle,
        cycles=breath.cycles,
        level=fill_level(breath, half) if motion else 0,
        half=half,
        motion=motion,
    )


def bar_runs(phase: Phase, level: int, half: int) -> list[tuple[str, bool]]:
    """The bar as runs of text, each with whether it is the filled part (for its colour)."""
    level = min(max(level, 0), half)
    if phase is Phase.HOLD:
        return [(FILLED * (2 * half), True)]
    if phase is Phase.HOLD_EMPTY or level == 0:
        return [(EMPTY * (2 * half), False)]
    # The arrows show which way the breath moves: outward while filling, inward while emptying;
    # hollow while topping up, so the second in-breath looks different without colour.
    left_edge, right_edge = {
        Phase.INHALE: ("◀", "▶"),
        Phase.TOP_UP: ("◁", "▷"),
    }.get(phase, ("▶", "◀"))
    inner = FILLED * (level - 1)
    track = EMPTY * (half - level)
    runs = [(track, False), (f"{left_edge}{inner}{inner}{right_edge}", True), (track, False)]
    return [(text, filled) for text, filled in runs if text]


def bar_text(phase: Phase, level: int, half: int) -> str:
    """The bar as text: ``2 * half`` cells, ``level`` of them filled each side of the middle."""
    return "".join(text for text, _ in bar_runs(phase, level, half))


class Pacer(Widget):
    """Shows one breath: the phase in words and shape, the seconds left, and which breath."""

    DEFAULT_CSS = """
    Pacer {
        height: 3;
        width: 1fr;
        text-align: center;
    }
    Pacer > .pacer--fill {
        color: $primary;
    }
    Pacer > .pacer--track {
        color: $text-muted;
    }
    Pacer > .pacer--heading {
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"pacer--fill", "pacer--track", "pacer--heading"}

    class Resized(Message):
        """The pacer's size changed, so its bar has another number of cells."""

    def __init__(
        self, *, motion: bool = True, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.motion = motion
        """False for reduced motion: no bar, only the phase word and a countdown."""
        self._view: PacerView | None = None
        self._half = MIN_HALF
        self._strips: dict[tuple[object, ...], Strip] = {}
        """Drawn lines by what they show: a practice repeats the same few pictures."""

    @property
    def view(self) -> PacerView | None:
        """What is shown; the parent sets it through :meth:`show`."""
        return self._view

    @property
    def half(self) -> int:
        """Half the bar's width in cells for the current size."""
        return self._half

    def show(self, breath: BreathState | None) -> None:
        """Show ``breath`` (or nothing); repaints only the lines whose picture changes."""
        view = None if breath is None else pacer_view(breath, self._half, motion=self.motion)
        old = self._view
        if view == old:
            return
        self._view = view
        if view is not None and (old is None or old.phase != view.phase or old.cycle != view.cycle):
            # After the layout: the pacer may have just been shown, with no place on screen yet.
            self.call_after_refresh(self._cursor_to_heading)
        if old is None or view is None:
            self.refresh()
            return
        width = self.size.width
        changed = [
            Region(0, y, width, 1)
            for y in range(3)
            if _line_key(old, y, self._half) != _line_key(view, y, self._half)
        ]
        self.refresh(*changed)

    def _cursor_to_heading(self) -> None:
        """Put the terminal cursor on the phase's words, so a braille display shows them.

        Only on the screen in front, and not while a text input holds the cursor at its caret.
        """
        view = self._view
        if view is None or not self.is_mounted or not self.display or not self.screen.is_current:
            return
        if isinstance(self.screen.focused, Input | TextArea):
            return
        width = self.content_region.width
        line = self._line(view, 0).cell_length
        place_cursor(self.app, self, x=max(0, (width - line) // 2))

    def until_next_move(self, breath: BreathState) -> float | None:
        """Seconds until the bar for ``breath`` moves by itself; None if it stays still.

        Changes of phase and of the seconds shown are not counted: the session schedules
        those (``Snapshot.next_visible_change``).
        """
        if not self.motion:
            return None
        return until_next_level(breath, self._half)

    def on_resize(self, event: events.Resize) -> None:
        # The cells and the moments they move depend on the width (also when first shown).
        self._half = max(MIN_HALF, min(MAX_HALF, self.size.width // 2))
        self.post_message(self.Resized())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # drawn in the old colours

    def render(self) -> Content:
        view = self._view
        if view is None:
            return Content("")
        return Content("\n").join(self._line(view, y) for y in range(3))

    def render_line(self, y: int) -> Strip:
        view = self._view
        if view is None or y > 2:
            return Strip([])
        width = self.size.width
        key = (y, width, *_line_key(view, y, self._half))
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) >= MAX_STRIPS:
                self._strips.clear()
            # Each line fits the width, so it is drawn straight into a strip (see line_strip).
            line = line_strip(self._line(view, y), width, self.visual_style, align="center")
            strip = self._strips[key] = line
        return strip

    def _line(self, view: PacerView, y: int) -> Content:
        """Line ``y`` of ``view`` as content."""
        heading_style = self.get_visual_style("pacer--heading", partial=True)
        if y == 2:
            return Content(view.breath_line)
        if not view.motion:
            text = view.heading if y == 0 else str(view.seconds_left)
            return Content.styled(text, heading_style)
        if y == 0:
            return Content.assemble((view.heading, heading_style), f" · {view.seconds_left}")
        half = self._half
        # After a resize the view may be for another width until the next reading.
        level = round(view.level * half / view.half) if view.half else 0
        fill_style = self.get_visual_style("pacer--fill", partial=True)
        track_style = self.get_visual_style("pacer--track", partial=True)
        return Content.assemble(
            *[
                (text, fill_style if filled else track_style)
                for text, filled in bar_runs(view.phase, level, half)
            ]
        )


def _line_key(view: PacerView, y: int, half: int) -> tuple[object, ...]:
    """What line ``y`` of ``view`` depends on: equal keys draw the same line."""
    if y == 2:
        return (view.cycle, view.cycles)
    if not view.motion:
        return (view.phase,) if y == 0 else (view.seconds_left,)
    if y == 0:
        return (view.phase, view.seconds_left)
    return (view.phase, view.level, view.half, half)
