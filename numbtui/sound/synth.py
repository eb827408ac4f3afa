"""The cues, synthesised in-process with the standard library (mono, 16-bit, 22050 Hz).

Every cue is soft and short, with raised-cosine fades so nothing clicks:

* ``IN``: a tone gliding up a fifth (330 to 495 Hz) — breathe in;
* ``OUT``: the same tone gliding down (495 to 330 Hz) — breathe out;
* ``HOLD``: a low, steady, quiet hum (220 Hz with a soft octave below);
* ``REST`` (hold empty): two soft low pulses (165 Hz), so it is told apart from ``HOLD``;
* ``STEP``: a soft bell-like chime (a 660 Hz partial and an inharmonic one, decaying);
* ``END``: three soft chimes descending (784, 659, 523 Hz), the closing sound;
* ``STEP_IN`` / ``STEP_OUT``: a very short soft tick per footstep, higher while breathing in.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from enum import StrEnum

RATE = 22050
"""Samples a second of everything numbtui plays or writes."""
FULL = 32767


class Cue(StrEnum):
    """A sound with a meaning."""

    IN = "in"
    TOP_UP = "top_up"
    HOLD = "hold"
    OUT = "out"
    REST = "rest"
    STEP = "step"
    END = "end"
    STEP_IN = "step_in"
    STEP_OUT = "step_out"


BREATH_CUE_SECONDS = 1.2
"""How long the in and out glides last (less when a phase is shorter)."""


def _fade(samples: list[float], fade_in: float, fade_out: float) -> list[float]:
    """Raised-cosine fades at both ends, so a sound starts and stops without a click."""
    n = len(samples)
    rise = min(n // 2, max(1, int(fade_in * RATE)))
    fall = min(n - rise, max(1, int(fade_out * RATE)))
    for i in range(rise):
        samples[i] *= 0.5 - 0.5 * math.cos(math.pi * i / rise)
    for i in range(fall):
        samples[n - 1 - i] *= 0.5 - 0.5 * math.cos(math.pi * i / fall)
    return samples


def glide(start_hz: float, end_hz: float, seconds: float, level: float) -> list[float]:
    """A sine gliding (exponentially, as pitch is heard) from one frequency to another."""
    n = max(1, int(seconds * RATE))
    ratio = end_hz / start_hz
    phase = 0.0
    out = [0.0] * n
    step = 2 * math.pi / RATE
    for i in range(n):
        out[i] = level * math.sin(phase)
        phase += step * start_hz * ratio ** (i / n)
    return _fade(out, 0.06, 0.25)


def hum(hz: float, seconds: float, level: float) -> list[float]:
    """A steady low tone with a quieter octave below, for warmth."""
    n = max(1, int(seconds * RATE))
    w = 2 * math.pi * hz / RATE
    out = [level * (0.8 * math.sin(w * i) + 0.2 * math.sin(0.5 * w * i)) for i in range(n)]
    return _fade(out, 0.12, 0.3)


def chime(hz: float, seconds: float, level: float) -> list[float]:
    """A bell-like strike: a partial and a quieter inharmonic one, decaying exponentially."""
    n = max(1, int(seconds * RATE))
    w1 = 2 * math.pi * hz / RATE
    w2 = w1 * 2.76  # the bell's inharmonic partial, which makes it a chime rather than a beep
    decay = 5.0 / n
    out = [
        level * math.exp(-decay * i) * (0.85 * math.sin(w1 * i) + 0.15 * math.sin(w2 * i))
        for i in range(n)
    ]
    return _fade(out, 0.005, 0.05)


def _mix_into(target: list[float], clip: list[float], at: float) -> None:
    start = int(at * RATE)
    if start + len(clip) > len(target):
        target.extend([0.0] * (start + len(clip) - len(target)))
    for i, value in enumerate(clip):
        target[start + i] += value


def _pulses(hz: float, level: float) -> list[float]:
    out: list[float] = []
    for at in (0.0, 0.45):
        _mix_into(out, hum(hz, 0.35, level), at)
    return out


def _end() -> list[float]:
    out: list[float] = []
    for at, hz in ((0.0, 784.0), (0.45, 659.3), (0.9, 523.3)):
        _mix_into(out, chime(hz, 1.6, 0.22), at)
    return out


def _tick(hz: float) -> list[float]:
    return chime(hz, 0.09, 0.12)


_MAKERS: dict[Cue, Callable[[float], list[float]]] = {
    Cue.IN: lambda s: glide(330.0, 495.0, s, 0.25),
    # A little more air on top: the in-breath's rise carried on, higher and shorter.
    Cue.TOP_UP: lambda s: glide(495.0, 590.0, s, 0.2),
    Cue.OUT: lambda s: glide(495.0, 330.0, s, 0.25),
    Cue.HOLD: lambda s: hum(220.0, min(s, 0.9), 0.12),
    Cue.REST: lambda s: _pulses(165.0, 0.12),
    Cue.STEP: lambda s: chime(659.3, 1.4, 0.25),
    Cue.END: lambda s: _end(),
    Cue.STEP_IN: lambda s: _tick(988.0),
    Cue.STEP_OUT: lambda s: _tick(740.0),
}


def cue_seconds(cue: Cue, phase_seconds: float | None = None) -> float:
    """How long ``cue`` sounds; breath cues end before a short phase does."""
    if cue in (Cue.IN, Cue.TOP_UP, Cue.OUT, Cue.HOLD) and phase_seconds is not None:
        return max(0.2, min(BREATH_CUE_SECONDS, phase_seconds * 0.8))
    return BREATH_CUE_SECONDS


def render_cue(cue: Cue, volume: float = 1.0, phase_seconds: float | None = None) -> array[int]:
    """The samples of ``cue`` at ``volume`` (0 to 1) as 16-bit integers."""
    floats = _MAKERS[cue](cue_seconds(cue, phase_seconds))
    gain = FULL * max(0.0, min(1.0, volume))
    return array("h", (max(-FULL, min(FULL, round(v * gain))) for v in floats))
