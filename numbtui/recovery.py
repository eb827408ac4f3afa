"""Saving a practice so it is never lost: the database first, a recovery file second.

:func:`save_record` is the one function the app and the command line call when a practice
ends. It writes to the history database; if that fails for any expected reason (locked, disk
full, read-only, damaged, from a newer numbtui) it appends the record to the recovery file,
a JSON Lines file that ``numbtui import`` reads back. It never raises for those failures: the
:class:`SaveOutcome` says where the record went, with one gentle sentence for the user.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from numbtui import backups, dbfile, private
from numbtui.errors import (
    DatabaseCorruptError,
    DatabaseForeignError,
    DatabaseTooNewError,
    HistoryInTheWayError,
    ImportFileError,
    RecordError,
    RecoveryError,
    StoreBusyError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    StoreUnavailableError,
)
from numbtui.jsonstream import MAX_ITEM_BYTES, bounded_lines, json_problem
from numbtui.readfile import open_regular
from numbtui.record import JSON_DECODER, Record
from numbtui.store import DEFAULT_TIMEOUT, MIGRATIONS, Store

MAX_LINE_BYTES = MAX_ITEM_BYTES
"""A longer line cannot be a record (a full one is under 10 KB); it is reported, not parsed."""
TOO_LONG = f"the line is longer than {MAX_LINE_BYTES // 1024} KB"


def record_line(record: Record) -> str:
    """The record as one JSON line (with its newline), as in the recovery file and JSONL."""
    return json.dumps(record.to_json_dict(), ensure_ascii=False) + "\n"


def _open(path: Path) -> int:
    private.make_folder(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    except OSError:
        os.close(fd)
        raise
    return fd


def _write_line(fd: int, record: Record) -> tuple[int, int]:
    """Append the record's line under an exclusive lock; return where it starts and ends.

    The lock keeps a reservation being taken back (see :func:`save_record`) from cutting off
    a line another numbtui appended after it.
    """
    data = record_line(record).encode("utf-8")
    locked = _lock(fd)
    try:
        start = os.fstat(fd).st_size
        if _ends_without_newline(fd):
            # A crash cut the last line short; start on a fresh line so this one parses.
            data = b"\n" + data
        written = os.write(fd, data)
        if written != len(data):
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
            raise OSError(0, "the disk accepted only part of the line")
        return start, start + written
    finally:
        if locked:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _lock(fd: int) -> bool:
    """Take the recovery file's lock; False where the file system has no such locks (the
    line is then still written: losing it would be worse than an unlocked append)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        return False
    return True


def append(path: Path, record: Record) -> None:
    """Append ``record`` to the recovery file and sync it to disk; RecoveryError on failure.

    The folder is created 0700 and the file 0600. The line is written with one ``write`` in
    append mode, so two numbtui processes appending at once do not interleave.
    """
    try:
        fd = _open(path)
        try:
            _write_line(fd, record)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise RecoveryError(
            f"The recovery file could not be written ({exc.strerror or exc}): {path}"
        ) from None


@dataclass
class _Reservation:
    """A record's line written ahead into the recovery file, to be kept or taken back."""

    fd: int
    start: int
    end: int


def _reserve(path: Path, record: Record) -> _Reservation | None:
    """On a disk with almost no room, write the line before the database is touched.

    SQLite's side files (the 32 KB ``-shm`` first) would otherwise take the last free blocks,
    and the record would then fit nowhere on disk. None when there is room (the usual case:
    nothing is written) or when even this fails (then the database is tried as usual).
    """
    if not dbfile.disk_nearly_full(path.parent):
        return None
    try:
        fd = _open(path)
    except OSError:
        return None
    try:
        start, end = _write_line(fd, record)
    except OSError:
        os.close(fd)
        return None
    return _Reservation(fd, start, end)


def _take_back(reservation: _Reservation) -> None:
    """The record is in the history: remove its line unless another was appended after it
    (a line left there is harmless: import skips a record the history has)."""
    fd = reservation.fd
    try:
        if not _lock(fd):
            return  # without the lock another line may follow: leave this one (harmless)
        if os.fstat(fd).st_size == reservation.end:
            os.ftruncate(fd, reservation.start)
    except OSError:
        pass
    finally:
        os.close(fd)


