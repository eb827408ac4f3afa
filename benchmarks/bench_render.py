"""Render speed: `numbtui render body-scan` (10 minutes, voice) against real time.

The baseline is the practice's own length: the figure is render time / audio time (goal:
at most 0.1, "well under real time"). Also: the same with cues only, and how much of the
voice render is the speech engine (all sentences, two at a time) rather than mixing.
Run: python benchmarks/bench_render.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO

sys.path.insert(0, str(REPO))

from numbtui.library import discover
from numbtui.settings import Settings
from numbtui.sound.mix import write_wav
from numbtui.sound.render import render, score
from numbtui.sound.score import Mode, Voicing
from numbtui.sound.speech import find_engine, speak_all


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engine = find_engine()
    if engine is None:
        sys.exit("needs a speech engine (espeak-ng)")
    steps = discover([]).require("body-scan").steps
    lead_in = Settings().lead_in_seconds
    audio = score(steps, Voicing(Mode.VOICE), lead_in=lead_in).seconds
    results: dict[str, list[float]] = {"voice": [], "cues": [], "speech only": []}
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.wav"
        for _ in range(args.runs):
            for mode in (Mode.VOICE, Mode.CUES):
                started = time.perf_counter()
                samples = render(steps, Voicing(mode), engine=engine, lead_in=lead_in)
                write_wav(target, samples)
                results[mode.value].append(time.perf_counter() - started)
            texts = score(steps, Voicing(Mode.VOICE), lead_in=lead_in).texts
            started = time.perf_counter()
            speak_all(engine, texts, 140)
            results["speech only"].append(time.perf_counter() - started)
    print(f"body-scan: {audio:.0f} s of audio ({audio / 60:.1f} min), {args.runs} runs")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:12} median {median:6.2f} s  ratio to real time {median / audio:.4f}x")


if __name__ == "__main__":
    main()
