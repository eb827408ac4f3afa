"""The history browser's filters in words: the period choices, their dates, and the status line.

Plain functions of the filters and the clock (no reading, no widgets), shared by the screen.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Literal

from rich.text import Text

from numbtui.store_rows import Filters

ALL_EXERCISES = ""
ALL_TIME = "all"
GIVEN_DATES = "given"
CHOOSE_DATES = "choose"
Where = Literal["newest", "oldest", "older", "newer"]
"""Which rows a read brings: the newest or oldest page, or the page past either end."""
PERIODS: tuple[tuple[str, str], ...] = (
    ("All time", ALL_TIME),
    ("Last 7 days", "7"),
    ("Last 30 days", "30"),
    ("Last 365 days", "365"),
    ("Choose dates…", CHOOSE_DATES),
)

WHAT_WILL_APPEAR = (
    "Your practice will appear here after your first exercise: when, for how long, and how "
    "much you could feel before and after. Insight then shows figures for each exercise and "
    "small charts of your ratings and minutes over time."
)
EMPTY_TEXT = f"{WHAT_WILL_APPEAR}\n\nPress Escape to go back and choose one."
EMPTY_TEXT_ALONE = f"{WHAT_WILL_APPEAR}\n\nPress Escape to leave, then run numbtui to choose one."


def period_since(days: int, now: datetime) -> datetime:
    """The start of "the last ``days`` days": local midnight ``days - 1`` days before today."""
    today = now.astimezone().date()
    first = today - timedelta(days=days - 1)
    # A naive time's astimezone() applies the local rules of that date (DST included).
    return datetime.combine(first, time()).astimezone()


def given_dates_label(filters: Filters) -> str:
    """The period option for dates given on the command line or chosen in the dialog."""
    since = filters.since.astimezone().date().isoformat() if filters.since else "the start"
    until = filters.until.astimezone().date().isoformat() if filters.until else "now"
    return f"{since} to {until}"


def period_options(given: Filters) -> list[tuple[Text, str]]:
    """The period choices, with the given dates (if any) as one of them."""
    periods = [(Text(label), value) for label, value in PERIODS]
    if given.since is not None or given.until is not None:
        periods.insert(-1, (Text(given_dates_label(given)), GIVEN_DATES))
    return periods


def shown_noun(count: int, logs: int) -> str:
    """What the table lists, in a word for the status line: practices, logged moments, or
    entries when it mixes both (``logs`` of the ``count`` rows are logs)."""
    if logs <= 0:
        return "Practices"
    return "Logged moments" if logs >= count else "Entries"


def status_text(offset: int, shown: int, count: int | None, logs: int = 0) -> str:
    """Which rows the table shows, e.g. ``Practices 1–100 of 2,345 · End key: oldest``
    (``Logged moments`` when it shows only logs, ``Entries`` when both; see shown_noun)."""
    if count is None:
        return "Reading your history…"
    if shown == 0:
        return ""
    first, last = offset + 1, offset + shown
    text = f"{shown_noun(count, logs)} {first:,}–{last:,} of {count:,}"
    if last < count:
        text += " · End key: oldest"
    return text
