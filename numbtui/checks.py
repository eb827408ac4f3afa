"""Checks a history must pass, in this run, before numbtui writes to it.

- Whole: ``PRAGMA quick_check`` reads the entire file (about 35 ms per 100,000 practices). A
  damaged page or row is often far from where an insert lands, so SQLite would happily write
  into a damaged file and the damage would spread unnoticed. The good verdict is remembered in
  the cache folder, keyed by the file's identity (device, inode), size, modification and change
  times and those of its write-ahead log, so a history nobody touched since numbtui last
  checked or wrote it is not read whole again. Only good verdicts are remembered.
- Only numbtui's: ``sqlite_master`` must hold exactly the tables and indexes numbtui's
  migrations create for the file's ``user_version``. A trigger runs on every insert whatever
  ``trusted_schema`` says, and ``quick_check`` does not flag it; a view, an unknown table or
  index, or a missing one, means the file is not as numbtui made it.

Every refusal is a :class:`~numbtui.errors.DatabaseCorruptError` (or its subclass
:class:`~numbtui.errors.DatabaseForeignError`) and leaves the file as it was.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from numbtui import paths, private
from numbtui.errors import DatabaseCorruptError, DatabaseForeignError
from numbtui.text import shown

CACHE_NAME = "checked-histories.json"
_CACHE_ENTRIES = 16

Migration = Callable[[sqlite3.Connection], None]
SchemaObject = tuple[str, str, str]
"""(type, name, table) as in ``sqlite_master``."""


# -- the schema --------------------------------------------------------------------------------


@functools.cache
def expected_objects(migrations: tuple[Migration, ...], version: int) -> frozenset[SchemaObject]:
    """The schema objects numbtui's first ``version`` migrations create.

    Built by running them on an empty in-memory database, so a new migration is known here
    the moment it is added.
    """
    conn = sqlite3.connect(":memory:")
    try:
        for migration in migrations[:version]:
            migration(conn)
        rows = conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
    finally:
        conn.close()
    return frozenset((str(t), str(n), str(tb)) for t, n, tb in rows)


def _named(objects: Sequence[SchemaObject]) -> str:
    shown_names = [f'{kind} "{shown(name)[:40]}"' for kind, name, _ in objects[:5]]
    more = len(objects) - len(shown_names)
    return ", ".join(shown_names) + (f" and {more} more" if more > 0 else "")


def check_schema(
    conn: sqlite3.Connection,
    path: Path,
    migrations: tuple[Migration, ...],
    *,
    reading: bool = False,
) -> None:
    """Raise DatabaseForeignError unless the schema is exactly numbtui's for its version.

    With ``reading``, objects numbtui did not make are let be: a trigger runs only on a
    write, and the user must still be able to export their practices from such a file.
    """
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if not 0 <= int(version) <= len(migrations):
        return  # judged elsewhere (a newer numbtui's file is refused before this)
    actual = {
        (str(t), str(n), str(tb))
        for t, n, tb in conn.execute("SELECT type, name, tbl_name FROM sqlite_master")
    }
    expected = expected_objects(migrations, int(version))
    foreign = sorted(actual - expected)
    missing = sorted(expected - actual)
    if foreign and not reading:
        raise DatabaseForeignError(
            f"The history file holds parts numbtui did not make ({_named(foreign)}), which "
            f"could change or delete practices; it was left untouched: {path}"
        )
    if missing:
        raise DatabaseForeignError(
            f"The history file is missing parts numbtui made ({_named(missing)}); "
            f"it was left untouched: {path}"
        )


# -- the whole file ----------------------------------------------------------------------------


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Run ``PRAGMA quick_check``; raise DatabaseCorruptError if it finds damage.

    SQLite raises "malformed" itself for some damage; that is left to the caller's mapping of
    SQLite errors (it becomes a DatabaseCorruptError too).
    """
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if [tuple(row) for row in rows] != [("ok",)]:
        raise DatabaseCorruptError(
            f"The history database is damaged (SQLite's check found {len(rows)} "
            f"problem(s)); it was left untouched: {path}"
        )


def _stamp(path: Path) -> list[int] | None:
    """What identifies the file as it is now (with its log), or None if it cannot be read."""
    try:
        main = os.stat(path)
    except OSError:
        return None
    stamp = [main.st_dev, main.st_ino, main.st_size, main.st_mtime_ns, main.st_ctime_ns]
    try:
        wal = os.stat(f"{path}-wal")
    except FileNotFoundError:
        return stamp
    except OSError:
        return None
    if wal.st_size:  # an empty log (every open makes one) is the same as none
        # Not its change time: another connection opening the log changes that alone.
        stamp += [wal.st_ino, wal.st_size, wal.st_mtime_ns]
    return stamp


def _cache_file() -> Path:
    return paths.cache_dir() / CACHE_NAME


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())


def _read_cache() -> dict[str, list[int]]:
    try:
        with open(_cache_file(), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, list)}


def known_good(path: Path) -> bool:
    """Whether numbtui checked or wrote ``path`` as it is now and found it whole."""
    stamp = _stamp(path)
    return stamp is not None and _read_cache().get(_key(path)) == stamp


def remember_good(path: Path) -> None:
    """Remember that ``path``, as it is now, is whole (failing only costs a check later)."""
    stamp = _stamp(path)
    if stamp is None:
        return
    entries = _read_cache()
    entries.pop(_key(path), None)
    entries[_key(path)] = stamp
    kept = dict(list(entries.items())[-_CACHE_ENTRIES:])
    cache = _cache_file()
    try:
        private.make_folder(cache.parent)
        # Not synced: a cache lost in a crash only means one more check.
        fd, temp = tempfile.mkstemp(prefix=f".{cache.name}-", suffix=".tmp", dir=cache.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(kept, handle)
            os.replace(temp, cache)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def forget(path: Path) -> None:
    """Drop what is remembered about ``path`` (e.g. when it is swapped for another file)."""
    entries = _read_cache()
    if entries.pop(_key(path), None) is None:
        return
    try:
        _cache_file().write_text(json.dumps(entries), encoding="utf-8")
    except OSError:
        return
