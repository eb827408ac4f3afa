"""Measuring rendered audio in tests: energy, pitch (zero crossings) and silence."""

from __future__ import annotations

import itertools
import math
import wave
from array import array
from pathlib import Path

from numbtui.sound.synth import RATE


def read(path: Path) -> array[int]:
    """The samples of a mono 16-bit WAV file at RATE."""
    with wave.open(str(path), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (
            1,
            2,
            RATE,
        )
        samples = array("h")
        samples.frombytes(reader.readframes(reader.getnframes()))
        return samples


def window(samples: array[int], start: float, end: float) -> array[int]:
    """The samples from ``start`` to ``end`` seconds."""
    return samples[max(0, round(start * RATE)) : max(0, round(end * RATE))]


def rms(samples: array[int]) -> float:
    """Root mean square level, 0 to 32767."""
    if not samples:
        return 0.0
    return math.sqrt(sum(v * v for v in samples) / len(samples))


def crossings_per_second(samples: array[int]) -> float:
    """Zero crossings a second: twice the frequency of a pure tone."""
    count = sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))
    return count * RATE / max(1, len(samples))
