"""NumbtuiApp: wiring of screens, global key bindings, themes and the command palette.

The app holds no logic of its own: it receives an :class:`AppContext` (settings, library,
data locations, clocks), opens the first screen, and routes global keys (support, help,
Ctrl+C) to the screens that handle them. When the context defers the settings and the library
(a real run), the app draws its first screen from what the context knows ahead of them, then
reads them in a worker thread.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.driver import Driver
from textual.markup import escape
from textual.screen import Screen

from numbtui.catalog import Card
from numbtui.tui.context import AppContext
from numbtui.tui.prefs import change_settings, effective_settings, motion_reduced
from numbtui.tui.themes import register_themes

if TYPE_CHECKING:
    from numbtui.exercise import Exercise
    from numbtui.lengths import Length
    from numbtui.moodlog import LogDraft
    from numbtui.practice import Practice
    from numbtui.problem import Problem
    from numbtui.record import Record
    from numbtui.settings import Settings
    from numbtui.tui.screens.home import HomeScreen

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
        # Raw mode keeps the terminal from turning Ctrl+Z into a suspend, so the app does it;
        # an exercise then pauses itself by the gap rule (see numbtui.session).
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, priority=True),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._prefs: Settings | None = None
        self.practice: Practice | None = None
        """The practice in progress (set by the practice flow), for saving on interrupt."""
        self.pending: Record | None = None
        """A finished practice whose save is under way in a thread; saved again (the same id,
        so never twice) if the app ends before that save reports back."""
        self.logging = False
        """A log screen is open (set by the log flow), so an interrupt keeps its answer."""
        self.unsaved: list[str] = []
        """Records (as JSON lines) that neither the history nor the recovery file took;
        printed when the app closes so that they are not lost."""
        look = context.appearance()
        if motion_reduced(context, saved=look.reduce_motion):
            self.animation_level = "none"
        register_themes(self)
        self._unknown_theme = self._start_with_theme(look.theme)

    @property
    def prefs(self) -> Settings:
        """The saved settings with this run's command-line flags on top."""
        if self._prefs is None:
            self._prefs = effective_settings(self.context)
        return self._prefs

    @prefs.setter
    def prefs(self, value: Settings) -> None:
        self._prefs = value

    def minutes_for(self, exercise: Exercise, *, offered: bool = False) -> float | None:
        """The minutes to fit ``exercise`` to in this run. ``--minutes`` belongs to what it
        was given with (the exercise ``play`` names, or one chosen on home), never to a
        practice offered on the way (grounding after an early stop, the eyes-open way out):
        those keep their saved default length, else their written one."""
        from numbtui.lengths import minutes_for

        options = self.context.options
        mine = not offered and options.exercise_id in (None, exercise.id)
        return minutes_for(exercise, self.prefs, options.minutes if mine else None)

    def length_of(self, exercise: Exercise, *, offered: bool = False) -> Length:
        """How long ``exercise`` is in this run (:meth:`minutes_for`; numbtui.lengths, the one
        computation every screen shows)."""
        from numbtui.lengths import length_of

        return length_of(exercise, self.minutes_for(exercise, offered=offered))

    @property
    def library(self) -> list[Exercise]:
        """The exercises that could be loaded."""
        return list(self.context.library.exercises)

    def _start_with_theme(self, name: str) -> str | None:
        # Setting App.theme re-parses every stylesheet once the app runs. Before the first
        # parse it is enough to set the variables the stylesheet will be parsed with, which
        # is what App.theme's watcher would do (set_reactive is Textual's way to skip it).
        unknown = None
        if name not in self.available_themes:
            from numbtui.settings import DEFAULT_THEME

            unknown, name = name, DEFAULT_THEME
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        self.set_class(True, f"-theme-{theme.name}", update=False)
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())
        return unknown

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, drawing on the terminal even when stderr is redirected."""
        from numbtui.tui.terminal import driver_class

        return driver_class(super().get_driver_class())

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The terminal cursor follows the focus, so a braille display lands on the control.
        from numbtui.tui.cursor import follow_focus

        follow_focus(self, event.widget)

    def on_mount(self) -> None:
        if self._unknown_theme is not None:
            self.notify(
                f"There is no theme called {self._unknown_theme!r}; using the default.",
                severity="warning",
                markup=False,
            )
        for notice in self.context.notices:
            self.notify(notice, title="File skipped", severity="warning", markup=False)
        if self.context.ready:
            self._show_problems()
        else:
            # Once the first screen is drawn: reading before that would only slow it down.
            self.call_after_refresh(self._read_the_rest)
        self.call_after_refresh(self._check_recovery)
        self.open_first_screen()

    @work(thread=True, exit_on_error=False, group="recovery")
    def _check_recovery(self) -> None:
        """Say so when records wait in the recovery file, so that none stays there unseen."""
        from numbtui.recovery import import_advice, waiting

        count = waiting(self.context.recovery, self.context.database)
        if count:
            practices = "A practice" if count == 1 else f"{count} practices"
            advice = import_advice(self.context.recovery, self.context.database)
            self.call_from_thread(
                self.notify,
                f"{practices} could not go into your history and "
                f"{'is' if count == 1 else 'are'} safe in a recovery file. To bring "
                f"{'it' if count == 1 else 'them'} back, {advice}",
                title="Practice waiting",
                markup=False,
                timeout=15,
            )

    @work(thread=True, exit_on_error=False, group="context")
    def _read_the_rest(self) -> None:
        self.context.load()
        self.call_from_thread(self._the_rest_was_read)

    def _the_rest_was_read(self) -> None:
        from numbtui.tui.screens.home import HomeScreen

        self._show_problems()
        changed = self.context.settle_cards()  # a file changed since the catalog saw it
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                if changed:
                    screen.refresh_listing()
                else:  # the lengths in use need the settings and the library, read just now
                    screen.refresh_lengths()

    def _show_problems(self) -> None:
        for message in skipped_file_notices(self.context.library.problems):
            self.notify(message, title="Exercise skipped", severity="warning", markup=False)
        if self.context.settings_problems:
            from numbtui.settings import problems_notice  # read by now: no cost at start-up

            # One notice for the file, however many problems it has.
            self.notify(
                problems_notice(
                    self.context.settings_problems, in_part=self.context.settings_in_part
                ),
                title="Some settings not read"
                if self.context.settings_in_part
                else "Settings not read",
                severity="warning",
                markup=False,
                timeout=12,
            )

    def get_default_screen(self) -> Screen[Any]:
        """Home, when the app opens there: it then comes up with the app, a little sooner."""
        options = self.context.options
        if options.exercise_id is None and options.history is None and options.log is None:
            from numbtui.tui.screens.home import HomeScreen

            return HomeScreen()
        return super().get_default_screen()

    def open_first_screen(self) -> None:
        """Home, or straight into an exercise or the history, as the command line asked."""
        from numbtui.tui.screens.home import HomeScreen

        options = self.context.options
        if options.exercise_id is not None:
            exercise = self.context.library.get(options.exercise_id)
            if exercise is not None:
                self.start_practice(exercise, exit_after=True)
                return
        if options.log is not None:
            self.start_log(options.log, exit_after=True)
            return
        if options.history is not None:
            from numbtui.tui.screens.history import HistoryScreen

            self.push_screen(HistoryScreen(filters=options.history, exit_on_close=True))
            return
        if not isinstance(self.screen_stack[0], HomeScreen):
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
            from numbtui.settings import DEFAULT_THEME

            name = DEFAULT_THEME
        self.theme = name

    def watch_theme(self, name: str) -> None:
        # A theme picked from the command palette (Textual's "Theme" command) is kept, just
        # like one picked on the settings screen, which comes through here too.
        if self.is_running and name != self.context.settings.theme:
            change_settings(self, theme=name)

    def on_home_screen_exercise_chosen(self, message: HomeScreen.ExerciseChosen) -> None:
        self.start_practice(message.exercise)

    def start_practice(
        self, exercise: Exercise | Card, *, exit_after: bool = False, offered: bool = False
    ) -> None:
        """Check in, play the exercise, rate it and save the record (in a worker)."""
        if any(worker.group == "practice" and worker.is_running for worker in self.workers):
            # Starting another would cancel this one before its record is written.
            self.notify(
                "One practice at a time: stop this one first (q or Escape), then choose another.",
                markup=False,
            )
            return
        self.run_worker(
            self._practise(exercise, exit_after=exit_after, offered=offered),
            name="practice",
            group="practice",
            exclusive=True,
            exit_on_error=True,
        )

    def start_log(self, draft: LogDraft | None = None, *, exit_after: bool = False) -> None:
        """Ask how one feels now (no exercise) and keep it as a log (in a worker)."""
        from numbtui.tui.moodlog import log_moment

        self.run_worker(
            log_moment(self, draft, exit_after=exit_after),
            name="log",
            group="log",
            exclusive=True,
            exit_on_error=True,
        )

    async def _practise(
        self, chosen: Exercise | Card, *, exit_after: bool, offered: bool = False
    ) -> None:
        from numbtui.tui.practice import run_practice

        if not self.context.ready:
            await asyncio.to_thread(self.context.load)
        exercise = self.context.library.get(chosen.id) if isinstance(chosen, Card) else chosen
        if exercise is None:  # its file went away or broke since the list was drawn
            self.notify(
                f"“{chosen.title}” could not be read just now, so it cannot start.",
                title="Exercise skipped",
                severity="warning",
                markup=False,
            )
            return
        await run_practice(self, exercise, exit_after=exit_after, offered=offered)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Only numbtui's own commands and the theme: Textual's Maximize, Screenshot (a file
        # of whatever is on screen, ratings included) and its keys panel mean nothing here.
        yield SystemCommand(
            "Theme", "Change the colours (kept for next time)", self.action_change_theme
        )
        yield SystemCommand(
            "Quit", "Leave numbtui (a practice under way is kept)", self.action_quit
        )
        yield SystemCommand("Keys", "The keys of this screen (F1)", self.action_help)
        yield SystemCommand("Support", "Where to find help (F2)", self.action_support)
        yield SystemCommand("History", "Your past practice and ratings", self.action_history)
        yield SystemCommand("Settings", "Theme, bell, motion, check-in", self.action_settings)
        yield SystemCommand(
            "Log how I feel", "Note how much you can feel right now, no exercise", self.action_log
        )
        for card in self.context.cards:

            def play(card: Card = card) -> None:
                self.start_practice(card)

            # The palette reads titles as markup; these come from files, so escape them.
            yield SystemCommand(f"Play: {escape(card.title)}", escape(card.summary), play)

    def action_command_palette(self) -> None:
        """Open the command palette, unless one is open already somewhere in the stack."""
        # Textual looks only at the top screen; with the palette under the keys or support
        # screen (F1 and F2 work over it), a second one would clash with the first one's id.
        # Closing the palette from here instead would race its search worker.
        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            super().action_command_palette()

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

    def action_log(self) -> None:
        """Ask how one feels now and keep it as a log; back where one was afterwards."""
        from numbtui.tui.screens.log import LogScreen

        if not any(isinstance(screen, LogScreen) for screen in self.screen_stack):
            self.start_log()

    def action_settings(self) -> None:
        """Open the settings screen."""
        from numbtui.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    async def action_quit(self) -> None:
        """Ctrl+Q (and q at home): leave, keeping any practice so far as stopped early."""
        self.exit(self._last_words())

    def action_interrupt(self) -> None:
        """Ctrl+C: keep the practice so far (as stopped early), then leave."""
        self.exit(self._last_words(), return_code=EXIT_INTERRUPTED)

    def _last_words(self) -> str | None:
        """Keep the practice so far; the lines to print on the way out: what was kept, and
        any setting shown on the settings screen but not saved (never dropped unsaid)."""
        from numbtui.tui.practice import save_interrupted

        lines = [save_interrupted(self)]
        if "numbtui.tui.screens.settings" in sys.modules:  # only if it was ever opened
            from numbtui.tui.screens.settings import SettingsScreen

            for screen in self.screen_stack:
                if isinstance(screen, SettingsScreen) and screen.is_mounted:
                    lines.extend(screen.not_saved())
        return "\n".join(line for line in lines if line) or None


MAX_PROBLEMS_SHOWN = 3


def skipped_file_notices(problems: Iterable[Problem]) -> list[str]:
    """One notice per file that could not be read (a misspelled key alone gives two
    problems), with its first few problems and where to see them all."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    notices = []
    for path, found in by_file.items():
        lines = [str(problem) for problem in found[:MAX_PROBLEMS_SHOWN]]
        if len(found) > MAX_PROBLEMS_SHOWN:
            more = len(found) - MAX_PROBLEMS_SHOWN
            lines.append(f"… and {more} more: numbtui validate {path}")
        notices.append("\n".join(lines))
    return notices
