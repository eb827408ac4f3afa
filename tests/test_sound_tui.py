"""Sound in the app: the listener joins the player's conductor when sound is on."""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

import pytest

import numbtui.sound.listener as listener_module
from numbtui.exercise import AnyStep
from numbtui.options import LaunchOptions
from numbtui.rating import SPOKEN_AFTER, SPOKEN_BEFORE
from numbtui.settings import Settings
from numbtui.sound.commands import voicing_of
from numbtui.sound.listener import SoundListener
from numbtui.tui.screens.checkin import CheckinScreen
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.rating import RatingScreen
from tests.fakes import FakeClock
from tests.tui_helpers import make_app, until, up

BREATHING = "breathing-4-4-4"


class Sink:
    def __init__(self) -> None:
        self.played: list[int] = []
        self.events: list[str] = []
        self.silenced = 0
        self.closed = False

    def play(self, clip: array[int], gain: float = 1.0, delay: float = 0.0) -> None:
        self.played.append(len(clip))
        self.events.append(SPOKEN.get(len(clip), "cue"))

    def silence(self) -> None:
        self.silenced += 1
        self.events.append("silence")

    def close(self) -> None:
        self.closed = True


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


SPOKEN = {len(SPOKEN_BEFORE): "before?", len(SPOKEN_AFTER): "after?"}


class Engine:
    """Speaks at once, one sample per character (so the sink can tell the questions apart)."""

    name = "fake"

    def synthesise(self, text: str, rate_wpm: int, volume: float = 1.0) -> array[int]:
        return array("h", [100] * len(text))


@pytest.fixture
def sink(monkeypatch: pytest.MonkeyPatch) -> Sink:
    made = Sink()

    def sound_for(steps: list[AnyStep], settings: Settings) -> tuple[Any, str | None]:
        voicing = voicing_of(settings)
        return SoundListener(steps, voicing, made, engine=Engine(), volume=0.5), None

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


async def test_with_voice_the_check_in_and_rating_are_asked_aloud_and_hushed_when_answered(
    tmp_path: Path, sink: Sink
) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id=BREATHING, checkin=True, sound="voice")
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, CheckinScreen)
        await until(pilot, lambda: "before?" in sink.events, "the check-in question")
        await pilot.press("2", "enter")
        await up(pilot, PlayerScreen)
        assert sink.events[sink.events.index("before?") + 1] == "silence"
        player = app.screen
        assert isinstance(player, PlayerScreen)
        for _ in range(16):  # the get-ready lead-in, then enough practice to be kept
            clock.advance(1)
            player.tick()
        assert player.session.practised >= 10
        await pilot.press("q")
        await up(pilot, RatingScreen)
        await until(pilot, lambda: "after?" in sink.events, "the rating question")
        await pilot.press("4", "enter")
        await until(pilot, lambda: sink.closed, "the sound to close")
    assert sink.events[sink.events.index("after?") + 1] == "silence"
    assert app.return_value is not None
    assert "2 → 4" in str(app.return_value)


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


async def test_the_way_out_closes_this_practices_sound_before_the_next_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from numbtui.tui.screens.way_out import WayOut

    sinks: list[Sink] = []
    opened_while_open: list[bool] = []

    def sound_for(steps: list[AnyStep], settings: Settings) -> tuple[Any, str | None]:
        opened_while_open.append(any(not s.closed for s in sinks))
        sinks.append(Sink())
        return SoundListener(steps, voicing_of(settings), sinks[-1], volume=0.5), None

    monkeypatch.setattr(listener_module, "sound_for", sound_for)
    clock = FakeClock()
    options = LaunchOptions(exercise_id="body-scan", checkin=False, sound="cues")
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        for _ in range(6):
            clock.advance(1)
            player.tick()
        await pilot.press("f5")
        await up(pilot, WayOut)
        assert sinks[0].silenced >= 1  # the way-out key paused, and paused is silent
        await pilot.press("enter")  # eyes open
        await until(pilot, lambda: len(sinks) == 2, "the eyes-open practice's sound")
        await up(pilot, PlayerScreen)
        await pilot.press("q")
        await until(pilot, lambda: sinks[1].closed, "its sound to close")
    assert opened_while_open == [False, False]
    assert sinks[0].closed
