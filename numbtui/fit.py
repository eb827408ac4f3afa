"""Fitting an exercise to about M minutes (``numbtui play ID --minutes M``).

:func:`fit_to_minutes` returns a new, re-validated exercise:

* timed steps (guide, walk, a prompt with seconds) are scaled in proportion and rounded to
  whole seconds, from 1 to 3600;
* breathing steps keep their phase lengths and change their number of whole breaths (at least
  one), so a breathing step always ends on a complete breath;
* prompts that wait for a key are left as they are;
* a breathing step never goes past its ``max_cycles`` (the author's cap, e.g. four breaths of
  4-7-8);
* a step with text never becomes shorter than its reading time, :func:`reading_seconds`
  (3 words a second plus 1 second, or the step's own length if the author wrote it shorter),
  and a step marked ``safety: true`` is never shortened at all.

When the caps or the reading times keep the result away from the length asked for,
:attr:`Fitted.note` says so in one line, to be shown before the exercise starts.

The scale factor is chosen so the lengths, each at least one second or one breath, add up to
the target; a step that would pass the one-hour limit is cut to an hour without the others
growing to make up for it (so a very long fit can come out shorter than asked).

Breaths are rounded first, then single breaths are moved (never more than one away from a
step's ideal count) to bring their total closer to their share. The timed steps are then
scaled again to absorb what that rounding gained or lost, and rounded to whole seconds in the
same way. The result is within about one breath of M minutes, unless the limits forbid it (a
very short fit cannot go below one second or one breath per step).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydantic import ValidationError

from numbtui.durations import format_duration
from numbtui.errors import UsageError
from numbtui.exercise import (
    MAX_EXERCISE_SECONDS,
    MAX_STEP_SECONDS,
    MIN_STEP_SECONDS,
    AnyStep,
    BreatheStep,
    ExerciseFile,
    GuideStep,
    PromptStep,
    WalkStep,
)

MAX_MINUTES = 180.0
"""The longest fit asked for: the longest an exercise may last."""

_MAX_CYCLES = 1000
READ_WORDS_PER_SECOND = 3.0
"""How fast a calm reader takes in a step's text (the README states the same rule)."""
READ_PAUSE_SECONDS = 1.0
"""Added to every reading time: a moment to look up and take in the step."""


def reading_seconds(step: AnyStep) -> int:
    """Whole seconds to read a step's text (and hint): 3 words a second plus 1 second."""
    words = len(step.text.split())
    if isinstance(step, PromptStep) and step.hint:
        words += len(step.hint.split())
    return math.ceil(words / READ_WORDS_PER_SECOND + READ_PAUSE_SECONDS)


@dataclass(frozen=True)
class Fitted:
    """An exercise fitted to a length, and why it may not be that length."""

    spec: ExerciseFile
    asked_seconds: float
    seconds: float
    capped_breaths: int | None = None  # the cap that kept it shorter than asked, if one did
    shortest: bool = False  # the reading times kept it longer than asked

    @property
    def note(self) -> str | None:
        """One line for before the exercise starts, when it is not about the length asked."""
        return self.note_with(format_duration(self.seconds))

    def note_with(self, length: str) -> str | None:
        """:attr:`note` saying ``length`` (the length as every screen shows it)."""
        about = f"This practice lasts about {length}"
        if self.shortest:
            return f"{about}: the shortest that leaves time to read each step."
        if self.capped_breaths is not None:
            breaths = "breath" if self.capped_breaths == 1 else "breaths"
            return f"{about}: this exercise keeps to {self.capped_breaths} {breaths}."
        return None


@dataclass
class _Part:
    """One adjustable step: its length is ``count`` units of ``unit`` seconds."""

    index: int
    unit: float  # 1 s for timed steps, one breath for breathing steps
    low: int
    high: int
    planned: float  # planned length in units
    breath: bool = False
    capped: bool = False  # ``high`` is the author's max_cycles
    count: int = 0
    ideal: float = 0.0  # the scaled length in units, before rounding

    def at(self, factor: float) -> float:
        """The scaled length in units, at least the minimum (the maximum is applied later)."""
        return max(self.planned * factor, self.low)

    @property
    def seconds(self) -> float:
        return self.count * self.unit


def check_minutes(minutes: float) -> float:
    """``minutes`` if it is a usable length, else raise UsageError."""
    if not (math.isfinite(minutes) and 0 < minutes <= MAX_MINUTES):
        raise UsageError(f"minutes must be more than 0 and at most {MAX_MINUTES:g}")
    return float(minutes)


def fit_to_minutes(spec: ExerciseFile, minutes: float) -> ExerciseFile:
    """A copy of ``spec`` lasting about ``minutes`` minutes (see the module docstring)."""
    return fit(spec, minutes).spec


