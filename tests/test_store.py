"""The history store: round trips, paging, filters, aggregates, migrations and permissions."""

from __future__ import annotations

import math
import os
import sqlite3
import stat
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numbtui import paths
from numbtui.errors import DatabaseCorruptError, RecordError
from numbtui.record import FIELDS, NOTE_MAX, WORD_MAX, WORDS_MAX, Record
from numbtui.store import (
    APPLICATION_ID,
    MIGRATIONS,
    NO_FILTERS,
    SCHEMA_VERSION,
    Cursor,
    ExerciseStats,
    Filters,
    Store,
)
from tests.record_helpers import BASE, local_zone, make_record, record_id, unique_records

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "data" / "history.sqlite3") as opened:
        yield opened


@contextmanager
def fresh_store() -> Iterator[Store]:
    """A new store per hypothesis example (function fixtures are shared across examples)."""
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "h.db") as opened:
        yield opened


# -- records ----------------------------------------------------------------------------------


def test_save_then_get_returns_every_field(store: Store) -> None:
    berlin = timezone(timedelta(hours=2))
    record = make_record(
        started=datetime(2023, 7, 14, 21, 5, 9, 123456, tzinfo=berlin),
        ended=datetime(2023, 7, 14, 21, 17, 0, 654321, tzinfo=berlin),
        exercise_id="five-senses",
        title="Five senses — grounding",
        content_hash="ffee00112233",
        planned_seconds=720.25,
        practised_seconds=711.75,
        finished=False,
        before=0,
        after=10,
        words=("nothing / blank", "far away", "身体"),
        note="first line\nsecond line\twith a tab",
    )
    assert store.save(record) is True
    got = store.get(record.id)
    assert got == record
    assert got is not None
    assert got.started == datetime(2023, 7, 14, 19, 5, 9, 123456, tzinfo=UTC)
    assert got.started.tzinfo is UTC
    assert got.ended == datetime(2023, 7, 14, 19, 17, 0, 654321, tzinfo=UTC)
    assert (got.exercise_id, got.title, got.content_hash) == (
        "five-senses",
        "Five senses — grounding",
        "ffee00112233",
    )
    assert (got.planned_seconds, got.practised_seconds, got.finished) == (720.25, 711.75, False)
    assert (got.before, got.after) == (0, 10)
    assert got.words == ("nothing / blank", "far away", "身体")
    assert got.note == "first line\nsecond line\twith a tab"


def test_missing_ratings_round_trip_as_none(store: Store) -> None:
    record = make_record(before=None, after=None, words=(), note="")
    store.save(record)
    assert store.get(record.id) == record


def test_saving_the_same_id_twice_keeps_the_first(store: Store) -> None:
    first = make_record(note="first")
    assert store.save(first) is True
    assert store.save(make_record(id=first.id, note="second")) is False
    assert store.count(NO_FILTERS) == 1
    saved = store.get(first.id)
    assert saved is not None
    assert saved.note == "first"


def test_get_unknown_id_is_none_and_delete_reports_what_it_did(store: Store) -> None:
    record = make_record()
    store.save(record)
    assert store.get(record_id(1)) is None
    assert store.delete(record.id) is True
    assert store.get(record.id) is None
    assert store.delete(record.id) is False


def test_record_new_makes_a_uuid_and_cleans_untrusted_text() -> None:
    record = Record.new(
        started=BASE,
        ended=BASE + timedelta(minutes=5),
        exercise_id="body-scan",
        title="Body\x1b[31m scan\n",
        content_hash="ab",
        planned_seconds=300,
        practised_seconds=299,
        finished=True,
        words=["warm\x07", "", " \x1b ", "x" * 40, *[f"w{n}" for n in range(20)]],
        note="\x1b]0;evil\x07" + "n" * 600,
    )
    assert len(record.id) == 36
    assert record.id != Record.new(**{**_fields(record), "words": ()}).id
    assert record.title == "Body[31m scan"
    assert record.words[:2] == ("warm", "x" * WORD_MAX)
    assert len(record.words) == WORDS_MAX
    assert "\x1b" not in record.note
    assert "\x07" not in record.note
    assert len(record.note) == NOTE_MAX
    assert record.planned_seconds == 300.0
    assert isinstance(record.planned_seconds, float)


