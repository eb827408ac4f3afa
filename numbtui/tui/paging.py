"""The history browser's window onto the store: a bounded run of records and how to extend it.

Practices are read a page at a time with keyset queries, never with offsets: older ones with
:meth:`numbtui.store.Store.page` after the last record shown, newer ones by reading forwards
(oldest first) from the first record shown, and the oldest ones by reading forwards from the
very start. :class:`RecordWindow` keeps at most ``limit`` records and drops those furthest from
where the user is going, so browsing 100,000 practices holds a few hundred records, and the
End key costs one small query instead of a walk through every page.

Plain data and store calls only: no textual here, so the paging rules are tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from enum import Enum

from numbtui.record import Record
from numbtui.store import Cursor, Filters, Store


class Placed(Enum):
    """How new rows changed the window, i.e. what the table has to do."""

    APPENDED = "appended"
    """The rows go after the rows already shown; nothing else moved."""
    REBUILT = "rebuilt"
    """Rows were dropped or put in front: show the whole window again."""


def _key(record: Record) -> tuple[object, str]:
    return (record.started, record.id)


class RecordWindow:
    """A contiguous run of the filtered history, newest first, of at most ``limit`` records.

    ``offset`` is how many matching practices are newer than the first record; ``at_top`` and
    ``at_bottom`` say whether nothing newer, or nothing older, is left to read.
    """

    def __init__(self, limit: int) -> None:
        if limit < 2:
            raise ValueError("limit must be 2 or more")
        self.limit = limit
        self.records: list[Record] = []
        self.offset = 0
        self.at_top = True
        self.at_bottom = False

    def __len__(self) -> int:
        return len(self.records)

    def index_of(self, record_id: str) -> int | None:
        """The row of the record with this id, if it is in the window."""
        for row, record in enumerate(self.records):
            if record.id == record_id:
                return row
        return None

    def bottom(self) -> Cursor | None:
        """Where older records continue (None when the window is empty)."""
        return Cursor.after(self.records[-1]) if self.records else None

    def top(self) -> Record | None:
        """The newest record in the window."""
        return self.records[0] if self.records else None

    def reset(self, records: list[Record], *, offset: int, at_bottom: bool) -> None:
        """Show these records (newest first) and nothing else."""
        self.records = list(records[: self.limit])
        self.offset = offset
        self.at_top = offset == 0
        self.at_bottom = at_bottom and len(records) <= self.limit

    def extend_down(self, records: Iterable[Record], *, more: bool) -> Placed:
        """Add older records after the last one; drop the newest beyond the limit."""
        last = _key(self.records[-1]) if self.records else None
        fresh = [r for r in records if last is None or _key(r) < last]
        self.records.extend(fresh)
        self.at_bottom = not more
        surplus = len(self.records) - self.limit
        if surplus <= 0:
            return Placed.APPENDED
        del self.records[:surplus]
        self.offset += surplus
        self.at_top = False
        return Placed.REBUILT

    def extend_up(self, records: Iterable[Record], *, more: bool) -> Placed:
        """Put newer records (newest first) in front; drop the oldest beyond the limit."""
        first = _key(self.records[0]) if self.records else None
        fresh = [r for r in records if first is None or _key(r) > first]
        self.records[:0] = fresh
        self.offset = max(0, self.offset - len(fresh)) if more else 0
        self.at_top = not more
        surplus = len(self.records) - self.limit
        if surplus > 0:
            del self.records[-surplus:]
            self.at_bottom = False
        return Placed.REBUILT

    def remove(self, record_id: str) -> bool:
        """Forget a deleted record; False if it was not in the window."""
        row = self.index_of(record_id)
        if row is None:
            return False
        del self.records[row]
        return True


def read_older(
    store: Store, filters: Filters, after: Cursor | None, limit: int
) -> tuple[list[Record], bool]:
    """Up to ``limit`` records older than ``after`` (or the newest), and whether more exist."""
    page = store.page(filters, after, limit)
    return list(page.records), page.next is not None


def _forwards(store: Store, filters: Filters) -> Iterator[Record]:
    return store.iter_records(filters, newest_first=False)


def _take(records: Iterator[Record], limit: int, skip: tuple[object, str] | None) -> list[Record]:
    """The first ``limit + 1`` records after ``skip``; closes the reader straight away."""
    taken: list[Record] = []
    try:
        for record in records:
            if skip is not None and _key(record) <= skip:
                continue
            taken.append(record)
            if len(taken) > limit:
                break
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()  # a generator: ends its read transaction and connection now
    return taken


def read_newer(
    store: Store, filters: Filters, before: Record, limit: int
) -> tuple[list[Record], bool]:
    """Up to ``limit`` records newer than ``before``, newest first, and whether more exist."""
    since = before.started if filters.since is None else max(filters.since, before.started)
    taken = _take(_forwards(store, replace(filters, since=since)), limit, _key(before))
    return list(reversed(taken[:limit])), len(taken) > limit


def read_oldest(store: Store, filters: Filters, limit: int) -> tuple[list[Record], int]:
    """The ``limit`` oldest records, newest first, and how many matching ones are newer."""
    taken = _take(_forwards(store, filters), limit - 1, None)
    total = store.count(filters)
    return list(reversed(taken)), max(0, total - len(taken))
