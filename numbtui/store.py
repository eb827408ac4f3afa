"""The practice history: one SQLite file, its schema and migrations, and every query.

:meth:`Store.open` never writes to a file it has not recognised as a numbtui history (see
:mod:`numbtui.dbfile` for the checks); the same checks run again inside the first write
transaction, where they cannot race with another numbtui.

Durability: WAL journal, ``synchronous=FULL`` (a commit that returned survives power loss),
every write in a ``BEGIN IMMEDIATE`` transaction, and a busy timeout (5 s by default) so two
numbtui processes wait for each other instead of failing. The write lock is waited for by
trying every millisecond rather than by SQLite's busy handler, whose pauses grow to 100 ms:
a process writing in quick succession frees the lock only for a moment between transactions,
and a waiter that sleeps that long keeps missing it (on a slow disk, past the timeout).

Files are private: the folder is created 0700, the database and its ``-wal``/``-shm`` side
files are 0600.

Threads: a Store holds one connection guarded by a lock, so the app may save from a worker
thread while the UI thread reads. One connection pays for opening (and checking) once, and
SQLite serialises writers anyway, so a connection per call would only add file handles.
:meth:`Store.iter_records` alone uses its own read-only connection, so a long export reads one
consistent snapshot without holding the lock.

Times are stored as integer microseconds since the epoch (UTC), so ordering is exact and the
round trip of a :class:`~numbtui.record.Record` is lossless; the ``started`` and ``ended``
columns show them as ISO-8601 text for people reading the file with other tools.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from random import uniform
from time import monotonic, sleep
from types import TracebackType
from typing import Any, Self

from numbtui import checks, dbfile
from numbtui.errors import DatabaseCorruptError, StoreReadOnlyError, StoreUnavailableError
from numbtui.record import KINDS, PRACTICE, Record
from numbtui.text import shown

APPLICATION_ID = dbfile.APPLICATION_ID
"""``PRAGMA application_id`` of every numbtui history."""

DEFAULT_TIMEOUT = 5.0
"""Seconds to wait for another process holding the database."""

_LOCK_POLL_MS = 1

PAGE_LIMIT_MAX = 1000
_CHUNK = 500
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


# -- schema ---------------------------------------------------------------------------------


def _schema_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE practice (
            id TEXT PRIMARY KEY NOT NULL,
            started_us INTEGER NOT NULL,
            ended_us INTEGER NOT NULL,
            exercise_id TEXT NOT NULL,
            title TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            planned_seconds REAL NOT NULL CHECK (planned_seconds >= 0),
            practised_seconds REAL NOT NULL CHECK (practised_seconds >= 0),
            finished INTEGER NOT NULL CHECK (finished IN (0, 1)),
            rating_before INTEGER CHECK (rating_before BETWEEN 0 AND 10),
            rating_after INTEGER CHECK (rating_after BETWEEN 0 AND 10),
            words TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT ''
        )
        """
    )
    conn.execute("CREATE INDEX practice_by_started ON practice (started_us DESC, id DESC)")


def _schema_2(conn: sqlite3.Connection) -> None:
    # Paging through one exercise's history (the history screen's filter) without a scan.
    conn.execute(
        "CREATE INDEX practice_by_exercise ON practice (exercise_id, started_us DESC, id DESC)"
    )


def _schema_3(conn: sqlite3.Connection) -> None:
    # The times are kept as integer microseconds (exact order, lossless round trip); these
    # computed columns show them as ISO-8601 UTC text (to the millisecond) to anyone who
    # opens the file with the sqlite3 shell. Virtual: nothing more is stored.
    for name in ("started", "ended"):
        conn.execute(
            f"ALTER TABLE practice ADD COLUMN {name} TEXT GENERATED ALWAYS AS "
            f"(strftime('%Y-%m-%dT%H:%M:%fZ', {name}_us / 1000000.0, 'unixepoch')) VIRTUAL"
        )


