"""What to play for each change of a practice: a pure function, no clock and no audio.

:func:`sounds` turns one conductor :class:`~numbtui.sound.contract.Change` into sounds placed
at offsets from its boundary. The live listener plays them as they come; ``render`` places
them on the timeline of the whole practice. So a file and a live practice sound the same.

* a step starts: a soft chime; with voice, the step's spoken text (its ``say:`` line, else its
  text) half a second later;
* a breath phase starts: its cue; with phase words on, also the word ("In", "Hold", "Out",
  "Rest") unless the step's own words are still being spoken;
* the practice ends: the closing chime. Pausing, stopping, the end, and moving by a key
  silence whatever is playing (the listener does that; nothing is scheduled for them).

:func:`said_again` picks the words to say again on going on after a pause cut a step's words
off: all of them when they can still finish within the step, else from the sentence that was
cut off.

:func:`footsteps` gives a walking step's ticks (one a footstep, higher while breathing in) by
their place in the step, on the beat the screen shows (:func:`numbtui.cadence.walk_beat`), so
they can be asked for from any moment of the step: ``render`` takes them all at the step's
start, the live listener a little ahead of each reading, and after a pause from where the
step goes on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from numbtui.cadence import FOOTSTEP_SECONDS, walk_beat
from numbtui.exercise import AnyStep, BreatheStep, Phase, PromptStep, WalkStep
from numbtui.session import Snapshot, Status
from numbtui.sound.contract import PHASE_SHORT, Change, Kind
from numbtui.sound.synth import Cue

SPEECH_DELAY = 0.5
"""Seconds from a step's chime to its first word."""
SENTENCE_PAUSE = 0.3
"""Roughly the silence a speech engine leaves at each full stop."""
END_PAUSE = 1.0
"""Silence wanted after the last word of a step before the next begins."""
CHIME_SECONDS = 1.5
"""Seconds a step's chime rings before footsteps may sound over it (cues without words)."""
WAITING_SUFFIX = "When you are ready, press Enter."
_EPSILON = 1e-6
"""A place a hair off a whole footstep (floating-point sums) counts as on it."""

_PHASE_CUES = {
    Phase.INHALE: Cue.IN,
    Phase.TOP_UP: Cue.TOP_UP,
    Phase.HOLD: Cue.HOLD,
    Phase.EXHALE: Cue.OUT,
    Phase.HOLD_EMPTY: Cue.REST,
}


class Mode(StrEnum):
    """How much numbtui says out loud."""

    OFF = "off"
    CUES = "cues"
    VOICE = "voice"


@dataclass(frozen=True)
class Voicing:
    """The choices that decide what is played."""

    mode: Mode = Mode.CUES
    phase_words: bool = False
    """With voice: say "In", "Hold", "Out", "Rest" at each breath phase too."""
    rate_wpm: int = 140
    footsteps: bool = True


@dataclass(frozen=True)
class Planned:
    """One sound ``offset`` seconds after its boundary: a cue, or words to speak."""

    offset: float
    cue: Cue | None = None
    text: str | None = None
    phase_seconds: float | None = None
    """For a breath cue: the phase's length, so the cue ends in time."""


def spoken_text(step: AnyStep) -> str:
    """What is said at the start of ``step``: its ``say:`` line, else its text."""
    text = step.say or step.text
    if isinstance(step, PromptStep) and step.waits:
        text = f"{text} {WAITING_SUFFIX}"
    return " ".join(text.split())


def speech_seconds(text: str, rate_wpm: int) -> float:
    """About how long ``text`` takes to say at ``rate_wpm``, with its pauses at full stops."""
    words = len(text.split())
    stops = len(re.findall(r"[.!?…;:]+(?:\s|$)", text))
    return words * 60.0 / rate_wpm + stops * SENTENCE_PAUSE


def spoken_need(step: AnyStep, rate_wpm: int) -> float:
    """Seconds a step needs to be spoken in full and leave a pause before the next."""
    return SPEECH_DELAY + speech_seconds(spoken_text(step), rate_wpm) + END_PAUSE


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence's end; joined with spaces they give ``text`` back."""
    return [part for part in re.split(r"(?<=[.!?…])\s+", text) if part]


def said_again(
    text: str, heard: float, seconds: float, remaining: float | None, rate_wpm: int
) -> str:
    """What to say on going on when a pause cut ``text`` off ``heard`` seconds after its first
    word (negative: before it), ``seconds`` being how long all of it takes to say.

    All of it when it can finish, with the pause before the next step, in the ``remaining``
    seconds of the step (None: the step waits for a key); otherwise from the start of the
    sentence that was cut off, so the words end about where they would have ended without the
    pause rather than talk over the next step. Where each sentence begins is estimated from
    its words (:func:`speech_seconds`), scaled to ``seconds``.
    """
    if remaining is None or SPEECH_DELAY + seconds + END_PAUSE <= remaining:
        return text
    parts = sentences(text)
    scale = seconds / max(speech_seconds(text, rate_wpm), _EPSILON)
    begins, cut = 0.0, 0
    for index, part in enumerate(parts):
        if begins > heard:
            break
        cut = index
        begins += speech_seconds(part, rate_wpm) * scale
    return " ".join(parts[cut:])


def _phase_start(step: BreatheStep, phase: Phase, cycle: int) -> tuple[float, float]:
    """Seconds into the step when ``phase`` of breath ``cycle`` starts, and its length."""
    start = (cycle - 1) * step.cycle_seconds
    for name, seconds in step.phases:
        if name is phase:
            return start, seconds
        start += seconds
    return start, 0.0


