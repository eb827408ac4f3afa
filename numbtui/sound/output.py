"""Playback: a sound device that mixes the clips it is given (the thin edge of sound).

:func:`open_output` opens the default device through miniaudio, which bundles its C library,
so playback needs no system packages (PipeWire, PulseAudio or ALSA on Linux, Core Audio on
macOS, WASAPI on Windows). ``NUMBTUI_AUDIO=null`` picks miniaudio's NULL backend: the real
playback path, without a sound card (tests, benchmarks).

Native output is kept off the screen: ALSA's C library prints "ALSA lib ..." lines straight to
file descriptor 2, where Textual draws, so its error handler is replaced by a silent one before
any device is probed (a process-wide setting of ALSA, harmless to anyone else). Redirecting
fd 2 itself would also swallow Textual's frames drawn meanwhile.

The device pulls samples every few milliseconds; :meth:`Output.play` only appends a clip (with
the moment it is due) to the list the pulls mix, and :meth:`Output.silence` empties it, so both
return at once and silence is heard within one buffer (:data:`BUFFER_MS`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
import time
from array import array
from collections.abc import Generator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from numbtui.sound.synth import FULL, RATE

BUFFER_MS = 30
"""The device's buffer: how long a clip may wait for the next pull, and a silence to be heard."""

NO_EXTRA = "Sound needs numbtui's sound extra: pip install 'numbtui[sound]'."
NO_DEVICE = (
    "No sound device could be opened ({reason}). "
    "Check that speakers or headphones are connected and not muted."
)

_alsa_handler: Any = None  # kept alive as long as ALSA may call it


def quiet_alsa() -> None:
    """Stop ALSA's C library printing on the terminal (Linux; nothing elsewhere)."""
    global _alsa_handler  # noqa: PLW0603 - one handler for the process, kept from the collector
    if _alsa_handler is not None or not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("asound")
    if name is None:
        return
    try:
        alsa = ctypes.CDLL(name)
    except OSError:
        return
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    _alsa_handler = handler_type(lambda *_: None)
    alsa.snd_lib_error_set_handler(_alsa_handler)


@dataclass
class _Voice:
    clip: array[int]
    due: float  # monotonic time the clip is to start
    position: int | None = None  # samples played so far; None until it starts


class Output:
    """An open device mixing clips; ``play`` and ``silence`` never wait for the device."""

    def __init__(self, device: Any) -> None:
        self._device = device
        self._lock = threading.Lock()
        self._voices: list[_Voice] = []
        self._closed = False
        stream = self._stream()
        next(stream)
        device.start(stream)

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        """Start ``clip`` (scaled by ``gain``) after ``delay`` seconds of the device's time."""
        if gain != 1.0:
            clip = array("h", (max(-FULL, min(FULL, round(v * gain))) for v in clip))
        voice = _Voice(clip, time.monotonic() + max(0.0, delay))
        with self._lock:
            if not self._closed:
                self._voices.append(voice)

    def silence(self) -> None:
        """Stop everything playing or waiting to play."""
        with self._lock:
            self._voices.clear()

    @property
    def busy(self) -> bool:
        """True while something plays or waits to."""
        with self._lock:
            return bool(self._voices)

    def close(self) -> None:
        """Silence and close the device; nothing plays after this."""
        with self._lock:
            self._closed = True
            self._voices.clear()
        self._device.close()

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _stream(self) -> Generator[bytes, int, None]:
        frames = yield b""
        while True:
            frames = yield self._mix(frames)

    def _mix(self, frames: int) -> bytes:
        # A voice starts at its due time's place in this buffer (the buffer is heard a fixed
        # latency after it is made), so a cue queued ahead starts on its boundary, not on the
        # next pull; one already due starts at the buffer's first sample.
        now = time.monotonic()
        with self._lock:
            voices = list(self._voices)
        if not voices:
            return bytes(2 * frames)  # the usual case between cues: no work
        out = array("h", bytes(2 * frames))
        mixed = False
        for voice in voices:
            begin = 0
            if voice.position is None:
                offset = round((voice.due - now) * RATE)
                if offset >= frames:
                    continue
                begin, voice.position = max(0, offset), 0
            piece = voice.clip[voice.position : voice.position + frames - begin]
            voice.position += len(piece)
            if not mixed:
                out[begin : begin + len(piece)] = piece
                mixed = True
            else:
                for i, value in enumerate(piece, begin):
                    out[i] = max(-FULL, min(FULL, out[i] + value))
        with self._lock:
            self._voices = [
                v for v in self._voices if v.position is None or v.position < len(v.clip)
            ]
        if sys.byteorder == "big":
            out.byteswap()
        return out.tobytes()


def open_output() -> Output | str:
    """The default sound device, or a sentence saying why there is none."""
    try:
        import miniaudio  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return NO_EXTRA
    quiet_alsa()
    backends = [miniaudio.Backend.NULL] if os.environ.get("NUMBTUI_AUDIO") == "null" else None
    try:
        device = miniaudio.PlaybackDevice(
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=RATE,
            buffersize_msec=BUFFER_MS,
            backends=backends,
            app_name="numbtui",
        )
        return Output(device)
    except miniaudio.MiniaudioError as exc:
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else type(exc).__name__
        return NO_DEVICE.format(reason=reason)
