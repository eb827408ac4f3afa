"""A whole practice in plain mode, on a fake clock: typed answers, the saved record, the
interruption rules, and the import boundary (plain mode never imports textual)."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from numbtui import cli, paths
from numbtui.ending import NOT_KEPT as TOO_SHORT
from numbtui.options import LaunchOptions
from numbtui.plain.flow import KEYS, Console, Interrupted, run
from numbtui.practice import NOT_BEGUN
from numbtui.store import Store
from tests.fakes import FakeClock
from tests.plain_helpers import SHORT_FILE, ScriptedKeys

REPO = Path(__file__).resolve().parent.parent
ID = "plain-short"


class Interrupting(ScriptedKeys):
    """Keys as scripted; at ``at`` the signal ``signum`` arrives (as Ctrl+C would)."""

    def __init__(self, clock: FakeClock, at: float, signum: int, script=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(clock, script)
        self.at, self.signum = at, signum

    def wait(self, timeout: float | None) -> list[str]:
        if timeout is None or self.clock.now + timeout >= self.at:
            self.clock.now = max(self.clock.now, self.at)
            raise Interrupted(self.signum)
        return super().wait(timeout)


def console(typed: str, clock: FakeClock, keys: ScriptedKeys) -> Console:
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    return Console(
        io.StringIO(typed),
        io.StringIO(),
        io.StringIO(),
        clock=clock,
        now=lambda: start + timedelta(seconds=clock.now),
        keys=keys,
    )


def options(**changes: object) -> LaunchOptions:
    return LaunchOptions(exercise_id=ID, extra_exercises=(SHORT_FILE,), **changes)  # type: ignore[arg-type]


def records() -> list[object]:
    database = paths.database_file()
    if not database.exists():
        return []
    with Store.open(database) as store:
        return list(store.iter_records())


def output(c: Console) -> str:
    assert isinstance(c.stdout, io.StringIO)
    return c.stdout.getvalue()


def test_typed_3_then_7_are_saved_as_before_and_after(capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeClock()
    c = console("3\n7\n2\nfelt the chair\n", clock, ScriptedKeys(clock, [(13.0, "\n")]))
    assert run(options(), c) == 0
    text = output(c)
    assert "Saved to your history: Plain short, 12 seconds practised, before 3, after 7." in text
    assert "\x1b" not in text
    capsys.readouterr()
    assert cli.main(["history", "--format", "json"]) == 0
    [saved] = json.loads(capsys.readouterr().out)
    assert (saved["before"], saved["after"], saved["finished"]) == (3, 7, True)
    assert (saved["words"], saved["note"]) == (["warm"], "felt the chair")


def test_the_practice_lines_come_between_the_check_in_and_the_rating() -> None:
    clock = FakeClock()
    c = console("\n\n\n\n", clock, ScriptedKeys(clock, [(0.5, "?"), (13.0, "\n")]))
    run(options(), c)
    lines = output(c).splitlines()
    order = [
        "Plain short. 4 steps, about 1 minute, some at your pace.",
        "How much can you feel right now",
        "Press ? for the keys.",
        "Get ready. Beginning in 3.",
        KEYS,
        "Step 1 of 4. Sit comfortably.",
        "In, 1.",
        "Step 4 of 4. Notice the room.",
        "That's the end of the practice.",
        "And now, how much can you feel",
        "Saved to your history: Plain short",
    ]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(o)) for o in order]
    assert positions == sorted(positions)


def test_q_in_the_lead_in_keeps_nothing_and_asks_nothing() -> None:
    clock = FakeClock()
    c = console("\n", clock, ScriptedKeys(clock, [(1.0, "q")]))
    assert run(options(), c) == 0
    assert output(c).splitlines()[-1] == NOT_BEGUN
    assert "And now" not in output(c)
    assert records() == []


def test_ctrl_c_after_10_seconds_keeps_the_practice_as_stopped_early() -> None:
    clock = FakeClock()
    # No check-in; 3 s of lead-in, then the steps (the prompt waits) until 3 + 12 s.
    keys = Interrupting(clock, 15.0, signal.SIGINT)
    c = console("", clock, keys)
    assert run(options(checkin=False), c) == 130
    [record] = records()
    assert record.finished is False  # type: ignore[attr-defined]
    assert record.practised_seconds == 12.0  # type: ignore[attr-defined]
    assert output(c).splitlines()[-1].endswith("12 seconds practised, stopped early.")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_an_interruption_under_10_seconds_keeps_nothing_and_says_so(signum: int) -> None:
    clock = FakeClock()
    c = console("", clock, Interrupting(clock, 3.0 + 9.0, signum))
    assert run(options(checkin=False), c) == 128 + signum
    assert records() == []
    assert output(c).splitlines()[-1] == TOO_SHORT


def test_an_interruption_while_rating_keeps_the_answers_typed_so_far() -> None:
    clock = FakeClock()

    class StopsAtTheWords(io.StringIO):
        def readline(self, *args: object) -> str:  # type: ignore[override]
            line = super().readline()
            if line == "":
                raise Interrupted(signal.SIGTERM)
            return line

    c = console("", clock, ScriptedKeys(clock, [(15.0, "q")]))
    c.stdin = StopsAtTheWords("6\n")  # the number, then SIGTERM while the words are asked
    assert run(options(checkin=False), c) == 128 + signal.SIGTERM
    [record] = records()
    assert (record.after, record.finished) == (6, False)  # type: ignore[attr-defined]


def test_plain_mode_never_imports_textual_or_rich(tmp_path: Path) -> None:
    exercise = tmp_path / "one-second.yaml"
    exercise.write_text(
        "title: One second\nsummary: A step of a second.\n"
        "steps:\n  - {kind: guide, text: Sit comfortably., seconds: 1}\n"
    )
    code = (
        "import sys\n"
        "from numbtui import cli\n"
        "code = cli.main(['play', 'one-second', '--plain', '--no-checkin', '--exercises', "
        f"{str(exercise)!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})\n"
        "print('HEAVY:' + ','.join(heavy), code)\n"
    )
    env = {
        "NUMBTUI_CONFIG_DIR": str(tmp_path / "c"),
        "NUMBTUI_DATA_DIR": str(tmp_path / "d"),
        "NUMBTUI_CACHE_DIR": str(tmp_path / "k"),
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "TERM": "xterm",
    }
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "settings.yaml").write_text("lead_in_seconds: 0\n")
    result = subprocess.run(
        [sys.executable, "-c", code],
        input="q\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=True,
    )
    assert "Step 1 of 1. Sit comfortably." in result.stdout
    assert "HEAVY: 0" in result.stdout


def test_a_reader_gone_mid_practice_still_keeps_a_practice_of_10_seconds() -> None:
    clock = FakeClock()

    class GoesAway(io.StringIO):
        def write(self, text: str) -> int:
            if clock.now >= 15.0:  # `numbtui play ... --plain | head`, the reader gone
                raise BrokenPipeError(32, "Broken pipe")
            return super().write(text)

    c = console("", clock, ScriptedKeys(clock, [(13.0, "\n")]))
    c.stdout = GoesAway()
    c.write = type(c.write)(c.stdout)
    with pytest.raises(BrokenPipeError):
        run(options(checkin=False), c)
    [record] = records()  # the end could not be said, but the practice is kept
    assert record.practised_seconds == 12.0  # type: ignore[attr-defined]


def test_an_interruption_in_the_lead_in_says_nothing_began() -> None:
    clock = FakeClock()
    c = console("", clock, Interrupting(clock, 1.0, signal.SIGINT))
    assert run(options(checkin=False), c) == 130
    assert records() == []
    assert output(c).splitlines()[-1] == NOT_BEGUN


def test_with_sound_on_the_sound_hears_the_same_conductor_and_is_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plain mode and sound together: one clock, the sound one more listener."""
    from numbtui.sound import listener as sound_listener

    heard: list[str] = []
    closed: list[bool] = []

    class Recording:
        def heard(self, snapshot: object, changes: list[object]) -> None:
            heard.extend(change.kind.value for change in changes)  # type: ignore[attr-defined]

        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr(
        sound_listener, "sound_for", lambda steps, settings: (Recording(), "Sound: a test notice.")
    )
    clock = FakeClock()
    c = console("\n\n\n\n", clock, ScriptedKeys(clock, [(13.0, "\n")]))
    assert run(options(sound="cues"), c) == 0
    assert "Sound: a test notice." in output(c)
    assert heard[0] == "lead_in"
    assert "step" in heard
    assert heard[-1] == "finished"
    assert closed == [True]
