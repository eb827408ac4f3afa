"""The sound commands: ``numbtui render`` and ``numbtui sound-check``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from numbtui import paths
from numbtui.durations import format_duration
from numbtui.errors import SoundError
from numbtui.exercise import Exercise
from numbtui.settings import Settings, load
from numbtui.sound.score import Mode, Voicing

SOUND_CHECK_SENTENCE = "This is how the guidance sounds. Set the volume so it is soft and clear."


def voicing_of(settings: Settings, mode: str | None = None) -> Voicing:
    """What to play, from the settings (``mode`` overrides the sound setting)."""
    return Voicing(
        mode=Mode(mode or settings.sound),
        phase_words=settings.phase_words,
        rate_wpm=settings.speech_rate,
        footsteps=settings.footsteps,
    )


def render_command(
    exercise: Exercise, target: Path, minutes: float | None, mode: str, out: TextIO
) -> int:
    """Write ``exercise`` into ``target`` as a WAV file; 0 when written."""
    from numbtui.fit import fit_to_minutes
    from numbtui.sound.mix import write_wav
    from numbtui.sound.render import END_TAIL, render
    from numbtui.sound.speech import INSTALL_HINT, find_engine

    settings = load(paths.settings_file()).settings
    spec = fit_to_minutes(exercise.spec, minutes) if minutes else exercise.spec
    voicing = voicing_of(settings, mode)
    engine = find_engine() if voicing.mode is Mode.VOICE else None
    if voicing.mode is Mode.VOICE and engine is None:
        raise SoundError(f"{INSTALL_HINT} Or write the cues alone with --sound cues.")
    started = time.perf_counter()
    samples = render(
        spec.steps,
        voicing,
        engine=engine,
        volume=settings.volume / 100,
        lead_in=settings.lead_in_seconds,
    )
    write_wav(target, samples)
    seconds = len(samples) / 22050
    spoken = f", spoken by {engine.name}" if engine is not None else ", cues only"
    print(
        f"Wrote {target}: {exercise.title}, {format_duration(seconds)}{spoken} "
        f"(the practice, then {END_TAIL:g} s of closing chime; "
        f"made in {time.perf_counter() - started:.1f} s).",
        file=out,
    )
    return 0


def sound_check(mode: str, out: TextIO, wait: Callable[[float], None] = time.sleep) -> int:
    """Play each cue and (with voice) one sentence through the speakers, one at a time
    (``wait`` lets each finish)."""
    from numbtui.sound.output import open_output
    from numbtui.sound.speech import INSTALL_HINT, find_engine
    from numbtui.sound.synth import Cue, render_cue

    settings = load(paths.settings_file()).settings
    volume = settings.volume / 100
    opened = open_output()
    if isinstance(opened, str):
        raise SoundError(opened)
    names = {
        Cue.IN: "breathe in",
        Cue.TOP_UP: "breathe in a little more",
        Cue.HOLD: "hold",
        Cue.OUT: "breathe out",
        Cue.REST: "rest (hold empty)",
        Cue.STEP: "a new step",
        Cue.STEP_IN: "a footstep while breathing in",
        Cue.STEP_OUT: "a footstep while breathing out",
        Cue.END: "the end",
    }
    with opened:
        for cue, name in names.items():
            print(f"{name}", file=out, flush=True)
            clip = render_cue(cue, volume, 4.0)
            opened.play(clip)
            wait(len(clip) / 22050 + 0.6)
        if mode == Mode.VOICE:
            engine = find_engine()
            if engine is None:
                print(INSTALL_HINT, file=out)
                return 1
            print(f"a sentence, spoken by {engine.name}", file=out, flush=True)
            clip = engine.synthesise(SOUND_CHECK_SENTENCE, settings.speech_rate, volume)
            opened.play(clip)
            wait(len(clip) / 22050 + 0.3)
    print(
        f"Volume is {settings.volume} of 100; change it in the settings (F4 on the home screen).",
        file=out,
    )
    return 0
