"""The sound listener: plays the cues and words of each change the conductor delivers.

:class:`SoundListener` is a conductor listener like the screen: it keeps no time. For each
change it asks :func:`~numbtui.sound.score.sounds` what to play and hands ready clips to the
output at once (cues are made before the practice starts), so :meth:`SoundListener.heard`
never waits: a cue is queued for the device the moment its boundary is delivered. Words are
spoken by a worker thread: every step's words are synthesised ahead, in order, when the
listener starts; words not ready yet are played as soon as they are, if still wanted.

Pausing, stopping and moving by a key silence everything at once (words included, whether
playing or still being made); after :meth:`SoundListener.close` nothing plays. Going on picks
up what repeats within a step: the breath phase, which the session restarts (its change comes
with the resume), and a walking step's footsteps, which are queued a little ahead of every
reading (not all at the step's start), so they carry on from where the step is, on the beat
the screen shows. A step reached by a key while paused begins, and sounds, when it goes on.

A step's words cut off by a pause (or not begun yet) are said again on going on, half a second
after it (see :mod:`numbtui.sound.again`): all of them when they still fit in the step, else
from the sentence cut off. The step's clock does not wait for them; a phase word or footstep
due while they are said is left out.
"""

from __future__ import annotations

import queue
import threading
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from numbtui.exercise import AnyStep, BreatheStep, Phase
from numbtui.rating import SPOKEN_AFTER
from numbtui.session import Snapshot, Status
from numbtui.settings import Settings
from numbtui.sound.again import WordsKept
from numbtui.sound.contract import PHASE_SHORT, Change, Kind
from numbtui.sound.score import (
    SPEECH_DELAY,
    Mode,
    Planned,
    Voicing,
    coming,
    footsteps,
    silences,
    sounds,
    speech_seconds,
    spoken_text,
)
from numbtui.sound.speech import Engine, SpeechError
from numbtui.sound.synth import RATE, Cue, render_cue

AHEAD_SECONDS = 1.5
"""Cues of a boundary (and footsteps) this near are queued on the device ahead of it (the
conductor reads at least once a second, so every boundary is seen this far ahead)."""
STALE_WORDS = 4.0
"""Seconds after which words that were not ready in time are left unsaid."""


class Sink(Protocol):
    """Where clips go: :class:`~numbtui.sound.output.Output`, or a recorder in tests."""

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None: ...

    def silence(self) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class _Say:
    text: str
    generation: int
    due: float  # monotonic time the words were meant to start


