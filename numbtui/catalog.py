"""A fast listing of the library for ``numbtui list``, backed by a small cache.

Parsing and validating YAML needs PyYAML and pydantic, which take longer to import than the
listing itself. The catalog remembers each file's summary (or its problems) keyed by path,
size, modification time and inode, plus a fingerprint of the validating code; an unchanged
file is listed without being parsed. Any change to a file, or to numbtui, is a miss and the
file is validated again. The cache is disposable: unreadable means empty, and failing to write
it only costs speed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from numbtui import __version__, paths
from numbtui.discovery import Source, locate, merge
from numbtui.problem import Problem

CACHE_NAME = "catalog.json"


@dataclass(frozen=True)
class Summary:
    """What ``numbtui list`` shows of one exercise."""

    id: str
    title: str
    seconds: float
    waits_for_you: bool
    tags: tuple[str, ...]
    source: Source
    path: str
    replaces_bundled: bool = False


def _fingerprint() -> str:
    # The modules that decide what is valid; editing one of them invalidates the cache.
    here = Path(__file__).parent
    stamps = []
    for name in ("exercise.py", "yamldoc.py", "loader.py"):
        try:
            stat = (here / name).stat()
            stamps.append(f"{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            stamps.append("?")
    return f"{__version__}|{'|'.join(stamps)}"


def _key(file: Path) -> str | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return f"{file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}"


def _read_cache(path: Path, fingerprint: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _write_cache(path: Path, fingerprint: str, entries: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"fingerprint": fingerprint, "entries": entries}, handle)
        os.replace(temp, path)
    except OSError:
        return  # only a missed speed-up


def _validate(file: Path, source: Source) -> dict[str, Any]:
    from numbtui.loader import ExerciseFileError, load_file

    try:
        exercise = load_file(file, source)
    except ExerciseFileError as exc:
        return {"problems": [asdict(p) for p in exc.problems]}
    return {
        "summary": {
            "id": exercise.id,
            "title": exercise.title,
            "seconds": exercise.total_seconds,
            "waits_for_you": exercise.waits_for_user,
            "tags": list(exercise.spec.tags),
        }
    }


def summaries(
    extra: Sequence[Path] = (), *, cache: Path | None = None
) -> tuple[list[Summary], list[Problem]]:
    """Summaries of the whole library in load order, and the problems of bad files."""
    cache_file = cache or paths.cache_dir() / CACHE_NAME
    fingerprint = _fingerprint()
    old = _read_cache(cache_file, fingerprint)
    new: dict[str, Any] = {}
    files, problems = locate(extra)
    found: list[Summary] = []
    for source, file in files:
        key = _key(file)
        entry = old.get(key) if key else None
        if not isinstance(entry, dict):
            entry = _validate(file, source)
        if key:
            new[key] = entry
        if "summary" in entry:
            data = entry["summary"]
            found.append(
                Summary(
                    id=data["id"],
                    title=data["title"],
                    seconds=float(data["seconds"]),
                    waits_for_you=bool(data["waits_for_you"]),
                    tags=tuple(data["tags"]),
                    source=source,
                    path=str(file),
                )
            )
        else:
            problems.extend(Problem(**p) for p in entry.get("problems", []))
    if new != old:
        _write_cache(cache_file, fingerprint, new)
    return merge(found), problems
