"""The history browser's record window: keyset reads both ways, a bounded window, the oldest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from numbtui.record import Record
from numbtui.store import NO_FILTERS, Cursor, Filters, Store
from numbtui.tui.paging import Placed, RecordWindow, read_newer, read_older, read_oldest

START = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def practice(minutes: int, exercise_id: str = "body-scan") -> Record:
    started = START + timedelta(minutes=minutes)
    return Record.new(
        started=started,
        ended=started + timedelta(minutes=5),
        exercise_id=exercise_id,
        title="Body scan",
        content_hash="ab",
        planned_seconds=300,
        practised_seconds=300,
        finished=True,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A history of 25 practices, an hour apart; every third is a walk."""
    with Store.open(tmp_path / "history.sqlite3") as opened:
        for hour in range(25):
            opened.save(practice(60 * hour, "walking" if hour % 3 == 0 else "body-scan"))
        yield opened


def newest_first(store: Store, filters: Filters = NO_FILTERS) -> list[str]:
    return [record.id for record in store.iter_records(filters, newest_first=True)]


def ids(records: list[Record]) -> list[str]:
    return [record.id for record in records]


def test_reading_older_continues_after_the_last_row(store: Store) -> None:
    order = newest_first(store)
    first, more = read_older(store, Filters(), None, 10)
    assert (ids(first), more) == (order[:10], True)
    rest, more = read_older(store, Filters(), Cursor.after(first[-1]), 20)
    assert (ids(rest), more) == (order[10:], False)


def test_reading_newer_goes_up_from_the_first_row(store: Store) -> None:
    order = newest_first(store)
    anchor = store.get(order[12])
    assert anchor is not None
    newer, more = read_newer(store, Filters(), anchor, 5)
    assert (ids(newer), more) == (order[7:12], True)
    newest, more = read_newer(store, Filters(), newer[0], 10)
    assert (ids(newest), more) == (order[:7], False)


def test_reading_newer_keeps_to_the_filters(store: Store) -> None:
    walks = Filters(exercise_id="walking", since=START + timedelta(hours=3))
    order = newest_first(store, walks)  # hours 24, 21, ..., 3
    anchor = store.get(order[-1])
    assert anchor is not None
    newer, more = read_newer(store, walks, anchor, 3)
    assert (ids(newer), more) == (order[-4:-1], True)


def test_the_oldest_rows_and_how_many_are_newer(store: Store) -> None:
    order = newest_first(store)
    oldest, newer = read_oldest(store, Filters(), 10)
    assert (ids(oldest), newer) == (order[15:], 15)
    everything, newer = read_oldest(store, Filters(), 100)
    assert (ids(everything), newer) == (order, 0)


def test_the_window_appends_until_full_then_drops_the_newest(store: Store) -> None:
    order = newest_first(store)
    window = RecordWindow(limit=10)
    page, more = read_older(store, Filters(), None, 5)
    window.reset(page, offset=0, at_bottom=not more)
    assert (window.at_top, window.at_bottom) == (True, False)
    page, more = read_older(store, Filters(), window.bottom(), 5)
    assert window.extend_down(page, more=more) is Placed.APPENDED
    page, more = read_older(store, Filters(), window.bottom(), 5)
    assert window.extend_down(page, more=more) is Placed.REBUILT
    assert ids(window.records) == order[5:15]
    assert (window.offset, window.at_top) == (5, False)
    top = window.top()
    assert top is not None
    page, more = read_newer(store, Filters(), top, 5)
    assert window.extend_up(page, more=more) is Placed.REBUILT
    assert ids(window.records) == order[:10]
    assert (window.offset, window.at_top, window.at_bottom) == (0, True, False)
    assert window.index_of(order[7]) == 7


def test_the_window_reaches_the_bottom_and_ignores_rows_it_has(store: Store) -> None:
    order = newest_first(store)
    window = RecordWindow(limit=50)
    page, more = read_older(store, Filters(), None, 20)
    window.reset(page, offset=0, at_bottom=not more)
    again, _ = read_older(store, Filters(), Cursor.after(page[-6]), 10)
    window.extend_down(again, more=False)
    assert ids(window.records) == order
    assert window.at_bottom


def test_the_oldest_rows_make_a_window_at_the_bottom(store: Store) -> None:
    window = RecordWindow(limit=10)
    oldest, newer = read_oldest(store, Filters(), 5)
    window.reset(oldest, offset=newer, at_bottom=True)
    assert (window.offset, window.at_top, window.at_bottom) == (20, False, True)


def test_remove_forgets_a_row(store: Store) -> None:
    window = RecordWindow(limit=10)
    page, _ = read_older(store, Filters(), None, 5)
    window.reset(page, offset=0, at_bottom=False)
    assert window.remove(page[0].id)
    assert not window.remove(page[0].id)
    assert len(window) == 4


def test_a_window_needs_room_for_two_rows() -> None:
    with pytest.raises(ValueError, match="limit"):
        RecordWindow(limit=1)
