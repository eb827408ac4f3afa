"""Automatic, checked, rotating backups of the history, and putting one back.

After the first record (a practice or a log) saved on a day, :func:`start_if_due` copies the
history into ``backups/`` beside it with SQLite's online backup API, in a background thread so
that the closing line is not delayed (the process waits for the copy only when it ends). A
copy is kept only if it passes ``PRAGMA quick_check`` and is numbtui's schema: a damaged
history never replaces a good backup, and old backups are pruned only after a good new one is
in place.
Kept: the newest :data:`KEEP_DAILY` backups and, older than those, the newest of each of
:data:`KEEP_WEEKLY` weeks. Files are ``history-YYYY-MM-DD.sqlite3``, 0600, in a 0700 folder.

:func:`restore` checks a file the same way, moves the current history aside (never deleted)
and copies the file in its place, moved to this version's schema first if it is older (the
backup file itself is only read).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from numbtui import checks, dbfile, private
from numbtui.errors import DatabaseCorruptError, StoreError, StoreUnavailableError
from numbtui.store_connection import rollback
from numbtui.store_schema import upgrade

FOLDER_NAME = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
_NAME = re.compile(r"^history-(\d{4}-\d{2}-\d{2})\.sqlite3$")
_LOCK = ".lock"

_running: list[threading.Thread] = []


def folder_for(database: Path) -> Path:
    """The backups folder of the history at ``database``."""
    return database.parent / FOLDER_NAME


def name_for(day: date) -> str:
    """The file name of the backup of ``day``."""
    return f"history-{day.isoformat()}.sqlite3"


def _today() -> date:
    return datetime.now().astimezone().date()


# -- making one ---------------------------------------------------------------------------------


def due(database: Path, today: date | None = None) -> bool:
    """Whether the history exists and has no backup of today yet (a stat or two)."""
    today = today or _today()
    return database.is_file() and not (folder_for(database) / name_for(today)).exists()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[bool]:
    """Hold the backups folder's lock if no other numbtui does; yield whether it is held."""
    fd = os.open(folder / _LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _check_copy(path: Path, migrations: tuple[checks.Migration, ...]) -> None:
    """Raise DatabaseCorruptError unless ``path`` is a whole numbtui history."""
    conn = sqlite3.connect(dbfile.read_only_uri(path), uri=True)
    try:
        try:
            identity = dbfile.identity_from_sqlite(conn)
            dbfile.judge(identity, path, len(migrations))
            if identity.application_id != dbfile.APPLICATION_ID:
                raise DatabaseCorruptError(f"This file is not a numbtui history: {path}")
            checks.check_schema(conn, path, migrations)
            checks.quick_check(conn, path)
        except sqlite3.Error as exc:
            raise dbfile.store_error(exc, path, 0) from None
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> None:
    """Copy the database ``source`` into the new file ``target`` with the online backup API,
    as one self-contained file (rollback journal), synced, 0600."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    dbfile.connection_opening(source)
    try:
        _copy_from(source, target)
    finally:
        dbfile.connection_closed(source)
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fchmod(fd, 0o600)
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_from(source: Path, target: Path) -> None:
    src = dbfile.connect_read_only(source, 5.0)
    try:
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)
            # One file, no -wal or -shm beside it; numbtui switches it back to WAL when used.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def back_up(
    database: Path, migrations: tuple[checks.Migration, ...], today: date | None = None
) -> Path | None:
    """Make today's backup of ``database`` now, and prune old ones; the backup's path, or
    None if another numbtui is making one. Raises StoreError (e.g. DatabaseCorruptError when
    the history is damaged: no backup is replaced or pruned then) or OSError."""
    today = today or _today()
    folder = folder_for(database)
    private.make_folder(folder)
    with _locked(folder) as held:
        if not held:
            return None
        final = folder / name_for(today)
        if final.exists():
            return final
        for stale in folder.glob(".history-*.tmp"):  # left by a copy cut short
            stale.unlink(missing_ok=True)
        temp = folder / f".{final.name}.tmp"
        try:
            try:
                _copy(database, temp)
            except sqlite3.Error as exc:
                raise dbfile.store_error(exc, database, 0) from None
            _check_copy(temp, migrations)
            os.replace(temp, final)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        dbfile.sync_folder(folder)
        prune(folder)
        return final


def _quietly(database: Path, migrations: tuple[checks.Migration, ...]) -> None:
    # A backup is a second copy: failing to make one must never disturb the practice.
    with contextlib.suppress(StoreError, OSError, sqlite3.Error):
        back_up(database, migrations)


def start_if_due(database: Path, migrations: tuple[checks.Migration, ...]) -> bool:
    """Start today's backup in a background thread if it is due; whether one started.

    Not a daemon thread: a process that ends right after a save (``numbtui play``) prints
    its closing line first, then waits for the copy to finish before it exits.
    """
    try:
        if not due(database):
            return False
    except OSError:
        return False
    thread = threading.Thread(
        target=_quietly, args=(database, migrations), name="numbtui-backup", daemon=False
    )
    _running.append(thread)
    thread.start()
    return True


def wait(timeout: float | None = None) -> None:
    """Wait for backups started in this process to finish (tests, benchmarks)."""
    while _running:
        _running.pop().join(timeout)


# -- keeping and listing --------------------------------------------------------------------


def _dated(folder: Path) -> list[tuple[date, Path]]:
    found: list[tuple[date, Path]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None:
            continue
        try:
            found.append((date.fromisoformat(match.group(1)), entry))
        except ValueError:
            continue
    return sorted(found, reverse=True)


def to_keep(days: list[date]) -> set[date]:
    """Of these backup dates: the newest KEEP_DAILY, and of the older ones the newest of each
    of KEEP_WEEKLY ISO weeks."""
    ordered = sorted(set(days), reverse=True)
    kept = set(ordered[:KEEP_DAILY])
    weeks: set[tuple[int, int]] = set()
    for day in ordered[KEEP_DAILY:]:
        week = day.isocalendar()[:2]
        if week in weeks:
            continue
        if len(weeks) == KEEP_WEEKLY:
            break
        weeks.add(week)
        kept.add(day)
    return kept


def prune(folder: Path) -> None:
    """Delete the backups that :func:`to_keep` does not keep."""
    dated = _dated(folder)
    keep = to_keep([day for day, _ in dated])
    for day, path in dated:
        if day not in keep:
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Contents:
    """What a history file holds: practices, and moments logged apart from them."""

    practices: int
    logs: int = 0


@dataclass(frozen=True)
class Backup:
    """One backup file, as :func:`listing` found it."""

    day: date
    path: Path
    size: int
    contents: Contents | None
    """None when the file cannot be read as a history."""


def listing(database: Path) -> list[Backup]:
    """The backups of ``database``, newest first."""
    found = []
    for day, path in _dated(folder_for(database)):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(Backup(day=day, path=path, size=size, contents=_count(path)))
    return found


def _count(path: Path) -> Contents | None:
    try:
        conn = dbfile.connect_read_only(path, 1.0)
    except sqlite3.Error:
        return None
    try:
        rows = int(conn.execute("SELECT COUNT(*) FROM practice").fetchone()[0])
        columns = {row[1] for row in conn.execute("PRAGMA table_info(practice)")}
        if "kind" not in columns:  # a backup from before logs existed: every row a practice
            return Contents(practices=rows)
        logs = int(conn.execute("SELECT COUNT(*) FROM practice WHERE kind = 'log'").fetchone()[0])
        return Contents(practices=rows - logs, logs=logs)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# -- restoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """What :func:`restore` did."""

    contents: Contents
    set_aside: Path | None
    """Where the history it replaced now is (None if there was none)."""


def _aside_name(database: Path, now: datetime) -> Path:
    stem = f"{database.stem}-replaced-{now.strftime('%Y%m%d-%H%M%S')}"
    candidate = database.with_name(f"{stem}{database.suffix}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = database.with_name(f"{stem}-{number}{database.suffix}")
    return candidate


def _upgrade(copy: Path, migrations: tuple[checks.Migration, ...]) -> None:
    """Move the copy being restored to this version in one transaction, as opening it for
    writing would: the history put in place is then current for every reader at once, also
    one that may only read it (a read-only disk later, an export)."""
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("BEGIN IMMEDIATE")
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            upgrade(conn, int(version), migrations)
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)  # SQLite may have rolled back already (a full disk)
            raise
    finally:
        conn.close()


def restore(source: Path, database: Path, migrations: tuple[checks.Migration, ...]) -> Restored:
    """Put ``source`` (a backup) in place of the history, after checking it is a whole
    numbtui history. The current history, if any, is renamed aside with its side files and
    never deleted. Raises StoreError with one clear sentence."""
    if not source.is_file():
        raise StoreUnavailableError(f"There is no backup file here: {source}")
    try:
        dbfile.check_existing(source, len(migrations), 5.0)
        _check_copy(source, migrations)
    except StoreError as exc:
        raise type(exc)(f"Nothing was restored; your history is as it was. {exc}") from None
    contents = _count(source) or Contents(practices=0)
    private.make_folder(database.parent)
    temp = database.with_name(f".{database.name}.restoring.tmp")
    temp.unlink(missing_ok=True)
    try:
        _copy(source, temp)
        _upgrade(temp, migrations)
        _check_copy(temp, migrations)
    except sqlite3.Error as exc:
        temp.unlink(missing_ok=True)
        raise dbfile.store_error(exc, source, 0) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    aside: Path | None = None
    if database.exists() or database.is_symlink():
        aside = _aside_name(database, datetime.now())
        # The log and index go with their file: a log left behind would be applied to the
        # restored one.
        for suffix in ("-wal", "-shm"):
            side = Path(f"{database}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{aside}{suffix}"))
        os.replace(database, aside)
    os.replace(temp, database)
    dbfile.sync_folder(database.parent)
    checks.forget(database)
    return Restored(contents=contents, set_aside=aside)
