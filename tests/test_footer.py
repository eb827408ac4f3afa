"""The Footer never cuts a key in half: keys that do not fit are left out, F1 Keys stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from numbtui.options import LaunchOptions
from numbtui.session import Status
from numbtui.tui.screens.player import PlayerScreen
from tests.fakes import FakeClock
from tests.tui_helpers import make_app, screen_text, until, up

WHOLE_KEYS = (
    "q/esc Stop",
    "space Pause",
    "f2 Support",
    "f5 Feels worse",
    "⏎ Go on",
    "n Next",
    "p Previous",
    "f1 Keys",
)


def footer_keys(footer: str) -> list[str]:
    """The footer's labels in order; a label that is not a whole key (one cut off at the
    edge) comes out as the rest of the line."""
    rest = footer.split("▏", maxsplit=1)[0].strip()
    keys = []
    while rest:
        label = next((k for k in WHOLE_KEYS if rest.startswith(k)), rest)
        keys.append(label)
        rest = rest[len(label) :].lstrip()
    return keys


@pytest.mark.parametrize("width", [80, 60, 50, 40])
async def test_the_player_footer_has_only_whole_keys_and_f1(tmp_path: Path, width: int) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id="five-senses", checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(width, 24)) as pilot:
        await up(pilot, PlayerScreen)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        # Into the first prompt that waits for Enter, where the footer has the most keys.
        for _ in range(120):
            if screen.session.status is Status.WAITING:
                break
            clock.advance(1)
            screen.tick()
        assert screen.session.status is Status.WAITING
        await until(pilot, lambda: "f1 Keys" in screen_text(app).splitlines()[-1], "f1 Keys")
        keys = footer_keys(screen_text(app).splitlines()[-1])
        assert all(key in WHOLE_KEYS for key in keys), keys
        assert keys[0] == "q/esc Stop"
        assert keys[-1] == "f1 Keys"
