"""Small listeners of the conductor that need no screen: the bell and the timing trace.

:class:`Bell` rings (and flashes, when given a way to) at each new step and breath phase and at
the end of a practice; it is told how to ring, so the same rule serves the terminal bell and a
test. :class:`Trace` writes each change with its clock reading and lateness to a JSON-lines
file (``NUMBTUI_TRACE``), which the benchmarks read to measure the timing in a real terminal.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from numbtui.cues import Change, Kind
from numbtui.session import Snapshot

RINGS = frozenset({Kind.STEP, Kind.PHASE, Kind.FINISHED})
"""The moments the bell marks; the start, pauses and a stop are left quiet."""


class Bell:
    """Rings once for each reading that brings a new step, phase or the end."""

    def __init__(self, ring: Callable[[], None], *, enabled: Callable[[], bool]) -> None:
        self._ring = ring
        self._enabled = enabled
        self._heard_any = False

    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None:
        first, self._heard_any = not self._heard_any, True
        if first:
            return  # the practice beginning is announced by the screen itself
        if any(change.kind in RINGS for change in changes) and self._enabled():
            self._ring()


class Trace:
    """Appends one JSON line per change: when it was shown and how late (benchmarks only)."""

    def __init__(self, path: Path, clock: Callable[[], float]) -> None:
        self.path = path
        self._clock = clock

    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None:
        if not changes:
            return
        now = self._clock()
        breath = snapshot.breath
        lines = [
            json.dumps(
                {
                    "t": now,
                    "kind": change.kind.value,
                    "status": snapshot.status.value,
                    "step": change.step_index,
                    "cycle": change.cycle,
                    "phase": None if change.phase is None else change.phase.value,
                    "late": change.late,
                    "elapsed": snapshot.elapsed,
                    "practised": snapshot.practised,
                    "fill": None if breath is None else breath.fill,
                }
            )
            for change in changes
        ]
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
