"""The settings screen: theme, bell, motion, check-in, get-ready time, sound, default lengths.

Every change applies at once and is saved in a thread. Two things are kept apart: the saved
settings (``app.context.settings``, the only thing written to the file) and this run's
command-line overrides (``app.context.options``); ``app.prefs`` is the two combined. So
``numbtui --bell`` never ends up in the file unless the bell switch itself is changed here,
which is a deliberate choice and then wins for this run too.
"""

from __future__ import annotations

import math
import threading
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from pydantic import ValidationError
from rich.text import Text
from textual import constants
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.validation import Function
from textual.widgets import Footer, Input, Label, Select, Static, Switch

from numbtui import settings
from numbtui.errors import SettingsError
from numbtui.settings import Settings
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.themes import NUMBTUI_THEMES

if TYPE_CHECKING:
    from numbtui.tui.app import NumbtuiApp

SWITCHES = (
    ("bell", "Bell", "Ring the terminal bell at each step and breath."),
    ("reduce_motion", "Reduce motion", "No animation: the pacer shows words and a countdown."),
    ("checkin", "Check-in before", "Ask how much you can feel before each exercise, too."),
)
SOUND_SWITCHES = (
    ("phase_words", "Phase words", "With voice: also say in, hold, out at each breath."),
)
SOUND_LABELS = {"off": "Off", "cues": "Cues", "voice": "Cues and voice"}
MAX_LEAD_IN = 30.0
MAX_MINUTES = 180.0
BAD_FILE_NOTE = (
    "Your settings file could not be read, so the defaults are in use. "
    "A change here keeps your file beside the new one, as settings.yaml.bad."
)

_save_lock = threading.Lock()


