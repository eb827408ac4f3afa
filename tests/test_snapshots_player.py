"""Snapshots of the home screen and the player (fixed exercises, a frozen fake clock).

Eight pictures: home, a breathing phase, a prompt waiting for a key, paused (light theme), the
40x12 layout, a step whose text looks like markup, and breathing in and out with NO_COLOR set.
Each test also checks the text the picture must contain, so a wrong picture cannot be accepted
by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from numbtui.exercise import Exercise, ExerciseFile, Source
from numbtui.library import Library
from numbtui.loader import load_file
from numbtui.session import Session
from numbtui.settings import Settings
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.home import FilterInput
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.widgets.pacer import Pacer
from tests.fakes import FakeClock
from tests.tui_helpers import footer_text, make_app, screen_text, until, until_shown

SnapCompare = Callable[..., bool]
MARKUP_FILE = Path(__file__).parent / "data" / "good" / "markup-and-escapes.yaml"


def exercise(exercise_id: str, title: str, summary: str, tags: list[str], *steps: Any) -> Exercise:
    spec = ExerciseFile.model_validate(
        {
            "title": title,
            "summary": summary,
            "description": f"{summary} Stopping is always fine.",
            "tags": tags,
            "steps": list(steps),
        }
    )
    return Exercise(id=exercise_id, spec=spec, source=Source.BUNDLED)


FEET = {"kind": "guide", "text": "Notice your feet on the floor.", "seconds": 30}
BREATHE = {
    "kind": "breathe",
    "text": "Follow the pacer. Gentle breaths are enough.",
    "inhale": 4,
    "hold": 4,
    "exhale": 4,
    "cycles": 10,
}
SEE = {"kind": "prompt", "text": "Name five things you can see.", "hint": "Colours, shapes."}
WALK = {"kind": "walk", "text": "Walk slowly.", "seconds": 60, "steps_in": 3, "steps_out": 3}

SCAN = exercise("scan", "Body scan", "A slow tour of your body.", ["body"], FEET, FEET)
BREATH = exercise("breath", "Even breathing", "In 4, hold 4, out 4.", ["breath"], FEET, BREATHE)
SENSES = exercise("senses", "Five senses", "Name what is around you.", ["senses"], FEET, SEE)
WALKING = exercise("walking", "Walking", "Steps and breath.", ["movement"], WALK)
LIBRARY = Library((SCAN, BREATH, SENSES, WALKING))


def player_app(tmp_path: Path, clock: FakeClock, settings: Settings | None = None) -> NumbtuiApp:
    return make_app(tmp_path, clock=clock, library=LIBRARY, settings=settings)


class Shown:
    """The screen's text as the picture is taken (the app is gone once the snapshot is)."""

    def __init__(self) -> None:
        self.text = ""


def play(
    app: NumbtuiApp,
    clock: FakeClock,
    chosen: Exercise,
    seconds: float,
    *keys: str,
    shown: Shown,
    expect: tuple[str, ...],
) -> Callable[[Pilot[object]], Any]:
    """A run_before that opens the player on ``chosen``, plays ``seconds`` and presses ``keys``,
    then waits until the screen shows ``expect`` (on a busy machine one pause is not enough)."""

    async def run_before(pilot: Pilot[object]) -> None:
        session = Session(chosen.steps, clock, lead_in=0)
        player = PlayerScreen(chosen, session)
        await app.push_screen(player)

        def drawn() -> bool:
            pacer = player.query_one(Pacer)
            view = pacer.view
            laid_out = not pacer.display or (view is not None and view.half == pacer.half)
            return app.screen is player and bool(footer_text(app)) and laid_out

        await until(pilot, drawn, "the player to be drawn")
        moved = 0.0
        while moved < seconds:
            clock.advance(0.5)
            moved += 0.5
            player.tick()
        await pilot.press(*keys)
        await until(pilot, drawn, "the player to be drawn")
        await until_shown(pilot, *expect)
        shown.text = screen_text(app)

    return run_before


