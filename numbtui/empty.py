"""What an empty list, figure or chart of the history says, by why it is empty.

A history view is empty for one of three reasons, and each is said differently:

- nothing is recorded yet (no filter chosen and no practice at all): the only case that may
  say "yet" or "after your first practice";
- a period or an exercise is chosen and holds nothing: said as such, with no "yet" (a past
  period will never fill up);
- "Logs only" is chosen: a logged moment has no exercise, no before and after and no minutes,
  so the figures and charts that count practices are empty by that choice.

:class:`Scope` is what was chosen; the functions give the sentence for each view. Pure: no I/O,
no textual. Nothing here comments on how much or how often anyone practised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from numbtui.record import LOG
from numbtui.store_rows import Filters

LOGS_ONLY = "“Logs only” is chosen above"
"""How a sentence names the choice that leaves practices out."""


@dataclass(frozen=True)
class Scope:
    """What the shown history was narrowed to (practices only narrows nothing here: the
    figures count practices anyway)."""

    period: bool = False
    """A period is chosen (named or given dates)."""
    exercise: bool = False
    """One exercise is chosen."""
    logs_only: bool = False
    """Only logged moments are chosen."""

    @classmethod
    def of(cls, filters: Filters) -> Scope:
        """The scope of ``filters``."""
        return cls(
            period=filters.since is not None or filters.until is not None,
            exercise=filters.exercise_id is not None,
            logs_only=filters.kind == LOG,
        )

    @property
    def narrowed(self) -> bool:
        """A period or an exercise is chosen: an empty view says so, never "yet"."""
        return self.period or self.exercise

    @property
    def where(self) -> str:
        """The choices in words, e.g. ``for this exercise in this period`` ("" if none)."""
        parts = []
        if self.exercise:
            parts.append("for this exercise")
        if self.period:
            parts.append("in this period")
        return " ".join(parts)


def _with(text: str, scope: Scope) -> str:
    return f"{text} {scope.where}" if scope.where else text


def no_rows(scope: Scope) -> str:
    """The history table with nothing under the chosen filters (the history itself is not
    empty: that has its own, longer message)."""
    if scope.logs_only:
        return _with("No moment logged", scope) + ". Other choices above show more."
    return _with("Nothing here", scope) + ". Other choices above show more."


def no_figures(scope: Scope) -> str:
    """The figures per exercise with no practice and no log in view."""
    if scope.narrowed:
        return _with("Nothing", scope) + "."
    return "Nothing to show yet."


def no_changes(scope: Scope) -> str:
    """ "What tends to change" with no practice to count."""
    if scope.logs_only:
        return f"Logs have no before and after, so nothing to show here: {LOGS_ONLY}."
    if scope.narrowed:
        return _with("No practices", scope) + "."
    return "Nothing to show yet: this fills in after your first practice."


def no_ratings(scope: Scope, *, practised: bool) -> str:
    """The rating chart with no rating before or after to draw. ``practised``: the view holds
    at least one practice (only used when nothing is chosen)."""
    if scope.logs_only:
        return f"Logs have no before and after, so this chart is empty: {LOGS_ONLY}."
    if scope.narrowed:
        return _with("No ratings before or after practice", scope) + "."
    if practised:
        return "No ratings yet: they show here once a practice is rated before or after."
    return "No ratings yet: they will show here after your first practice."


def no_minutes(scope: Scope, weeks: int, first: date, *, cut: bool = False) -> str:
    """The minutes chart when no week in it has a practice; ``cut`` when the chart leaves out
    earlier weeks that have some (then the period is not empty: only the weeks shown are)."""
    span = ("The week" if weeks == 1 else f"The {weeks} weeks") + f" from {first.isoformat()}"
    if scope.logs_only:
        return f"{span}: logs have no minutes, so this chart is empty ({LOGS_ONLY})."
    if cut:
        return f"{span}: no practice in these weeks."
    if scope.period:
        return f"{span}: no practice {scope.where}."
    # Said as what will appear, not as what is missing: no one should feel counted.
    practise = "practise this exercise" if scope.exercise else "practise"
    return f"{span}; a bar will show here for any week you {practise}."
