"""``numbtui render``: a whole practice written into a WAV file, on the player's schedule.

The practice's timeline (the same plan the player follows, without pauses) is turned into
sounds by :func:`numbtui.sound.score.sounds` and :func:`~numbtui.sound.score.footsteps` (the
same ones the live listener plays) and placed on a :class:`~numbtui.sound.mix.Track`: speech,
cues and the silences between them. The file ends once the closing chime has rung
out (:data:`END_TAIL` after the last step). No audio device is used.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from numbtui.exercise import AnyStep
from numbtui.sound.contract import WAIT_ESTIMATE, Kind, timeline
from numbtui.sound.mix import Track
from numbtui.sound.score import Mode, Planned, Voicing, footsteps, sounds
from numbtui.sound.speech import Engine, speak_all
from numbtui.sound.synth import Cue, render_cue

END_TAIL = 2.5
"""Seconds after the practice's end that the closing chime rings for."""


@dataclass(frozen=True)
class Placed:
    """One sound at ``at`` seconds from the start of the file."""

    at: float
    sound: Planned


@dataclass(frozen=True)
class Score:
    """Every sound of a practice and where the practice ends."""

    placed: tuple[Placed, ...]
    end: float

    @property
    def seconds(self) -> float:
        """The length of the file: the practice and the closing chime."""
        return self.end + END_TAIL

    @property
    def texts(self) -> list[str]:
        """Every text spoken, in order."""
        return [p.sound.text for p in self.placed if p.sound.text is not None]


def score(
    steps: Sequence[AnyStep],
    voicing: Voicing,
    *,
    lead_in: float = 0.0,
    wait_seconds: float = WAIT_ESTIMATE,
) -> Score:
    """Every sound of playing ``steps`` without pauses (pure: no audio, no clock)."""
    placed: list[Placed] = []
    end = 0.0
    for timed in timeline(steps, lead_in=lead_in, wait_seconds=wait_seconds):
        change = timed.change
        placed += (Placed(timed.at + s.offset, s) for s in sounds(change, steps, voicing))
        if change.kind is Kind.STEP:
            # Without pauses a step plays whole, so all its footsteps follow its start.
            step = steps[change.step_index]
            placed += (Placed(timed.at + s.offset, s) for s in footsteps(step, voicing))
        if change.kind is Kind.FINISHED:
            end = timed.at
    return Score(tuple(placed), end)


def render(
    steps: Sequence[AnyStep],
    voicing: Voicing,
    *,
    engine: Engine | None,
    volume: float = 0.8,
    lead_in: float = 0.0,
    wait_seconds: float = WAIT_ESTIMATE,
) -> array[int]:
    """The samples of the whole practice; ``engine`` is needed when ``voicing`` speaks."""
    planned = score(steps, voicing, lead_in=lead_in, wait_seconds=wait_seconds)
    track = Track(planned.seconds)
    spoken: dict[str, array[int]] = {}
    if voicing.mode is Mode.VOICE and planned.texts:
        if engine is None:
            raise ValueError("speaking needs a speech engine")
        spoken = speak_all(engine, planned.texts, voicing.rate_wpm, volume)
    cues: dict[tuple[Cue, float | None], array[int]] = {}
    for item in planned.placed:
        sound = item.sound
        if sound.cue is not None:
            key = (sound.cue, sound.phase_seconds)
            if key not in cues:
                cues[key] = render_cue(sound.cue, volume, sound.phase_seconds)
            track.add(item.at, cues[key])
        elif sound.text is not None:
            track.add(item.at, spoken[sound.text])
    # Speech running past the end (validate warns of it) is kept rather than cut off.
    return track.samples
