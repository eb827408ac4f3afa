"""Owner-only folders and files: numbtui's data is private mental-health data.

:func:`make_folder` creates a folder with an exact mode and any missing parents with at most
0755, never group- or world-writable whatever the umask (``Path.mkdir(parents=True)`` gives
parents 0777 under ``umask 000``). :func:`tighten_own` makes numbtui's existing folders 0700
and its files 0600, whatever they were before, and returns a sentence for each it could not
change, for the caller to show once.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from numbtui import paths

FOLDER_MODE = 0o700
FILE_MODE = 0o600
PARENT_MODE = 0o755
"""Folders created above numbtui's own (e.g. ``~/.local/share``): the umask can only take
bits away from it, so never more than this."""


def make_folder(folder: Path, mode: int = FOLDER_MODE) -> None:
    """Create ``folder`` with exactly ``mode`` (if missing) and its missing parents with at
    most :data:`PARENT_MODE`. Raises OSError (FileExistsError if a file is in the way)."""
    if folder.is_dir():
        return
    missing: list[Path] = []
    candidate = folder
    while not candidate.exists() and candidate != candidate.parent:
        missing.append(candidate)
        candidate = candidate.parent
    for parent in reversed(missing[1:]):
        try:
            os.mkdir(parent, PARENT_MODE)
        except FileExistsError:
            if not parent.is_dir():
                raise
    try:
        os.mkdir(folder, mode)
    except FileExistsError:
        if not folder.is_dir():
            raise
        return
    os.chmod(folder, mode)  # mkdir's mode is reduced by the umask; make it exact.


def tighten(path: Path, mode: int) -> str | None:
    """Take away every permission bit of ``path`` beyond ``mode`` (if it exists and is not
    a symbolic link); a sentence saying why not, if that was refused."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"could not check who may read {path} ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        return None
    current = stat.S_IMODE(info.st_mode)
    if not current & ~mode:
        return None
    try:
        os.chmod(path, current & mode)
    except OSError as exc:
        return (
            f"could not make {path} private ({exc.strerror or exc}); others on this computer "
            "may be able to read it"
        )
    return None


def own_folders() -> list[Path]:
    """numbtui's own folders, made 0700."""
    data = paths.data_dir()
    return [paths.config_dir(), data, paths.cache_dir(), data / "backups"]


def own_files() -> list[Path]:
    """numbtui's own files outside the history database (which the store keeps 0600)."""
    database = paths.database_file()
    return [
        database,
        Path(f"{database}-wal"),
        Path(f"{database}-shm"),
        paths.recovery_file(),
        paths.state_file(),
        paths.own_words_file(),
        paths.settings_file(),
        paths.support_file(),
    ]


def tighten_own() -> list[str]:
    """Make numbtui's existing folders 0700 and files 0600; a sentence for each refusal."""
    problems = [tighten(folder, FOLDER_MODE) for folder in own_folders()]
    problems += [tighten(file, FILE_MODE) for file in own_files()]
    return [problem for problem in problems if problem]
