"""The keys screen (F1 or ?): the keys of the screen underneath, then the ones that work anywhere.

It reads the covered screen's active bindings, so it is always true to what the keys do right
now (a focused list adds its own keys, a modal hides the ones behind it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.widgets.footer import FittedFooter

GLOBAL_WORDS = {
    "support": "Where to find support",
    "help": "This list of keys",
    "interrupt": "Quit (an exercise under way is kept, as stopped early)",
    "quit": "Quit",
    "suspend_process": "Suspend to the shell; fg brings numbtui back",
    "command_palette": "Search commands, exercises and themes",
}
"""Fuller descriptions for the app-wide keys than their short Footer labels."""

KEY_WIDTH = 16
KEY_NAMES = {
    "escape": "Escape",
    "question_mark": "?",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Delete",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "ctrl": "Ctrl",
    "shift": "Shift",
    "alt": "Alt",
    "plus": "+",
    "minus": "-",
    "full_stop": ".",
    "comma": ",",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}
SCREEN_BASE = {
    ("app.focus_next", "Focus Next"),
    ("app.focus_previous", "Focus Previous"),
    ("screen.copy_text", "Copy selected text"),
}
"""Keys every Textual screen has (action, words); Tab is listed once, under "Everywhere"."""
MOVE_ROW_KEYS = "Tab / Shift+Tab"
MOVE_ROW_WORDS = "Move to the next / previous control"
MOUSE = "The mouse works too: click buttons, switches and choices; scroll with the wheel."


@dataclass(frozen=True)
class KeyRow:
    """One line of the list: the keys (joined with " / ") and what they do."""

    keys: str
    description: str


def key_label(binding: Binding) -> str:
    """How a key is written for people: "Escape", "F1", "Ctrl+C", "?"."""
    if binding.key_display:
        return binding.key_display
    parts = binding.key.split("+")
    shown = []
    for part in parts:
        function_key = part[:1] == "f" and part[1:].isdigit()
        with_modifier = len(part) == 1 and len(parts) > 1
        if part in KEY_NAMES:
            shown.append(KEY_NAMES[part])
        elif function_key or with_modifier:
            shown.append(part.upper())
        else:
            shown.append(part)
    return "+".join(shown)


def _rows(bindings: Iterable[Binding], words: dict[str, str]) -> list[KeyRow]:
    """Rows grouped by what the keys do, in first-seen order; keys without words are left out.

    A binding with its own ``key_display`` (e.g. "q/esc") already names the row's keys, so
    then the plain labels of the others are left out.
    """
    plain: dict[tuple[str, str], list[str]] = {}
    named: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        description = words.get(binding.action, binding.description)
        if not description:
            continue
        row = (binding.action, description)
        keys = plain.setdefault(row, [])
        shown = key_label(binding)
        if binding.key_display:
            keys = named.setdefault(row, [])
        if shown not in keys:
            keys.append(shown)
    rows = []
    for (action, description), keys in plain.items():
        rows.append(KeyRow(" / ".join(named.get((action, description), keys)), description))
    return rows


def screen_rows(covered: Screen[Any]) -> list[KeyRow]:
    """The keys that act on ``covered`` right now.

    All of the screen's own keys, and those of its focused widget that the Footer would show
    (a text box's many editing keys would bury the ones that matter) or that the widget names
    in its ``HELP_ACTIONS`` (keys worth knowing that the Footer has no room for).
    """
    app = covered.app
    bindings = [
        active.binding
        for active in covered.active_bindings.values()
        if active.node is not app
        and active.enabled
        and (active.binding.action, active.binding.description) not in SCREEN_BASE
        and (
            active.node is covered
            or active.binding.show
            or active.binding.action in getattr(active.node, "HELP_ACTIONS", ())
        )
    ]
    return _rows(bindings, {})


def global_rows(app: App[Any]) -> list[KeyRow]:
    """The keys that work on every screen; where two share a key, the priority one acts."""
    chosen: dict[str, Binding] = {}
    # The app's merged bindings (its own and Textual's) are only exposed as ``_bindings``.
    for key, binding in app._bindings:
        earlier = chosen.get(key)
        if earlier is None or (binding.priority and not earlier.priority):
            chosen[key] = binding
    return [*_rows(chosen.values(), GLOBAL_WORDS), KeyRow(MOVE_ROW_KEYS, MOVE_ROW_WORDS)]


def row_content(row: KeyRow) -> Content:
    """A row as styled text (the words are never read as markup)."""
    return Content.assemble((row.keys.ljust(KEY_WIDTH), "bold"), " ", row.description)


class HelpScreen(DismissOnce[None]):
    """What each key does here, and everywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
        Binding("question_mark", "close", "Back", show=False),
    ]

    def __init__(self, covered: Screen[Any]) -> None:
        super().__init__()
        self.covered = covered
        """The screen whose keys are listed."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="care-body", can_focus=True):
            yield Static("Keys", classes="care-title")
            yield Static("On this screen", classes="care-heading")
            rows = screen_rows(self.covered)
            if not rows:
                yield Static("No keys of its own.", classes="key-row muted")
            for row in rows:
                yield Static(row_content(row), classes="key-row")
            yield Static("Everywhere", classes="care-heading")
            for row in global_rows(self.app):
                yield Static(row_content(row), classes="key-row")
            yield Static(MOUSE, id="help-mouse", classes="muted", markup=False)
            yield Static(
                "Escape, F1 or q takes you back.", id="help-hint", classes="muted", markup=False
            )
        yield FittedFooter()

    def action_close(self) -> None:
        """Go back."""
        self.dismiss(None)
