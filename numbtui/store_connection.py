"""The connection under the practice history: opening, checking, locking, transactions.

:meth:`StoreConnection.open` never writes to a file it has not recognised as a numbtui history
(see :mod:`numbtui.dbfile` for the checks); the same checks run again inside the first write
transaction, where they cannot race with another numbtui.

Durability: WAL journal, ``synchronous=FULL`` (a commit that returned survives power loss),
every write in a ``BEGIN IMMEDIATE`` transaction, and a busy timeout (5 s by default) so two
numbtui processes wait for each other instead of failing. The write lock is waited for by
trying every millisecond rather than by SQLite's busy handler, whose pauses grow to 100 ms:
a process writing in quick succession frees the lock only for a moment between transactions,
and a waiter that sleeps that long keeps missing it (on a slow disk, past the timeout).

Files are private: the folder is created 0700, the database and its ``-wal``/``-shm`` side
files are 0600.

Threads: a store holds one connection guarded by a lock, so the app may save from a worker
thread while the UI thread reads. One connection pays for opening (and checking) once, and
SQLite serialises writers anyway, so a connection per call would only add file handles.

Older files: opening for writing moves an older history to this version once, in one
transaction. Opening only to read never writes, so an older history is then read through a
copy in memory moved to this version there (see :meth:`StoreConnection.open_read_only`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from random import uniform
from time import monotonic, sleep
from types import TracebackType
from typing import Self

from numbtui import checks, dbfile
from numbtui.errors import StoreReadOnlyError, StoreUnavailableError
from numbtui.store_schema import MIGRATIONS, SCHEMA_VERSION, upgrade

APPLICATION_ID = dbfile.APPLICATION_ID
"""``PRAGMA application_id`` of every numbtui history."""

DEFAULT_TIMEOUT = 5.0
"""Seconds to wait for another process holding the database."""

_LOCK_POLL_MS = 1


class StoreConnection:
    """One open history file: its connection, its lock and its checks. Use :meth:`open`;
    :class:`~numbtui.store.Store` adds the records and the queries."""

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.timeout = timeout
        self._whole = False  # quick_check passed (or the file was known good) in this run
        self._checked = False  # both checks passed: this store may write
        self._read_only = False
        self._noted = True  # its connection is noted in dbfile's list of open ones
        # Set when an older file is read through a migrated copy in memory (then ``_conn``):
        # the file's own connection, which the checks of the file itself still use.
        self._source: sqlite3.Connection | None = None

    # - opening and closing -

    @classmethod
    def open(cls, path: Path, *, timeout: float = DEFAULT_TIMEOUT, verify: bool = False) -> Self:
        """Open (creating if needed) the history at ``path``, migrating it to this version.

        ``timeout`` is how long to wait for another process holding the database.
        ``verify`` runs ``PRAGMA quick_check`` now, which reads the whole file (about 35 ms
        per 100,000 practices); without it only the header is checked here, and the checks
        of :mod:`numbtui.checks` run before the first write (see :meth:`_before_first_write`).
        Raises a StoreError subclass; a refused file is never modified.
        """
        path = Path(path)
        try:
            return cls._open_for_writing(path, timeout, verify)
        except (StoreReadOnlyError, StoreUnavailableError):
            # On a read-only disk or in a read-only folder the history can still be read
            # (the history screen, export); a write through it then says "read-only".
            if not path.is_file() or not dbfile.folder_read_only(path.parent):
                raise
        return cls.open_read_only(path, timeout=timeout)

    @classmethod
    def _open_for_writing(cls, path: Path, timeout: float, verify: bool) -> Self:
        dbfile.make_folder(path.parent)
        if not dbfile.create_file(path):
            dbfile.check_existing(path, SCHEMA_VERSION, timeout)
        dbfile.connection_opening(path)
        try:
            conn = sqlite3.connect(
                str(path), timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            dbfile.connection_closed(path)
            raise dbfile.store_error(exc, path, timeout) from None
        store = cls(conn, path, timeout)
        try:
            store._configure()
            if verify:
                store.verify()
            store._migrate()
            dbfile.tighten(path)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_read_only(cls, path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Self:
        """Open an existing history only to read it: nothing is created, migrated or written,
        so it works in a read-only folder or on a read-only disk, and the file stays as it
        was. Any write through it raises StoreReadOnlyError. A file missing numbtui's table
        or indexes is refused with a clear message; objects of others (e.g. a trigger) are
        let be, as reading runs none. A file from a newer numbtui is refused (naming both
        versions); an older one is read through a copy in memory, migrated there as the
        file itself will be on its first write (memory about the size of the file).
        """
        path = Path(path)
        dbfile.check_existing(path, SCHEMA_VERSION, timeout)
        dbfile.connection_opening(path)
        try:
            conn = dbfile.connect_read_only(path, timeout)
        except sqlite3.Error as exc:
            dbfile.connection_closed(path)
            raise dbfile.store_error(exc, path, timeout) from None
        store = cls(conn, path, timeout)
        store._read_only = True
        try:
            with store._sqlite():
                conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
                conn.execute("PRAGMA trusted_schema = OFF")
                identity = dbfile.identity_from_sqlite(conn)
                dbfile.judge(identity, path, SCHEMA_VERSION)
                checks.check_schema(conn, path, MIGRATIONS, reading=True)
                if identity.user_version < SCHEMA_VERSION:
                    store._conn = _migrated_copy(conn, identity.user_version)
                    store._source = conn
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()
            if self._source is not None:
                self._source.close()
            if self._noted:
                self._noted = False
                dbfile.connection_closed(self.path)
            if self._checked:
                # Closing folds the log into the file, which changes its stamp; a file this
                # store checked and wrote is still whole, so the next numbtui need not re-read it.
                checks.remember_good(self.path)
                self._checked = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _configure(self) -> None:
        with self._sqlite():
            self._conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            # A new file is switched to WAL by a transaction that starts as a read and then
            # takes the write lock. If another connection is switching it too, SQLite refuses
            # that upgrade at once (SQLITE_BUSY without its busy handler: waiting there could
            # deadlock), so the switch is tried again like any wait for the write lock.
            self._execute_while_busy("PRAGMA journal_mode = WAL", monotonic() + self.timeout)
            self._conn.execute("PRAGMA synchronous = FULL")
            # A history file might come from elsewhere; never run code hidden in its schema.
            self._conn.execute("PRAGMA trusted_schema = OFF")

    def _migrate(self) -> None:
        with self._sqlite():
            identity = dbfile.identity_from_sqlite(self._conn)
        dbfile.judge(identity, self.path, SCHEMA_VERSION)
        if identity == dbfile.Identity(APPLICATION_ID, SCHEMA_VERSION, has_schema=True):
            return  # Up to date: a reader need not wait for the write lock.
        with self._write():
            # Checked again under the lock: another numbtui may have got here first.
            identity = dbfile.identity_from_sqlite(self._conn)
            dbfile.judge(identity, self.path, SCHEMA_VERSION)
            upgrade(self._conn, identity.user_version)
            if identity.application_id != APPLICATION_ID:
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def verify(self) -> None:
        """Run SQLite's quick check; raise DatabaseCorruptError if it finds damage."""
        with self._sqlite():
            checks.quick_check(self._file, self.path)
        self._whole = True

    def check(self) -> None:
        """Run the checks a first write runs (schema exactly numbtui's, whole file), without
        writing; raise DatabaseCorruptError (or DatabaseForeignError) on what they find."""
        with self._sqlite():
            checks.check_schema(self._file, self.path, MIGRATIONS)
            checks.quick_check(self._file, self.path)
        self._whole = True

    @property
    def _file(self) -> sqlite3.Connection:
        """The connection to the file itself, also when an older one is read from a copy."""
        return self._conn if self._source is None else self._source

    @property
    def reads_a_copy(self) -> bool:
        """Whether this store reads an older file through a migrated copy in memory."""
        return self._source is not None

    def _before_first_write(self) -> None:
        """Refuse to write into a file this run has not found whole and numbtui's own.

        Runs inside the first write transaction, so nothing changes the file between the
        checks and the write. The schema is checked every run (it is a few rows); the whole
        file only when it changed since numbtui last checked or wrote it.
        """
        if self._checked:
            return
        if self._read_only:
            raise StoreReadOnlyError(
                f"The history database cannot be written (read-only): {self.path}"
            )
        checks.check_schema(self._conn, self.path, MIGRATIONS)
        if not self._whole and not checks.known_good(self.path):
            checks.quick_check(self._conn, self.path)
        self._whole = self._checked = True

    # - plumbing -

    @contextmanager
    def _guard(self, *, write: bool) -> Iterator[None]:
        """Hold the lock and turn sqlite3 errors into StoreErrors; with ``write``, run the
        block in ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error."""
        with self._lock:
            try:
                if write:
                    self._begin_immediate()
                try:
                    if write:
                        self._before_first_write()
                    yield
                except BaseException:
                    if write:
                        rollback(self._conn)
                    raise
                if write:
                    self._conn.execute("COMMIT")
                    # What this checked store wrote leaves the file whole: say so, so that
                    # the next numbtui (or the next save) need not read it whole again.
                    checks.remember_good(self.path)
            except sqlite3.Error as exc:
                if write:
                    rollback(self._conn)
                raise dbfile.store_error(exc, self.path, self.timeout) from None

    def _begin_immediate(self) -> None:
        """Start a write transaction, waiting up to ``timeout`` for the write lock."""
        deadline = monotonic() + self.timeout
        # SQLite's handler would wait up to 1 ms here; the loop below does the rest of the
        # waiting in short, jittered pauses so that it sees the lock the moment it is free.
        self._conn.execute(f"PRAGMA busy_timeout = {_LOCK_POLL_MS}")
        try:
            self._execute_while_busy("BEGIN IMMEDIATE", deadline)
        finally:
            self._conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    def _execute_while_busy(self, sql: str, deadline: float) -> None:
        """Execute ``sql``, trying again in short, jittered pauses while it fails with
        SQLITE_BUSY, until ``deadline`` (a :func:`~time.monotonic` time)."""
        while True:
            try:
                self._conn.execute(sql)
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or monotonic() >= deadline:
                    raise
            sleep(uniform(0.0005, 0.0015))

    def _sqlite(self) -> AbstractContextManager[None]:
        return self._guard(write=False)

    def _write(self) -> AbstractContextManager[None]:
        return self._guard(write=True)


