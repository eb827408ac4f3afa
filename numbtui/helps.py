"""What tends to change: per exercise, the typical change from before to after, with a range.

For each exercise, over the practices rated both before and after, :func:`what_helps` gives
the average change (after − before) and the range the middle 80% of changes fall in: the
lowest and the highest tenth of the changes are left out (rounded down, so with fewer than 10
rated practices every change counts), and the range runs from the smallest to the largest of
the rest. The bounds are changes that really happened, whole numbers on the 0–10 scale.

Nothing is shown for an exercise until :data:`MIN_RATED` of its practices were rated both
times: a couple of ratings say little. The list is ordered by the typical change, largest
first, and never labelled best or worst; a change goes up and down from one practice to the
next, which is what the range is there to show. Pure: no I/O, no textual.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from numbtui.store_insight import RatingChanges

MIN_RATED = 5
"""Practices rated both times before an exercise's figures are shown."""
LEFT_OUT = 10
"""One change in this many is left out at each end of the range (the lowest and highest tenth)."""

TYPICAL_NOTE = "Typical: the average change, after minus before, when both were rated."
RANGE_NOTE = "Usually: the middle 80% of changes (the lowest and highest tenth left out)."
UP_AND_DOWN_NOTE = "Change goes up and down from one practice to the next; that is how it goes."
NOTES = (TYPICAL_NOTE, RANGE_NOTE, UP_AND_DOWN_NOTE)
"""The lines shown under the figures, wherever they are shown."""


@dataclass(frozen=True)
class Helps:
    """The figures of one exercise. Below :data:`MIN_RATED` they are withheld (None)."""

    exercise_id: str
    title: str
    rated: int
    """Practices rated both before and after."""
    mean_change: float | None
    low: int | None
    """The lower end of the middle 80% of changes."""
    high: int | None
    """The upper end of the middle 80% of changes."""

    @property
    def shown(self) -> bool:
        """True once there are enough rated practices to show the figures."""
        return self.mean_change is not None

    @property
    def more_needed(self) -> int:
        """Rated practices still needed before the figures show (0 once they do)."""
        return max(0, MIN_RATED - self.rated)


def middle_range(changes: Sequence[int]) -> tuple[int, int]:
    """The smallest and largest change once the lowest and highest tenth are left out."""
    if not changes:
        raise ValueError("no changes to take a range of")
    ordered = sorted(changes)
    cut = len(ordered) // LEFT_OUT
    return ordered[cut], ordered[len(ordered) - 1 - cut]


def helps_of(exercise_id: str, title: str, changes: Sequence[int]) -> Helps:
    """The figures for one exercise from its list of changes (after − before)."""
    if len(changes) < MIN_RATED:
        return Helps(exercise_id, title, len(changes), None, None, None)
    low, high = middle_range(changes)
    mean = math.fsum(changes) / len(changes)
    return Helps(exercise_id, title, len(changes), mean, low, high)


def _expand(counts: Iterable[tuple[int, int]]) -> list[int]:
    return [change for change, count in counts for _ in range(count)]


def what_helps(rows: Iterable[RatingChanges]) -> list[Helps]:
    """The figures per exercise, in the order to show them.

    Exercises with figures come first, the largest typical change first; then those still
    waiting for ratings, the nearest to showing first. Ties go by title.
    """
    found = [helps_of(row.exercise_id, row.title, _expand(row.counts)) for row in rows]
    shown = sorted(
        (h for h in found if h.mean_change is not None),
        key=lambda h: (-(h.mean_change or 0.0), h.title.casefold(), h.exercise_id),
    )
    waiting = sorted(
        (h for h in found if h.mean_change is None),
        key=lambda h: (h.more_needed, h.title.casefold(), h.exercise_id),
    )
    return shown + waiting


def signed(value: float, places: int = 1) -> str:
    """A change with its sign and a true minus: ``+1.5``, ``−0.5``, ``0.0`` (or ``+2``, ``0``)."""
    text = f"{abs(value):.{places}f}"
    if float(text) == 0:
        return text
    return f"+{text}" if value > 0 else f"−{text}"


def more_needed_text(helps: Helps, *, period: bool = False) -> str:
    """What a withheld exercise says instead of figures. For a chosen ``period`` it says how
    many the period has, not how many more to come: a past period will not get more."""
    if period:
        return f"figures need {MIN_RATED} practices rated both times; this period has {helps.rated}"
    more = helps.more_needed
    practices = "practice" if more == 1 else "practices"
    return f"{more} more rated {practices} and this shows what tends to change"


def range_text(helps: Helps) -> str:
    """``usually between −1 and +2`` (or ``usually +1`` when every change was the same)."""
    if helps.low is None or helps.high is None:
        return ""
    if helps.low == helps.high:
        return f"usually {signed(helps.low, 0)}"
    return f"usually between {signed(helps.low, 0)} and {signed(helps.high, 0)}"


def summary_text(helps: Helps, *, period: bool = False) -> str:
    """One exercise in words: its figures, or how many more rated practices they need (for a
    chosen ``period``: how many it has)."""
    if helps.mean_change is None:
        return more_needed_text(helps, period=period)
    return f"{signed(helps.mean_change)} typical, {range_text(helps)} · {helps.rated} rated"


def as_json(helps: Helps) -> dict[str, object]:
    """One exercise for ``numbtui insight --format json``: numbers, or null while withheld."""
    return {
        "exercise_id": helps.exercise_id,
        "title": helps.title,
        "rated_practices": helps.rated,
        "mean_change": None if helps.mean_change is None else round(helps.mean_change, 3),
        "range_low": helps.low,
        "range_high": helps.high,
        "more_needed": helps.more_needed,
    }
