"""The history browser with 100,000 practices against 10: first rows, End, and peak memory.

Each run starts ``numbtui history`` in a real terminal (a detached tmux pane, 80x24) on a
generated history (``gen_history.py``), alternating the small and the large one so machine
noise hits both alike, and measures from outside:

- first rows: seconds from launch until the first practice row is on the pane;
- End: seconds from pressing End until the oldest practice is on the pane and the status
  line reads ``…–N of N``;
- key during End: seconds from pressing ``i`` (straight after End) until the Insight tab is
  drawn, i.e. whether the screen answers while the oldest pages are being found;
- peak RSS (VmHWM from /proc) when the first rows are drawn, and at the end of the run
  (after End, the insight figures and back).

Targets (issue: history): first rows at 100,000 / at 10 <= 1.2; peak memory <= 1.5.
Run: python benchmarks/bench_history_screen.py [--runs N] [--large N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import PYTHON, child_env
from _tmux import Pane, tmux_available
from gen_history import generate

ROW = re.compile(r"^ \d{4}-\d\d-\d\d \d\d:\d\d  ", re.MULTILINE)
STATUS = re.compile(r"Practices ([\d,]+)–([\d,]+) of ([\d,]+)")


def command() -> list[str]:
    """The installed ``numbtui`` next to this Python, else ``python -m numbtui``."""
    installed = Path(PYTHON).with_name("numbtui")
    if installed.exists():
        return [str(installed), "history"]
    found = shutil.which("numbtui")
    return [found, "history"] if found else [PYTHON, "-m", "numbtui", "history"]


def poll(pane: Pane, done: object, timeout: float = 60.0) -> float:
    """Seconds until ``done(screen_text)`` is true (checked every 2 ms)."""
    started = time.perf_counter()
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if done(pane.screen()):  # type: ignore[operator]
            return time.perf_counter() - started
        time.sleep(0.002)
    raise TimeoutError(f"{pane.name}: gave up waiting; the pane shows:\n{pane.screen()}")


def at_oldest(screen: str) -> bool:
    match = STATUS.search(screen)
    return bool(match) and match.group(2) == match.group(3)  # type: ignore[union-attr]


def insight_shown(screen: str) -> bool:
    """The insight figures are in: the note under the per-exercise table shows only once they
    are read (every figure comes in one answer). The charts further down are below an 80x24
    pane, under the table and "What tends to change"."""
    return "Avg change is after minus before" in screen and "Reading" not in screen


def leave(pane: Pane) -> None:
    """Quit with Escape and wait for the program to end, then close the pane.

    Closing a pane under a running Textual app (SIGHUP) can leave it stuck writing to the
    vanished terminal, so the app is asked to leave first; a straggler is killed.
    """
    pane.send("Escape")
    deadline = time.perf_counter() + 5
    while time.perf_counter() < deadline and Path(f"/proc/{pane.pid}").exists():
        time.sleep(0.01)
    pane.kill()
    if Path(f"/proc/{pane.pid}").exists():
        os.kill(pane.pid, signal.SIGKILL)


def one_run(name: str, data: Path, config: Path) -> dict[str, float]:
    env = child_env(NUMBTUI_DATA_DIR=str(data), NUMBTUI_CONFIG_DIR=str(config))
    pane = Pane(name, command(), env)
    try:
        first = poll(pane, lambda s: ROW.search(s) is not None)
        figures = {"first": first, "rss_first": pane.peak_rss_kib() / 1024}
        poll(pane, lambda s: STATUS.search(s) is not None)  # counted
        pane.send("End")
        pressed = time.perf_counter()
        pane.send("i")
        figures["key_during_end"] = poll(pane, lambda s: "Per exercise" in s)
        pane.send("i")
        poll(pane, lambda s: at_oldest(s) and ROW.search(s) is not None)
        figures["end"] = time.perf_counter() - pressed
        pane.send("i")  # the insight figures for the whole history, then back
        poll(pane, insight_shown)
        pane.send("i")
        poll(pane, lambda s: ROW.search(s) is not None)
        figures["rss_peak"] = pane.peak_rss_kib() / 1024
        return figures
    finally:
        leave(pane)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    if not tmux_available():
        sys.exit("tmux is needed for this benchmark")
    print(f"command: {' '.join(command())}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = root / "config"
        sizes = {"small": args.small, "large": args.large}
        folders: dict[str, Path] = {}
        for name, count in sizes.items():
            data = root / name
            data.mkdir(mode=0o700)
            (data / "state.json").write_text(json.dumps({"welcome_seen": True}))
            generate(data / "history.sqlite3", count)
            folders[name] = data
        results: dict[str, list[dict[str, float]]] = {name: [] for name in sizes}
        for name in sizes:  # warm-up: disk cache and .pyc files
            one_run(f"bench-history-warm-{name}", folders[name], config)
        for run in range(args.runs):
            for name in sizes:
                results[name].append(one_run(f"bench-history-{name}-{run}", folders[name], config))
        med = {
            name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            for name, runs in results.items()
        }
        low = {
            name: {key: min(r[key] for r in runs) for key in runs[0]}
            for name, runs in results.items()
        }
    print(f"{args.small} vs {args.large:,} practices, {args.runs} runs, 80x24 tmux")
    print(f"  {'median (min)':<30} {'small':>15} {'large':>15}   ratio of medians (of mins)")
    labels = {
        "first": "first rows on screen (s)",
        "end": "End to the oldest row (s)",
        "key_during_end": "key answered during End (s)",
        "rss_first": "peak RSS at first rows (MiB)",
        "rss_peak": "peak RSS, whole run (MiB)",
    }
    for key, label in labels.items():
        small, large = med["small"][key], med["large"][key]
        small_low, large_low = low["small"][key], low["large"][key]
        print(
            f"  {label:<30} {small:7.3f} ({small_low:5.3f}) {large:7.3f} ({large_low:5.3f})"
            f"   {large / small:5.2f} ({large_low / small_low:4.2f})"
        )
    first_ratio = med["large"]["first"] / med["small"]["first"]
    rss_ratio = med["large"]["rss_peak"] / med["small"]["rss_peak"]
    print(
        f"first rows ratio {first_ratio:.2f} (target <= 1.2): "
        f"{'ok' if first_ratio <= 1.2 else 'MISSED'}"
    )
    print(
        f"peak memory ratio {rss_ratio:.2f} (target <= 1.5): "
        f"{'ok' if rss_ratio <= 1.5 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
