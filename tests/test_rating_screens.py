"""The check-in and rating screens on their own: keys, mouse, words, note, Enter and Escape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from numbtui.exercise import Exercise, expected_seconds
from numbtui.loader import load_file
from numbtui.rating import BLANK_WORD, NOTE_MAX, NOTHING_IS_AN_ANSWER, QUESTION_AFTER, Rating
from numbtui.tui import app as app_module
from numbtui.tui.screens.checkin import CheckinScreen, CheckinSkipped
from numbtui.tui.screens.rating import (
    FINISHED,
    NO_NUMBER_YET,
    STOPPED_EARLY,
    GroundingOffer,
    RatingScreen,
)
from numbtui.tui.widgets.scale import SCALE_KEYS_HINT, Scale
from numbtui.tui.widgets.words import WordChips, lay_out
from tests.tui_helpers import bundled_library, screen_text, until, until_shown

CSS = Path(app_module.__file__).with_name("app.tcss")
MARKUP = Path(__file__).parent / "data" / "good" / "markup-and-escapes.yaml"

# Every value of the scale and the keys that reach it from "nothing chosen": never more than 2.
KEYS_FOR_VALUE: list[tuple[int, tuple[str, ...]]] = [
    *((value, (str(value),)) for value in range(10)),
    (10, ("t",)),
    (10, ("end",)),
    (10, ("1", "0")),
    (10, ("9", "right")),
    (0, ("right",)),
    (0, ("home",)),
]


class ScreenApp(App[object]):
    """A bare app with numbtui's styles that shows one screen and keeps what it returned."""

    CSS_PATH = str(CSS)

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.shown = screen
        self.results: list[object] = []

    def compose(self) -> ComposeResult:
        return iter(())

    def on_mount(self) -> None:
        self.push_screen(self.shown, self.results.append)


@pytest.fixture
def exercise(tmp_path: Path) -> Exercise:
    found = bundled_library(tmp_path).get("body-scan")
    assert found is not None
    return found


def scale_of(app: App[object]) -> Scale:
    return app.screen.query_one(Scale)


async def answered(pilot: Pilot[Any]) -> None:
    """Wait for the screen's answer (its dismissal reaches the callback a little later)."""
    app = pilot.app
    assert isinstance(app, ScreenApp)
    await until(pilot, lambda: app.results, "the screen's answer")


async def ready(pilot: Pilot[Any]) -> None:
    """Wait for the screen to be drawn, with the scale focused (keys go there first)."""
    await until(
        pilot,
        lambda: scale_of(pilot.app).has_focus and screen_text(pilot.app).strip(),
        "the screen to be drawn with the scale focused",
    )


# -- the check-in -------------------------------------------------------------------------------


async def test_checkin_reaches_every_value_in_two_keys(exercise: Exercise) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        app.pop_screen()
        for value, keys in KEYS_FOR_VALUE:
            assert len(keys) <= 2
            app.results.clear()
            app.push_screen(CheckinScreen(exercise), app.results.append)
            await ready(pilot)
            assert scale_of(app).value is None
            await pilot.press(*keys)
            assert scale_of(app).value == value, keys
            await pilot.press("enter")
            await answered(pilot)
            assert app.results == [value], keys


async def test_checkin_starts_with_nothing_chosen_and_says_nothing_is_an_answer(
    exercise: Exercise,
) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text = await until_shown(pilot, "Check-in · Body scan", NOTHING_IS_AN_ANSWER)
        assert "Check-in · Body scan" in text
        assert "no number chosen yet" in text
        assert NOTHING_IS_AN_ANSWER in text
        assert scale_of(app).value is None
        assert scale_of(app).has_focus


async def test_checkin_arrows_move_by_one_and_stop_at_the_ends(exercise: Exercise) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("left")
        assert scale_of(app).value == 0
        await pilot.press("left")
        assert scale_of(app).value == 0
        await pilot.press("right", "right", "plus")
        assert scale_of(app).value == 3
        await pilot.press("minus")
        assert scale_of(app).value == 2
        await pilot.press("t", "right")
        assert scale_of(app).value == 10


