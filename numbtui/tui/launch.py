"""Build the app for a real run and run it: the only place that meets the real world.

:func:`build_context` reads settings, the library and the state file; :func:`run` starts the
app, turns SIGTERM and SIGHUP (a closed terminal) into a clean stop that keeps the practice so
far, and prints the app's closing line (e.g. ``Saved · Body scan · 9:58 practised``).

The home screen is drawn before the settings and the library are read (both need pydantic,
which takes longer to import than drawing the screen): it lists the exercises from the
catalog's cache, and takes the theme from a small cache of the settings file's appearance,
keyed by the file's size, time and inode (or its absence). Without a valid cache entry the
settings are read straight away, as before, and the entry is written for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import numbtui
from numbtui import catalog, paths, state, textout
from numbtui.atomic import write_atomic
from numbtui.options import LaunchOptions
from numbtui.readfile import read_regular_text
from numbtui.tui.context import AppContext, Appearance, Deferred

if TYPE_CHECKING:
    from numbtui.library import Library
    from numbtui.problem import Problem
    from numbtui.settings import Loaded, Settings
    from numbtui.tui.app import NumbtuiApp

HANGUP_GRACE_SECONDS = 2.0
APPEARANCE_CACHE = "appearance.json"


def build_context(options: LaunchOptions, library: Library | None = None) -> AppContext:
    """Everything the app needs, read from the user's folders (or deferred, see above).

    ``library`` is the exercise library when the caller has read it already (``numbtui play``
    checks the id first), so it is not read twice.
    """
    settings_file = paths.settings_file()
    state_file = paths.state_file()
    appearance = remembered_appearance(settings_file)
    saved: Settings | Deferred[Loaded]
    problems: tuple[Problem, ...] = ()
    in_part = False
    if appearance is None:
        loaded = read_settings(settings_file)
        saved, problems, in_part = loaded.settings, loaded.problems, loaded.in_part
    else:
        saved = Deferred(partial(read_settings, settings_file))
    read: Library | Deferred[Library]
    cards = None
    if library is not None:
        read = library
    elif options.exercise_id is None:
        cards, _ = catalog.cards(options.extra_exercises)  # their problems: see the library
        read = Deferred(partial(read_library, options.extra_exercises))
    else:  # `numbtui play ID` starts with the exercise itself
        read = read_library(options.extra_exercises)
    remembered, state_note = state.read(state_file)
    return AppContext(
        settings=saved,
        settings_problems=problems,
        settings_in_part=in_part,
        library=read,
        cards=cards,
        appearance=appearance,
        database=paths.database_file(),
        recovery=paths.recovery_file(),
        settings_file=settings_file,
        state_file=state_file,
        own_words_file=paths.own_words_file(),
        clock=time.monotonic,
        options=options,
        first_run=not remembered.welcome_seen,
        notices=() if state_note is None else (state_note,),
        trace_file=Path(trace) if (trace := os.environ.get("NUMBTUI_TRACE")) else None,
    )


def read_settings(path: Path) -> Loaded:
    """Read the settings file, and remember its appearance for the next start."""
    from numbtui import settings

    loaded = settings.load(path)
    remember_appearance(path, loaded.settings)
    return loaded


def read_library(extra: tuple[Path, ...]) -> Library:
    """Read and validate the whole exercise library."""
    from numbtui.library import discover

    return discover(extra)


def _appearance_key(settings_file: Path) -> str:
    # The settings file as it is now, and the code that decides its defaults and validity.
    stamps = [numbtui.__version__]
    for file in (settings_file, Path(numbtui.__file__).with_name("settings.py")):
        try:
            stat = file.stat()
        except OSError:
            stamps.append("absent")
        else:
            stamps.append(f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}")
    return f"{settings_file}|{'|'.join(stamps)}"


def remembered_appearance(settings_file: Path) -> Appearance | None:
    """The appearance remembered for the settings file as it is now, if any."""
    try:
        data = json.loads(read_regular_text(paths.cache_dir() / APPEARANCE_CACHE))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != _appearance_key(settings_file):
        return None
    theme, reduce_motion = data.get("theme"), data.get("reduce_motion")
    if not isinstance(theme, str) or not isinstance(reduce_motion, bool):
        return None
    return Appearance(theme=theme, reduce_motion=reduce_motion)


def remember_appearance(settings_file: Path, saved: Settings) -> None:
    """Remember the settings' appearance for the next start (failing only costs speed)."""
    data = {
        "key": _appearance_key(settings_file),
        "theme": saved.theme,
        "reduce_motion": saved.reduce_motion,
    }
    cache = paths.cache_dir() / APPEARANCE_CACHE
    with contextlib.suppress(OSError, ValueError):
        if json.loads(read_regular_text(cache)) == data:
            return  # already remembered
    with contextlib.suppress(OSError):  # only a missed speed-up
        write_atomic(cache, json.dumps(data))


