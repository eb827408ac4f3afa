"""The player screen: what it shows, every key, the pacer, layouts, and timing from the clock.

Time is a FakeClock moved by the tests; the screen is asked to read it with ``tick()`` (its own
timer does the same on a real clock). Nothing sleeps.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from numbtui.conductor import BOUNDARY_MARGIN, MAX_INTERVAL
from numbtui.exercise import BreatheStep, Exercise, ExerciseFile, Phase, Source
from numbtui.loader import load_file
from numbtui.scene import WAIT_HINT
from numbtui.session import PHASE_LEVELS, BreathState, Session, Status
from numbtui.settings import Settings
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.widgets.pacer import (
    EMPTY,
    FILLED,
    MAX_HALF,
    MOVES_PER_SECOND,
    Pacer,
    bar_text,
    fill_level,
    moves,
    pacer_view,
    until_next_level,
)
from numbtui.tui.widgets.progress import BAR, PracticeProgress, Readout, bar_cells
from tests.fakes import FakeClock
from tests.tui_helpers import footer_text, make_app, no_timer, screen_text, until, until_shown

DATA = Path(__file__).parent / "data"
MARKUP_FILE = DATA / "good" / "markup-and-escapes.yaml"


def exercise_of(*steps: dict[str, Any], title: str = "Test practice") -> Exercise:
    spec = ExerciseFile.model_validate(
        {"title": title, "summary": "For tests.", "steps": list(steps)}
    )
    return Exercise(id="test", spec=spec, source=Source.PATH)


GUIDE = {"kind": "guide", "text": "Notice your feet on the floor.", "seconds": 10}
WAITING = {"kind": "prompt", "text": "Name five things you can see.", "hint": "Look around."}
BREATHE = {
    "kind": "breathe",
    "text": "Follow the pacer.",
    "inhale": 4,
    "hold": 4,
    "exhale": 4,
    "hold_empty": 2,
    "cycles": 2,
}
WALK = {"kind": "walk", "text": "Walk slowly.", "seconds": 20, "steps_in": 3, "steps_out": 3}


class Harness:
    """The app with a player pushed on top, its clock, and what the player returned."""

    def __init__(self, app: NumbtuiApp, clock: FakeClock, session: Session) -> None:
        self.app = app
        self.clock = clock
        self.session = session
        self.results: list[object] = []

    @property
    def player(self) -> PlayerScreen:
        screen = self.app.screen
        assert isinstance(screen, PlayerScreen)
        return screen

    @property
    def over(self) -> bool:
        return self.session.over

    def advance(self, seconds: float, step: float = 0.25) -> None:
        """Move the clock in small steps, reading the session after each (as the timer does)."""
        left = seconds
        while left > 1e-9 and not self.over:
            move = min(step, left)
            self.clock.advance(move)
            left -= move
            self.player.tick()

    def text(self) -> str:
        return screen_text(self.app)


async def open_player(
    pilot: Any, app: NumbtuiApp, clock: FakeClock, exercise: Exercise, *, lead_in: float = 0
) -> Harness:
    session = Session(exercise.steps, clock, lead_in=lead_in)
    harness = Harness(app, clock, session)
    player = PlayerScreen(exercise, session)
    app.push_screen(player, harness.results.append)
    # Drawn, keys and all (the Footer lists them a frame after the screen's own widgets).
    await until(
        pilot,
        lambda: app.screen is player and player.snapshot is not None and footer_text(app),
        "the player to be drawn with its footer",
    )
    return harness


# -- every bundled exercise, start to end ----------------------------------------------------


def bundled_ids() -> list[str]:
    from numbtui.library import discover

    return [exercise.id for exercise in discover(user=Path("/nonexistent")).exercises]


@pytest.mark.parametrize("exercise_id", bundled_ids())
async def test_every_bundled_exercise_plays_to_the_end(tmp_path: Path, exercise_id: str) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(checkin=False, lead_in_seconds=3))
    async with app.run_test(size=(80, 24)) as pilot:
        exercise = app.context.library.require(exercise_id)
        app.start_practice(exercise)
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen), "the player")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        session = player.session
        assert player.snapshot is not None
        assert player.snapshot.status is Status.LEAD_IN
        seen_steps = set()
        budget = exercise.total_seconds + 3 + 60
        while app.screen is player:
            snapshot = player.tick()
            seen_steps.add(snapshot.step_index)
            if snapshot.status is Status.WAITING:
                await pilot.press("enter")
            else:
                clock.advance(1.0)  # the session needs a reading at least every second
                budget -= 1.0
                assert budget > 0, "the exercise did not end in time"
        await until(pilot, lambda: type(app.screen).__name__ == "RatingScreen", "the rating screen")
        assert session.finished
        assert seen_steps == set(range(len(exercise.steps)))
        assert round(session.snapshot().elapsed) == round(exercise.total_seconds)
        assert type(app.screen).__name__ == "RatingScreen"
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", "home again")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_lead_in_comes_from_the_settings_and_space_skips_it(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(checkin=False, lead_in_seconds=5))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_practice(app.context.library.require("breathing-4-4-4"))
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen), "the player")
        player = app.screen
        assert isinstance(player, PlayerScreen)
        text = await until_shown(pilot, "Get ready", "space Begin now")
        assert "Get ready" in text
        assert "Beginning in 5" in text
        assert "space Begin now" in text
        clock.advance(1)
        player.tick()
        await until_shown(pilot, "Beginning in 4")
        assert "Beginning in 4" in screen_text(app)
        await pilot.press("space")
        assert player.session.status is Status.RUNNING
        assert player.session.snapshot().lead_in_remaining is None
        await until(pilot, lambda: "Get ready" not in screen_text(app), "the lead-in to go")
        assert "Get ready" not in screen_text(app)
        assert player.exercise.steps[0].text.split()[0] in screen_text(app)


# -- what a step shows --------------------------------------------------------------------------


async def test_a_timed_step_shows_text_countdown_and_progress(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, WALK))
        h.advance(3)
        await until_shown(pilot, "0:07 left in this step", "0:03 / 0:30")
        text = h.text()
        assert "Notice your feet on the floor." in text
        assert "0:07 left in this step" in text
        assert "step 1 of 2" in text
        assert "0:03 / 0:30" in text
        assert "Test practice" in text
        view = h.player.query_one(PracticeProgress).view
        assert view is not None
        assert (view.elapsed, view.total) == (3, 30)
        progress_row = next(line for line in text.splitlines() if "step 1 of 2" in line)
        assert BAR in progress_row  # room for the bar at 80 columns


def test_the_progress_bar_fills_in_half_cells() -> None:
    assert bar_cells(10, 0.0) == ("", BAR * 10)
    assert bar_cells(10, 0.5) == (BAR * 5, "╺" + BAR * 4)
    assert bar_cells(10, 0.55) == (BAR * 5 + "╸", BAR * 4)
    assert bar_cells(10, 1.0) == (BAR * 10, "")
    assert bar_cells(10, 2.0) == (BAR * 10, "")
    assert all(len("".join(bar_cells(10, k / 40))) == 10 for k in range(41))


async def test_a_narrow_progress_row_leaves_the_bar_out(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(40, 12)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, WALK))
        h.advance(3)
        await until_shown(pilot, "0:03 / 0:30")
        progress_row = next(line for line in h.text().splitlines() if "step 1 of 2" in line)
        assert progress_row.strip() == "step 1 of 2  0:03 / 0:30"


async def test_a_walking_step_shows_its_cadence(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(WALK))
        await until_shown(pilot, "3 steps in · 3 steps out")
        assert "3 steps in · 3 steps out" in h.text()
        assert "Walk slowly." in h.text()


async def test_a_waiting_prompt_says_which_key_goes_on_and_enter_goes_on(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, WAITING, GUIDE))
        await pilot.press("enter")  # not waiting yet: Enter does nothing
        assert h.session.snapshot().step_index == 0
        h.advance(10)
        await until_shown(pilot, WAIT_HINT)
        assert h.session.status is Status.WAITING
        text = h.text()
        assert "Name five things you can see." in text
        assert "Look around." in text
        assert WAIT_HINT in text  # the key is named once, in words, not again in the Footer
        assert "Go on" not in text.splitlines()[-1]
        assert "f1 Keys" in text.splitlines()[-1]
        await pilot.press("space")  # paused: one instruction that works, not two
        await until_shown(pilot, "Paused · press Space to go on")
        assert WAIT_HINT not in h.text()
        await pilot.press("space")
        await until_shown(pilot, WAIT_HINT)
        h.advance(30)  # waiting is not timed: it stays until a key
        assert h.session.snapshot().step_index == 1
        await pilot.press("enter")
        await until(pilot, lambda: WAIT_HINT not in h.text(), "the waiting hint to go")
        assert h.session.snapshot().step_index == 2
        assert h.session.status is Status.RUNNING
        assert WAIT_HINT not in h.text()


async def test_finishing_dismisses_the_player(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE))
        h.advance(10.25)
        await until(pilot, lambda: not isinstance(app.screen, PlayerScreen), "the player to go")
        assert h.session.finished
        assert h.results == [None]
        assert not isinstance(app.screen, PlayerScreen)


# -- keys -----------------------------------------------------------------------------------------


async def test_space_pauses_the_clock_and_space_goes_on(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, GUIDE))
        h.advance(2)
        await pilot.press("space")
        await until_shown(pilot, "Paused · press Space to go on", "space Go on")
        assert h.session.status is Status.PAUSED
        assert "Paused · press Space to go on" in h.text()
        assert "space Go on" in h.text()
        assert h.player.tick_delay is None  # nothing to redraw while paused
        clock.advance(60)
        h.player.tick()
        assert h.session.snapshot().elapsed == pytest.approx(2)
        await pilot.press("space")
        await until(pilot, lambda: "Paused" not in h.text(), "the pause to end on screen")
        assert h.session.status is Status.RUNNING
        assert "Paused" not in h.text()
        h.advance(1)
        assert h.session.snapshot().elapsed == pytest.approx(3)


@pytest.mark.parametrize(("forward", "back"), [("n", "p"), ("right", "left")])
async def test_next_and_previous_step_keys(tmp_path: Path, forward: str, back: str) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, WALK, GUIDE))
        await pilot.press(forward)
        await until_shown(pilot, "Walk slowly.", "step 2 of 3")
        assert h.session.snapshot().step_index == 1
        assert "Walk slowly." in h.text()
        assert "step 2 of 3" in h.text()
        await pilot.press(forward)
        assert h.session.snapshot().step_index == 2
        await pilot.press(back)
        assert h.session.snapshot().step_index == 1
        await pilot.press(back, back)
        assert h.session.snapshot().step_index == 0
        await pilot.press(forward, forward, forward)  # past the last step: finished
        await until(pilot, lambda: h.results, "the player to return")
        assert h.session.finished
        assert h.results == [None]


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_q_and_escape_stop_at_once(tmp_path: Path, key: str) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, GUIDE), lead_in=3)
        h.advance(5)
        await pilot.press(key)
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", "home again")
        assert h.session.stopped
        assert h.results == [None]
        # No question asked: the screen under the player is back straight away.
        assert type(app.screen).__name__ == "HomeScreen"


async def test_stop_works_in_the_lead_in_and_while_paused(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE), lead_in=3)
        await pilot.press("space", "space")  # skip the lead-in, then pause
        assert h.session.status is Status.PAUSED
        await pilot.press("q")
        await until(pilot, lambda: h.results, "the player to return")
        assert h.session.stopped
        assert h.results == [None]


async def test_the_footer_shows_the_keys_that_apply_now(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE), lead_in=3)
        await until_shown(pilot, "q/esc Stop", "space Begin now", footer=True)
        footer = h.text().splitlines()[-1]
        for shown in ("q/esc Stop", "space Begin now", "n Next", "p Previous", "f2 Support"):
            assert shown in footer
        assert "Go on" not in footer


async def test_another_screen_covering_the_player_pauses_it(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, GUIDE))
        h.advance(2)
        player = h.player
        await app.push_screen(Screen())
        await until(pilot, lambda: h.session.status is Status.PAUSED, "the player to pause")
        assert h.session.status is Status.PAUSED
        clock.advance(30)
        app.pop_screen()
        await until(pilot, lambda: app.screen is player, "the player back on top")
        # It stays paused until the user says so.
        assert h.session.status is Status.PAUSED
        assert player.session.snapshot().elapsed == pytest.approx(2)
        await pilot.press("space")
        assert h.session.status is Status.RUNNING


async def test_a_long_gap_between_readings_pauses_and_says_so(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE))
        h.advance(2)
        clock.advance(120)  # the process was stopped (Ctrl+Z) for two minutes
        h.player.tick()
        await until_shown(pilot, "Paused while you were away")
        assert h.session.status is Status.PAUSED
        assert "Paused while you were away" in h.text()
        assert h.session.snapshot().elapsed == pytest.approx(2)


# -- the pacer --------------------------------------------------------------------------------


def breath_state(phase: Phase, remaining: float, seconds: float = 4) -> BreathState:
    """The pacer ``remaining`` seconds before the end of a ``seconds``-long ``phase``."""
    start, end = PHASE_LEVELS[phase]
    elapsed = seconds - remaining
    return BreathState(
        phase=phase,
        phase_index=0,
        phase_seconds=seconds,
        phase_elapsed=elapsed,
        phase_remaining=remaining,
        fill=start + (end - start) * elapsed / seconds,
        fill_from=start,
        fill_to=end,
        cycle=3,
        cycles=10,
    )


def test_every_phase_looks_different_without_colour() -> None:
    pictures = {
        phase: (
            pacer_view(breath_state(phase, 2), 10, motion=True).heading,
            bar_text(phase, 5, 10),
        )
        for phase in Phase
    }
    assert len(set(pictures.values())) == len(Phase) == 5
    assert len({heading for heading, _ in pictures.values()}) == 5
    assert len({bar for _, bar in pictures.values()}) == 5
    assert pictures[Phase.INHALE][1] == "·····◀████████▶·····"
    assert pictures[Phase.TOP_UP][0] == "△ Breathe in a little more"
    assert pictures[Phase.TOP_UP][1] == "·····◁████████▷·····"
    assert pictures[Phase.EXHALE][1] == "·····▶████████◀·····"
    assert pictures[Phase.HOLD][1] == FILLED * 20
    assert pictures[Phase.HOLD_EMPTY][1] == EMPTY * 20


@pytest.mark.parametrize(("level", "filled"), [(0, 0), (1, 2), (3, 6), (10, 20), (12, 20)])
def test_the_bar_fills_from_the_middle(level: int, filled: int) -> None:
    bar = bar_text(Phase.INHALE, level, 10)
    assert len(bar) == 20
    assert sum(char != EMPTY for char in bar) == filled
    assert bar == bar[::-1].translate(str.maketrans("◀▶", "▶◀"))  # symmetric


def test_the_pacer_counts_down_whole_seconds_and_never_shows_zero() -> None:
    view = pacer_view(breath_state(Phase.INHALE, 0.2), 10, motion=True)
    assert view.seconds_left == 1
    assert view.level == 9  # 95% of the way in, halfway between two moves: the earlier one
    assert view.breath_line == "breath 3 of 10"
    assert pacer_view(breath_state(Phase.INHALE, 4.0), 10, motion=True).seconds_left == 4
    assert pacer_view(breath_state(Phase.INHALE, 2.0), 10, motion=False).level == 0


@pytest.mark.parametrize(
    ("seconds", "counts"),
    [
        (4.0, [4, 3, 2, 1]),
        # A fractional phase counts down from its whole seconds, never from one more: the
        # number changes as each second of the phase begins, the last held to the end.
        (5.5, [5, 4, 3, 2, 1, 1]),
        (2.5, [2, 1, 1]),
        (0.5, [1]),
    ],
)
def test_the_count_changes_as_each_second_of_the_phase_begins(
    seconds: float, counts: list[int]
) -> None:
    def count(elapsed: float) -> int:
        breath = breath_state(Phase.EXHALE, seconds - elapsed, seconds)
        return pacer_view(breath, 10, motion=True).seconds_left

    # A reading a quarter second into each second of the phase.
    shown = [count(k + 0.25) for k in range(math.ceil(seconds)) if k + 0.25 < seconds]
    assert shown == counts
    assert count(0.0) == counts[0]


def laid_out(pacer: Pacer) -> bool:
    """The pacer has its full width at 80 columns and shows a bar of that width (the screen
    read the session again once the pacer's size was known)."""
    view = pacer.view
    return view is not None and view.half == pacer.half == MAX_HALF


def pacer_lines(h: Harness) -> list[str]:
    pacer = h.player.query_one(Pacer)
    lines = [strip.text for strip in pacer.render_lines(pacer.region.reset_offset)]
    return [line.strip() for line in lines]


# The bar shows where the breath is, not where it is heading: empty as the in-breath begins,
# half full halfway through, full as the hold begins.
PACER_TIMES = [
    (0.0, "▲ Breathe in · 4", 0.0),
    (2.0, "▲ Breathe in · 2", 0.5),
    (3.0, "▲ Breathe in · 1", 0.75),
    (5.0, "■ Hold · 3", 1.0),
    (10.0, "▼ Breathe out · 2", 0.5),
    (11.0, "▼ Breathe out · 1", 0.25),
    (13.0, "□ Rest · 1", 0.0),
]


async def test_the_pacer_fills_and_empties_with_the_breath(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(BREATHE))
        pacer = h.player.query_one(Pacer)
        await until(pilot, lambda: laid_out(pacer), "the pacer to be laid out")
        for at, heading, level in PACER_TIMES:
            h.advance(at - clock.now)
            await pilot.pause()
            assert pacer.display
            first, bar, breath = pacer_lines(h)
            assert (at, first) == (at, heading)
            assert breath == "breath 1 of 2"
            half = pacer.half
            assert len(bar) == 2 * half
            filled = sum(char != EMPTY for char in bar)
            assert (at, filled) == (at, round(level * half) * 2)
            if heading.startswith("▲") and level:
                assert bar.index("◀") < bar.index("▶")  # arrows point outward: filling
            if heading.startswith("▼") and level:
                assert bar.index("▶") < bar.index("◀")  # arrows point inward: emptying
            if heading.startswith("■"):
                assert set(bar) == {FILLED}
            if heading.startswith("□"):
                assert set(bar) == {EMPTY}


TOP_UP: dict[str, Any] = {
    "kind": "breathe",
    "text": "In, a little more, then a long breath out.",
    "inhale": 4,
    "top_up": 1,
    "exhale": 8,
    "cycles": 2,
}


def top_up_breath_at(t: float) -> BreathState:
    """The pacer's breath ``t`` seconds into the TOP_UP step, from a real session."""
    clock = FakeClock()
    session = Session(exercise_of(TOP_UP).steps, clock, lead_in=0, gap_limit=math.inf)
    session.start()
    clock.now = t
    breath = session.snapshot().breath
    assert breath is not None
    return breath


def test_a_top_up_fills_the_last_part_of_the_bar() -> None:
    half = 20
    # Breathing in for 4 s fills four fifths of the bar (16 cells), never more...
    assert top_up_breath_at(2.0).phase is Phase.INHALE
    assert fill_level(top_up_breath_at(2.0), half) == 8
    assert fill_level(top_up_breath_at(3.999), half) == 16
    # ...and the top-up starts there and fills the last fifth in its 1 s.
    start = top_up_breath_at(4.0)
    assert start.phase is Phase.TOP_UP
    assert fill_level(start, half) == 16
    assert fill_level(top_up_breath_at(4.5), half) == 18
    assert fill_level(top_up_breath_at(4.75), half) == 19
    assert fill_level(top_up_breath_at(5.0), half) == half  # full as the breath out begins
    # Four cells in one second: the next one is due within a quarter of a second.
    due = until_next_level(start, half)
    assert due is not None
    assert 0 < due <= 0.25


# (time, heading, filled cells each side) for in 4, a little more 1, out 8 on a 40-cell bar.
TOP_UP_TIMES = [
    (0.0, "▲ Breathe in · 4", 0),
    (3.0, "▲ Breathe in · 1", 12),
    (4.0, "△ Breathe in a little more · 1", 16),
    (4.5, "△ Breathe in a little more · 1", 18),
    (4.75, "△ Breathe in a little more · 1", 19),
    (5.0, "▼ Breathe out · 8", 20),
    (13.0, "▲ Breathe in · 4", 0),
    (17.25, "△ Breathe in a little more · 1", 17),
]


async def test_the_pacer_shows_the_top_up_filling_the_last_part(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(TOP_UP))
        pacer = h.player.query_one(Pacer)
        await until(pilot, lambda: laid_out(pacer), "the pacer to be laid out")
        for at, heading, level in TOP_UP_TIMES:
            h.advance(at - clock.now)
            await until(
                pilot, lambda heading=heading: pacer_lines(h)[0] == heading, f"{heading} at {at}"
            )
            bar = pacer_lines(h)[1]
            assert (at, sum(char != EMPTY for char in bar)) == (at, 2 * level)
            if heading.startswith("△"):
                assert bar.index("◁") < bar.index("▷")  # hollow arrows, pointing outward


async def test_the_pacer_counts_breaths(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(BREATHE))
        h.advance(15)
        await until_shown(pilot, "▲ Breathe in · 3", "breath 2 of 2")
        assert pacer_lines(h)[2] == "breath 2 of 2"
        assert "▲ Breathe in · 3" in h.text()


async def test_the_pacer_is_hidden_on_other_steps_and_while_getting_ready(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(BREATHE, GUIDE), lead_in=3)
        pacer = h.player.query_one(Pacer)
        assert not pacer.display
        h.advance(3)
        await pilot.pause()
        assert pacer.display
        await pilot.press("n")
        assert not pacer.display
        await until(pilot, lambda: "Breathe in" not in h.text(), "the pacer to go")
        assert "Breathe in" not in h.text()


async def test_reduced_motion_shows_the_word_and_a_countdown_without_a_bar(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(reduce_motion=True))
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(BREATHE))
        h.advance(2)
        await until_shown(pilot, "▲ Breathe in", "breath 1 of 2")
        first, second, third = pacer_lines(h)
        assert first == "▲ Breathe in"
        assert second == "2"
        assert third == "breath 1 of 2"
        assert FILLED not in h.text()
        # No animation: the next reading is when the digit changes, a second later.
        assert h.player.tick_delay == pytest.approx(MAX_INTERVAL)


