"""What tends to change: the typical change and its range on known changes, withheld below
five rated practices, read from the store and printed by ``numbtui insight``."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from numbtui import paths
from numbtui.helps import (
    MIN_RATED,
    NOTES,
    as_json,
    helps_of,
    middle_range,
    more_needed_text,
    range_text,
    summary_text,
    what_helps,
)
from numbtui.record import Record
from numbtui.store import Filters, RatingChanges, Store
from tests.record_helpers import BASE, make_record
from tests.test_cli import run


def test_below_ten_changes_the_range_is_every_change() -> None:
    assert middle_range([3, -1, 0, 2, 1]) == (-1, 3)
    assert middle_range([0] * 9 + [5]) == (0, 0)  # 10: the highest and lowest one left out


def test_the_range_leaves_out_the_lowest_and_highest_tenth() -> None:
    # Twenty changes: the two lowest (-5, -4) and the two highest (6, 7) are left out.
    changes = [-5, -4, -1, -1, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7]
    assert middle_range(changes) == (-1, 5)
    helps = helps_of("x", "X", changes)
    assert helps.mean_change == pytest.approx(sum(changes) / 20)  # 1.4
    assert (helps.low, helps.high, helps.rated) == (-1, 5, 20)
    assert range_text(helps) == "usually between −1 and +5"
    assert summary_text(helps) == "+1.4 typical, usually between −1 and +5 · 20 rated"


def test_the_range_does_not_depend_on_the_order_of_the_changes() -> None:
    changes = [2, -3, 0, 1, 9, 1, 0, -1, 4, 2, 1]
    assert middle_range(changes) == middle_range(sorted(changes)) == (-1, 4)


@pytest.mark.parametrize("rated", range(MIN_RATED))
def test_figures_are_withheld_below_five_rated_practices(rated: int) -> None:
    helps = helps_of("x", "X", [2] * rated)
    assert not helps.shown
    assert (helps.mean_change, helps.low, helps.high) == (None, None, None)
    assert helps.more_needed == MIN_RATED - rated
    assert as_json(helps)["range_low"] is None
    assert as_json(helps)["range_high"] is None


def test_the_words_while_withheld_count_down() -> None:
    assert more_needed_text(helps_of("x", "X", [1, 1])) == (
        "3 more rated practices and this shows what tends to change"
    )
    assert more_needed_text(helps_of("x", "X", [1] * 4)) == (
        "1 more rated practice and this shows what tends to change"
    )


def test_at_five_the_figures_show() -> None:
    helps = helps_of("x", "X", [0, -2, 1, 3, 0])
    assert helps.shown
    assert helps.mean_change == pytest.approx(0.4)
    assert (helps.low, helps.high) == (-2, 3)
    assert helps.more_needed == 0


def test_every_change_the_same_is_said_once() -> None:
    assert range_text(helps_of("x", "X", [0] * 6)) == "usually 0"


def test_ordered_by_typical_change_then_the_nearest_to_showing() -> None:
    rows = [
        RatingChanges("a", "Alpha", ((0, 5),)),
        RatingChanges("b", "Beta", ((1, 2), (3, 3))),
        RatingChanges("c", "Gamma", ((-1, 5),)),
        RatingChanges("d", "Delta", ((2, 1),)),
        RatingChanges("e", "Epsilon", ()),
        RatingChanges("f", "Zeta", ((1, 4),)),
    ]
    assert [h.exercise_id for h in what_helps(rows)] == ["b", "a", "c", "f", "d", "e"]


def test_nothing_is_called_best_or_worst() -> None:
    texts = [
        *NOTES,
        summary_text(helps_of("x", "X", [-3] * 5)),
        more_needed_text(helps_of("x", "X", [])),
    ]
    for text in texts:
        for word in ("best", "worst", "bad", "fail", "poor"):
            assert word not in text.lower()
    assert any("up and down" in note for note in NOTES)
    assert any("middle 80%" in note for note in NOTES)


# -- from the store ----------------------------------------------------------------------------


def fill(store: Store) -> None:
    """Breathing: 6 rated (changes 1, 2, 2, 3, -1, 0), one unrated, one rated only after.
    Body scan: 2 rated (changes 0, 1) and its title changed with its latest practice."""
    start = BASE
    records = []
    for n, (before, after) in enumerate([(2, 3), (1, 3), (4, 6), (2, 5), (5, 4), (3, 3)]):
        started = start + timedelta(days=n)
        records.append(
            make_record(
                exercise_id="breath", title="Breath", started=started, before=before, after=after
            )
        )
    records.append(make_record(exercise_id="breath", title="Breath", before=None, after=None))
    records.append(make_record(exercise_id="breath", title="Breath", before=None, after=7))
    records.append(make_record(exercise_id="scan", title="Old scan", before=3, after=3))
    records.append(
        make_record(
            exercise_id="scan",
            title="Body scan",
            before=3,
            after=4,
            started=start + timedelta(days=9),
        )
    )
    for record in records:
        store.save(record)


@pytest.fixture
def database() -> Path:
    path = paths.database_file()
    with Store.open(path) as store:
        fill(store)
    return path


def test_the_store_counts_changes_per_exercise(database: Path) -> None:
    with Store.open(database) as store:
        rows = store.rating_changes()
        assert rows == [
            RatingChanges("breath", "Breath", ((-1, 1), (0, 1), (1, 1), (2, 2), (3, 1))),
            RatingChanges("scan", "Body scan", ((0, 1), (1, 1))),
        ]
        # The filters are those of the history: here only the first three days, when the
        # body scan still had its old title.
        early = store.rating_changes(Filters(until=BASE + timedelta(days=2, hours=1)))
        assert early == [
            RatingChanges("breath", "Breath", ((1, 1), (2, 2))),
            RatingChanges("scan", "Old scan", ((0, 1),)),
        ]


def test_an_exercise_never_rated_both_times_is_still_listed(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.sqlite3") as store:
        store.save(make_record(exercise_id="walk", title="Walk", before=None, after=4))
        assert store.rating_changes() == [RatingChanges("walk", "Walk", ())]


def test_insight_json_gives_numbers_or_null(database: Path) -> None:
    code, out, err = run("insight", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {
            "exercise_id": "breath",
            "title": "Breath",
            "rated_practices": 6,
            "mean_change": pytest.approx(7 / 6, abs=1e-3),
            "range_low": -1,
            "range_high": 3,
            "more_needed": 0,
        },
        {
            "exercise_id": "scan",
            "title": "Body scan",
            "rated_practices": 2,
            "mean_change": None,
            "range_low": None,
            "range_high": None,
            "more_needed": 3,
        },
    ]


def test_insight_table_says_what_it_shows(database: Path) -> None:
    code, out, err = run("insight")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["EXERCISE", "RATED", "TYPICAL", "USUALLY"]
    assert lines[1].split() == ["Breath", "6", "+1.2", "between", "−1", "and", "+3"]
    assert lines[2].startswith("Body scan")
    assert lines[2].endswith("3 more rated practices and this shows what tends to change")
    assert lines[-3:] == list(NOTES)


def test_insight_takes_the_history_filters(database: Path) -> None:
    code, out, _ = run("insight", "--format", "json", "--exercise", "scan")
    assert code == 0
    assert [row["exercise_id"] for row in json.loads(out)] == ["scan"]
    code, out, _ = run("insight", "--format", "json", "--since", "2024-03-05")
    assert code == 0
    assert [(row["exercise_id"], row["rated_practices"]) for row in json.loads(out)] == [
        ("breath", 2),
        ("scan", 1),
    ]
    code, _, err = run("insight", "--since", "yesterday-ish")
    assert code == 2
    assert err.startswith("numbtui: ")


def test_insight_json_stays_one_object_per_exercise_with_logs_never_in_it(
    database: Path,
) -> None:
    with Store.open(database) as store:
        for n in range(4):
            store.save(Record.new_log(at=BASE + timedelta(days=n + 2, hours=5), value=n))
    code, out, err = run("insight", "--format", "json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    # The shape scripts read: a list of exercises, and the logs' numbers in no change
    # (breath keeps its 6 rated practices).
    assert [row["rated_practices"] for row in found] == [6, 2]
    # The table counts the logs apart, after the exercises.
    code, out, _ = run("insight")
    assert out.rstrip().endswith("4 moments logged")


def test_insight_without_a_history(tmp_path: Path) -> None:
    assert run("insight", "--format", "json") == (0, "[]\n", "")
    assert run("insight") == (0, "", "No practice recorded yet.\n")
    assert not paths.database_file().exists()  # asking created nothing


# -- in the insight tab ------------------------------------------------------------------------


async def test_the_insight_tab_shows_what_tends_to_change(tmp_path: Path) -> None:
    from datetime import timedelta as days

    from numbtui.tui.widgets.helps import HelpsSection
    from tests.test_history_screen import history_app, practice, save, settle, text_of
    from tests.tui_helpers import until

    changes = [(2, 3), (1, 3), (4, 6), (2, 5), (5, 4), (3, 3)]  # +1 +2 +2 +3 −1 0
    records = [
        practice(
            days(days=n + 1),
            exercise_id="cyclic-sighing",
            title="Cyclic sighing",
            before=b,
            after=a,
        )
        for n, (b, a) in enumerate(changes)
    ]
    records.append(practice(days(days=9), title="[b]Body scan", before=3, after=5))
    save(tmp_path, records)
    app = history_app(tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        section = app.screen.query_one(HelpsSection)
        await until(pilot, lambda: section.helps is not None, "the figures to arrive")
        lines = text_of(section.query_one("#helps-lines")).splitlines()
        assert lines == [
            "Cyclic sighing  +1.2 typical, usually between −1 and +3 · 6 rated",
            "[b]Body scan  4 more rated practices and this shows what tends to change",
        ]
        notes = section.query_one("#helps-notes")
        assert notes.display
        assert text_of(notes).splitlines() == list(NOTES)


def test_insight_on_a_damaged_history_is_one_line_and_leaves_it_alone() -> None:
    path = paths.database_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"not a history [red]at all[/red]\n" * 100
    path.write_bytes(garbage)
    for fmt in ("table", "json"):
        code, out, err = run("insight", "--format", fmt)
        assert (code, out) == (1, "")
        assert err.startswith("numbtui: The history file is not a numbtui database")
        assert err.count("\n") == 1
    assert path.read_bytes() == garbage
