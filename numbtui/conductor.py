"""The conductor: the one timer of a practice, and the listeners it tells.

A :class:`Conductor` reads its :class:`~numbtui.session.Session` when something is due (a
boundary, a countdown digit, the pacer's next cell) and at least once a second (the session's
gap rule needs that), and hands each snapshot with every change since the previous one
(:func:`numbtui.cues.changes`) to each listener: the screen, the bell, the sound, the plain
lines, a benchmark's trace. Keys go through it too, so a key's change reaches every listener
at once. Nothing else keeps time.

The timer is injected as a :data:`Schedule`: the TUI passes the event loop's ``call_at``, the
plain mode its own loop, tests a fake. ``render`` needs none: it steps the plan offline
(``numbtui.plan.timeline``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, runtime_checkable

from numbtui.cues import Change, changes
from numbtui.session import Session, Snapshot, Status

Cancel = Callable[[], None]
Schedule = Callable[[float, Callable[[], None]], Cancel]
"""``schedule(delay, callback)`` calls ``callback`` once after ``delay`` seconds and returns a
function that cancels it."""

MAX_INTERVAL = 1.0
"""The session needs a reading at least this often while live (its gap rule)."""
MIN_INTERVAL = 0.02
"""Never read more often than this (50 a second), whatever a listener asks."""
BOUNDARY_MARGIN = 0.005
"""Read a little after a boundary, so the snapshot is already past it."""

_LIVE = frozenset({Status.LEAD_IN, Status.RUNNING, Status.WAITING})


class Listener(Protocol):
    """Something that follows a practice: it hears every snapshot with its changes."""

    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None:
        """Called after every reading and every key, in order; ``changes`` may be empty."""


@runtime_checkable
class Paced(Protocol):
    """A listener that also needs a reading at moments of its own (the pacer's next cell)."""

    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None: ...

    def next_reading(self, snapshot: Snapshot) -> float | None:
        """Seconds until this listener's picture changes by itself; None if it stays."""


class Conductor:
    """Plays ``session`` on ``schedule``, telling every listener what happens."""

    def __init__(
        self, session: Session, schedule: Schedule, listeners: Iterable[Listener] = ()
    ) -> None:
        self.session = session
        self._schedule = schedule
        self._listeners: list[Listener] = list(listeners)
        self._cancel: Cancel | None = None
        self._closed = False
        self.snapshot: Snapshot | None = None
        """The snapshot delivered last."""
        self.delay: float | None = None
        """Seconds until the pending reading; None when none is pending (paused, over)."""

    # -- listeners ------------------------------------------------------------------------------

    def add(self, listener: Listener) -> None:
        """Tell ``listener`` too, from the next reading on."""
        self._listeners.append(listener)

    def remove(self, listener: Listener) -> None:
        """Stop telling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    # -- readings and keys ----------------------------------------------------------------------

    def start(self) -> Snapshot:
        """Begin the practice (the lead-in, or the first step)."""
        return self._deliver(self.session.start())

    def read(self) -> Snapshot:
        """Read the session now and tell the listeners (the scheduled reading calls this).

        A reading asked for between scheduled ones (a resize) replaces the pending one: there
        is only ever one reading scheduled.
        """
        return self._deliver(self.session.snapshot())

    def toggle_pause(self) -> Snapshot:
        """Pause or go on; in the lead-in, begin now."""
        return self._deliver(self.session.toggle_pause())

    def pause(self) -> Snapshot:
        """Pause; the clock stops until :meth:`resume`."""
        return self._deliver(self.session.pause())

    def resume(self) -> Snapshot:
        """Go on from where the pause began."""
        return self._deliver(self.session.resume())

    def skip_lead_in(self) -> Snapshot:
        """End the lead-in and begin the first step."""
        return self._deliver(self.session.skip_lead_in())

    def next_step(self) -> Snapshot:
        """Move to the next step (the last one finishes the practice)."""
        return self._deliver(self.session.next_step())

    def previous_step(self) -> Snapshot:
        """Start the previous step from its beginning."""
        return self._deliver(self.session.previous_step())

    def continue_prompt(self) -> Snapshot:
        """Go on from a prompt that waits for a key."""
        return self._deliver(self.session.continue_prompt())

    def stop(self) -> Snapshot:
        """Stop now, keeping what was practised."""
        return self._deliver(self.session.stop())

    def close(self) -> None:
        """Cancel the pending reading; no listener hears anything after this."""
        self._closed = True
        self._cancel_pending()

    # -- the machinery --------------------------------------------------------------------------

    def _deliver(self, snapshot: Snapshot) -> Snapshot:
        if self._closed:
            return snapshot
        found = changes(self.snapshot, snapshot)
        self.snapshot = snapshot
        for listener in tuple(self._listeners):
            listener.heard(snapshot, found)
        if not self._closed:
            self._plan_next(snapshot)
        return snapshot

    def due_in(self, snapshot: Snapshot) -> float | None:
        """Seconds until the next reading ``snapshot`` needs; None when nothing moves."""
        if snapshot.status not in _LIVE:
            return None  # paused or over: nothing moves until a key is pressed
        due = [snapshot.next_visible_change]
        due.extend(
            listener.next_reading(snapshot)
            for listener in self._listeners
            if isinstance(listener, Paced)
        )
        delay = min((d + BOUNDARY_MARGIN for d in due if d is not None), default=MAX_INTERVAL)
        return max(min(delay, MAX_INTERVAL), MIN_INTERVAL)

    def _plan_next(self, snapshot: Snapshot) -> None:
        self._cancel_pending()
        self.delay = self.due_in(snapshot)
        if self.delay is not None:
            self._cancel = self._schedule(self.delay, self._due)

    def _due(self) -> None:
        self._cancel = None
        if not self._closed:
            self.read()

    def _cancel_pending(self) -> None:
        if self._cancel is not None:
            self._cancel()
            self._cancel = None
        self.delay = None
