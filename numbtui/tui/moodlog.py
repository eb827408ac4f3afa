"""The log flow in the app: ask on :class:`~numbtui.tui.screens.log.LogScreen`, save, say so.

Saved in a thread with :func:`~numbtui.recovery.save_record`, like a practice: the history
first, the recovery file if the history cannot take it, and printed at the end if neither can.
Ctrl+C, Ctrl+Q or a signal while the log is open keep what it holds (:func:`save_log_so_far`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from numbtui.moodlog import LogDraft, log_record, logged_line
from numbtui.recovery import save_record
from numbtui.tui.own_words import (
    keep_own_words,
    keep_own_words_now,
    kept_own_words,
    say_not_kept,
)
from numbtui.tui.practice import keep_unsaved, report

if TYPE_CHECKING:
    from numbtui.tui.app import NumbtuiApp

NOTHING_LOGGED = "Nothing logged this time, and that's fine."


async def log_moment(app: NumbtuiApp, draft: LogDraft | None, *, exit_after: bool) -> None:
    """Ask for a moment, keep it, and say so (a line on exit, or a notice)."""
    from numbtui.tui.screens.log import LogScreen

    own = await kept_own_words(app)
    app.logging = True
    try:
        rating = await app.push_screen_wait(LogScreen(draft, own_words=own))
    finally:
        app.logging = False
    if rating is None:
        if exit_after:
            app.exit(NOTHING_LOGGED)
        return
    record = log_record(app.context.now(), rating)
    app.pending = record  # saved again on the way out if the app ends before this save
    outcome = await asyncio.to_thread(
        save_record, record, app.context.database, app.context.recovery
    )
    app.pending = None
    problem = await keep_own_words(app, rating)
    if not exit_after:
        say_not_kept(app, problem)
    report(app, record, outcome, exit_after=exit_after, saved=logged_line(record), then=problem)


def save_log_so_far(app: NumbtuiApp) -> str | None:
    """Keep what the open log screen holds (Ctrl+C, Ctrl+Q, a signal), as a rating's answer so
    far is kept; return the line to print, or None when nothing was given or no log is open.
    Synchronous: the app is about to end."""
    from numbtui.tui.screens.log import LogScreen

    screen = next((s for s in reversed(app.screen_stack) if isinstance(s, LogScreen)), None)
    if screen is None or not screen.is_mounted or screen.kept:
        return None
    rating = screen.current()
    if rating.empty:
        return None
    screen.kept = True
    record = log_record(app.context.now(), rating)
    outcome = save_record(record, app.context.database, app.context.recovery)
    keep_unsaved(app, outcome)
    line = logged_line(record) if outcome.saved else outcome.message
    problem = keep_own_words_now(app, rating)
    return line if problem is None else f"{line}\n{problem}"
