"""Saving with a fallback: the recovery file, reading it back, and save_record's outcomes."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from textual.worker import Worker

from numbtui.errors import ImportFileError, RecordError, RecoveryError
from numbtui.record import Record
from numbtui.recovery import MAX_LINE_BYTES, append, read, record_line, save_record, waiting
from numbtui.store import NO_FILTERS, SCHEMA_VERSION, Store
from tests.record_helpers import make_record
from tests.tui_helpers import make_app, until


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_append_creates_a_private_folder_and_file_even_with_a_loose_umask(
    tmp_path: Path,
) -> None:
    recovery = tmp_path / "data" / "recovery.jsonl"
    record = make_record()
    old = os.umask(0)
    try:
        append(recovery, record)
    finally:
        os.umask(old)
    assert _mode(recovery.parent) == 0o700
    assert _mode(recovery) == 0o600
    assert recovery.read_text(encoding="utf-8") == record_line(record)


def test_append_makes_a_loose_existing_file_private(tmp_path: Path) -> None:
    recovery = tmp_path / "recovery.jsonl"
    recovery.write_text("")
    recovery.chmod(0o644)
    append(recovery, make_record())
    assert _mode(recovery) == 0o600


def test_appended_records_read_back_in_order_with_line_numbers(tmp_path: Path) -> None:
    recovery = tmp_path / "recovery.jsonl"
    saved = [make_record(note=f"number {n}") for n in range(3)]
    for record in saved:
        append(recovery, record)
    assert list(read(recovery)) == [(1, saved[0]), (2, saved[1]), (3, saved[2])]


def test_appends_from_several_threads_stay_whole_lines(tmp_path: Path) -> None:
    recovery = tmp_path / "recovery.jsonl"
    saved = [make_record(note="x" * 400) for _ in range(40)]
    threads = [threading.Thread(target=append, args=(recovery, r)) for r in saved]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    items = [item for _, item in read(recovery)]
    assert all(isinstance(item, Record) for item in items)
    assert sorted(r.id for r in items if isinstance(r, Record)) == sorted(r.id for r in saved)


def test_append_failure_is_a_recovery_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(RecoveryError, match="could not be written"):
        append(blocker / "recovery.jsonl", make_record())


def test_a_recovery_line_is_one_line_whatever_the_note(tmp_path: Path) -> None:
    record = make_record(note="line one\nline two \u2028 three")
    line = record_line(record)
    assert line.count("\n") == 1
    assert line.endswith("\n")
    assert json.loads(line)["note"] == "line one\nline two \u2028 three"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(b"not json at all", "not valid JSON", id="text"),
        pytest.param(b"[1, 2, 3]", "not a JSON object", id="array"),
        pytest.param(b'{"id": 1', "not valid JSON", id="cut-short"),
        pytest.param(b"\xff\xfe{}", "not UTF-8", id="not-utf8"),
        pytest.param(b"[" * 100_000, "longer than 64 KB", id="too-long"),
        pytest.param(b"[" * 30_000 + b"]" * 30_000, "nested too deeply", id="deep"),
        pytest.param(b'{"a": 1' + b"0" * 5000 + b"}", "too large", id="huge-number"),
        pytest.param(b"{}", "missing field 'id'", id="empty-object"),
    ],
)
def test_bad_lines_are_reported_with_their_number_and_reason(
    tmp_path: Path, raw: bytes, reason: str
) -> None:
    recovery = tmp_path / "recovery.jsonl"
    good = make_record()
    recovery.write_bytes(record_line(good).encode() + b"\n" + raw + b"\n")
    items = list(read(recovery))
    assert items[0] == (1, good)
    number, error = items[1]
    assert number == 3  # the blank line 2 is skipped but still counted
    assert isinstance(error, RecordError)
    assert reason in str(error)
    assert len(items) == 2
    assert MAX_LINE_BYTES == 64 * 1024


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path: Path) -> None:
    recovery = tmp_path / "recovery.jsonl"
    record = make_record()
    recovery.write_bytes(b"\xef\xbb\xbf" + record_line(record).encode().replace(b"\n", b"\r\n"))
    assert list(read(recovery)) == [(1, record)]


def test_reading_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="Could not read"):
        list(read(tmp_path / "missing.jsonl"))


# -- save_record ------------------------------------------------------------------------------


def test_save_record_writes_to_the_history_when_it_can(tmp_path: Path) -> None:
    database, recovery = tmp_path / "h.db", tmp_path / "r.jsonl"
    record = make_record()
    outcome = save_record(record, database, recovery)
    assert outcome.saved
    assert outcome.kept
    assert not outcome.recovered
    assert outcome.message == "Saved to your history."
    assert outcome.problem == ""
    assert outcome.record == record
    assert not recovery.exists()
    with Store.open(database) as store:
        assert store.get(record.id) == record


def test_save_record_keeps_a_record_from_a_newer_history_in_the_recovery_file(
    tmp_path: Path,
) -> None:
    database, recovery = tmp_path / "h.db", tmp_path / "r.jsonl"
    Store.open(database).close()
    import sqlite3

    conn = sqlite3.connect(database)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = database.read_bytes()
    record = make_record()
    outcome = save_record(record, database, recovery)
    assert outcome.recovered
    assert outcome.message == (
        "Your practice is safe in a recovery file; numbtui could not write its history "
        f"(the history was written by a newer numbtui). The newer numbtui can bring it back: "
        f"numbtui import {recovery}"
    )
    assert [item for _, item in read(recovery)] == [record]
    assert database.read_bytes() == before


def test_a_recovered_record_imports_back_into_the_history(tmp_path: Path) -> None:
    from numbtui.history_io import import_file

    recovery = tmp_path / "r.jsonl"
    kept = [make_record() for _ in range(3)]
    for record in kept:
        append(recovery, record)
    with Store.open(tmp_path / "h.db") as store:
        report = import_file(store, recovery)
        assert (report.imported, report.already_present, report.errors) == (3, 0, [])
        assert sorted(store.iter_records(NO_FILTERS), key=lambda r: r.id) == sorted(
            kept, key=lambda r: r.id
        )


# -- what still waits -------------------------------------------------------------------------


def test_waiting_counts_records_not_yet_in_the_history(tmp_path: Path) -> None:
    database, recovery = tmp_path / "h.db", tmp_path / "recovery.jsonl"
    assert waiting(recovery, database) == 0  # no recovery file at all
    brought_back, still_out = make_record(), make_record()
    for record in (brought_back, still_out, still_out):  # one of them appended twice
        append(recovery, record)
    with recovery.open("a") as handle:
        handle.write("not a record\n")
    assert waiting(recovery, database) == 2
    with Store.open(database) as store:
        store.save(brought_back)
    assert waiting(recovery, database) == 1
    with Store.open(database) as store:
        store.save(still_out)
    assert waiting(recovery, database) == 0
    assert recovery.exists()  # kept: it is the user's, and importing again changes nothing


def test_waiting_counts_every_record_when_the_history_cannot_be_read(tmp_path: Path) -> None:
    database, recovery = tmp_path / "h.db", tmp_path / "recovery.jsonl"
    database.write_bytes(b"this is not a database" * 100)
    append(recovery, make_record())
    assert waiting(recovery, database) == 1
    assert database.read_bytes() == b"this is not a database" * 100


async def _notices_at_start(tmp_path: Path) -> list[str]:
    app = make_app(tmp_path)
    # The check starts after the first frame: keep its worker, so as to wait for that one.
    started: list[Worker[None]] = []
    start_check = app._check_recovery

    def check_recovery() -> Worker[None]:
        worker = start_check()
        started.append(worker)
        return worker

    app._check_recovery = check_recovery  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await until(pilot, lambda: started, "the recovery check to start")
        await started[0].wait()  # it notifies (from its thread) before it ends
        await pilot.pause()
        return [n.message for n in app._notifications if n.title == "Practice waiting"]


async def test_the_app_mentions_waiting_records_until_they_are_imported(tmp_path: Path) -> None:
    context = make_app(tmp_path).context
    record = make_record()
    append(context.recovery, record)
    [notice] = await _notices_at_start(tmp_path)
    assert "A practice could not go into your history" in notice
    assert f"numbtui import {context.recovery}" in notice
    with Store.open(context.database) as store:
        store.save(record)  # what numbtui import does
    assert await _notices_at_start(tmp_path) == []
