"""Plain mode in a real pseudo-terminal, on the real clock: keys without echo, lines on time,
typed answers, q, Ctrl+C, the terminal restored, and TERM=dumb choosing plain mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from numbtui.plain.answers import NOT_ON_THE_SCALE
from numbtui.store import Store
from tests.plain_helpers import SHORT_FILE

REPO = Path(__file__).resolve().parent.parent
ON_TIME = 0.1
"""The issue's bound: a phase line within 100 ms of its boundary."""
FIRST_STEP = "Step 1 of 4. Sit comfortably. If you feel light-headed, breathe normally."
LONG = (
    "title: Long\nsummary: One long step.\nsteps:\n  - {kind: guide, text: Rest., seconds: 600}\n"
)


def environment(tmp_path: Path, term: str = "xterm-256color") -> dict[str, str]:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.yaml").write_text("lead_in_seconds: 0\n")
    return {
        **os.environ,
        "NUMBTUI_CONFIG_DIR": str(config),
        "NUMBTUI_DATA_DIR": str(tmp_path / "data"),
        "NUMBTUI_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path / "home"),
        "TERM": term,
        "PYTHONPATH": str(REPO),
    }


def spawn(
    tmp_path: Path,
    *args: str,
    term: str = "xterm-256color",
    shell: str = "",
    extra: dict[str, str] | None = None,
) -> pexpect.spawn:
    """numbtui in a terminal of its own; with ``shell``, run by sh followed by ``shell``."""
    command = [sys.executable, "-m", "numbtui", *args]
    env = {**environment(tmp_path, term), **(extra or {})}
    if shell:
        quoted = " ".join(f"'{part}'" for part in command)
        argv = ["sh", "-c", f"trap : INT; {quoted}; echo EXIT=$?; {shell}"]
    else:
        argv = command
    return pexpect.spawn(
        argv[0],
        argv[1:],
        env=env,
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=20,
        dimensions=(24, 80),
    )


def stored(tmp_path: Path) -> list[object]:
    with Store.open(tmp_path / "data" / "history.sqlite3") as store:
        return list(store.iter_records())


def restored(stty: str) -> bool:
    """True when ``stty -a`` shows echo and line editing on again."""
    flags = stty.split()
    return "echo" in flags and "icanon" in flags


def test_a_practice_by_keys_and_typed_answers_with_lines_on_time(tmp_path: Path) -> None:
    child = spawn(tmp_path, "play", "plain-short", "--plain", "--exercises", str(SHORT_FILE))
    seen: list[str] = []
    child.logfile_read = type("Log", (), {"write": seen.append, "flush": lambda self: None})()
    for wrong in ("eleven", "11", "-1"):
        child.expect_exact("press Enter to skip:")
        child.sendline(wrong)
        child.expect_exact(NOT_ON_THE_SCALE)
    child.expect_exact("press Enter to skip:")
    child.sendline("3")
    child.expect_exact("Press ? for the keys.\r\n")
    child.send("?")
    child.expect_exact("Keys: ")
    assert child.before.strip("\r\n") in ("", FIRST_STEP)  # no "?" echoed
    child.expect_exact("Step 2 of 4. Breathe with the count.\r\n")
    reference = time.monotonic()
    arrivals = []
    for _ in range(6):
        line = child.readline().strip()  # read first, then note when it came
        arrivals.append((time.monotonic() - reference, line))
    child.expect_exact("Step 3 of 4.")
    arrivals.append((time.monotonic() - reference, "Step 3 of 4."))
    expected = [
        (0.0, "In, 1."),
        (1.0, "Hold, 1."),
        (1.5, "Out, 1."),
        (3.0, "In, 1."),
        (4.0, "Hold, 1."),
        (4.5, "Out, 1."),
        (6.0, "Step 3 of 4."),
    ]
    assert [line for _, line in arrivals] == [line for _, line in expected]
    for (at, line), (when, _) in zip(arrivals, expected, strict=True):
        assert abs(at - when) <= ON_TIME, (line, at, when)
    child.expect_exact("Press Enter when you're ready to go on.")
    child.send("\r")
    child.expect_exact("That's the end of the practice.")
    child.expect_exact("press Enter to skip:")
    child.sendline("7")
    child.expect_exact("or press Enter for none:")
    child.sendline("")
    child.expect_exact("or press Enter for none:")
    child.sendline("")
    child.expect_exact("before 3, after 7.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b" not in "".join(seen)
    exported = subprocess.run(
        [sys.executable, "-m", "numbtui", "history", "--format", "json"],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    [record] = json.loads(exported.stdout)
    assert (record["before"], record["after"], record["finished"]) == (3, 7, True)


def test_q_stops_at_once_and_the_terminal_is_restored(tmp_path: Path) -> None:
    (tmp_path / "long.yaml").write_text(LONG)
    child = spawn(
        tmp_path,
        "play",
        "long",
        "--plain",
        "--no-checkin",
        "--exercises",
        str(tmp_path),
        shell="stty -a",
    )
    child.expect_exact("Step 1 of 1. Rest.")
    pressed = time.monotonic()
    child.send("q")
    child.expect_exact("Stopped.")
    assert time.monotonic() - pressed < 1.0
    # Under 10 s practised: nothing is kept, by the one rule for every ending, and it says so.
    child.expect_exact("nothing was kept")
    child.expect_exact("EXIT=0")
    child.expect(pexpect.EOF)
    assert restored(child.before)
    assert stored(tmp_path) == []


def test_ctrl_c_after_10_seconds_keeps_stopped_early_and_restores_the_terminal(
    tmp_path: Path,
) -> None:
    (tmp_path / "long.yaml").write_text(LONG)
    child = spawn(
        tmp_path,
        "play",
        "long",
        "--plain",
        "--no-checkin",
        "--exercises",
        str(tmp_path),
        shell="stty -a",
    )
    child.expect_exact("Step 1 of 1. Rest.")
    time.sleep(10.5)  # real practice time: the rule is about seconds practised
    child.sendintr()
    child.expect_exact("stopped early.")
    child.expect_exact("EXIT=130")
    child.expect(pexpect.EOF)
    assert restored(child.before)
    [record] = stored(tmp_path)
    assert record.finished is False  # type: ignore[attr-defined]
    assert record.practised_seconds >= 10  # type: ignore[attr-defined]


@pytest.mark.parametrize("how", ["TERM=dumb", "NUMBTUI_PLAIN=1"])
def test_plain_mode_without_the_flag(tmp_path: Path, how: str) -> None:
    (tmp_path / "long.yaml").write_text(LONG)
    name, value = how.split("=")
    if name == "TERM":
        child = spawn(
            tmp_path, "play", "long", "--no-checkin", "--exercises", str(tmp_path), term=value
        )
    else:
        child = spawn(
            tmp_path,
            "play",
            "long",
            "--no-checkin",
            "--exercises",
            str(tmp_path),
            extra={name: value},
        )
    seen: list[str] = []
    child.logfile_read = type("Log", (), {"write": seen.append, "flush": lambda self: None})()
    child.expect_exact("Step 1 of 1. Rest.")
    child.send("q")
    child.expect_exact("nothing was kept")  # under 10 s: nothing to rate or keep
    child.expect(pexpect.EOF)
    assert "\x1b" not in "".join(seen)
