"""The person's own words (numbtui.ownwords): checked as typed, kept most recent first,
bounded, forgotten on request, and an unreadable file never in the way."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from numbtui import aside, ownwords
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


NOT_UNDERSTOOD = ["not-json.json", "wrong-shape.json", "deeply-nested.json"]


def placed(tmp_path: Path, name: str) -> Path:
    """A copy of the hostile file ``name`` where the own words are kept (reading one keeps it
    aside, so the file under tests/data is never the one read)."""
    path = tmp_path / "data" / "own-words.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((DATA / name).read_bytes())
    path.chmod(0o644)  # as a hand-edited file might be
    return path


@pytest.mark.parametrize("name", NOT_UNDERSTOOD)
def test_a_file_not_understood_is_kept_aside_with_one_notice_and_the_usual_words(
    tmp_path: Path, name: str
) -> None:
    path = placed(tmp_path, name)
    kept, notice = read(path)
    assert kept == ()
    assert notice == (
        f"Your own words in {path} could not be read (it is not the list numbtui writes); "
        "kept the old file as own-words.json.bad; the usual words are offered."
    )
    assert offered(kept) == WORDS
    bad = path.with_name("own-words.json.bad")
    assert bad.read_bytes() == (DATA / name).read_bytes()
    assert stat.S_IMODE(bad.stat().st_mode) == 0o600
    assert read(path) == ((), None)  # said once: the file is no longer in the way


@pytest.mark.parametrize("name", NOT_UNDERSTOOD)
def test_keeping_words_never_writes_over_a_file_not_understood(tmp_path: Path, name: str) -> None:
    path = placed(tmp_path, name)
    assert remember(path, ["achy"]) == ("achy",)
    assert read(path) == (("achy",), None)
    assert path.with_name("own-words.json.bad").read_bytes() == (DATA / name).read_bytes()


def test_forgetting_never_writes_over_a_file_not_understood(tmp_path: Path) -> None:
    path = placed(tmp_path, "not-json.json")
    assert forget(path, "achy") == ()
    assert (
        path.with_name("own-words.json.bad").read_bytes() == (DATA / "not-json.json").read_bytes()
    )


def test_an_older_bad_copy_is_kept_too(tmp_path: Path) -> None:
    path = placed(tmp_path, "wrong-shape.json")
    path.with_name("own-words.json.bad").write_text("older", encoding="utf-8")
    _, notice = read(path)
    assert notice is not None
    assert "kept the old file as own-words.json.bad1" in notice
    assert path.with_name("own-words.json.bad").read_text(encoding="utf-8") == "older"
    assert (
        path.with_name("own-words.json.bad1").read_bytes()
        == (DATA / "wrong-shape.json").read_bytes()
    )


def test_a_kept_word_with_an_escape_is_left_out_said_and_the_file_kept_aside(
    tmp_path: Path,
) -> None:
    path = placed(tmp_path, "escape-inside.json")
    kept, notice = read(path)
    assert kept == ("achy", "bored")
    assert notice == (
        f"1 word in {path} could not be shown and was left out; "
        "kept the old file as own-words.json.bad."
    )
    assert "\x1b" not in notice
    bad = path.with_name("own-words.json.bad")
    assert bad.read_bytes() == (DATA / "escape-inside.json").read_bytes()
    assert stat.S_IMODE(bad.stat().st_mode) == 0o600
    assert read(path) == (("achy", "bored"), None)  # the words that could be read stay


def test_words_beyond_those_offered_are_kept_aside_not_cut_silently(tmp_path: Path) -> None:
    path = tmp_path / "own-words.json"
    many = [f"word {number}" for number in range(KEPT_MAX + 2)]
    path.write_text(json.dumps({"version": 1, "words": many}), encoding="utf-8")
    kept, notice = read(path)
    assert kept == tuple(many[:KEPT_MAX])
    assert notice == (
        f"{path} holds more words than the {KEPT_MAX} offered; "
        "kept the old file as own-words.json.bad."
    )
    assert json.loads(path.with_name("own-words.json.bad").read_text())["words"] == many


def test_an_unreadable_file_that_cannot_be_kept_aside_is_never_written_over(
    tmp_path: Path,
) -> None:
    path = placed(tmp_path, "not-json.json")
    for number in range(aside.COPIES_MAX):
        path.with_name(path.name + (".bad" if number == 0 else f".bad{number}")).touch()
    kept, notice = read(path)
    assert kept == ()
    assert notice is not None
    assert "could not be kept aside" in notice
    with pytest.raises(NumbtuiError) as failed:
        remember(path, ["achy"])
    assert "Your own words could not be kept" in str(failed.value)
    assert path.read_bytes() == (DATA / "not-json.json").read_bytes()


def test_a_folder_in_place_of_the_file_is_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "own-words.json"
    path.mkdir()
    kept, notice = read(path)
    assert kept == ()
    assert notice is not None
    assert "could not be read" in notice


def test_a_write_that_fails_is_one_error_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(NumbtuiError) as failed:
        remember(blocker / "own-words.json", ["achy"])
    assert "Your own words could not be kept" in str(failed.value)
