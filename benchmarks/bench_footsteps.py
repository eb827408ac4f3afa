"""Footsteps while walking with sound: on the beat through a pause, and what they cost.

1. On the beat: a walking step (3 steps in, 3 out) played by the real conductor on an asyncio
   loop (as the TUI does) with the real sound listener on a timestamping sink; Space is
   "pressed" 10.3 s in and again 3 s later. Each footstep heard (a silence drops what had not
   started) is compared with its beat: the step's start plus its whole second, plus the time
   paused for those after the pause. Counts (none missing, none twice), median and worst
   distance, idle and with both cores busy (two spinning processes).
2. The device's work: footsteps are queued a little ahead of each reading, not all at a
   step's start (the way before). One pull of the device (30 ms of samples) 100 s into a
   10-minute walk, with its footsteps queued the old way and the new way, in the same run.
3. CPU of 30 s of walking with footsteps on the NULL device, against no sound and against
   the NULL device alone (its own polling).
Run: python benchmarks/bench_footsteps.py [--span 30]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import sys
import time
from array import array
from collections.abc import Callable, Generator, Sequence

from _common import REPO

sys.path.insert(0, str(REPO))
os.environ["NUMBTUI_AUDIO"] = "null"

from numbtui.conductor import Cancel, Conductor
from numbtui.cues import Change
from numbtui.exercise import WalkStep
from numbtui.session import Session, Snapshot
from numbtui.sound.listener import AHEAD_SECONDS, SoundListener
from numbtui.sound.output import BUFFER_MS, Output, open_output
from numbtui.sound.score import Mode, Voicing, footsteps
from numbtui.sound.synth import RATE, Cue, render_cue

PAUSE_AT = 10.3
AWAY = 3.0
CUES = Voicing(Mode.CUES)


class Stamps:
    """A sink noting each clip's start (handed over + delay) and each silence, in order."""

    def __init__(self, ticks: set[int]) -> None:
        self.ticks = ticks  # ids of the two footstep clips
        self.events: list[tuple[str, float, bool]] = []

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        self.events.append(("play", time.monotonic() + delay, id(clip) in self.ticks))

    def silence(self) -> None:
        self.events.append(("silence", time.monotonic(), False))

    def close(self) -> None:
        pass

    def heard_ticks(self) -> list[float]:
        found = []
        for i, (what, at, tick) in enumerate(self.events):
            later = [t for w, t, _ in self.events[i + 1 :] if w == "silence"]
            if what == "play" and tick and all(t > at for t in later):
                found.append(at)
        return sorted(found)


class Nothing:
    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None:
        pass


def loop_schedule(loop: asyncio.AbstractEventLoop) -> Callable[[float, Callable[[], None]], Cancel]:
    def schedule(delay: float, callback: Callable[[], None]) -> Cancel:
        return loop.call_later(delay, callback).cancel

    return schedule


async def walk(step: WalkStep, listener: object, pause: bool) -> tuple[float, float, float, float]:
    """Play ``step``; returns (start, position paused at, seconds paused, CPU seconds)."""
    session = Session([step], time.monotonic, lead_in=0)
    loop = asyncio.get_running_loop()
    conductor = Conductor(session, loop_schedule(loop), [listener])  # type: ignore[list-item]
    paused: list[float] = []  # clock at pause, position at pause, clock at resume

    def press_pause() -> None:
        paused.extend((time.monotonic(), conductor.pause().step_elapsed))

    def press_go_on() -> None:
        conductor.resume()
        paused.append(time.monotonic())

    cpu = time.process_time()
    start = time.monotonic()
    conductor.start()
    if pause:
        loop.call_later(PAUSE_AT, press_pause)
        loop.call_later(PAUSE_AT + AWAY, press_go_on)
    while not session.over:
        await asyncio.sleep(0.2)
    conductor.close()
    spent = time.process_time() - cpu
    if not pause:
        return start, 0.0, 0.0, spent
    return start, paused[1], paused[2] - paused[0], spent


def spin() -> None:
    while True:
        pass


