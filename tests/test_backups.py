"""Automatic daily backups (checked, rotated, never a damaged copy over a good one), and the
`numbtui backups` and `numbtui restore` commands, with real files."""

from __future__ import annotations

import hashlib
import random
import re
import shutil
import sqlite3
import stat
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from numbtui import backups, cli, cli_history, paths
from numbtui.errors import DatabaseCorruptError
from numbtui.record import Record
from numbtui.recovery import save_record
from numbtui.store import MIGRATIONS, NO_FILTERS, Store
from tests.record_helpers import BASE, make_record

DATA = Path(__file__).parent / "data"

TODAY = date(2026, 12, 3)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _history(path: Path, rows: int) -> None:
    with Store.open(path) as store:
        store.import_records(make_record(note="n" * 200) for _ in range(rows))


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = len(data) // 4096 // 2
    data[page * 4096 : (page + 1) * 4096] = random.Random(5).randbytes(4096)
    path.write_bytes(bytes(data))


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM practice").fetchone()[0])
    finally:
        conn.close()


def test_the_first_save_of_a_day_makes_a_checked_private_backup() -> None:
    database, recovery = paths.database_file(), paths.recovery_file()
    assert save_record(make_record(), database, recovery).saved
    backups.wait()
    folder = paths.backups_dir()
    [copy] = list(folder.glob("history-*.sqlite3"))
    assert copy.name == backups.name_for(backups._today())
    assert _mode(folder) == 0o700
    assert _mode(copy) == 0o600
    assert _count(copy) == 1
    assert not list(folder.glob("*-wal"))  # one self-contained file
    # Later saves that day leave it as it is.
    before = _hash(copy)
    assert save_record(make_record(), database, recovery).saved
    assert not backups.start_if_due(database, MIGRATIONS)
    backups.wait()
    assert _hash(copy) == before
    assert _count(database) == 2


