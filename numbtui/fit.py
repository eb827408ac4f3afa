"""Fitting an exercise to about M minutes (``numbtui play ID --minutes M``).

:func:`fit_to_minutes` returns a new, re-validated exercise:

* timed steps (guide, walk, a prompt with seconds) are scaled in proportion and rounded to
  whole seconds, from 1 to 3600;
* breathing steps keep their phase lengths and change their number of whole breaths (at least
  one), so a breathing step always ends on a complete breath;
* prompts that wait for a key are left as they are.

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


@dataclass
class _Part:
    """One adjustable step: its length is ``count`` units of ``unit`` seconds."""

    index: int
    unit: float  # 1 s for timed steps, one breath for breathing steps
    low: int
    high: int
    planned: float  # planned length in units
    breath: bool = False
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
        return ExerciseFile.model_validate(
            spec.model_copy(update={"steps": steps}).model_dump(mode="python")
        )
    except ValidationError as exc:  # pragma: no cover - the clamps above keep it valid
        raise UsageError(f"{spec.title!r} cannot be fitted to {minutes:g} minutes") from exc


def _part(index: int, step: AnyStep) -> _Part | None:
    if isinstance(step, BreatheStep):
        high = min(_MAX_CYCLES, math.floor(MAX_STEP_SECONDS / step.cycle_seconds))
        return _Part(index, step.cycle_seconds, 1, high, float(step.cycles), breath=True)
    if isinstance(step, PromptStep) and step.seconds is None:
        return None
    low, high = math.ceil(MIN_STEP_SECONDS), math.floor(MAX_STEP_SECONDS)
    return _Part(index, 1.0, low, high, float(step.duration))


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
