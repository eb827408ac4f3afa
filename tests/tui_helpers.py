"""Building NumbtuiApp for tests: temporary folders, a fake clock, a fixed wall clock.

``make_app`` builds the app the way ``numbtui.tui.launch.build_context`` does for a real run,
but with everything under ``tmp_path``, the bundled library only (the user's folder is an empty
temporary one), a :class:`FakeClock` for timing, and a wall clock that starts at a fixed moment
and moves with the fake clock, so records get stable, ordered times.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import monotonic
from typing import Any

from textual.app import App
from textual.command import CommandInput, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from numbtui.conductor import Schedule
from numbtui.library import Library, discover
from numbtui.options import LaunchOptions
from numbtui.record import Record
from numbtui.settings import Settings
from numbtui.store import Store
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.context import AppContext, HistoryOpener, open_history_file
from numbtui.tui.screens.checkin import CheckinScreen
from numbtui.tui.screens.history import HistoryScreen
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.rating import RatingScreen
from numbtui.tui.screens.settings import SettingsScreen
from tests.fakes import FakeClock

FIXED_NOW = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)
"""The wall-clock time when the fake clock reads 0 (a Monday morning)."""


def bundled_library(tmp_path: Path) -> Library:
    """The bundled exercises only (an empty user folder, no extra paths)."""
    empty = tmp_path / "no-user-exercises"
    empty.mkdir(parents=True, exist_ok=True)
    return discover(user=empty)


def no_timer(delay: float, callback: Callable[[], None]) -> Callable[[], None]:
    """A practice timer that never fires: readings come only from the test (``tick()``)."""
    return lambda: None


def make_context(
    tmp_path: Path,
    *,
    options: LaunchOptions | None = None,
    settings: Settings | None = None,
    clock: FakeClock | None = None,
    library: Library | None = None,
    first_run: bool = False,
    schedule: Schedule | None = None,
    history: HistoryOpener = open_history_file,
) -> AppContext:
    """An AppContext with temporary data locations, a fake clock and a fixed ``now``
    (``history`` replaces the way screens open the history)."""
    clock = clock if clock is not None else FakeClock()
    data = tmp_path / "data"
    config = tmp_path / "config"

    def now() -> datetime:
        return FIXED_NOW + timedelta(seconds=clock())

    return AppContext(
        settings=settings if settings is not None else Settings(),
        library=library if library is not None else bundled_library(tmp_path),
        database=data / "history.sqlite3",
        recovery=data / "recovery.jsonl",
        settings_file=config / "settings.yaml",
        state_file=data / "state.json",
        clock=clock,
        now=now,
        options=options if options is not None else LaunchOptions(),
        first_run=first_run,
        schedule=schedule,
        history=history,
    )


def make_app(
    tmp_path: Path,
    *,
    options: LaunchOptions | None = None,
    settings: Settings | None = None,
    clock: FakeClock | None = None,
    library: Library | None = None,
    first_run: bool = False,
    schedule: Schedule | None = None,
    history: HistoryOpener = open_history_file,
) -> NumbtuiApp:
    """A NumbtuiApp for a Pilot test (defaults: bundled library, default settings, no welcome).

    Keep a reference to the ``clock`` you pass in to move time: ``clock.advance(5)``, then
    wait for what it changes with :func:`until` or :func:`until_shown` (one
    ``await pilot.pause()`` is not enough on a busy machine).
    """
    return NumbtuiApp(
        make_context(
            tmp_path,
            options=options,
            settings=settings,
            clock=clock,
            library=library,
            first_run=first_run,
            schedule=schedule,
            history=history,
        )
    )


def screen_text(app: App[object]) -> str:
    """The current screen as plain text, one line per terminal row (for asserting on it)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def footer_text(app: App[object]) -> str:
    """The bottom row of the current screen (where the Footer lists the keys)."""
    lines = screen_text(app).splitlines()
    return lines[-1] if lines else ""


UNTIL_SECONDS = 10.0
"""How long (wall clock) :func:`until` waits for its condition before it fails."""

UNTIL_MIN_TRIES = 20
"""However long the pauses take, :func:`until` pauses at least this many times before failing."""


