"""The app in a real pseudo-terminal: where it draws, and what it does with the terminal's
encoding. Each run is a real ``python -m numbtui`` process on a pty, ended with SIGTERM."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BREATHING = "breathing-4-4-4"
FIRST_STEP = b"step 1 of"


@dataclass
class Run:
    screen: bytes
    """Everything the process wrote on the terminal."""
    code: int


def _read_until(fd: int, deadline: float, wanted: bytes | None, seen: bytearray) -> bool:
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], min(left, 0.2))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the other end closed: the process has ended
                return wanted is not None and wanted in seen
            if not chunk:
                return wanted is not None and wanted in seen
            seen.extend(chunk)
            if wanted is not None and wanted in seen:
                return True


def run_on_pty(
    tmp_path: Path,
    args: list[str],
    *,
    stderr: Path | None = None,
    env: dict[str, str] | None = None,
    wanted: bytes = FIRST_STEP,
    ends: bool = False,
) -> Run:
    """Run numbtui with stdin and stdout on a new 80x24 pty (stderr too, unless a file is
    given) until ``wanted`` shows up or the process ends; then SIGTERM (unless it ``ends``
    by itself) and wait."""
    config = tmp_path / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.yaml").write_text("lead_in_seconds: 0\n")  # no waiting to begin
    full_env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "PYTHONPATH": str(REPO),
        **(env or {}),
    }
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with contextlib.ExitStack() as stack:
        err = stack.enter_context(stderr.open("wb")) if stderr is not None else slave
        process = subprocess.Popen(
            [sys.executable, "-m", "numbtui", *args],
            stdin=slave,
            stdout=slave,
            stderr=err,
            env=full_env,
            cwd=tmp_path,
            start_new_session=True,
        )
    os.close(slave)
    seen = bytearray()
    try:
        _read_until(master, time.monotonic() + 20, wanted, seen)
        if not ends and process.poll() is None:
            process.send_signal(signal.SIGTERM)
        _read_until(master, time.monotonic() + 5, b"\x00never\x00", seen)
        code = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        with contextlib.suppress(OSError):
            os.close(master)
    return Run(bytes(seen), code)


def test_with_stderr_in_a_file_the_app_draws_on_the_terminal(tmp_path: Path) -> None:
    log = tmp_path / "err.log"
    run = run_on_pty(tmp_path, ["play", BREATHING, "--no-checkin"], stderr=log)
    assert FIRST_STEP in run.screen, run.screen[-400:]
    assert run.code == 128 + signal.SIGTERM
    written = log.read_bytes()
    assert FIRST_STEP not in written
    assert b"\x1b[" not in written  # not one escape sequence went into the file


def test_a_terminal_that_is_not_utf8_is_told_so_in_one_line(tmp_path: Path) -> None:
    run = run_on_pty(
        tmp_path,
        ["play", BREATHING, "--no-checkin"],
        env={"PYTHONIOENCODING": "iso-8859-1", "LC_ALL": "C"},
        wanted=b"\x00never\x00",
        ends=True,
    )
    assert run.code == 2
    assert run.screen.decode("latin-1").replace("\r\n", "\n") == (
        "numbtui: the app needs a UTF-8 terminal, and this one uses iso8859-1 (set "
        "LANG=C.UTF-8 or another UTF-8 locale); `numbtui list` and `numbtui history --format "
        "table` work here\n"
    )
