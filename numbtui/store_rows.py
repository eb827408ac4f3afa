"""How the practice history is asked for, and how a record is kept in a row.

:class:`Filters` (which records), :class:`Cursor` and :class:`Page` (keyset paging) are the
words of every query; the functions below turn a :class:`~numbtui.record.Record` into a row of
the ``practice`` table and back, and filters into a ``WHERE`` clause.

Times are stored as integer microseconds since the epoch (UTC), so ordering is exact and the
round trip of a :class:`~numbtui.record.Record` is lossless; the ``started`` and ``ended``
columns show them as ISO-8601 text for people reading the file with other tools.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from numbtui.errors import DatabaseCorruptError
from numbtui.record import KINDS, PRACTICE, Record
from numbtui.text import shown

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


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
