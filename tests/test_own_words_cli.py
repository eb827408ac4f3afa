"""Own words from the shell: ``numbtui log --own-word W`` keeps a new one, ``--words`` takes
the kept ones, a typo is still exit 2 with nothing saved; own words go through every export
and come back from an import unchanged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from numbtui import ownwords, paths
from tests.test_mood_log_cli import _nothing_saved, run

DATA = Path(__file__).parent / "data" / "own-words"


def test_a_new_own_word_is_logged_and_kept_then_taken_by_words() -> None:
    code, out, err = run("log", "3", "--own-word", " achy ", "--words", "tired")
    assert (code, out, err) == (0, "Logged · 3 · tired, achy\n", "")
    assert ownwords.read(paths.own_words_file()) == (("achy",), None)
    code, out, err = run("log", "2", "--words", "ACHY,nothing / blank")
    assert (code, out, err) == (0, "Logged · 2 · achy, nothing / blank\n", "")
    _, history, _ = run("history", "--format", "json")
    assert [item["words"] for item in json.loads(history)] == [
        ["tired", "achy"],
        ["achy", "nothing / blank"],
    ]


def test_an_unknown_word_in_words_is_still_exit_2_and_nothing_saved() -> None:
    run("log", "3", "--own-word", "achy")
    before = ownwords.read(paths.own_words_file())
    code, out, err = run("log", "3", "--words", "achy,joyfull")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "'joyfull' is not one of the words; they are: achy, nothing / blank" in err
    assert "--own-word adds a word of your own" in err
    assert ownwords.read(paths.own_words_file()) == before
    _, history, _ = run("history", "--format", "json")
    assert len(json.loads(history)) == 1


@pytest.mark.parametrize(
    ("name", "said"),
    [("typed-escape.txt", ownwords.UNSAFE), ("typed-two-lines.txt", ownwords.UNSAFE)],
)
def test_a_hostile_own_word_is_one_line_exit_2_and_nothing_saved(name: str, said: str) -> None:
    hostile = (DATA / name).read_text(encoding="utf-8")
    code, out, err = run("log", "3", "--own-word", hostile)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert said in err
    assert "\x1b" not in err  # quoted with the escape written out, never acted on
    assert _nothing_saved()
    assert not paths.own_words_file().exists()


@pytest.mark.parametrize(
    ("word", "said"),
    [("x" * 25, ownwords.TOO_LONG), ("a, b", ownwords.SEPARATED), ("  ", ownwords.EMPTY)],
)
def test_an_own_word_that_cannot_be_one_is_exit_2(word: str, said: str) -> None:
    code, _, err = run("log", "3", "--own-word", word)
    assert code == 2
    assert said in err
    assert _nothing_saved()


def test_a_listed_word_given_as_own_is_the_listed_one_and_not_kept() -> None:
    code, out, _ = run("log", "4", "--own-word", "Tired")
    assert (code, out) == (0, "Logged · 4 · tired\n")
    assert not paths.own_words_file().exists()


def test_an_unreadable_own_words_file_is_one_notice_and_the_usual_words() -> None:
    path = paths.own_words_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((DATA / "not-json.json").read_bytes())
    code, out, err = run("log", "3", "--words", "tired")
    assert (code, out) == (0, "Logged · 3 · tired\n")
    assert err == (
        f"numbtui: Your own words in {path} could not be read (it is not the list numbtui "
        "writes); kept the old file as own-words.json.bad; the usual words are offered.\n"
    )
    bad = path.with_name("own-words.json.bad")
    assert bad.read_bytes() == (DATA / "not-json.json").read_bytes()


def test_own_words_are_in_every_export_and_come_back_byte_identical(tmp_path: Path) -> None:
    run("log", "3", "--own-word", "achy", "--own-word", "a bit lost", "--note", "n")
    exports = {fmt: run("history", "--format", fmt)[1] for fmt in ("json", "jsonl", "csv")}
    table = run("history", "--format", "table")[1]
    assert "a bit lost" in table
    [row] = list(csv.DictReader(io.StringIO(exports["csv"])))
    assert row["words"] == "achy; a bit lost"
    for fmt in ("json", "jsonl"):
        path = tmp_path / f"export.{fmt}"
        path.write_text(exports[fmt], encoding="utf-8")
        fresh = tmp_path / f"fresh-{fmt}"
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(paths.DATA_ENV, str(fresh))
            code, _, err = run("import", str(path))
            assert (code, err) == (0, "")
            assert run("history", "--format", fmt)[1] == exports[fmt]


def test_paths_names_the_own_words_file() -> None:
    code, out, _ = run("paths")
    assert code == 0
    assert f"your own words:    {paths.own_words_file()}" in out


def test_a_plain_practice_offers_own_words_first_and_keeps_a_new_one() -> None:
    from numbtui.plain.flow import run as run_plain
    from tests.fakes import FakeClock
    from tests.plain_helpers import ScriptedKeys
    from tests.test_plain_flow import console, options, output, records

    ownwords.remember(paths.own_words_file(), ["achy"])
    clock = FakeClock()
    typed = "3\n7\n1, a bit lost\n\n"
    c = console(typed, clock, ScriptedKeys(clock, [(13.0, "\n")]))
    assert run_plain(options(), c) == 0
    assert "1. achy" in output(c)
    [saved] = records()
    assert saved.words == ("achy", "a bit lost")  # type: ignore[attr-defined]
    assert ownwords.read(paths.own_words_file()) == (("achy", "a bit lost"), None)