async def test_the_next_reading_comes_when_the_count_or_the_bar_moves(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, BREATHE))
        assert h.player.tick_delay is not None
        assert 0.5 < h.player.tick_delay <= 1.0  # a countdown in whole seconds
        h.advance(10.25)
        # The pacer is laid out: its width sets when its cells move.
        await until(pilot, lambda: laid_out(h.player.query_one(Pacer)), "the pacer laid out")
        assert h.player.query_one(Pacer).half == MAX_HALF
        # The next move of the bar: 12 in the 4 s in-breath, each shown halfway to it: the
        # second at 0.5 s, 0.25 s from this reading.
        await assert_next_reading_moves_the_bar(h, pilot, 0.25)
        h.advance(14.5 - h.clock.now)  # holding: the bar is still, the digit changes at 15 s
        assert h.player.tick_delay == pytest.approx(0.5 + BOUNDARY_MARGIN)
        await pilot.press("space")
        assert h.player.tick_delay is None


async def test_a_short_breath_moves_the_bar_between_the_seconds(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    quick = {"kind": "breathe", "text": "Quick.", "inhale": 2, "exhale": 2, "cycles": 2}
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(quick))
        h.advance(0.27)
        await until(pilot, lambda: laid_out(h.player.query_one(Pacer)), "the pacer laid out")
        # 6 moves in 2 s, one every 1/3 s, each shown halfway to it: the next at 0.5 s.
        await assert_next_reading_moves_the_bar(h, pilot, 0.5 - 0.27)


