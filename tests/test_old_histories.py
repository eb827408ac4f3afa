"""Histories written at schema 1, 2 and 3 read, export and restore with every record, and a
pure read never writes to the file: in a writable folder and in a read-only one.

The oracle for every output is the same command on a new history holding the records the
older numbtui exported from that file (``tests/data/import/history-schema-N.json``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from numbtui import cli, dbfile
from numbtui.errors import DatabaseForeignError, StoreReadOnlyError
from numbtui.recovery import import_advice
from numbtui.store import NO_FILTERS, SCHEMA_VERSION, Filters, Store
from tests.old_history_helpers import (
    VERSIONS,
    MakeReadOnly,
    fingerprint,
    newer,
    old_history,
    old_records,
    place,
    read_only,
    user_version,
)
from tests.record_helpers import make_record

__all__ = ["read_only"]  # the fixture, used by name

PLACES = ("writable", "read-only")
FORMATS = (
    ["history", "--format", "json"],
    ["history", "--format", "jsonl"],
    ["history", "--format", "csv"],
    ["history", "--format", "table"],
    ["history", "--format", "table", "--plain"],
    ["history", "--plain"],
    ["history", "--format", "json", "--exercise", "body-scan", "--kind", "practices"],
    ["insight"],
    ["insight", "--format", "json"],
)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tables show local times: the same zone for the older file and its oracle."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


Run = Callable[[Path, list[str]], tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """``run(data, argv)``: numbtui with its data folder at ``data``; (exit code, out, err)."""

    def run_in(data: Path, argv: list[str]) -> tuple[int, str, str]:
        monkeypatch.setenv("NUMBTUI_DATA_DIR", str(data))
        code = cli.main(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run_in


def the_same_in_a_new_history(run: Run, folder: Path, version: int, argv: list[str]) -> str:
    """What ``argv`` prints for a new history holding that older file's records."""
    with Store.open(folder / "history.sqlite3") as store:
        store.import_records(old_records(version))
    code, out, err = run(folder, argv)
    assert (code, err) == (0, "")
    return out


# -- every reading command ------------------------------------------------------------------


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("argv", FORMATS, ids=" ".join)
def test_an_older_history_reads_like_a_new_one_and_is_not_written(
    tmp_path: Path,
    run: Run,
    read_only: MakeReadOnly,
    *,
    version: int,
    where: str,
    argv: list[str],
) -> None:
    expected = the_same_in_a_new_history(run, tmp_path / "new", version, argv)
    database = place(version, tmp_path / "old")
    if where == "read-only":
        read_only(database.parent)
    before = fingerprint(database)
    code, out, err = run(database.parent, argv)
    assert (code, err) == (0, "")
    assert out == expected
    assert out.strip() not in ("", "[]")
    # Only asked to read: the file is as it was, still at its own schema, in both places.
    assert fingerprint(database) == before
    assert user_version(database) == version


@pytest.mark.parametrize("version", VERSIONS)
def test_the_app_moves_a_writable_older_history_once_and_keeps_every_record(
    tmp_path: Path, version: int
) -> None:
    database = place(version, tmp_path / "data")
    with Store.open(database) as store:  # what the app, log and import do
        assert list(store.iter_records()) == old_records(version)
        assert not store.reads_a_copy
    assert user_version(database) == SCHEMA_VERSION
    moved = fingerprint(database)
    with Store.open(database) as store:
        assert store.count() == 6
    assert fingerprint(database) == moved


# -- the store, read-only ---------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_an_older_history_in_a_read_only_folder_answers_every_query(
    tmp_path: Path, read_only: MakeReadOnly, version: int
) -> None:
    database = place(version, tmp_path / "data")
    read_only(database.parent)
    before = fingerprint(database)
    records = old_records(version)
    with Store.open(database) as store:  # falls back to reading, as the history screen does
        assert store.reads_a_copy
        assert store.count() == store.count(Filters(kind="practice")) == 6
        assert store.count(Filters(kind="log")) == 0
        assert store.page(NO_FILTERS, None, 10).records == tuple(reversed(records))
        assert list(store.iter_records(newest_first=True)) == list(reversed(records))
        assert store.get(records[0].id) == records[0]
        assert {title for _, title in store.exercise_ids()} == {r.title for r in records}
        assert sum(stats.practices for stats in store.stats(NO_FILTERS)) == 6
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            store.save(make_record())
    assert fingerprint(database) == before


def test_other_reads_go_on_while_an_export_of_a_copy_is_half_way(tmp_path: Path) -> None:
    database = place(2, tmp_path / "data")
    with Store.open_read_only(database) as store:
        assert store.reads_a_copy
        reading = store.iter_records()
        first = [next(reading), next(reading)]
        assert store.count() == 6  # the screen counts while the oldest page is read
        assert first + list(reading) == old_records(2)


