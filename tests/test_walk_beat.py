"""The player's words while walking and while paused: a visible beat, one instruction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from numbtui.cadence import Beat, beat_text, walk_beat
from numbtui.exercise import Exercise, ExerciseFile, Source
from numbtui.scene import WAIT_HINT
from numbtui.session import Session, Status
from numbtui.tui.screens.player import PlayerScreen
from tests.fakes import FakeClock
from tests.tui_helpers import footer_text, make_app, screen_text, until, until_shown


def test_the_beat_goes_left_right_a_footstep_a_second_through_the_breath() -> None:
    beats = [walk_beat(3, 4, t + 0.5) for t in range(8)]
    assert [(b.breathing_in, b.footstep, b.footsteps) for b in beats] == [
        (True, 1, 3),
        (True, 2, 3),
        (True, 3, 3),
        (False, 1, 4),
        (False, 2, 4),
        (False, 3, 4),
        (False, 4, 4),
        (True, 1, 3),  # the next breath
    ]
    assert [b.left for b in beats] == [True, False] * 4
    assert walk_beat(3, 3, 0.99) == walk_beat(3, 3, 0.0)
    assert walk_beat(3, 3, 1.0) != walk_beat(3, 3, 0.0)


def test_the_beat_in_words() -> None:
    assert beat_text(Beat(True, 2, 3, left=False)) == "in ●●○ right"
    assert beat_text(Beat(False, 1, 4, left=True)) == "out ●○○○ left"


def exercise_of(*steps: dict[str, Any]) -> Exercise:
    spec = ExerciseFile.model_validate({"title": "T", "summary": "S.", "steps": list(steps)})
    return Exercise(id="t", spec=spec, source=Source.PATH)


async def open_player(pilot: Any, clock: FakeClock, exercise: Exercise) -> PlayerScreen:
    app = pilot.app
    player = PlayerScreen(exercise, Session(exercise.steps, clock, lead_in=0))
    app.push_screen(player)
    await until(
        pilot,
        lambda: app.screen is player and player.snapshot is not None and footer_text(app),
        "the player",
    )
    return player


WALK = {"kind": "walk", "text": "Walk slowly.", "seconds": 20, "steps_in": 3, "steps_out": 3}


async def test_a_walking_step_shows_its_beat_moving_with_the_clock(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await open_player(pilot, clock, exercise_of(WALK))
        await until_shown(pilot, "3 steps in · 3 steps out · in ●○○ left")
        seen = []
        for _ in range(6):
            clock.advance(1)
            player.tick()
            beat = beat_text(walk_beat(3, 3, clock.now))
            await until_shown(pilot, f"3 steps in · 3 steps out · {beat}")
            seen.append(beat)
        assert seen == [
            "in ●●○ right",
            "in ●●● left",
            "out ●○○ right",
            "out ●●○ left",
            "out ●●● right",
            "in ●○○ left",
        ]


@pytest.mark.parametrize("paused", [False, True])
async def test_a_waiting_prompt_shows_one_instruction(tmp_path: Path, paused: bool) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    waiting = {"kind": "prompt", "text": "Name five things you can see."}
    async with app.run_test(size=(80, 24)) as pilot:
        player = await open_player(pilot, clock, exercise_of(waiting))
        await until_shown(pilot, WAIT_HINT)
        if paused:
            await pilot.press("space")
            await until(pilot, lambda: player.session.status is Status.PAUSED, "the pause")
            await until_shown(pilot, "Paused · press Space to go on")
            await until(pilot, lambda: WAIT_HINT not in screen_text(app), "one instruction")
            assert WAIT_HINT not in screen_text(app)
        else:
            assert "press Space" not in screen_text(app)
