"""The person's own words (numbtui.ownwords): checked as typed, kept most recent first,
bounded, forgotten on request, and an unreadable file never in the way."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from numbtui import ownwords
from numbtui.errors import NumbtuiError
from numbtui.ownwords import KEPT_MAX, WordRefused, check, forget, offered, read, remember
from numbtui.rating import WORDS

DATA = Path(__file__).parent / "data" / "own-words"


def test_a_typed_word_is_trimmed_and_its_spaces_evened_out() -> None:
    assert check("  a bit   lost ") == "a bit lost"


def test_a_listed_word_in_another_case_is_the_listed_word_never_a_second_one() -> None:
    assert check("TIRED") == "tired"
    assert check("Nothing /  Blank") == "nothing / blank"
    assert check("Achy", offered=("achy", *WORDS)) == "achy"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("typed-escape.txt", ownwords.UNSAFE),
        ("typed-bidi.txt", ownwords.UNSAFE),
        ("typed-two-lines.txt", ownwords.UNSAFE),
    ],
)
def test_hostile_typed_words_are_refused_with_a_gentle_line(name: str, message: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    with pytest.raises(WordRefused) as refused:
        check(text)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", ownwords.EMPTY),
        ("x" * (ownwords.OWN_WORD_MAX + 1), ownwords.TOO_LONG),
        ("bored, achy", ownwords.SEPARATED),
        ("bored; achy", ownwords.SEPARATED),
    ],
)
def test_words_that_cannot_be_one_word_are_refused(text: str, message: str) -> None:
    with pytest.raises(WordRefused) as refused:
        check(text)
    assert str(refused.value) == message


def test_the_longest_word_fits() -> None:
    assert check("x" * ownwords.OWN_WORD_MAX) == "x" * ownwords.OWN_WORD_MAX


def test_nothing_is_kept_at_first(tmp_path: Path) -> None:
    assert read(tmp_path / "own-words.json") == ((), None)


def test_used_own_words_are_kept_most_recent_first_and_listed_words_are_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "own-words.json"
    assert remember(path, ["achy", "tired"]) == ("achy",)
    assert remember(path, ["bored"]) == ("bored", "achy")
    assert remember(path, ["tired", "ACHY"]) == ("achy", "bored")
    assert read(path) == (("achy", "bored"), None)
    assert offered(read(path)[0]) == ("achy", "bored", *WORDS)


def test_the_file_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "own-words.json"
    remember(path, ["achy"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_only_the_most_recent_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "own-words.json"
    for number in range(KEPT_MAX + 3):
        remember(path, [f"word {number}"])
    kept, notice = read(path)
    assert notice is None
    assert kept == tuple(f"word {n}" for n in range(KEPT_MAX + 2, 2, -1))


def test_a_forgotten_word_is_no_longer_offered(tmp_path: Path) -> None:
    path = tmp_path / "own-words.json"
    remember(path, ["achy", "bored"])
    assert forget(path, "ACHY") == ("bored",)
    assert read(path) == (("bored",), None)


@pytest.mark.parametrize("name", ["not-json.json", "wrong-shape.json", "deeply-nested.json"])
def test_a_file_not_understood_gives_one_notice_and_the_usual_words(name: str) -> None:
    path = DATA / name
    kept, notice = read(path)
    assert kept == ()
    assert notice == (
        f"Your own words in {path} could not be read (it is not the list numbtui writes); "
        "the usual words are offered."
    )
    assert offered(kept) == WORDS


def test_a_kept_word_with_an_escape_is_left_out_and_said(tmp_path: Path) -> None:
    path = DATA / "escape-inside.json"
    kept, notice = read(path)
    assert kept == ("achy", "bored")
    assert notice == f"1 word in {path} could not be shown and were left out."


def test_a_folder_in_place_of_the_file_is_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "own-words.json"
    path.mkdir()
    kept, notice = read(path)
    assert kept == ()
    assert notice is not None
    assert "could not be read" in notice


def test_an_unreadable_file_is_replaced_by_what_is_used_next(tmp_path: Path) -> None:
    path = tmp_path / "own-words.json"
    path.write_text((DATA / "not-json.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert remember(path, ["achy"]) == ("achy",)
    assert read(path) == (("achy",), None)


def test_a_write_that_fails_is_one_error_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(NumbtuiError) as failed:
        remember(blocker / "own-words.json", ["achy"])
    assert "Your own words could not be kept" in str(failed.value)