class SoundListener:
    """Plays a practice's sounds as the conductor reports its changes."""

    def __init__(
        self,
        steps: Sequence[AnyStep],
        voicing: Voicing,
        sink: Sink,
        *,
        engine: Engine | None = None,
        volume: float = 0.7,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._steps = tuple(steps)
        self._voicing = voicing
        self._sink = sink
        self._engine = engine if voicing.mode is Mode.VOICE else None
        self._volume = volume
        self._clock = clock
        self._lock = threading.Lock()
        self._generation = 0
        self._closed = False
        self._cues_ready = threading.Event()
        self._ahead: set[tuple[object, ...]] = set()
        """Changes whose cues are already queued on the device, ahead of their boundary."""
        self._held: tuple[int, int] | None = None
        """(moves, step) of a step reached while paused: its start is played on going on."""
        self._walking: tuple[int, int] | None = None
        """(moves, step) whose footsteps are queued up to ``_walked_to`` seconds into it."""
        self._walked_to = 0.0
        self._kept = WordsKept(voicing.rate_wpm, self._words_seconds)
        self._spoken: dict[str, array[int]] = {}
        self._cues: dict[tuple[Cue, float | None], array[int]] = {}
        self._jobs: queue.SimpleQueue[_Say | None] = queue.SimpleQueue()
        # Cues (about 0.4 s of work) and words are made in the worker, so starting a
        # practice never waits for them; a cue asked for before it is made is made at once.
        self._worker = threading.Thread(target=self._work, name="numbtui-sound", daemon=True)
        self._worker.start()

    def wait_ready(self, timeout: float | None = None) -> None:
        """Wait until the worker has made the cues (for benchmarks and sound checks)."""
        self._cues_ready.wait(timeout)

    def _cue_keys(self) -> set[tuple[Cue, float | None]]:
        keys: set[tuple[Cue, float | None]] = {
            (cue, None) for cue in (Cue.STEP, Cue.END, Cue.REST, Cue.STEP_IN, Cue.STEP_OUT)
        }
        for step in self._steps:
            if isinstance(step, BreatheStep):
                keys.update((_cue_of(phase), seconds) for phase, seconds in step.phases)
        return {(cue, seconds if cue is not Cue.REST else None) for cue, seconds in keys}

    def _phase_words(self) -> list[str]:
        if not self._voicing.phase_words:
            return []
        return [
            PHASE_SHORT[phase]
            for step in self._steps
            if isinstance(step, BreatheStep)
            for phase, _ in step.phases
        ]

    # -- the listener --------------------------------------------------------------------------

    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None:
        """Play what ``changes`` call for (silencing first when one of them silences), queue
        the cues of the next boundary when it is near (see :func:`coming`), and a walking
        step's footsteps due soon.

        Nothing plays while paused: a step reached then (a key while paused) begins when the
        practice goes on, so its chime and words are played then. A pause silences every
        footstep queued; going on queues them again from where the step is, on its beat.
        """
        with self._lock:
            if self._closed:
                return
            paused = snapshot.status is Status.PAUSED
            place = (snapshot.moves, snapshot.step_index)
            if not paused:
                if self._held == place and not snapshot.over:
                    held = Change(Kind.STEP, place[1])
                    for planned in sounds(held, self._steps, self._voicing):
                        self._play(planned, planned.offset, snapshot, held)
                again = self._kept.going_on(snapshot)
                if again is not None:
                    self._play(Planned(SPEECH_DELAY, text=again), SPEECH_DELAY)
                self._held = None
            for change in changes:
                if silences(change):
                    self._silence()
                if change.kind is Kind.PAUSED:
                    self._kept.paused(snapshot)
                if paused and change.kind in (Kind.STEP, Kind.PHASE):
                    if change.kind is Kind.STEP and change.step_index == snapshot.step_index:
                        self._held = place
                    continue
                self._play_change(change, snapshot)
            self._queue_coming(snapshot)
            if snapshot.status is Status.RUNNING:
                self._walk(snapshot, place)

    def _play_change(self, change: Change, snapshot: Snapshot) -> None:
        key = _key(change)
        queued = key in self._ahead  # its cues were queued ahead of the boundary already
        self._ahead.discard(key)
        for planned in sounds(change, self._steps, self._voicing):
            if planned.cue is None or not queued:
                self._play(planned, max(0.0, planned.offset - change.late), snapshot, change)

    def _words_seconds(self, text: str) -> float:
        """How long ``text`` takes to say: its clip's length once made, else an estimate."""
        clip = self._spoken.get(text)
        if clip is not None:
            return len(clip) / RATE
        return speech_seconds(text, self._voicing.rate_wpm)

    def _queue_coming(self, snapshot: Snapshot) -> None:
        due = snapshot.next_change
        if due is None or due > AHEAD_SECONDS:
            return
        for change in coming(snapshot):
            if _key(change) not in self._ahead:
                self._ahead.add(_key(change))
                for planned in sounds(change, self._steps, self._voicing):
                    if planned.cue is not None:
                        self._play(planned, due + planned.offset)

    def _walk(self, snapshot: Snapshot, place: tuple[int, int]) -> None:
        """Queue the footsteps of the next :data:`AHEAD_SECONDS` not queued yet.

        Asked for at every reading, so they follow the session like its boundaries do: after
        a pause or a key (which silence them) they start again from where the step is, and an
        extra reading (a resize) queues only what the last one did not reach. A footstep
        already past is left out rather than played off the beat.
        """
        at = snapshot.step_elapsed
        start = max(at, self._walked_to) if self._walking == place else at
        start = max(start, self._kept.said_again_until(snapshot) or 0.0)
        upto = at + AHEAD_SECONDS
        if start < upto:
            step = self._steps[snapshot.step_index]
            for planned in footsteps(step, self._voicing, start, upto):
                self._play(planned, max(0.0, planned.offset - at))
        self._walking, self._walked_to = place, max(upto, start)

    def _silence(self) -> None:
        """Stop whatever plays or waits to (words being made included)."""
        self._generation += 1
        self._ahead.clear()
        self._walking = None
        self._sink.silence()

    def _play(
        self,
        planned: Planned,
        delay: float,
        snapshot: Snapshot | None = None,
        change: Change | None = None,
    ) -> None:
        """Play ``planned`` in ``delay`` seconds; ``snapshot`` and ``change`` say whose it is
        (a step's words are kept to be said again after a pause; a phase word is left out
        while such words are said)."""
        if planned.cue is not None:
            self._sink.play(self._cue(planned.cue, planned.phase_seconds), 1.0, delay)
            return
        if planned.text is None or self._engine is None:
            return
        if snapshot is not None and change is not None:
            ends = self._kept.said_again_until(snapshot)
            if change.kind is Kind.PHASE and ends is not None and snapshot.step_elapsed < ends:
                return
            if change.kind is Kind.STEP and change.step_index == snapshot.step_index:
                self._kept.begun(snapshot, planned.text, delay)
        clip = self._spoken.get(planned.text)
        if clip is not None:
            self._sink.play(clip, 1.0, delay)
        else:
            self._jobs.put(_Say(planned.text, self._generation, self._clock() + delay))

    def say(self, text: str) -> None:
        """Speak ``text`` now, outside the practice's steps (the check-in and rating
        questions); nothing without voice."""
        with self._lock:
            if self._closed or self._engine is None:
                return
            clip = self._spoken.get(text)
            if clip is not None:
                self._sink.play(clip)
            else:
                self._jobs.put(_Say(text, self._generation, self._clock()))

    def hush(self) -> None:
        """Silence whatever plays or is about to (an answer was given)."""
        with self._lock:
            self._silence()

    def close(self) -> None:
        """Silence everything and stop; nothing plays after this."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._generation += 1
        self._jobs.put(None)
        self._sink.close()

    # -- the speech worker ----------------------------------------------------------------------

    def _cue(self, cue: Cue, phase_seconds: float | None) -> array[int]:
        key = (cue, phase_seconds if cue in (Cue.IN, Cue.TOP_UP, Cue.OUT, Cue.HOLD) else None)
        clip = self._cues.get(key)
        if clip is None:
            # The screen's thread and the worker may both make it: the first kept is the one
            # both use, so a clip handed out is never replaced.
            clip = self._cues.setdefault(key, render_cue(cue, self._volume, phase_seconds))
        return clip

    def _speak(self, text: str) -> array[int] | None:
        engine = self._engine
        if engine is None:
            return None
        clip = self._spoken.get(text)
        if clip is None:
            try:
                clip = engine.synthesise(text, self._voicing.rate_wpm, self._volume)
            except SpeechError:
                return None  # one sentence the engine could not say: the practice goes on
            self._spoken[text] = clip
        return clip

    def _work(self) -> None:
        for cue, seconds in self._cue_keys():
            if self._closed:
                return
            self._cue(cue, seconds)
        self._cues_ready.set()
        ahead: list[str] = []
        if self._engine is not None:
            # The phase words are said again on every going on, so they are made ahead with
            # the steps' words; the rating question comes last, after the practice.
            texts = [*(spoken_text(step) for step in self._steps), *self._phase_words()]
            texts.append(SPOKEN_AFTER)
            ahead = list(dict.fromkeys(texts))
        while True:
            try:
                job = self._jobs.get(block=not ahead)
            except queue.Empty:
                self._speak(ahead.pop(0))  # nothing asked for now: prepare the next words
                continue
            if job is None:
                return
            clip = self._speak(job.text)
            with self._lock:
                if clip is None or self._closed or job.generation != self._generation:
                    continue
                if self._clock() - job.due > STALE_WORDS:
                    continue  # words this late would talk over what comes next
                delay = max(0.0, job.due - self._clock())
                self._sink.play(clip, 1.0, delay)


def _key(change: Change) -> tuple[object, ...]:
    return (change.kind, change.step_index, change.phase, change.cycle)


_CUE_OF = {
    Phase.INHALE: Cue.IN,
    Phase.TOP_UP: Cue.TOP_UP,
    Phase.HOLD: Cue.HOLD,
    Phase.EXHALE: Cue.OUT,
    Phase.HOLD_EMPTY: Cue.REST,
}


def _cue_of(phase: Phase) -> Cue:
    return _CUE_OF[phase]


def sound_for(
    steps: Sequence[AnyStep], settings: Settings
) -> tuple[SoundListener | None, str | None]:
    """:func:`start_sound` with the user's settings (sound, volume, rate, phase words)."""
    from numbtui.sound.commands import voicing_of

    return start_sound(steps, voicing_of(settings), settings.volume / 100)


def start_sound(
    steps: Sequence[AnyStep], voicing: Voicing, volume: float
) -> tuple[SoundListener | None, str | None]:
    """A listener playing through the default device, and a notice of anything missing.

    No device: no listener, and a notice (the practice goes on silently). Voice without a
    speech engine: a listener of cues alone, and a notice naming what to install.
    """
    from numbtui.sound.output import open_output
    from numbtui.sound.speech import INSTALL_HINT, find_engine

    if voicing.mode is Mode.OFF:
        return None, None
    output = open_output()
    if isinstance(output, str):
        return None, f"{output} The practice goes on without sound."
    engine, notice = None, None
    if voicing.mode is Mode.VOICE:
        engine = find_engine()
        if engine is None:
            notice = f"{INSTALL_HINT} Until then, numbtui plays the cues without words."
    return SoundListener(steps, voicing, output, engine=engine, volume=volume), notice
