"""The breathing pacer: a bar that grows while breathing in and shrinks while breathing out.

The bar grows outward from its middle like a filling chest. Every phase looks different
without colour, in shape and in words:

- breathing in:  ``▲ Breathe in · 3`` over ``·····◀██████▶·····`` (arrows point outward),
- holding:       ``■ Hold · 2`` over a solid bar,
- breathing out: ``▼ Breathe out · 5`` over ``·····▶██████◀·····`` (arrows point inward),
- resting empty: ``□ Rest · 2`` over a dotted, empty track.

With reduced motion there is no bar: the phase word and a large countdown stay still. The
widget repaints only when what it shows changes (see :class:`PacerView`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from numbtui.exercise import Phase

if TYPE_CHECKING:
    from numbtui.session import BreathState

PHASE_WORDS: dict[Phase, str] = {
    Phase.INHALE: "Breathe in",
    Phase.HOLD: "Hold",
    Phase.EXHALE: "Breathe out",
    Phase.HOLD_EMPTY: "Rest",
}
PHASE_GLYPHS: dict[Phase, str] = {
    Phase.INHALE: "▲",
    Phase.HOLD: "■",
    Phase.EXHALE: "▼",
    Phase.HOLD_EMPTY: "□",
}
FILLED = "█"
EMPTY = "·"
MAX_HALF = 20
"""Half the bar's width at most, so the pacer stays calm on a wide terminal."""
MIN_HALF = 3


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


def pacer_view(breath: BreathState, half: int, *, motion: bool) -> PacerView:
    """What to show for ``breath`` on a bar of ``2 * half`` cells."""
    # Round up, so the count reads 3, 2, 1 and never 0 while the phase still runs.
    seconds_left = max(1, math.ceil(breath.phase_remaining - 1e-6))
    level = round(min(1.0, max(0.0, breath.fill)) * half) if motion else 0
    return PacerView(
        phase=breath.phase,
        seconds_left=seconds_left,
        cycle=breath.cycle,
        cycles=breath.cycles,
        level=level,
        half=half,
        motion=motion,
    )


def bar_text(phase: Phase, level: int, half: int) -> str:
    """The bar as text: ``2 * half`` cells, ``level`` of them filled each side of the middle."""
    level = min(max(level, 0), half)
    if phase is Phase.HOLD:
        return FILLED * (2 * half)
    if phase is Phase.HOLD_EMPTY or level == 0:
        return EMPTY * (2 * half)
    # The arrows show which way the breath moves: outward while filling, inward while emptying.
    left_edge, right_edge = ("◀", "▶") if phase is Phase.INHALE else ("▶", "◀")
    inner = FILLED * (level - 1)
    track = EMPTY * (half - level)
    return f"{track}{left_edge}{inner}{inner}{right_edge}{track}"


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

    view: reactive[PacerView | None] = reactive(None)
    """What is shown; the parent sets it through :meth:`show`."""

    def __init__(
        self, *, motion: bool = True, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.motion = motion
        """False for reduced motion: no bar, only the phase word and a countdown."""

    @property
    def half(self) -> int:
        """Half the bar's width in cells for the current size."""
        return max(MIN_HALF, min(MAX_HALF, self.content_size.width // 2))

    def show(self, breath: BreathState | None) -> None:
        """Show ``breath`` (or nothing); repaints only if the picture changes."""
        self.view = None if breath is None else pacer_view(breath, self.half, motion=self.motion)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        heading_style = self.get_visual_style("pacer--heading", partial=True)
        if not view.motion:
            return Content.assemble(
                (view.heading, heading_style),
                "\n",
                (str(view.seconds_left), heading_style),
                "\n",
                view.breath_line,
            )
        half = self.half
        level = round(view.level * half / view.half) if view.half else 0
        bar = bar_text(view.phase, level, half)
        fill_style = self.get_visual_style("pacer--fill", partial=True)
        track_style = self.get_visual_style("pacer--track", partial=True)
        runs = [
            ("".join(chars), track_style if empty else fill_style)
            for empty, chars in groupby(bar, key=lambda char: char == EMPTY)
        ]
        return Content.assemble(
            (view.heading, heading_style),
            f" · {view.seconds_left}",
            "\n",
            *runs,
            "\n",
            view.breath_line,
        )
