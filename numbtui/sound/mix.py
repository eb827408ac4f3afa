"""A timeline of samples that sounds are placed on, and writing it as a WAV file."""

from __future__ import annotations

import os
import sys
import tempfile
import wave
from array import array
from collections.abc import Iterable
from pathlib import Path

from numbtui.sound.synth import FULL, RATE


class Track:
    """Mono 16-bit samples at :data:`RATE`; sounds are added at a time, mixed where they meet."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.samples: array[int] = array("h", bytes(2 * max(0, round(seconds * RATE))))
        self._busy: list[tuple[int, int]] = []

    @property
    def seconds(self) -> float:
        """The track's length."""
        return len(self.samples) / RATE

    def extend_to(self, seconds: float) -> None:
        """Make the track at least ``seconds`` long (silence added at the end)."""
        missing = round(seconds * RATE) - len(self.samples)
        if missing > 0:
            self.samples.extend(array("h", bytes(2 * missing)))

    def add(self, at: float, clip: array[int], gain: float = 1.0) -> None:
        """Mix ``clip`` (scaled by ``gain``) into the track from ``at`` seconds."""
        if not clip:
            return
        start = max(0, round(at * RATE))
        end = start + len(clip)
        self.extend_to(end / RATE)
        if gain != 1.0:
            clip = array("h", (max(-FULL, min(FULL, round(v * gain))) for v in clip))
        samples = self.samples
        # Where nothing else sounds the track is silent, so the clip is copied (fast, in C);
        # only where it meets another sound are samples added one by one.
        overlaps = _merged(
            (max(start, low), min(end, high))
            for low, high in self._busy
            if low < end and start < high
        )
        under = [(a, samples[a:b]) for a, b in overlaps]
        samples[start:end] = clip
        for a, existing in under:
            for i, value in enumerate(existing, a):
                samples[i] = max(-FULL, min(FULL, samples[i] + value))
        self._busy.append((start, end))


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges joined, in order."""
    joined: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if joined and low <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], high))
        else:
            joined.append((low, high))
    return joined


def write_wav(path: Path, samples: array[int]) -> None:
    """Write ``samples`` as a mono 16-bit WAV file at :data:`RATE`.

    Written to a temporary file beside ``path`` and renamed over it, so a failed write (a full
    disk, a missing folder) never leaves half a file; OSError says why.
    """
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
            dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
        )
    except OSError as exc:  # name the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with handle, wave.open(handle, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(RATE)
            writer.writeframes(data.tobytes())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
