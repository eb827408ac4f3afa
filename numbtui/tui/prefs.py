"""The settings in force for this run, and the one way to change and save them.

Two things are kept apart: the saved settings (``app.context.settings``, the only thing written
to the file) and this run's command-line overrides (``app.context.options``);
:func:`effective_settings` is the two combined (``app.prefs``). So ``numbtui --bell`` never ends
up in the file unless the bell switch itself is changed, which is a deliberate choice and then
wins for this run too.

Every change goes through :func:`change_settings`, which applies it and saves it in a worker
thread; the theme is the app's ``theme`` reactive, whose watcher calls it, so a theme chosen on
the settings screen or from the command palette is saved once, by the same code.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import constants

from numbtui.tui.context import AppContext
from numbtui.tui.themes import NUMBTUI_THEMES

if TYPE_CHECKING:
    from numbtui.settings import Settings
    from numbtui.tui.app import NumbtuiApp

# numbtui.settings (and so pydantic and PyYAML) is imported inside the functions that change
# settings: the app imports this module, and its first screen is drawn before pydantic is
# loaded (see numbtui.tui.context). By the time settings change, they have been read.

_save_lock = threading.Lock()


def motion_reduced(context: AppContext, *, saved: bool) -> bool:
    """Whether to animate, given the saved setting: the environment, then the flags, decide."""
    if constants.TEXTUAL_ANIMATIONS == "none" or os.environ.get("TEXTUAL_ANIMATIONS") == "none":
        return True
    if context.options.reduce_motion is not None:
        return context.options.reduce_motion
    return saved


def effective_settings(context: AppContext) -> Settings:
    """Saved settings with this run's command-line flags (and the environment) on top."""
    from numbtui.settings import with_options

    saved = context.settings
    flagged = with_options(saved, context.options)
    reduced = motion_reduced(context, saved=saved.reduce_motion)
    if reduced == flagged.reduce_motion:
        return flagged
    return flagged.model_copy(update={"reduce_motion": reduced})


def theme_names(available: list[str]) -> list[str]:
    """numbtui's themes first, then the others that a settings file can name."""
    from numbtui import settings

    own = [theme.name for theme in NUMBTUI_THEMES if theme.name in available]
    others = sorted(
        name
        for name in available
        if name not in own and settings.THEME_PATTERN.fullmatch(name) is not None
    )
    return own + others


def change_settings(app: NumbtuiApp, **changes: Any) -> bool:
    """Apply changed settings now; save them (in a thread) if the saved ones changed.

    Changing bell, motion or check-in is a deliberate choice, so it also replaces that
    flag's command-line override for the rest of this run. Returns False (and changes
    nothing) if the values are not valid settings.
    """
    from pydantic import ValidationError

    from numbtui.settings import Settings

    context = app.context
    try:
        saved = Settings.model_validate({**context.settings.model_dump(), **changes})
    except ValidationError:
        return False
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
    return True


def apply_prefs(app: NumbtuiApp) -> None:
    """Recompute the settings in force (saved + this run's overrides) and apply motion."""
    app.prefs = effective_settings(app.context)
    app.animation_level = "none" if app.prefs.reduce_motion else constants.TEXTUAL_ANIMATIONS


def save_settings(app: NumbtuiApp) -> None:
    """Write the newest saved settings (in a worker thread); tell the user if it fails.

    Saves run one at a time and each writes whatever is newest when it starts, so the file
    always ends with the last change even if several were made quickly.
    """
    from numbtui import settings
    from numbtui.errors import SettingsError

    with _save_lock:
        try:
            if app.context.settings_problems:
                # The file had problems; keep the user's version beside the new one (which
                # keeps every setting that could be read).
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