async def test_checkin_a_new_digit_replaces_the_old_one(exercise: Exercise) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7", "3")
        assert scale_of(app).value == 3
        await pilot.press("1", "0", "0")  # "10", then 0 on its own
        assert scale_of(app).value == 0
        await pilot.press("1", "right", "0")  # a key between 1 and 0: just 0
        assert scale_of(app).value == 0


async def test_checkin_s_begins_without_a_check_in(exercise: Exercise) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "s")
        await answered(pilot)
    assert app.results == [CheckinSkipped()]


async def test_checkin_escape_goes_back_without_starting(exercise: Exercise) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "escape")
        await answered(pilot)
    assert app.results == [None]


async def test_checkin_enter_with_nothing_chosen_asks_once_then_skips(exercise: Exercise) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await until_shown(pilot, "No number chosen, and that's all right.")
        assert app.results == []
        assert isinstance(app.screen, CheckinScreen)
        assert "No number chosen, and that's all right." in screen_text(app)
        await pilot.press("enter")
        await answered(pilot)
    assert app.results == [CheckinSkipped()]


async def test_checkin_choosing_after_the_reminder_brings_back_the_hint(
    exercise: Exercise,
) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "5")
        await until_shown(pilot, SCALE_KEYS_HINT)
        assert SCALE_KEYS_HINT in screen_text(app)
        await pilot.press("enter")
        await answered(pilot)
    assert app.results == [5]


async def test_checkin_a_click_on_a_number_chooses_it(exercise: Exercise) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click(Scale, offset=(7 * 4 + 2, 0))
        assert scale_of(app).value == 7
        await pilot.click(Scale, offset=(10 * 4 + 1, 1))
        assert scale_of(app).value == 10


async def test_checkin_shows_a_title_that_looks_like_markup_as_it_is(tmp_path: Path) -> None:
    exercise = load_file(MARKUP)
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await until_shown(pilot, "Check-in · Brackets [bold]not bold[/]")
        assert "Check-in · Brackets [bold]not bold[/]" in screen_text(app)


# -- the rating ---------------------------------------------------------------------------------


def rating_app(
    exercise: Exercise, *, stopped_early: bool = False, before: int | None = None
) -> ScreenApp:
    return ScreenApp(RatingScreen(exercise, stopped_early=stopped_early, before=before))


