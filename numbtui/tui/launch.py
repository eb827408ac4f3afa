"""Build the app for a real run and run it: the only place that meets the real world.

:func:`build_context` reads settings, the library and the state file; :func:`run` starts the
app, turns SIGTERM and SIGHUP (a closed terminal) into a clean stop that keeps the practice so
far, and prints the app's closing line (e.g. ``Saved · Body scan · 9:58 practised``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from numbtui import paths, settings, state
from numbtui.library import discover
from numbtui.options import LaunchOptions
from numbtui.tui.context import AppContext

HANGUP_GRACE_SECONDS = 2.0


def build_context(options: LaunchOptions) -> AppContext:
    """Everything the app needs, read from the user's folders."""
    loaded = settings.load(paths.settings_file())
    state_file = paths.state_file()
    return AppContext(
        settings=loaded.settings,
        settings_problems=loaded.problems,
        library=discover(options.extra_exercises),
        database=paths.database_file(),
        recovery=paths.recovery_file(),
        settings_file=paths.settings_file(),
        state_file=state_file,
        clock=time.monotonic,
        options=options,
        first_run=not state.load(state_file).welcome_seen,
        trace_file=Path(trace) if (trace := os.environ.get("NUMBTUI_TRACE")) else None,
    )


def run(options: LaunchOptions) -> int:
    """Run the app until the user leaves; return the exit code."""
    from numbtui.tui.app import NumbtuiApp
    from numbtui.tui.practice import save_interrupted

    if not sys.stdin.isatty() or not sys.stdout.isatty():
        print("numbtui: the app needs a terminal; try `numbtui list` or --help", file=sys.stderr)
        return 2
    app = NumbtuiApp(build_context(options))

    def stop(signum: int, frame: FrameType | None) -> None:
        # A Python signal handler runs between two bytecodes of whatever the main thread was
        # doing; the save and the exit run as a callback of the app's own loop instead, and
        # call_soon_threadsafe also wakes that loop if it is waiting for input. A closed
        # terminal (SIGHUP) can no longer be drawn on, which is fine.
        def leave() -> None:
            line = save_interrupted(app)
            if signum == signal.SIGHUP:
                # With the terminal gone, Textual's output thread can block for good while
                # the app shuts down. The practice is already kept, so end the process
                # a little later regardless.
                watchdog = threading.Timer(HANGUP_GRACE_SECONDS, os._exit, (128 + signum,))
                watchdog.daemon = True
                watchdog.start()
            app.exit(line, return_code=128 + signum)

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not inside the app's loop (starting or ending): save now
            leave()
        else:
            loop.call_soon_threadsafe(leave)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        line = app.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if line:
        # After SIGHUP the terminal is gone; the practice is already kept either way.
        with contextlib.suppress(OSError):
            print(line, flush=True)
    return app.return_code or 0
