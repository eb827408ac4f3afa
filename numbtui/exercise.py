"""Pydantic models of the exercise file format (no I/O).

An exercise file is a YAML mapping with a title, a summary and a list of steps. Each step has a
``kind``: ``guide`` (timed text), ``breathe`` (paced breathing), ``prompt`` (timed, or waiting
for a key) or ``walk`` (timed, with a step cadence). The docstrings and field descriptions here
become the JSON Schema (``numbtui schema``) and the README's authoring reference.

Every string is cleaned of control characters (newline and tab are kept), so no exercise file
can send escape sequences to a terminal.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from numbtui.discovery import Source
from numbtui.durations import WAIT_ESTIMATE
from numbtui.text import clean_text

MIN_STEP_SECONDS = 1.0
MAX_STEP_SECONDS = 3600.0
MAX_EXERCISE_SECONDS = 3 * 3600.0
MIN_PHASE_SECONDS = 0.5
MAX_PHASE_SECONDS = 60.0

TAG_REGEX = r"^[a-z0-9][a-z0-9-]{0,23}$"
TAG_RULE = "one lower-case word: letters, digits and dashes (-), at most 24 characters"


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


# The length cap applies to the text as written; emptiness is judged after cleaning, so a
# string of control characters alone counts as empty.
_Clean = Annotated[str, AfterValidator(clean_text), AfterValidator(_not_blank)]
Title = Annotated[_Clean, StringConstraints(min_length=1, max_length=60)]
Summary = Annotated[_Clean, StringConstraints(min_length=1, max_length=160)]
Description = Annotated[_Clean, StringConstraints(min_length=1, max_length=2000)]
StepText = Annotated[_Clean, StringConstraints(min_length=1, max_length=400)]
Hint = Annotated[_Clean, StringConstraints(min_length=1, max_length=120)]
Tag = Annotated[
    str,
    AfterValidator(clean_text),
    StringConstraints(pattern=TAG_REGEX),
]

VersionLabel = (
    Annotated[str, AfterValidator(clean_text), StringConstraints(max_length=20)]
    | Annotated[int, Field(ge=0)]
)

StepSeconds = Annotated[
    float,
    Field(ge=MIN_STEP_SECONDS, le=MAX_STEP_SECONDS, allow_inf_nan=False),
]
PhaseSeconds = Annotated[
    float,
    Field(ge=MIN_PHASE_SECONDS, le=MAX_PHASE_SECONDS, allow_inf_nan=False),
]


class Phase(StrEnum):
    """One part of a breath."""

    INHALE = "inhale"
    TOP_UP = "top_up"
    """A short second in-breath on top of the first (cyclic sighing)."""
    HOLD = "hold"
    EXHALE = "exhale"
    HOLD_EMPTY = "hold_empty"


class _Model(BaseModel):
    # strict: YAML's ``title: no`` (a bool) or ``seconds: "30"`` (a string) must be errors,
    # not quietly coerced. Lists, not tuples, because strict mode takes only real tuples.
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
    )


class GuideStep(_Model):
    """A timed step of spoken-style guidance shown on screen."""

    kind: Literal["guide"]
    """Marks a guidance step."""
    text: StepText
    """What to show: one idea, ideally at most about 160 characters."""
    say: StepText | None = None
    """What is spoken at the start of the step when sound is set to voice, if it should differ
    from the text (no layout or asides; short sentences). Leave it out to speak the text."""
    seconds: StepSeconds
    """How long the step lasts, from 1 to 3600 seconds."""
    safety: bool = False
    """true for safety text, such as what to do if you feel light-headed: fitting the exercise
    to a shorter length (--minutes) never shortens this step."""

    @property
    def duration(self) -> float:
        """Planned length of the step in seconds."""
        return self.seconds


class PromptStep(_Model):
    """A question or invitation; timed, or waiting until the user presses a key."""

    kind: Literal["prompt"]
    """Marks a prompt step."""
    text: StepText
    """The invitation, e.g. "Name five things you can see"."""
    say: StepText | None = None
    """What is spoken at the start of the step when sound is set to voice, if it should differ
    from the text (no layout or asides; short sentences). Leave it out to speak the text."""
    seconds: StepSeconds | None = None
    """How long the prompt stays, from 1 to 3600 seconds. Leave it out to wait for a key."""
    hint: Hint | None = None
    """An optional second line in smaller print, e.g. a suggestion for where to look."""
    safety: bool = False
    """true for safety text: fitting the exercise to a shorter length never shortens it."""

    @property
    def waits(self) -> bool:
        """True when the step waits for the user rather than a timer."""
        return self.seconds is None

    @property
    def duration(self) -> float:
        """Planned length in seconds (0 for a step that waits for a key)."""
        return self.seconds or 0.0


class BreatheStep(_Model):
    """Paced breathing: a number of cycles of inhale, top-up, hold, exhale and hold-empty
    phases."""

    kind: Literal["breathe"]
    """Marks a paced-breathing step."""
    text: StepText
    """Guidance shown beside the pacer."""
    say: StepText | None = None
    """What is spoken at the start of the step when sound is set to voice, if it should differ
    from the text (no layout or asides; short sentences). Leave it out to speak the text."""
    inhale: PhaseSeconds
    """Seconds to breathe in (0.5 to 60)."""
    top_up: Annotated[float, Field(ge=0, le=MAX_PHASE_SECONDS, allow_inf_nan=False)] = 0
    """Seconds of a short second in-breath on top of the first, as in cyclic sighing; 0 (the
    default) skips it, otherwise at least 0.5. It comes after breathing in, before the hold."""
    hold: Annotated[float, Field(ge=0, le=MAX_PHASE_SECONDS, allow_inf_nan=False)] = 0
    """Seconds to hold after breathing in; 0 (the default) skips it, otherwise at least 0.5."""
    exhale: PhaseSeconds
    """Seconds to breathe out (0.5 to 60)."""
    hold_empty: Annotated[float, Field(ge=0, le=MAX_PHASE_SECONDS, allow_inf_nan=False)] = 0
    """Seconds to rest after breathing out; 0 (the default) skips it, otherwise at least 0.5."""
    cycles: Annotated[int, Field(ge=1, le=1000)]
    """How many breaths, from 1 to 1000."""
    max_cycles: Annotated[int, Field(ge=1, le=1000)] | None = None
    """The most breaths this step may take when the exercise is fitted to a longer length
    (--minutes), e.g. 4 for 4-7-8; at least cycles. Leave it out for no limit."""

    @model_validator(mode="after")
    def _check(self) -> BreatheStep:
        for name in ("top_up", "hold", "hold_empty"):
            value = getattr(self, name)
            if 0 < value < MIN_PHASE_SECONDS:
                raise ValueError(f"{name} must be 0 (skipped) or at least {MIN_PHASE_SECONDS}")
        if self.max_cycles is not None and self.max_cycles < self.cycles:
            raise ValueError(
                f"max_cycles ({self.max_cycles}) must be at least cycles ({self.cycles})"
            )
        if not MIN_STEP_SECONDS <= self.duration <= MAX_STEP_SECONDS:
            raise ValueError(
                f"the breathing lasts {self.duration:g} s; a step lasts from 1 to 3600 seconds"
            )
        return self

    @property
    def phases(self) -> tuple[tuple[Phase, float], ...]:
        """The phases of one breath with their seconds, skipping those of length 0."""
        all_phases = (
            (Phase.INHALE, self.inhale),
            (Phase.TOP_UP, self.top_up),
            (Phase.HOLD, self.hold),
            (Phase.EXHALE, self.exhale),
            (Phase.HOLD_EMPTY, self.hold_empty),
        )
        return tuple((phase, float(s)) for phase, s in all_phases if s > 0)

    @property
    def phase_ends(self) -> tuple[float, ...]:
        """Where each phase of :attr:`phases` ends, in seconds from the start of the breath.

        Exact sums from the start of the breath (``math.fsum``), so the pacer, the session and
        fitting agree to the last bit and a long practice never drifts.
        """
        seconds = [s for _, s in self.phases]
        return tuple(math.fsum(seconds[: i + 1]) for i in range(len(seconds)))

    @property
    def cycle_seconds(self) -> float:
        """Length of one breath."""
        return self.phase_ends[-1]

    @property
    def duration(self) -> float:
        """Planned length of the step in seconds."""
        return self.cycle_seconds * self.cycles


class WalkStep(_Model):
    """A timed walking step, optionally with a cadence of steps per breath."""

    kind: Literal["walk"]
    """Marks a walking step."""
    text: StepText
    """What to notice while walking."""
    say: StepText | None = None
    """What is spoken at the start of the step when sound is set to voice, if it should differ
    from the text (no layout or asides; short sentences). Leave it out to speak the text."""
    seconds: StepSeconds
    """How long the step lasts, from 1 to 3600 seconds."""
    steps_in: Annotated[int, Field(ge=1, le=12)] | None = None
    """Footsteps while breathing in (give it together with steps_out)."""
    steps_out: Annotated[int, Field(ge=1, le=12)] | None = None
    """Footsteps while breathing out; a longer out-breath is fine."""

    @model_validator(mode="after")
    def _check(self) -> WalkStep:
        if (self.steps_in is None) != (self.steps_out is None):
            raise ValueError("give steps_in and steps_out together, or neither")
        return self

    @property
    def duration(self) -> float:
        """Planned length of the step in seconds."""
        return self.seconds

    @property
    def cadence(self) -> str | None:
        """The cadence in words, e.g. "3 steps in · 3 steps out"."""
        if self.steps_in is None or self.steps_out is None:
            return None
        return f"{self.steps_in} steps in · {self.steps_out} steps out"


AnyStep = GuideStep | PromptStep | BreatheStep | WalkStep
Step = Annotated[AnyStep, Field(discriminator="kind")]


def planned_seconds(steps: Iterable[AnyStep]) -> float:
    """The planned length of ``steps`` in seconds; a prompt that waits for a key counts 0.

    The one sum every screen, the session and the history use (``math.fsum``, so the plan's
    end is exact however many steps it has).
    """
    return math.fsum(float(step.duration) for step in steps)


def waits(step: AnyStep) -> bool:
    """True for a prompt that waits for a key instead of a timer."""
    return isinstance(step, PromptStep) and step.waits


def expected_seconds(steps: Iterable[AnyStep]) -> float:
    """About how long ``steps`` take, counting each prompt that waits as :data:`WAIT_ESTIMATE`."""
    listed = list(steps)
    return planned_seconds(listed) + WAIT_ESTIMATE * sum(1 for step in listed if waits(step))


class ExerciseFile(_Model):
    """One guided exercise. The exercise's id is its file name without ``.yaml``."""

    title: Title
    """Short name shown in lists, e.g. "Body scan" (at most 60 characters)."""
    summary: Summary
    """One line saying what the exercise is (at most 160 characters)."""
    description: Description | None = None
    """A longer description shown before starting (at most 2000 characters)."""
    tags: Annotated[list[Tag], Field(max_length=8)] = []
    """Lower-case words used to group and filter, e.g. body, breath, senses, movement."""
    author: Title | None = None
    """Who wrote the exercise."""
    version: VersionLabel | None = None
    """Free version label of the exercise text, e.g. 1 or "2024-05"."""
    steps: Annotated[list[Step], Field(min_length=1, max_length=300)]
    """The steps, played in order."""

    @field_validator("steps")
    @classmethod
    def _check_total(cls, steps: list[AnyStep]) -> list[AnyStep]:
        total = planned_seconds(steps)
        if total > MAX_EXERCISE_SECONDS:
            raise ValueError(
                f"the steps add up to {total / 3600:.1f} h; an exercise lasts at most 3 h"
            )
        return steps


@dataclass(frozen=True)
class Exercise:
    """A loaded exercise: its id, its content and where it was found."""

    id: str
    spec: ExerciseFile
    source: Source = Source.PATH
    path: Path | None = None
    replaces_bundled: bool = field(default=False, compare=False)

    @property
    def title(self) -> str:
        """The exercise's title."""
        return self.spec.title

    @property
    def steps(self) -> tuple[AnyStep, ...]:
        """The exercise's steps."""
        return tuple(self.spec.steps)

    @property
    def total_seconds(self) -> float:
        """Planned length; steps that wait for a key count as 0."""
        return planned_seconds(self.spec.steps)

    @property
    def waits_for_user(self) -> bool:
        """True when some step waits for a key, so the length is open-ended."""
        return any(waits(step) for step in self.spec.steps)

    @property
    def content_hash(self) -> str:
        """A short, stable hash of the content, so history can tell edited versions apart."""
        data = json.dumps(self.spec.model_dump(mode="json"), sort_keys=True).encode()
        return hashlib.sha256(data).hexdigest()[:16]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of an exercise file, generated from the models."""
    schema = ExerciseFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://numbtui.invalid/exercise.schema.json"
    return schema
