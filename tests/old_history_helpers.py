"""Histories written by older numbtui versions, and folders that cannot be written.

``tests/data/history-schema-N.sqlite3`` are histories as numbtui wrote them at schema N, each
with six practices; ``tests/data/import/history-schema-N.json`` is what that numbtui exported
from it. Schema 2 was written by numbtui as it was before schema 3 (commit 78da81c's parent),
schema 1 by the same code with its second migration left out (no release stopped there; it
is what ``_schema_1`` alone makes), schema 3 by numbtui before schema 4.

:func:`read_only` makes a folder truly read-only: a read-only mount when running as root
(root writes through any permission), else a 0500 folder holding a 0400 file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from numbtui.record import Record
from numbtui.store import SCHEMA_VERSION, Store
from tests.record_helpers import make_record

DATA = Path(__file__).resolve().parent / "data"
VERSIONS = (1, 2, 3)


def old_history(version: int) -> Path:
    """The kept history file written at schema ``version``."""
    return DATA / f"history-schema-{version}.sqlite3"


def old_records(version: int) -> list[Record]:
    """Every record of that file, oldest first, as the numbtui that wrote it exported them."""
    text = (DATA / "import" / f"history-schema-{version}.json").read_text(encoding="utf-8")
    return [Record.from_json_dict(item) for item in json.loads(text)]


def place(version: int, folder: Path) -> Path:
    """Copy the schema-``version`` history into ``folder`` as its history (owner-only)."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    database = folder / "history.sqlite3"
    shutil.copyfile(old_history(version), database)
    database.chmod(0o600)
    return database


def fingerprint(path: Path) -> str:
    """The file's bytes, hashed: equal before and after means it was not written."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_version(path: Path) -> int:
    """The schema version the file says it has (read from its header, without SQLite)."""
    with path.open("rb") as handle:
        header = handle.read(100)
    return int.from_bytes(header[60:64], "big", signed=True)


def newer(database: Path) -> None:
    """Make ``database`` a history with one practice, stamped by a numbtui one schema newer."""
    with Store.open(database) as store:
        store.save(make_record(note="kept"))
    conn = sqlite3.connect(database)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


MakeReadOnly = Callable[[Path], None]


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[MakeReadOnly]:
    """``read_only(folder)``: make ``folder`` (already filled) impossible to write in.

    As root, the folder's content is moved onto a small tmpfs mounted there, which is then
    remounted read-only (skipped where mounting is not allowed); otherwise the folder becomes
    0500 and its files 0400. Undone after the test.
    """
    undo: list[Callable[[], None]] = []

    def make(folder: Path) -> None:
        if os.geteuid() != 0:
            for entry in folder.iterdir():
                entry.chmod(0o400)
            folder.chmod(0o500)
            undo.append(lambda: folder.chmod(0o700))
            return
        kept = tmp_path / f"kept-{len(undo)}"
        shutil.copytree(folder, kept)
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        if mounted.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
        undo.append(lambda: subprocess.run(["umount", "-l", str(folder)], check=False))
        shutil.copytree(kept, folder, dirs_exist_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)

    yield make
    for step in reversed(undo):
        step()
