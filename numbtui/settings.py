"""The user's settings: a pydantic model, read from and written to ``settings.yaml``.

A bad settings file never stops numbtui: :func:`load` keeps every valid setting, puts the
default in place of each wrong one (or of all of them, when the file is not YAML at all) and
returns the problems (``path:line:col``, naming the setting), leaving the file exactly as it
was. :func:`save` writes atomically (a temporary file renamed over the old one) with
owner-only permissions. The rules for what the settings screen may accept as typed
(:func:`lead_in_value`, :func:`minutes_value`) live here too, with their words for a wrong
entry.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from numbtui.aside import keep_aside
from numbtui.atomic import write_atomic
from numbtui.discovery import ID_REGEX
from numbtui.errors import SettingsError
from numbtui.problem import Problem
from numbtui.readfile import open_regular
from numbtui.text import shown
from numbtui.yamldoc import DocumentError, parse_model_keeping_valid, read_limited

if TYPE_CHECKING:
    from numbtui.options import LaunchOptions

MAX_SETTINGS_BYTES = 64 * 1024
DEFAULT_THEME = "numbtui-dark"
MAX_LEAD_IN = 30.0
MAX_MINUTES = 180.0

THEME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
"""What a theme name in the settings file may look like."""
ThemeName = Annotated[str, StringConstraints(pattern=THEME_PATTERN.pattern)]
ExerciseId = Annotated[str, StringConstraints(pattern=f"^{ID_REGEX}$")]
Minutes = Annotated[float, Field(gt=0, le=180, allow_inf_nan=False)]  # MAX_MINUTES
SoundChoice = Literal["off", "cues", "voice"]
SOUND_CHOICES: tuple[SoundChoice, ...] = ("off", "cues", "voice")


class Settings(BaseModel):
    """Everything a user can change about numbtui; each has a calm default."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)

    theme: ThemeName = DEFAULT_THEME
    """Colour theme: numbtui-dark, numbtui-light, numbtui-high-contrast, or a Textual theme."""
    bell: bool = False
    """Ring the terminal bell (and flash the screen) at each step and breath phase."""
    reduce_motion: bool = False
    """No animation: the breathing pacer shows the phase word and a countdown."""
    checkin: bool = True
    """Ask how much you can feel before each exercise as well as after it."""
    lead_in_seconds: Annotated[float, Field(ge=0, le=MAX_LEAD_IN, allow_inf_nan=False)] = 3.0
    """Seconds of "get ready" before an exercise begins (0 to 30)."""
    minutes: dict[ExerciseId, Minutes] = Field(default_factory=dict)
    """Default length in minutes per exercise id, e.g. {body-scan: 5}."""
    sound: SoundChoice = "off"
    """Sound for practising with eyes closed: off, cues (a tone for each breath phase and a
    chime at each step), or voice (cues, and each step spoken by the computer's speech
    engine)."""
    volume: Annotated[int, Field(ge=0, le=100)] = 70
    """Loudness of cues and speech, from 0 to 100."""
    speech_rate: Annotated[int, Field(ge=80, le=300)] = 140
    """How fast the voice speaks, in words a minute (80 to 300; 140 is calm)."""
    phase_words: bool = False
    """With voice: also say "In", "Hold", "Out", "Rest" at each breath phase (else tones only)."""
    footsteps: bool = True
    """With sound: a soft tick for each footstep on walking steps that have a cadence."""
    plain: bool = False
    """Plain mode: whole lines of text instead of the screen, for screen readers and braille."""
    plain_compact: bool = False
    """In plain mode, say the breath phases without their seconds: "In." rather than "In, 4."."""
    plain_time_left: Annotated[int, Field(ge=0, le=600)] = 30
    """In plain mode, say the time left on a long step at most this often, in seconds (0: never)."""


@dataclass(frozen=True)
class Loaded:
    """Settings as loaded: the values in force and any problems with the file."""

    settings: Settings
    problems: tuple[Problem, ...] = ()
    in_part: bool = False
    """Only the settings named in the problems fell back to their defaults (the others in
    the file are in use); False when the file as a whole could not be read."""


_OVERRIDES = (
    ("reduce_motion", "reduce_motion"),
    ("bell", "bell"),
    ("checkin", "checkin"),
    ("sound", "sound"),
    ("compact", "plain_compact"),
    ("time_left", "plain_time_left"),
)
"""(LaunchOptions field, Settings field) of every setting a command-line flag overrides."""


