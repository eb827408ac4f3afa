"""What the app is given when it is built: settings, library, data locations, clocks and the
way into the history.

Built by :func:`numbtui.tui.launch.build_context` for a real run, and by tests with temporary
folders and a fake clock, so the app itself never decides where things live or what time it is.
Screens reach the history only through :meth:`AppContext.open_history` (tests may give their
own opener), never by opening SQLite themselves; saves go through
:func:`numbtui.recovery.save_record`, which falls back to the recovery file.

Reading the settings and the exercise library needs PyYAML and pydantic, which take longer to
import than drawing the first screen. So a real run may give both as :class:`Deferred` values,
together with what the first screen needs of them (the home screen's :class:`Card` list and the
:class:`Appearance`); the app reads the rest in a worker thread once the first screen is drawn.
Anything that asks for ``settings`` or ``library`` before that gets them read there and then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from numbtui.catalog import Card, card_of
from numbtui.options import LaunchOptions

if TYPE_CHECKING:
    from numbtui.conductor import Schedule
    from numbtui.library import Library
    from numbtui.problem import Problem
    from numbtui.settings import Loaded, Settings
    from numbtui.store import Store

T = TypeVar("T")


def utc_now() -> datetime:
    """The current wall-clock time in UTC (for records; never for timing)."""
    return datetime.now(UTC)


class HistoryOpener(Protocol):
    """Opens the history at ``database`` for one owner, who closes it; None when there is no
    history there yet and ``create`` is False (nothing is created then)."""

    def __call__(self, database: Path, *, create: bool) -> Store | None: ...


def open_history_file(database: Path, *, create: bool) -> Store | None:
    """The real :class:`HistoryOpener`: :meth:`numbtui.store.Store.open` (migrating the file;
    read-only where it cannot be written), only if the file exists unless ``create``."""
    if not create and not database.exists():
        return None
    from numbtui.store import Store  # sqlite3 and the schema: not needed to draw the first screen

    return Store.open(database)


class Deferred(Generic[T]):
    """A value read once: the first time it is asked for, or ahead of that in a worker thread."""

    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._value: list[T] = []  # empty until read (the value itself may be anything)

    @property
    def ready(self) -> bool:
        """True once the value has been read."""
        return bool(self._value)

    def get(self) -> T:
        """The value, read now if nobody has read it yet (waits for a read in progress)."""
        if not self._value:
            with self._lock:
                if not self._value:
                    self._value.append(self._read())
        return self._value[0]


@dataclass(frozen=True)
class Appearance:
    """What the first screen needs of the saved settings: the theme, and whether to animate."""

    theme: str
    reduce_motion: bool = False


class AppContext:
    """Everything NumbtuiApp needs from outside; tests build one by hand.

    ``settings`` and ``library`` may be :class:`Deferred`; reading the attribute then reads
    the value (use :meth:`load` in a worker thread to do that off the UI thread).
    """

    def __init__(
        self,
        *,
        settings: Settings | Deferred[Loaded],
        library: Library | Deferred[Library],
        database: Path,
        recovery: Path,
        settings_file: Path,
        state_file: Path,
        clock: Callable[[], float],
        now: Callable[[], datetime] = utc_now,
        options: LaunchOptions | None = None,
        settings_problems: tuple[Problem, ...] = (),
        settings_in_part: bool = False,
        first_run: bool = False,
        trace_file: Path | None = None,
        cards: Sequence[Card] | None = None,
        appearance: Appearance | None = None,
        schedule: Schedule | None = None,
        notices: tuple[str, ...] = (),
        history: HistoryOpener = open_history_file,
        own_words_file: Path | None = None,
    ) -> None:
        self.database = database
        self.own_words_file = own_words_file or database.with_name("own-words.json")
        """The person's own words (numbtui.ownwords); beside the history unless given."""
        self.own_words_noticed = False
        """An unreadable own-words file was said once this run: not again on every rating."""
        self.recovery = recovery
        self.settings_file = settings_file
        self.state_file = state_file
        self.clock = clock
        """Monotonic seconds, for timing exercises."""
        self.now = now
        """Wall-clock time in UTC, for the start and end of records."""
        self.options = options if options is not None else LaunchOptions()
        self.first_run = first_run
        """Show the welcome screen (nothing has been remembered yet)."""
        self.trace_file = trace_file
        """Where the player logs each step and breath phase as it is shown (for benchmarks)."""
        self.schedule = schedule
        """The practice's timer; None for the event loop's. Tests pass one that fires only
        when they say, so what a screen shows comes from the code under test, not a timer."""
        self._appearance = appearance
        self.notices = notices
        """One line each about a file that was skipped while starting (e.g. a named pipe)."""
        self._settings_problems = settings_problems
        self.settings_in_part = settings_in_part
        """Only the settings named in the problems use their defaults (see settings.Loaded)."""
        self._cards = None if cards is None else tuple(cards)
        self._settings: Settings | Deferred[Loaded] = settings
        self._library: Library | Deferred[Library] = library
        self._history = history

    def open_history(self, *, create: bool = False) -> Store | None:
        """The history of this run, opened for the caller, who closes it; None when there is
        none yet and ``create`` is False (reading never creates a database).

        Blocking (it may migrate or wait for another numbtui's lock): call it in a worker
        thread. The store serialises its one connection with a lock of its own, so its owner
        may use it from any of its worker threads, one call at a time.
        """
        return self._history(self.database, create=create)

    @property
    def settings(self) -> Settings:
        """The saved settings (read now if they were deferred and not read yet)."""
        current = self._settings
        if isinstance(current, Deferred):
            loaded = current.get()
            if self._settings is current:  # not replaced meanwhile
                self._settings_problems = loaded.problems
                self.settings_in_part = loaded.in_part
                self._settings = loaded.settings
            return self.settings
        return current

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value

    @property
    def settings_problems(self) -> tuple[Problem, ...]:
        """What was wrong with the settings file, if anything (those settings use their
        defaults; all of them unless :attr:`settings_in_part`)."""
        self.settings  # noqa: B018 - reading deferred settings is what finds their problems
        return self._settings_problems

    @settings_problems.setter
    def settings_problems(self, value: tuple[Problem, ...]) -> None:
        self._settings_problems = value

    @property
    def library(self) -> Library:
        """The exercise library (read now if it was deferred and not read yet)."""
        current = self._library
        if isinstance(current, Deferred):
            library = current.get()
            if self._library is current:
                self._library = library
            return library
        return current

    @library.setter
    def library(self, value: Library) -> None:
        self._library = value

    @property
    def ready(self) -> bool:
        """True when neither the settings nor the library still have to be read."""
        return not isinstance(self._settings, Deferred) and not isinstance(self._library, Deferred)

    def load(self) -> None:
        """Read whatever was deferred (blocking: call it from a worker thread)."""
        self.settings  # noqa: B018
        self.library  # noqa: B018

    @property
    def cards(self) -> tuple[Card, ...]:
        """What the home screen lists: given ahead of the library, or made from it."""
        if self._cards is None:
            self._cards = tuple(card_of(exercise) for exercise in self.library.exercises)
        return self._cards

    def settle_cards(self) -> bool:
        """Make the cards agree with the library as read; True if that changed them."""
        cards = tuple(card_of(exercise) for exercise in self.library.exercises)
        changed = cards != self._cards
        self._cards = cards
        return changed

    def appearance(self) -> Appearance:
        """The saved theme and motion setting: known ahead of the settings, or read from them."""
        if isinstance(self._settings, Deferred) and self._appearance is not None:
            return self._appearance
        settings = self.settings
        return Appearance(theme=settings.theme, reduce_motion=settings.reduce_motion)
