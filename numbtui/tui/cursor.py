"""Where the terminal's cursor stands, for braille displays and screen readers' review cursors.

Textual hides the cursor, but still moves it after every update to ``App.cursor_position``
(screen cells). A braille display, and the review cursor of a screen reader, follow it. So it
is put where the user's attention is: at the start of the focused control, unless the control
places it at its own caret (text inputs do); and, on the player, at the breath phase's words
(see :class:`numbtui.tui.widgets.pacer.Pacer`).
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input, TextArea


def place_cursor(app: App[Any], widget: Widget, x: int = 0, y: int = 0) -> None:
    """Put the cursor ``x`` cells right of and ``y`` lines below ``widget``'s content start."""
    region = widget.content_region
    app.cursor_position = Offset(region.x + x, region.y + y)


def follow_focus(app: App[Any], widget: Widget) -> None:
    """Put the cursor on a newly focused control (text inputs place it at their caret)."""
    if isinstance(widget, Input | TextArea):
        return
    place_cursor(app, widget)
