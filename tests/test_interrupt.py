"""Interruptions keep the practice so far: Ctrl+C in the app, SIGTERM to a real process."""

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
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from numbtui.options import LaunchOptions
from numbtui.practice import MIN_PARTIAL_SECONDS
from numbtui.rating import Rating
from numbtui.store import Store
from numbtui.tui.app import EXIT_INTERRUPTED, NumbtuiApp
from numbtui.tui.launch import make_stop
from numbtui.tui.practice import TOO_SHORT
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.rating import RatingScreen
from tests.fakes import FakeClock
from tests.tui_helpers import make_app, until, up
from tests.tui_helpers import stored_records as records

REPO = Path(__file__).resolve().parent.parent
BREATHING = "breathing-4-4-4"


async def practise(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    """Let ``seconds`` pass on the player, a second at a time, as its timer would."""
    app = pilot.app
    for _ in range(round(seconds)):
        clock.advance(1)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        screen.tick()
        await pilot.pause()


async def ended(pilot: Pilot[Any]) -> None:
    """Wait for the app to end (Ctrl+C, or the practice saved by ``numbtui play``)."""
    app = pilot.app
    await until(pilot, lambda: not app.is_running, "the app to end")


def play_app(tmp_path: Path, clock: FakeClock) -> NumbtuiApp:
    options = LaunchOptions(exercise_id=BREATHING, checkin=False)
    return make_app(tmp_path, options=options, clock=clock)


async def test_ctrl_c_mid_exercise_keeps_the_practice_as_stopped_early(tmp_path: Path) -> None:
    clock = FakeClock()
    app = play_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        assert isinstance(app.screen, PlayerScreen)
        await practise(pilot, clock, 3 + 15)  # the lead-in, then 15 s of practice
        await pilot.press("ctrl+c")
        await ended(pilot)
    assert app.return_code == EXIT_INTERRUPTED
    [record] = records(app)
    assert record.exercise_id == BREATHING
    assert record.finished is False
    assert record.practised_seconds == 15.0
    assert record.after is None
    assert app.return_value == "Saved · Breathing 4-4-4 · 0:15 practised · stopped early"


async def test_ctrl_c_after_a_few_seconds_keeps_nothing(tmp_path: Path) -> None:
    clock = FakeClock()
    app = play_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await practise(pilot, clock, 3 + MIN_PARTIAL_SECONDS - 2)
        await pilot.press("ctrl+c")
        await ended(pilot)
    assert app.return_code == EXIT_INTERRUPTED
    assert records(app) == []
    # Nothing kept, as promised, and the closing line says so.
    assert app.return_value == TOO_SHORT


async def test_two_term_signals_a_moment_apart_still_print_the_saved_line(
    tmp_path: Path,
) -> None:
    # The second signal's own save finds the practice kept and has nothing to say; it used to
    # replace the first one's closing line with nothing (3 of 3 with a real process).
    clock = FakeClock()
    app = play_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await practise(pilot, clock, 3 + 15)
        stop = make_stop(app)
        stop(signal.SIGTERM, None)
        stop(signal.SIGTERM, None)
        await ended(pilot)
    assert app.return_code == 128 + signal.SIGTERM
    [record] = records(app)
    assert record.practised_seconds == 15.0
    assert app.return_value == "Saved · Breathing 4-4-4 · 0:15 practised · stopped early"


async def test_ctrl_c_on_the_rating_screen_keeps_the_answer_so_far(tmp_path: Path) -> None:
    clock = FakeClock()
    app = play_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await practise(pilot, clock, 3 + 20)
        await pilot.press("q")  # stop: the rating screen opens
        await up(pilot, RatingScreen)
        assert isinstance(app.screen, RatingScreen)
        await pilot.press("6", "tab", "space")
        assert app.screen.current() == Rating(6, words=("nothing / blank",))
        await pilot.press("ctrl+c")
        await ended(pilot)
    assert app.return_code == EXIT_INTERRUPTED
    [record] = records(app)
    assert (record.finished, record.practised_seconds) == (False, 20.0)
    assert (record.after, record.words) == (6, ("nothing / blank",))


@pytest.mark.parametrize("cover", ["f1", "f2"])
async def test_ctrl_c_with_the_rating_under_keys_or_support_keeps_the_answer(
    tmp_path: Path, cover: str
) -> None:
    clock = FakeClock()
    app = play_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await practise(pilot, clock, 3 + 20)
        await pilot.press("q")
        await up(pilot, RatingScreen)
        await pilot.press("7")
        await pilot.press(cover)  # the rating is no longer the top screen
        await until(pilot, lambda: not isinstance(app.screen, RatingScreen), "a cover")
        assert not isinstance(app.screen, RatingScreen)
        await pilot.press("ctrl+c")
        await ended(pilot)
    [record] = records(app)
    assert record.after == 7


def _read_until(fd: int, deadline: float, wanted: bytes | None, seen: bytearray) -> bool:
    """Read the terminal's output (so the app never blocks on a full pty) until ``wanted``
    shows up or ``deadline`` passes; True if it showed up."""
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


@pytest.mark.parametrize(
    "signum",
    [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_signal_to_a_real_process_keeps_the_practice(tmp_path: Path, signum: int) -> None:
    """SIGTERM, SIGINT from another program, and SIGHUP after the terminal has gone (its
    other end closed)."""
    config, data = tmp_path / "config", tmp_path / "data"
    env = {
        **os.environ,
        "NUMBTUI_CONFIG_DIR": str(config),
        "NUMBTUI_DATA_DIR": str(data),
        "NUMBTUI_CACHE_DIR": str(tmp_path / "cache"),
        "HOME": str(tmp_path / "home"),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "PYTHONPATH": str(REPO),
    }
    config.mkdir(parents=True)
    (config / "settings.yaml").write_text("lead_in_seconds: 0\n")  # no waiting to begin
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "numbtui", "play", BREATHING, "--no-checkin"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        # Straight into the first step; then 11.5 s of practice (10 s are needed to keep it).
        shown = b"step 1 of"
        assert _read_until(master, time.monotonic() + 8, shown, seen), bytes(seen)
        _read_until(master, time.monotonic() + 11.5, None, seen)
        if signum == signal.SIGHUP:
            os.close(master)  # the terminal window is closed: nothing can be drawn any more
            master = -1
        process.send_signal(signum)
        if master >= 0:
            _read_until(master, time.monotonic() + 5, b"\x00never\x00", seen)
        code = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if master >= 0:
            with contextlib.suppress(OSError):
                os.close(master)
    output = bytes(seen).decode("utf-8", "replace")
    assert "Traceback" not in output
    assert code == 128 + signum
    with Store.open(data / "history.sqlite3") as store:
        [record] = list(store.iter_records())
    assert record.exercise_id == BREATHING
    assert record.finished is False
    assert record.practised_seconds >= 10
    if signum != signal.SIGHUP:
        assert "Saved · Breathing 4-4-4" in output


async def test_a_rated_practice_is_pending_until_its_save_reports_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # If the app ended while the save ran in its thread (or before the thread started), the
    # launcher's fallback saw no practice and the record was lost.
    from numbtui.tui import practice as flow

    seen: list[object] = []
    real_save = flow.save_record

    def watching_save(*args: Any) -> Any:
        seen.append(app.pending)
        return real_save(*args)

    monkeypatch.setattr(flow, "save_record", watching_save)
    clock = FakeClock()
    app = play_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await practise(pilot, clock, 3 + 20)
        await pilot.press("q")
        await up(pilot, RatingScreen)
        await pilot.press("4", "enter")
        await ended(pilot)
    [record] = records(app)
    assert seen == [record]
    assert app.pending is None
    # What the launcher does after an abrupt end: saving it again keeps exactly one.
    app.pending = record
    flow.save_pending(app)
    assert records(app) == [record]
    assert app.pending is None
