"""Scale: the 0–10 answer to "how much can you feel?", chosen with one or two keys or a click.

The scale starts with nothing chosen (it never suggests an answer). Keys: ``0``–``9`` choose
that number; ``t`` or End chooses 10, and so does typing ``1`` then ``0``; Home chooses 0;
← → (also ``-`` ``+``) move by one, and from "nothing chosen" they start at 0. Every value is
therefore at most two keys away. The scale posts :class:`Scale.Changed` when the value changes.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from numbtui.rating import SCALE_HIGH, SCALE_LOW, SCALE_MAX, SCALE_MIN

CELL = 4
"""Columns per number on the scale (wide enough for a mouse to hit)."""
WIDTH = CELL * (SCALE_MAX - SCALE_MIN + 1)

SCALE_KEYS_HINT = "Press 0–9, or t for 10 · ← → to adjust"
"""How to answer, in one line, for the screens that hold a scale."""


class Scale(Widget, can_focus=True):
    """A row of numbers from 0 (nothing at all) to 10 (vivid) with at most one chosen."""

    DEFAULT_CSS = """
    Scale {
        width: auto;
        height: 3;
        padding: 0;
    }
    Scale > .scale--number {
        color: $text;
    }
    Scale > .scale--chosen {
        background: $primary;
        color: $background;
        text-style: bold;
    }
    Scale:focus > .scale--chosen {
        background: $accent;
        color: $background;
    }
    Scale > .scale--ends {
        color: $text-muted;
    }
    Scale:focus > .scale--ends {
        color: $text;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"scale--number", "scale--chosen", "scale--ends"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "digit(0)", "Choose", key_display="0–10"),
        *(Binding(str(digit), f"digit({digit})", show=False) for digit in range(1, 10)),
        Binding("t,end", "choose(10)", "Ten", show=False),
        Binding("home", "choose(0)", "Zero", show=False),
        Binding("left,minus", "step(-1)", "One less", show=False),
        Binding("right,plus", "step(1)", "One more", show=False),
    ]
    HELP_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"step(-1)", "step(1)", "choose(10)", "choose(0)"}
    )
    """Keys the keys screen (F1) lists although the Footer has no room for them."""

    value: reactive[int | None] = reactive(None)
    """The chosen number, or None while nothing is chosen."""

    class Changed(Message):
        """The chosen number changed."""

        def __init__(self, scale: Scale, value: int | None) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

        @property
        def control(self) -> Scale:
            """The scale that changed."""
            return self.scale

    def __init__(
        self,
        value: int | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(Scale.value, value)
        self._typed_one = False
        """The last key was the digit 1, so a 0 now means 10 (typing "10")."""

    def type_digit(self, digit: int) -> None:
        """Answer a digit key: that number, or 10 when it is a 0 right after a 1."""
        if digit == 0 and self._typed_one:
            self._typed_one = False
            self.value = SCALE_MAX
            return
        self._typed_one = digit == 1
        self.value = digit

    def choose(self, value: int) -> None:
        """Choose ``value`` (kept within the scale)."""
        self._typed_one = False
        self.value = max(SCALE_MIN, min(SCALE_MAX, value))

    def step(self, delta: int) -> None:
        """Move by ``delta``; from "nothing chosen" the first step lands on 0."""
        if self.value is None:
            self.choose(SCALE_MIN)
        else:
            self.choose(self.value + delta)

    def action_digit(self, digit: int) -> None:
        self.type_digit(digit)

    def action_choose(self, value: int) -> None:
        self.choose(value)

    def action_step(self, delta: int) -> None:
        self.step(delta)

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def on_blur(self) -> None:
        self._typed_one = False

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y > 1:
            return
        self.choose(SCALE_MIN + offset.x // CELL)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return WIDTH

    def render(self) -> Content:
        number = self.get_visual_style("scale--number")
        chosen = self.get_visual_style("scale--chosen")
        ends = self.get_visual_style("scale--ends")
        cells = Content.assemble(
            *(
                (f"{value:>{CELL - 1}} ", chosen if value == self.value else number)
                for value in range(SCALE_MIN, SCALE_MAX + 1)
            )
        )
        gap = " " * max(1, WIDTH - len(SCALE_LOW) - len(SCALE_HIGH))
        labels = Content.assemble((SCALE_LOW, ends), gap, (SCALE_HIGH, ends))
        if self.value is None:
            status = Content.styled("no number chosen yet".center(WIDTH).rstrip(), ends)
        else:
            status = Content(f"you chose {self.value}".center(WIDTH).rstrip())
        return Content("\n").join([cells, labels, status])
