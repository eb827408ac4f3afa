"""The practice flow: check in, play, rate, save — and keep the practice if interrupted.

:func:`run_practice` runs as an app worker so it can wait on each screen in turn. The record is
written in a thread (``save_record`` never raises for expected failures: it falls back to the
recovery file), so the screen never waits on the disk. :func:`save_interrupted` is what Ctrl+C,
SIGTERM and SIGHUP call: it keeps the practice so far as "stopped early". A practice stopped
during the get-ready lead-in has nothing in it, so it is neither rated nor kept.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from numbtui.durations import format_duration
from numbtui.errors import UsageError
from numbtui.exercise import Exercise
from numbtui.fit import fit_to_minutes
from numbtui.rating import Rating
from numbtui.record import Record
from numbtui.recovery import SaveOutcome, record_line, save_record
from numbtui.session import Session

if TYPE_CHECKING:
    from numbtui.tui.app import NumbtuiApp

MIN_PARTIAL_SECONDS = 10.0
"""An interrupted practice shorter than this is not worth a record."""
NOT_BEGUN = "Stopped before the practice began, so there is nothing to save."


@dataclass
class Practice:
    """A practice in progress: what is needed to write its record at any moment."""

    exercise: Exercise
    session: Session
    planned_seconds: float
    started: datetime
    before: int | None = None
    saved: bool = field(default=False)

    def record(self, ended: datetime, rating: Rating | None = None) -> Record:
        """The record of this practice as it stands now."""
        snapshot = self.session.snapshot()
        return Record.new(
            started=self.started,
            ended=ended,
            exercise_id=self.exercise.id,
            title=self.exercise.title,
            content_hash=self.exercise.content_hash,
            planned_seconds=self.planned_seconds,
            practised_seconds=round(snapshot.practised, 1),
            finished=self.session.finished,
            before=self.before,
            after=rating.value if rating else None,
            words=rating.words if rating else (),
            note=rating.note if rating else "",
        )


def summary_line(record: Record) -> str:
    """The one line printed after ``numbtui play``: what was kept, gently."""
    parts = ["Saved", record.title, f"{format_duration(record.practised_seconds)} practised"]
    if not record.finished:
        parts.append("stopped early")
    if record.before is not None and record.after is not None:
        parts.append(f"{record.before} → {record.after}")
    elif record.after is not None:
        parts.append(f"after: {record.after}/10")
    return " · ".join(parts)


async def run_practice(app: NumbtuiApp, exercise: Exercise, *, exit_after: bool) -> None:
    """Check in (if on), play, rate and save one practice of ``exercise``."""
    from numbtui.tui.screens.checkin import CheckinScreen, CheckinSkipped
    from numbtui.tui.screens.player import PlayerScreen
    from numbtui.tui.screens.rating import RatingScreen

    prefs = app.prefs
    spec = exercise.spec
    minutes = app.context.options.minutes or prefs.minutes.get(exercise.id)
    if minutes:
        try:
            spec = fit_to_minutes(spec, minutes)
        except UsageError:
            # Only steps that wait for the user: there is no length to change.
            app.notify(
                f"“{exercise.title}” goes at your own pace, so it is not fitted to "
                f"{minutes:g} minutes.",
                markup=False,
            )
    before: int | None = None
    if prefs.checkin:
        answer = await app.push_screen_wait(CheckinScreen(exercise))
        if answer is None:  # Escape: the user changed their mind; nothing to record.
            if exit_after:
                app.exit()
            return
        before = None if isinstance(answer, CheckinSkipped) else answer
    session = Session(spec.steps, app.context.clock, lead_in=prefs.lead_in_seconds)
    practice = Practice(
        exercise=exercise,
        session=session,
        planned_seconds=round(sum(step.duration for step in spec.steps), 1),
        started=app.context.now(),
        before=before,
    )
    app.practice = practice
    await app.push_screen_wait(PlayerScreen(exercise, session, title=exercise.title))
    ended = app.context.now()
    if not session.finished and session.practised <= 0:
        # Stopped during the get-ready lead-in: nothing was practised, so nothing to keep.
        practice.saved = True
        app.practice = None
        if exit_after:
            app.exit(NOT_BEGUN)
        return
    rating = await app.push_screen_wait(
        RatingScreen(exercise, stopped_early=not session.finished, before=before)
    )
    if practice.saved:  # Ctrl+C or a signal already kept it.
        return
    record = practice.record(ended, rating)
    practice.saved = True
    app.practice = None
    app.pending = record  # until the save reports back; see save_pending
    outcome = await asyncio.to_thread(
        save_record, record, app.context.database, app.context.recovery
    )
    app.pending = None
    if exit_after and not session.finished:
        # The app closes next, so the offer of something grounding is made in words.
        report(app, record, outcome, exit_after=True, then=grounding_hint(app, exercise))
        return
    report(app, record, outcome, exit_after=exit_after)
    if not exit_after and not session.finished:
        from numbtui.tui.screens.rating import (
            GROUNDING_CHOICES,
            GROUNDING_NOTE,
            grounding_choices,
            offer_grounding,
        )

        if rating is not None:
            offer_grounding(app)
        elif offered := {exercise_id for exercise_id, _ in grounding_choices(app)}:
            # Escape on the rating already said "not now": one more dialog would stand
            # between the user and the way out, so the offer is made in words instead.
            names = " or ".join(name for i, name in GROUNDING_CHOICES if i in offered)
            app.notify(GROUNDING_NOTE.format(names=names), markup=False, timeout=10)


def keep_unsaved(app: NumbtuiApp, outcome: SaveOutcome) -> None:
    """Hold a record nothing on disk took, to be printed when the app closes."""
    if not outcome.saved and not outcome.recovered:
        app.unsaved.append(record_line(outcome.record))


def grounding_hint(app: NumbtuiApp, stopped: Exercise) -> str | None:
    """After an early stop in ``numbtui play``: stopping is fine, and what could help next."""
    from numbtui.tui.screens.rating import grounding_choices

    ids = [exercise_id for exercise_id, _ in grounding_choices(app) if exercise_id != stopped.id]
    if not ids:
        return None
    return (
        "You listened to yourself, and that matters. If it would help, something short and "
        "grounding: "
        f"numbtui play {ids[0]}"
    )


def report(
    app: NumbtuiApp,
    record: Record,
    outcome: SaveOutcome,
    *,
    exit_after: bool,
    then: str | None = None,
) -> None:
    """Tell the user what happened to their record: a line on exit (and ``then`` below it),
    or a notification."""
    keep_unsaved(app, outcome)
    line = summary_line(record) if outcome.saved else outcome.message
    if exit_after:
        # Not in the history is a data problem (exit 1), even when the record is safe.
        app.exit(line if then is None else f"{line}\n{then}", return_code=0 if outcome.saved else 1)
        return
    app.notify(
        line,
        title="Kept" if outcome.saved else "Not in the history yet",
        markup=False,
        severity="information" if outcome.saved else "warning",
        timeout=8,
    )


def save_interrupted(app: NumbtuiApp) -> str | None:
    """Keep the practice so far (if at least 10 s were practised); return the line to print.

    Called from Ctrl+C and from signal handlers, so it saves synchronously: the app is about
    to end and a thread might not finish. A practice interrupted while it plays is kept as
    stopped early; one interrupted on the rating screen keeps whatever was answered so far.
    """
    practice = app.practice
    if practice is None or practice.saved:
        return None
    practice.saved = True
    practice.session.stop()
    if not practice.session.finished and practice.session.practised < MIN_PARTIAL_SECONDS:
        return None  # a few seconds of an unfinished practice are not worth a record
    record = practice.record(app.context.now(), rating_so_far(app))
    outcome = save_record(record, app.context.database, app.context.recovery)
    keep_unsaved(app, outcome)
    return summary_line(record) if outcome.saved else outcome.message


def save_pending(app: NumbtuiApp) -> None:
    """Save a record whose save in a thread never reported back (the app ended first).

    Saving the same record twice is harmless: its id is already there the second time.
    """
    record, app.pending = app.pending, None
    if record is not None:
        keep_unsaved(app, save_record(record, app.context.database, app.context.recovery))


def rating_so_far(app: NumbtuiApp) -> Rating | None:
    """What the rating screen holds, if it is open (so an interruption keeps the answer)."""
    from numbtui.tui.screens.rating import RatingScreen

    # The topmost one: the keys or support screen may cover it while the user answers.
    screen = next((s for s in reversed(app.screen_stack) if isinstance(s, RatingScreen)), None)
    if screen is None or not screen.is_mounted:
        return None
    rating = screen.current()
    return None if rating.empty else rating
