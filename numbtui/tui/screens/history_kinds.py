"""Practices, logs or both: the history's exercise filter also offers "Practices only" and
"Logs only" (a log has no exercise, so it is shown with "All exercises" and on its own).

The filter's values are exercise ids, "" for all, or one of the two below; an exercise id is
lower case with hyphens, so a value with a colon is never one.
"""

from __future__ import annotations

from rich.text import Text

from numbtui.record import LOG, PRACTICE

ONLY_PRACTICES = "kind:practice"
ONLY_LOGS = "kind:log"
KIND_OPTIONS: tuple[tuple[Text, str], ...] = (
    (Text("Practices only"), ONLY_PRACTICES),
    (Text("Logs only"), ONLY_LOGS),
)
"""Offered right after "All exercises"."""
_KINDS = {ONLY_PRACTICES: PRACTICE, ONLY_LOGS: LOG}


def filter_value(exercise_id: str | None, kind: str | None) -> str:
    """The filter's value for these filters ("" for all exercises)."""
    if exercise_id:
        return exercise_id
    return {PRACTICE: ONLY_PRACTICES, LOG: ONLY_LOGS}.get(kind or "", "")


def chosen(value: object) -> tuple[str | None, str | None]:
    """(exercise id, kind) of the filter's value; None for either when not narrowed."""
    if not isinstance(value, str) or not value:
        return None, None
    if value in _KINDS:
        return None, _KINDS[value]
    return value, None