def _fields(record: Record) -> dict[str, Any]:
    skip = ("id", "words", "kind")
    return {name: getattr(record, name) for name in FIELDS if name not in skip}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"started": datetime(2024, 1, 1)}, "time zone"),
        ({"before": 11}, "from 0 to 10"),
        ({"after": -1}, "from 0 to 10"),
        ({"after": True}, "whole number"),
        ({"practised_seconds": -1.0}, "from 0 to 604800"),
        ({"planned_seconds": math.inf}, "from 0 to 604800"),
        ({"exercise_id": "Not An Id"}, "exercise id"),
        ({"title": "\x1b\x07"}, "empty"),
        ({"content_hash": "XYZ"}, "hexadecimal"),
        ({"id": "not-a-uuid"}, "UUID"),
        ({"finished": 1}, "true or false"),
    ],
)
def test_impossible_values_are_refused(change: dict[str, object], reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        make_record(**change)


# -- paging -----------------------------------------------------------------------------------


def _all_pages(store: Store, filters: Filters, limit: int) -> list[list[Record]]:
    pages: list[list[Record]] = []
    cursor: Cursor | None = None
    while True:
        page = store.page(filters, cursor, limit)
        pages.append(list(page.records))
        if page.next is None:
            return pages
        assert page.next == Cursor.after(page.records[-1])
        cursor = page.next


def test_pages_are_newest_first_and_stop_exactly_at_the_end(store: Store) -> None:
    saved = [make_record(started=BASE + timedelta(hours=n)) for n in range(25)]
    for record in saved:
        store.save(record)
    pages = _all_pages(store, NO_FILTERS, 10)
    assert [len(page) for page in pages] == [10, 10, 5]
    newest_first = sorted(saved, key=lambda r: r.started, reverse=True)
    assert [r for page in pages for r in page] == newest_first


def test_a_full_last_page_has_no_next_cursor(store: Store) -> None:
    for n in range(20):
        store.save(make_record(started=BASE + timedelta(minutes=n)))
    first = store.page(NO_FILTERS, None, 10)
    second = store.page(NO_FILTERS, first.next, 10)
    assert first.next is not None
    assert len(second.records) == 10
    assert second.next is None


def test_empty_history_gives_one_empty_page(store: Store) -> None:
    page = store.page(NO_FILTERS, None, 10)
    assert page.records == ()
    assert page.next is None


def test_equal_start_times_are_ordered_by_id_and_never_repeat_or_vanish(store: Store) -> None:
    same = [make_record(id=record_id(n), started=BASE) for n in range(7)]
    earlier = make_record(id=record_id(99), started=BASE - timedelta(seconds=1))
    for record in [*same, earlier]:
        store.save(record)
    pages = _all_pages(store, NO_FILTERS, 3)
    assert [[r.id for r in page] for page in pages] == [
        [record_id(6), record_id(5), record_id(4)],
        [record_id(3), record_id(2), record_id(1)],
        [record_id(0), record_id(99)],
    ]


@FEW
@given(saved=unique_records(max_size=30), limit=st.integers(1, 7), ties=st.booleans())
def test_paging_visits_every_record_once_in_order(
    saved: list[Record], limit: int, ties: bool
) -> None:
    if ties:  # squeeze the times into a few distinct values
        saved = [
            make_record(id=r.id, started=BASE + timedelta(hours=i % 3)) for i, r in enumerate(saved)
        ]
    with fresh_store() as store:
        store.import_records(saved)
        pages = _all_pages(store, NO_FILTERS, limit)
    flat = [r for page in pages for r in page]
    assert flat == sorted(saved, key=lambda r: (r.started, r.id), reverse=True)
    assert all(len(page) == limit for page in pages[:-1])


def test_page_limit_is_checked(store: Store) -> None:
    with pytest.raises(ValueError, match="limit"):
        store.page(NO_FILTERS, None, 0)


@pytest.mark.parametrize(
    "filters",
    [NO_FILTERS, Filters(exercise_id="senses"), Filters(since=BASE, until=BASE)],
)
def test_paging_uses_an_index_not_a_sort(store: Store, filters: Filters) -> None:
    from numbtui.store_rows import _COLUMNS, _where  # the query the store runs

    where, params = _where(filters, ["(started_us, id) < (?, ?)"])
    sql = f"SELECT {_COLUMNS} FROM practice{where} ORDER BY started_us DESC, id DESC LIMIT 11"
    plan = " ".join(
        row[3] for row in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}", [*params, 0, ""])
    )
    assert "USING INDEX practice_by_" in plan
    assert "TEMP B-TREE" not in plan
    assert "OFFSET" not in sql


