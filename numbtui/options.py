"""What the command line asks of the app for one run (plain data, no textual).

``None`` means "use the saved setting"; a value overrides the setting for this run only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from numbtui.moodlog import LogDraft
    from numbtui.store_rows import Filters


@dataclass(frozen=True)
class LaunchOptions:
    """How to open the app: which exercise or screen, and per-run overrides of settings."""

    exercise_id: str | None = None
    """Play this exercise straight away and exit when it is over."""
    minutes: float | None = None
    """Fit the exercise to about this many minutes."""
    reduce_motion: bool | None = None
    bell: bool | None = None
    checkin: bool | None = None
    sound: str | None = None
    """off, cues or voice for this run (``--sound``)."""
    extra_exercises: tuple[Path, ...] = ()
    """Folders or files given with --exercises."""
    history: Filters | None = None
    """Open the history browser with these filters."""
    plain: bool = False
    """Plain mode asked for on the command line (see :mod:`numbtui.plain.mode`)."""
    compact: bool | None = None
    """Plain mode: phase lines without their seconds."""
    time_left: int | None = None
    """Plain mode: seconds between "time left" lines (0: never)."""
    log: LogDraft | None = None
    """Ask for a log (``numbtui log`` without a number), starting from what was given."""
