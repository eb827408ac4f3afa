"""Plain mode's typed answers, numbered choice, flat history, clean lines and when it is on."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from numbtui.ownwords import UNSAFE, offered
from numbtui.plain.answers import (
    NOT_ON_THE_SCALE,
    QUESTION_AFTER,
    QUESTION_BEFORE,
    Draft,
    NotUnderstood,
    check_in,
    parse_scale,
    parse_words,
    rate,
)
from numbtui.plain.choose import CHOOSE_QUESTION, choose, listing
from numbtui.plain.history import line_of
from numbtui.plain.lines import Lines, clean_line, seconds_in_words
from numbtui.plain.mode import wanted
from numbtui.rating import WORDS, Rating
from numbtui.record import Record
from tests.plain_helpers import SHORT


class Typist:
    """Answers questions with the lines given, then the end of the input."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        self.said: list[str] = []

    def ask(self, question: str) -> str | None:
        self.asked.append(question)
        return self.answers.pop(0) if self.answers else None

    def write(self, line: str = "") -> None:
        self.said.append(line)


def test_the_check_in_question_says_the_scale_and_how_to_skip() -> None:
    assert QUESTION_BEFORE == (
        "How much can you feel right now, from 0 (nothing at all) to 10 (vivid)? "
        "Type a number, or press Enter to skip:"
    )


@pytest.mark.parametrize(("typed", "value"), [("0", 0), ("10", 10), (" 7 ", 7), ("", None)])
def test_a_number_from_0_to_10_or_enter_is_understood(typed: str, value: int | None) -> None:
    assert parse_scale(typed) == value


@pytest.mark.parametrize("typed", ["eleven", "11", "-1", "3.5", "٣", "7/10", "1e1"])
def test_anything_else_on_the_scale_is_not_understood(typed: str) -> None:
    with pytest.raises(NotUnderstood, match="from 0 to 10"):
        parse_scale(typed)


def test_eleven_11_and_minus_1_are_answered_with_what_fits_and_asked_again() -> None:
    typist = Typist("eleven", "11", "-1", "4")
    assert check_in(typist.ask, typist.write) == 4
    assert typist.asked == [QUESTION_BEFORE] * 4
    assert typist.said.count(NOT_ON_THE_SCALE) == 3


def test_the_end_of_the_input_skips_the_check_in() -> None:
    typist = Typist()
    assert check_in(typist.ask, typist.write) is None


def test_words_are_chosen_by_their_numbers_each_once_in_order() -> None:
    assert parse_words("2 5, 2") == (WORDS[1], WORDS[4])
    assert parse_words("  ") == ()
    with pytest.raises(NotUnderstood, match=f"from 1 to {len(WORDS)}"):
        parse_words("2 warm")  # a number or a word was meant, not both
    with pytest.raises(NotUnderstood):
        parse_words(str(len(WORDS) + 1))


def test_words_can_be_typed_out_listed_ones_in_any_case_and_ones_own() -> None:
    assert parse_words("WARM, achy;  a bit  lost, 3 2") == ("warm", "achy", "a bit lost", "cool")
    own = offered(("achy",))
    assert parse_words("1, ACHY", own) == ("achy",)  # the kept spelling, once


def test_a_typed_word_with_an_escape_is_not_understood_and_asked_again() -> None:
    hostile = (Path(__file__).parent / "data" / "own-words" / "typed-escape.txt").read_text("utf-8")
    with pytest.raises(NotUnderstood) as refused:
        parse_words(hostile)
    assert str(refused.value) == UNSAFE


def test_the_rating_lists_ones_own_words_first() -> None:
    typist = Typist("", "1, bored", "")
    rating = rate(typist.ask, typist.write, Draft(), own=("achy",))
    assert rating == Rating(None, ("achy", "bored"))
    assert "1. achy" in typist.said
    assert f"2. {WORDS[0]}" in typist.said


def test_the_rating_asks_number_words_and_note_and_keeps_each_in_the_draft() -> None:
    typist = Typist("12", "7", "1 3", "  a quiet note  ")
    draft = Draft()
    rating = rate(typist.ask, typist.write, draft)
    assert rating == Rating(7, (WORDS[0], WORDS[2]), "a quiet note")
    assert typist.asked[0] == QUESTION_AFTER
    assert f"1. {WORDS[0]}" in typist.said  # the words as a numbered list
    assert draft.rating() == rating


def test_a_rating_with_every_answer_skipped_is_none() -> None:
    typist = Typist("", "", "")
    assert rate(typist.ask, typist.write, Draft()) is None


def test_the_exercises_are_a_numbered_list_and_a_number_or_an_id_chooses() -> None:
    other = SHORT
    lines = listing([SHORT, other])
    assert lines[0].startswith("1. Plain short, ")
    assert SHORT.spec.summary in lines[0]
    typist = Typist("3", "nope", "2")
    assert choose([SHORT, other], typist.ask, typist.write) is other
    assert typist.asked == [CHOOSE_QUESTION] * 3
    assert choose([SHORT], Typist("plain-short").ask, typist.write) is SHORT
    assert choose([SHORT], Typist("").ask, typist.write) is None


def test_a_history_line_is_a_sentence_without_columns_arrows_or_boxes() -> None:
    started = datetime(2026, 5, 1, 8, 30, tzinfo=UTC)
    record = Record.new(
        started=started,
        ended=started,
        exercise_id="body-scan",
        title="Body scan",
        content_hash="0" * 16,
        planned_seconds=600,
        practised_seconds=125,
        finished=False,
        before=3,
        after=7,
        words=("warm",),
        note="ok",
    )
    line = line_of(record)
    assert "Body scan. 2 minutes 5 seconds practised, stopped early. Before 3, after 7." in line
    assert line.endswith("Words: warm. Note: ok")
    assert not any(ch in line for ch in "→–│─┃|")
    assert "  " not in line


def test_lines_carry_no_escape_or_control_characters() -> None:
    out = io.StringIO()
    Lines(out)("red \x1b[31mtext\x07 \x9b2J\ttab\nnewline")
    assert out.getvalue() == "red [31mtext 2J tab newline\n"
    assert clean_line("\u202eevil") == "evil"


def test_seconds_in_words() -> None:
    assert [seconds_in_words(s) for s in (0, 0.3, 1, 59.6, 60, 61, 150)] == [
        "0 seconds",
        "less than a second",
        "1 second",
        "1 minute",
        "1 minute",
        "1 minute 1 second",
        "2 minutes 30 seconds",
    ]


@pytest.mark.parametrize(
    ("flag", "env", "setting", "plain"),
    [
        (False, {}, "", False),
        (True, {}, "", True),
        (False, {"TERM": "dumb"}, "", True),
        (False, {"NUMBTUI_PLAIN": "1"}, "", True),
        (False, {}, "plain: true\n", True),
        (False, {"NUMBTUI_PLAIN": "0"}, "plain: true\n", False),
        (False, {"NUMBTUI_PLAIN": "0", "TERM": "dumb"}, "", True),
        (False, {}, "# plain: true\n", False),
        # One bad key costs only itself: plain mode is still on.
        (False, {}, "plain: true\nno_such_setting: 1\n", True),
    ],
)
def test_when_plain_mode_is_on(
    tmp_path: Path, flag: bool, env: dict[str, str], setting: str, plain: bool
) -> None:
    settings = tmp_path / "settings.yaml"
    if setting:
        settings.write_text(setting)
    assert wanted(flag, {"TERM": "xterm", **env}, settings) is plain