# -- filters ------------------------------------------------------------------------------------


@pytest.fixture
def varied(store: Store) -> list[Record]:
    saved = [
        make_record(id=record_id(1), started=BASE, exercise_id="body-scan"),
        make_record(id=record_id(2), started=BASE + timedelta(days=1), exercise_id="senses"),
        make_record(id=record_id(3), started=BASE + timedelta(days=2), exercise_id="body-scan"),
        make_record(id=record_id(4), started=BASE + timedelta(days=3), exercise_id="senses"),
    ]
    store.import_records(saved)
    return saved


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (NO_FILTERS, [1, 2, 3, 4]),
        (Filters(exercise_id="body-scan"), [1, 3]),
        (Filters(exercise_id="unknown"), []),
        (Filters(since=BASE + timedelta(days=1)), [2, 3, 4]),
        (Filters(until=BASE + timedelta(days=2)), [1, 2, 3]),
        (Filters(since=BASE + timedelta(days=1), until=BASE + timedelta(days=2)), [2, 3]),
        (Filters(exercise_id="senses", since=BASE + timedelta(hours=1)), [2, 4]),
        (Filters(since=BASE + timedelta(days=3, seconds=1)), []),
    ],
)
def test_every_filter_applies_to_every_query(
    store: Store, varied: list[Record], filters: Filters, expected: list[int]
) -> None:
    ids = [record_id(n) for n in expected]
    assert store.count(filters) == len(ids)
    assert [r.id for r in store.iter_records(filters)] == ids
    assert [r.id for r in store.iter_records(filters, newest_first=True)] == ids[::-1]
    assert [r.id for r in store.page(filters, None, 10).records] == ids[::-1]
    assert sum(s.practices for s in store.stats(filters)) == len(ids)
    assert len(store.ratings_series(filters)) == len(ids)


def test_filters_refuse_times_without_an_offset() -> None:
    with pytest.raises(ValueError, match="time zone offset"):
        Filters(since=datetime(2024, 1, 1))


# -- streaming ----------------------------------------------------------------------------------


def test_iter_records_streams_past_many_chunks_in_order(store: Store) -> None:
    saved = [make_record(started=BASE + timedelta(seconds=n)) for n in range(1203)]
    store.import_records(saved)
    assert list(store.iter_records()) == saved
    assert list(store.iter_records(newest_first=True)) == saved[::-1]


def test_iter_records_reads_one_snapshot_while_the_app_saves(store: Store) -> None:
    store.import_records([make_record(started=BASE + timedelta(seconds=n)) for n in range(1100)])
    stream = store.iter_records()
    first = next(stream)
    store.save(make_record(started=BASE + timedelta(days=1)))
    assert 1 + sum(1 for _ in stream) == 1100
    assert first.started == BASE
    assert store.count(NO_FILTERS) == 1101


