"""CPU while breathing, CPU on a still step, and timing accuracy under load (real terminal).

1. CPU over the same 30 s span: `numbtui play breathing-4-4-4` (pacer animating) against the
   peer program `breathe --no-sound -q --no-log` (breathe-cli), both running at the same time
   in their own tmux panes (80x24). Target: numbtui <= breathe-cli.
2. CPU over 30 s of a 60 s guide step with --reduce-motion. Target: <= 0.5% of one core.
3. Accuracy with both cores busy (two spinning processes): a 60 s exercise of five 4-4-4
   breaths. From numbtui's trace (NUMBTUI_TRACE) every phase must be shown within 50 ms of its
   schedule, and the exercise must end within 100 ms of 60 s.

breathe-cli is installed into a temporary venv if `breathe` is not on PATH.
Run: python benchmarks/bench_breathing.py [--span 30]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import multiprocessing.pool
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import PYTHON, child_env
from _tmux import Pane

SIXTY_SECONDS = """\
title: Sixty seconds
summary: Five even breaths.
steps:
  - kind: breathe
    text: Follow the pacer.
    inhale: 4
    hold: 4
    exhale: 4
    cycles: 5
"""

STILL = """\
title: Still
summary: One still step.
steps:
  - kind: guide
    text: Rest your eyes on one spot.
    seconds: 60
"""


def breathe_command(root: Path) -> list[str]:
    found = shutil.which("breathe")
    if found:
        return [found]
    venv = root / "breathe-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "breathe-cli"], check=True)
    return [str(venv / "bin" / "breathe")]


def cpu_over(pane: Pane, start_after: float, span: float) -> float:
    """CPU seconds the pane's program used from ``start_after`` s after launch, for ``span``."""
    time.sleep(max(0.0, start_after - (time.perf_counter() - pane.started)))
    before = pane.cpu_seconds()
    time.sleep(span)
    return pane.cpu_seconds() - before


def spin(stop_at: float) -> None:
    while time.monotonic() < stop_at:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--span", type=float, default=30.0)
    args = parser.parse_args()
    span = args.span
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        config, data, cache = root / "config", root / "data", root / "cache"
        (config / "exercises").mkdir(parents=True)
        data.mkdir()
        (data / "state.json").write_text(json.dumps({"welcome_seen": True}))
        (config / "settings.yaml").write_text("lead_in_seconds: 0\ncheckin: false\n")
        (config / "exercises" / "sixty-seconds.yaml").write_text(SIXTY_SECONDS)
        (config / "exercises" / "still.yaml").write_text(STILL)
        env = child_env(
            NUMBTUI_CONFIG_DIR=str(config),
            NUMBTUI_DATA_DIR=str(data),
            NUMBTUI_CACHE_DIR=str(cache),
            TERM="xterm-256color",
        )
        breathe = breathe_command(root)

        # 1 and 2: three programs side by side; each is mostly idle, so they barely compete.
        numbtui = Pane("bench-numbtui", [PYTHON, "-m", "numbtui", "play", "breathing-4-4-4"], env)
        peer = Pane("bench-breathe", [*breathe, "--no-sound", "-q", "--no-log"], env)
        still = Pane(
            "bench-still", [PYTHON, "-m", "numbtui", "play", "still", "--reduce-motion"], env
        )
        try:
            # breathing-4-4-4 starts its pacer after 20 s of guidance (no lead-in here).
            start = 22.0
            results: dict[str, float] = {}
            with multiprocessing.pool.ThreadPool(3) as pool:
                jobs = {
                    "numbtui breathing": pool.apply_async(cpu_over, (numbtui, start, span)),
                    "breathe-cli": pool.apply_async(cpu_over, (peer, start, span)),
                    "numbtui still step": pool.apply_async(cpu_over, (still, 5.0, span)),
                }
                for name, job in jobs.items():
                    results[name] = job.get()
        finally:
            for pane in (numbtui, peer, still):
                pane.kill()
        for name, seconds in results.items():
            print(
                f"{name:<20} {seconds * 1000:7.0f} ms CPU in {span:.0f} s "
                f"({seconds / span * 100:.2f}% of one core)"
            )
        ratio = results["numbtui breathing"] / max(results["breathe-cli"], 1e-9)
        print(f"numbtui / breathe-cli CPU: {ratio:.2f} (target <= 2.00)")
        print(f"still step: {results['numbtui still step'] / span * 100:.2f}% (target <= 0.5%)")

        # 3: accuracy with both cores busy.
        trace = root / "trace.jsonl"
        stop_at = time.monotonic() + 75
        spinners = [multiprocessing.Process(target=spin, args=(stop_at,)) for _ in range(2)]
        for process in spinners:
            process.start()
        pane = Pane(
            "bench-accuracy",
            [PYTHON, "-m", "numbtui", "play", "sixty-seconds"],
            {**env, "NUMBTUI_TRACE": str(trace)},
        )
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                if trace.exists() and '"finished"' in trace.read_text():
                    break
                time.sleep(0.2)
        finally:
            pane.kill()
            for process in spinners:
                process.terminate()
        entries = [json.loads(line) for line in trace.read_text().splitlines()]
        phases = [e for e in entries if e.get("phase")]
        first = phases[0]
        begun = first["t"] - first["late"]
        end = next(e for e in entries if e["status"] == "finished")
        worst = max(e["late"] for e in phases)
        print(
            f"phases shown: {len(phases)}, latest {worst * 1000:.1f} ms after its schedule "
            f"(median {sorted(e['late'] for e in phases)[len(phases) // 2] * 1000:.1f} ms; "
            "target <= 50 ms)"
        )
        print(
            f"60 s exercise ended after {end['t'] - begun:.3f} s "
            f"({(end['t'] - begun - 60) * 1000:+.1f} ms; target within 100 ms)"
        )
        print(f"machine: {os.cpu_count()} cores, both busy with a spinning process during this")


if __name__ == "__main__":
    main()