def with_options(saved: Settings, options: LaunchOptions) -> Settings:
    """``saved`` with this run's command-line flags on top (the file itself is not changed).

    The app and the plain mode both start from this; the app adds the environment's say on
    motion (``numbtui.tui.prefs``).
    """
    update = {
        field: value
        for option, field in _OVERRIDES
        if (value := getattr(options, option)) is not None
    }
    return saved.model_copy(update=update) if update else saved


def problems_notice(problems: Sequence[Problem], *, in_part: bool) -> str:
    """One notice for a settings file with problems: which, and what is in use instead."""
    listed = "\n".join(str(problem) for problem in problems)
    if in_part:
        then = (
            "Only these use their defaults; every other setting in your file is in use. "
            "The file was left as it was."
        )
    else:
        then = "Using the default settings; your file was left as it was."
    return f"{listed}\n{then}"


def _only_comments(text: str) -> bool:
    # A file whose every setting is commented out means "all defaults", not a problem.
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def load(path: Path) -> Loaded:
    """Read settings; a missing file gives the defaults, a bad one the defaults and problems."""
    shown = str(path)
    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return Loaded(Settings())
    except OSError as exc:
        return Loaded(Settings(), (Problem(shown, 1, 1, f"cannot read: {exc.strerror}"),))
    try:
        text = read_limited(shown, data, MAX_SETTINGS_BYTES)
        if _only_comments(text):
            return Loaded(Settings())
        settings, problems = parse_model_keeping_valid(text, Settings, path=shown)
    except DocumentError as exc:
        return Loaded(Settings(), exc.problems)
    return Loaded(settings, tuple(problems), in_part=bool(problems))


def dump(settings: Settings) -> str:
    """The YAML text of ``settings``, with a comment saying what the file is."""
    body = yaml.safe_dump(settings.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    return "# numbtui settings; `numbtui paths` shows where this file lives.\n" + body


def set_aside(path: Path) -> Path | None:
    """Keep a settings file that could not be read as ``settings.yaml.bad`` (numbered if
    that exists, owner-only: :func:`numbtui.aside.keep_aside`), so that saving new settings
    never destroys the user's edits."""
    try:
        return keep_aside(path)
    except OSError as exc:
        raise SettingsError(
            f"Could not keep the old settings file {path}: {exc.strerror or exc}"
        ) from None


def save(settings: Settings, path: Path) -> None:
    """Write settings atomically with owner-only permissions; raise SettingsError on failure."""
    try:
        write_atomic(path, dump(settings))
    except OSError as exc:
        raise SettingsError(f"Could not save settings to {path}: {exc.strerror}") from None


# -- what the settings screen accepts as typed ------------------------------------------------


def number(text: str) -> float | None:
    """The finite number written in ``text``, or None."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def lead_in_problem(text: str) -> str | None:
    """Why ``text`` is not a get-ready time, in words; None when it is one."""
    value = number(text)
    if not text.strip():
        return "Type a number of seconds, from 0 to 30."
    if value is None:
        return "That is not a number; type seconds from 0 to 30."
    if not 0 <= value <= MAX_LEAD_IN:
        return f"{shown_number(value)} is outside 0 to 30 seconds; not saved yet."
    return None


def lead_in_value(text: str) -> float | None:
    """Seconds of get-ready written in ``text`` (0 to 30), or None if it is not that."""
    return None if lead_in_problem(text) is not None else number(text)


def minutes_problem(text: str) -> str | None:
    """Why ``text`` is not a default length in minutes; None when it is one (blank is)."""
    if not text.strip():
        return None
    value = number(text)
    if value is None:
        return "That is not a number of minutes; not saved yet."
    if not 0 < value <= MAX_MINUTES:
        return f"{shown_number(value)} is outside 0 to 180 minutes; not saved yet."
    return None


def minutes_ok(text: str) -> bool:
    """Blank (the exercise's own length) or more than 0 and at most 180 minutes."""
    return minutes_problem(text) is None


def not_saved_line(label: str, typed: str, accepted: str, in_use: str) -> str:
    """What leaving the settings says of a field left showing a value that was not saved, e.g.
    ``Get ready was not saved: “45” is not a number from 0 to 30 seconds. In use: 3 s.``"""
    if not typed.strip():
        return f"{label} was not saved: its box was left empty. In use: {in_use}."
    return f"{label} was not saved: “{shown(typed.strip())}” is not {accepted}. In use: {in_use}."


def shown_number(value: float) -> str:
    """3.0 as "3", 2.5 as "2.5"."""
    return f"{value:g}"
