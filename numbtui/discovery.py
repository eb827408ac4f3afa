"""Where exercises come from, and which one wins when two share an id (cheap to import).

Sources are read in order — bundled, the user's folder, then ``--exercises`` paths — and a
later file with the same id replaces an earlier one. Both the full library
(:mod:`numbtui.library`) and the fast listing (:mod:`numbtui.catalog`) use these rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar

from numbtui import paths
from numbtui.problem import Problem

ID_REGEX = r"[a-z0-9][a-z0-9_-]{0,63}"
"""An exercise id (its file name without ``.yaml``); :data:`ID_RULE` says it in words."""
# \Z, not $: "$" also matches before a final newline, which would let "body-scan\n" pass.
ID_PATTERN = re.compile(ID_REGEX + r"\Z")
ID_RULE = (
    "lower-case letters, digits, dashes (-) and underscores (_), starting with a letter or "
    "a digit, at most 64 characters"
)
"""The one wording of the id rule, used by every message and the README."""


class Source(StrEnum):
    """Where an exercise came from."""

    BUNDLED = "bundled"
    USER = "user"
    PATH = "path"


class _Entry(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def source(self) -> Source: ...
    @property
    def replaces_bundled(self) -> bool: ...


E = TypeVar("E", bound=_Entry)


FILE = "file"
FOLDER = "folder"


def kind_of(path: Path) -> str:
    """:data:`FILE`, :data:`FOLDER`, or in plain words why ``path`` is neither."""
    try:
        if path.is_file():
            return FILE
        if path.is_dir():
            return FOLDER
        if path.exists():  # a device, a pipe, a socket: nothing to read exercises from
            return "is not a regular file or a folder"
    except OSError as exc:  # is_dir() lets ENAMETOOLONG and EACCES through
        return f"cannot be read ({exc.strerror or exc})"
    return "no such file or folder"


def exercise_files(folder: Path) -> Iterator[Path]:
    """The exercise files directly in ``folder``, sorted by name."""
    # scandir: the folder's listing says which entries are files, without a stat for each.
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.endswith((".yaml", ".yml")) and _is_file(entry):
            yield folder / entry.name


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def locate(
    extra: Sequence[Path] = (),
    *,
    bundled: Path | None = None,
    user: Path | None = None,
) -> tuple[list[tuple[Source, Path]], list[Problem]]:
    """Every exercise file in load order, and problems with paths that do not exist."""
    found: list[tuple[Source, Path]] = []
    problems: list[Problem] = []
    folders = [
        (Source.BUNDLED, bundled or paths.bundled_exercises_dir()),
        (Source.USER, user or paths.user_exercises_dir()),
        *((Source.PATH, location) for location in extra),
    ]
    for source, location in folders:
        kind = kind_of(location)
        if kind == FILE:
            found.append((source, location))
        elif kind == FOLDER:
            found.extend((source, file) for file in exercise_files(location))
        elif source is Source.PATH:
            problems.append(Problem(str(location), 1, 1, kind))
    return found, problems


def merge(entries: Iterable[E]) -> list[E]:
    """Keep the last entry of each id, marking those that replace a bundled exercise."""
    found: dict[str, E] = {}
    for entry in entries:
        previous = found.get(entry.id)
        replaces = previous is not None and (
            previous.source is Source.BUNDLED or previous.replaces_bundled
        )
        found[entry.id] = replace(entry, replaces_bundled=True) if replaces else entry  # type: ignore[type-var]
    return list(found.values())
