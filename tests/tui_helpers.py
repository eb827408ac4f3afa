"""Building NumbtuiApp for tests: temporary folders, a fake clock, a fixed wall clock.

``make_app`` builds the app the way ``numbtui.tui.launch.build_context`` does for a real run,
but with everything under ``tmp_path``, the bundled library only (the user's folder is an empty
temporary one), a :class:`FakeClock` for timing, and a wall clock that starts at a fixed moment
and moves with the fake clock, so records get stable, ordered times.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import App

from numbtui.library import Library, discover
from numbtui.options import LaunchOptions
from numbtui.record import Record
from numbtui.settings import Settings
from numbtui.store import Store
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.context import AppContext
from tests.fakes import FakeClock

FIXED_NOW = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)
"""The wall-clock time when the fake clock reads 0 (a Monday morning)."""


def bundled_library(tmp_path: Path) -> Library:
    """The bundled exercises only (an empty user folder, no extra paths)."""
    empty = tmp_path / "no-user-exercises"
    empty.mkdir(parents=True, exist_ok=True)
    return discover(user=empty)


def make_context(
    tmp_path: Path,
    *,
    options: LaunchOptions | None = None,
    settings: Settings | None = None,
    clock: FakeClock | None = None,
    library: Library | None = None,
    first_run: bool = False,
) -> AppContext:
    """An AppContext with temporary data locations, a fake clock and a fixed ``now``."""
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
    )


def make_app(
    tmp_path: Path,
    *,
    options: LaunchOptions | None = None,
    settings: Settings | None = None,
    clock: FakeClock | None = None,
    library: Library | None = None,
    first_run: bool = False,
) -> NumbtuiApp:
    """A NumbtuiApp for a Pilot test (defaults: bundled library, default settings, no welcome).

    Keep a reference to the ``clock`` you pass in to move time: ``clock.advance(5)`` then
    ``await pilot.pause()``.
    """
    return NumbtuiApp(
        make_context(
            tmp_path,
            options=options,
            settings=settings,
            clock=clock,
            library=library,
            first_run=first_run,
        )
    )


def screen_text(app: App[object]) -> str:
    """The current screen as plain text, one line per terminal row (for asserting on it)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def stored_records(app: NumbtuiApp) -> list[Record]:
    """Every record in the app's history database, oldest first."""
    database = app.context.database
    if not database.exists():
        return []
    with Store.open(database) as store:
        return list(store.iter_records())
