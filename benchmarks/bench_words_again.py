"""Words said again after a pause: do they start on time, with the real speech engine?

A guided step's words cut off by a pause are said again half a second after going on
(``numbtui.sound.again``). All of them were made ahead; the end of them from the sentence cut
off (a step with no time for all of them) is made by the speech engine when going on. This
measures, with espeak-ng, the real conductor on an asyncio loop (as the TUI) and the real
listener on a timestamping sink, how late each starts against its moment (going on + 0.5 s),
against the baseline of the same run: the step's own words at its start (made ahead).
Idle and with both cores busy (two spinning processes).
Run: python benchmarks/bench_words_again.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from array import array

from _common import REPO

sys.path.insert(0, str(REPO))

from numbtui.conductor import Cancel, Conductor
from numbtui.exercise import GuideStep
from numbtui.session import Session
from numbtui.sound.listener import SoundListener
from numbtui.sound.score import SPEECH_DELAY, Mode, Voicing
from numbtui.sound.speech import find_engine

TEXT = "Let your attention rest on your feet. Notice whatever is there. Nothing counts too."
AWAY = 1.0
VOICE = Voicing(Mode.VOICE)


class Stamps:
    """A sink noting when each clip was to start (handed over + delay)."""

    def __init__(self) -> None:
        self.played: list[tuple[float, float, array[int]]] = []

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        now = time.monotonic()
        self.played.append((now, now + delay, clip))

    def silence(self) -> None:
        pass

    def close(self) -> None:
        pass


Said = tuple[float, float, str]  # handed to the device, to start, the words


async def practise(seconds: float, pause_at: float) -> tuple[float, float, list[Said]]:
    """One step of ``seconds``, paused ``pause_at`` s in for :data:`AWAY` s; returns its start,
    when it went on, and each clip of words: when handed over, when to start, its words."""
    step = GuideStep(kind="guide", text=TEXT, seconds=seconds)
    sink = Stamps()
    engine = find_engine()
    if engine is None:
        raise SystemExit("install espeak-ng to run this benchmark")
    listener = SoundListener([step], VOICE, sink, engine=engine)
    listener.wait_ready(10)
    while TEXT not in listener._spoken:  # made ahead, as in a practice a step in
        await asyncio.sleep(0.05)
    loop = asyncio.get_running_loop()

    def schedule(delay: float, callback: object) -> Cancel:
        return loop.call_later(delay, callback).cancel  # type: ignore[arg-type]

    conductor = Conductor(Session([step], time.monotonic, lead_in=0), schedule, [listener])
    start = time.monotonic()
    conductor.start()
    await asyncio.sleep(pause_at)
    conductor.pause()
    await asyncio.sleep(AWAY)
    went_on = time.monotonic()
    conductor.resume()
    await asyncio.sleep(SPEECH_DELAY + 1.0)
    conductor.close()
    listener.close()
    texts = {id(clip): text for text, clip in listener._spoken.items()}
    said = [(at, due, texts[id(clip)]) for at, due, clip in sink.played if id(clip) in texts]
    return start, went_on, said


def spin() -> None:
    while True:
        pass


def measure(runs: int, busy: bool) -> None:
    spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(2 if busy else 0)]
    for p in spinners:
        p.start()
    names = ("own words at the step's start", "all again", "from the sentence cut off")
    late: dict[str, list[float]] = {name: [] for name in names}
    ahead: dict[str, list[float]] = {name: [] for name in names}
    again: set[str] = set()

    def note(name: str, said: Said, moment: float) -> None:
        late[name].append(said[1] - moment)
        ahead[name].append(moment - said[0])

    try:
        for _ in range(runs):
            # A long step: all the words again (made ahead).
            start, went_on, words = asyncio.run(practise(30, 3.0))
            note(names[0], words[0], start + SPEECH_DELAY)
            note(names[1], words[1], went_on + SPEECH_DELAY)
            # A step with no time for all of them: from the sentence cut off (made on going on).
            start, went_on, words = asyncio.run(practise(8, 4.5))
            note(names[0], words[0], start + SPEECH_DELAY)
            note(names[2], words[1], went_on + SPEECH_DELAY)
            again.add(words[1][2])
    finally:
        for p in spinners:
            p.terminate()
    label = "both cores busy" if busy else "idle"
    for name in names:
        ms = [v * 1000 for v in late[name]]
        first = min(ahead[name]) * 1000
        print(
            f"{label:16} {name:30}: start after its moment median {statistics.median(ms):4.1f} ms,"
            f" worst {max(ms):4.1f} ms; handed over at least {first:5.1f} ms before ({len(ms)})"
        )
    print(f"{label:16} said again in the short step: {sorted(again)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    measure(args.runs, busy=False)
    measure(args.runs, busy=True)


if __name__ == "__main__":
    main()
