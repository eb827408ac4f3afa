"""A Footer that never cuts a key in half: what does not fit is left out, F1 Keys stays.

Textual's Footer draws every key in a row and lets the terminal's edge cut the last ones
mid-word ("p Previou"). :class:`FittedFooter` keeps the keys in order while they fit the
width, always keeps the one that opens the keys screen (which lists every key, including those
left out here), and drops the rest, so every label shown is whole and true.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the Footer's own key widget, to measure it

KEYS_ACTIONS = frozenset({"help", "app.help"})
"""The action of the key that lists every key: it is the last to go."""


def key_width(key: FooterKey, *, compact: bool) -> int:
    """Cells ``key`` takes in the footer (its label plus the padding or margin around it)."""
    label = cell_len(key.key_display) + cell_len(key.description)
    if not key.description:
        return cell_len(key.key_display) + (1 if compact else 2)
    return label + (2 if compact else 3)


def fitting(keys: list[FooterKey], room: int, *, compact: bool) -> list[FooterKey]:
    """The keys to show in ``room`` cells: the keys screen's, then the others in order (their
    order is their importance) up to the first that does not fit."""
    chosen = [key for key in keys if key.action in KEYS_ACTIONS][:1]
    used = sum(key_width(key, compact=compact) for key in chosen)
    for key in keys:
        if key in chosen:
            continue
        used += key_width(key, compact=compact)
        if used > room:
            break
        chosen.append(key)
    return [key for key in keys if key in chosen]


class FittedFooter(Footer):
    """The Footer, with only the keys that fit the terminal's width (see the module)."""

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        keys = [
            w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")
        ]
        palette = [w for w in widgets if w not in keys]
        width = self.size.width or self.app.size.width
        # Non-compact, the footer starts with a space; compact, the last key's margin may
        # fall off the edge.
        room = width - (1 if not self.compact else -1)
        if palette:
            room -= sum(
                key_width(w, compact=False) + 1 for w in palette if isinstance(w, FooterKey)
            )
        shown = fitting(keys, room, compact=self.compact)
        for widget in widgets:
            if widget in palette or widget in shown:
                yield widget

    def on_resize(self, event: events.Resize) -> None:
        # Which keys fit depends on the width: choose again.
        if event.size.width != getattr(self, "_fitted_width", None):
            self._fitted_width = event.size.width
            self.refresh(recompose=True)
