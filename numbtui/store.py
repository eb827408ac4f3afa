"""The practice history: one SQLite file of records, saved, imported, read and exported.

:class:`Store` is the history's one entry point, built in layers kept in modules of their own:
:mod:`numbtui.store_connection` (opening, checks, locking, transactions),
:mod:`numbtui.store_schema` (migrations), :mod:`numbtui.store_rows` (filters, paging, how a
record is kept in a row) and :mod:`numbtui.store_insight` (the Insight tab's figures). Every
name callers use is importable from here.

:meth:`Store.iter_records` alone uses its own read-only connection, so a long export reads one
consistent snapshot without holding the lock (an older file read through a copy in memory is
read from that copy, which nothing changes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from numbtui import dbfile
from numbtui.errors import DatabaseCorruptError
from numbtui.record import Record
from numbtui.store_connection import APPLICATION_ID, DEFAULT_TIMEOUT
from numbtui.store_insight import ExerciseStats, InsightQueries, RatingChanges, RatingDay
from numbtui.store_rows import (
    _COLUMNS,
    _INSERT,
    _ONLY_PRACTICES,
    _UPDATE,
    NO_FILTERS,
    Cursor,
    Filters,
    Page,
    _record,
    _row,
    _to_us,
    _where,
)
from numbtui.store_schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_TIMEOUT",
    "IDS_NAMED",
    "MIGRATIONS",
    "NO_FILTERS",
    "PAGE_LIMIT_MAX",
    "SCHEMA_VERSION",
    "Cursor",
    "ExerciseStats",
    "Filters",
    "ImportCounts",
    "Page",
    "RatingChanges",
    "RatingDay",
    "Store",
]

PAGE_LIMIT_MAX = 1000
_CHUNK = 500


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


class Store(InsightQueries):
    """An open practice history. Use :meth:`open`; close it (or use ``with``) when done."""

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
        if self.reads_a_copy:
            yield from self._iter_copy(sql, params)
            return
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

    def _iter_copy(self, sql: str, params: list[object]) -> Iterator[Record]:
        """The records of ``sql`` read from the copy in memory, a chunk at a time under the
        lock, so that other reads of this store go on between the chunks."""
        with self._sqlite():
            cursor = self._conn.execute(sql, params)
        while True:
            with self._sqlite():
                rows = cursor.fetchmany(_CHUNK)
            if not rows:
                return
            for row in rows:
                yield _record(row)

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
