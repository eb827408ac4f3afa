"""One length for an exercise, with the user's settings, and every place that shows one.

The unit tests check :mod:`numbtui.lengths` itself (waiting steps, fitting, safety steps,
max_cycles, the light-headedness line); the others check that ``numbtui list`` and plain
mode's numbered list show that length once a default length is saved.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from numbtui import cli, paths
from numbtui.catalog import card_of
from numbtui.durations import WAIT_ESTIMATE
from numbtui.exercise import Exercise, ExerciseFile, planned_seconds
from numbtui.lengths import Length, fitted, length_for, length_of, saved_minutes
from numbtui.library import discover
from numbtui.options import LaunchOptions
from numbtui.plain.flow import Console, run
from numbtui.safety import LIGHT_HEADED_SECONDS
from numbtui.settings import Settings, save
from tests.fakes import FakeClock

DATA = Path(__file__).parent / "data"


def exercise(*steps: dict[str, Any]) -> Exercise:
    spec = ExerciseFile.model_validate({"title": "T", "summary": "S.", "steps": list(steps)})
    return Exercise(id="t", spec=spec)


def bundled(exercise_id: str, tmp_path: Path) -> Exercise:
    empty = tmp_path / "no-user-files"
    empty.mkdir(exist_ok=True)
    return discover(user=empty).require(exercise_id)


def save_minutes(**minutes: float) -> None:
    """A settings file with these default lengths, where numbtui looks for it."""
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    save(
        Settings(minutes={key.replace("_", "-"): value for key, value in minutes.items()}),
        paths.settings_file(),
    )


# -- the one function ---------------------------------------------------------------------------


def test_a_step_that_waits_counts_as_the_estimate_and_marks_the_length_open_ended() -> None:
    length = length_of(
        exercise({"kind": "guide", "text": "x", "seconds": 10}, {"kind": "prompt", "text": "y"})
    )
    assert length == Length(10 + WAIT_ESTIMATE, open_ended=True)
    assert length.text() == "0:40+"
    assert length.words() == "about 1 minute, some at your pace"


def test_a_timed_exercise_is_not_open_ended() -> None:
    length = length_of(exercise({"kind": "guide", "text": "x", "seconds": 75}))
    assert length == Length(75.0, open_ended=False)
    assert length.text() == "1:15"


def test_fitted_to_minutes_the_length_is_the_fitted_plan() -> None:
    ex = exercise(
        {"kind": "guide", "text": "x", "seconds": 60},
        {"kind": "guide", "text": "y", "seconds": 120},
    )
    length = length_of(ex, 1.0)
    assert length.seconds == planned_seconds(fitted(ex, 1.0).steps) == 60.0
    assert length_of(ex).seconds == 180.0


def test_a_safety_step_is_not_shortened_so_the_length_keeps_it() -> None:
    ex = exercise(
        {"kind": "guide", "text": "Stop if you feel light-headed.", "seconds": 20, "safety": True},
        {"kind": "guide", "text": "x", "seconds": 200},
    )
    length = length_of(ex, 0.1)  # 6 s asked: the safety step alone is longer
    assert length.seconds >= 20 + 1
    assert length.seconds == planned_seconds(fitted(ex, 0.1).steps)
    assert length.seconds < length_of(ex).seconds


def test_max_cycles_caps_the_length_however_long_the_minutes() -> None:
    breathe = {"kind": "breathe", "text": "x", "inhale": 4, "hold": 7, "exhale": 8}
    ex = exercise({**breathe, "cycles": 2, "max_cycles": 4})
    assert length_of(ex, 30.0) == Length(4 * 19.0)


def test_the_light_headedness_line_the_player_adds_is_counted() -> None:
    # 2 s breaths: 30 a minute, so the player shows the line before the step.
    ex = exercise({"kind": "breathe", "text": "x", "inhale": 1, "exhale": 1, "cycles": 10})
    assert length_of(ex).seconds == 20 + LIGHT_HEADED_SECONDS
    assert card_of(ex).length == length_of(ex)


def test_length_for_uses_the_saved_minutes_and_this_runs_minutes_first() -> None:
    ex = exercise({"kind": "guide", "text": "x", "seconds": 600})
    saved = Settings(minutes={"t": 2.0})
    assert length_for(ex, Settings()).seconds == 600
    assert length_for(ex, saved).seconds == 120
    assert length_for(ex, saved, asked=3.0).seconds == 180


def test_a_file_without_minutes_is_not_read_through_pydantic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = paths.settings_file()
    file.parent.mkdir(parents=True)
    assert saved_minutes(file) == {}  # no file at all
    save(Settings(theme="numbtui-light"), file)  # written as "minutes: {}"
    from numbtui import settings

    def fail(path: Path) -> object:
        raise AssertionError("read a settings file that has no minutes")

    monkeypatch.setattr(settings, "load", fail)
    assert saved_minutes(file) == {}


def test_saved_minutes_keep_what_is_valid_in_a_bad_file() -> None:
    file = paths.settings_file()
    file.parent.mkdir(parents=True)
    file.write_text('bell: "yes please"\nminutes:\n  body-scan: 5\n')
    assert saved_minutes(file) == {"body-scan": 5.0}


# -- numbtui list ---------------------------------------------------------------------------------


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    old = sys.stdout
    sys.stdout = out
    try:
        code = cli.main(list(argv))
    finally:
        sys.stdout = old
    return code, out.getvalue()


def row(table: str, exercise_id: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(exercise_id + " "))


def test_list_shows_the_length_fitted_to_a_saved_default_length(tmp_path: Path) -> None:
    breathing = bundled("breathing-4-4-4", tmp_path)
    written, fitted_length = length_of(breathing).text(), length_of(breathing, 0.2).text()
    assert written == "2:40"
    assert fitted_length != written
    save_minutes(breathing_4_4_4=0.2)
    code, out = run_cli("list")
    assert code == 0
    assert f"  {fitted_length} (written {written})  " in row(out, "breathing-4-4-4")
    assert "default length in your settings" in out
    code, out = run_cli("list", "--json")
    rows = {item["id"]: item for item in json.loads(out)}
    assert rows["breathing-4-4-4"]["seconds"] == round(length_of(breathing, 0.2).seconds, 1)
    assert rows["breathing-4-4-4"]["written_seconds"] == 160.0
    assert rows["breathing-4-4-4"]["default_minutes"] == 0.2
    assert rows["body-scan"]["default_minutes"] is None


def test_list_counts_steps_that_wait_as_the_app_does(tmp_path: Path) -> None:
    five = bundled("five-senses", tmp_path)
    code, out = run_cli("list")
    assert code == 0
    assert f"  {length_of(five).text()}  " in row(out, "five-senses")
    assert length_of(five).seconds == planned_seconds(five.steps) + 5 * WAIT_ESTIMATE
    assert "each counts as about 30 seconds" in out


LIST_IMPORTS = (
    "import sys\n"
    "from numbtui import cli\n"
    "cli.main(['list'])\n"
    "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'textual'})\n"
    "print('heavy:', heavy, file=sys.stderr)\n"
)


def heavy_imports_of_a_warm_list() -> str:
    for _ in range(2):  # the first run fills the catalog's cache
        done = subprocess.run(
            [sys.executable, "-c", LIST_IMPORTS], capture_output=True, text=True, check=True
        )
    return done.stderr.strip().splitlines()[-1]


def test_a_warm_list_reads_the_settings_through_pydantic_only_with_saved_lengths() -> None:
    save(Settings(theme="numbtui-light"), paths.settings_file())
    assert heavy_imports_of_a_warm_list() == "heavy: []"  # as fast as before
    save_minutes(body_scan=5)
    assert heavy_imports_of_a_warm_list() == "heavy: ['pydantic', 'yaml']"


# -- plain mode's numbered list ---------------------------------------------------------------


def test_plain_list_says_the_length_with_the_saved_default_length(tmp_path: Path) -> None:
    breathing = bundled("breathing-4-4-4", tmp_path)
    save_minutes(breathing_4_4_4=0.2)
    clock = FakeClock()
    console = Console(io.StringIO("\n"), io.StringIO(), io.StringIO(), clock=clock, keys=None)
    assert run(LaunchOptions(), console) == 0
    assert isinstance(console.stdout, io.StringIO)
    listed = console.stdout.getvalue()
    assert length_of(breathing, 0.2).words() == "about 1 minute"
    assert "Breathing 4-4-4, about 1 minute. " in listed
    assert "Five senses (5-4-3-2-1), about 3 minutes, some at your pace." in listed


def test_the_players_progress_counts_a_waiting_prompt_as_every_screen_does() -> None:
    from numbtui.lengths import Progress
    from numbtui.session import Session

    practice = exercise(
        {"kind": "prompt", "text": "Settle.", "seconds": 20},
        {"kind": "prompt", "text": "Name five things; Enter when done."},
        {"kind": "prompt", "text": "Rest.", "seconds": 10},
    )
    clock = FakeClock()
    session = Session.from_exercise(practice, clock, lead_in=0)
    progress = Progress.of(session.plan)
    # The total the player shows is the length home and the offers show (0:30 + 30 s wait).
    assert progress.total == length_of(practice).seconds == 30 + WAIT_ESTIMATE
    session.start()

    def wait(seconds: float) -> float:
        # Read every half second, as the player does (a longer gap pauses the practice).
        for _ in range(int(seconds * 2)):
            clock.advance(0.5)
            session.snapshot()
        return progress.elapsed(session.snapshot())

    assert wait(20.5) == pytest.approx(20.5)  # 0.5 s into the wait
    # Waited 12.5 s: counted, up to the wait's share of the length and no more.
    assert wait(12) == pytest.approx(32.5)
    assert wait(100) == pytest.approx(20 + WAIT_ESTIMATE)
    session.continue_prompt()
    assert wait(4) == pytest.approx(24 + WAIT_ESTIMATE)
    assert wait(10) == progress.total  # finished: the whole length


def test_a_practice_that_ends_on_a_waiting_prompt_shows_its_whole_length_when_finished() -> None:
    from numbtui.lengths import Progress
    from numbtui.session import Session, Status

    practice = exercise(
        {"kind": "prompt", "text": "Settle.", "seconds": 10},
        {"kind": "prompt", "text": "Enter when you are ready."},
    )
    clock = FakeClock()
    session = Session.from_exercise(practice, clock, lead_in=0)
    progress = Progress.of(session.plan)
    session.start()
    for _ in range(30):  # 10 s timed, then 5 s at the prompt, read as the player reads
        clock.advance(0.5)
        session.snapshot()
    assert progress.elapsed(session.snapshot()) == pytest.approx(15)
    finished = session.continue_prompt()
    assert finished.status is Status.FINISHED
    # Going on after 5 s of a 30 s share: the row ends full, not at 0:15 of 0:40.
    assert progress.elapsed(finished) == progress.total == 10 + WAIT_ESTIMATE