async def assert_next_reading_moves_the_bar(h: Harness, pilot: Any, until_move: float) -> None:
    """The player's next reading is due just after ``until_move`` s, when the bar moves."""
    assert h.player.tick_delay == pytest.approx(until_move + BOUNDARY_MARGIN)
    before = pacer_lines(h)[1]
    h.clock.advance(until_move - 0.002)
    h.player.tick()
    await pilot.pause()
    assert pacer_lines(h)[1] == before  # not a moment early
    h.clock.advance(0.002 + BOUNDARY_MARGIN)
    h.player.tick()
    await pilot.pause()
    assert pacer_lines(h)[1] != before  # and no later


@pytest.mark.parametrize("half", [3, 8, 10, 20])
@pytest.mark.parametrize("phase", [Phase.INHALE, Phase.EXHALE])
def test_the_bar_moves_evenly_within_half_a_move_of_the_breath(half: int, phase: Phase) -> None:
    readings = 480
    count = moves(breath_state(phase, 4), half)
    assert count == min(half, 4 * MOVES_PER_SECOND)
    widest = -(-half // count)  # cells in the largest move
    levels = [fill_level(breath_state(phase, 4 - 4 * k / readings), half) for k in range(readings)]
    for k, level in enumerate(levels):
        true_level = breath_state(phase, 4 - 4 * k / readings).fill * half
        assert abs(level - true_level) <= widest / 2 + 1e-9  # half a move, ahead or behind
    moved = [k for k in range(1, readings) if levels[k] != levels[k - 1]]
    assert len(moved) == count  # one change per move, the last before the end
    gaps = [moved[i + 1] - moved[i] for i in range(len(moved) - 1)]
    assert max(gaps) <= 1.5 * min(gaps) + 1  # about evenly spaced in time
    assert levels[0] == (0 if phase is Phase.INHALE else half)  # the breath's start, exactly
    assert fill_level(breath_state(Phase.HOLD, 2), half) == half
    assert fill_level(breath_state(Phase.HOLD_EMPTY, 2), half) == 0


@pytest.mark.parametrize("half", [3, 10, 20])
@pytest.mark.parametrize("phase", [Phase.INHALE, Phase.EXHALE])
def test_the_next_reading_is_when_the_bar_next_moves(half: int, phase: Phase) -> None:
    for k in range(400):
        remaining = 4 - k / 100
        level = fill_level(breath_state(phase, remaining), half)
        due = until_next_level(breath_state(phase, remaining), half)
        if due is None:  # no move left in this phase: the level holds to its end
            assert all(
                fill_level(breath_state(phase, r), half) == level for r in (remaining / 2, 1e-6)
            )
            continue
        assert fill_level(breath_state(phase, remaining - max(0.0, due - 1e-4)), half) == level
        assert fill_level(breath_state(phase, remaining - due - 1e-4), half) != level
    assert until_next_level(breath_state(Phase.HOLD, 2.0), half) is None


def test_a_four_second_breath_at_80_columns_shows_at_least_twelve_fills() -> None:
    fills = {fill_level(breath_state(Phase.INHALE, 4 - k / 100), MAX_HALF) for k in range(400)}
    assert len(fills) >= 12
    assert min(fills) == 0
    assert max(fills) == MAX_HALF


async def test_a_reading_that_changes_nothing_repaints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    drawn: set[tuple[str, int]] = set()
    for widget in (Readout, Pacer, PracticeProgress):
        original = widget.render_line

        def recording(self: Any, y: int, _original: Any = original) -> Any:
            drawn.add((self.id, y))
            return _original(self, y)

        monkeypatch.setattr(widget, "render_line", recording)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, BREATHE))
        h.advance(14.25)  # holding on the breathing step: nothing moves until 15 s
        pacer = h.player.query_one(Pacer)
        await until(pilot, lambda: laid_out(pacer) and "■ Hold" in h.text(), "the hold to be drawn")
        drawn.clear()
        for _ in range(3):
            h.advance(0.2)
            await pilot.pause()
        assert drawn == set()
        h.advance(0.25)  # 15.1 s: the seconds change, so only the lines showing them are drawn
        await until(pilot, lambda: drawn, "the new seconds to be drawn")
        assert drawn == {("pacer", 0), ("player-progress", 0), ("step-countdown", 0)}
        drawn.clear()
        h.advance(3)  # 18.1 s: breathing out, the bar moves too; the breath count stays
        await until(pilot, lambda: ("pacer", 0) in drawn, "the out-breath to be drawn")
        assert {line for widget, line in drawn if widget == "pacer"} == {0, 1}


