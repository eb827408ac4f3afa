"""Key bindings that several screens share."""

from __future__ import annotations

from textual.binding import Binding

GLOBAL_KEYS: tuple[Binding, ...] = (
    Binding("f2", "app.support", "Support"),
    Binding("f1", "app.help", "Keys"),
)
"""The app's always-there keys, repeated so a modal screen's Footer shows them too (a modal
screen's Footer leaves out the app's bindings; the app's own priority bindings still handle
the keys)."""