def test_the_save_does_not_wait_for_the_backup(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    copying = threading.Event()
    real_copy = backups._copy

    def slow_copy(source: Path, target: Path) -> None:
        copying.set()
        assert release.wait(10)
        real_copy(source, target)

    monkeypatch.setattr(backups, "_copy", slow_copy)
    outcome = save_record(make_record(), paths.database_file(), paths.recovery_file())
    assert outcome.saved  # returned while the copy is still held back
    assert copying.wait(10)
    assert not (paths.backups_dir() / backups.name_for(backups._today())).exists()
    release.set()
    backups.wait()
    assert (paths.backups_dir() / backups.name_for(backups._today())).exists()


def test_seven_daily_and_four_weekly_backups_are_kept() -> None:
    days = [TODAY - timedelta(days=n) for n in range(60)]
    kept = backups.to_keep(days)
    assert sorted(kept, reverse=True)[:7] == days[:7]
    older = sorted(kept - set(days[:7]), reverse=True)
    assert len(older) == 4
    assert len({day.isocalendar()[:2] for day in older}) == 4
    # The newest of each week: the day after each is in the next week (or is a daily one).
    for day in older:
        assert (day + timedelta(days=1)).isocalendar()[:2] != day.isocalendar()[:2] or (
            day + timedelta(days=1) in days[:7]
        )


def test_old_backups_are_pruned_only_after_a_good_new_one(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    _history(database, rows=5)
    first = backups.back_up(database, MIGRATIONS, today=TODAY - timedelta(days=40))
    assert first is not None
    for n in range(1, 40):
        shutil.copy(first, first.with_name(backups.name_for(TODAY - timedelta(days=n))))
    backups.back_up(database, MIGRATIONS, today=TODAY)
    left = sorted(p.name for p in backups.folder_for(database).glob("history-*.sqlite3"))
    assert len(left) == 7 + 4
    assert backups.name_for(TODAY) in left
    assert backups.name_for(TODAY - timedelta(days=40)) not in left


def test_a_damaged_history_never_replaces_or_prunes_a_good_backup(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    _history(database, rows=300)
    days = [TODAY - timedelta(days=n) for n in range(1, 12)]
    for day in days:
        assert backups.back_up(database, MIGRATIONS, today=day) is not None
    folder = backups.folder_for(database)
    before = {p.name: _hash(p) for p in folder.glob("history-*.sqlite3")}
    _damage(database)
    with pytest.raises(DatabaseCorruptError):
        backups.back_up(database, MIGRATIONS, today=TODAY)
    after = {p.name: _hash(p) for p in folder.glob("history-*.sqlite3")}
    assert after == before
    assert not list(folder.glob(".*.tmp"))


def _columns(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def test_backups_lists_date_practices_and_size(capsys: pytest.CaptureFixture[str]) -> None:
    database = paths.database_file()
    _history(database, rows=3)
    backups.back_up(database, MIGRATIONS, today=TODAY)
    assert cli.main(["backups"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert _columns(lines[0]) == ["DATE", "CONTENTS", "SIZE", "FILE"]
    assert _columns(lines[1]) == [
        "2026-12-03",
        "3 practices",  # no log: the practices alone
        cli_history._size((paths.backups_dir() / "history-2026-12-03.sqlite3").stat().st_size),
        str(paths.backups_dir() / "history-2026-12-03.sqlite3"),
    ]


def test_backups_count_logs_apart_from_practices(capsys: pytest.CaptureFixture[str]) -> None:
    database = paths.database_file()
    _history(database, rows=3)
    with Store.open(database) as store:
        store.import_records(Record.new_log(at=BASE, value=n) for n in range(2))
    backups.back_up(database, MIGRATIONS, today=TODAY)
    only_logs = paths.backups_dir() / backups.name_for(TODAY - timedelta(days=1))
    with Store.open(only_logs) as store:
        store.save(Record.new_log(at=BASE, value=0))
    # A backup made before logs existed (schema 3, no kind column): every row a practice.
    older = paths.backups_dir() / backups.name_for(TODAY - timedelta(days=2))
    shutil.copy(DATA / "history-schema-3.sqlite3", older)
    assert cli.main(["backups"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [_columns(line)[1] for line in lines[1:]] == [
        "3 practices, 2 moments logged",
        "1 moment logged",
        f"{_count(older)} practices",
    ]


def test_no_backups_yet_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["backups"]) == 0
    assert "No backups yet" in capsys.readouterr().err


def test_restore_swaps_a_backup_in_and_keeps_the_current_file_aside(
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = paths.database_file()
    _history(database, rows=2)
    copy = backups.back_up(database, MIGRATIONS, today=TODAY)
    assert copy is not None
    with Store.open(database) as store:
        store.save(make_record())
    current = _hash(database)
    assert cli.main(["restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"Restored your history from {copy} (2 practices)." in out
    [aside] = list(database.parent.glob("history-replaced-*.sqlite3"))
    assert f"kept, not deleted: {aside}" in out
    assert _hash(aside) == current
    with Store.open(database) as store:
        assert store.count(NO_FILTERS) == 2
    assert _count(aside) == 3
    assert copy.exists()  # the backup itself stays


def test_restore_says_the_logs_apart(capsys: pytest.CaptureFixture[str]) -> None:
    database = paths.database_file()
    _history(database, rows=1)
    with Store.open(database) as store:
        store.save(Record.new_log(at=BASE, value=4))
    copy = backups.back_up(database, MIGRATIONS, today=TODAY)
    assert cli.main(["restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"Restored your history from {copy} (1 practice, 1 moment logged)." in out


def test_a_damaged_backup_is_not_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = paths.database_file()
    _history(database, rows=300)
    bad = tmp_path / "bad.sqlite3"
    shutil.copy(database, bad)
    _damage(bad)
    before = _hash(database)
    assert cli.main(["restore", str(bad)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert _hash(database) == before
    assert not list(database.parent.glob("history-replaced-*"))


def test_paths_names_the_backups_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["paths"]) == 0
    assert f"backups:           {paths.backups_dir()}" in capsys.readouterr().out