async def test_a_ticking_countdown_repaints_without_a_layout_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, GUIDE))
        countdown = h.player.query_one("#step-countdown", Readout)
        layouts: list[bool] = []
        original = countdown.refresh

        def recording(*regions: Any, **options: Any) -> Any:
            layouts.append(bool(options.get("layout")))
            return original(*regions, **options)

        monkeypatch.setattr(countdown, "refresh", recording)
        h.advance(1)
        assert countdown.text == "0:09 left in this step"
        assert layouts == [False]
        countdown.show("A longer line that needs more room than it had")
        assert layouts == [False, True]


async def test_text_is_redrawn_only_when_what_it_shows_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    redraws: list[float] = []
    original = PlayerScreen._show_text

    def counting(self: PlayerScreen, snapshot: Any) -> None:
        redraws.append(clock.now)
        original(self, snapshot)

    monkeypatch.setattr(PlayerScreen, "_show_text", counting)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, BREATHE))
        assert redraws == [0.0]
        h.player.tick()
        h.advance(0.75)  # still "0:10 left": nothing new to show
        assert redraws == [0.0]
        h.advance(0.5)  # now "0:09 left"
        assert redraws == [0.0, 1.0]
        h.advance(11.0)  # on the breathing step, the pacer animates but text waits for seconds
        assert len(redraws) == 2 + 11