def test_home(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = make_app(tmp_path, library=LIBRARY)

    shown = Shown()

    async def still_cursor(pilot: Pilot[object]) -> None:
        await pilot.pause()
        app.screen.query_one(FilterInput).cursor_blink = False
        # The detail pane is filled once the list is drawn; the footer's keys a frame later.
        await until_shown(pilot, "1. guided · 0:30", "Five senses")
        await until_shown(pilot, "⏎ Start", footer=True)
        shown.text = screen_text(app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=still_cursor)
    text = shown.text
    for expected in ("Body", "Breath", "Senses", "Movement", "Body scan  1:00", "Five senses"):
        assert expected in text
    assert "Five senses  1:00+" in text  # 0:30 timed and a step that waits (counted as 30 s)
    assert "A slow tour of your body. Stopping is" in text
    assert "1. guided · 0:30" in text


def test_breathing_phase(snap_compare: SnapCompare, tmp_path: Path) -> None:
    clock = FakeClock()
    shown = Shown()
    app = player_app(tmp_path, clock)
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=play(
            app, clock, BREATH, 32, shown=shown, expect=("▲ Breathe in · 2", "0:32 / 2:30")
        ),
    )
    text = shown.text
    assert "▲ Breathe in · 2" in text
    # Halfway through the in-breath the bar is half full (20 of 40 cells), not ahead of it.
    [bar] = [line.strip(" │") for line in text.splitlines() if "◀" in line]
    assert bar == "·" * 10 + "◀" + "█" * 18 + "▶" + "·" * 10
    assert "breath 1 of 10" in text
    assert "step 2 of 2" in text
    assert "0:32 / 2:30" in text


def test_prompt_waiting_for_a_key(snap_compare: SnapCompare, tmp_path: Path) -> None:
    clock = FakeClock()
    shown = Shown()
    app = player_app(tmp_path, clock)
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=play(
            app, clock, SENSES, 35, shown=shown, expect=("Colours, shapes.", "f1 Keys")
        ),
    )
    text = shown.text
    assert "Name five things you can see." in text
    assert "Colours, shapes." in text
    assert "Press Enter when you're ready to go on" in text
    assert "f5 Feels worse" in text


def test_paused_in_the_light_theme(snap_compare: SnapCompare, tmp_path: Path) -> None:
    clock = FakeClock()
    shown = Shown()
    app = player_app(tmp_path, clock, Settings(theme="numbtui-light"))
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=play(
            app,
            clock,
            WALKING,
            12,
            "space",
            shown=shown,
            expect=("Paused · press Space to go on", "space Go on"),
        ),
    )
    text = shown.text
    assert app.theme == "numbtui-light"
    assert "Paused · press Space to go on" in text
    assert "3 steps in · 3 steps out" in text
    assert "0:48 left in this step" in text
    assert "space Go on" in text


def test_player_at_40_by_12(snap_compare: SnapCompare, tmp_path: Path) -> None:
    clock = FakeClock()
    shown = Shown()
    app = player_app(tmp_path, clock)
    assert snap_compare(
        app,
        terminal_size=(40, 12),
        run_before=play(app, clock, BREATH, 35, shown=shown, expect=("■ Hold · 3", "q/esc Stop")),
    )
    text = shown.text
    assert "Follow the pacer." in text
    assert "■ Hold · 3" in text
    assert "step 2 of 2" in text
    assert "q/esc Stop space Pause f1 Keys" in text  # whole keys only, and F1 for the rest


def test_step_text_that_looks_like_markup(snap_compare: SnapCompare, tmp_path: Path) -> None:
    clock = FakeClock()
    shown = Shown()
    app = player_app(tmp_path, clock)
    chosen = load_file(MARKUP_FILE)
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=play(app, clock, chosen, 1, shown=shown, expect=("Brackets [bold]not bold[/]",)),
    )
    text = shown.text
    assert "Literal [/] and [@click=app.quit]quit[/] and [bold]bold[/bold] [31mred" in text
    assert "Brackets [bold]not bold[/]" in text


def test_breathing_in_without_colour(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()
    shown = Shown()
    app = player_app(tmp_path, clock)
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=play(app, clock, BREATH, 32, shown=shown, expect=("▲ Breathe in · 2",)),
    )
    assert app.no_color
    assert "▲ Breathe in · 2" in shown.text
    assert "breath 1 of 10" in shown.text


def test_breathing_out_without_colour(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without colour the phases differ by their word, their end glyph (▼ rather than ▲) and
    # the bar's length; this picture and the one above must be told apart in black and white.
    monkeypatch.setenv("NO_COLOR", "1")
    clock = FakeClock()
    shown = Shown()
    app = player_app(tmp_path, clock)
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=play(app, clock, BREATH, 39, shown=shown, expect=("▼ Breathe out · 3",)),
    )
    assert app.no_color
    assert "▼ Breathe out · 3" in shown.text
    # A quarter of the way out: three quarters full (30 of 40 cells).
    [bar] = [line.strip(" │") for line in shown.text.splitlines() if "◀" in line]
    assert bar == "·" * 5 + "▶" + "█" * 28 + "◀" + "·" * 5
    assert "▲" not in shown.text
