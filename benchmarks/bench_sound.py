"""Sound while practising: cue start against its boundary, and the CPU that sound costs.

1. Cue start vs boundary: a 60 s breathing step (2 s in, 2 s out: 30 boundaries) played by
   the real conductor on an asyncio loop (as the TUI does), with the real sound listener on
   a timestamping sink, and again on miniaudio's NULL device, timestamping when the device
   first pulls each cue's samples. Median and worst, idle and with both cores busy (two
   spinning processes). Goal: every cue within 50 ms of its boundary.
2. CPU of breathing with cues against without: the same conductor and loop for the same span,
   once with only a no-op listener, once with the sound listener on the NULL device.
   CPU is this process's (all threads, miniaudio's included). Goal: at most +0.5% of a core.
Run: python benchmarks/bench_sound.py [--span 60]
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
from numbtui.exercise import BreatheStep
from numbtui.session import Session, Snapshot
from numbtui.sound.listener import SoundListener
from numbtui.sound.output import BUFFER_MS, Output, open_output
from numbtui.sound.score import Mode, Voicing
from numbtui.sound.synth import RATE


class Stamps:
    """A sink that notes when each clip is to start: when it was handed over, plus its delay."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        self.times.append(time.monotonic() + delay)

    def silence(self) -> None:
        pass

    def close(self) -> None:
        pass


class DeviceStamps:
    """The NULL device's output, noting where each clip's first sample lands: the time of the
    pull that writes it plus its place in that buffer (the buffer is heard a fixed device
    latency later, the same for every cue)."""

    def __init__(self, output: Output) -> None:
        self.output = output
        self.times: list[float] = []
        mix = output._mix

        def stamped(frames: int) -> bytes:
            now = time.monotonic()
            with output._lock:
                for voice in output._voices:
                    offset = round((voice.due - now) * RATE)
                    if voice.position is None and offset < frames:
                        self.times.append(now + max(0, offset) / RATE)
            return mix(frames)

        output._mix = stamped  # type: ignore[method-assign]

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        self.output.play(clip, gain, delay)

    def silence(self) -> None:
        self.output.silence()

    def close(self) -> None:
        self.output.close()


class Nothing:
    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None:
        pass


def loop_schedule(loop: asyncio.AbstractEventLoop) -> Callable[[float, Callable[[], None]], Cancel]:
    def schedule(delay: float, callback: Callable[[], None]) -> Cancel:
        return loop.call_later(delay, callback).cancel

    return schedule


async def practise(span: float, listener: object | None) -> tuple[float, float]:
    """Play ``span`` seconds of 2-2 breathing; return (start of the practice, CPU seconds)."""
    step = BreatheStep(kind="breathe", text="In and out.", inhale=2, exhale=2, cycles=int(span / 4))
    session = Session([step], time.monotonic, lead_in=0)
    listeners = [Nothing()] if listener is None else [listener]
    conductor = Conductor(session, loop_schedule(asyncio.get_running_loop()), listeners)  # type: ignore[list-item]
    cpu = time.process_time()
    start = time.monotonic()
    conductor.start()
    while not session.over:
        await asyncio.sleep(0.2)
    conductor.close()
    return start, time.process_time() - cpu


def late_ms(times: list[float], start: float, span: float) -> list[float]:
    """How late each cue started against its boundary (a chime and a cue at 0, then every
    2 s; the end chime is left out). Early counts as late: the figure is the distance."""
    boundaries = [start, start] + [start + 2 * k for k in range(1, int(span / 2))]
    found = sorted(times)[: len(boundaries)]
    assert len(found) == len(boundaries), (len(found), len(boundaries))
    return [abs(t - b) * 1000 for t, b in zip(found, boundaries, strict=True)]


def spin() -> None:
    while True:
        pass


def latency(span: float, busy: bool) -> None:
    spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(2 if busy else 0)]
    for p in spinners:
        p.start()
    try:
        for name in ("sink", "device"):
            if name == "sink":
                sink: Stamps | DeviceStamps = Stamps()
            else:
                output = open_output()
                assert isinstance(output, Output), output
                sink = DeviceStamps(output)
            step = BreatheStep(kind="breathe", text="x", inhale=2, exhale=2, cycles=int(span / 4))
            listener = SoundListener([step], Voicing(Mode.CUES), sink)
            listener.wait_ready(10)
            start, _ = asyncio.run(practise(span, listener))
            listener.close()
            late = late_ms(sink.times, start, span)
            print(
                f"{'both cores busy' if busy else 'idle':16} {name:7} {len(late)} cues: "
                f"median {statistics.median(late):5.1f} ms, worst {max(late):5.1f} ms"
            )
    finally:
        for p in spinners:
            p.terminate()


def bare_device(span: float) -> float:
    """CPU seconds of the NULL device alone, fed silence by a trivial generator."""
    import miniaudio

    def silence() -> Generator[bytes, int, None]:
        frames = yield b""
        while True:
            frames = yield bytes(2 * frames)

    device = miniaudio.PlaybackDevice(
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=22050,
        buffersize_msec=BUFFER_MS,
        backends=[miniaudio.Backend.NULL],
    )
    feed = silence()
    next(feed)
    device.start(feed)
    _, spent = asyncio.run(practise(span, None))
    device.close()
    return spent


def cpu(span: float) -> None:
    _, without = asyncio.run(practise(span, None))
    bare = bare_device(span)
    output = open_output()
    assert isinstance(output, Output), output
    step = BreatheStep(kind="breathe", text="x", inhale=2, exhale=2, cycles=int(span / 4))
    listener = SoundListener([step], Voicing(Mode.CUES), output)
    listener.wait_ready(10)
    _, with_cues = asyncio.run(practise(span, listener))
    listener.close()

    def pct(seconds: float) -> str:
        return f"{seconds / span * 100:.2f}%"

    print(
        f"CPU over {span:.0f} s of breathing, % of a core: without sound {pct(without)}; "
        f"with the NULL device alone (a trivial generator) {pct(bare)}; "
        f"with cues {pct(with_cues)} (+{pct(with_cues - without)} over none, "
        f"+{pct(with_cues - bare)} over the device alone)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--span", type=float, default=60.0)
    args = parser.parse_args()
    latency(args.span, busy=False)
    latency(args.span, busy=True)
    cpu(args.span)


if __name__ == "__main__":
    main()
