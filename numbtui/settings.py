"""The user's settings: a pydantic model, read from and written to ``settings.yaml``.

A bad settings file never stops numbtui: :func:`load` returns the defaults together with the
problems (``path:line:col``), and leaves the file exactly as it was. :func:`save` writes
atomically (a temporary file renamed over the old one) with owner-only permissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from numbtui.atomic import write_atomic
from numbtui.errors import SettingsError
from numbtui.problem import Problem
from numbtui.readfile import open_regular
from numbtui.yamldoc import DocumentError, parse_model, read_limited

MAX_SETTINGS_BYTES = 64 * 1024
DEFAULT_THEME = "numbtui-dark"

THEME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
"""What a theme name in the settings file may look like."""
ThemeName = Annotated[str, StringConstraints(pattern=THEME_PATTERN.pattern)]
ExerciseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Minutes = Annotated[float, Field(gt=0, le=180, allow_inf_nan=False)]
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
    lead_in_seconds: Annotated[float, Field(ge=0, le=30, allow_inf_nan=False)] = 3.0
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


@dataclass(frozen=True)
class Loaded:
    """Settings as loaded: the values in force and any problems with the file."""

    settings: Settings
    problems: tuple[Problem, ...] = ()


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
        return Loaded(parse_model(text, Settings, path=shown))
    except DocumentError as exc:
        return Loaded(Settings(), exc.problems)


def dump(settings: Settings) -> str:
    """The YAML text of ``settings``, with a comment saying what the file is."""
    body = yaml.safe_dump(settings.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    return "# numbtui settings; `numbtui paths` shows where this file lives.\n" + body


def set_aside(path: Path) -> Path | None:
    """Rename a settings file that could not be read to ``settings.yaml.bad`` (numbered if
    that exists), so that saving new settings never destroys the user's edits."""
    for number in range(100):
        target = path.with_name(path.name + (".bad" if number == 0 else f".bad{number}"))
        if target.exists():
            continue
        try:
            path.rename(target)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SettingsError(
                f"Could not keep the old settings file {path}: {exc.strerror}"
            ) from None
        return target
    raise SettingsError(f"Could not keep the old settings file {path}: too many .bad copies")


def save(settings: Settings, path: Path) -> None:
    """Write settings atomically with owner-only permissions; raise SettingsError on failure."""
    try:
        write_atomic(path, dump(settings))
    except OSError as exc:
        raise SettingsError(f"Could not save settings to {path}: {exc.strerror}") from None