def test_threads_can_save_and_read_through_one_store(store: Store) -> None:
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for n in range(50):
                store.save(make_record(started=BASE + timedelta(minutes=offset * 100 + n)))
                store.page(NO_FILTERS, None, 5)
        except BaseException as exc:  # pragma: no cover - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count(NO_FILTERS) == 200


# -- import ---------------------------------------------------------------------------------


def test_import_records_is_idempotent(store: Store) -> None:
    batch = [make_record(started=BASE + timedelta(minutes=n)) for n in range(30)]
    first = store.import_records(batch)
    again = store.import_records([*batch, make_record()])
    assert (first.imported, first.already_present) == (30, 0)
    assert (again.imported, again.already_present) == (1, 30)
    assert store.count(NO_FILTERS) == 31


def test_import_records_is_one_transaction(store: Store) -> None:
    def failing() -> Iterator[Record]:
        for n in range(700):
            yield make_record(started=BASE + timedelta(minutes=n))
        raise OSError("the file went away")

    with pytest.raises(OSError, match="went away"):
        store.import_records(failing())
    assert store.count(NO_FILTERS) == 0
    store.save(make_record())  # the store still works after the rollback
    assert store.count(NO_FILTERS) == 1


# -- aggregates against plain Python ------------------------------------------------------------


def _reference_stats(saved: list[Record]) -> list[ExerciseStats]:
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in saved:
        groups[record.exercise_id].append(record)
    result = []
    for exercise_id, group in groups.items():
        latest = max(group, key=lambda r: r.started)
        afters = [r.after for r in group if r.after is not None]
        changes = [
            r.after - r.before for r in group if r.after is not None and r.before is not None
        ]
        result.append(
            ExerciseStats(
                exercise_id=exercise_id,
                title=latest.title,
                practices=len(group),
                minutes=sum(r.practised_seconds for r in group) / 60,
                average_after=sum(afters) / len(afters) if afters else None,
                average_change=sum(changes) / len(changes) if changes else None,
                last_started=latest.started,
            )
        )
    return sorted(result, key=lambda s: (-s.practices, s.exercise_id))


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9)
    )


@FEW
@given(saved=unique_records())
def test_stats_match_a_plain_python_reference(saved: list[Record]) -> None:
    with fresh_store() as store:
        store.import_records(saved)
        got = store.stats(NO_FILTERS)
        ids = store.exercise_ids()
    expected = _reference_stats(saved)
    assert [(s.exercise_id, s.title, s.practices, s.last_started) for s in got] == [
        (s.exercise_id, s.title, s.practices, s.last_started) for s in expected
    ]
    for mine, theirs in zip(got, expected, strict=True):
        assert math.isclose(mine.minutes, theirs.minutes, abs_tol=1e-6)
        assert _close(mine.average_after, theirs.average_after)
        assert _close(mine.average_change, theirs.average_change)
    assert sorted(ids) == sorted((s.exercise_id, s.title) for s in expected)


def _reference_series(saved: list[Record], points: int) -> list[tuple[datetime, int]]:
    rated = sorted((r for r in saved if r.after is not None), key=lambda r: (r.started, r.id))
    n = len(rated)
    if n <= points:
        return [(r.started, r.after) for r in rated if r.after is not None]
    size, bigger = divmod(n, points)  # SQL NTILE: the first `bigger` groups hold one more
    result, start = [], 0
    for group in range(points):
        end = start + size + (1 if group < bigger else 0)
        chunk = rated[start:end]
        mean = sum(r.after for r in chunk if r.after is not None) / len(chunk)
        result.append((chunk[-1].started, math.floor(mean + 0.5)))
        start = end
    return result


@FEW
@given(saved=unique_records(max_size=60), points=st.integers(1, 12))
def test_ratings_series_matches_a_plain_python_reference(saved: list[Record], points: int) -> None:
    with fresh_store() as store:
        store.import_records(saved)
        got = store.ratings_series(NO_FILTERS, points)
    assert got == _reference_series(saved, points)
    assert len(got) <= points


