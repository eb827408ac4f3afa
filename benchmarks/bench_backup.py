"""The daily backup against the closing line: how much later ``save_record`` returns when it
is the first save of the day (it starts the backup of a 100,000-practice history) than when
today's backup is already there, alternating the two so machine noise hits both alike.

Also how long the backup itself takes in its background thread (the online backup API copy,
its quick_check and schema check, the rename and the pruning), and how long a process like
``numbtui play`` that ends right after the save waits for it before it exits.

Target (issue 11 §7): first save of the day - other saves <= 0.2 s (the closing line is printed
when save_record returns).
Run: python benchmarks/bench_backup.py [--rows N] [--runs R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import child_env
from bench_save import a_record
from gen_history import generate

from numbtui import backups
from numbtui.recovery import save_record

CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from bench_save import a_record
from numbtui.recovery import save_record
started = time.perf_counter()
assert save_record(a_record(), Path(sys.argv[1]), Path(sys.argv[2])).saved
print(f"{time.perf_counter() - started:.6f}", flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["NUMBTUI_CACHE_DIR"] = str(root / "cache")
        database, recovery = root / "history.sqlite3", root / "recovery.jsonl"
        generate(database, args.rows)
        today = backups.folder_for(database) / backups.name_for(backups._today())
        save_record(a_record(), database, recovery)  # warm-up; makes today's backup
        backups.wait()
        first: list[float] = []
        other: list[float] = []
        background: list[float] = []
        for _ in range(args.runs):
            today.unlink()
            started = time.perf_counter()
            assert save_record(a_record(), database, recovery).saved
            returned = time.perf_counter()
            backups.wait()
            first.append(returned - started)
            background.append(time.perf_counter() - returned)
            assert today.exists()
            started = time.perf_counter()
            assert save_record(a_record(), database, recovery).saved
            other.append(time.perf_counter() - started)
        # A whole process that saves and ends, as `numbtui play` does after the last screen:
        # when its line is printed, and when it has exited (after the backup).
        bench_dir = str(Path(__file__).resolve().parent)
        lines: list[float] = []
        exits: list[float] = []
        for _ in range(max(3, args.runs // 2)):
            today.unlink()
            started = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(database), str(recovery), bench_dir],
                env=child_env(NUMBTUI_CACHE_DIR=str(root / "cache")),
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdout is not None
            child.stdout.readline()
            lines.append(time.perf_counter() - started)
            child.wait()
            exits.append(time.perf_counter() - started)
            assert today.exists()
        assert not recovery.exists(), "a save fell back to the recovery file"
        size = database.stat().st_size
    ms = 1000
    print(f"rows: {args.rows} ({size / 1e6:.1f} MB); {args.runs} runs each, medians")
    print(f"save_record, first of the day   {statistics.median(first) * ms:7.2f} ms")
    print(f"save_record, backup already made {statistics.median(other) * ms:7.2f} ms")
    delay = statistics.median(first) - statistics.median(other)
    print(f"closing line delayed by          {delay * ms:7.2f} ms (target <= 200)")
    print(f"backup in the background          {statistics.median(background) * ms:7.1f} ms")
    print(
        f"a process that saves and ends: line after {statistics.median(lines) * ms:.0f} ms, "
        f"exit after {statistics.median(exits) * ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
