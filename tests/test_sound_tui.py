"""Sound in the app: the listener joins the player's conductor when sound is on."""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

import pytest

import numbtui.sound.listener as listener_module
from numbtui.exercise import AnyStep
from numbtui.options import LaunchOptions
from numbtui.settings import Settings
from numbtui.sound.commands import voicing_of
from numbtui.sound.listener import SoundListener
from numbtui.tui.screens.player import PlayerScreen
from tests.fakes import FakeClock
from tests.tui_helpers import make_app, until, up

BREATHING = "breathing-4-4-4"


class Sink:
    def __init__(self) -> None:
        self.played: list[int] = []
        self.silenced = 0
        self.closed = False

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        self.played.append(len(clip))

    def silence(self) -> None:
        self.silenced += 1

    def close(self) -> None:
        self.closed = True


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.fixture
def sink(monkeypatch: pytest.MonkeyPatch) -> Sink:
    made = Sink()

    def sound_for(steps: list[AnyStep], settings: Settings) -> tuple[Any, str | None]:
        return SoundListener(steps, voicing_of(settings), made, volume=0.5), None

    monkeypatch.setattr(listener_module, "sound_for", sound_for)
    return made


async def test_sound_on_the_command_line_plays_and_q_silences_and_closes(
    tmp_path: Path, sink: Sink
) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id=BREATHING, checkin=False, sound="cues")
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await pilot.press("space")  # begin now: the first step's chime
        await until(pilot, lambda: sink.played != [], "the first chime")
        await pilot.press("q")
        await until(pilot, lambda: sink.closed, "the sound to close")
    assert sink.silenced >= 1


async def test_sound_off_never_opens_sound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("sound was opened while off")

    monkeypatch.setattr(listener_module, "sound_for", refuse)
    app = make_app(tmp_path, options=LaunchOptions(exercise_id=BREATHING, checkin=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await pilot.press("q")


async def test_no_device_is_one_notice_and_the_practice_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from numbtui.sound import output

    monkeypatch.setattr(output, "open_output", lambda: "No sound device could be opened (x).")
    options = LaunchOptions(exercise_id=BREATHING, checkin=False, sound="voice")
    app = make_app(tmp_path, options=options)
    async with app.run_test(size=(100, 30)) as pilot:
        await up(pilot, PlayerScreen)
        await until(pilot, lambda: notices(app) != [], "the notice")
        assert notices(app) == [
            "No sound device could be opened (x). The practice goes on without sound."
        ]
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("q")
