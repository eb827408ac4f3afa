"""Saving one practice into a history of 100,000 against saving into an empty one.

Two ways are timed, alternating between the two databases so machine noise hits both alike:
``save_record`` (what the app does when a practice ends: open and check the file, insert,
commit with fsync, close) and ``Store.save`` on an already open store (the insert and commit
alone). Each figure is the median of --runs saves.

Then whether the screen stays responsive while it saves: the app saves with
``asyncio.to_thread(save_record, ...)`` (numbtui/tui/practice.py), so an event loop like
Textual's keeps running. A 5 ms ticker on the loop records its longest stall (the worst delay
a key press or a repaint would see) while saves into the large history run that way, against
the same span with the loop idle, and, for contrast, with the saves called on the loop itself.

Target (issue: history): large / empty <= 1.5 for save_record.
Run: python benchmarks/bench_save.py [--rows N] [--runs R]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gen_history import generate

from numbtui import backups
from numbtui.record import Record
from numbtui.recovery import save_record
from numbtui.store import NO_FILTERS, Store


def a_record() -> Record:
    now = datetime.now(UTC)
    return Record(
        id=str(uuid.uuid4()),
        started=now - timedelta(minutes=5),
        ended=now,
        exercise_id="five-senses",
        title="Five senses (5-4-3-2-1)",
        content_hash="0123456789abcdef",
        planned_seconds=300.0,
        practised_seconds=301.2,
        finished=True,
        before=2,
        after=4,
        words=("warm", "calm"),
        note="a short note",
    )


def timed(action: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    action(*args)
    return time.perf_counter() - started


TICK = 0.005


async def longest_stall(work: Callable[[], object], seconds: float) -> float:
    """The longest gap between ticks of a 5 ms ticker while ``work`` runs for ``seconds``."""
    loop = asyncio.get_running_loop()
    stop = loop.time() + seconds
    worst = 0.0

    async def ticker() -> None:
        nonlocal worst
        last = loop.time()
        while loop.time() < stop:
            await asyncio.sleep(TICK)
            now = loop.time()
            worst = max(worst, now - last - TICK)
            last = now

    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    while loop.time() < stop:
        result = work()
        if asyncio.iscoroutine(result):
            await result
        else:
            await asyncio.sleep(0.02)  # idle, or between saves on the loop
    await ticking
    return worst


def responsiveness(path: Path, recovery: Path, seconds: float) -> dict[str, float]:
    """Longest loop stall: saving in a thread, idle, and saving on the loop (for contrast)."""

    def in_thread() -> object:
        return asyncio.to_thread(save_record, a_record(), path, recovery)

    def idle() -> None:
        return None

    def on_loop() -> None:
        save_record(a_record(), path, recovery)

    ways = {"saving in a thread": in_thread, "idle": idle, "saving on the loop": on_loop}
    return {name: asyncio.run(longest_stall(work, seconds)) for name, work in ways.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--seconds", type=float, default=5.0, help="span of each stall run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        databases = {"empty": root / "empty.sqlite3", "large": root / "large.sqlite3"}
        Store.open(databases["empty"]).close()
        generate(databases["large"], args.rows)
        recovery = root / "recovery.jsonl"
        results: dict[str, dict[str, list[float]]] = {"save_record": {}, "Store.save": {}}
        for name in databases:
            results["save_record"][name] = []
            results["Store.save"][name] = []
        stores = {name: Store.open(path) for name, path in databases.items()}
        try:
            for name, path in databases.items():  # warm-up: page cache, statements
                save_record(a_record(), path, recovery)
                stores[name].save(a_record())
            # The first save of the day started a backup of each (bench_backup.py measures
            # that); the saves timed here are the day's later ones.
            backups.wait()
            for _ in range(args.runs):
                for name, path in databases.items():
                    results["save_record"][name].append(
                        timed(save_record, a_record(), path, recovery)
                    )
                    results["Store.save"][name].append(timed(stores[name].save, a_record()))
            rows = {name: store.count(NO_FILTERS) for name, store in stores.items()}
        finally:
            for store in stores.values():
                store.close()
        stalls = responsiveness(databases["large"], recovery, args.seconds)
        assert not recovery.exists(), "a save fell back to the recovery file"
    print(f"rows: empty {rows['empty']}, large {rows['large']}; {args.runs} runs each")
    for way, by_db in results.items():
        empty = statistics.median(by_db["empty"])
        large = statistics.median(by_db["large"])
        print(
            f"{way:<12} empty {empty * 1000:6.2f} ms   large {large * 1000:6.2f} ms   "
            f"ratio {large / empty:.2f}"
        )
    ratio = statistics.median(results["save_record"]["large"]) / statistics.median(
        results["save_record"]["empty"]
    )
    print(f"save_record, {args.rows} rows / empty: {ratio:.2f} (target <= 1.5)")
    print(f"longest event-loop stall over {args.seconds:g} s, {args.rows} rows:")
    for way, stall in stalls.items():
        print(f"  {way:<20} {stall * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
