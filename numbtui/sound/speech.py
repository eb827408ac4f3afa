"""Offline speech: the speech engine already on the user's computer, rendered to samples.

* Linux (and any system with it): ``espeak-ng`` (or ``espeak``), run as a process that writes
  a WAV stream on its standard output (``--stdout``); text goes in on standard input, so no
  text is ever taken for an option.
* macOS: ``say -o FILE --data-format=LEI16@22050``.
* Windows: SAPI through pyttsx3 (``save_to_file``), installed with the ``sound`` extra.

A process per sentence rather than pyttsx3 everywhere: the engine's native library never runs
inside numbtui (so it cannot write on the screen, and a stuck sentence is a process to kill),
sentences can be rendered two at a time, and the sample rate and format are chosen exactly.
Nothing is downloaded; with no engine, :func:`find_engine` says what to install.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from numbtui.sound.synth import RATE

DEFAULT_RATE_WPM = 140
"""A calm speaking rate in words a minute."""
SPEECH_TIMEOUT = 20.0

INSTALL_HINT = (
    "Spoken guidance needs a speech engine: install espeak-ng "
    "(Debian/Ubuntu: sudo apt install espeak-ng; Fedora: sudo dnf install espeak-ng; "
    "Arch: sudo pacman -S espeak-ng). macOS has `say` built in; on Windows, "
    "pip install 'numbtui[sound]' adds SAPI through pyttsx3."
)


class SpeechError(Exception):
    """A sentence could not be spoken (the engine failed or timed out)."""


class Engine(Protocol):
    """Text in, 16-bit mono samples at :data:`RATE` out."""

    @property
    def name(self) -> str:
        """The engine's name, as shown to the user."""
        ...

    def synthesise(self, text: str, rate_wpm: int, volume: float = 1.0) -> array[int]:
        """Speak ``text`` at ``rate_wpm`` words a minute and ``volume`` (0 to 1), as 16-bit
        samples at RATE. The engine sets the loudness, so no sample is touched in Python."""
        ...


def _clamp(volume: float) -> float:
    return max(0.0, min(1.0, volume))


def _resample(samples: array[int], rate: int) -> array[int]:
    """Linear resampling to :data:`RATE` (speech only; its energy is well below 10 kHz)."""
    if rate == RATE or not samples:
        return samples
    n = int(len(samples) * RATE / rate)
    last = len(samples) - 1
    out = array("h", bytes(2 * n))
    for i in range(n):
        x = i * rate / RATE
        j = min(int(x), last)
        k = min(j + 1, last)
        out[i] = int(samples[j] + (samples[k] - samples[j]) * (x - j))
    return out


