"""Honest messages about the disk and the history's place: a full disk (a real, small tmpfs),
a read-only disk, and something in the way of the history file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from numbtui import cli
from numbtui.errors import StoreReadOnlyError
from numbtui.record import Record
from numbtui.recovery import import_advice, read, save_record
from numbtui.store import NO_FILTERS, Store
from tests.record_helpers import make_record

Mount = Callable[[str], Path]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Mount]:
    """Mount small tmpfs disks (root only; skipped elsewhere), unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        where = tmp_path / f"disk{len(mounted)}"
        where.mkdir()
        if os.geteuid() != 0:
            pytest.skip("mounting a tmpfs needs root")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
            capture_output=True,
            check=False,
        )
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path, leave: int) -> None:
    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    (folder / "filler").write_bytes(b"x" * (free - leave))


def _recovered(path: Path) -> list[Record]:
    return [item for _, item in read(path) if isinstance(item, Record)]


def test_a_full_disk_is_named_and_the_record_lands_in_the_recovery_file(tmpfs: Mount) -> None:
    disk = tmpfs("256k")
    database, recovery = disk / "history.sqlite3", disk / "recovery.jsonl"
    with Store.open(database) as store:
        for _ in range(5):
            store.save(make_record())
    _fill(disk, leave=8 * 1024)  # as in the report: 8 KB free, less than SQLite's -shm
    record = make_record()
    outcome = save_record(record, database, recovery)
    assert not outcome.saved
    assert outcome.recovered  # the record's room was taken before SQLite's side files
    assert "(the disk is full)" in outcome.message
    assert "disk is full" in outcome.problem
    assert _recovered(recovery) == [record]


def test_a_nearly_full_disk_that_takes_the_save_leaves_no_line_behind(tmpfs: Mount) -> None:
    disk = tmpfs("2m")
    database, recovery = disk / "history.sqlite3", disk / "recovery.jsonl"
    Store.open(database).close()
    _fill(disk, leave=160 * 1024)  # little room, but enough for one save
    record = make_record()
    outcome = save_record(record, database, recovery)
    assert outcome.saved
    # The line written ahead (to keep its room) was taken back.
    assert not recovery.exists() or _recovered(recovery) == []
    with Store.open(database) as store:
        assert store.get(record.id) == record


def test_a_read_only_disk_can_still_be_read_and_exported(
    tmpfs: Mount, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    disk = tmpfs("1m")
    database = disk / "history.sqlite3"
    kept = [make_record(), make_record()]
    with Store.open(database) as store:
        store.import_records(kept)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    monkeypatch.setenv("NUMBTUI_DATA_DIR", str(disk))
    assert cli.main(["history", "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert len(out.splitlines()) == 2
    with Store.open_read_only(database) as store:
        assert store.count(NO_FILTERS) == 2
        assert {r.id for r in store.iter_records()} == {r.id for r in kept}


def _the_way_back(message: str, recovery: Path) -> tuple[int, int]:
    return message.index("move"), message.index(f"numbtui import {recovery}")


def test_a_folder_named_like_the_history_must_be_moved_aside_first(tmp_path: Path) -> None:
    database, recovery = tmp_path / "history.sqlite3", tmp_path / "recovery.jsonl"
    database.mkdir()
    outcome = save_record(make_record(), database, recovery)
    assert outcome.recovered
    assert f"first move aside what is in the way ({database}), then run" in outcome.message
    move, command = _the_way_back(outcome.message, recovery)
    assert move < command


def test_a_history_whose_table_was_dropped_must_be_moved_aside_first(tmp_path: Path) -> None:
    database, recovery = tmp_path / "history.sqlite3", tmp_path / "recovery.jsonl"
    with Store.open(database) as store:
        store.save(make_record())
    conn = sqlite3.connect(database)
    conn.execute("DROP TABLE practice")
    conn.commit()
    conn.close()
    outcome = save_record(make_record(), database, recovery)
    assert outcome.recovered
    assert 'table "practice"' in outcome.problem
    assert f"first move that file aside ({database}), then run" in outcome.message
    move, command = _the_way_back(outcome.message, recovery)
    assert move < command


def test_a_history_on_a_read_only_disk_opens_for_reading_and_says_read_only_on_save(
    tmpfs: Mount, tmp_path: Path
) -> None:
    disk = tmpfs("1m")
    database = disk / "history.sqlite3"
    with Store.open(database) as store:
        store.save(make_record())
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    with Store.open(database) as store:  # what the history screen does
        assert store.count(NO_FILTERS) == 1
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            store.save(make_record())
    record = make_record()
    outcome = save_record(record, database, tmp_path / "recovery.jsonl")
    assert outcome.recovered
    assert "(the history is read-only)" in outcome.message
    assert _recovered(tmp_path / "recovery.jsonl") == [record]


def test_the_advice_at_start_says_to_move_the_history_aside_first(tmp_path: Path) -> None:
    database, recovery = tmp_path / "history.sqlite3", tmp_path / "recovery.jsonl"
    assert import_advice(recovery, database) == f"run: numbtui import {recovery}"
    with Store.open(database) as store:
        store.import_records(make_record(note="n" * 300) for _ in range(300))
    assert import_advice(recovery, database) == f"run: numbtui import {recovery}"
    data = bytearray(database.read_bytes())
    data[20 * 4096 : 21 * 4096] = bytes(range(256)) * 16
    database.write_bytes(bytes(data))
    assert import_advice(recovery, database) == (
        f"first move the damaged file aside ({database}), then run: numbtui import {recovery}"
    )
    database.unlink()
    database.mkdir()
    assert import_advice(recovery, database).startswith(
        f"first move aside what is in the way ({database}), then run"
    )