def _words_end(step: AnyStep, voicing: Voicing) -> float:
    """Seconds into ``step`` when what its start says (the chime, or the words) is done."""
    if voicing.mode is Mode.VOICE:
        return SPEECH_DELAY + speech_seconds(spoken_text(step), voicing.rate_wpm) + SENTENCE_PAUSE
    return CHIME_SECONDS


def footsteps(
    step: AnyStep, voicing: Voicing, start: float = 0.0, upto: float = math.inf
) -> list[Planned]:
    """The footstep ticks of ``step`` from ``start`` to before ``upto`` seconds into it.

    A tick starts each footstep of the walking beat the screen shows (a footstep a second from
    the step's start, :func:`numbtui.cadence.walk_beat`), higher while breathing in, from the
    first footstep once the step's chime or words are done to the last one that ends
    :data:`END_PAUSE` before the step does. ``offset`` is the tick's place in the step. So
    windows that meet (``[a, b)`` then ``[b, c)``) never give a tick twice nor miss one.
    Empty unless ``step`` walks with a cadence and footsteps are on.
    """
    if (
        voicing.mode is Mode.OFF
        or not voicing.footsteps
        or not isinstance(step, WalkStep)
        or step.steps_in is None
        or step.steps_out is None
    ):
        return []
    first = max(_beat_from(_words_end(step, voicing)), _beat_from(start))
    last = math.floor((step.seconds - END_PAUSE) / FOOTSTEP_SECONDS + _EPSILON) - 1
    if upto < math.inf:
        last = min(last, _beat_from(upto) - 1)
    found: list[Planned] = []
    for count in range(max(0, first), last + 1):
        at = count * FOOTSTEP_SECONDS
        beat = walk_beat(step.steps_in, step.steps_out, at)
        found.append(Planned(at, Cue.STEP_IN if beat.breathing_in else Cue.STEP_OUT))
    return found


def _beat_from(seconds: float) -> int:
    """The first footstep starting at ``seconds`` into a step or later (a hair early counts)."""
    return math.ceil(seconds / FOOTSTEP_SECONDS - _EPSILON)


def sounds(change: Change, steps: Sequence[AnyStep], voicing: Voicing) -> list[Planned]:
    """The sounds of one change, at offsets from its boundary (empty when silent)."""
    if voicing.mode is Mode.OFF:
        return []
    voice = voicing.mode is Mode.VOICE
    if change.kind is Kind.FINISHED:
        return [Planned(0.0, Cue.END)]
    if change.kind is Kind.STEP:
        planned = [Planned(0.0, Cue.STEP)]
        if voice:
            planned.append(Planned(SPEECH_DELAY, text=spoken_text(steps[change.step_index])))
        return planned
    if change.kind is Kind.PHASE and change.phase is not None:
        step = steps[change.step_index]
        if not isinstance(step, BreatheStep):
            return []
        start, seconds = _phase_start(step, change.phase, change.cycle or 1)
        planned = [Planned(0.0, _PHASE_CUES[change.phase], phase_seconds=seconds)]
        if voice and voicing.phase_words:
            busy = SPEECH_DELAY + speech_seconds(spoken_text(step), voicing.rate_wpm)
            if start >= busy:
                planned.append(Planned(0.0, text=PHASE_SHORT[change.phase]))
        return planned
    return []


def _step_begins(steps: Sequence[AnyStep], index: int) -> list[Change]:
    found = [Change(Kind.STEP, index)]
    step = steps[index]
    if isinstance(step, BreatheStep):
        found.append(Change(Kind.PHASE, index, step.phases[0][0], 1))
    return found


def coming(snapshot: Snapshot) -> list[Change]:
    """The step and phase changes due at ``snapshot.next_change`` if nothing else happens.

    The listener queues their cues on the sound device that far ahead, so a cue starts on its
    boundary by the device's own sample clock, however late the reading that reports it. The
    end is left out: it silences what plays, so its chime follows the change itself.
    """
    steps = snapshot.plan.steps
    index = snapshot.step_index
    if snapshot.next_change is None or snapshot.over:
        return []
    if snapshot.status is Status.LEAD_IN:
        return _step_begins(steps, 0)
    if snapshot.status is not Status.RUNNING:
        return []
    step, breath = steps[index], snapshot.breath
    if isinstance(step, BreatheStep) and breath is not None:
        last = breath.phase_index == len(step.phases) - 1
        if not (last and breath.cycle >= step.cycles):
            following = 0 if last else breath.phase_index + 1
            cycle = breath.cycle + 1 if last else breath.cycle
            return [Change(Kind.PHASE, index, step.phases[following][0], cycle)]
    if index + 1 < len(steps):
        return _step_begins(steps, index + 1)
    return []


def silences(change: Change) -> bool:
    """True when ``change`` ends whatever is playing (pause, stop, another step by a key)."""
    if change.kind in (Kind.PAUSED, Kind.STOPPED, Kind.FINISHED):
        return True  # at the end by time the words are done anyway; by a key they stop
    return change.kind in (Kind.STEP, Kind.LEAD_IN) and change.jumped


def spoken_warnings(steps: Sequence[AnyStep], rate_wpm: int) -> list[tuple[int, str]]:
    """Steps whose spoken text cannot finish, with a pause, before the step ends."""
    found: list[tuple[int, str]] = []
    for index, step in enumerate(steps):
        if isinstance(step, PromptStep) and step.waits:
            continue  # it waits for the listener, however long the words take
        need = spoken_need(step, rate_wpm)
        if need > step.duration:
            found.append(
                (
                    index,
                    f"spoken at {rate_wpm} words a minute, this step needs about {need:.0f} s "
                    f"with a pause, and lasts {step.duration:g} s: give it more seconds, "
                    "or a shorter say: line",
                )
            )
    return found
