"""One run of numbtui in plain mode: choose, check in, practise, rate, save; or the history.

The same practice as in the app: the same :class:`~numbtui.session.Session` under the same
:class:`~numbtui.conductor.Conductor`, the same :class:`~numbtui.practice.Practice` record and
the same :func:`~numbtui.recovery.save_record`. Interruptions follow the app's rules: Ctrl+C,
SIGTERM or SIGHUP while practising keep a practice of at least 10 s as stopped early (with any
answers already typed), and keep nothing of a shorter one, saying so; the exit code is
128 + the signal. The terminal's mode is restored on every way out.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TextIO

from numbtui import ownwords, paths
from numbtui.conductor import Conductor
from numbtui.ending import Ending
from numbtui.exercise import Exercise
from numbtui.lengths import Length, fitted, length_of_steps, minutes_for
from numbtui.library import Library
from numbtui.options import LaunchOptions
from numbtui.plain.announcer import Announcer
from numbtui.plain.answers import Draft, check_in, rate
from numbtui.plain.lines import Lines, seconds_in_words, sentence
from numbtui.plain.loop import NO_KEYS_WAIT, KeySource, NoKeys, TerminalKeys, Timers, cbreak, play
from numbtui.practice import NOT_BEGUN, Practice, planned
from numbtui.rating import Rating
from numbtui.record import LOG, Record
from numbtui.recovery import record_line, save_record
from numbtui.session import Clock, Session, Status
from numbtui.settings import Settings, with_options

KEYS = (
    "Keys: Space pauses and goes on (in the get-ready, it begins now). "
    "n goes to the next step, p to the previous one. "
    "Enter goes on when a step waits for you. q stops. "
    "s says where to find support. ? says these keys."
)
NO_KEYS = (
    "Not reading keys here (the input is not a terminal). A step that waits for you goes on "
    f"after {NO_KEYS_WAIT:g} seconds."
)
CARE = "numbtui is a practice tool, not a substitute for professional care."
GROUNDING = ("five-senses", "breathing-4-4-4")


class Interrupted(BaseException):
    """A signal that ends the run (Ctrl+C, SIGTERM, SIGHUP); BaseException, so that no
    ``except Exception`` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class Console:
    """Where plain mode reads and writes: lines out, lines (and keys) in."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    clock: Clock = time.monotonic
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    keys: KeySource | None = None
    """None: keys from ``stdin`` if it is a terminal, else none."""
    sleep: Callable[[float], None] = time.sleep
    """How to wait without keys (tests move a fake clock instead)."""

    def __post_init__(self) -> None:
        self.write = Lines(self.stdout)
        self.warn = Lines(self.stderr)
        if self.keys is None:
            self.keys = TerminalKeys(self.stdin.fileno()) if _is_terminal(self.stdin) else None

    def ask(self, question: str) -> str | None:
        """Write ``question`` as a line and read the line typed back (None at end of input)."""
        self.write(question)
        answer = self.stdin.readline()
        return None if answer == "" else answer.rstrip("\r\n")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False


@contextlib.contextmanager
def signals_end_the_run(again: list[Callable[[], None]]) -> Iterator[None]:
    """Ctrl+C, SIGTERM and SIGHUP raise :class:`Interrupted`; after ``fg`` (SIGCONT) the
    functions in ``again`` run (the terminal mode is set again)."""

    ended: list[int] = []

    def end(signum: int, frame: FrameType | None) -> None:
        # Only the first ends the run; a second one (Ctrl+C twice) must not break into the
        # saving of the practice that the first one started.
        if not ended:
            ended.append(signum)
            raise Interrupted(signum)

    def resumed(signum: int, frame: FrameType | None) -> None:
        for function in again:
            function()

    handled = {signal.SIGINT: end, signal.SIGTERM: end, signal.SIGHUP: end, signal.SIGCONT: resumed}
    previous = {sig: signal.signal(sig, handler) for sig, handler in handled.items()}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """While the record is saved, a second Ctrl+C or signal waits (it must not lose it)."""
    ends = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in ends}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def effective(settings: Settings, options: LaunchOptions) -> Settings:
    """The settings with this run's command-line overrides."""
    return with_options(settings, options)


