"""The sound listener under test: a recording sink, a fake speech engine and the real
conductor on a fake clock and timer (no sleeping, no device)."""

from __future__ import annotations

import functools
import threading
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from numbtui.conductor import Conductor
from numbtui.exercise import AnyStep
from numbtui.session import Session, Snapshot
from numbtui.sound.listener import SoundListener
from numbtui.sound.score import Voicing, speech_seconds
from numbtui.sound.synth import RATE, Cue, render_cue
from tests.fakes import FakeClock

VOLUME = 0.5


@functools.cache
def known_cues() -> dict[Cue, array[int]]:
    """Every cue as played at VOLUME (breath cues of phases long enough to be whole)."""
    return {cue: render_cue(cue, VOLUME, 4.0) for cue in Cue}


@dataclass
class Recorder:
    """A sink that writes down what it was asked to play, and when (by the fake clock)."""

    clock: FakeClock
    names: dict[int, str] = field(default_factory=dict)
    named: list[array[int]] = field(default_factory=list)
    """Every clip named, kept alive: a freed clip's id may be reused by a later one, which
    would then take the freed one's name."""
    played: list[tuple[float, str, float]] = field(default_factory=list)
    silenced: list[float] = field(default_factory=list)
    closed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    order: list[tuple[str, int]] = field(default_factory=list)
    """Plays and silences in the order they came: ("play", index in played) or ("silence",
    index in silenced)."""

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        with self.lock:
            self.played.append((self.clock(), self.name(clip), delay))
            self.order.append(("play", len(self.played) - 1))

    def starts(self) -> list[tuple[float, str]]:
        """When each clip was to start (handed over + its delay), and what it was."""
        return [(at + delay, name) for at, name, delay in self.played]

    def heard(self) -> list[tuple[float, str]]:
        """The clips that did start, as a device would play them, in order of their start: a
        silence drops every clip handed over before it that had not started yet."""
        found: list[tuple[float, str]] = []
        for position, (what, index) in enumerate(self.order):
            if what != "play":
                continue
            at, name, delay = self.played[index]
            start = at + delay
            later = (self.silenced[i] for w, i in self.order[position + 1 :] if w == "silence")
            if all(moment > start for moment in later):
                found.append((start, name))
        return sorted(found, key=lambda item: item[0])

    def silence(self) -> None:
        with self.lock:
            self.silenced.append(self.clock())
            self.order.append(("silence", len(self.silenced) - 1))

    def close(self) -> None:
        self.closed = True

    def remember(self, clip: array[int], name: str) -> None:
        self.named.append(clip)
        self.names[id(clip)] = name

    def name(self, clip: array[int]) -> str:
        if id(clip) in self.names:
            return self.names[id(clip)]
        for cue, known in known_cues().items():
            if known == clip:
                self.remember(clip, cue.value)
                return cue.value
        return "?"


class FakeEngine:
    """Speaks instantly (or when released), one sample per character; ``timed``: as long as
    the words take at a calm rate (:func:`numbtui.sound.score.speech_seconds`)."""

    name = "fake"

    def __init__(
        self, recorder: Recorder, hold: threading.Event | None = None, *, timed: bool = False
    ) -> None:
        self.recorder = recorder
        self.hold = hold
        self.timed = timed
        self.spoken: list[str] = []
        self.all_done = threading.Event()
        self.expected = 0

    def synthesise(self, text: str, rate_wpm: int, volume: float = 1.0) -> array[int]:
        if self.hold is not None:
            self.hold.wait(5)
        length = round(speech_seconds(text, rate_wpm) * RATE) if self.timed else len(text)
        clip = array("h", [1000]) * length
        self.recorder.remember(clip, f"say:{text}")
        self.spoken.append(text)
        if len(self.spoken) >= self.expected:
            self.all_done.set()
        return clip


class FakeSchedule:
    """The conductor's timer, moved by the test: one pending reading at a time."""

    def __init__(self) -> None:
        self.pending: tuple[float, Callable[[], None]] | None = None

    def __call__(self, delay: float, callback: Callable[[], None]) -> Callable[[], None]:
        self.pending = (delay, callback)
        return self.cancel

    def cancel(self) -> None:
        self.pending = None


class Driver:
    """The real conductor on a fake clock and timer, with the listener as its listener."""

    def __init__(self, steps: Sequence[AnyStep], listener: SoundListener, clock: FakeClock) -> None:
        self.clock = clock
        self.schedule = FakeSchedule()
        self.conductor = Conductor(Session(steps, clock, lead_in=0), self.schedule, [listener])
        self.started = False
        self.lateness = 0.0

    def session_snapshot(self) -> Snapshot:
        return self.conductor.session.snapshot()

    def run_until(self, seconds: float) -> None:
        """Let the conductor's timer fire at every reading it asks for up to ``seconds``."""
        if not self.started:
            self.started = True
            self.conductor.start()
        while self.schedule.pending is not None:
            delay, callback = self.schedule.pending
            if self.clock.now + delay > seconds + 1e-9:
                return
            self.clock.advance(delay + self.lateness)
            callback()


def listener_for(
    steps: list[AnyStep] | tuple[AnyStep, ...],
    voicing: Voicing,
    engine_hold: threading.Event | None = None,
    *,
    timed: bool = False,
    clock: FakeClock | None = None,
    expected: int = 0,
) -> tuple[SoundListener, Recorder, FakeEngine, FakeClock]:
    """``expected``: how many texts the engine says before ``all_done`` (set before the
    listener's worker starts, so it cannot be reached early)."""
    clock = clock if clock is not None else FakeClock()
    recorder = Recorder(clock)
    engine = FakeEngine(recorder, engine_hold, timed=timed)
    engine.expected = expected
    listener = SoundListener(steps, voicing, recorder, engine=engine, volume=VOLUME, clock=clock)
    listener.wait_ready(10)
    return listener, recorder, engine, clock