def _migrated_copy(source: sqlite3.Connection, version: int) -> sqlite3.Connection:
    """A copy in memory of the history on ``source`` (at ``user_version`` ``version``),
    moved to this version by the same migrations a write would run on the file.

    Parts of others are left out of the copy first: reading needs none of them, and one
    named like a part a migration makes would stop the migration.
    """
    copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        source.backup(copy)  # one consistent snapshot, also of a file another numbtui writes
        copy.execute("PRAGMA trusted_schema = OFF")
        copy.execute("BEGIN")
        ours = checks.expected_objects(MIGRATIONS, version)
        found = copy.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
        order = {"trigger": 0, "view": 1, "index": 2, "table": 3}
        for kind, name, table in sorted(found, key=lambda row: order.get(str(row[0]), 4)):
            if (kind, name, table) in ours or str(name).startswith("sqlite_"):
                continue
            if kind in order:
                quoted = str(name).replace('"', '""')
                copy.execute(f'DROP {kind.upper()} IF EXISTS "{quoted}"')
        upgrade(copy, version)
        copy.execute("COMMIT")
    except BaseException:
        copy.close()
        raise
    return copy


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_BUSY


def rollback(conn: sqlite3.Connection) -> None:
    # SQLite may have rolled back already (e.g. after SQLITE_FULL); then nothing is left to undo.
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
