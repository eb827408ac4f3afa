"""The history file on disk: private folders and files, checks before SQLite may write, and
plain-sentence errors.

Before numbtui writes to an existing history it must know the file is its own: the SQLite
header (magic, page size and count, ``application_id``, ``user_version``) and the first page
are read directly, so a file that is not SQLite, belongs to another program, is truncated or
was written by a newer numbtui is refused without SQLite ever opening it. Only when a
write-ahead log holds content newer than the main file is a read-only SQLite connection used.
Every refusal is a :class:`~numbtui.errors.StoreError` subclass and leaves the file as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from numbtui import private
from numbtui.errors import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    HistoryInTheWayError,
    StoreBusyError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
    StoreUnavailableError,
)

APPLICATION_ID = 0x4E554D42
"""``PRAGMA application_id`` of a numbtui history ("NUMB" in ASCII)."""

_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
_LEAF_TABLE_PAGE = 0x0D


# -- errors -----------------------------------------------------------------------------------


def store_error(exc: sqlite3.Error, path: Path, timeout: float) -> StoreError:
    """One clear sentence for an error from SQLite."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else _code_from_text(str(exc))
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusyError(
            f"The history database is locked by another program (waited {timeout:g} s): {path}"
        )
    if primary == sqlite3.SQLITE_FULL:
        return StoreFullError(f"The disk is full; the history could not be written: {path}")
    if primary == sqlite3.SQLITE_READONLY:
        return StoreReadOnlyError(f"The history database cannot be written (read-only): {path}")
    if primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, None) and disk_nearly_full(
        path.parent
    ):
        # SQLite says only "disk I/O error" or "unable to open" when it cannot grow its side
        # files (ENOSPC is not passed on); the free space tells what happened.
        return StoreFullError(f"The disk is full; the history could not be written: {path}")
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return DatabaseCorruptError(
            f"The history database is damaged or not numbtui's; it was left untouched: {path}"
        )
    if primary in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
        return StoreUnavailableError(f"The history database cannot be opened: {path}")
    return StoreError(f"The history database failed ({exc}): {path}")


NEARLY_FULL_BYTES = 256 * 1024
"""Less free space than this where the history lives, and an I/O error is a full disk."""


def free_bytes(folder: Path) -> int | None:
    """Bytes an unprivileged writer may still use on the disk holding ``folder`` (or its
    nearest existing parent); None if that cannot be told."""
    for candidate in (folder, *folder.parents):
        try:
            info = os.statvfs(candidate)
        except FileNotFoundError:
            continue
        except OSError:
            return None
        return info.f_bavail * info.f_frsize
    return None


