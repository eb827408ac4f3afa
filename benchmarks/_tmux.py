"""Run a program in a real terminal (a detached tmux pane, 80x24) and watch it from outside."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Sequence

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TMUX = ("tmux", "-L", f"numbtui-bench-{os.getpid()}")
"""tmux with a server of this run's own: the machine's shared server may be stopped by others
while a benchmark runs (seen as "server exited unexpectedly")."""


class Pane:
    """A detached tmux session running one program (its pane's process is the program)."""

    def __init__(self, name: str, argv: Sequence[str], env: dict[str, str], size=(80, 24)) -> None:
        self.name = name
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"env -i {exports} {shlex.join(argv)}"  # exactly this environment
        for attempt in range(3):
            self.started = time.perf_counter()
            try:
                subprocess.run(
                    [
                        *TMUX,
                        "new-session",
                        "-d",
                        "-s",
                        name,
                        "-x",
                        str(size[0]),
                        "-y",
                        str(size[1]),
                        f"exec {command}",
                    ],
                    check=True,
                )
                break
            except subprocess.CalledProcessError:
                # The previous pane's server may still be exiting ("server exited
                # unexpectedly"): start again, with the clock started again.
                if attempt == 2:
                    raise
                time.sleep(0.2)
        self.pid = int(
            subprocess.run(
                [*TMUX, "display-message", "-p", "-t", name, "#{pane_pid}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )

    def screen(self) -> str:
        """The text now on the pane."""
        return subprocess.run(
            [*TMUX, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> float:
        """Seconds from start until ``text`` is on screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter() - self.started
            time.sleep(0.002)
        raise TimeoutError(f"{text!r} never appeared in {self.name}:\n{self.screen()}")

    def send(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the program so far."""
        with open(f"/proc/{self.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_kib(self) -> int:
        """Peak resident memory (VmHWM) of the program so far."""
        with open(f"/proc/{self.pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def kill(self) -> None:
        subprocess.run(
            [*TMUX, "kill-session", "-t", self.name], check=False, stderr=subprocess.DEVNULL
        )


def tmux_available() -> bool:
    return subprocess.run([*TMUX, "-V"], capture_output=True, check=False).returncode == 0
