"""One's own words in the app: typed on the log (and the rating), kept once saved, offered
first next time with nothing chosen, forgotten with Delete; a bad file never in the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from numbtui import ownwords
from numbtui.moodlog import LogDraft
from numbtui.options import LaunchOptions
from numbtui.rating import WORDS
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.log import LogScreen
from numbtui.tui.screens.rating import ENOUGH_WORDS, RatingScreen
from numbtui.tui.widgets.words import WordChips
from tests.fakes import FakeClock
from tests.tui_helpers import footer_text, make_app, until, until_shown, until_workers_done, up
from tests.tui_helpers import stored_records as records

SIZE = (80, 24)
DATA = Path(__file__).parent / "data" / "own-words"


def own_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "own-words.json"


def chips(app: NumbtuiApp) -> WordChips:
    return app.screen.query_one(WordChips)


def own_box(app: NumbtuiApp) -> Input:
    return app.screen.query_one("#own-word", Input)


def rating_screen(app: NumbtuiApp) -> RatingScreen:
    screen = app.screen
    assert isinstance(screen, RatingScreen)  # the log's screen is one too
    return screen


def log_app(tmp_path: Path, draft: LogDraft | None = None) -> NumbtuiApp:
    return make_app(tmp_path, options=LaunchOptions(log=draft or LogDraft()))


async def type_own(pilot: Pilot[Any], app: NumbtuiApp, text: str) -> None:
    """Put ``text`` in the own-word box and press Enter there (Pilot cannot type every
    character a paste could bring)."""
    box = own_box(app)
    box.focus()
    await until(pilot, lambda: box.has_focus, "the own-word box")
    box.value = text
    await pilot.press("enter")


async def save_with(pilot: Pilot[Any], app: NumbtuiApp, digit: str) -> None:
    """Back to the scale (Escape leaves the box), the number, and Enter saves."""
    await pilot.press("escape", "shift+tab")
    await until(pilot, lambda: rating_screen(app).scale.has_focus, "the scale")
    await pilot.press(digit, "enter")


async def test_an_own_word_typed_on_the_log_is_saved_and_offered_first_next_time(
    tmp_path: Path,
) -> None:
    app = log_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await type_own(pilot, app, "  achy ")
        await until(pilot, lambda: chips(app).chosen == ("achy",), "the word to be chosen")
        assert chips(app).words == ("achy", *WORDS)
        assert own_box(app).value == ""
        await save_with(pilot, app, "3")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    assert app.return_value == "Logged · 3 · achy"
    [record] = records(app)
    assert record.words == ("achy",)
    assert ownwords.read(own_file(tmp_path)) == (("achy",), None)

    again = log_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        assert chips(again).words == ("achy", *WORDS)
        assert chips(again).chosen == ()  # offered, not chosen: each moment is its own


async def test_a_listed_word_typed_in_another_case_chooses_it_and_is_not_kept(
    tmp_path: Path,
) -> None:
    app = log_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await type_own(pilot, app, "TIRED")
        await until(pilot, lambda: chips(app).chosen == ("tired",), "tired to be chosen")
        assert chips(app).words == WORDS
        await save_with(pilot, app, "2")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    assert records(app)[0].words == ("tired",)
    assert not own_file(tmp_path).exists()


async def test_a_typed_word_with_an_escape_is_refused_gently_and_not_added(
    tmp_path: Path,
) -> None:
    hostile = (DATA / "typed-escape.txt").read_text(encoding="utf-8")
    app = log_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await type_own(pilot, app, hostile)
        await until(
            pilot,
            lambda: any(n.message == ownwords.UNSAFE for n in app._notifications),
            "the gentle line",
        )
        assert chips(app).words == WORDS
        assert chips(app).chosen == ()
        assert own_box(app).value == hostile  # kept to be corrected, not thrown away


async def test_a_word_beyond_what_a_moment_keeps_is_not_added(tmp_path: Path) -> None:
    app = log_app(tmp_path, LogDraft(words=WORDS[:12]))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await type_own(pilot, app, "achy")
        await until(
            pilot,
            lambda: any(n.message == ENOUGH_WORDS for n in app._notifications),
            "the line about the limit",
        )
        assert "achy" not in chips(app).words


async def test_an_unreadable_own_words_file_is_one_notice_and_the_usual_words(
    tmp_path: Path,
) -> None:
    path = own_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes((DATA / "not-json.json").read_bytes())
    app = log_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        assert chips(app).words == WORDS
        await until(
            pilot,
            lambda: any(n.title == "Your own words" for n in app._notifications),
            "the notice",
        )
        [notice] = [n for n in app._notifications if n.title == "Your own words"]
        assert "could not be read" in notice.message
        assert "kept the old file as own-words.json.bad" in notice.message
        await type_own(pilot, app, "achy")
        await save_with(pilot, app, "4")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    assert app.return_value == "Logged · 4 · achy"  # saving was never in the way
    assert ownwords.read(path) == (("achy",), None)
    bad = path.with_name("own-words.json.bad")
    assert bad.read_bytes() == (DATA / "not-json.json").read_bytes()  # never written over


async def test_delete_on_an_own_word_forgets_it(tmp_path: Path) -> None:
    ownwords.remember(own_file(tmp_path), ["bored", "achy"])
    app = log_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        assert chips(app).words[:2] == ("bored", "achy")
        chips(app).focus()
        await until(pilot, lambda: chips(app).has_focus, "the words")
        await until_shown(pilot, "Forget word", footer=True)  # offered on an own word
        await pilot.press("delete")
        await until(pilot, lambda: ownwords.read(own_file(tmp_path))[0] == ("achy",), "forget")
        assert chips(app).words == ("achy", *WORDS)
        await pilot.press("right")
        await until(pilot, lambda: "Forget word" not in footer_text(app), "not on a listed one")
        await pilot.press("delete")  # a listed word is never taken out
        await until_workers_done(pilot, "own-words")
        assert chips(app).words == ("achy", *WORDS)


async def test_the_rating_after_a_practice_offers_the_own_words_first(tmp_path: Path) -> None:
    ownwords.remember(own_file(tmp_path), ["achy"])
    clock = FakeClock()
    options = LaunchOptions(exercise_id="breathing-4-4-4", checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: hasattr(app.screen, "tick"), "the player")
        for _ in range(3 + 20):
            clock.advance(1)
            app.screen.tick()  # type: ignore[attr-defined]
        await pilot.press("q")
        await up(pilot, RatingScreen)
        assert chips(app).words == ("achy", *WORDS)
        await type_own(pilot, app, "lighter")
        await until(pilot, lambda: chips(app).chosen == ("lighter",), "the new word chosen")
        await save_with(pilot, app, "5")
        await until(pilot, lambda: not app.is_running, "the app to end once saved")
    [record] = records(app)
    assert record.words == ("lighter",)
    assert ownwords.read(own_file(tmp_path)) == (("lighter", "achy"), None)


async def test_ctrl_c_on_the_log_keeps_the_own_word_with_the_moment(tmp_path: Path) -> None:
    app = log_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        await type_own(pilot, app, "achy")
        await until(pilot, lambda: chips(app).chosen == ("achy",), "the word to be chosen")
        await pilot.press("ctrl+c")
        await until(pilot, lambda: not app.is_running, "the app to finish")
    assert app.return_value == "Logged · achy"
    assert records(app)[0].words == ("achy",)
    assert ownwords.read(own_file(tmp_path)) == (("achy",), None)


async def test_new_own_words_given_on_the_command_line_come_first_and_chosen(
    tmp_path: Path,
) -> None:
    app = log_app(tmp_path, LogDraft(words=("tired", "lighter", "achy")))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        assert chips(app).words == ("lighter", "achy", *WORDS)
        assert chips(app).chosen == ("lighter", "achy", "tired")


async def test_a_word_left_typed_in_the_own_word_box_is_saved_with_the_answer(
    tmp_path: Path,
) -> None:
    app = log_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        box = own_box(app)
        box.focus()
        await until(pilot, lambda: box.has_focus, "the own-word box")
        box.value = "achy"  # typed, but Enter was never pressed in the box
        await save_with(pilot, app, "3")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    assert app.return_value == "Logged · 3 · achy"
    [record] = records(app)
    assert record.words == ("achy",)
    assert ownwords.read(own_file(tmp_path))[0] == ("achy",)
