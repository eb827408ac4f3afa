"""One practice, from the exercise chosen to the record kept (no screens).

What the screen, the plain mode and the command line share about a practice: its planned
length (the steps played come from :func:`numbtui.lengths.fitted`), the one rule for how a
practice ended (numbtui.ending), the :class:`Practice` that can write its record at any moment
(also from Ctrl+C or a signal), and the one line said when it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from numbtui.durations import format_duration
from numbtui.ending import MIN_KEPT_SECONDS, NOT_KEPT, Ending, ending
from numbtui.exercise import AnyStep, Exercise, planned_seconds
from numbtui.rating import Rating, feeling
from numbtui.record import Record
from numbtui.session import Session

MIN_PARTIAL_SECONDS = MIN_KEPT_SECONDS
"""A practice shorter than this is not worth a record (see numbtui.ending)."""
NOT_BEGUN = "Stopped before the practice began, so there is nothing to save."


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
