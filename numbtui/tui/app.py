"""NumbtuiApp: wiring of screens, global key bindings, themes and the command palette.

The app holds no logic of its own: it receives an :class:`AppContext` (settings, library,
data locations, clocks), opens the first screen, and routes global keys (support, help,
Ctrl+C) to the screens that handle them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import constants
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from numbtui.settings import Settings
from numbtui.tui.context import AppContext
from numbtui.tui.themes import register_themes

if TYPE_CHECKING:
    from numbtui.exercise import Exercise

EXIT_INTERRUPTED = 130


class NumbtuiApp(App[str | None]):
    """The numbtui terminal app. The return value is a line to print after exiting."""

    CSS_PATH = "app.tcss"
    TITLE = "numbtui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # F2 and F1 are never swallowed by a text input, so support and help are always
        # one key away, even while typing a note.
        Binding("f2", "support", "Support", priority=True),
        Binding("f1", "help", "Keys", priority=True),
        Binding("question_mark", "help", "Keys", show=False),
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.prefs = effective_settings(context)
        if self.prefs.reduce_motion:
            self.animation_level = "none"
        self.practice: object | None = None
        """The practice in progress (set by the practice flow), for saving on interrupt."""

    @property
    def library(self) -> list[Exercise]:
        """The exercises that could be loaded."""
        return list(self.context.library.exercises)

    def on_mount(self) -> None:
        register_themes(self)
        self.apply_theme(self.prefs.theme)
        for problem in self.context.library.problems:
            self.notify(str(problem), title="Exercise skipped", severity="warning", markup=False)
        for problem in self.context.settings_problems:
            self.notify(
                f"{problem}\nUsing the default settings; your file was left as it was.",
                title="Settings not read",
                severity="warning",
                markup=False,
                timeout=12,
            )
        self.open_first_screen()

    def open_first_screen(self) -> None:
        """Home, or straight into an exercise or the history, as the command line asked."""
        from numbtui.tui.screens.home import HomeScreen

        options = self.context.options
        if options.exercise_id is not None:
            exercise = self.context.library.get(options.exercise_id)
            if exercise is not None:
                self.start_practice(exercise, exit_after=True)
                return
        if options.history is not None:
            from numbtui.tui.screens.history import HistoryScreen

            self.push_screen(HistoryScreen(filters=options.history, exit_on_close=True))
            return
        self.push_screen(HomeScreen())
        if self.context.first_run:
            from numbtui.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def apply_theme(self, name: str) -> None:
        """Switch to a theme by name, falling back to the default if it is unknown."""
        if name not in self.available_themes:
            self.notify(
                f"There is no theme called {name!r}; using the default.",
                severity="warning",
                markup=False,
            )
            name = Settings().theme
        self.theme = name

    def start_practice(self, exercise: Exercise, *, exit_after: bool = False) -> None:
        """Check in, play the exercise, rate it and save the record (in a worker)."""
        from numbtui.tui.practice import run_practice

        self.run_worker(
            run_practice(self, exercise, exit_after=exit_after),
            name="practice",
            group="practice",
            exclusive=True,
            exit_on_error=True,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Support", "Where to find help (F2)", self.action_support)
        yield SystemCommand("History", "Your past practice and ratings", self.action_history)
        yield SystemCommand("Settings", "Theme, bell, motion, check-in", self.action_settings)
        for exercise in self.context.library.exercises:

            def play(exercise: Exercise = exercise) -> None:
                self.start_practice(exercise)

            yield SystemCommand(f"Play: {exercise.title}", exercise.spec.summary, play)

    def action_support(self) -> None:
        """Show the support screen (covering the player pauses the exercise)."""
        from numbtui.tui.screens.support import SupportScreen

        if isinstance(self.screen, SupportScreen):
            self.screen.dismiss(None)  # F2 again goes back, like Escape.
        else:
            self.push_screen(SupportScreen())

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from numbtui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)  # F1 again goes back, like Escape.
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_history(self) -> None:
        """Open the history browser."""
        from numbtui.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_settings(self) -> None:
        """Open the settings screen."""
        from numbtui.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    async def action_quit(self) -> None:
        """Ctrl+Q (and q at home): leave, keeping any practice so far as stopped early."""
        from numbtui.tui.practice import save_interrupted

        self.exit(save_interrupted(self))

    def action_interrupt(self) -> None:
        """Ctrl+C: keep the practice so far (as stopped early), then leave."""
        from numbtui.tui.practice import save_interrupted

        self.exit(save_interrupted(self), return_code=EXIT_INTERRUPTED)


def effective_settings(context: AppContext) -> Settings:
    """Saved settings with this run's command-line flags (and the environment) on top."""
    options = context.options
    update: dict[str, object] = {}
    if options.reduce_motion is not None:
        update["reduce_motion"] = options.reduce_motion
    if constants.TEXTUAL_ANIMATIONS == "none" or os.environ.get("TEXTUAL_ANIMATIONS") == "none":
        update["reduce_motion"] = True
    if options.bell is not None:
        update["bell"] = options.bell
    if options.checkin is not None:
        update["checkin"] = options.checkin
    return context.settings.model_copy(update=update)
