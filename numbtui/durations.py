"""Durations for people: ``m:ss`` (cheap to import, used by the CLI and the app)."""

from __future__ import annotations

WAIT_ESTIMATE = 30.0
"""About how long a prompt that waits for a key takes, for lengths shown before a practice."""


def format_duration(seconds: float) -> str:
    """Seconds as ``m:ss`` (or ``h:mm:ss`` from an hour on), rounded to the second."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_length(seconds: float, *, open_ended: bool) -> str:
    """An exercise's length as ``m:ss``, with ``+`` when some step waits for the user."""
    return format_duration(seconds) + ("+" if open_ended else "")
