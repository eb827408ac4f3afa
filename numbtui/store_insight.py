"""The figures of the Insight tab, as queries of an open practice history.

Per exercise (:class:`ExerciseStats`, :class:`RatingChanges`), per day (:class:`RatingDay`)
and per week; each is counted in SQL, so the answer stays small however long the history is.
Logs are never counted in them: a logged number is not a before or an after of any exercise.
:class:`~numbtui.store.Store` has these queries as methods.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from numbtui.store_connection import StoreConnection
from numbtui.store_rows import (
    _ONLY_PRACTICES,
    NO_FILTERS,
    Filters,
    _from_us,
    _local_midnight_us,
    _where,
)


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


class InsightQueries(StoreConnection):
    """The Insight tab's queries of an open history (they only read)."""

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

    def first_practice(self, filters: Filters = NO_FILTERS) -> datetime | None:
        """When the first practice matching ``filters`` started; None if none matches.
        Logs are never counted (the minutes chart starts at the first practice)."""
        where, params = _where(filters, [_ONLY_PRACTICES])
        # MIN of the indexed column: SQLite reads one end of the index, not every row.
        with self._sqlite():
            row = self._conn.execute(f"SELECT MIN(started_us) FROM practice{where}", params)
            found = row.fetchone()[0]
        return None if found is None else _from_us(found)

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
