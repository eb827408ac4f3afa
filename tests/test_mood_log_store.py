"""Logged moments and switched practices in the record, the store, the migration to schema 4,
exports, imports and the recovery file."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from numbtui import checks
from numbtui.errors import RecordError
from numbtui.exercise import Exercise
from numbtui.history_io import ExportFormat, export, import_file
from numbtui.practice import Practice
from numbtui.rating import Rating
from numbtui.record import FIELDS, LOG, LOG_TITLE, PRACTICE, Record
from numbtui.recovery import read, save_record
from numbtui.session import Session
from numbtui.store import APPLICATION_ID, MIGRATIONS, NO_FILTERS, SCHEMA_VERSION, Filters, Store
from tests.record_helpers import BASE, make_record, record_id

DATA = Path(__file__).parent / "data"
OLD_HISTORY = DATA / "history-schema-3.sqlite3"
OLD_EXPORT = DATA / "import" / "history-schema-3.json"


def _log(number: int = 1, **overrides: Any) -> Record:
    fields: dict[str, Any] = {
        "at": BASE + timedelta(hours=number),
        "value": 3,
        "words": ("tired", "nothing / blank"),
        "note": "after the meeting",
    }
    fields.update(overrides)
    log = Record.new_log(**fields)
    return Record(**{**_as_kwargs(log), "id": record_id(900 + number)})


def _as_kwargs(record: Record) -> dict[str, Any]:
    return {name: getattr(record, name) for name in FIELDS}


# -- the record -------------------------------------------------------------------------------


def test_a_log_is_a_record_with_no_exercise_and_its_number_after() -> None:
    log = Record.new_log(at=BASE, value=3, words=["tired"], note="blank day")
    assert (log.kind, log.exercise_id, log.title, log.content_hash) == (LOG, "", LOG_TITLE, "")
    assert (log.before, log.after, log.words, log.note) == (None, 3, ("tired",), "blank day")
    assert log.started == log.ended == BASE
    assert log.is_log
    assert log.ended_words == "logged"
    assert not make_record().is_log
    assert make_record().kind == PRACTICE


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"exercise_id": "body-scan"}, "no exercise"),
        ({"content_hash": "ab"}, "content_hash"),
        ({"practised_seconds": 5.0}, "no length"),
        ({"before": 2}, "before must be null"),
        ({"switched_to": "eyes-open"}, "switched_to"),
        ({"after": None, "words": (), "note": ""}, "a number, a word or a note"),
        ({"kind": "mood"}, "kind must be"),
    ],
)
def test_an_impossible_log_is_refused(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        Record(**{**_as_kwargs(_log()), **change})


@pytest.mark.parametrize("fields", [{"value": None, "words": ["nothing / blank"]}, {"value": 0}])
def test_blank_or_zero_alone_is_a_whole_log(fields: dict[str, Any]) -> None:
    log = Record.new_log(at=BASE, **fields)
    assert Record.from_json_dict(log.to_json_dict()) == log


def test_a_practice_left_for_the_eyes_open_way_out_says_so() -> None:
    record = make_record(finished=False, switched_to="eyes-open")
    assert record.ended_words == "switched to grounding"
    assert record.to_json_dict()["switched_to"] == "eyes-open"
    assert Record.from_json_dict(record.to_json_dict()) == record
    with pytest.raises(RecordError, match="switched_to"):
        make_record(switched_to="Eyes Open!")


def test_practice_record_carries_what_it_was_switched_to(exercise: Exercise) -> None:
    session = Session(exercise.steps, lambda: 0.0)
    practice = Practice(exercise, session, planned_seconds=60.0, started=BASE)
    assert practice.record(BASE).switched_to is None
    practice.switched_to = "eyes-open"
    record = practice.record(BASE + timedelta(minutes=1), Rating(4))
    assert record.switched_to == "eyes-open"
    assert record.ended_words == "switched to grounding"


@pytest.fixture
def exercise() -> Exercise:
    from numbtui.library import discover

    found = discover([]).get("body-scan-short")
    assert found is not None
    return found


def test_an_export_from_before_logs_reads_as_practices_not_switched() -> None:
    item = json.loads(OLD_EXPORT.read_text(encoding="utf-8"))[0]
    assert "kind" not in item
    assert "switched_to" not in item
    record = Record.from_json_dict(item)
    assert (record.kind, record.switched_to) == (PRACTICE, None)
    with pytest.raises(RecordError, match="missing field 'note'"):
        Record.from_json_dict({k: v for k, v in item.items() if k != "note"})


# -- the migration ----------------------------------------------------------------------------


def _rows(database: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(database)
    try:
        return conn.execute("SELECT * FROM practice ORDER BY id").fetchall()
    finally:
        conn.close()


def _schema_objects(database: Path) -> set[tuple[str, str, str]]:
    conn = sqlite3.connect(database)
    try:
        return set(conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall())
    finally:
        conn.close()


def test_a_history_made_by_schema_3_keeps_every_record_as_a_practice(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    shutil.copyfile(OLD_HISTORY, database)
    old_rows = _rows(database)
    assert len(old_rows) == 6
    expected = [Record.from_json_dict(item) for item in json.loads(OLD_EXPORT.read_text())]
    with Store.open(database) as store:
        kept = list(store.iter_records())
        assert kept == expected
        assert {(r.kind, r.switched_to) for r in kept} == {(PRACTICE, None)}
        store.save(_log())  # and the migrated file takes logs
        assert store.count(Filters(kind=LOG)) == 1
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (4,)
        migrated = conn.execute("SELECT * FROM practice WHERE kind = 'practice' ORDER BY id")
        # Every old column of every row is as it was; the two new ones follow.
        assert [row[: len(old_rows[0])] for row in migrated] == old_rows
    finally:
        conn.close()


def test_a_migrated_history_has_exactly_the_schema_of_a_new_one(tmp_path: Path) -> None:
    migrated, new = tmp_path / "migrated.sqlite3", tmp_path / "new.sqlite3"
    shutil.copyfile(OLD_HISTORY, migrated)
    for database in (migrated, new):
        Store.open(database).close()
    assert _schema_objects(migrated) == _schema_objects(new)
    assert ("index", "practice_by_kind", "practice") in _schema_objects(new)
    # The checks made before any write know schema 4, and the migrated file passes them.
    assert ("index", "practice_by_kind", "practice") in checks.expected_objects(MIGRATIONS, 4)
    with Store.open(migrated) as store:
        store.check()
        assert store.save(_log())


def test_schema_4_migrates_a_history_built_by_the_first_three_migrations(tmp_path: Path) -> None:
    database = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(database, isolation_level=None)
    for migration in MIGRATIONS[:3]:
        migration(conn)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO practice (id, started_us, ended_us, exercise_id, title, content_hash, "
        "planned_seconds, practised_seconds, finished) VALUES (?, 0, 1, 'x', 'X', '', 1, 1, 1)",
        (record_id(1),),
    )
    conn.close()
    with Store.open(database) as store:
        (record,) = store.iter_records()
    assert (record.id, record.kind, record.switched_to) == (record_id(1), PRACTICE, None)


# -- the store: logs are apart from every per-exercise figure -----------------------------


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "h.db")
    practices = [
        make_record(id=record_id(n), started=BASE + timedelta(days=n), before=2, after=6)
        for n in range(3)
    ]
    # Low logged numbers: were they mixed in, every figure below would move.
    logs = [_log(n, value=0, at=BASE + timedelta(days=n, hours=1)) for n in range(4)]
    opened.import_records([*practices, *logs])
    return opened


def test_logs_never_enter_an_exercises_figures(store: Store) -> None:
    (stats,) = store.stats()
    assert (stats.exercise_id, stats.practices, stats.average_after) == ("body-scan", 3, 6.0)
    assert stats.average_change == 4.0
    assert [value for _, value in store.ratings_series()] == [6, 6, 6]
    (changes,) = store.rating_changes()
    assert (changes.exercise_id, changes.counts) == ("body-scan", ((4, 3),))
    assert store.exercise_ids() == [("body-scan", "Body scan")]
    days = store.rating_days()
    assert [(d.after_sum, d.after_count, d.before_count) for d in days] == [(6.0, 1, 1)] * 3
    weeks = store.minutes_per_week(NO_FILTERS, 1, today=BASE.date() + timedelta(days=2))
    assert weeks[-1][1] == pytest.approx(3 * 603.5 / 60)


def test_the_kind_filter_pages_counts_and_exports(store: Store) -> None:
    assert store.count() == 7
    assert store.count(Filters(kind=PRACTICE)) == 3
    assert store.count(Filters(kind=LOG)) == 4
    page = store.page(Filters(kind=LOG), None, 10)
    assert [r.kind for r in page.records] == [LOG] * 4
    assert [r.started for r in page.records] == sorted(
        (r.started for r in page.records), reverse=True
    )
    assert store.stats(Filters(kind=LOG)) == []
    with pytest.raises(ValueError, match="kind"):
        Filters(kind="mood")


# -- export and import ----------------------------------------------------------------------


def _exported(store: Store, fmt: ExportFormat, filters: Filters = NO_FILTERS) -> str:
    out = io.StringIO()
    export(store, fmt, out, filters)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_logs_and_switches_round_trip_byte_identical(
    tmp_path: Path, store: Store, fmt: ExportFormat
) -> None:
    store.save(make_record(id=record_id(50), switched_to="eyes-open", finished=False))
    first = _exported(store, fmt)
    assert '"kind": "log"' in first
    assert '"switched_to": "eyes-open"' in first
    path = tmp_path / f"export.{fmt}"
    path.write_text(first, encoding="utf-8")
    with Store.open(tmp_path / "again.db") as again:
        report = import_file(again, path)
        assert (report.imported, report.errors) == (8, [])
        assert _exported(again, fmt) == first


def test_csv_and_table_carry_the_kind_and_the_switch(store: Store) -> None:
    store.save(make_record(id=record_id(50), switched_to="eyes-open", finished=False))
    rows = list(csv.DictReader(io.StringIO(_exported(store, "csv"))))
    kinds = [(row["kind"], row["switched_to"]) for row in rows]
    assert kinds.count(("log", "")) == 4
    assert ("practice", "eyes-open") in kinds
    table = _exported(store, "table").splitlines()
    logged = [line for line in table if LOG_TITLE in line]
    assert len(logged) == 4
    assert all(" logged " in line for line in logged)
    assert all(line.endswith(" 0        tired, nothing / blank") for line in logged)
    assert any("switched to grounding" in line for line in table)


def test_an_older_export_imports_as_practices(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.db") as store:
        report = import_file(store, OLD_EXPORT)
        assert (report.imported, report.errors) == (6, [])
        assert store.count(Filters(kind=PRACTICE)) == 6
        assert store.count(Filters(kind=LOG)) == 0


def test_a_log_that_cannot_be_saved_waits_in_the_recovery_file(tmp_path: Path) -> None:
    blocked = tmp_path / "history.sqlite3"
    blocked.write_bytes(b"not a database at all, and not numbtui's" * 50)
    recovery = tmp_path / "recovery.jsonl"
    log = _log()
    outcome = save_record(log, blocked, recovery)
    assert (outcome.saved, outcome.recovered) == (False, True)
    assert list(read(recovery)) == [(1, log)]
    with Store.open(tmp_path / "fresh.sqlite3") as store:
        assert import_file(store, recovery).imported == 1
        assert store.get(log.id) == log


def test_the_started_of_a_log_is_its_moment() -> None:
    at = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    assert Record.new_log(at=at, value=5).to_json_dict()["started"] == "2025-06-01T12:00:00+00:00"


def test_hostile_logs_in_an_import_are_each_refused_with_a_reason(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.db") as store:
        report = import_file(store, DATA / "import" / "hostile-logs.jsonl")
        assert report.imported == 1
        assert store.count(Filters(kind=LOG)) == 1
    reasons = dict(report.errors)
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "kind must be 'practice' or 'log'" in reasons[2]
    assert "a log has no exercise" in reasons[3]
    assert "a log needs a number, a word or a note" in reasons[4]
    assert "switched_to must be an exercise id" in reasons[5]
    assert "kind must be text" in reasons[6]
    assert "before must be null" in reasons[7]
    assert "switched_to must be text or null" in reasons[8]
    assert reasons[9].endswith("which is still to come: a moment cannot be logged in the future")
