"""Does the pacer move with the breath? Its bar, read from a real terminal, against the clock.

numbtui plays a 4-0-4 breath (in 4 s, out 4 s, eight breaths, no lead-in) in a detached tmux
pane; this script reads the pane with `tmux capture-pane` about 25 times a second and notes
the monotonic clock just before and just after each read. numbtui's trace (NUMBTUI_TRACE)
gives the moment each phase began. For every read it compares the bar's fill with where the
breath was:

- ahead: how far the bar was in front of the breath, judged at the *latest* moment the read
  could show (so a bar drawn on time is never counted as ahead); the goal is at most one
  cell's worth of time plus one frame (1/25 s);
- behind: how far it trailed, judged at the *earliest* moment; the goal is at most 0.3 s;
- fills: how many distinct fills were seen during each in-breath (goal: at least 12 at 80
  columns).

Run: python benchmarks/bench_pacer.py [--cols 80] [--rows 24]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _common import PYTHON, child_env
from _tmux import TMUX, Pane

SECONDS = 4.0
BREATHS = 8
EXERCISE = f"""\
title: Pacer check
summary: Even breaths without holds.
steps:
  - kind: breathe
    text: Follow the pacer.
    inhale: {SECONDS:g}
    exhale: {SECONDS:g}
    cycles: {BREATHS}
"""
FRAME = 1 / 25
BAR_CHARS = set("·█◀▶")


@dataclass(frozen=True)
class Read:
    before: float
    after: float
    phase: str  # "in" or "out"
    fill: float  # filled share of the bar, 0 to 1
    cells: int  # cells a side


def parse(screen: str, before: float, after: float) -> Read | None:
    lines = screen.splitlines()
    for index, line in enumerate(lines):
        if "Breathe in ·" in line or "Breathe out ·" in line:
            phase = "in" if "Breathe in" in line else "out"
            bar = "".join(ch for ch in lines[index + 1] if ch in BAR_CHARS)
            if not bar:
                return None
            filled = sum(1 for ch in bar if ch != "·")
            return Read(before, after, phase, filled / len(bar), len(bar) // 2)
    return None


def capture(pane: Pane) -> tuple[float, float, str]:
    before = time.monotonic()
    text = subprocess.run(
        [*TMUX, "capture-pane", "-p", "-t", pane.name],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return before, time.monotonic(), text


def true_fill(phase: str, start: float, moment: float) -> float:
    progress = min(1.0, max(0.0, (moment - start) / SECONDS))
    return progress if phase == "in" else 1.0 - progress


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cols", type=int, default=80)
    parser.add_argument("--rows", type=int, default=24)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        config, data, cache = root / "config", root / "data", root / "cache"
        (config / "exercises").mkdir(parents=True)
        data.mkdir()
        (data / "state.json").write_text(json.dumps({"welcome_seen": True}))
        (config / "settings.yaml").write_text("lead_in_seconds: 0\ncheckin: false\n")
        (config / "exercises" / "pacer-check.yaml").write_text(EXERCISE)
        trace = root / "trace.jsonl"
        env = child_env(
            NUMBTUI_CONFIG_DIR=str(config),
            NUMBTUI_DATA_DIR=str(data),
            NUMBTUI_CACHE_DIR=str(cache),
            NUMBTUI_TRACE=str(trace),
            TERM="xterm-256color",
        )
        pane = Pane(
            "bench-pacer",
            [PYTHON, "-m", "numbtui", "play", "pacer-check"],
            env,
            size=(args.cols, args.rows),
        )
        reads: list[Read] = []
        try:
            deadline = time.monotonic() + 2 * SECONDS * BREATHS + 30
            while time.monotonic() < deadline:
                before, after, screen = capture(pane)
                found = parse(screen, before, after)
                if found is not None:
                    reads.append(found)
                if trace.exists() and '"finished"' in trace.read_text():
                    break
                time.sleep(max(0.0, FRAME - (time.monotonic() - before)))
        finally:
            pane.kill()
        entries = [json.loads(line) for line in trace.read_text().splitlines()]
    starts = [
        ("in" if e["phase"] == "inhale" else "out", e["t"] - e["late"], e["cycle"])
        for e in entries
        if e.get("phase")
    ]
    ahead: list[float] = []
    behind: list[float] = []
    fills: dict[int, set[float]] = {}
    for read in reads:
        # The phase the read shows, as scheduled: its latest start before the read ended.
        chosen = [s for s in starts if s[0] == read.phase and s[1] <= read.after]
        if not chosen:
            continue
        phase, start, cycle = chosen[-1]
        sign = 1 if phase == "in" else -1
        late_truth = true_fill(phase, start, read.after)
        early_truth = true_fill(phase, start, read.before)
        ahead.append(max(0.0, sign * (read.fill - late_truth)) * SECONDS)
        behind.append(max(0.0, sign * (early_truth - read.fill)) * SECONDS)
        if phase == "in":
            fills.setdefault(cycle, set()).add(read.fill)
    cells = max((read.cells for read in reads), default=0)  # once laid out
    cell_time = SECONDS / cells if cells else float("nan")
    complete = [len(found) for cycle, found in sorted(fills.items()) if 1 < cycle < BREATHS]
    print(f"terminal {args.cols}x{args.rows}: {cells} cells a side, one every {cell_time:.3f} s")
    print(f"reads of the bar: {len(reads)} (about {len(reads) / (2 * SECONDS * BREATHS):.0f}/s)")
    print(
        f"ahead of the breath: worst {max(ahead) * 1000:.0f} ms "
        f"(goal <= one cell + one frame = {(cell_time + FRAME) * 1000:.0f} ms)"
    )
    print(
        f"behind the breath: worst {max(behind) * 1000:.0f} ms, "
        f"median {statistics.median(behind) * 1000:.0f} ms (goal <= 300 ms)"
    )
    print(
        f"distinct fills per in-breath: {min(complete)}–{max(complete)} "
        f"(breaths 2–{BREATHS - 1}; goal >= 12)"
    )


if __name__ == "__main__":
    main()