def test_ratings_series_keeps_every_rating_when_few(store: Store) -> None:
    store.import_records(
        [make_record(started=BASE + timedelta(days=n), after=n) for n in range(5)]
        + [make_record(after=None, started=BASE + timedelta(hours=1))]
    )
    assert store.ratings_series(NO_FILTERS, 120) == [
        (BASE + timedelta(days=n), n) for n in range(5)
    ]


def _reference_weeks(saved: list[Record], weeks: int, today: date) -> list[tuple[date, float]]:
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=n) for n in reversed(range(weeks))]
    totals = dict.fromkeys(mondays, 0.0)
    for record in saved:
        local_day = datetime.fromtimestamp(record.started.timestamp()).date()
        monday = local_day - timedelta(days=local_day.weekday())
        if monday in totals:
            totals[monday] += record.practised_seconds / 60
    return list(totals.items())


@FEW
@given(saved=unique_records(), weeks=st.integers(1, 160))
def test_minutes_per_week_match_a_plain_python_reference(saved: list[Record], weeks: int) -> None:
    today = BASE.date()
    with fresh_store() as store:
        store.import_records(saved)
        got = store.minutes_per_week(NO_FILTERS, weeks, today=today)
    expected = _reference_weeks(saved, weeks, today)
    assert [day for day, _ in got] == [day for day, _ in expected]
    assert all(d.weekday() == 0 for d, _ in got)
    for (_, mine), (_, theirs) in zip(got, expected, strict=True):
        assert math.isclose(mine, theirs, abs_tol=1e-6)


def test_weeks_are_local_weeks_across_a_daylight_saving_change(store: Store) -> None:
    with local_zone("America/New_York"):
        # Sunday 2024-03-10 23:30 New York (after the clocks went forward) is Monday 03:30 UTC.
        late_sunday = datetime(2024, 3, 11, 3, 30, tzinfo=UTC)
        # Monday 2024-03-11 00:10 New York is still Monday 04:10 UTC.
        monday = datetime(2024, 3, 11, 4, 10, tzinfo=UTC)
        store.save(make_record(started=late_sunday, practised_seconds=600))
        store.save(make_record(started=monday, practised_seconds=1200))
        got = store.minutes_per_week(NO_FILTERS, 2, today=date(2024, 3, 13))
    assert got == [(date(2024, 3, 4), 10.0), (date(2024, 3, 11), 20.0)]


def test_minutes_per_week_apply_the_filters(store: Store, varied: list[Record]) -> None:
    # "senses" was practised on Saturday 2 and Monday 4 March 2024; body scan on 1 and 3 March.
    senses = store.minutes_per_week(Filters(exercise_id="senses"), 2, today=date(2024, 3, 4))
    assert senses == [(date(2024, 2, 26), 603.5 / 60), (date(2024, 3, 4), 603.5 / 60)]
    since = store.minutes_per_week(
        Filters(since=BASE + timedelta(days=2)), 2, today=date(2024, 3, 4)
    )
    assert since == [(date(2024, 2, 26), 603.5 / 60), (date(2024, 3, 4), 603.5 / 60)]


# -- files, permissions, migrations ---------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folder_is_0700_and_every_database_file_0600_even_with_a_loose_umask(
    tmp_path: Path,
) -> None:
    database = tmp_path / "deep" / "data" / "history.sqlite3"
    old = os.umask(0)
    try:
        with Store.open(database) as store:
            store.save(make_record())
            side_files = [Path(f"{database}-wal"), Path(f"{database}-shm")]
            assert all(side.exists() for side in side_files)
            modes = {p.name: _mode(p) for p in [database, *side_files]}
    finally:
        os.umask(old)
    assert _mode(database.parent) == 0o700
    assert modes == {
        "history.sqlite3": 0o600,
        "history.sqlite3-wal": 0o600,
        "history.sqlite3-shm": 0o600,
    }


