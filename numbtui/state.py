"""Small facts numbtui remembers for itself between runs (not settings the user edits).

Kept as JSON in the data folder. A missing or unreadable file means "nothing remembered yet";
it is rewritten atomically with owner-only permissions.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from numbtui.atomic import write_atomic
from numbtui.errors import NumbtuiError
from numbtui.readfile import NotRegularFileError, read_regular_text


@dataclass(frozen=True)
class AppState:
    """What numbtui remembers."""

    welcome_seen: bool = False


def load(path: Path) -> AppState:
    """The remembered state; defaults when the file is missing or not understood."""
    return read(path)[0]


def read(path: Path) -> tuple[AppState, str | None]:
    """The remembered state, and one line to show the user if ``path`` is there but is not
    a regular file (a named pipe, a device): it is skipped, never waited on."""
    try:
        data = json.loads(read_regular_text(path))
    except NotRegularFileError as exc:
        return AppState(), f"{path} was skipped: {exc.strerror}."
    except (OSError, ValueError):
        return AppState(), None
    if not isinstance(data, dict):
        return AppState(), None
    return AppState(welcome_seen=data.get("welcome_seen") is True), None


def save(state: AppState, path: Path) -> None:
    """Remember ``state``; raise NumbtuiError if it cannot be written."""
    try:
        write_atomic(path, json.dumps(asdict(state)))
    except OSError as exc:
        raise NumbtuiError(f"Could not write {path}: {exc.strerror}") from None