async def test_bell_rings_and_flashes_at_each_step_and_phase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(bell=True))
    rings: list[float] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(clock.now))
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, BREATHE))
        h.advance(9.5)
        assert rings == []
        h.advance(1)  # the breathing step begins
        assert rings == [10.0]
        assert h.player.query_one("#player-main").has_class("-flash")
        h.advance(4)  # inhale -> hold
        assert rings == [10.0, 14.0]


async def test_no_bell_unless_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    rings: list[float] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(clock.now))
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, BREATHE))
        h.advance(16)
        assert h.session.snapshot().breath is not None
        assert rings == []


# -- text from files, layouts and resizing ---------------------------------------------------


async def test_markup_like_text_is_shown_literally(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    exercise = load_file(MARKUP_FILE)
    async with app.run_test(size=(100, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise)
        text = await until_shown(pilot, "Brackets [bold]not bold[/]")
        assert "Literal [/] and [@click=app.quit]quit[/] and [bold]bold[/bold]" in text
        assert "Brackets [bold]not bold[/]" in text
        assert "\x1b" not in text
        h.advance(5)
        await until_shown(pilot, "Waits: [link=https://example.invalid]a link[/link]")
        assert "Waits: [link=https://example.invalid]a link[/link]" in h.text()
        await pilot.press("enter")
        await until_shown(pilot, "Breathe [b]")
        assert "Breathe [b]" in h.text()
        assert app.is_running


async def test_a_40_by_12_terminal_shows_the_step_and_the_stop_key(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(40, 12)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, BREATHE))
        h.advance(1)
        await until_shown(pilot, "0:09 left in this step")
        text = h.text()
        assert "Notice your feet on the floor." in text
        assert "0:09 left in this step" in text
        assert "step 1 of 2" in text
        assert "q/esc Stop" in text.splitlines()[-1]
        h.advance(11)
        await until_shown(pilot, "Follow the pacer.", "▲ Breathe in")
        assert "Follow the pacer." in h.text()
        assert "▲ Breathe in" in h.text()
        assert "breath 1 of 2" in h.text()


async def test_a_resize_redraws_the_bar_for_its_new_width_at_once(tmp_path: Path) -> None:
    # The practice's timer is off: only the resize itself can make the bar fit its new width.
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, schedule=no_timer)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(BREATHE))
        h.advance(2)  # halfway into the in-breath
        pacer = h.player.query_one(Pacer)
        await until(pilot, lambda: laid_out(pacer), "the pacer at full width")
        for width, half in ((40, 20 - 4), (30, 15 - 4), (80, MAX_HALF)):
            await pilot.resize_terminal(width, 24)
            await until(pilot, lambda half=half: pacer.half == half, f"the pacer at {width}")
            await until(
                pilot,
                lambda half=half: pacer.view is not None and pacer.view.half == half,
                f"the bar redrawn at {width} columns",
            )
            assert pacer.view is not None
            assert pacer.view.level == half // 2  # still halfway, on the new width


async def test_resizing_mid_exercise_keeps_the_time(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        h = await open_player(pilot, app, clock, exercise_of(GUIDE, BREATHE))
        h.advance(12)
        before = h.session.snapshot()
        for size in ((40, 12), (30, 8), (120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            clock.advance(0.1)  # time goes on while the terminal changes size
            h.player.tick()
        await until_shown(pilot, "Follow the pacer.")
        after = h.session.snapshot()
        assert after.status is Status.RUNNING
        assert after.elapsed == pytest.approx(before.elapsed + 0.4)
        assert after.step_index == before.step_index == 1
        assert after.breath is not None
        assert after.breath.phase is Phase.INHALE
        assert "Follow the pacer." in h.text()


def test_the_breathing_fixture_is_what_the_pacer_tests_expect() -> None:
    step = exercise_of(BREATHE).steps[0]
    assert isinstance(step, BreatheStep)
    assert step.cycle_seconds == 14