def _mono16(frames: bytes, channels: int, width: int) -> array[int]:
    if width != 2:
        raise SpeechError(f"the speech engine wrote {8 * width}-bit audio, not 16-bit")
    samples = array("h")
    samples.frombytes(frames[: len(frames) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    if channels > 1:
        samples = samples[::channels]
    return samples


def parse_wav_stream(data: bytes) -> array[int]:
    """Samples of a WAV stream whose sizes may be unknown (espeak-ng's ``--stdout``)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechError("the speech engine did not write WAV audio")
    pos, channels, rate, width = 12, 1, RATE, 2
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        body = pos + 8
        if chunk == b"fmt ":
            channels = int.from_bytes(data[body + 2 : body + 4], "little")
            rate = int.from_bytes(data[body + 4 : body + 8], "little")
            width = int.from_bytes(data[body + 14 : body + 16], "little") // 8
        elif chunk == b"data":
            # A stream cannot know its length up front: everything after is audio.
            return _resample(_mono16(data[body:], channels, width), rate)
        pos = body + size + (size & 1)
    raise SpeechError("the speech engine wrote no audio")


def read_wav(path: Path) -> array[int]:
    """Samples of a WAV file, as mono 16-bit at :data:`RATE`."""
    with wave.open(str(path), "rb") as reader:
        frames = reader.readframes(reader.getnframes())
        samples = _mono16(frames, reader.getnchannels(), reader.getsampwidth())
        return _resample(samples, reader.getframerate())


def _run(command: list[str], text: str) -> bytes:
    try:
        done = subprocess.run(
            command,
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=SPEECH_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpeechError(f"{command[0]} could not speak: {exc}") from None
    if done.returncode != 0:
        raise SpeechError(f"{command[0]} stopped with exit code {done.returncode}")
    return done.stdout


@dataclass(frozen=True)
class Espeak:
    """espeak-ng (or espeak) on the PATH."""

    program: str
    name: str = "espeak-ng"

    def synthesise(self, text: str, rate_wpm: int, volume: float = 1.0) -> array[int]:
        """Speak ``text`` at ``rate_wpm`` words a minute."""
        amplitude = str(round(100 * _clamp(volume)))  # espeak's 100 is its normal loudness
        command = [self.program, "--stdout", "-s", str(rate_wpm), "-a", amplitude]
        return parse_wav_stream(_run(command, text))


@dataclass(frozen=True)
class Say:
    """macOS's ``say``."""

    program: str
    name: str = "say"

    def synthesise(self, text: str, rate_wpm: int, volume: float = 1.0) -> array[int]:
        """Speak ``text`` at ``rate_wpm`` words a minute."""
        with tempfile.TemporaryDirectory(prefix="numbtui-say-") as folder:
            out = Path(folder) / "say.wav"
            command = [self.program, "-r", str(rate_wpm), "-o", str(out)]
            command += ["--file-format=WAVE", "--data-format=LEI16@22050", "-f", "-"]
            # say takes its loudness as an embedded command; the exercise's own "[[" is
            # spaced apart so a file cannot give say commands.
            _run(command, f"[[volm {_clamp(volume):.2f}]] " + text.replace("[[", "[ ["))
            return read_wav(out)


@dataclass(frozen=True)
class Sapi:
    """Windows SAPI through pyttsx3."""

    name: str = "SAPI"

    def synthesise(self, text: str, rate_wpm: int, volume: float = 1.0) -> array[int]:
        """Speak ``text`` at ``rate_wpm`` words a minute."""
        import pyttsx3  # type: ignore[import-untyped,import-not-found,unused-ignore]

        with tempfile.TemporaryDirectory(prefix="numbtui-sapi-") as folder:
            out = Path(folder) / "sapi.wav"
            engine = pyttsx3.init()
            engine.setProperty("rate", rate_wpm)
            engine.setProperty("volume", _clamp(volume))
            engine.save_to_file(text, str(out))
            engine.runAndWait()
            return read_wav(out)


def find_engine() -> Engine | None:
    """The speech engine of this computer, or None (then :data:`INSTALL_HINT` says why)."""
    forced = os.environ.get("NUMBTUI_SPEECH")  # "none" pretends there is none (tests, checks)
    if forced == "none":
        return None
    for program in ("espeak-ng", "espeak"):
        if found := shutil.which(program):
            return Espeak(found, program)
    if sys.platform == "darwin" and (found := shutil.which("say")):
        return Say(found)
    if sys.platform == "win32":
        try:
            import pyttsx3  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
        except ImportError:
            return None
        return Sapi()
    return None


def speak_all(
    engine: Engine, texts: Iterable[str], rate_wpm: int, volume: float = 1.0
) -> dict[str, array[int]]:
    """Every distinct text spoken, two at a time (one a core here)."""
    unique = list(dict.fromkeys(texts))
    with ThreadPoolExecutor(max_workers=2) as pool:
        spoken = pool.map(lambda t: engine.synthesise(t, rate_wpm, volume), unique)
        return dict(zip(unique, spoken, strict=True))


def wav_bytes(samples: array[int]) -> bytes:
    """``samples`` as a WAV file's bytes."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        data = array("h", samples)
        if sys.byteorder == "big":
            data.byteswap()
        writer.writeframes(data.tobytes())
    return buffer.getvalue()