def saved_line(record: Record) -> str:
    """What was kept, in words a screen reader says well (no dots or arrows)."""
    parts = [
        f"Saved to your history: {record.title}",
        f"{seconds_in_words(record.practised_seconds)} practised",
    ]
    if not record.finished:
        parts.append("stopped early")
    if record.before is not None:
        parts.append(f"before {record.before}")
    if record.after is not None:
        parts.append(f"after {record.after}")
    return ", ".join(parts) + "."


def support_lines() -> list[str]:
    """Where to find support, as lines (the same contacts as the app's F2)."""
    from numbtui.support import load_contacts

    lines = ["Support. " + CARE]
    for contact in load_contacts().contacts:
        where = f" ({contact.region})" if contact.region else ""
        details = f" {sentence(contact.details)}" if contact.details else ""
        lines.append(f"{contact.name}{where}: {sentence(contact.how)}{details}")
    lines.append("If you are in danger, call your local emergency number.")
    return lines


@dataclass
class Run:
    """One practice in plain mode, from check-in to saved record."""

    console: Console
    exercise: Exercise
    settings: Settings
    minutes: float | None = None
    practice: Practice | None = None
    draft: Draft = field(default_factory=Draft)
    ended: datetime | None = None
    again: list[Callable[[], None]] = field(default_factory=list)

    def __call__(self) -> int:
        with signals_end_the_run(self.again):
            try:
                return self._practise()
            except Interrupted as exc:
                with signals_held():
                    line = self.keep_interrupted()
                    with contextlib.suppress(OSError):
                        self.console.write(line)
                return 128 + exc.signum
            except Exception:
                # The output went away (a closed pipe or terminal) or something failed: keep
                # the practice by the same rules before the error is reported.
                with signals_held(), contextlib.suppress(Exception):
                    self.keep_interrupted()
                raise

    def _practise(self) -> int:
        console, settings, exercise = self.console, self.settings, self.exercise
        write = console.write
        fit = fitted(exercise, self.minutes)
        if fit.note:
            write(fit.note)
        length = length_of_steps(fit.steps).words()
        write(f"{exercise.title}. {len(fit.steps)} steps, {length}.")
        before = check_in(console.ask, write) if settings.checkin else None
        session = Session(fit.steps, console.clock, lead_in=settings.lead_in_seconds)
        self.practice = Practice(
            exercise=exercise,
            session=session,
            planned_seconds=planned(fit.steps),
            started=console.now(),
            before=before,
        )
        keys = console.keys
        write("Press ? for the keys." if keys is not None else NO_KEYS)
        self._play(session, keys)
        self.ended = console.now()
        if self.practice.ending() is Ending.NOT_KEPT:
            # The one rule for every ending (numbtui.ending), said in the app's words.
            self.practice.saved = True
            write(self.practice.not_kept_line())
            return 0
        own, notice = ownwords.read(paths.own_words_file())
        if notice is not None:
            write(notice)
        rating = rate(console.ask, write, self.draft, own)
        with signals_held():
            return self._save(rating)

    def _play(self, session: Session, keys: KeySource | None) -> None:
        console, settings = self.console, self.settings
        announcer = Announcer(
            console.write,
            compact=settings.plain_compact,
            time_left_every=settings.plain_time_left,
            no_keys_wait=NO_KEYS_WAIT if keys is None else None,
        )
        timers = Timers(console.clock)
        conductor = Conductor(session, timers.schedule, [announcer])
        if trace := os.environ.get("NUMBTUI_TRACE"):  # timing measured by the benchmarks
            from numbtui.listeners import Trace

            conductor.add(Trace(Path(trace), console.clock))
        sound = None
        if settings.sound != "off":
            # The same sound as the app, as one more listener of the same conductor.
            from numbtui.sound.listener import sound_for

            sound, notice = sound_for(session.steps, settings)
            if notice is not None:
                console.write(notice)
            if sound is not None:
                conductor.add(sound)
        try:
            self._keys(conductor, timers, keys)
        finally:
            if sound is not None:
                sound.close()  # silent at once, whatever ended the practice

    def _keys(self, conductor: Conductor, timers: Timers, keys: KeySource | None) -> None:
        console = self.console

        def other_key(key: str) -> None:
            if key == "?":
                console.write(KEYS)
            elif key in ("s", "S"):
                snapshot = conductor.snapshot
                if snapshot is not None and snapshot.status is not Status.PAUSED:
                    conductor.pause()
                for line in support_lines():
                    console.write(line)
                console.write("Press Space to go on.")
            elif key.isprintable() and key.strip():
                console.write("Press ? for the keys.")

        if keys is None:
            play(conductor, timers, NoKeys(console.sleep), other_key)
            return
        terminal = console.stdin.fileno() if isinstance(keys, TerminalKeys) else None
        with cbreak(terminal) if terminal is not None else contextlib.nullcontext() as again:
            if again is not None:
                self.again.append(again)
            try:
                play(conductor, timers, keys, other_key)
            finally:
                self.again.clear()

    def _save(self, rating: Rating | None) -> int:
        practice = self.practice
        assert practice is not None
        record = practice.record(self.ended or self.console.now(), rating)
        practice.saved = True
        outcome = save_record(record, paths.database_file(), paths.recovery_file())
        self._keep_own_words(record.words)
        if outcome.saved:
            self.console.write(saved_line(record))
        else:
            self.console.write(outcome.message)
            if not outcome.recovered:
                self.console.warn(record_line(record))
        if not practice.session.finished:
            hint = self.grounding_hint()
            if hint:
                self.console.write(hint)
        return 0 if outcome.saved else 1

    def grounding_hint(self) -> str | None:
        """After an early stop: stopping is fine, and what could help next."""
        from numbtui.library import discover

        known = {e.id for e in discover().exercises}
        ids = [i for i in GROUNDING if i in known and i != self.exercise.id]
        if not ids:
            return None
        return (
            "You listened to yourself, and that matters. If it would help, something short "
            f"and grounding: numbtui play {ids[0]} --plain"
        )

    def keep_interrupted(self) -> str:
        """Keep the practice so far, by the app's rules; the line that says what happened."""
        practice = self.practice
        if practice is None:
            return NOT_BEGUN
        if practice.saved:
            return "Stopped."
        practice.session.stop()
        practice.saved = True
        if practice.ending() is Ending.NOT_KEPT:
            return practice.not_kept_line()
        record = practice.record(self.ended or self.console.now(), self.draft.rating())
        outcome = save_record(record, paths.database_file(), paths.recovery_file())
        if not outcome.kept:
            self.console.warn(record_line(record))
        self._keep_own_words(record.words)
        return saved_line(record) if outcome.saved else outcome.message

    def _keep_own_words(self, words: tuple[str, ...]) -> None:
        """Keep the answer's own words for next time; a line if they could not be."""
        problem = ownwords.keep_used(paths.own_words_file(), words)
        if problem is not None:
            self.console.warn(problem)