def fit(spec: ExerciseFile, minutes: float) -> Fitted:
    """``spec`` fitted to about ``minutes`` minutes, with a note when it cannot be."""
    target = check_minutes(minutes) * 60.0
    parts = [part for i, step in enumerate(spec.steps) if (part := _part(i, step)) is not None]
    if not parts:
        raise UsageError(
            f"{spec.title!r} has no timed steps, so it cannot be fitted to a length; "
            "it goes at your own pace"
        )
    breaths = [part for part in parts if part.breath]
    timed = [part for part in parts if not part.breath]
    factor = _factor(parts, target)
    _round(breaths, factor)
    _nudge_towards(breaths, math.fsum(part.ideal * part.unit for part in breaths))
    # The timed steps take up what rounding the breaths gained or lost, but not what the
    # one-hour cap cut off: a capped breathing step must not turn the guidance into hours.
    rest = math.fsum(part.at(factor) * part.unit for part in timed) - math.fsum(
        (part.count - part.ideal) * part.unit for part in breaths
    )
    if timed:
        _round(timed, _factor(timed, rest))
        _nudge_towards(timed, rest)
    _keep_under_limit(parts, MAX_EXERCISE_SECONDS)
    steps: list[AnyStep] = list(spec.steps)
    for part in parts:
        steps[part.index] = _resized(steps[part.index], part.count)
    try:
        fitted = ExerciseFile.model_validate(
            spec.model_copy(update={"steps": steps}).model_dump(mode="python")
        )
    except ValidationError as exc:  # pragma: no cover - the clamps above keep it valid
        raise UsageError(f"{spec.title!r} cannot be fitted to {minutes:g} minutes") from exc
    return _explained(fitted, parts, target)


def _explained(spec: ExerciseFile, parts: list[_Part], target: float) -> Fitted:
    """The fitted exercise with the reason it is further from ``target`` than rounding goes."""
    seconds = math.fsum(step.duration for step in spec.steps)
    # Rounding to whole breaths and seconds moves a fit by up to about one breath.
    slack = max([5.0, *(part.unit for part in parts if part.breath)])
    shortest = seconds > target + slack and all(part.count <= part.low for part in parts)
    capped = [part.high for part in parts if part.capped and part.count >= part.high]
    capped_breaths = capped[0] if capped and seconds < target - slack else None
    return Fitted(spec, target, seconds, capped_breaths=capped_breaths, shortest=shortest)


def _part(index: int, step: AnyStep) -> _Part | None:
    if isinstance(step, BreatheStep):
        high = min(_MAX_CYCLES, math.floor(MAX_STEP_SECONDS / step.cycle_seconds))
        capped = step.max_cycles is not None and step.max_cycles < high
        if step.max_cycles is not None:
            high = min(high, step.max_cycles)
        return _Part(
            index, step.cycle_seconds, 1, high, float(step.cycles), breath=True, capped=capped
        )
    if isinstance(step, PromptStep) and step.seconds is None:
        return None
    written = math.ceil(step.duration)
    if isinstance(step, GuideStep | PromptStep) and step.safety:
        low = written  # safety text keeps at least the time its author gave it
    else:
        low = max(math.ceil(MIN_STEP_SECONDS), min(written, reading_seconds(step)))
    return _Part(index, 1.0, low, math.floor(MAX_STEP_SECONDS), float(step.duration))


def _factor(parts: list[_Part], target: float) -> float:
    """The scale factor whose lengths add up to ``target`` (bisection on a log scale)."""

    def total(factor: float) -> float:
        return math.fsum(part.at(factor) * part.unit for part in parts)

    low, high = 1e-9, 1e9
    for _ in range(200):
        middle = math.sqrt(low * high)
        if total(middle) < target:
            low = middle
        else:
            high = middle
        if high / low < 1 + 1e-12:
            break
    return high


def _round(parts: list[_Part], factor: float) -> None:
    for part in parts:
        part.ideal = min(part.at(factor), part.high)
        part.count = min(max(round(part.ideal), part.low), part.high)


def _nudge_towards(parts: list[_Part], target: float) -> None:
    """Move single units while that brings the total closer to ``target``.

    A step never moves more than one unit away from its ideal length, so the lengths stay in
    proportion.
    """
    while True:
        error = target - math.fsum(part.seconds for part in parts)
        direction = 1 if error > 0 else -1
        best: _Part | None = None
        best_miss = math.inf
        for part in parts:
            count = part.count + direction
            if not part.low <= count <= part.high or abs(count - part.ideal) > 1:
                continue
            if abs(error - direction * part.unit) >= abs(error) - 1e-9:
                continue
            # Prefer the step that ends up nearest its ideal length, relative to that length.
            miss = abs(count - part.ideal) / part.ideal
            if miss < best_miss:
                best, best_miss = part, miss
        if best is None:
            return
        best.count += direction


def _keep_under_limit(parts: list[_Part], limit: float) -> None:
    """Take single units off the longest steps until the total fits ``limit``."""
    while math.fsum(part.seconds for part in parts) > limit:
        shrinkable = [part for part in parts if part.count > part.low]
        if not shrinkable:  # pragma: no cover - 180 minutes always fits
            return
        max(shrinkable, key=lambda part: part.seconds).count -= 1


def _resized(step: AnyStep, count: int) -> AnyStep:
    if isinstance(step, BreatheStep):
        return step.model_copy(update={"cycles": count})
    if isinstance(step, GuideStep | WalkStep | PromptStep):
        return step.model_copy(update={"seconds": float(count)})
    raise AssertionError(f"unexpected step {step!r}")  # pragma: no cover