def _keep(reservation: _Reservation, path: Path) -> None:
    """The record is not in the history: sync its line; RecoveryError on failure."""
    try:
        os.fsync(reservation.fd)
    except OSError as exc:
        raise RecoveryError(
            f"The recovery file could not be written ({exc.strerror or exc}): {path}"
        ) from None
    finally:
        os.close(reservation.fd)


def _ends_without_newline(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def parse_line(raw: bytes, *, ignored: set[str] | None = None) -> Record | RecordError:
    """One JSON Lines line (without its newline) as a record, or the reason it is not one;
    ``ignored`` as in :meth:`Record.from_json_dict`."""
    if len(raw) > MAX_LINE_BYTES:
        return RecordError(TOO_LONG)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return RecordError("the line is not UTF-8 text")
    return parse_json_record(text, ignored=ignored)


def parse_json_record(text: str, *, ignored: set[str] | None = None) -> Record | RecordError:
    """A record from the text of one JSON object, or the reason it is not one."""
    try:
        data = JSON_DECODER.decode(text)
    except json.JSONDecodeError as exc:
        return RecordError(f"not valid JSON at column {exc.colno}: {json_problem(exc)}")
    except (ValueError, RecursionError):
        # e.g. a number too long to convert, or brackets nested thousands deep
        return RecordError("not valid JSON (a value is too large or nested too deeply)")
    try:
        return Record.from_json_dict(data, ignored=ignored)
    except RecordError as exc:
        return exc


def read(
    path: Path, *, ignored: set[str] | None = None
) -> Iterator[tuple[int, Record | RecordError]]:
    """Every non-blank line of a JSON Lines file: (line number from 1, record or reason);
    ``ignored`` as in :meth:`Record.from_json_dict`.

    Raises ImportFileError if the file cannot be opened or read.
    """
    try:
        with open_regular(path) as handle:
            # Line by line with the limit: a huge line is passed over, never held whole.
            for number, raw in bounded_lines(handle, MAX_LINE_BYTES):
                if raw is None:
                    yield number, RecordError(TOO_LONG)
                    continue
                line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw  # an editor's BOM
                if line.strip():
                    yield number, parse_line(line, ignored=ignored)
    except OSError as exc:
        raise ImportFileError(f"Could not read {path}: {exc.strerror or exc}") from None


def waiting(recovery_path: Path, db_path: Path) -> int:
    """How many records in the recovery file are not in the history yet (0 if none, or if
    there is no recovery file). Once ``numbtui import`` has brought them back this is 0, even
    though the file itself is kept. Lines that are not records are not counted: importing
    cannot bring them back either, and it reports them."""
    try:
        if recovery_path.stat().st_size == 0:
            return 0
        ids = [item.id for _, item in read(recovery_path) if isinstance(item, Record)]
    except (OSError, ImportFileError):
        return 0
    if not ids:
        return 0
    try:
        with Store.open_read_only(db_path) as store:
            known = store.known_ids(ids)
    except StoreError:
        known = set()  # the history cannot be read: every record still waits
    return len(set(ids) - known)


def import_advice(recovery_path: Path, db_path: Path) -> str:
    """What to do to bring back the records waiting in the recovery file, e.g. "run: numbtui
    import FILE", or first "move … aside" when import could not write into the history as it
    is (damaged, not as numbtui made it, or a folder in its place). Reads the whole history
    (``quick_check``), so call it off the UI thread."""
    command = f"numbtui import {recovery_path}"
    try:
        if db_path.exists() or db_path.is_symlink():
            with Store.open_read_only(db_path) as store:
                store.check()
    except HistoryInTheWayError:
        return f"first move aside what is in the way ({db_path}), then run: {command}"
    except DatabaseForeignError:
        return f"first move that file aside ({db_path}), then run: {command}"
    except DatabaseCorruptError:
        return f"first move the damaged file aside ({db_path}), then run: {command}"
    except StoreError:
        pass  # e.g. locked now: import will say what it finds then
    return f"run: {command}"


@dataclass(frozen=True)
class SaveOutcome:
    """Where a finished practice went, and what to tell the user."""

    record: Record
    saved: bool
    """In the history database."""
    recovered: bool
    """Not in the database, but in the recovery file (``numbtui import`` brings it back)."""
    message: str
    """One gentle sentence for the user."""
    problem: str = ""
    """The technical reason(s), for a log or ``--verbose`` output; empty when saved."""

    @property
    def kept(self) -> bool:
        """On disk somewhere; if False the caller still holds the only copy."""
        return self.saved or self.recovered


def _reason(error: StoreError) -> str:
    if isinstance(error, StoreBusyError):
        return "the database is locked"
    if isinstance(error, StoreFullError):
        return "the disk is full"
    if isinstance(error, StoreReadOnlyError):
        return "the history is read-only"
    if isinstance(error, DatabaseTooNewError):
        return "the history was written by a newer numbtui"
    if isinstance(error, DatabaseForeignError):
        return "the history file is not as numbtui made it"
    if isinstance(error, HistoryInTheWayError):
        return "something else is where the history file should be"
    if isinstance(error, DatabaseCorruptError):
        return "the history file is damaged or not numbtui's"
    return "the history file could not be opened"


def bring_back(error: StoreError, db_path: Path, recovery_path: Path) -> str:
    """What the user can do to move the record from the recovery file into the history."""
    command = f"numbtui import {recovery_path}"
    if isinstance(error, DatabaseForeignError):
        # Import refuses such a file too; moved, not deleted: the practices in it are kept.
        return f"To bring it back, first move that file aside ({db_path}), then run: {command}"
    if isinstance(error, HistoryInTheWayError):
        return (
            f"To bring it back, first move aside what is in the way ({db_path}), "
            f"then run: {command}"
        )
    if isinstance(error, DatabaseCorruptError):
        # Import refuses to write into a damaged file, so it must be out of the way first;
        # it is moved, not deleted: the practices in it may still be rescued.
        return f"To bring it back, move the damaged file aside ({db_path}), then run: {command}"
    if isinstance(error, DatabaseTooNewError):
        return f"The newer numbtui can bring it back: {command}"
    return f"To bring it back later, run: {command}"


def save_record(
    record: Record,
    db_path: Path,
    recovery_path: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> SaveOutcome:
    """Save ``record`` to the history, or failing that to the recovery file. Never raises
    for expected failures; safe to call from a worker thread."""
    reservation = _reserve(recovery_path, record)
    try:
        try:
            with Store.open(db_path, timeout=timeout) as store:
                store.save(record)
        except OSError as exc:  # a last resort: the store maps the failures it knows
            raise StoreUnavailableError(f"Could not open the history: {exc}") from None
    except StoreError as store_error:
        reason = _reason(store_error)
        thing = "log" if record.is_log else "practice"
        try:
            if reservation is None:
                append(recovery_path, record)
            else:
                _keep(reservation, recovery_path)
                reservation = None
        except RecoveryError as recovery_error:
            return SaveOutcome(
                record=record,
                saved=False,
                recovered=False,
                message=(
                    f"numbtui could not write this {thing} to disk ({reason}, and the "
                    "recovery file failed too); it will be printed when numbtui closes, "
                    "so you can keep it."
                ),
                problem=f"{store_error} {recovery_error}",
            )
        return SaveOutcome(
            record=record,
            saved=False,
            recovered=True,
            message=(
                f"Your {thing} is safe in a recovery file; "
                f"numbtui could not write its history ({reason}). "
                f"{bring_back(store_error, db_path, recovery_path)}"
            ),
            problem=str(store_error),
        )
    except BaseException:
        if reservation is not None:
            os.close(reservation.fd)  # the line stays: it is not known whether the save held
        raise
    if reservation is not None:
        _take_back(reservation)
    # The first practice saved on a day starts a checked copy into backups/, in the
    # background: the caller's closing line does not wait for it.
    backups.start_if_due(db_path, MIGRATIONS)
    return SaveOutcome(record=record, saved=True, recovered=False, message="Saved to your history.")
