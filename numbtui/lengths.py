"""The steps a practice plays and its length: the one computation every screen uses.

:func:`fitted` is the exercise fitted to the minutes in use (:func:`minutes_for`: this run's
``--minutes``, else the default length saved in the settings, else as written), with the
light-headedness line the player adds before fast breathing. The player and plain mode play
those steps; :func:`length_of` is their length, each prompt that waits for a key counted as
:data:`~numbtui.durations.WAIT_ESTIMATE`. Home, the grounding offer, the way out, the
settings screen, ``numbtui list`` and plain mode all show that one :class:`Length`, each in
its own words (``m:ss`` or "about 3 minutes").

Cheap to import (the catalog and ``numbtui list`` import it): the exercise models are imported
only when a length is computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from numbtui.durations import WAIT_ESTIMATE, format_length
from numbtui.readfile import read_regular_text

if TYPE_CHECKING:
    from numbtui.catalog import Summary
    from numbtui.exercise import AnyStep, Exercise
    from numbtui.plan import Plan
    from numbtui.session import Snapshot
    from numbtui.settings import Settings

WAIT_WORDS = f"{WAIT_ESTIMATE:g} seconds"
"""How long a step that waits for a key is counted, in words (for the notes on ``+``)."""


@dataclass(frozen=True)
class Fitted:
    """The steps to play and, when the length asked for could not be used, why (to say)."""

    steps: tuple[AnyStep, ...]
    note: str | None = None


def minutes_for(exercise: Exercise, settings: Settings, asked: float | None = None) -> float | None:
    """The length to fit ``exercise`` to: this run's ``--minutes``, else the saved one."""
    return asked or settings.minutes.get(exercise.id)


def fitted(exercise: Exercise, minutes: float | None) -> Fitted:
    """``exercise``'s steps fitted to about ``minutes`` (as written when None), with the
    light-headedness line before each breathing step that needs it (:mod:`numbtui.safety`)."""
    from numbtui.errors import UsageError
    from numbtui.fit import fit

    if not minutes:
        return Fitted(_with_care(exercise.steps))
    try:
        result = fit(exercise.spec, minutes)
    except UsageError:
        # Only steps that wait for the user: there is no length to change.
        return Fitted(
            _with_care(exercise.steps),
            note=f"“{exercise.title}” goes at your own pace, so it is not fitted to "
            f"{minutes:g} minutes.",
        )
    steps = _with_care(result.spec.steps)
    # Said before it starts when a cap on breaths or the reading times changed the length,
    # with the length every screen shows (waits and care lines counted).
    return Fitted(steps, note=result.note_with(length_of_steps(steps).text()))


def _with_care(steps: Sequence[AnyStep]) -> tuple[AnyStep, ...]:
    from numbtui.safety import with_light_headed_lines

    # Added after fitting, so the line keeps its own calm length and is never scaled away.
    return tuple(with_light_headed_lines(steps))


@dataclass(frozen=True)
class Length:
    """About how long a practice takes, and whether some of it goes at the person's pace."""

    seconds: float
    """Planned seconds, with each prompt that waits for a key counted as WAIT_ESTIMATE."""
    open_ended: bool = False
    """Some step waits for a key, so it takes as long as the person needs."""

    def text(self) -> str:
        """``m:ss``, with ``+`` when some step waits (home, the offers, ``numbtui list``)."""
        return format_length(self.seconds, open_ended=self.open_ended)

    @property
    def minutes(self) -> int:
        """Whole minutes, at least 1 (what "about N minutes" says)."""
        return max(1, round(self.seconds / 60))

    def words(self) -> str:
        """As a reader says it: "about 2 minutes", "about 4 minutes, some at your pace"."""
        about = f"about {self.minutes} minute{'s' if self.minutes != 1 else ''}"
        return f"{about}, some at your pace" if self.open_ended else about


def length_of_steps(steps: Iterable[AnyStep]) -> Length:
    """The length of a practice of exactly ``steps`` (already fitted)."""
    from numbtui.exercise import expected_seconds, waits

    listed = list(steps)
    return Length(expected_seconds(listed), any(waits(step) for step in listed))


def length_of(exercise: Exercise, minutes: float | None = None) -> Length:
    """``exercise``'s length when fitted to ``minutes`` (as written when None), exactly as
    the player will play it."""
    return length_of_steps(fitted(exercise, minutes).steps)


def length_for(exercise: Exercise, settings: Settings, asked: float | None = None) -> Length:
    """``exercise``'s length with the user's settings: ``asked`` (this run's ``--minutes``),
    else the default length saved for it, else as written."""
    return length_of(exercise, minutes_for(exercise, settings, asked))


@dataclass(frozen=True)
class Progress:
    """The player's "elapsed / total" on the scale of :func:`length_of`, so the total it shows
    is the length home and the offers showed: each prompt that waits counts
    :data:`WAIT_ESTIMATE`, passed ones in full and the one waiting by the seconds waited, up
    to that. (The session's own clock counts them 0: its plan is the timer's.)"""

    waits_before: tuple[int, ...]
    """How many prompts that wait come before each step."""
    waiting: tuple[bool, ...]
    total: float

    @classmethod
    def of(cls, plan: Plan) -> Progress:
        """Made once per practice: the steps do not change while it plays."""
        from numbtui.exercise import waits

        waiting = tuple(waits(step) for step in plan.steps)
        before = tuple(sum(waiting[:index]) for index in range(len(waiting)))
        return cls(before, waiting, plan.total + WAIT_ESTIMATE * sum(waiting))

    def elapsed(self, snapshot: Snapshot) -> float:
        """How far along ``snapshot`` is, in seconds of the length shown."""
        from numbtui.session import Status

        if snapshot.status is Status.FINISHED:
            return self.total
        index = min(snapshot.step_index, len(self.waiting) - 1)
        shown = snapshot.elapsed + WAIT_ESTIMATE * self.waits_before[index]
        if self.waiting[index] and snapshot.status is not Status.LEAD_IN:
            shown += min(snapshot.step_elapsed, WAIT_ESTIMATE)
        return min(shown, self.total)


def saved_minutes(settings_file: Path) -> dict[str, float]:
    """The default lengths saved in the settings file, by exercise id.

    A file that does not mention minutes (or says ``minutes: {}``) has none, and is not read
    through PyYAML and pydantic: ``numbtui list`` stays fast for everyone without one. A bad
    file gives what could be read, as the app does (the app reports its problems).
    """
    try:
        text = read_regular_text(settings_file)
    except (OSError, ValueError):
        return {}
    mentioned = [
        line
        for line in text.splitlines()
        if "minutes" in line and not line.lstrip().startswith("#")
    ]
    if all(line.strip() == "minutes: {}" for line in mentioned):
        return {}
    from numbtui import settings

    return dict(settings.load(settings_file).settings.minutes)


def fitted_lengths(found: Iterable[Summary], minutes: Mapping[str, float]) -> dict[str, Length]:
    """The length in use of each listed exercise that has a default length in ``minutes``
    (only those files are read); the others are as written (their :attr:`Summary.length`)."""
    lengths: dict[str, Length] = {}
    for summary in found:
        wanted = minutes.get(summary.id)
        if not wanted:
            continue
        # Only now: the loader brings PyYAML and pydantic, which a list without them skips.
        from numbtui.loader import ExerciseFileError, load_file

        try:
            exercise = load_file(Path(summary.path), summary.source)
        except ExerciseFileError:
            continue  # changed since it was listed: its written length stands
        lengths[summary.id] = length_of(exercise, wanted)
    return lengths
