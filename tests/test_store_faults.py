"""The history under stress: damaged or foreign files, newer versions, locks, full disks,
unwritable places, two processes at once, and processes killed mid-save."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from numbtui import dbfile
from numbtui.errors import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    StoreBusyError,
    StoreFullError,
    StoreReadOnlyError,
    StoreUnavailableError,
)
from numbtui.record import Record
from numbtui.recovery import read, save_record
from numbtui.store import APPLICATION_ID, NO_FILTERS, SCHEMA_VERSION, Store
from tests.record_helpers import make_record

FORK = multiprocessing.get_context("fork")
REPO = Path(__file__).resolve().parent.parent


def _fingerprint(path: Path) -> tuple[str, int]:
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data)


def _side_files(path: Path) -> list[str]:
    # The cache folder the autouse fixture puts beside the tests' files is not a side file.
    return sorted(p.name for p in path.parent.iterdir() if p.name not in (path.name, "cache"))


def _real_database(path: Path, rows: int = 300) -> None:
    with Store.open(path) as store:
        store.import_records(make_record(note="n" * 200) for _ in range(rows))


def _recovered(path: Path) -> list[Record]:
    return [item for _, item in read(path) if isinstance(item, Record)]


# -- files that are not ours ------------------------------------------------------------------


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(20_000))


def _text_file(path: Path) -> None:
    path.write_text("my shopping list\neggs\nbread\n" * 50)


def _truncated_database(path: Path) -> None:
    _real_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _header_only(path: Path) -> None:
    _real_database(path)
    path.write_bytes(path.read_bytes()[:60])


def _other_programs_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann', '123')")
    conn.commit()
    conn.close()


def _other_application_id(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("VACUUM")
    conn.close()


def _damaged_page_size(path: Path) -> None:
    _real_database(path)
    data = bytearray(path.read_bytes())
    data[16:18] = (3000).to_bytes(2, "big")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "make",
    [
        _random_bytes,
        _text_file,
        _truncated_database,
        _header_only,
        _other_programs_database,
        _other_application_id,
        _damaged_page_size,
    ],
)
def test_a_file_that_is_not_a_numbtui_history_is_refused_and_left_untouched(
    tmp_path: Path, make: object
) -> None:
    database = tmp_path / "history.sqlite3"
    assert callable(make)
    make(database)
    before = _fingerprint(database)
    side_before = _side_files(database)
    with pytest.raises(DatabaseCorruptError, match="left untouched"):
        Store.open(database)
    outcome = save_record(make_record(), database, tmp_path / "recovery.jsonl")
    assert _fingerprint(database) == before
    assert _side_files(database) == sorted([*side_before, "recovery.jsonl"])
    assert outcome.recovered
    assert "damaged or not numbtui's" in outcome.message
    # Import refuses a damaged history, so the way back names the file to move aside first.
    assert outcome.message.endswith(
        f"move the damaged file aside ({database}), then run: "
        f"numbtui import {tmp_path / 'recovery.jsonl'}"
    )


def test_damage_inside_the_file_is_found_by_verify_and_left_as_it_was(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    _real_database(database)
    data = bytearray(database.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[5 * page : 6 * page] = random.Random(3).randbytes(page)  # a page in the middle
    database.write_bytes(bytes(data))
    before = _fingerprint(database)
    with pytest.raises(DatabaseCorruptError, match="damaged"):
        Store.open(database, verify=True)
    assert _fingerprint(database) == before


def test_a_folder_in_place_of_the_database_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    database.mkdir()
    with pytest.raises(StoreUnavailableError, match="not a regular file"):
        Store.open(database)
    assert list(database.iterdir()) == []


def _stamp_newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def test_a_database_from_a_newer_numbtui_is_refused_and_left_untouched(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    _real_database(database)
    _stamp_newer(database)
    before = _fingerprint(database)
    with pytest.raises(DatabaseTooNewError, match=f"schema {SCHEMA_VERSION + 1}"):
        Store.open(database)
    assert _fingerprint(database) == before
    assert _side_files(database) == []  # not even opened by SQLite


def test_a_newer_database_with_a_pending_log_is_refused_and_left_untouched(
    tmp_path: Path,
) -> None:
    database = tmp_path / "history.sqlite3"
    _real_database(database)
    holder = sqlite3.connect(database)  # keeps the log from being folded back on close
    holder.execute("SELECT 1 FROM practice").fetchall()
    writer = sqlite3.connect(database)
    writer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    writer.commit()
    writer.close()
    assert Path(f"{database}-wal").stat().st_size > 32  # the newer version is only in the log
    before = _fingerprint(database)
    with pytest.raises(DatabaseTooNewError):
        Store.open(database)
    assert _fingerprint(database) == before
    holder.close()


# -- locks, full disks, read-only ----------------------------------------------------------------


def test_a_lock_held_past_the_timeout_sends_the_record_to_the_recovery_file(
    tmp_path: Path,
) -> None:
    database = tmp_path / "history.sqlite3"
    recovery = tmp_path / "recovery.jsonl"
    Store.open(database).close()
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(database, timeout=0.05) as store, pytest.raises(StoreBusyError):
            store.save(make_record())
        record = make_record()
        outcome = save_record(record, database, recovery, timeout=0.05)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert outcome.recovered
    assert not outcome.saved
    assert outcome.message == (
        "Your practice is safe in a recovery file; "
        "numbtui could not write its history (the database is locked). "
        f"To bring it back later, run: numbtui import {recovery}"
    )
    assert "locked" in outcome.problem
    assert _recovered(recovery) == [record]
    with Store.open(database) as store:
        assert store.count(NO_FILTERS) == 0


def test_a_full_disk_is_a_clear_error_and_loses_nothing_already_saved(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.db") as store:
        kept = make_record()
        store.save(kept)
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow
        with pytest.raises(StoreFullError, match="disk is full"):
            store.import_records(make_record(note="x" * 400) for _ in range(200))
        assert store.get(kept.id) == kept
        assert store.count(NO_FILTERS) == 1
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_read_only_database_is_a_clear_error(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.db") as store:
        store._conn.execute("PRAGMA query_only = ON")
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            store.save(make_record())


def test_save_record_recovers_from_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Store, record: Record) -> bool:
        raise StoreFullError("The disk is full; the history could not be written: x")

    monkeypatch.setattr(Store, "save", full)
    record = make_record()
    outcome = save_record(record, tmp_path / "h.db", tmp_path / "r.jsonl")
    assert outcome.recovered
    assert "(the disk is full)" in outcome.message
    assert _recovered(tmp_path / "r.jsonl") == [record]


def test_an_unwritable_location_sends_the_record_to_the_recovery_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    record = make_record()
    with pytest.raises(StoreUnavailableError, match="a file is in the way"):
        Store.open(blocker / "history.sqlite3")
    outcome = save_record(record, blocker / "history.sqlite3", tmp_path / "ok" / "recovery.jsonl")
    assert outcome.recovered
    assert outcome.kept
    assert _recovered(tmp_path / "ok" / "recovery.jsonl") == [record]
    assert blocker.read_text() == "a file where the data folder should be"


def test_when_nothing_can_be_written_the_outcome_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    outcome = save_record(make_record(), blocker / "h.db", blocker / "deeper" / "recovery.jsonl")
    assert not outcome.saved
    assert not outcome.recovered
    assert not outcome.kept
    assert "it will be printed when numbtui closes" in outcome.message
    assert "recovery file could not be written" in outcome.problem


# -- several processes -------------------------------------------------------------------------


SAVE_MANY = """
import sys
from pathlib import Path
from numbtui.recovery import save_record
from tests.record_helpers import make_record

