"""Helpers shared by the benchmark scripts: timing child processes and summarising runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a measured child: this one, with numbtui importable from the repo."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def time_command(argv: Sequence[str], env: dict[str, str]) -> float:
    """Wall-clock seconds for one run of ``argv`` to completion (output discarded)."""
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def interleaved(
    commands: dict[str, Sequence[str]], env: dict[str, str], runs: int
) -> dict[str, list[float]]:
    """Run each command ``runs`` times, alternating them so machine noise hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # one warm-up each (disk cache, .pyc files)
        time_command(argv, env)
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(time_command(argv, env))
    return times


def median_ms(values: list[float]) -> str:
    """A median in milliseconds with its spread, for printing."""
    return f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f})"


PYTHON = sys.executable
