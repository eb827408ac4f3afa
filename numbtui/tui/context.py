"""What the app is given when it is built: settings, library, data locations and clocks.

Built by :func:`numbtui.tui.launch.build_context` for a real run, and by tests with temporary
folders and a fake clock, so the app itself never decides where things live or what time it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from numbtui.library import Library
from numbtui.options import LaunchOptions
from numbtui.problem import Problem
from numbtui.settings import Settings


def utc_now() -> datetime:
    """The current wall-clock time in UTC (for records; never for timing)."""
    return datetime.now(UTC)


@dataclass
class AppContext:
    """Everything NumbtuiApp needs from outside; tests build one by hand."""

    settings: Settings
    library: Library
    database: Path
    recovery: Path
    settings_file: Path
    state_file: Path
    clock: Callable[[], float]
    """Monotonic seconds, for timing exercises."""
    now: Callable[[], datetime] = utc_now
    """Wall-clock time in UTC, for the start and end of records."""
    options: LaunchOptions = field(default_factory=LaunchOptions)
    settings_problems: tuple[Problem, ...] = ()
    first_run: bool = False
    """Show the welcome screen (nothing has been remembered yet)."""
    trace_file: Path | None = None
    """Where the player logs each step and breath phase as it is shown (for benchmarks)."""