database, recovery, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()  # wait for "go", so both start saving together
for _ in range(count):
    outcome = save_record(make_record(), database, recovery)
    if not outcome.saved:
        sys.exit(f"not saved: {outcome.problem}")
"""


def test_two_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    database, recovery = tmp_path / "h.db", tmp_path / "r.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    argv = [sys.executable, "-c", SAVE_MANY, str(database), str(recovery), "500"]
    children = [
        subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.close()
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    assert not recovery.exists()
    with Store.open(database) as store:
        assert store.count(NO_FILTERS) == 1000
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# Both children of the test above start on a file that does not exist yet. Each switches it
# to WAL, which reads it and then takes the write lock; SQLite refuses the second upgrade at
# once (no busy handler): a child failed with "locked" 1 to 7 ms into its first save.
def test_a_new_file_another_numbtui_is_switching_to_wal_is_waited_for(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    database.touch(mode=0o600)
    other = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the write lock, as the other switch holds it
    release = threading.Timer(0.3, other.execute, ("ROLLBACK",))
    release.start()
    try:
        with Store.open(database, timeout=5.0) as store:
            assert store.count(NO_FILTERS) == 0
    finally:
        release.join()
        other.close()


def test_a_history_created_while_its_identity_is_read_is_not_taken_for_foreign(
    tmp_path: Path,
) -> None:
    database = tmp_path / "h.db"
    database.touch(mode=0o600)
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    created: list[bool] = []

    def another_numbtui_creates_it(statement: str) -> None:
        # Runs as each statement starts: another numbtui commits the schema mid-read.
        if "user_version" in statement and not created:
            created.append(True)
            Store.open(database).close()

    conn.set_trace_callback(another_numbtui_creates_it)
    try:
        identity = dbfile.identity_from_sqlite(conn)
    finally:
        conn.close()
    assert created
    assert identity in (
        dbfile.Identity(0, 0, has_schema=False),
        dbfile.Identity(APPLICATION_ID, SCHEMA_VERSION, has_schema=True),
    )


# The holder stands for a numbtui writing on a slow disk: 50 ms transactions with a moment
# between them. SQLite's busy handler sleeps up to 100 ms between tries, so it kept missing
# those moments and a waiting save starved past its timeout (seen on CI).
def _hold_the_lock_in_bursts(database: str, ready: Connection, stop: Connection) -> None:
    with Store.open(Path(database)) as store:
        ready.send_bytes(b"ready")
        while not stop.poll():
            with store._write():
                time.sleep(0.05)
            time.sleep(0.0005)


def test_a_save_is_not_starved_by_a_process_writing_in_quick_succession(
    tmp_path: Path,
) -> None:
    database = tmp_path / "h.db"
    Store.open(database).close()
    ready_in, ready_out = FORK.Pipe(duplex=False)
    stop_in, stop_out = FORK.Pipe(duplex=False)
    holder = FORK.Process(target=_hold_the_lock_in_bursts, args=(str(database), ready_out, stop_in))
    holder.start()
    try:
        assert ready_in.recv_bytes() == b"ready"
        outcomes = [
            save_record(make_record(), database, tmp_path / "r.jsonl", timeout=2.0)
            for _ in range(8)
        ]
    finally:
        stop_out.send_bytes(b"stop")
        holder.join(timeout=10)
    assert holder.exitcode == 0
    assert [outcome.problem for outcome in outcomes if not outcome.saved] == []
    with Store.open(database) as store:
        assert store.count(NO_FILTERS) == 8


# Forked, not spawned: fifty fresh interpreters would take most of a minute. The child runs
# only storage code, and SIGKILL ends it whatever state it is in.
def _save_until_killed(database: str, report: Connection) -> None:
    with Store.open(Path(database)) as store:
        while True:
            record = make_record()
            store.save(record)
            report.send_bytes(record.id.encode())  # only after the commit returned


def test_a_process_killed_mid_save_never_loses_a_reported_save(tmp_path: Path) -> None:
    database = tmp_path / "h.db"
    rng = random.Random(2024)
    reported: list[str] = []
    for _ in range(50):
        receiver, sender = FORK.Pipe(duplex=False)
        child = FORK.Process(target=_save_until_killed, args=(str(database), sender))
        child.start()
        sender.close()
        # A real delay: the point is to kill at an unpredictable moment of real work.
        time.sleep(rng.uniform(0.02, 0.15))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        while True:
            try:
                reported.append(receiver.recv_bytes().decode())
            except EOFError:
                break
        receiver.close()
    assert len(reported) > 50  # the children did real work before being killed
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM practice")}
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()
    assert set(reported) <= stored
    assert len(stored) - len(reported) <= 50  # at most one unreported commit per kill


def test_a_cut_recovery_line_does_not_swallow_the_next_one(tmp_path: Path) -> None:
    recovery = tmp_path / "r.jsonl"
    whole = make_record()
    line = json.dumps(whole.to_json_dict())
    recovery.write_text(line + "\n" + line[:40])  # a crash cut the second line short
    recovery.chmod(0o600)
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    later = make_record()
    assert save_record(later, blocker / "h.db", recovery).recovered
    items = list(read(recovery))
    assert [n for n, _ in items] == [1, 2, 3]
    assert items[0][1] == whole
    assert not isinstance(items[1][1], Record)
    assert items[2][1] == later


def test_a_path_that_cannot_even_be_checked_goes_to_the_recovery_file(tmp_path: Path) -> None:
    # ENAMETOOLONG from a plain is_dir() once escaped as a raw OSError.
    too_long = tmp_path / ("x" * 300) / "history.sqlite3"
    recovery = tmp_path / "recovery.jsonl"
    record = make_record()
    outcome = save_record(record, too_long, recovery)
    assert not outcome.saved
    assert outcome.recovered
    assert record.id in recovery.read_text()


def test_text_that_cannot_be_encoded_is_cleaned_before_it_is_saved(tmp_path: Path) -> None:
    # A lone surrogate (from a note, or a title in an imported line) cannot be encoded to
    # UTF-8; sqlite3 would raise UnicodeEncodeError and the record would be neither saved nor
    # recovered.
    record = make_record(title="Body\ud800 scan", note="warm\udfff hands", words=("calm\ud800",))
    outcome = save_record(record, tmp_path / "h.db", tmp_path / "r.jsonl")
    assert outcome.saved
    with Store.open(tmp_path / "h.db") as store:
        [stored] = list(store.iter_records())
    assert (stored.title, stored.note, stored.words) == ("Body scan", "warm hands", ("calm",))


# SQLite's read lock on the database file: a range beyond the first gigabyte of it.
_SHARED_FIRST, _SHARED_SIZE = 0x40000000 + 2, 510
TRY_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, int(sys.argv[3]), int(sys.argv[2]))
except OSError:
    print("held by another")
else:
    print("free")
"""


def _read_lock_held(database: Path) -> bool:
    argv = [sys.executable, "-c", TRY_LOCK, str(database), str(_SHARED_FIRST), str(_SHARED_SIZE)]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return done.stdout.strip() == "held by another"


# POSIX locks belong to the process: closing any descriptor of the file drops the locks SQLite
# holds on it for every connection of the process. The direct read of the header on opening
# once did that to a connection already open (the history screen's, or a backup's), so another
# process could take the file as unused, checkpoint and delete the log under it: two processes
# saving 500 each (one of them backing up at the same time) kept 998 or 999.
def test_opening_the_history_again_keeps_the_locks_of_a_connection_already_open(
    tmp_path: Path,
) -> None:
    database = tmp_path / "history.sqlite3"
    with Store.open(database) as held:
        held.save(make_record())
        assert _read_lock_held(database)
        Store.open(database).close()  # e.g. a save in a worker while the history is shown
        assert _read_lock_held(database)
        list(held.iter_records())
        Store.open_read_only(database).close()
        assert _read_lock_held(database)
    assert not _read_lock_held(database)
