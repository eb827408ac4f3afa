"""The schema of the practice history: its migrations, one per version, and :func:`upgrade`,
which runs the ones a file still needs.

What they create is also what :mod:`numbtui.checks` expects to find
(``checks.expected_objects``), so a file holding anything else is refused before numbtui
writes to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


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


Migration = Callable[[sqlite3.Connection], None]
"""One step of the schema: takes a database from one ``user_version`` to the next."""

MIGRATIONS: tuple[Migration, ...] = (
    _schema_1,
    _schema_2,
    _schema_3,
    _schema_4,
)
"""``MIGRATIONS[n]`` takes a database from ``user_version`` n to n + 1."""

SCHEMA_VERSION = len(MIGRATIONS)


def upgrade(
    conn: sqlite3.Connection, version: int, migrations: tuple[Migration, ...] = MIGRATIONS
) -> None:
    """Take the database on ``conn`` from ``user_version`` ``version`` to the newest one.

    Run it inside the caller's transaction: with the version stamped in the same transaction,
    a migration cut short leaves the file as it was, never half moved.
    """
    for migration in migrations[version:]:
        migration(conn)
    if version < len(migrations):
        conn.execute(f"PRAGMA user_version = {len(migrations)}")