async def test_rating_reaches_every_value_in_two_keys(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        app.pop_screen()
        for value, keys in KEYS_FOR_VALUE:
            assert len(keys) <= 2
            app.results.clear()
            screen = RatingScreen(exercise, stopped_early=False, before=None)
            app.push_screen(screen, app.results.append)
            await ready(pilot)
            assert scale_of(app).value is None
            await pilot.press(*keys)
            assert scale_of(app).value == value, keys
            await pilot.press("enter")
            await answered(pilot)
            assert app.results == [Rating(value)], keys


async def test_rating_asks_gently_and_says_nothing_is_an_answer(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await until_shown(pilot, QUESTION_AFTER, NOTHING_IS_AN_ANSWER, BLANK_WORD)
        assert QUESTION_AFTER in text
        assert FINISHED in text
        assert STOPPED_EARLY not in text
        assert NOTHING_IS_AN_ANSWER in text
        assert BLANK_WORD in text
        assert "no number chosen yet" in text


async def test_rating_after_an_early_stop_says_stopping_is_fine(exercise: Exercise) -> None:
    app = rating_app(exercise, stopped_early=True, before=2)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await until_shown(pilot, STOPPED_EARLY, "Before, you chose 2.")
        assert STOPPED_EARLY in text
        assert FINISHED not in text
        assert "Before, you chose 2." in text
        assert scale_of(app).value is None  # the check-in does not pre-fill the answer


async def test_rating_words_and_note_then_enter_from_the_note_saves(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "tab")
        chips = app.screen.query_one(WordChips)
        assert chips.has_focus
        await pilot.press("space", "right", "space", "right", "space", "left", "space")
        assert chips.chosen == (BLANK_WORD, "cool")
        await pilot.press("tab", "tab", *"[b]x[/] 1", "enter")  # past one's own word
        await answered(pilot)
    assert app.results == [Rating(4, words=(BLANK_WORD, "cool"), note="[b]x[/] 1")]


async def test_rating_number_keys_in_the_note_are_text(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "tab", "tab", "tab", "7", "t")
        assert scale_of(app).value == 3
        assert app.screen.query_one("#rating-note", Input).value == "7t"


async def test_rating_number_keys_from_the_words_reach_the_scale(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "8")
        assert scale_of(app).value == 8
        await pilot.press("1", "0")
        assert scale_of(app).value == 10


async def test_rating_words_move_between_rows(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        chips = app.screen.query_one(WordChips)
        places = lay_out(chips.words, chips.content_size.width)
        assert places[-1].row >= 1  # the words take more than one row at 80 columns
        await pilot.press("down")
        assert places[chips.cursor].row == 1
        await pilot.press("up")
        assert places[chips.cursor].row == 0


async def test_rating_a_click_on_a_word_chooses_it_and_again_unchooses(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        chips = app.screen.query_one(WordChips)
        place = lay_out(chips.words, chips.content_size.width)[1]
        await pilot.click(WordChips, offset=(place.x + 1, place.row))
        assert chips.chosen == (chips.words[1],)
        await until_shown(pilot, f"✓ {chips.words[1]}")
        assert f"✓ {chips.words[1]}" in screen_text(app)
        await pilot.click(WordChips, offset=(place.x + 1, place.row))
        assert chips.chosen == ()


async def test_rating_escape_leaves_without_a_rating(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # nothing given: nothing to ask about
        await answered(pilot)
    assert app.results == [None]


async def test_rating_enter_with_no_number_asks_once_then_keeps_words(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "space", "enter")
        await until_shown(pilot, NO_NUMBER_YET)
        assert app.results == []
        assert NO_NUMBER_YET in screen_text(app)
        await pilot.press("enter")
        await answered(pilot)
    assert app.results == [Rating(None, words=(BLANK_WORD,))]


async def test_rating_enter_twice_with_nothing_at_all_gives_no_rating(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await answered(pilot)
    assert app.results == [None]


async def test_rating_note_is_capped(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)):
        assert app.screen.query_one("#rating-note", Input).max_length == NOTE_MAX
    assert len(Rating(1, note="x" * (NOTE_MAX + 20)).note) == NOTE_MAX


def test_rating_value_must_be_on_the_scale() -> None:
    with pytest.raises(ValueError, match="from 0 to 10"):
        Rating(11)
    assert Rating(None).empty
    assert not Rating(0).empty
    assert not Rating(None, note="x").empty


# -- the grounding offer ------------------------------------------------------------------------


CHOICES = [("five-senses", "Five senses (about 3 min)"), ("breathing-4-4-4", "Breathe 4-4-4")]


async def test_grounding_offer_is_kind_and_not_now_has_the_focus() -> None:
    app = ScreenApp(GroundingOffer(CHOICES))
    async with app.run_test(size=(80, 24)) as pilot:
        text = await until_shown(pilot, "You listened to yourself", "Not now")
        assert "You listened to yourself" in text
        assert "Five senses (about 3 min)" in text
        assert "Not now" in text
        await pilot.press("enter")  # a stray Enter must not start anything
        await answered(pilot)
    assert app.results == [None]


async def test_grounding_offer_escape_is_not_now() -> None:
    app = ScreenApp(GroundingOffer(CHOICES))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await answered(pilot)
    assert app.results == [None]


async def test_grounding_offer_returns_the_chosen_exercise() -> None:
    app = ScreenApp(GroundingOffer(CHOICES))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("Button.grounding-choice")
        await answered(pilot)
    assert app.results == ["five-senses"]


def test_expected_length_counts_waiting_prompts(tmp_path: Path) -> None:
    library = bundled_library(tmp_path)
    five = library.get("five-senses")
    breathing = library.get("breathing-4-4-4")
    assert five is not None
    assert breathing is not None
    assert round(expected_seconds(five.steps) / 60) == 3
    assert expected_seconds(breathing.steps) == breathing.total_seconds


def test_words_lay_out_in_rows_that_fit() -> None:
    places = lay_out(["aaaa", "bb", "cccccc"], 12)
    assert [(p.row, p.x, p.width) for p in places] == [(0, 0, 6), (0, 8, 4), (1, 0, 8)]
    for place in places:
        assert place.x + place.width <= 12


async def _type_at_once(pilot: Pilot[Any], *keys: tuple[str, str | None]) -> None:
    """Send keys the way a fast typist (or a paste) does: all queued before any is handled."""
    for key, character in keys:
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


async def test_checkin_a_quick_digit_and_enter_keep_their_order(exercise: Exercise) -> None:
    app = ScreenApp(CheckinScreen(exercise))
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_at_once(pilot, ("2", "2"), ("enter", "\r"))
        await answered(pilot)
    assert app.results == [2]


async def test_rating_a_quick_digit_and_enter_keep_their_order(exercise: Exercise) -> None:
    app = rating_app(exercise)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_at_once(pilot, ("4", "4"), ("enter", "\r"))
        await answered(pilot)
    assert app.results == [Rating(4)]


async def test_two_enters_in_one_read_save_once_and_close_only_the_rating(tmp_path: Path) -> None:
    # Keys that arrive together both reach the rating before its dismissal lands; the second
    # dismissal popped the screen underneath (here the last one: the app crashed).
    from textual import events

    from numbtui.options import LaunchOptions
    from tests.fakes import FakeClock
    from tests.tui_helpers import make_app, stored_records

    clock = FakeClock()
    options = LaunchOptions(exercise_id="breathing-4-4-4", checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: hasattr(app.screen, "tick"), "the player")
        for _ in range(3 + 20):
            clock.advance(1)
            app.screen.tick()  # type: ignore[attr-defined]
        await pilot.press("q", "5", "tab", "tab", "tab", *"calmer")  # Enter from the note, twice
        for _ in range(2):
            app._driver.send_message(events.Key("enter", "\r"))  # type: ignore[union-attr]
        await until(pilot, lambda: not app.is_running, "the app to end once the record is saved")
    assert app.return_code == 0
    [record] = stored_records(app)
    assert (record.after, record.note) == (5, "calmer")


async def test_a_screen_no_longer_on_top_does_not_dismiss_the_one_above() -> None:
    from textual.app import App

    from numbtui.tui.dismiss import DismissOnce

    class Lower(DismissOnce[None]):
        pass

    class Upper(DismissOnce[None]):
        pass

    app: App[None] = App()
    async with app.run_test() as pilot:
        lower, upper = Lower(), Upper()
        await app.push_screen(lower)
        await app.push_screen(upper)
        lower.dismiss(None)
        await pilot.pause()
        assert app.screen is upper
        upper.dismiss(None)
        await until(pilot, lambda: app.screen is lower, "the lower screen on top")
        assert app.screen is lower


async def test_a_digit_pressed_as_the_rating_opens_does_not_fail(tmp_path: Path) -> None:
    # The key reached the rating's bindings before its widgets were mounted (NoMatches).
    from textual import events

    from numbtui.options import LaunchOptions
    from tests.fakes import FakeClock
    from tests.tui_helpers import make_app, stored_records

    clock = FakeClock()
    options = LaunchOptions(exercise_id="breathing-4-4-4", checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: hasattr(app.screen, "tick"), "the player")
        for _ in range(3 + 20):
            clock.advance(1)
            app.screen.tick()  # type: ignore[attr-defined]
        app._driver.send_message(events.Key("q", "q"))  # type: ignore[union-attr]
        for _ in range(3):  # the stop, then digits while the rating is still being built
            app._driver.send_message(events.Key("7", "7"))  # type: ignore[union-attr]
        await until(pilot, lambda: type(app.screen).__name__ == "RatingScreen", "the rating screen")
        await pilot.press("enter")
        await until(pilot, lambda: not app.is_running, "the app to end once the record is saved")
    assert app.return_code == 0
    [record] = stored_records(app)
    assert record.finished is False
