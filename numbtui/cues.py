"""What changed between two readings of a practice: every boundary crossed, in order.

:func:`changes` compares two snapshots of the same :class:`~numbtui.session.Session` and
returns each :class:`Change` between them: a step or breath phase that began, a pause, a
resume, the end. A late reading (a busy machine, a slow terminal) crosses several boundaries
at once; each is reported, with how late the reading was, so a listener never loses a cue.
The screen, the bell, the sound and the plain mode all hear the same list (see
``numbtui.conductor``); none of them keeps time of its own.

Also here, because every listener says them the same way: the words of each breath phase and
the seconds count shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from numbtui.exercise import Phase
from numbtui.session import BreathState, Snapshot, Status, phase_count

__all__ = ["PHASE_GLYPHS", "PHASE_SHORT", "PHASE_WORDS", "Change", "Kind", "changes", "phase_count"]

PHASE_WORDS: dict[Phase, str] = {
    Phase.INHALE: "Breathe in",
    Phase.TOP_UP: "Breathe in a little more",
    Phase.HOLD: "Hold",
    Phase.EXHALE: "Breathe out",
    Phase.HOLD_EMPTY: "Rest",
}
"""Each phase as the screen says it."""
PHASE_SHORT: dict[Phase, str] = {
    Phase.INHALE: "In",
    Phase.TOP_UP: "A little more",
    Phase.HOLD: "Hold",
    Phase.EXHALE: "Out",
    Phase.HOLD_EMPTY: "Rest",
}
"""Each phase in one word, for plain lines and the spoken word."""
PHASE_GLYPHS: dict[Phase, str] = {
    Phase.INHALE: "▲",
    Phase.TOP_UP: "△",
    Phase.HOLD: "■",
    Phase.EXHALE: "▼",
    Phase.HOLD_EMPTY: "□",
}
"""A shape per phase, so phases differ without colour."""


class Kind(StrEnum):
    """What kind of moment a change is."""

    LEAD_IN = "lead_in"
    """The get-ready lead-in began."""
    STEP = "step"
    """A step began."""
    PHASE = "phase"
    """A breath phase began."""
    PAUSED = "paused"
    """Paused, by the user or by the gap rule (``Snapshot.paused_by_gap``)."""
    RESUMED = "resumed"
    """Going on after a pause."""
    FINISHED = "finished"
    """The last step ended (played or skipped to the end)."""
    STOPPED = "stopped"
    """Stopped early."""


@dataclass(frozen=True)
class Change:
    """One moment of a practice, as reported by :func:`changes`."""

    kind: Kind
    step_index: int
    phase: Phase | None = None
    """The phase that began (``PHASE`` only)."""
    cycle: int | None = None
    """The breath, counting from 1 (``PHASE`` only)."""
    late: float = 0.0
    """Seconds from the boundary to the reading that reports it (0 for keys)."""
    jumped: bool = False
    """Reached by a key (n, p, Enter, Space in the lead-in) rather than by time."""


_OVER = {Status.FINISHED: Kind.FINISHED, Status.STOPPED: Kind.STOPPED}


def _in_lead(snapshot: Snapshot) -> bool:
    return snapshot.lead_in_remaining is not None


def _arrived(snapshot: Snapshot, *, jumped: bool) -> list[Change]:
    """The changes that say where ``snapshot`` is: the lead-in, or a step and its phase."""
    if _in_lead(snapshot):
        return [Change(Kind.LEAD_IN, 0, jumped=jumped)]
    found = [Change(Kind.STEP, snapshot.step_index, jumped=jumped)]
    if snapshot.breath is not None and not snapshot.over:
        found.append(_phase_change(snapshot.step_index, snapshot.breath, jumped=jumped))
    return found


def _phase_change(index: int, breath: BreathState, *, jumped: bool, late: float = 0.0) -> Change:
    return Change(
        Kind.PHASE, index, phase=breath.phase, cycle=breath.cycle, late=late, jumped=jumped
    )


def _position(snapshot: Snapshot) -> float:
    """Where ``snapshot`` is on the plan's time line (the lead-in is before 0)."""
    if _in_lead(snapshot):
        return -(snapshot.lead_in_remaining or 0.0)
    return snapshot.plan.starts[snapshot.step_index] + snapshot.step_elapsed


def _crossed(previous: Snapshot, current: Snapshot) -> list[Change]:
    """Boundaries the clock crossed from ``previous`` to ``current`` (no key in between)."""
    plan = current.plan
    now = _position(current)
    found: list[Change] = []
    first = previous.step_index
    last = current.step_index
    left_lead = _in_lead(previous) and not _in_lead(current)
    if left_lead:
        first = 0
    if _in_lead(current):
        return found
    for index in range(first, last + 1):
        start = plan.starts[index]
        # The previous reading's offset into this step; a step entered since starts at 0-.
        if index == previous.step_index and not left_lead:
            after = previous.step_elapsed
        else:
            after = -1.0
            found.append(Change(Kind.STEP, index, late=max(0.0, now - start)))
        upto = current.step_elapsed if index == last else float(plan.steps[index].duration)
        for mark in plan.phase_marks(index, after, upto):
            found.append(
                Change(
                    Kind.PHASE,
                    index,
                    phase=mark.phase,
                    cycle=mark.cycle,
                    late=max(0.0, now - (start + mark.offset)),
                )
            )
    return found


def changes(previous: Snapshot | None, current: Snapshot) -> list[Change]:
    """Every change from ``previous`` to ``current``, in the order it happened.

    With no previous reading, the start: the lead-in, or the first step and its first phase.
    When a key moved the position (``Snapshot.moves`` differs), the place it moved to, marked
    ``jumped`` (the steps skipped over are not reported). Otherwise each step and breath phase
    whose start the clock crossed, with ``late`` set. A pause, resume, finish or stop comes
    last. A step that starts with a breath is reported as its ``STEP`` then its first
    ``PHASE``.
    """
    if previous is None:
        found = _arrived(current, jumped=False)
        if current.status is Status.PAUSED:
            found.append(Change(Kind.PAUSED, current.step_index))
        elif current.over:
            found.append(Change(_OVER[current.status], current.step_index))
        return found
    if previous.over:
        return []
    found = []
    if current.moves != previous.moves:
        if not current.over:
            found.extend(_arrived(current, jumped=True))
    elif previous.status is not Status.PAUSED or current.status is not Status.PAUSED:
        if (
            current.breath is not None
            and previous.status is Status.PAUSED
            and current.status is not Status.PAUSED
            and _position(current) <= _position(previous)
        ):
            # Going on from a pause restarts the breath phase it was in (see numbtui.session):
            # the phase begins again, so it is said again; also when the pause came right on
            # the phase's start (its cue was silenced with the pause) or on a step reached by
            # a key while paused (its first phase begins only now).
            found.append(_phase_change(current.step_index, current.breath, jumped=True))
        found.extend(_crossed(previous, current))
    was_paused = previous.status is Status.PAUSED
    now_paused = current.status is Status.PAUSED
    if current.over:
        found.append(Change(_OVER[current.status], current.step_index))
    elif now_paused and not was_paused:
        found.append(Change(Kind.PAUSED, current.step_index))
    elif was_paused and not now_paused:
        found.append(Change(Kind.RESUMED, current.step_index))
    return found
