"""Sound through a pause and a resize in both players: plain mode and the app share the sound
listener, each through its own conductor and keys (fake clock, no sleeping, no device)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import numbtui.sound.listener as listener_module
from numbtui.cadence import walk_beat
from numbtui.exercise import AnyStep, Exercise, ExerciseFile, Source
from numbtui.library import discover
from numbtui.options import LaunchOptions
from numbtui.plain.flow import Console, run
from numbtui.session import Session
from numbtui.settings import Settings
from numbtui.sound.commands import voicing_of
from numbtui.sound.listener import SoundListener
from numbtui.sound.score import Mode, Voicing
from numbtui.tui.screens.player import PlayerScreen
from tests.fakes import FakeClock
from tests.listener_helpers import VOLUME, Recorder
from tests.plain_helpers import DATA, ScriptedKeys
from tests.tui_helpers import make_app, no_timer, until, up

WALK_FILE = DATA / "good" / "walk-cadence.yaml"
WALK_ID = "walk-cadence"
TICKS = ("step_in", "step_out")


def recorded_sound(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> Recorder:
    """The players' sound: the real listener, playing into a recorder on ``clock``."""
    recorder = Recorder(clock)

    def sound_for(steps: list[AnyStep], settings: Settings) -> tuple[Any, str | None]:
        listener = SoundListener(steps, voicing_of(settings), recorder, volume=VOLUME, clock=clock)
        listener.wait_ready(10)  # cues made ahead, as the tests' expectations assume
        return listener, None

    monkeypatch.setattr(listener_module, "sound_for", sound_for)
    return recorder


def expected_ticks(walk_start: float, paused_at: float, away: float) -> list[tuple[float, str]]:
    """The walk's footsteps (2 to 18 s into it) when it began at ``walk_start`` and was
    paused ``paused_at`` seconds into it for ``away`` seconds: each on the screen's beat."""
    found = []
    for k in range(2, 19):
        beat = walk_beat(3, 3, k)
        name = "step_in" if beat.breathing_in else "step_out"
        found.append((walk_start + k + (away if k >= paused_at else 0.0), name))
    return found


def ticks(recorder: Recorder) -> list[tuple[float, str]]:
    return [(at, name) for at, name in recorder.heard() if name in TICKS]


def test_plain_mode_footsteps_carry_on_after_space_pauses_and_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    recorder = recorded_sound(monkeypatch, clock)
    # Space in the lead-in begins at 0.5; Space pauses 5.3 s into the walk and goes on 10 s on.
    keys = ScriptedKeys(clock, [(0.5, " "), (5.8, " "), (15.8, " ")])
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    console = Console(
        io.StringIO("\n\n\n\n"),
        io.StringIO(),
        io.StringIO(),
        clock=clock,
        now=lambda: start + timedelta(seconds=clock.now),
        keys=keys,
    )
    options = LaunchOptions(
        exercise_id=WALK_ID, extra_exercises=(WALK_FILE,), checkin=False, sound="cues"
    )
    assert run(options, console) == 0
    assert isinstance(console.stdout, io.StringIO)
    assert "Going on." in console.stdout.getvalue()
    assert [t for t, name in recorder.heard() if name == "step"] == pytest.approx([0.5, 30.5])
    heard = ticks(recorder)
    want = expected_ticks(0.5, 5.3, 10)
    assert [name for _, name in heard] == [name for _, name in want]
    assert [t for t, _ in heard] == pytest.approx([t for t, _ in want], abs=0.01)


async def test_in_the_app_footsteps_carry_on_after_space_pauses_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    recorder = recorded_sound(monkeypatch, clock)
    empty = tmp_path / "no-user-exercises"
    empty.mkdir()
    options = LaunchOptions(exercise_id=WALK_ID, checkin=False, sound="cues")
    app = make_app(
        tmp_path,
        clock=clock,
        options=options,
        library=discover([WALK_FILE], user=empty),
        schedule=no_timer,  # readings only when the test asks (tick) or a key is pressed
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await pilot.press("space")  # begin now: the walk starts at 0
        await until(pilot, lambda: recorder.heard() != [], "the walk's chime")

        async def read_until(moment: float) -> None:
            while clock.now < moment - 1e-9:
                clock.advance(min(0.5, moment - clock.now))
                player.tick()

        await read_until(5.3)
        await pilot.press("space")  # pause 5.3 s into the walk
        await until(pilot, lambda: player.session.status.value == "paused", "the pause")
        clock.advance(10)
        await pilot.press("space")  # go on at 15.3
        await until(pilot, lambda: player.session.status.value == "running", "going on")
        await read_until(28)
        heard = ticks(recorder)
        want = expected_ticks(0.0, 5.3, 10)
        assert [name for _, name in heard] == [name for _, name in want]
        assert [t for t, _ in heard] == pytest.approx([t for t, _ in want], abs=1e-6)
        await pilot.press("q")


async def test_in_the_app_a_resize_reading_mid_breath_doubles_no_cue(tmp_path: Path) -> None:
    """The pacer's new size makes the player read out of turn: around a boundary whose cue is
    already queued, it is neither played again nor lost."""
    clock = FakeClock()
    recorder = Recorder(clock)
    step = {"kind": "breathe", "text": "Breathe.", "inhale": 4, "hold": 4, "exhale": 4, "cycles": 2}
    spec = ExerciseFile.model_validate({"title": "T", "summary": "S.", "steps": [step]})
    exercise = Exercise(id="t", spec=spec, source=Source.PATH)
    sound = SoundListener(exercise.steps, Voicing(Mode.CUES), recorder, volume=VOLUME, clock=clock)
    sound.wait_ready(10)
    readings: list[float] = []

    class Readings:
        def heard(self, snapshot: Any, changes: Any) -> None:
            readings.append(clock.now)

    app = make_app(tmp_path, clock=clock, schedule=no_timer)
    async with app.run_test(size=(80, 24)) as pilot:
        player = PlayerScreen(
            exercise, Session(exercise.steps, clock, lead_in=0), listeners=[sound, Readings()]
        )
        app.push_screen(player)
        await until(pilot, lambda: player.snapshot is not None, "the player")
        for moment, size in ((3.7, (100, 30)), (4.0, (80, 24)), (4.002, (90, 40))):
            while clock.now < moment:  # read at least once a second, as the timer would
                clock.advance(min(0.5, moment - clock.now))
                player.tick()
            seen = len(readings)
            await pilot.resize_terminal(*size)
            await until(pilot, lambda seen=seen: len(readings) > seen, "a reading on resize")
        for _ in range(30):  # to 19 s
            clock.advance(0.5)
            player.tick()
        heard = [(t, name) for t, name in recorder.heard() if t <= clock.now]
        assert [name for _, name in heard] == ["step", "in", "hold", "out", "in", "hold"]
        assert [t for t, _ in heard] == pytest.approx([0, 0, 4, 8, 12, 16])
    sound.close()