def test_a_read_of_an_older_file_checks_the_file_itself_not_its_copy(tmp_path: Path) -> None:
    # A trigger of another program stays in the file: reading works (it runs no trigger),
    # and the advice before an import still says to move the file aside.
    database = place(3, tmp_path / "data")
    conn = sqlite3.connect(database)
    conn.execute("CREATE TRIGGER keep AFTER INSERT ON practice BEGIN SELECT 1; END")
    # Named like the index schema 4 adds: would stop a migration of the copy were it kept.
    conn.execute("CREATE INDEX practice_by_kind ON practice (title)")
    conn.close()
    before = fingerprint(database)
    with Store.open_read_only(database) as store:
        assert list(store.iter_records()) == old_records(3)
        with pytest.raises(DatabaseForeignError, match='trigger "keep"'):
            store.check()
    recovery = tmp_path / "recovery.jsonl"
    assert import_advice(recovery, database).startswith(f"first move that file aside ({database})")
    assert fingerprint(database) == before


# -- a newer file ------------------------------------------------------------------------------


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize(
    "argv",
    [
        ["history", "--format", "jsonl"],
        ["history", "--format", "table", "--plain"],
        ["history", "--plain"],
        ["insight"],
    ],
    ids=" ".join,
)
def test_a_newer_history_is_one_line_naming_both_versions_and_left_untouched(
    tmp_path: Path,
    run: Run,
    read_only: MakeReadOnly,
    where: str,
    argv: list[str],
) -> None:
    database = tmp_path / "data" / "history.sqlite3"
    newer(database)
    if where == "read-only":
        read_only(database.parent)
    before = fingerprint(database)
    code, out, err = run(database.parent, argv)
    assert code == 1
    assert out == ""
    assert err == (
        f"numbtui: The history was written by a newer numbtui (schema {SCHEMA_VERSION + 1}; "
        f"this one knows up to {SCHEMA_VERSION}) and was left untouched: {database}\n"
    )
    assert fingerprint(database) == before


# -- backups of older histories ------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_an_older_backup_restores_moved_to_this_version_then_exports(
    tmp_path: Path,
    run: Run,
    version: int,
) -> None:
    backup = tmp_path / "old-backup.sqlite3"
    backup.write_bytes(old_history(version).read_bytes())
    before = fingerprint(backup)
    data = tmp_path / "data"
    code, out, err = run(data, ["restore", str(backup)])
    assert (code, err) == (0, "")
    assert "(6 practices)" in out
    database = data / "history.sqlite3"
    # Moved at once: whatever reads it next (a read-only disk later, too) finds it current.
    assert user_version(database) == SCHEMA_VERSION
    assert fingerprint(backup) == before
    code, out, err = run(data, ["history", "--format", "jsonl"])
    assert (code, err) == (0, "")
    expected = the_same_in_a_new_history(
        run, tmp_path / "new", version, ["history", "--format", "jsonl"]
    )
    assert out == expected
    with Store.open(database) as store:
        store.check()  # exactly numbtui's schema and whole: the next save goes through
        assert store.save(make_record())


@pytest.mark.parametrize("version", VERSIONS)
def test_backups_counts_every_practice_of_an_older_backup(
    tmp_path: Path,
    run: Run,
    version: int,
) -> None:
    data = tmp_path / "data"
    backup = data / "backups" / "history-2025-01-02.sqlite3"
    backup.parent.mkdir(parents=True)
    backup.write_bytes(old_history(version).read_bytes())
    code, out, err = run(data, ["backups"])
    assert (code, err) == (0, "")
    (line,) = [line for line in out.splitlines() if line.startswith("2025-01-02")]
    assert line.split()[1] == "6"


def test_the_kept_files_are_at_their_schema_and_numbtuis() -> None:
    # What the tests above rely on: each kept file is at the schema its name says.
    for version in VERSIONS:
        assert user_version(old_history(version)) == version
        with open(old_history(version), "rb") as handle:
            header = handle.read(100)
        assert int.from_bytes(header[68:72], "big") == dbfile.APPLICATION_ID
        assert len(old_records(version)) == 6


@pytest.mark.parametrize("where", PLACES)
def test_an_empty_history_file_reads_as_no_practice_and_stays_empty(
    tmp_path: Path, run: Run, read_only: MakeReadOnly, where: str
) -> None:
    # What a first open cut short leaves (schema 0, no tables): nothing recorded yet.
    database = tmp_path / "data" / "history.sqlite3"
    database.parent.mkdir()
    database.parent.chmod(0o700)
    database.touch(mode=0o600)
    if where == "read-only":
        read_only(database.parent)
    assert run(database.parent, ["history", "--format", "json"]) == (0, "[]\n", "")
    assert run(database.parent, ["history", "--format", "csv"])[1].startswith("id,started,")
    assert run(database.parent, ["insight"]) == (0, "", "No practice matches.\n")
    assert database.stat().st_size == 0
