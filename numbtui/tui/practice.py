"""The practice flow: check in, play, rate, save — and keep the practice if interrupted.

:func:`run_practice` runs as an app worker so it can wait on each screen in turn. The record is
written in a thread (``save_record`` never raises for expected failures: it falls back to the
recovery file), so the screen never waits on the disk. :func:`save_interrupted` is what Ctrl+C,
SIGTERM and SIGHUP call: it keeps the practice so far as "stopped early". A practice stopped
during the get-ready lead-in has nothing in it, so it is neither rated nor kept.
"""

from __future__ import annotations

import asyncio
import textwrap
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from numbtui.ending import NOT_KEPT, Ending
from numbtui.exercise import Exercise
from numbtui.lengths import Fitted, fitted
from numbtui.practice import Practice, planned, summary_line
from numbtui.rating import Rating
from numbtui.record import Record
from numbtui.recovery import SaveOutcome, record_line, save_record
from numbtui.session import Session
from numbtui.tui.own_words import (
    keep_own_words,
    keep_own_words_now,
    offer_own_words,
    read_own_words,
    say_not_kept,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.screen import Screen

    from numbtui.exercise import AnyStep
    from numbtui.sound.listener import SoundListener
    from numbtui.tui.app import NumbtuiApp

Answer = TypeVar("Answer")

TOO_SHORT = NOT_KEPT
"""What is said when a practice ends with under 10 s practised (numbtui.ending's one line)."""
HINT_WIDTH = 79
"""Columns the words printed after an early stop may take (one less than 80, so a terminal
that wraps at its last column never breaks a word)."""


async def run_practice(
    app: NumbtuiApp,
    exercise: Exercise,
    *,
    exit_after: bool,
    checkin: bool | None = None,
    offered: bool = False,
) -> None:
    """Check in (if on), play, rate and save one practice of ``exercise``.

    ``checkin`` overrides the setting (the eyes-open way out asks nothing first); ``offered``
    for a practice offered on the way (its length is not this run's ``--minutes``).
    """
    plan = fitted(exercise, app.minutes_for(exercise, offered=offered))
    if plan.note is not None:
        app.notify(plan.note, markup=False)
    sound = await start_sound(app, plan.steps)
    try:
        switched = await _practise(
            app, exercise, plan, sound, exit_after=exit_after, checkin=checkin
        )
    finally:
        for listener in sound:
            listener.close()  # silent at once, also when the app exits mid-practice
    if switched is not None:  # the way out: this one's sound is closed before the next opens
        await switch_to_grounding(app, *switched, exit_after=exit_after)


async def _practise(
    app: NumbtuiApp,
    exercise: Exercise,
    plan: Fitted,
    sound: list[SoundListener],
    *,
    exit_after: bool,
    checkin: bool | None,
) -> tuple[Practice, datetime] | None:
    """The practice flow; returns the practice left for the way out, if it was."""
    from numbtui.rating import SPOKEN_AFTER, SPOKEN_BEFORE
    from numbtui.tui.screens.checkin import CheckinScreen, CheckinSkipped
    from numbtui.tui.screens.player import PlayerScreen
    from numbtui.tui.screens.rating import RatingScreen
    from numbtui.tui.screens.way_out import Choice

    prefs = app.prefs
    before: int | None = None
    if prefs.checkin if checkin is None else checkin:
        answer = await ask(app, CheckinScreen(exercise), sound, SPOKEN_BEFORE)
        if answer is None:  # Escape: the user changed their mind; nothing to record.
            if exit_after:
                app.exit()
            return None
        before = None if isinstance(answer, CheckinSkipped) else answer
    session = Session(plan.steps, app.context.clock, lead_in=prefs.lead_in_seconds)
    practice = Practice(
        exercise=exercise,
        session=session,
        planned_seconds=planned(plan.steps),
        started=app.context.now(),
        before=before,
    )
    app.practice = practice
    own_words = asyncio.create_task(read_own_words(app))  # for the rating, read meanwhile
    way_out = await app.push_screen_wait(
        PlayerScreen(exercise, session, title=exercise.title, listeners=sound)
    )
    ended = app.context.now()
    if way_out is Choice.GROUND:
        return practice, ended
    end = practice.ending()
    if end is Ending.NOT_KEPT:
        keep_nothing(app, practice, exit_after=exit_after)
        return None
    stopped_early = end is not Ending.FINISHED
    own = offer_own_words(app, await own_words)  # read long ago: no wait between screens
    rating = await ask(
        app,
        RatingScreen(exercise, stopped_early=stopped_early, before=before, own_words=own),
        sound,
        SPOKEN_AFTER,
    )
    if practice.saved:  # Ctrl+C or a signal already kept it.
        return None
    record = practice.record(ended, rating)
    practice.saved = True
    app.practice = None
    app.pending = record  # until the save reports back; see save_pending
    outcome = await asyncio.to_thread(
        save_record, record, app.context.database, app.context.recovery
    )
    app.pending = None
    problem = await keep_own_words(app, rating)
    if exit_after:
        # The app closes next, so the offer of something grounding is made in words.
        hint = grounding_hint(app, exercise) if stopped_early else None
        then = "\n".join(line for line in (problem, hint) if line) or None
        report(app, record, outcome, exit_after=True, then=then)
        return None
    say_not_kept(app, problem)
    report(app, record, outcome, exit_after=exit_after)
    if not exit_after and stopped_early:
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
    return None


def keep_nothing(app: NumbtuiApp, practice: Practice, *, exit_after: bool) -> None:
    """Under 10 s practised (or stopped in the get-ready lead-in): nothing is kept, and the
    user is told so in one line."""
    practice.saved = True
    app.practice = None
    if exit_after:
        app.exit(practice.not_kept_line())
    else:
        app.notify(practice.not_kept_line(), markup=False)


async def switch_to_grounding(
    app: NumbtuiApp, practice: Practice, ended: datetime, *, exit_after: bool
) -> None:
    """Keep the practice left for the way out (no rating asked), then play the eyes-open one."""
    from numbtui.tui.screens.way_out import EYES_OPEN

    practice.saved = True
    app.practice = None
    practice.switched_to = EYES_OPEN
    if practice.ending() is not Ending.NOT_KEPT:
        record = practice.record(ended)
        outcome = await asyncio.to_thread(
            save_record, record, app.context.database, app.context.recovery
        )
        keep_unsaved(app, outcome)
    grounding = app.context.library.get(EYES_OPEN)
    if grounding is None:  # the way-out screen offers this only when it is there
        if exit_after:
            app.exit()
        return
    await run_practice(app, grounding, exit_after=exit_after, checkin=False, offered=True)


async def ask(
    app: NumbtuiApp, screen: Screen[Answer], sound: list[SoundListener], question: str
) -> Answer:
    """Show a question's screen; with voice on, the question and its keys are spoken too, and
    hushed as soon as it is answered."""
    for listener in sound:
        listener.say(question)
    try:
        return await app.push_screen_wait(screen)
    finally:
        for listener in sound:
            listener.hush()


async def start_sound(app: NumbtuiApp, steps: Sequence[AnyStep]) -> list[SoundListener]:
    """The sound listener when sound is on (opened off the event loop), with any notice."""
    if app.prefs.sound == "off":
        return []
    from numbtui.sound.listener import sound_for

    listener, notice = await asyncio.to_thread(sound_for, steps, app.prefs)
    if notice is not None:
        app.notify(notice, markup=False, timeout=12)
    return [] if listener is None else [listener]


def keep_unsaved(app: NumbtuiApp, outcome: SaveOutcome) -> None:
    """Hold a record nothing on disk took, to be printed when the app closes."""
    if not outcome.saved and not outcome.recovered:
        app.unsaved.append(record_line(outcome.record))


def grounding_hint(app: NumbtuiApp, stopped: Exercise) -> str | None:
    """After an early stop in ``numbtui play``: stopping is fine, and what could help next.

    Wrapped at words for an 80-column terminal (the terminal would break words), with the
    command on a line of its own so it can be copied whole.
    """
    from numbtui.tui.screens.rating import grounding_choices

    ids = [exercise_id for exercise_id, _ in grounding_choices(app) if exercise_id != stopped.id]
    if not ids:
        return None
    words = (
        "You listened to yourself, and that matters. If it would help, something short and "
        "grounding:"
    )
    wrapped = textwrap.fill(words, width=HINT_WIDTH, break_long_words=False)
    return f"{wrapped}\n  numbtui play {ids[0]}"


def report(
    app: NumbtuiApp,
    record: Record,
    outcome: SaveOutcome,
    *,
    exit_after: bool,
    then: str | None = None,
    saved: str | None = None,
) -> None:
    """Tell the user what happened to their record: a line on exit (and ``then`` below it),
    or a notification. ``saved`` is the line when it was kept (a practice's summary line by
    default)."""
    keep_unsaved(app, outcome)
    kept = saved if saved is not None else summary_line(record)
    line = kept if outcome.saved else outcome.message
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
    """Keep the practice so far (if at least 10 s were practised); return the line to print
    (which says so when nothing was kept).

    Called from Ctrl+C and from signal handlers, so it saves synchronously: the app is about
    to end and a thread might not finish. A practice interrupted while it plays is kept as
    stopped early; one interrupted on the rating screen keeps whatever was answered so far.
    """
    practice = app.practice
    if practice is None:
        from numbtui.tui.moodlog import save_log_so_far

        return save_log_so_far(app)  # a log being answered is kept as given so far
    if practice.saved:
        return None
    practice.saved = True
    practice.session.stop()
    if practice.ending() is Ending.NOT_KEPT:
        return practice.not_kept_line()  # a few seconds are not worth a record
    rating = rating_so_far(app)
    record = practice.record(app.context.now(), rating)
    outcome = save_record(record, app.context.database, app.context.recovery)
    keep_unsaved(app, outcome)
    line = summary_line(record) if outcome.saved else outcome.message
    problem = keep_own_words_now(app, rating)
    return line if problem is None else f"{line}\n{problem}"


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
