"""A moment keeps 12 words at most, and a 13th is refused with a gentle line wherever words are
given: Space on the rating and the log, typed answers in plain mode, ``numbtui log --words``;
an import of a record with 13 words reports that line. Nothing is ever cut to 12 silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from numbtui import ownwords, paths
from numbtui.moodlog import LogDraft
from numbtui.options import LaunchOptions
from numbtui.plain.answers import Draft, NotUnderstood, parse_words, rate, too_many_words
from numbtui.rating import WORDS
from numbtui.record import WORDS_MAX
from numbtui.tui.screens.log import LogScreen
from numbtui.tui.screens.rating import ENOUGH_CHOSEN, RatingScreen
from numbtui.tui.widgets.scale import Scale
from tests.fakes import FakeClock
from tests.test_mood_log_cli import _nothing_saved, run
from tests.test_own_words_tui import SIZE, chips, log_app
from tests.tui_helpers import make_app, until, up
from tests.tui_helpers import stored_records as records

DATA = Path(__file__).parent / "data" / "import"
THIRTEEN = WORDS[: WORDS_MAX + 1]


def test_there_are_more_listed_words_than_a_moment_keeps() -> None:
    assert len(WORDS) > WORDS_MAX  # so the limit can be reached with the list alone


# -- the app: Space on the words ---------------------------------------------------------------


async def test_space_on_a_13th_word_is_refused_with_a_gentle_line(tmp_path: Path) -> None:
    app = log_app(tmp_path, LogDraft(words=WORDS[:WORDS_MAX]))
    async with app.run_test(size=SIZE) as pilot:
        await up(pilot, LogScreen)
        words = chips(app)
        assert words.chosen == WORDS[:WORDS_MAX]
        words.focus()
        words.cursor = words.words.index(THIRTEEN[-1])
        await until(pilot, lambda: words.has_focus, "the words")
        await pilot.press("space")
        await until(
            pilot,
            lambda: any(n.message == ENOUGH_CHOSEN for n in app._notifications),
            "the line about the limit",
        )
        assert words.chosen == WORDS[:WORDS_MAX]  # the 13th is not ticked
        await pilot.press("left", "space", "right", "space")  # unchoose one, then it fits
        await until(pilot, lambda: THIRTEEN[-1] in words.chosen, "the 13th to be chosen")
        assert len(words.chosen) == WORDS_MAX
        await pilot.press("shift+tab")  # from the words back to the scale
        await until(pilot, lambda: app.screen.query_one(Scale).has_focus, "the scale")
        await pilot.press("3", "enter")
        await until(pilot, lambda: app.return_value is not None, "the app to finish")
    [record] = records(app)
    assert record.words == (*WORDS[: WORDS_MAX - 1], THIRTEEN[-1])


async def test_space_on_a_13th_word_is_refused_on_the_rating_after_a_practice(
    tmp_path: Path,
) -> None:
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
        words = chips(app)
        words.focus()
        await until(pilot, lambda: words.has_focus, "the words")
        for _ in range(WORDS_MAX + 1):
            await pilot.press("space", "right")
        await until(
            pilot,
            lambda: any(n.message == ENOUGH_CHOSEN for n in app._notifications),
            "the line about the limit",
        )
        assert words.chosen == WORDS[:WORDS_MAX]
        await pilot.press("shift+tab")
        await until(pilot, lambda: app.screen.query_one(Scale).has_focus, "the scale")
        await pilot.press("6", "enter")
        await until(pilot, lambda: not app.is_running, "the app to end once saved")
    [record] = records(app)
    assert record.words == WORDS[:WORDS_MAX]


# -- plain mode: typed answers -----------------------------------------------------------------


def test_thirteen_typed_words_are_not_understood_and_asked_again() -> None:
    numbers = " ".join(str(n) for n in range(1, WORDS_MAX + 2))
    with pytest.raises(NotUnderstood) as refused:
        parse_words(numbers)
    assert str(refused.value) == too_many_words(WORDS_MAX + 1)
    assert str(refused.value) == (
        "A moment keeps up to 12 words, and that was 13; type 12 or fewer, or Enter for none."
    )
    assert len(parse_words(" ".join(str(n) for n in range(1, WORDS_MAX + 1)))) == WORDS_MAX


def test_a_plain_rating_with_13_words_asks_again_and_keeps_what_fits() -> None:
    answers = iter(["4", ", ".join(THIRTEEN), "warm, achy", ""])
    said: list[str] = []
    draft = Draft()
    rating = rate(lambda _question: next(answers), said.append, draft)
    assert too_many_words(WORDS_MAX + 1) in said
    assert rating is not None
    assert rating.words == ("warm", "achy")


def test_plain_log_with_13_words_typed_asks_again() -> None:
    from numbtui.moodlog import ask_log

    answers = iter(["2", ", ".join(THIRTEEN), "3", ""])
    said: list[str] = []
    rating = ask_log(lambda _question: next(answers), said.append, LogDraft())
    assert too_many_words(WORDS_MAX + 1) in said
    assert rating is not None
    assert rating.words == (WORDS[2],)


# -- numbtui log --words -----------------------------------------------------------------------


def test_log_with_13_words_is_one_line_exit_2_and_nothing_saved() -> None:
    code, out, err = run("log", "3", "--words", ",".join(THIRTEEN))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "a moment keeps up to 12 words and 13 were given" in err
    assert _nothing_saved()


def test_log_with_12_words_and_an_own_word_is_exit_2_and_keeps_no_own_word() -> None:
    code, out, err = run("log", "3", "--words", ",".join(WORDS[:WORDS_MAX]), "--own-word", "achy")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "13 were given (--words and --own-word together)" in err
    assert _nothing_saved()
    assert not paths.own_words_file().exists()


def test_log_with_12_words_is_saved_whole() -> None:
    code, out, _ = run("log", "3", "--words", ",".join(WORDS[:WORDS_MAX]))
    assert code == 0
    assert out == f"Logged · 3 · {', '.join(WORDS[:WORDS_MAX])}\n"
    _, history, _ = run("history", "--format", "json")
    assert json.loads(history)[0]["words"] == list(WORDS[:WORDS_MAX])
    assert ownwords.read(paths.own_words_file()) == ((), None)


# -- import ------------------------------------------------------------------------------------


def test_an_imported_record_with_13_words_is_reported_by_its_line_not_cut() -> None:
    path = DATA / "thirteen-words.jsonl"
    code, out, err = run("import", str(path))
    assert code == 1  # as for any line that could not be read
    assert out + err == (
        "1 imported, 0 already present, 1 could not be read\n"
        f"{path}:2: 13 words; a record keeps up to 12\n"
    )
    _, history, _ = run("history", "--format", "json")
    kept = json.loads(history)
    assert [item["note"] for item in kept] == ["twelve words"]
    assert kept[0]["words"] == list(WORDS[:WORDS_MAX])
