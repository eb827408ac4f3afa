"""How a practice ended, by one rule for every way of ending it (pure; cheap to import).

Stopping with q, skipping through every step with n, Ctrl+C, a signal: each ends a practice,
and :func:`ending` says what is kept of it, from the time practised and the plan alone:

* under :data:`MIN_KEPT_SECONDS` (10 s) practised, nothing is kept and the user is told so in
  one line (:data:`NOT_KEPT`) — unless the whole plan is shorter than that and was played
  through;
* "finished" only when the practice reached its end *and* at least
  :data:`FINISHED_SHARE` (three quarters) of the planned time was practised, so an exercise
  skipped through is recorded as stopped early, honestly;
* anything else is "stopped early".

The README states the same rule.
"""

from __future__ import annotations

from enum import StrEnum

MIN_KEPT_SECONDS = 10.0
"""A practice with less time than this practised is not kept."""
FINISHED_SHARE = 0.75
"""The share of the planned time that must be practised for a practice to count as finished."""
NOT_KEPT = "Less than 10 seconds were practised, so nothing was kept."
"""The one line said when a practice is not kept."""


class Ending(StrEnum):
    """What is kept of a practice that has ended."""

    NOT_KEPT = "not_kept"
    """Too short to be worth a record; the user is told in one line."""
    FINISHED = "finished"
    """Played to the end, with most of the planned time practised."""
    STOPPED_EARLY = "stopped_early"
    """Kept, as stopped early."""


def ending(*, reached_end: bool, practised: float, planned: float) -> Ending:
    """How a practice ended: ``reached_end`` when its last step was reached (played or
    skipped to), ``practised`` and ``planned`` in seconds (planned counts waiting prompts as
    0, so a plan of only waiting prompts needs no share of it)."""
    enough = practised >= FINISHED_SHARE * planned
    if practised < MIN_KEPT_SECONDS:
        short_plan_played = reached_end and planned < MIN_KEPT_SECONDS and enough
        if not short_plan_played or practised <= 0:
            return Ending.NOT_KEPT
    if reached_end and enough:
        return Ending.FINISHED
    return Ending.STOPPED_EARLY