def run(
    options: LaunchOptions, console: Console | None = None, library: Library | None = None
) -> int:
    """Plain mode for ``numbtui``, ``numbtui play ID`` and ``numbtui history``."""
    # A closed input (`<&-`) is an input with nothing in it: no keys, every question skipped.
    console = console or Console(sys.stdin or io.StringIO(), sys.stdout, sys.stderr)
    if options.history is not None:
        return show_history(options, console)
    from numbtui.library import discover
    from numbtui.settings import load

    loaded = load(paths.settings_file())
    for problem in loaded.problems:
        console.warn(f"settings: {problem}")
    if library is None:  # `numbtui play` has read it, and reported its problems, already
        library = discover(options.extra_exercises)
        for problem in library.problems:
            console.warn(f"skipped: {problem}")
    settings = effective(loaded.settings, options)
    if options.exercise_id is not None:
        exercise: Exercise | None = library.require(options.exercise_id)
    else:
        from numbtui.lengths import length_for
        from numbtui.plain.choose import choose

        def length(exercise: Exercise) -> Length:
            return length_for(exercise, settings, options.minutes)

        try:
            with signals_end_the_run([]):
                exercise = choose(library.exercises, console.ask, console.write, length)
        except Interrupted as exc:
            return 128 + exc.signum
    if exercise is None:
        return 0
    minutes = minutes_for(exercise, settings, options.minutes)
    return Run(console, exercise, settings, minutes=minutes)()


def show_history(options: LaunchOptions, console: Console) -> int:
    """The history as a flat list (``numbtui history`` in plain mode)."""
    from numbtui.plain.history import write_history
    from numbtui.store import Filters, Store

    database = paths.database_file()
    if not database.exists():
        console.write("No practice recorded yet.")
        return 0
    with Store.open_read_only(database) as store:  # a read-only disk can still be read
        count = write_history(store.iter_records(options.history or Filters()), console.write)
    if not count:
        only_logs = options.history is not None and options.history.kind == LOG
        console.write("Nothing logged matches." if only_logs else "No practice matches.")
    return 0