def number(text: str) -> float | None:
    """The finite number written in ``text``, or None."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def lead_in_value(text: str) -> float | None:
    """Seconds of get-ready written in ``text`` (0 to 30), or None if it is not that."""
    value = number(text)
    return value if value is not None and 0 <= value <= MAX_LEAD_IN else None


def volume_value(text: str) -> int | None:
    """A volume written in ``text`` (a whole number from 0 to 100), or None."""
    value = number(text)
    return int(value) if value is not None and value.is_integer() and 0 <= value <= 100 else None


def minutes_ok(text: str) -> bool:
    """Blank (the exercise's own length) or more than 0 and at most 180 minutes."""
    if not text.strip():
        return True
    value = number(text)
    return value is not None and 0 < value <= MAX_MINUTES


def shown_number(value: float) -> str:
    """3.0 as "3", 2.5 as "2.5"."""
    return f"{value:g}"


def theme_names(available: list[str]) -> list[str]:
    """numbtui's themes first, then the others that a settings file can name."""
    own = [theme.name for theme in NUMBTUI_THEMES if theme.name in available]
    others = sorted(
        name
        for name in available
        if name not in own and settings.THEME_PATTERN.fullmatch(name) is not None
    )
    return own + others


class SettingsScreen(DismissOnce[None]):
    """Change how numbtui looks and behaves; saved as you go."""

    AUTO_FOCUS = "#theme"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    @property
    def numbtui(self) -> NumbtuiApp:
        """The app, with numbtui's attributes."""
        return cast("NumbtuiApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.numbtui
        prefs = app.prefs
        with VerticalScroll(id="settings-body", classes="care-body"):
            yield Static("Settings", classes="care-title")
            yield Static(
                "Changes apply at once and are saved for next time.",
                classes="muted",
                markup=False,
            )
            if app.context.settings_problems:
                yield Static(BAD_FILE_NOTE, id="settings-file-note", markup=False)
            themes = theme_names(list(app.available_themes))
            with Horizontal(classes="setting-row"):
                yield Label("Theme", classes="setting-label")
                yield Select(
                    [(name, name) for name in themes],
                    value=app.theme if app.theme in themes else themes[0],
                    allow_blank=False,
                    id="theme",
                )
            for field, label, about in SWITCHES:
                with Horizontal(classes="setting-row"):
                    yield Label(label, classes="setting-label")
                    yield Switch(bool(getattr(prefs, field)), id=field.replace("_", "-"))
                    yield Static(about, classes="setting-about", markup=False)
                yield Static(
                    "",
                    id=f"{field.replace('_', '-')}-note",
                    classes="setting-note -override",
                    markup=False,
                )
            with Horizontal(classes="setting-row"):
                yield Label("Get ready", classes="setting-label")
                yield Input(
                    shown_number(prefs.lead_in_seconds),
                    type="number",
                    validators=[Function(lambda t: lead_in_value(t) is not None)],
                    id="lead-in",
                    classes="setting-number",
                )
                yield Static(
                    "seconds before an exercise (0 to 30)",
                    classes="setting-about",
                    markup=False,
                )
            yield from self._compose_sound()
            yield from self._compose_lengths()
        yield Footer()

    def _compose_sound(self) -> ComposeResult:
        prefs = self.numbtui.prefs
        with Horizontal(classes="setting-row"):
            yield Label("Sound", classes="setting-label")
            yield Select(
                [(SOUND_LABELS[name], name) for name in settings.SOUND_CHOICES],
                value=prefs.sound,
                allow_blank=False,
                id="sound",
            )
            yield Input(
                str(prefs.volume),
                type="integer",
                validators=[Function(lambda t: volume_value(t) is not None)],
                id="volume",
                classes="setting-number",
            )
            yield Static("volume (0 to 100)", classes="setting-unit", markup=False)
        for field, label, about in SOUND_SWITCHES:
            with Horizontal(classes="setting-row"):
                yield Label(label, classes="setting-label")
                yield Switch(bool(getattr(prefs, field)), id=field.replace("_", "-"))
                yield Static(about, classes="setting-about", markup=False)

    def _compose_lengths(self) -> ComposeResult:
        exercises = self.numbtui.context.library.exercises
        with Horizontal(classes="setting-row"):
            yield Label("Default length", classes="setting-label")
            if not exercises:
                yield Static("No exercises are loaded.", classes="setting-about")
                return
            yield Select(
                # Titles come from files: Text keeps them from being read as markup.
                [(Text(exercise.title), exercise.id) for exercise in exercises],
                value=exercises[0].id,
                allow_blank=False,
                id="length-exercise",
            )
            yield Input(
                self._minutes_text(exercises[0].id),
                placeholder="as written",
                type="number",
                validators=[Function(minutes_ok)],
                id="length-minutes",
                classes="setting-number",
            )
            yield Static("min", classes="setting-unit", markup=False)
        yield Static(
            "Leave the minutes blank to keep the length the exercise was written with.",
            id="length-note",
            classes="setting-note",
            markup=False,
        )

    def on_mount(self) -> None:
        self._show_overrides()

    def _minutes_text(self, exercise_id: str) -> str:
        minutes = self.numbtui.context.settings.minutes.get(exercise_id)
        return "" if minutes is None else shown_number(minutes)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        if not isinstance(value, str):
            return
        if event.select.id == "theme":
            self.numbtui.apply_theme(value)
            self.change(theme=value)
        elif event.select.id == "sound" and value != self.numbtui.prefs.sound:
            # Also sent when the select is first shown: a --sound for this run is not saved.
            self.change(sound=value)
        elif event.select.id == "length-exercise":
            self.query_one("#length-minutes", Input).value = self._minutes_text(value)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        field = (event.switch.id or "").replace("-", "_")
        if field in {name for name, _, _ in (*SWITCHES, *SOUND_SWITCHES)}:
            self.change(**{field: event.value})

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "lead-in":
            seconds = lead_in_value(event.value)
            if seconds is not None:
                self.change(lead_in_seconds=seconds)
        elif event.input.id == "volume":
            volume = volume_value(event.value)
            if volume is not None:
                self.change(volume=volume)
        elif event.input.id == "length-minutes" and minutes_ok(event.value):
            exercise_id = self.query_one("#length-exercise", Select).value
            if not isinstance(exercise_id, str):
                return
            minutes = dict(self.numbtui.context.settings.minutes)
            value = number(event.value)
            if value is None:
                minutes.pop(exercise_id, None)
            else:
                minutes[exercise_id] = value
            self.change(minutes=minutes)

    def change(self, **changes: Any) -> None:
        """Apply changed settings now and save them; see :func:`change_settings`."""
        change_settings(self.numbtui, **changes)
        self._show_overrides()

    def _show_overrides(self) -> None:
        prefs, saved = self.numbtui.prefs, self.numbtui.context.settings
        for field, _, _ in SWITCHES:
            note = self.query_one(f"#{field.replace('_', '-')}-note", Static)
            now, kept = bool(getattr(prefs, field)), bool(getattr(saved, field))
            note.set_class(now != kept, "-shown")
            if now == kept:
                note.update("")
            else:
                note.update(
                    f"{'On' if now else 'Off'} for this run only (command line or "
                    f"environment); saved as {'on' if kept else 'off'}."
                )

    def action_close(self) -> None:
        """Go back."""
        self.dismiss(None)


def change_settings(app: NumbtuiApp, **changes: Any) -> None:
    """Apply changed settings now; save them (in a thread) if the saved ones changed.

    Changing bell, motion or check-in is a deliberate choice, so it also replaces that
    flag's command-line override for the rest of this run.
    """
    context = app.context
    try:
        saved = Settings.model_validate({**context.settings.model_dump(), **changes})
    except ValidationError:
        return  # The inputs only pass valid values; nothing to do for anything else.
    options = context.options
    if "bell" in changes:
        options = replace(options, bell=None)
    if "reduce_motion" in changes:
        options = replace(options, reduce_motion=None)
    if "checkin" in changes:
        options = replace(options, checkin=None)
    if "sound" in changes:
        options = replace(options, sound=None)
    context.options = options
    changed = saved != context.settings
    context.settings = saved
    apply_prefs(app)
    if changed:
        app.run_worker(
            partial(save_settings, app),
            name="save-settings",
            group="settings",
            thread=True,
            exit_on_error=False,
        )


def apply_prefs(app: NumbtuiApp) -> None:
    """Recompute the settings in force (saved + this run's overrides) and apply motion."""
    from numbtui.tui.app import effective_settings

    app.prefs = effective_settings(app.context)
    app.animation_level = "none" if app.prefs.reduce_motion else constants.TEXTUAL_ANIMATIONS


def save_settings(app: NumbtuiApp) -> None:
    """Write the newest saved settings (in a worker thread); tell the user if it fails.

    Saves run one at a time and each writes whatever is newest when it starts, so the file
    always ends with the last change even if several were made quickly.
    """
    with _save_lock:
        try:
            if app.context.settings_problems:
                # The file could not be read; keep the user's version beside the new one.
                settings.set_aside(app.context.settings_file)
                app.context.settings_problems = ()
            settings.save(app.context.settings, app.context.settings_file)
        except SettingsError as exc:
            failure: SettingsError | None = exc
        else:
            failure = None
    if failure is not None:
        app.call_from_thread(
            app.notify,
            f"{failure}\nThe change is in use for now.",
            title="Settings not saved",
            severity="warning",
            markup=False,
        )
