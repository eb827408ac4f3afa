"""Plain mode: CPU against the app on the same practice, and how close its lines come to
their schedule with both cores busy (real terminals, real clock).

1. CPU over the same span of the same 60 s breathing exercise (five 4-4-4 breaths): the app
   (`numbtui play sixty-seconds`, in a tmux pane, 80x24) against plain mode
   (`numbtui play sixty-seconds --plain`, in a pseudo-terminal of its own), side by side.
   Plain mode draws nothing, so it should cost a fraction of the app.
2. Timing with both cores busy (two spinning processes): each line's arrival at the terminal,
   against the schedule of the practice (`numbtui.plan.timeline`), counted from the first
   step's line; and, from plain mode's trace (NUMBTUI_TRACE), how late each reading that
   reported a boundary was.

Run: python benchmarks/bench_plain.py [--span 30]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import select
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from _common import PYTHON, child_env
from _tmux import Pane

from numbtui.cues import Kind
from numbtui.loader import parse
from numbtui.plan import timeline

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


class Terminal:
    """A program in a pseudo-terminal of its own; its lines, with their arrival times."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        pending = b""
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if not ready:
                if self.process.poll() is not None:
                    return
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            if not chunk:
                return
            now = time.monotonic()
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                self.lines.append((now, line.decode("utf-8", "replace").strip()))

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


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
        env = child_env(
            NUMBTUI_CONFIG_DIR=str(config),
            NUMBTUI_DATA_DIR=str(data),
            NUMBTUI_CACHE_DIR=str(cache),
            TERM="xterm-256color",
        )
        command = [PYTHON, "-m", "numbtui", "play", "sixty-seconds"]

        # 1: side by side, each mostly idle.
        app = Pane("bench-plain-app", command, env)
        plain = Terminal([*command, "--plain"], env)
        try:
            time.sleep(5.0)
            before = (app.cpu_seconds(), plain.cpu_seconds())
            time.sleep(span)
            app_cpu = app.cpu_seconds() - before[0]
            plain_cpu = plain.cpu_seconds() - before[1]
        finally:
            app.kill()
            plain.kill()
        print(f"app        {app_cpu * 1000:7.0f} ms CPU in {span:.0f} s")
        print(f"plain mode {plain_cpu * 1000:7.0f} ms CPU in {span:.0f} s")
        print(f"plain / app CPU: {plain_cpu / max(app_cpu, 1e-9):.2f}")

        # 2: timing with both cores busy.
        trace = root / "trace.jsonl"
        stop_at = time.monotonic() + 75
        spinners = [multiprocessing.Process(target=spin, args=(stop_at,)) for _ in range(2)]
        for process in spinners:
            process.start()
        plain = Terminal([*command, "--plain"], {**env, "NUMBTUI_TRACE": str(trace)})
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                if any("end of the practice" in line for _, line in plain.lines):
                    break
                time.sleep(0.2)
        finally:
            plain.kill()
            for process in spinners:
                process.terminate()
        steps = parse(SIXTY_SECONDS, exercise_id="sixty-seconds").steps
        wanted = [
            t.at for t in timeline(steps) if t.change.kind in (Kind.STEP, Kind.PHASE, Kind.FINISHED)
        ]
        said = [
            when
            for when, line in plain.lines
            if line.startswith(("Step ", "In,", "Hold,", "Out,", "That's the end"))
        ]
        start = said[0]
        offsets = [(when - start) - at for when, at in zip(said, wanted, strict=True)]
        print(
            f"lines: {len(said)}; arrival after schedule, from the first step's line: "
            f"median {statistics.median(offsets) * 1000:.1f} ms, "
            f"latest {max(offsets) * 1000:.1f} ms, earliest {min(offsets) * 1000:.1f} ms"
        )
        late = [json.loads(line)["late"] for line in trace.read_text().splitlines()]
        print(
            f"trace: {len(late)} changes; reading after boundary median "
            f"{statistics.median(late) * 1000:.1f} ms, latest {max(late) * 1000:.1f} ms"
        )
        print(f"machine: {os.cpu_count()} cores, both busy with a spinning process during 2")


if __name__ == "__main__":
    main()
