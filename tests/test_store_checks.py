"""No write into a history this run has not found whole and numbtui's own: damaged pages and
rows, and schema objects numbtui did not make (a trigger), with real files."""

from __future__ import annotations

import hashlib
import os
import random
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from numbtui import backups, checks, cli
from numbtui.errors import DatabaseCorruptError, DatabaseForeignError
from numbtui.record import Record
from numbtui.recovery import import_advice, read, save_record
from numbtui.store import MIGRATIONS, NO_FILTERS, Store
from tests.record_helpers import BASE, make_record, record_id

PAGE = 4096
ROWS = 500
WIPE = (
    "create trigger wipe after insert on practice begin "
    "delete from practice where id <> new.id; end;"
)


def _history(path: Path, rows: int = ROWS) -> None:
    """A real history whose layout is the same on every run (fixed ids and times)."""
    with Store.open(path) as store:
        store.import_records(
            make_record(id=record_id(n), started=BASE + timedelta(hours=n), note="n" * 200)
            for n in range(rows)
        )


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pages(path: Path) -> int:
    return path.stat().st_size // PAGE


def _middle_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = _pages(path) // 2
    data[(page - 1) * PAGE : page * PAGE] = random.Random(page).randbytes(PAGE)
    path.write_bytes(bytes(data))