def print_unsaved(lines: list[str]) -> None:
    """Print records nothing on disk could take, so the user can keep them."""
    if not lines:
        return
    with contextlib.suppress(OSError):
        print(
            "numbtui could not save the practice below anywhere on disk. To keep it, copy the "
            "line into a file and later run: numbtui import FILE",
            file=sys.stderr,
        )
        ascii_only = not textout.is_utf8(sys.stderr)
        for entry in lines:
            # \u escapes survive any encoding, and import reads them back the same.
            sys.stderr.write(json.dumps(json.loads(entry)) + "\n" if ascii_only else entry)
        sys.stderr.flush()


def make_stop(app: NumbtuiApp) -> Callable[[int, FrameType | None], None]:
    """The handler of SIGTERM, SIGHUP and SIGINT: keep the practice so far, then leave.

    A second signal (a second TERM a moment after the first, as some supervisors send) must
    not take away the closing line the first one set: the practice is already kept by then,
    so its own save says nothing, and the first line is what is printed.
    """
    closing: list[str] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        # A Python signal handler runs between two bytecodes of whatever the main thread was
        # doing; the save and the exit run as a callback of the app's own loop instead, and
        # call_soon_threadsafe also wakes that loop if it is waiting for input. A closed
        # terminal (SIGHUP) can no longer be drawn on, which is fine.
        def leave() -> None:
            line = None
            if app.practice is not None or app.logging:
                # Only now: the module brings pydantic, which the first screen can do without
                # (and a practice in progress has imported it already).
                from numbtui.tui.practice import save_interrupted

                line = save_interrupted(app)
            if line:
                closing.append(line)
            if signum == signal.SIGHUP:
                # With the terminal gone, Textual's output thread can block for good while
                # the app shuts down. The practice is already kept, so end the process
                # a little later regardless.
                watchdog = threading.Timer(HANGUP_GRACE_SECONDS, os._exit, (128 + signum,))
                watchdog.daemon = True
                watchdog.start()
            app.exit(closing[0] if closing else None, return_code=128 + signum)

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not inside the app's loop (starting or ending): save now
            leave()
        else:
            loop.call_soon_threadsafe(leave)

    return stop


def unusable_terminal(options: LaunchOptions) -> str | None:
    """Why the app cannot run on this terminal, in words for the user; None if it can."""
    # None when the shell started numbtui with the stream closed (`numbtui <&-`).
    if not (sys.stdin and sys.stdin.isatty()) or not (sys.stdout and sys.stdout.isatty()):
        instead = "numbtui history --format csv" if options.history is not None else "numbtui list"
        return f"the app needs a terminal; try `{instead}` or --help"
    # The app draws on stderr when it is the terminal, else on stdout (see tui/terminal.py).
    drawn_on = sys.__stderr__ if sys.__stderr__ and sys.__stderr__.isatty() else sys.stdout
    if not textout.is_utf8(drawn_on):
        # Textual draws boxes and bars that only UTF-8 has; in another encoding the screen
        # would be escape codes. The commands without the app work in any locale.
        return (
            f"the app needs a UTF-8 terminal, and this one uses {drawn_on.encoding} "
            "(set LANG=C.UTF-8 or another UTF-8 locale); `numbtui list` and "
            "`numbtui history --format table` work here"
        )
    return None


def print_closing(line: str) -> None:
    """Print the app's closing line (e.g. "Saved · Box breathing · before 3 → after 6")
    in what the terminal's encoding has; after SIGHUP the terminal is gone, which is fine:
    the practice is already kept either way."""
    textout.fall_back(sys.stdout)
    with contextlib.suppress(OSError):
        print(line, flush=True)


def run(options: LaunchOptions, library: Library | None = None) -> int:
    """Run the app until the user leaves; return the exit code (``library``: if read already)."""
    if (problem := unusable_terminal(options)) is not None:
        print(f"numbtui: {problem}", file=sys.stderr)
        return 2
    # Importing Textual and building the app make objects that live as long as the process:
    # looking through them for garbage while they are made, and again in the full collection
    # that follows, only delays the first screen. So no collection until the app is built,
    # and what exists then is left out of later collections.
    gc.disable()
    try:
        from numbtui.tui.app import NumbtuiApp

        app = NumbtuiApp(build_context(options, library))
    finally:
        gc.freeze()
        gc.enable()

    stop = make_stop(app)

    # SIGINT too: Ctrl+C typed in the app is a key (see NumbtuiApp), but `kill -INT` from
    # elsewhere is a signal, and it should end the same way (kept, 130, the summary line).
    handled = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
    previous = {sig: signal.signal(sig, stop) for sig in handled}
    line: str | None = None
    try:
        try:
            line = app.run()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if app.practice is not None or app.pending is not None:
                # The app ended some other way (an error) with a practice under way, or
                # before the save of a finished one reported back: keep it.
                from numbtui.tui.practice import save_interrupted, save_pending

                save_interrupted(app)
                save_pending(app)
        if line:
            print_closing(line)
    finally:
        # After the line, which may say that a record follows; printed even after an error.
        print_unsaved(app.unsaved)
    return app.return_code or 0