async def until(
    pilot: Pilot[Any],
    predicate: Callable[[], object],
    what: str,
    *,
    seconds: float = UNTIL_SECONDS,
) -> None:
    """Pause until ``predicate()`` is true; fail naming ``what`` if it never is.

    One ``pilot.pause()`` is not enough on a busy machine: Textual's idle test reads a process
    starved of CPU as idle, so a pause can return before the screen was laid out or a message
    handled. This pauses at least once, then until the condition holds, for at most ``seconds``
    of wall time (and at least ``UNTIL_MIN_TRIES`` pauses). An exception from ``predicate``
    (a widget not mounted yet, say) counts as "not yet". Time in the app is a FakeClock, so
    waiting here never moves it.
    """
    start = monotonic()
    tries = 0
    problem: BaseException | None = None
    while True:
        await pilot.pause()
        tries += 1
        try:
            if predicate():
                return
            problem = None
        except Exception as exc:
            problem = exc
        if tries >= UNTIL_MIN_TRIES and monotonic() - start > seconds:
            break
    try:
        shown = f"the screen ({type(pilot.app.screen).__name__}) shows:\n{screen_text(pilot.app)}"
    except Exception as exc:
        shown = f"the screen could not be read: {exc!r}"
    detail = f"; the last check raised {problem!r}" if problem is not None else ""
    raise AssertionError(
        f"gave up waiting for {what} after {tries} pauses "
        f"({monotonic() - start:.1f} s){detail}; {shown}"
    )


async def until_shown(pilot: Pilot[Any], *texts: str, footer: bool = False) -> str:
    """Pause until every one of ``texts`` is on the screen (or in its footer row, if
    ``footer``), and return that screen text (or the footer row)."""
    where = "the footer" if footer else "the screen"

    def read() -> str:
        return footer_text(pilot.app) if footer else screen_text(pilot.app)

    await until(
        pilot,
        lambda: all(text in read() for text in texts),
        f"{where} to show {', '.join(repr(text) for text in texts)}",
    )
    return read()


async def until_workers_done(pilot: Pilot[Any], *groups: str) -> None:
    """Pause until no worker (of ``groups``, if given) is pending or running.

    A worker can be started by a message handler or an after-refresh callback that has not run
    yet, so this waits for the screen to be quiet for two pauses in a row, not merely for the
    workers that exist now.
    """
    start = monotonic()
    quiet = 0
    while quiet < 2:
        await pilot.pause()
        busy = [
            worker
            for worker in pilot.app.workers
            if not worker.is_finished and (not groups or worker.group in groups)
        ]
        if not busy:
            quiet += 1
            continue
        quiet = 0
        left = 3 * UNTIL_SECONDS - (monotonic() - start)
        try:
            await asyncio.wait_for(pilot.app.workers.wait_for_complete(busy), max(left, 0.1))
        except TimeoutError:
            names = ", ".join(f"{worker.group}/{worker.name}" for worker in busy)
            raise AssertionError(f"gave up waiting for the workers to finish: {names}") from None


def read_and_counted(app: App[object]) -> bool:
    """The history screen (under any dialog) has counted its practices or shows a message.

    Counting starts only once the first rows are drawn, so waiting for the workers that run
    now is not enough: the one that counts may not have been started yet.
    """
    screens = [screen for screen in app.screen_stack if isinstance(screen, HistoryScreen)]
    if not screens:
        return False
    screen = screens[-1]
    switcher = screen.query_one("#history-switcher", ContentSwitcher)
    return screen.count is not None or switcher.current == "history-message"


def ready_for_keys(screen: Screen[Any]) -> bool:
    """``screen`` can take keys: mounted (keys that reach it sooner are ignored), its scale
    focused if it asks for a number, the settings' controls drawn, and, if it is the player,
    showing its session."""
    if isinstance(screen, PlayerScreen):
        return screen.snapshot is not None
    if isinstance(screen, (CheckinScreen, RatingScreen)):
        return screen.is_mounted and screen.scale.has_focus
    if isinstance(screen, SettingsScreen):  # its controls come once the settings are read
        return screen.is_mounted and any(w.has_focus for w in screen.query("#theme"))
    return screen.is_mounted


async def up(pilot: Pilot[Any], kind: type[Screen[Any]]) -> None:
    """Wait for a ``kind`` screen on top, ready for keys (the practice runs in a worker, so
    the next screen comes a little after the key that closed the last one)."""
    app = pilot.app
    await until(
        pilot,
        lambda: isinstance(app.screen, kind) and ready_for_keys(app.screen),
        f"the {kind.__name__}, ready for keys",
    )


async def clickable(pilot: Pilot[Any], widget: Widget) -> None:
    """Wait until ``widget`` is laid out and is what a click at its top left lands on."""
    app = pilot.app

    def ready() -> bool:
        region = widget.region
        if not region:
            return False
        found, _ = app.get_widget_at(region.x, region.y)
        return widget in found.ancestors_with_self

    await until(pilot, ready, f"{widget!r} to be laid out, ready for a click")


def palette_typing(app: object) -> bool:
    """The command palette is on top and its input has the focus."""
    screen = app.screen  # type: ignore[attr-defined]
    return isinstance(screen, CommandPalette) and screen.query_one(CommandInput).has_focus


def stored_records(app: NumbtuiApp) -> list[Record]:
    """Every record in the app's history database, oldest first."""
    database = app.context.database
    if not database.exists():
        return []
    with Store.open(database) as store:
        return list(store.iter_records())