def on_the_beat(span: float, busy: bool) -> None:
    spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(2 if busy else 0)]
    for p in spinners:
        p.start()
    try:
        step = WalkStep(kind="walk", text="x", seconds=span, steps_in=3, steps_out=3)
        listener = SoundListener([step], CUES, Stamps(set()))
        listener.wait_ready(10)
        sink = Stamps({id(listener._cue(Cue.STEP_IN, None)), id(listener._cue(Cue.STEP_OUT, None))})
        listener._sink = sink
        start, at, away, _ = asyncio.run(walk(step, listener, pause=True))
        listener.close()
        planned = footsteps(step, CUES)
        beats = [start + p.offset + (away if p.offset >= at else 0.0) for p in planned]
        heard = sink.heard_ticks()
        late = [abs(h - b) * 1000 for h, b in zip(heard, beats, strict=False)]
        print(
            f"{'both cores busy' if busy else 'idle':16} paused {at:.2f} s in for {away:.2f} s: "
            f"{len(heard)} footsteps heard of {len(beats)}; distance to the beat "
            f"median {statistics.median(late):.1f} ms, worst {max(late):.1f} ms"
        )
    finally:
        for p in spinners:
            p.terminate()


class Device:
    def start(self, stream: object) -> None:
        pass

    def close(self) -> None:
        pass


def pull_cost(pulls: int = 3000) -> None:
    """One pull's work 100 s into a 10-minute walk, with its footsteps queued either way."""
    step = WalkStep(kind="walk", text="x", seconds=600, steps_in=3, steps_out=3)
    clip = render_cue(Cue.STEP_IN, 0.5)
    frames = round(RATE * BUFFER_MS / 1000)
    at = 100.0
    ways = {
        "the rest of the step (before)": footsteps(step, CUES, at),
        f"the next {AHEAD_SECONDS:g} s (now)": footsteps(step, CUES, at, at + AHEAD_SECONDS),
    }
    costs = {}
    for name, queued in ways.items():
        runs = []
        for _ in range(5):
            output = Output(Device())
            for tick in queued:
                output.play(clip, 1.0, 3.0 + tick.offset - at)  # none starts during the pulls
            began = time.perf_counter()
            for _ in range(pulls):
                output._mix(frames)
            runs.append((time.perf_counter() - began) / pulls)
        costs[name] = statistics.median(runs)
        per_second = 1000 / BUFFER_MS
        print(
            f"pull with {len(queued):3} footsteps waiting, {name:30}: "
            f"{costs[name] * 1e6:7.1f} us ({costs[name] * per_second * 100:.3f}% of a core)"
        )
    before, now = costs.values()
    print(f"ratio now / before: {now / before:.3f}")


def bare_device(step: WalkStep) -> float:
    """CPU seconds of walking with the NULL device open, fed silence, and no listener."""
    import miniaudio

    def silence() -> Generator[bytes, int, None]:
        frames = yield b""
        while True:
            frames = yield bytes(2 * frames)

    device = miniaudio.PlaybackDevice(
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=RATE,
        buffersize_msec=BUFFER_MS,
        backends=[miniaudio.Backend.NULL],
    )
    feed = silence()
    next(feed)
    device.start(feed)
    _, _, _, spent = asyncio.run(walk(step, Nothing(), pause=False))
    device.close()
    return spent


def cpu(span: float) -> None:
    step = WalkStep(kind="walk", text="x", seconds=span, steps_in=3, steps_out=3)
    _, _, _, without = asyncio.run(walk(step, Nothing(), pause=False))
    bare = bare_device(step)
    output = open_output()
    assert isinstance(output, Output), output
    listener = SoundListener([step], CUES, output)
    listener.wait_ready(10)
    _, _, _, with_steps = asyncio.run(walk(step, listener, pause=False))
    listener.close()

    def pct(seconds: float) -> str:
        return f"{seconds / span * 100:.2f}%"

    print(
        f"CPU over {span:.0f} s of walking, % of a core: without sound {pct(without)}; "
        f"with the NULL device alone {pct(bare)}; with footsteps {pct(with_steps)} "
        f"(+{pct(with_steps - without)} over none, +{pct(with_steps - bare)} over the device)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--span", type=float, default=30.0)
    args = parser.parse_args()
    on_the_beat(args.span, busy=False)
    on_the_beat(args.span, busy=True)
    pull_cost()
    cpu(args.span)


if __name__ == "__main__":
    main()
