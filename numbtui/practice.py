"""One practice, from the exercise chosen to the record kept (no screens).

What the screen, the plain mode and the command line share about a practice: which steps are
played (the exercise fitted to the minutes asked for), its planned length, the one rule for how a
practice ended (numbtui.ending), the :class:`Practice` that can write its record at any moment
(also from Ctrl+C or a signal), and the one line said when it is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from numbtui.durations import format_duration
from numbtui.ending import MIN_KEPT_SECONDS, NOT_KEPT, Ending, ending
from numbtui.errors import UsageError
from numbtui.exercise import AnyStep, Exercise, planned_seconds
from numbtui.fit import fit
from numbtui.lengths import length_of_steps
from numbtui.rating import Rating, feeling
from numbtui.record import Record
from numbtui.safety import with_light_headed_lines
from numbtui.session import Session
from numbtui.settings import Settings

MIN_PARTIAL_SECONDS = MIN_KEPT_SECONDS
"""A practice shorter than this is not worth a record (see numbtui.ending)."""
NOT_BEGUN = "Stopped before the practice began, so there is nothing to save."


@dataclass(frozen=True)
class Fitted:
    """The steps to play and, when the length asked for could not be used, why (to say)."""

    steps: tuple[AnyStep, ...]
    note: str | None = None


def minutes_for(exercise: Exercise, settings: Settings, asked: float | None = None) -> float | None:
    """The length to fit ``exercise`` to: this run's ``--minutes``, else the saved one."""
    return asked or settings.minutes.get(exercise.id)


def fitted(exercise: Exercise, minutes: float | None) -> Fitted:
    """``exercise``'s steps fitted to about ``minutes`` (as written when None), with the
    light-headedness line before each breathing step that needs it (:mod:`numbtui.safety`)."""
    if not minutes:
        return Fitted(_with_care(exercise.steps))
    try:
        result = fit(exercise.spec, minutes)
    except UsageError:
        # Only steps that wait for the user: there is no length to change.
        return Fitted(
            _with_care(exercise.steps),
            note=f"“{exercise.title}” goes at your own pace, so it is not fitted to "
            f"{minutes:g} minutes.",
        )
    steps = _with_care(result.spec.steps)
    # Said before it starts when a cap on breaths or the reading times changed the length,
    # with the length every screen shows (numbtui.lengths: waits and care lines counted).
    return Fitted(steps, note=result.note_with(length_of_steps(steps).text()))


def _with_care(steps: Sequence[AnyStep]) -> tuple[AnyStep, ...]:
    # Added after fitting, so the line keeps its own calm length and is never scaled away.
    return tuple(with_light_headed_lines(steps))


def planned(steps: tuple[AnyStep, ...] | list[AnyStep]) -> float:
    """The planned length recorded for a practice of ``steps`` (tenths of a second)."""
    return round(planned_seconds(steps), 1)


@dataclass
class Practice:
    """A practice in progress: what is needed to write its record at any moment."""

    exercise: Exercise
    session: Session
    planned_seconds: float
    started: datetime
    before: int | None = None
    saved: bool = field(default=False)
    switched_to: str | None = None
    """The exercise taken instead, when the person chose the eyes-open way out."""

    def ending(self) -> Ending:
        """How the practice ended, by the one rule for every ending (numbtui.ending)."""
        return ending(
            reached_end=self.session.finished,
            practised=self.session.practised,
            planned=self.planned_seconds,
        )

    def not_kept_line(self) -> str:
        """The one line said when nothing is kept."""
        return NOT_BEGUN if self.session.practised <= 0 else NOT_KEPT

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
            finished=self.ending() is Ending.FINISHED,
            before=self.before,
            after=rating.value if rating else None,
            words=rating.words if rating else (),
            note=rating.note if rating else "",
            switched_to=self.switched_to,
        )


def summary_line(record: Record) -> str:
    """The one line printed after ``numbtui play``: what was kept, gently."""
    parts = ["Saved", record.title, f"{format_duration(record.practised_seconds)} practised"]
    if not record.finished:
        parts.append("stopped early")
    if record.before is not None and record.after is not None:
        parts.append(feeling(record.before, record.after))
    elif record.after is not None:
        parts.append(f"after: {record.after}/10")
    elif record.before is not None:
        parts.append(f"before: {record.before}/10")
    return " · ".join(parts)
