"""Time until numbtui's home screen is drawn, against a minimal Textual app's first screen.

Both run in a real terminal (tmux, 80x24), alternately, in the same invocation; the time is
from launching the process until the marker text is on the pane. Target (issue: player):
numbtui / minimal <= 1.15. Run: python benchmarks/bench_tui_startup.py [--runs N]

Both may write compiled bytecode to a temporary PYTHONPYCACHEPREFIX (as an installed package
has it), so neither pays for compiling its own code on every start; each program is waited for
after its pane is closed, so that it does not slow the next launch.

With ``--many N`` (issue 9) it measures instead the home screen with N generated user files
against the home screen with the bundled exercises alone, both with a warm cache (the first,
unmeasured round fills it). Target: at most 1.5x for N = 5000.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from _common import PYTHON, child_env, median_ms
from _tmux import Pane
from gen_exercises import write_exercises

MINIMAL_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("minimal-ready")
        yield Footer()

Minimal().run()
"""


def measure(name: str, argv: list[str], env: dict[str, str], marker: str) -> float:
    pane = Pane(name, argv, env)
    try:
        return pane.wait_for(marker)
    finally:
        pane.kill()


def many(count: int, runs: int) -> None:
    """Home with ``count`` user files against home with the bundled ones, caches warm."""
    # A pane's program may still be writing its .pyc files as it is killed at the end.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as root:
        envs = {}
        for name, files in (("bundled only", 0), (f"+{count} user", count)):
            config, data = Path(root, name, "config"), Path(root, name, "data")
            write_exercises(config / "exercises", files)
            data.mkdir(parents=True)
            (data / "state.json").write_text(json.dumps({"welcome_seen": True}))
            envs[name] = child_env(
                NUMBTUI_CONFIG_DIR=str(config),
                NUMBTUI_DATA_DIR=str(data),
                NUMBTUI_CACHE_DIR=str(Path(root, name, "cache")),
                TERM="xterm-256color",
                PYTHONPYCACHEPREFIX=str(Path(root, "pycache")),
            )
            envs[name].pop("PYTHONDONTWRITEBYTECODE", None)
            # Fill the cache first: parsing thousands of files is the cold case, not this one.
            subprocess.run(
                [PYTHON, "-m", "numbtui", "list"], env=envs[name], capture_output=True, check=True
            )
        times: dict[str, list[float]] = {name: [] for name in envs}
        for run in range(runs + 1):  # the first round warms the disk cache
            for number, (name, env) in enumerate(envs.items()):
                for attempt in range(3):  # tmux's server is shared: try again if it went away
                    pane = f"bench-many-{os.getpid()}-{run}-{number}-{attempt}"
                    try:
                        seconds = measure(pane, [PYTHON, "-m", "numbtui"], env, "Body scan")
                        break
                    except subprocess.CalledProcessError:
                        continue
                else:
                    raise RuntimeError("tmux could not start a pane three times")
                if run:
                    times[name].append(seconds)
    for name, values in times.items():
        print(f"home, {name:<16} {median_ms(values)}")
    ratio = statistics.median(times[f"+{count} user"]) / statistics.median(times["bundled only"])
    print(f"home with {count} user files / bundled only (warm): {ratio:.2f} (target <= 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--many", type=int, default=0, help="home with N user files")
    args = parser.parse_args()
    if args.many:
        many(args.many, args.runs)
        return
    # A pane's program may still be writing its .pyc files as it is killed at the end.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as root:
        config, data, cache = Path(root, "config"), Path(root, "data"), Path(root, "cache")
        data.mkdir()
        (data / "state.json").write_text(json.dumps({"welcome_seen": True}))
        env = child_env(
            NUMBTUI_CONFIG_DIR=str(config),
            NUMBTUI_DATA_DIR=str(data),
            NUMBTUI_CACHE_DIR=str(cache),
            TERM="xterm-256color",
            PYTHONPYCACHEPREFIX=str(Path(root, "pycache")),
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        times: dict[str, list[float]] = {"minimal Textual app": [], "numbtui home": []}
        for run in range(args.runs + 1):  # the first round warms the disk cache
            base = measure(f"bench-min-{run}", [PYTHON, "-c", MINIMAL_APP], env, "minimal-ready")
            home = measure(f"bench-home-{run}", [PYTHON, "-m", "numbtui"], env, "Body scan")
            if run:
                times["minimal Textual app"].append(base)
                times["numbtui home"].append(home)
    ratio = statistics.median(times["numbtui home"]) / statistics.median(
        times["minimal Textual app"]
    )
    for name, values in times.items():
        print(f"{name:<22} {median_ms(values)}")
    print(f"numbtui home / minimal Textual app: {ratio:.2f} (target <= 1.15)")


if __name__ == "__main__":
    main()
