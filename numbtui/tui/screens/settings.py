"""The settings screen: theme, bell, motion, check-in, plain mode, get-ready time, sound, lengths.

Every change applies at once and is saved in a thread (see :mod:`numbtui.tui.prefs`). The
settings and the library are read in a thread before the controls are drawn, so opening the
screen never stalls the app while they are read for the first time.

What is saved is always what is shown: a number that is not valid is not saved, its problem is
said in words beside the field, and the value from before that edit stays in use (and saved)
until it is corrected. The theme list follows the app's theme, however it was changed.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.validation import Function
from textual.widgets import Input, Label, Select, Static, Switch

from numbtui.settings import (
    SOUND_CHOICES,
    Settings,
    lead_in_problem,
    lead_in_value,
    minutes_ok,
    minutes_problem,
    not_saved_line,
    number,
    shown_number,
)
from numbtui.text import shown
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.owner import numbtui_app
from numbtui.tui.prefs import change_settings, theme_names
from numbtui.tui.widgets.footer import FittedFooter

SWITCHES = (
    ("bell", "Bell", "Ring the terminal bell at each step and breath."),
    ("reduce_motion", "Reduce motion", "No animation: the pacer shows words and a countdown."),
    ("checkin", "Check-in before", "Ask how much you can feel before each exercise, too."),
    ("plain", "Plain mode", "From the next start: lines of text for screen readers."),
)
SOUND_SWITCHES = (
    ("phase_words", "Phase words", "With voice: also say in, hold, out at each breath."),
)
SOUND_LABELS = {"off": "Off", "cues": "Cues", "voice": "Cues and voice"}
VOLUME_ABOUT = "volume (0 to 100)"
LEAD_IN_ABOUT = "seconds before an exercise (0 to 30)"
BAD_FILE_NOTE = (
    "Your settings file could not be read, so the defaults are in use. "
    "A change here keeps your file beside the new one, as settings.yaml.bad."
)
BAD_KEYS_NOTE = (
    "Some settings in your file could not be read (the notice named them); they use their "
    "defaults, every other setting is in use. A change here keeps your file beside the new "
    "one, as settings.yaml.bad."
)
READING = "Reading your settings…"


def volume_value(text: str) -> int | None:
    """A volume written in ``text`` (a whole number from 0 to 100), or None."""
    value = number(text)
    return int(value) if value is not None and value.is_integer() and 0 <= value <= 100 else None


class SettingsScreen(DismissOnce[None]):
    """Change how numbtui looks and behaves; saved as you go."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    def __init__(self) -> None:
        super().__init__()
        self._before_edit: dict[str, Any] = {}
        """Per number field, the value in force when its edit began (kept while invalid)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings-body", classes="care-body"):
            yield Static("Settings", classes="care-title")
            yield Static(
                "Changes apply at once and are saved for next time.",
                classes="muted",
                markup=False,
            )
            yield Static(READING, id="settings-reading", classes="muted", markup=False)
        yield FittedFooter()

    def on_mount(self) -> None:
        self._read_then_show()

    @work(exclusive=True, group="settings-open", exit_on_error=False)
    async def _read_then_show(self) -> None:
        context = numbtui_app(self).context
        if not context.ready:
            # The first read of the settings and the library takes time: not on the UI thread.
            await asyncio.to_thread(context.load)
        body = self.query_one("#settings-body", VerticalScroll)
        await self.query_one("#settings-reading").remove()
        await body.mount_all(list(self._controls()))
        self._show_overrides()
        self.query_one("#theme", Select).focus()
        app = numbtui_app(self)
        self.watch(app, "theme", self._theme_changed, init=False)

    def _controls(self) -> ComposeResult:
        app = numbtui_app(self)
        prefs = app.prefs
        if app.context.settings_problems:
            note = BAD_KEYS_NOTE if app.context.settings_in_part else BAD_FILE_NOTE
            yield Static(note, id="settings-file-note", markup=False)
        themes = theme_names(list(app.available_themes))
        yield Horizontal(
            Label("Theme", classes="setting-label"),
            Select(
                [(name, name) for name in themes],
                value=app.theme if app.theme in themes else themes[0],
                allow_blank=False,
                id="theme",
            ),
            classes="setting-row",
        )
        for field, label, about in SWITCHES:
            yield Horizontal(
                Label(label, classes="setting-label"),
                Switch(bool(getattr(prefs, field)), id=field.replace("_", "-")),
                Static(about, classes="setting-about", markup=False),
                classes="setting-row",
            )
            yield Static(
                "",
                id=f"{field.replace('_', '-')}-note",
                classes="setting-note -override",
                markup=False,
            )
        self._before_edit["lead-in"] = prefs.lead_in_seconds
        yield Horizontal(
            Label("Get ready", classes="setting-label"),
            Input(
                shown_number(prefs.lead_in_seconds),
                type="number",
                validators=[Function(lambda t: lead_in_value(t) is not None)],
                id="lead-in",
                classes="setting-number",
            ),
            Static(LEAD_IN_ABOUT, id="lead-in-about", classes="setting-about", markup=False),
            classes="setting-row",
        )
        yield from self._sound_controls(prefs)
        yield from self._length_controls(app.context.library.exercises)

    def _sound_controls(self, prefs: Settings) -> ComposeResult:
        yield Horizontal(
            Label("Sound", classes="setting-label"),
            Select(
                [(SOUND_LABELS[name], name) for name in SOUND_CHOICES],
                value=prefs.sound,
                allow_blank=False,
                id="sound",
            ),
            Input(
                str(prefs.volume),
                type="integer",
                validators=[Function(lambda t: volume_value(t) is not None)],
                id="volume",
                classes="setting-number",
            ),
            Static(VOLUME_ABOUT, id="volume-about", classes="setting-unit", markup=False),
            classes="setting-row",
        )
        for field, label, about in SOUND_SWITCHES:
            yield Horizontal(
                Label(label, classes="setting-label"),
                Switch(bool(getattr(prefs, field)), id=field.replace("_", "-")),
                Static(about, classes="setting-about", markup=False),
                classes="setting-row",
            )

    def _length_controls(self, exercises: Any) -> ComposeResult:
        if not exercises:
            yield Horizontal(
                Label("Default length", classes="setting-label"),
                Static("No exercises are loaded.", classes="setting-about"),
                classes="setting-row",
            )
            return
        first = exercises[0].id
        self._before_edit["length-minutes"] = self._minutes_text(first)
        yield Horizontal(
            Label("Default length", classes="setting-label"),
            Select(
                # Titles come from files: Text keeps them from being read as markup.
                [(Text(exercise.title), exercise.id) for exercise in exercises],
                value=first,
                allow_blank=False,
                id="length-exercise",
            ),
            Input(
                self._minutes_text(first),
                placeholder="as written",
                type="number",
                validators=[Function(minutes_ok)],
                id="length-minutes",
                classes="setting-number",
            ),
            Static("min", classes="setting-unit", markup=False),
            classes="setting-row",
        )
        yield Static(
            self._length_note(first),
            id="length-note",
            classes="setting-note",
            markup=False,
        )

    def _length_note(self, exercise_id: str) -> str:
        """What the saved default length makes of the exercise, as home and the list show it."""
        from numbtui.lengths import length_for, length_of

        blank = "Leave the minutes blank to keep the length the exercise was written with."
        context = numbtui_app(self).context
        exercise = context.library.get(exercise_id)
        if exercise is None:
            return blank
        written = length_of(exercise).text()
        in_use = length_for(exercise, context.settings).text()
        if in_use == written:
            return f"As written it lasts {written}. Type minutes to fit it to another length."
        return f"With these minutes it lasts {in_use} (written: {written}). {blank}"

    def _minutes_text(self, exercise_id: str) -> str:
        minutes = numbtui_app(self).context.settings.minutes.get(exercise_id)
        return "" if minutes is None else shown_number(minutes)

    def _theme_changed(self, name: str) -> None:
        """The app's theme changed (here, or from the command palette): show it."""
        select: Select[str] = self.query_one("#theme", Select)
        if select.value != name:
            with select.prevent(Select.Changed):
                select.value = name

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, Input) and widget.id == "lead-in":
            self._before_edit["lead-in"] = numbtui_app(self).context.settings.lead_in_seconds
        elif isinstance(widget, Input) and widget.id == "length-minutes":
            self._before_edit["length-minutes"] = widget.value if minutes_ok(widget.value) else ""

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        if not isinstance(value, str):
            return
        if event.select.id == "theme":
            # The app's theme watcher applies and saves it (once), as for the palette.
            numbtui_app(self).apply_theme(value)
        elif event.select.id == "sound" and value != numbtui_app(self).prefs.sound:
            # Also sent when the select is first shown: a --sound for this run is not saved.
            self.change(sound=value)
        elif event.select.id == "length-exercise":
            text = self._minutes_text(value)
            self._before_edit["length-minutes"] = text
            self.query_one("#length-minutes", Input).value = text
            note = self.query_one("#length-note", Static)
            if not note.has_class("-error"):
                note.update(self._length_note(value))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        event.stop()
        field = (event.switch.id or "").replace("-", "_")
        if field in {name for name, _, _ in (*SWITCHES, *SOUND_SWITCHES)}:
            self.change(**{field: event.value})

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "lead-in":
            self._lead_in_typed(event.value)
        elif event.input.id == "volume":
            self._volume_typed(event.value)
        elif event.input.id == "length-minutes":
            self._minutes_typed(event.value)

    def _volume_typed(self, text: str) -> None:
        about = self.query_one("#volume-about", Static)
        volume = volume_value(text)
        if volume is None:
            # Not valid: the volume in force stays, and the screen says so.
            kept = numbtui_app(self).context.settings.volume
            about.update(f"0 to 100, whole numbers; in use: {kept}")
            about.add_class("-error")
            return
        about.update(VOLUME_ABOUT)
        about.remove_class("-error")
        self.change(volume=volume)

    def _lead_in_typed(self, text: str) -> None:
        about = self.query_one("#lead-in-about", Static)
        problem = lead_in_problem(text)
        kept = float(self._before_edit.get("lead-in", Settings().lead_in_seconds))
        if problem is None:
            seconds = number(text)
            assert seconds is not None  # a valid entry is a number
            about.update(LEAD_IN_ABOUT)
            about.remove_class("-error")
            self.change(lead_in_seconds=seconds)
            return
        # Not valid: what was in force before this edit stays, and the screen says so.
        about.update(f"{problem} In use: {shown_number(kept)} s.")
        about.add_class("-error")
        self.change(lead_in_seconds=kept)

    def _minutes_typed(self, text: str) -> None:
        exercise_id = self.query_one("#length-exercise", Select).value
        if not isinstance(exercise_id, str):
            return
        note = self.query_one("#length-note", Static)
        problem = minutes_problem(text)
        if problem is not None:
            kept = str(self._before_edit.get("length-minutes", ""))
            in_use = f"{kept} min" if kept else "the length it was written with"
            note.update(f"{problem} In use: {in_use}.")
            note.add_class("-error")
            text = kept
        else:
            note.remove_class("-error")
        minutes = dict(numbtui_app(self).context.settings.minutes)
        value = number(text)
        if value is None:
            minutes.pop(exercise_id, None)
        else:
            minutes[exercise_id] = value
        self.change(minutes=minutes)
        if problem is None:  # the length with the minutes just saved
            note.update(self._length_note(exercise_id))

    def change(self, **changes: Any) -> None:
        """Apply changed settings now and save them; see :func:`change_settings`."""
        change_settings(numbtui_app(self), **changes)
        self._show_overrides()

    def _show_overrides(self) -> None:
        app = numbtui_app(self)
        prefs, saved = app.prefs, app.context.settings
        for field, _, _ in SWITCHES:
            found = self.query(f"#{field.replace('_', '-')}-note").results(Static)
            note = next(found, None)
            if note is None:  # not drawn yet
                return
            now, kept = bool(getattr(prefs, field)), bool(getattr(saved, field))
            note.set_class(now != kept, "-shown")
            if now == kept:
                note.update("")
            else:
                note.update(
                    f"{'On' if now else 'Off'} for this run only (command line or "
                    f"environment); saved as {'on' if kept else 'off'}."
                )

    def not_saved(self) -> list[str]:
        """One sentence per number field left showing a value that was not saved (what is in
        use instead is the value from before), so that leaving never drops it without a word."""
        saved = numbtui_app(self).context.settings
        lines = []
        for box in self.query(Input).results(Input):
            typed = box.value
            if box.id == "lead-in" and lead_in_value(typed) is None:
                in_use = f"{shown_number(saved.lead_in_seconds)} s"
                lines.append(
                    not_saved_line("Get ready", typed, "a number from 0 to 30 seconds", in_use)
                )
            elif box.id == "volume" and volume_value(typed) is None:
                accepted = "a whole number from 0 to 100"
                lines.append(not_saved_line("Volume", typed, accepted, str(saved.volume)))
            elif box.id == "length-minutes" and not minutes_ok(typed):
                lines.append(self._length_not_saved(typed))
        return lines

    def _length_not_saved(self, typed: str) -> str:
        exercise_id = self.query_one("#length-exercise", Select).value
        exercise = numbtui_app(self).context.library.get(str(exercise_id))
        title = shown(exercise.title) if exercise is not None else str(exercise_id)
        minutes = numbtui_app(self).context.settings.minutes.get(str(exercise_id))
        in_use = (
            "the length it was written with" if minutes is None else f"{shown_number(minutes)} min"
        )
        accepted = "a number of minutes over 0, up to 180"
        return not_saved_line(f"The default length of {title}", typed, accepted, in_use)

    def action_close(self) -> None:
        """Go back, saying once what was left unsaved (an entry shown but not valid)."""
        lines = self.not_saved()
        if lines:
            self.notify(
                " ".join(lines), title="Not saved", severity="warning", timeout=12, markup=False
            )
        self.dismiss(None)