def _last_page(path: Path) -> None:
    # The cells at the end of the last page, as a write cut short would leave them.
    data = bytearray(path.read_bytes())
    end = _pages(path) * PAGE
    data[end - PAGE // 2 : end] = random.Random(9).randbytes(PAGE // 2)
    path.write_bytes(bytes(data))


def _bad_row(path: Path) -> None:
    # The record header of one row deep in the table: its column types no longer fit its bytes.
    data = bytearray(path.read_bytes())
    # The row itself, not an index entry holding the same id: in the row, the id is followed
    # by the two 8-byte times and then the exercise id.
    found = re.search(re.escape(record_id(300).encode()) + b".{16}body-scan", data, re.DOTALL)
    assert found is not None
    row = found.start()
    data[row - 20 : row] = b"\xff" * 20
    path.write_bytes(bytes(data))


DAMAGE = [_middle_page, _last_page, _bad_row]


def _settled(path: Path) -> None:
    """Wait for the day's backup, then let the last connection fold the log into the file.

    While the backup's connection is open, a save's close is not the last one, so the newest
    pages stay in the log, where damage to the main file would not reach them.
    """
    backups.wait()
    Store.open(path).close()


def _recovered(path: Path) -> list[Record]:
    return [item for _, item in read(path) if isinstance(item, Record)]


@pytest.mark.parametrize("damage", DAMAGE, ids=["middle page", "last page", "bad row"])
def test_a_save_into_a_damaged_history_goes_to_the_recovery_file(
    tmp_path: Path, damage: object
) -> None:
    database, recovery = tmp_path / "history.sqlite3", tmp_path / "recovery.jsonl"
    _history(database)
    assert callable(damage)
    damage(database)
    before = _hash(database)
    record = make_record()
    outcome = save_record(record, database, recovery)
    assert not outcome.saved
    assert outcome.recovered
    assert _hash(database) == before
    assert _recovered(recovery) == [record]
    assert "damaged" in outcome.message
    assert f"move the damaged file aside ({database}), then run: numbtui import" in (
        outcome.message
    )


@pytest.mark.parametrize("damage", DAMAGE, ids=["middle page", "last page", "bad row"])
def test_a_damaged_history_is_not_written_by_delete_or_import(
    tmp_path: Path, damage: object
) -> None:
    database = tmp_path / "history.sqlite3"
    _history(database)
    assert callable(damage)
    damage(database)
    before = _hash(database)
    with Store.open(database) as store, pytest.raises(DatabaseCorruptError, match="untouched"):
        store.delete(record_id(1))
    with Store.open(database) as store, pytest.raises(DatabaseCorruptError, match="untouched"):
        store.import_records([make_record()])
    assert _hash(database) == before


def test_a_whole_history_is_read_whole_once_then_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, recovery = tmp_path / "history.sqlite3", tmp_path / "recovery.jsonl"
    _history(database, rows=50)
    calls: list[Path] = []
    real = checks.quick_check

    def counted(conn: sqlite3.Connection, path: Path) -> None:
        calls.append(path)
        real(conn, path)

    monkeypatch.setattr(checks, "quick_check", counted)
    for _ in range(3):
        assert save_record(make_record(), database, recovery).saved
    _settled(database)
    # The file was written by this numbtui when it was made, then checked once: the saves
    # after that find it as numbtui left it.
    assert len(calls) <= 1
    calls.clear()
    _middle_page(database)
    assert not save_record(make_record(), database, recovery).saved
    assert calls == [database]


def test_damage_with_its_modification_time_put_back_is_still_found(tmp_path: Path) -> None:
    database, recovery = tmp_path / "history.sqlite3", tmp_path / "recovery.jsonl"
    _history(database)
    assert save_record(make_record(), database, recovery).saved
    _settled(database)
    assert save_record(make_record(), database, recovery).saved  # the day's backup is made
    assert checks.known_good(database)
    stat = database.stat()
    _middle_page(database)
    os.utime(database, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as `touch -r` would
    assert not checks.known_good(database)
    before = _hash(database)
    assert not save_record(make_record(), database, recovery).saved
    assert _hash(database) == before


def test_a_history_is_checked_when_the_cache_is_not_there(tmp_path: Path) -> None:
    database, recovery = tmp_path / "history.sqlite3", tmp_path / "recovery.jsonl"
    _history(database)
    assert save_record(make_record(), database, recovery).saved
    _settled(database)
    _middle_page(database)
    checks.remember_good(database)  # a stale or forged verdict...
    (tmp_path / "cache" / checks.CACHE_NAME).unlink()  # ...then the cache is cleared
    before = _hash(database)
    assert not save_record(make_record(), database, recovery).saved
    assert _hash(database) == before


# -- schema objects numbtui did not make ------------------------------------------------------


def _add(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM practice").fetchone()[0])
    finally:
        conn.close()


def test_a_trigger_is_refused_before_a_save_and_named(tmp_path: Path) -> None:
    database, recovery = tmp_path / "history.sqlite3", tmp_path / "recovery.jsonl"
    _history(database, rows=100)
    _add(database, WIPE)
    before = _hash(database)
    record = make_record()
    outcome = save_record(record, database, recovery)
    assert not outcome.saved
    assert outcome.recovered
    assert 'trigger "wipe"' in outcome.problem
    assert _hash(database) == before
    assert _count(database) == 100
    assert _recovered(recovery) == [record]


def test_import_into_a_history_with_a_trigger_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "data" / "history.sqlite3"
    database.parent.mkdir()
    _history(database, rows=1000)
    _add(database, WIPE)
    before = _hash(database)
    export = tmp_path / "more.jsonl"
    export.write_text(
        "".join(
            f'{{"id": "{record_id(n)}", "started": "2024-03-01T08:30:00Z", '
            f'"ended": "2024-03-01T08:40:00Z", "exercise_id": "body-scan", '
            f'"title": "Body scan", "content_hash": "0123456789abcdef", '
            f'"planned_seconds": 600, "practised_seconds": 600, "finished": true}}\n'
            for n in range(500, 2000)
        )
    )
    code = cli.main(["import", str(export)])
    err = capsys.readouterr()
    assert code == 1
    assert 'trigger "wipe"' in err.err
    assert "untouched" in err.err
    assert "-" not in err.out  # no count, let alone a negative one
    assert _hash(database) == before
    assert _count(database) == 1000


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("CREATE VIEW recent AS SELECT * FROM practice;", 'view "recent"'),
        ("CREATE TABLE notes (x TEXT);", 'table "notes"'),
        ("CREATE INDEX by_note ON practice (note);", 'index "by_note"'),
        ("DROP INDEX practice_by_exercise;", 'index "practice_by_exercise"'),
    ],
    ids=["view", "table", "index", "missing index"],
)
def test_any_schema_object_numbtui_did_not_make_is_refused(
    tmp_path: Path, sql: str, named: str
) -> None:
    database = tmp_path / "history.sqlite3"
    _history(database, rows=20)
    _add(database, sql)
    before = _hash(database)
    with Store.open(database) as store, pytest.raises(DatabaseForeignError, match=named):
        store.save(make_record())
    assert _hash(database) == before


def test_a_numbtui_history_of_every_schema_version_passes_the_check(tmp_path: Path) -> None:
    for version in range(len(MIGRATIONS) + 1):
        database = tmp_path / f"v{version}.sqlite3"
        conn = sqlite3.connect(database)
        for migration in MIGRATIONS[:version]:
            migration(conn)
        conn.execute(f"PRAGMA user_version = {version}")
        if version:
            conn.execute(f"PRAGMA application_id = {0x4E554D42}")
        conn.commit()
        conn.close()
        with Store.open(database) as store:  # migrates, which is a write
            assert store.save(make_record())
            assert store.count(NO_FILTERS) == 1


def test_import_counts_are_never_negative(tmp_path: Path) -> None:
    # Even if a trigger got past the check (here: added while the store is open), the count
    # is of the rows the statement itself inserted.
    database = tmp_path / "history.sqlite3"
    _history(database, rows=10)
    with Store.open(database) as store:
        store.save(make_record())  # checked now
        store._conn.executescript(WIPE)
        counts = store.import_records([make_record(), make_record()])
    assert counts.imported == 2
    assert counts.already_present == 0


def test_a_history_with_a_trigger_can_still_be_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "data" / "history.sqlite3"
    database.parent.mkdir()
    _history(database, rows=30)
    _add(database, WIPE)
    assert cli.main(["history", "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 30
    recovery = tmp_path / "recovery.jsonl"
    assert import_advice(recovery, database) == (
        f"first move that file aside ({database}), then run: numbtui import {recovery}"
    )