def _schema_4(conn: sqlite3.Connection) -> None:
    # A logged moment is a row with no exercise (kind 'log'); every row there before is a
    # practice. switched_to names the exercise a practice was left for (the eyes-open way
    # out); NULL for every older row. ADD COLUMN keeps every row as it is.
    conn.execute(
        "ALTER TABLE practice ADD COLUMN kind TEXT NOT NULL DEFAULT 'practice' "
        "CHECK (kind IN ('practice', 'log'))"
    )
    conn.execute("ALTER TABLE practice ADD COLUMN switched_to TEXT DEFAULT NULL")
    # The history's "logs" filter and Insight's count of logs, without a scan of practices.
    conn.execute("CREATE INDEX practice_by_kind ON practice (kind, started_us DESC, id DESC)")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _schema_1,
    _schema_2,
    _schema_3,
    _schema_4,
)
"""``MIGRATIONS[n]`` takes a database from ``user_version`` n to n + 1."""

SCHEMA_VERSION = len(MIGRATIONS)


# -- value types ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Which records a query covers: one exercise, a range of start times, one kind.

    ``since`` and ``until`` are both inclusive and compare with the time a practice started.
    ``kind`` is "practice" or "log" for only those; None for both.
    """

    exercise_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    kind: str | None = None

    def __post_init__(self) -> None:
        for moment in (self.since, self.until):
            if moment is not None and moment.utcoffset() is None:
                raise ValueError("since and until must carry a time zone offset")
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError("kind must be 'practice', 'log' or None")


NO_FILTERS = Filters()
"""Every practice."""


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the (started, id) of its last record."""

    started: datetime
    id: str

    @classmethod
    def after(cls, record: Record) -> Cursor:
        """The cursor that continues after ``record``."""
        return cls(record.started, record.id)


@dataclass(frozen=True)
class Page:
    """Records newest first, and the cursor of the next page (None on the last one)."""

    records: tuple[Record, ...]
    next: Cursor | None


@dataclass(frozen=True)
class ExerciseStats:
    """Totals for one exercise over the filtered practices."""

    exercise_id: str
    title: str
    """The title of its most recent practice."""
    practices: int
    minutes: float
    """Minutes practised (not planned)."""
    average_after: float | None
    """Mean rating after, over practices that have one."""
    average_change: float | None
    """Mean of after − before, over practices that have both."""
    last_started: datetime


@dataclass(frozen=True)
class RatingChanges:
    """How the rating changed over one exercise's practices rated both before and after."""

    exercise_id: str
    title: str
    """The title of its most recent practice."""
    counts: tuple[tuple[int, int], ...]
    """(after − before, how many practices), lowest change first; empty if none was rated
    both times."""


@dataclass(frozen=True)
class RatingDay:
    """The ratings of one local day: sums and counts of those before and after."""

    day: date
    before_sum: float
    before_count: int
    after_sum: float
    after_count: int


@dataclass(frozen=True)
class ImportCounts:
    """What :meth:`Store.import_records` did."""

    imported: int
    already_present: int
    """Already in the history with the same content: nothing to do."""
    different: int = 0
    """Already in the history with other content: kept as stored, or replaced if asked."""
    different_ids: tuple[str, ...] = ()
    """The first :data:`IDS_NAMED` of those, to name them."""


IDS_NAMED = 10


@dataclass
class _Tally:
    imported: int = 0
    same: int = 0
    different: int = 0
    named: list[str] = field(default_factory=list)


# -- conversions ----------------------------------------------------------------------------