def test_an_existing_database_with_loose_permissions_is_made_private(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    Store.open(database).close()
    database.chmod(0o644)
    with Store.open(database):
        assert _mode(database) == 0o600


def test_the_default_location_comes_from_paths(isolated_dirs: Path) -> None:
    with Store.open(paths.database_file()) as store:
        store.save(make_record())
    assert paths.database_file().is_relative_to(isolated_dirs)
    assert _mode(paths.data_dir()) == 0o700


def _pragma(database: Path, name: str) -> int:
    conn = sqlite3.connect(database)
    try:
        return int(conn.execute(f"PRAGMA {name}").fetchone()[0])
    finally:
        conn.close()


def test_a_new_database_is_stamped_and_in_wal_mode(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    with Store.open(database) as store:
        journal = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = store._conn.execute("PRAGMA synchronous").fetchone()[0]
        busy = store._conn.execute("PRAGMA busy_timeout").fetchone()[0]
    assert (journal, synchronous, busy) == ("wal", 2, 5000)
    assert _pragma(database, "application_id") == APPLICATION_ID
    assert _pragma(database, "user_version") == SCHEMA_VERSION == len(MIGRATIONS)


def test_migrates_an_empty_sqlite_file_from_version_0(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA user_version = 0")
    conn.execute("VACUUM")  # writes a header: a real, empty SQLite database
    conn.close()
    assert database.stat().st_size > 0
    with Store.open(database) as store:
        store.save(make_record())
        assert store.count(NO_FILTERS) == 1
    assert _pragma(database, "user_version") == SCHEMA_VERSION


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    database.touch()
    with Store.open(database) as store:
        assert store.count(NO_FILTERS) == 0
    assert _pragma(database, "application_id") == APPLICATION_ID


def test_migrates_version_1_keeping_its_rows(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    old = make_record()
    conn = sqlite3.connect(database, isolation_level=None)
    MIGRATIONS[0](conn)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    from numbtui.store_rows import _COLUMNS, _row

    columns = ", ".join(_COLUMNS.split(", ")[:13])  # those of schema 1
    conn.execute(f"INSERT INTO practice ({columns}) VALUES ({', '.join('?' * 13)})", _row(old)[:13])
    conn.close()
    with Store.open(database) as store:
        assert store.get(old.id) == old
        indexes = {
            row[0]
            for row in store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    assert "practice_by_exercise" in indexes
    assert _pragma(database, "user_version") == SCHEMA_VERSION


def test_the_times_read_as_iso_8601_utc_in_the_file_itself(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    record = make_record(
        started=datetime(2024, 3, 1, 8, 30, 0, 123456, tzinfo=UTC),
        ended=datetime(2024, 3, 1, 8, 40, 3, 500000, tzinfo=UTC),
    )
    with Store.open(database) as store:
        store.save(record)
    conn = sqlite3.connect(database)
    try:
        row = conn.execute("SELECT started, ended FROM practice").fetchone()
    finally:
        conn.close()
    assert row == ("2024-03-01T08:30:00.123Z", "2024-03-01T08:40:03.500Z")


def test_opening_twice_does_not_migrate_again(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    with Store.open(database) as store:
        store.save(make_record())
    with Store.open(database) as store:
        assert store.count(NO_FILTERS) == 1
    assert _pragma(database, "user_version") == SCHEMA_VERSION


def test_verify_passes_on_a_healthy_database(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.db", verify=True) as store:
        store.save(make_record())
        store.verify()
        assert store.count(NO_FILTERS) == 1


def test_a_row_written_by_another_program_is_named_when_read(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    broken, fine = make_record(), make_record()
    with Store.open(database) as store:
        store.save(broken)
        store.save(fine)
    conn = sqlite3.connect(database)
    with conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE practice SET words = 'not json' WHERE id = ?", (broken.id,))
    conn.close()
    with Store.open(database) as store:
        assert store.get(fine.id) == fine
        with pytest.raises(DatabaseCorruptError, match=f"cannot be read \\(id {broken.id}"):
            store.get(broken.id)
