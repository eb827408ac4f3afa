"""Own words: what reading and keeping them adds to saving a rating or a log.

Baselines in the same run, in the same temporary data folder: saving one log record
(``save_record``, what every log and rating does anyway) against reading a full own-words file
(12 words, ``ownwords.read``, before the rating or the log opens) and keeping a new word
(``ownwords.keep_used``: read, reorder, atomic write with fsync, after the save). In-process,
alternating, median of --runs after one warm-up each.

Then the command as a person types it, each in a fresh process: ``numbtui log 3 --words
tired`` against ``numbtui log 3 --own-word W`` (a new word each run, so the file is rewritten
every time), alternating, median of --commands.

Target: keeping a word costs less than the save it follows; the command within 1.1x.
Run: python benchmarks/bench_own_words.py [--runs R] [--commands C]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from numbtui import ownwords
from numbtui.record import Record
from numbtui.recovery import save_record

ROOT = Path(__file__).resolve().parent.parent


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def in_process(folder: Path, runs: int) -> dict[str, float]:
    database, recovery = folder / "history.sqlite3", folder / "recovery.jsonl"
    full, kept = folder / "full.json", folder / "kept.json"
    ownwords.remember(full, [f"word {n}" for n in range(ownwords.KEPT_MAX)])
    counter = iter(range(10**9))

    def save() -> None:
        record = Record.new_log(at=datetime.now(UTC), value=3, words=("tired",))
        save_record(record, database, recovery)

    def keep() -> None:
        ownwords.keep_used(kept, [f"new {next(counter)}"])

    calls: dict[str, Callable[[], object]] = {
        "save a log": save,
        "read 12 words": lambda: ownwords.read(full),
        "keep a new word": keep,
    }
    for call in calls.values():
        call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            times[name].append(timed(call))
    return {name: statistics.median(values) for name, values in times.items()}


def commands(folder: Path, runs: int) -> dict[str, float]:
    env = {
        **os.environ,
        "NUMBTUI_DATA_DIR": str(folder / "data"),
        "NUMBTUI_CONFIG_DIR": str(folder / "config"),
        "NUMBTUI_CACHE_DIR": str(folder / "cache"),
        "PYTHONPATH": str(ROOT),
    }
    base = [sys.executable, "-m", "numbtui", "log", "3"]
    times: dict[str, list[float]] = {"--words tired": [], "--own-word W": []}
    for run in range(runs + 1):
        for name, extra in (("--words tired", ["--words", "tired"]), ("--own-word W", [])):
            argv = base + (extra or ["--own-word", f"word {run}"])
            started = time.perf_counter()
            subprocess.run(argv, env=env, check=True, capture_output=True)
            if run:  # the first round warms the caches
                times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=51)
    parser.add_argument("--commands", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        result = in_process(folder, args.runs)
        shell = commands(folder, args.commands)
    print(f"in-process, median of {args.runs}")
    for what in ("read 12 words", "keep a new word"):
        ratio = result[what] / result["save a log"]
        print(
            f"{what:>16} {result[what] * 1000:7.3f} ms   save a log "
            f"{result['save a log'] * 1000:7.3f} ms   ratio {ratio:.2f}"
        )
    ratio = shell["--own-word W"] / shell["--words tired"]
    print(
        f"numbtui log, median of {args.commands}: --words tired "
        f"{shell['--words tired'] * 1000:.0f} ms, --own-word W "
        f"{shell['--own-word W'] * 1000:.0f} ms, ratio {ratio:.2f}"
    )


if __name__ == "__main__":
    main()