def _to_us(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _from_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def _local_midnight_us(day: date) -> int:
    # astimezone() on a naive time applies the local rules of that date (DST included).
    return _to_us(datetime.combine(day, time()).astimezone())


_COLUMNS = (
    "id, started_us, ended_us, exercise_id, title, content_hash, planned_seconds, "
    "practised_seconds, finished, rating_before, rating_after, words, note, kind, switched_to"
)
_INSERT = (
    f"INSERT OR IGNORE INTO practice ({_COLUMNS}) "
    f"VALUES ({', '.join('?' * len(_COLUMNS.split(',')))})"
)


_UPDATE = (
    "UPDATE practice SET "
    + ", ".join(f"{name.strip()} = ?" for name in _COLUMNS.split(",")[1:])
    + " WHERE id = ?"
)


def _row(record: Record) -> tuple[Any, ...]:
    return (
        record.id,
        _to_us(record.started),
        _to_us(record.ended),
        record.exercise_id,
        record.title,
        record.content_hash,
        record.planned_seconds,
        record.practised_seconds,
        int(record.finished),
        record.before,
        record.after,
        json.dumps(list(record.words), ensure_ascii=False),
        record.note,
        record.kind,
        record.switched_to,
    )


def _record(row: Sequence[Any]) -> Record:
    try:
        return Record(
            id=row[0],
            started=_from_us(row[1]),
            ended=_from_us(row[2]),
            exercise_id=row[3],
            title=row[4],
            content_hash=row[5],
            planned_seconds=row[6],
            practised_seconds=row[7],
            finished=bool(row[8]),
            before=row[9],
            after=row[10],
            words=tuple(json.loads(row[11])),
            note=row[12],
            kind=row[13],
            switched_to=row[14],
        )
    except (ValueError, TypeError, OverflowError) as exc:  # RecordError is a ValueError
        # Only another program can write such a row (the schema's checks refuse it); say
        # which one, rather than fail somewhere far away.
        raise DatabaseCorruptError(
            f"A practice in the history cannot be read (id {shown(str(row[0]))[:40]}: "
            f"{shown(str(exc))[:120]}); nothing was changed"
        ) from None


_ONLY_PRACTICES = f"kind = '{PRACTICE}'"
"""The clause that keeps logs out of every per-exercise figure."""


def _where(filters: Filters, extra: Sequence[str] = ()) -> tuple[str, list[Any]]:
    clauses = list(extra)
    params: list[Any] = []
    if filters.exercise_id is not None:
        clauses.append("exercise_id = ?")
        params.append(filters.exercise_id)
    if filters.since is not None:
        clauses.append("started_us >= ?")
        params.append(_to_us(filters.since))
    if filters.until is not None:
        clauses.append("started_us <= ?")
        params.append(_to_us(filters.until))
    if filters.kind is not None:
        clauses.append("kind = ?")
        params.append(filters.kind)
    if not clauses:
        return "", params
    return " WHERE " + " AND ".join(clauses), params


# -- the store --------------------------------------------------------------------------------


class Store:
    """An open practice history. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.timeout = timeout
        self._whole = False  # quick_check passed (or the file was known good) in this run
        self._checked = False  # both checks passed: this store may write
        self._read_only = False
        self._noted = True  # its connection is noted in dbfile's list of open ones

    # - opening and closing -

    @classmethod
    def open(cls, path: Path, *, timeout: float = DEFAULT_TIMEOUT, verify: bool = False) -> Store:
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
    def _open_for_writing(cls, path: Path, timeout: float, verify: bool) -> Store:
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
    def open_read_only(cls, path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Store:
        """Open an existing history only to read it: nothing is created, migrated or written,
        so it works in a read-only folder or on a read-only disk. Any write through it
        raises StoreReadOnlyError. A file missing numbtui's table or indexes is refused with a
        clear message; objects of others (e.g. a trigger) are let be, as reading runs none.
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
                dbfile.judge(dbfile.identity_from_sqlite(conn), path, SCHEMA_VERSION)
                checks.check_schema(conn, path, MIGRATIONS, reading=True)
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()
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
            for migration in MIGRATIONS[identity.user_version :]:
                migration(self._conn)
            if identity.user_version < SCHEMA_VERSION:
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if identity.application_id != APPLICATION_ID:
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def verify(self) -> None:
        """Run SQLite's quick check; raise DatabaseCorruptError if it finds damage."""
        with self._sqlite():
            checks.quick_check(self._conn, self.path)
        self._whole = True

    def check(self) -> None:
        """Run the checks a first write runs (schema exactly numbtui's, whole file), without
        writing; raise DatabaseCorruptError (or DatabaseForeignError) on what they find."""
        with self._sqlite():
            checks.check_schema(self._conn, self.path, MIGRATIONS)
            checks.quick_check(self._conn, self.path)
        self._whole = True

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
                        _rollback(self._conn)
                    raise
                if write:
                    self._conn.execute("COMMIT")
                    # What this checked store wrote leaves the file whole: say so, so that
                    # the next numbtui (or the next save) need not read it whole again.
                    checks.remember_good(self.path)
            except sqlite3.Error as exc:
                if write:
                    _rollback(self._conn)
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

    # - writing -

    def save(self, record: Record) -> bool:
        """Add ``record``; False if a record with its id is already there (nothing changes)."""
        with self._write():
            cursor = self._conn.execute(_INSERT, _row(record))
            return cursor.rowcount == 1

    def delete(self, record_id: str) -> bool:
        """Remove the record with this id; False if there was none."""
        with self._write():
            cursor = self._conn.execute("DELETE FROM practice WHERE id = ?", (record_id,))
            return cursor.rowcount == 1

    def import_records(self, records: Iterable[Record], *, replace: bool = False) -> ImportCounts:
        """Add every record in one transaction. An id already present with the same content
        is left as it is; with other content it is kept as stored and counted as different,
        or, with ``replace``, takes the imported version."""
        tally = _Tally()
        with self._write():
            batch: dict[str, Record] = {}
            for record in records:
                if len(batch) >= _CHUNK or record.id in batch:
                    self._import_batch(batch, replace, tally)
                    batch = {}
                batch[record.id] = record
            self._import_batch(batch, replace, tally)
        return ImportCounts(
            imported=tally.imported,
            already_present=tally.same,
            different=tally.different,
            different_ids=tuple(tally.named),
        )

    def _import_batch(self, batch: dict[str, Record], replace: bool, tally: _Tally) -> None:
        """Import one batch of records with distinct ids, counting in ``tally``."""
        if not batch:
            return
        marks = ", ".join("?" * len(batch))
        stored = {
            row[0]: row
            for row in self._conn.execute(
                f"SELECT {_COLUMNS} FROM practice WHERE id IN ({marks})", list(batch)
            )
        }
        changed: list[Record] = []
        for record_id, record in batch.items():  # in the file's order
            if (row := stored.get(record_id)) is None:
                continue
            try:
                unchanged = _record(row) == record
            except DatabaseCorruptError:  # a row another program broke is not the same
                unchanged = False
            if unchanged:
                tally.same += 1
            else:
                changed.append(record)
        tally.different += len(changed)
        tally.named.extend(record.id for record in changed[: IDS_NAMED - len(tally.named)])
        if replace and changed:
            self._conn.executemany(_UPDATE, [(*_row(record)[1:], record.id) for record in changed])
        new = [_row(record) for record_id, record in batch.items() if record_id not in stored]
        if new:
            # The rows this statement inserted (total_changes would also count what a trigger
            # did, had one slipped past the schema check), so a count is never negative.
            tally.imported += max(self._conn.executemany(_INSERT, new).rowcount, 0)

    # - reading -

    def get(self, record_id: str) -> Record | None:
        """The record with this id, or None."""
        with self._sqlite():
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM practice WHERE id = ?", (record_id,)
            ).fetchone()
        return None if row is None else _record(row)

    def known_ids(self, record_ids: Iterable[str]) -> set[str]:
        """Those of ``record_ids`` that are in the history."""
        wanted = list(dict.fromkeys(record_ids))
        known: set[str] = set()
        with self._sqlite():
            for start in range(0, len(wanted), 500):  # under SQLite's limit on parameters
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT id FROM practice WHERE id IN ({marks})", chunk
                ).fetchall()
                known.update(row[0] for row in rows)
        return known

    def count(self, filters: Filters = NO_FILTERS) -> int:
        """How many records match (practices and logs, unless ``filters.kind`` says)."""
        where, params = _where(filters)
        with self._sqlite():
            row = self._conn.execute(f"SELECT COUNT(*) FROM practice{where}", params).fetchone()
        return int(row[0])

    def page(self, filters: Filters, after: Cursor | None, limit: int) -> Page:
        """Up to ``limit`` records newest first, starting after ``after`` (keyset paging)."""
        if not 1 <= limit <= PAGE_LIMIT_MAX:
            raise ValueError(f"limit must be from 1 to {PAGE_LIMIT_MAX}")
        extra = [] if after is None else ["(started_us, id) < (?, ?)"]
        where, params = _where(filters, extra)
        if after is not None:
            params = [_to_us(after.started), after.id, *params]
        sql = f"SELECT {_COLUMNS} FROM practice{where} ORDER BY started_us DESC, id DESC LIMIT ?"
        with self._sqlite():
            rows = self._conn.execute(sql, [*params, limit + 1]).fetchall()
        records = tuple(_record(row) for row in rows[:limit])
        more = len(rows) > limit
        return Page(records=records, next=Cursor.after(records[-1]) if more else None)

    def iter_records(
        self, filters: Filters = NO_FILTERS, newest_first: bool = False
    ) -> Iterator[Record]:
        """Every matching record, read in chunks from one consistent snapshot."""
        where, params = _where(filters)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT {_COLUMNS} FROM practice{where} ORDER BY started_us {order}, id {order}"
        dbfile.connection_opening(self.path)
        try:
            conn = dbfile.connect_read_only(self.path, self.timeout)
        except sqlite3.Error as exc:
            dbfile.connection_closed(self.path)
            raise dbfile.store_error(exc, self.path, self.timeout) from None
        try:
            try:
                conn.execute("BEGIN")  # one read snapshot across all the chunks
                cursor = conn.execute(sql, params)
                rows = cursor.fetchmany(_CHUNK)
            except sqlite3.Error as exc:
                raise dbfile.store_error(exc, self.path, self.timeout) from None
            while rows:
                for row in rows:
                    yield _record(row)
                try:
                    rows = cursor.fetchmany(_CHUNK)
                except sqlite3.Error as exc:
                    raise dbfile.store_error(exc, self.path, self.timeout) from None
        finally:
            conn.close()
            dbfile.connection_closed(self.path)

    def exercise_ids(self) -> list[tuple[str, str]]:
        """Every exercise in the history as (id, title of its latest practice), by title."""
        sql = (
            f"SELECT exercise_id, title, MAX(started_us) FROM practice WHERE {_ONLY_PRACTICES} "
            "GROUP BY exercise_id "
            "ORDER BY title COLLATE NOCASE, exercise_id"
        )
        with self._sqlite():
            rows = self._conn.execute(sql).fetchall()
        return [(row[0], row[1]) for row in rows]

    def stats(self, filters: Filters = NO_FILTERS) -> list[ExerciseStats]:
        """Per exercise: practices, minutes, mean after, mean change; most practised first.
        Logs are never counted here (they have no exercise)."""
        where, params = _where(filters, [_ONLY_PRACTICES])
        # With a single MAX(), SQLite takes the bare column (title) from that same row.
        sql = (
            "SELECT exercise_id, title, MAX(started_us), COUNT(*), TOTAL(practised_seconds), "
            "AVG(rating_after), AVG(rating_after - rating_before) "
            f"FROM practice{where} GROUP BY exercise_id "
            "ORDER BY COUNT(*) DESC, exercise_id"
        )
        with self._sqlite():
            rows = self._conn.execute(sql, params).fetchall()
        return [
            ExerciseStats(
                exercise_id=row[0],
                title=row[1],
                last_started=_from_us(row[2]),
                practices=int(row[3]),
                minutes=float(row[4]) / 60.0,
                average_after=None if row[5] is None else float(row[5]),
                average_change=None if row[6] is None else float(row[6]),
            )
            for row in rows
        ]

    def ratings_series(
        self, filters: Filters = NO_FILTERS, points: int = 120
    ) -> list[tuple[datetime, int]]:
        """After-ratings oldest first, for a sparkline of at most ``points`` values.

        With more ratings than points, consecutive ratings are grouped into ``points`` groups
        of (nearly) equal size, each shown as its rounded mean at the time of its last rating,
        so the whole period keeps its shape.
        """
        if points < 1:
            raise ValueError("points must be at least 1")
        where, params = _where(filters, [_ONLY_PRACTICES, "rating_after IS NOT NULL"])
        sql = (
            "SELECT MAX(started_us), AVG(rating_after) FROM ("
            "  SELECT started_us, rating_after,"
            "         NTILE(?) OVER (ORDER BY started_us, id) AS bucket"
            f"  FROM practice{where}"
            ") GROUP BY bucket ORDER BY bucket"
        )
        with self._sqlite():
            rows = self._conn.execute(sql, [points, *params]).fetchall()
        return [(_from_us(row[0]), math.floor(float(row[1]) + 0.5)) for row in rows]

    def rating_days(self, filters: Filters = NO_FILTERS) -> list[RatingDay]:
        """Per local day with a rating before or after: sums and counts of each, oldest first
        (sums, not means, so that days can be put together into weeks exactly). Logs are
        never counted: their number is not a before or an after of a practice."""
        where, params = _where(
            filters,
            [_ONLY_PRACTICES, "(rating_before IS NOT NULL OR rating_after IS NOT NULL)"],
        )
        sql = (
            "SELECT date(started_us / 1000000, 'unixepoch', 'localtime') AS day, "
            "TOTAL(rating_before), COUNT(rating_before), TOTAL(rating_after), "
            f"COUNT(rating_after) FROM practice{where} GROUP BY day ORDER BY day"
        )
        with self._sqlite():
            rows = self._conn.execute(sql, params).fetchall()
        return [
            RatingDay(
                date.fromisoformat(row[0]), float(row[1]), int(row[2]), float(row[3]), int(row[4])
            )
            for row in rows
        ]

    def minutes_per_week(
        self, filters: Filters, weeks: int, *, today: date | None = None
    ) -> list[tuple[date, float]]:
        """Minutes practised in each of the last ``weeks`` weeks, oldest first.

        Weeks start on Monday in local time and end with the week holding ``today``
        (the local date now, unless given); weeks without practice are 0.0.
        """
        if weeks < 1:
            raise ValueError("weeks must be at least 1")
        today = today or datetime.now().astimezone().date()
        this_monday = today - timedelta(days=today.weekday())
        mondays = [this_monday - timedelta(weeks=n) for n in reversed(range(weeks))]
        window = ["started_us >= ?", "started_us < ?", _ONLY_PRACTICES]
        where, params = _where(filters, window)
        start, end = (
            _local_midnight_us(mondays[0]),
            _local_midnight_us(this_monday + timedelta(weeks=1)),
        )
        sql = (
            "SELECT date(started_us / 1000000, 'unixepoch', 'localtime', 'weekday 0', "
            "'-6 days') AS monday, TOTAL(practised_seconds) "
            f"FROM practice{where} GROUP BY monday"
        )
        with self._sqlite():
            rows = self._conn.execute(sql, [start, end, *params]).fetchall()
        totals = {date.fromisoformat(row[0]): float(row[1]) / 60.0 for row in rows}
        return [(monday, totals.get(monday, 0.0)) for monday in mondays]

    def rating_changes(self, filters: Filters = NO_FILTERS) -> list[RatingChanges]:
        """Per exercise practised: how often each change (after − before) occurred.

        Every exercise with a matching practice is listed, also those with no practice rated
        both times (their counts are empty), ordered by exercise id. Counting in SQL keeps
        the answer small (at most 21 changes an exercise) however long the history is. Logs
        are never counted: a logged number is not a before or an after of any exercise.
        """
        where, params = _where(filters, [_ONLY_PRACTICES])
        # One pass: a practice without both ratings has a NULL change and a group of its own,
        # which still tells the exercise's latest title. With a single MAX(), SQLite takes the
        # bare column (title) from that same row.
        sql = (
            "SELECT exercise_id, rating_after - rating_before AS change, COUNT(*), title, "
            f"MAX(started_us) FROM practice{where} GROUP BY exercise_id, change "
            "ORDER BY exercise_id, change"
        )
        with self._sqlite():
            rows = self._conn.execute(sql, params).fetchall()
        titles: dict[str, tuple[int, str]] = {}
        found: dict[str, list[tuple[int, int]]] = {}
        for exercise_id, change, count, title, latest in rows:
            if exercise_id not in titles or latest > titles[exercise_id][0]:
                titles[exercise_id] = (latest, title)
            changes = found.setdefault(exercise_id, [])
            if change is not None:
                changes.append((int(change), int(count)))
        return [
            RatingChanges(exercise_id, titles[exercise_id][1], tuple(counts))
            for exercise_id, counts in found.items()
        ]


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_BUSY


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite may have rolled back already (e.g. after SQLITE_FULL); then nothing is left to undo.
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