def disk_nearly_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` has (almost) no room left."""
    free = free_bytes(folder)
    return free is not None and free < NEARLY_FULL_BYTES


def _code_from_text(message: str) -> int | None:
    # Errors raised by the sqlite3 module itself carry no code; their text is stable.
    message = message.lower()
    for fragment, code in (
        ("locked", sqlite3.SQLITE_BUSY),
        ("disk is full", sqlite3.SQLITE_FULL),
        ("readonly", sqlite3.SQLITE_READONLY),
        ("malformed", sqlite3.SQLITE_CORRUPT),
        ("not a database", sqlite3.SQLITE_NOTADB),
        ("unable to open", sqlite3.SQLITE_CANTOPEN),
    ):
        if fragment in message:
            return code
    return None


def os_error(exc: OSError, what: str, path: Path) -> StoreError:
    """One clear sentence for a failure to create ``what`` at ``path``."""
    reason = exc.strerror or str(exc)
    if exc.errno is not None and exc.errno == getattr(os, "ENOSPC", -1):
        return StoreFullError(f"The disk is full; could not create {what}: {path}")
    if exc.errno is not None and exc.errno == getattr(os, "EROFS", -1):
        return StoreReadOnlyError(f"Could not create {what} on a read-only disk: {path}")
    return StoreUnavailableError(f"Could not create {what} ({reason}): {path}")


# -- checks before any write ----------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What a database says about itself: whose it is, which schema, whether it has tables."""

    application_id: int
    user_version: int
    has_schema: bool


def judge(identity: Identity, path: Path, known_version: int) -> None:
    """Refuse a database numbtui must not write to."""
    if identity.application_id == APPLICATION_ID:
        if identity.user_version > known_version:
            raise DatabaseTooNewError(
                f"The history was written by a newer numbtui (schema {identity.user_version}; "
                f"this one knows up to {known_version}) and was left untouched: {path}"
            )
        return
    if identity.application_id != 0 or identity.user_version != 0 or identity.has_schema:
        raise DatabaseCorruptError(
            f"This file belongs to another program, not numbtui; it was left untouched: {path}"
        )


def _not_a_database(path: Path, why: str) -> DatabaseCorruptError:
    return DatabaseCorruptError(
        f"The history file is not a numbtui database ({why}); it was left untouched: {path}"
    )


def _wal_has_content(path: Path) -> bool:
    try:
        # A WAL holds frames only beyond its 32-byte header.
        return Path(f"{path}-wal").stat().st_size > 32
    except FileNotFoundError:
        return False


def _identity_from_header(path: Path, *, check_size: bool) -> Identity | None:
    """Who the file says it is, read without SQLite; None for an empty (new) file.

    Raises DatabaseCorruptError when the bytes are not a whole SQLite database. With
    ``check_size``, a file shorter than the page count in its header counts as truncated (not
    when a write-ahead log is pending: a checkpoint cut short may have grown the header first).
    """
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size == 0:
                return None
            header = handle.read(_HEADER)
            if len(header) < _HEADER or not header.startswith(_SQLITE_MAGIC):
                raise _not_a_database(path, "it is not an SQLite file")
            (raw_page_size,) = struct.unpack(">H", header[16:18])
            page_size = 65536 if raw_page_size == 1 else raw_page_size
            if page_size < 512 or page_size & (page_size - 1):
                raise _not_a_database(path, "its header is damaged")
            change_counter, page_count = struct.unpack(">II", header[24:32])
            (valid_for,) = struct.unpack(">I", header[92:96])
            (user_version,) = struct.unpack(">i", header[60:64])
            (application_id,) = struct.unpack(">i", header[68:72])
            if check_size and change_counter == valid_for and page_count * page_size > size:
                raise _not_a_database(path, "it is shorter than its header says: truncated")
            first_page = header + handle.read(page_size - _HEADER)
    except OSError as exc:
        raise StoreUnavailableError(
            f"The history database cannot be read ({exc.strerror or exc}): {path}"
        ) from None
    if len(first_page) < page_size:
        raise _not_a_database(path, "it is truncated")
    # The schema table's root is page 1: an empty leaf means no tables, views or indexes.
    page_type = first_page[_HEADER]
    (cells,) = struct.unpack(">H", first_page[_HEADER + 3 : _HEADER + 5])
    has_schema = not (page_type == _LEAF_TABLE_PAGE and cells == 0)
    return Identity(application_id, user_version, has_schema)


def identity_from_sqlite(conn: sqlite3.Connection) -> Identity:
    """The identity as SQLite sees it (the write-ahead log included).

    One statement, so one snapshot: read one by one (each its own transaction), a numbtui
    creating the history in between could be seen half-way, as an application_id of 0 with
    a schema and a user_version, which is another program's file.
    """
    application_id, user_version, has_schema = conn.execute(
        "SELECT (SELECT application_id FROM pragma_application_id), "
        "(SELECT user_version FROM pragma_user_version), "
        "EXISTS (SELECT 1 FROM sqlite_master)"
    ).fetchone()
    return Identity(int(application_id), int(user_version), bool(has_schema))


_connections_lock = threading.Lock()
_connections: dict[str, int] = {}


def _connection_key(path: Path) -> str:
    return os.path.realpath(path)


def connection_opening(path: Path) -> None:
    """Note that this process is about to open an SQLite connection to ``path`` (waits for a
    direct read of its header to finish; see :func:`check_existing`). Pair with
    :func:`connection_closed` after the connection is closed."""
    key = _connection_key(path)
    with _connections_lock:
        _connections[key] = _connections.get(key, 0) + 1


def connection_closed(path: Path) -> None:
    """Note that a connection noted by :func:`connection_opening` is closed."""
    key = _connection_key(path)
    with _connections_lock:
        left = _connections.get(key, 0) - 1
        if left > 0:
            _connections[key] = left
        else:
            _connections.pop(key, None)


def read_only_uri(path: Path) -> str:
    """A URI that makes SQLite open ``path`` for reading only."""
    return f"{path.resolve().as_uri()}?mode=ro"


def folder_read_only(folder: Path) -> bool:
    """Whether files in ``folder`` cannot be created or written (a read-only disk, or a
    folder without write permission for this user)."""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return not os.access(folder, os.W_OK)


def connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that only reads ``path``, also from a read-only folder or disk.

    There SQLite cannot create the ``-shm`` file a WAL database is read with and fails with
    "unable to open". With no log pending, the main file alone is the whole history, and no
    writer can change it (a writer needs its log beside it), so it is read as immutable.
    Raises sqlite3.Error.
    """
    uri = read_only_uri(path)
    conn = sqlite3.connect(
        uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", None)
        if not isinstance(code, int) or code & 0xFF != sqlite3.SQLITE_CANTOPEN:
            raise
        if _wal_has_content(path):
            raise
    return sqlite3.connect(
        f"{uri}&immutable=1",
        uri=True,
        timeout=timeout,
        isolation_level=None,
        check_same_thread=False,
    )


def check_existing(path: Path, known_version: int, timeout: float) -> None:
    """Raise unless ``path`` is empty or a numbtui history this version can write."""
    try:
        regular = path.is_file()
    except OSError as exc:
        raise os_error(exc, "the history file", path) from None
    if not regular:
        raise HistoryInTheWayError(f"The history location is not a regular file: {path}")
    with _connections_lock:
        # Read directly only while no SQLite connection of this process has the file open:
        # closing our own descriptor would drop the POSIX locks SQLite holds on it for that
        # connection (they belong to the process, not to a descriptor), and another process
        # could then checkpoint and reset the log under it, losing committed practices.
        if not _connections.get(_connection_key(path)):
            if not _wal_has_content(path):
                identity = _identity_from_header(path, check_size=True)
                if identity is not None:
                    judge(identity, path, known_version)
                return
            # The main file's header may be older than the log; ask SQLite (it only reads).
            _identity_from_header(path, check_size=False)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=timeout)
    except sqlite3.Error as exc:
        raise store_error(exc, path, timeout) from None
    try:
        judge(identity_from_sqlite(conn), path, known_version)
    except sqlite3.Error as exc:
        raise store_error(exc, path, timeout) from None
    finally:
        conn.close()


# -- files and permissions ------------------------------------------------------------------


def make_folder(folder: Path) -> None:
    """Create the history folder, owner-only (0700), unless it exists."""
    try:
        # Inside the try: is_dir() lets EACCES or ENAMETOOLONG through as a raw OSError.
        private.make_folder(folder)
    except FileExistsError:
        if not folder.is_dir():
            raise StoreUnavailableError(
                f"Could not create the history folder (a file is in the way): {folder}"
            ) from None
    except OSError as exc:
        raise os_error(exc, "the history folder", folder) from None


def create_file(path: Path) -> bool:
    """Create an empty private database file; False when it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise os_error(exc, "the history database", path) from None
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    sync_folder(path.parent)
    return True


def sync_folder(folder: Path) -> None:
    # A new file's name survives a power cut only once its folder is synced.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # Some file systems cannot sync a folder; the data itself is still synced.
    finally:
        os.close(fd)


def tighten(path: Path) -> None:
    """Make the database and its side files owner-only if something loosened them."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
            if mode & 0o077:
                os.chmod(candidate, mode & 0o600)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreUnavailableError(
                f"Could not make the history private ({exc.strerror or exc}): {candidate}"
            ) from None
