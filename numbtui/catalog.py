"""A fast view of the library for ``numbtui list`` and the app's home screen, backed by a cache.

Parsing and validating YAML needs PyYAML and pydantic, which take longer to import than the
listing itself. The catalog remembers, for each file, what ``numbtui list`` shows
(:class:`Summary`) and what the home screen shows (:class:`Card`), or the file's problems,
keyed by path, size, modification time and inode, plus a fingerprint of the validating code;
an unchanged file is listed without being parsed. Any change to a file, or to numbtui, is a
miss and the file is validated again. The cache is disposable: unreadable means empty, and
failing to write it only costs speed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from numbtui import __version__, paths
from numbtui.atomic import write_atomic
from numbtui.discovery import Source, locate, merge
from numbtui.lengths import Length
from numbtui.problem import Problem
from numbtui.readfile import read_regular_text

if TYPE_CHECKING:
    from numbtui.exercise import Exercise

T = TypeVar("T")

CACHE_NAME = "catalog.json"
CACHE_FORMAT = 5
"""Bumped whenever the shape of a cache entry changes, so older entries are misses."""


@dataclass(frozen=True)
class Summary:
    """What ``numbtui list`` shows of one exercise."""

    id: str
    title: str
    length: Length
    """As written (no default length applied; see numbtui.lengths)."""
    tags: tuple[str, ...]
    source: Source
    path: str
    replaces_bundled: bool = False


@dataclass(frozen=True)
class StepCard:
    """One step as the home screen describes it: kind, text and planned length."""

    kind: str
    text: str
    seconds: float
    """Planned length (0 for a step that waits for a key)."""
    waits: bool = False
    """The step waits for a key rather than a timer."""
    breath: tuple[float, float, float, float] | None = None
    """Seconds of inhale, hold, exhale and rest of one breath (breathing steps only)."""
    cycles: int = 0
    """How many breaths (breathing steps only)."""
    cadence: str | None = None
    """Footsteps per breath in words (walking steps with a cadence only)."""
    top_up: float = 0.0
    """Seconds of the second in-breath on top of the first (breathing steps only; 0 for none)."""


@dataclass(frozen=True)
class Card:
    """What the home screen shows of one exercise, without its YAML or pydantic models."""

    id: str
    title: str
    summary: str
    description: str | None
    tags: tuple[str, ...]
    length: Length
    """As written (no default length applied): home fits it to a saved length through
    :mod:`numbtui.lengths` once the library is read."""
    steps: Sequence[StepCard]
    """The steps (from the cache, read only when first looked at: the list needs none)."""
    source: Source = Source.PATH
    replaces_bundled: bool = False
    notes: tuple[str, ...] = ()
    """Gentle notes on breathing that can make people light-headed (:mod:`numbtui.safety`)."""


class _CachedSteps(Sequence[StepCard]):
    """A card's steps as the cache holds them, turned into StepCards when first used.

    With thousands of exercises, reading every step of every one would be most of the time to
    the home screen, which shows steps for one exercise at a time.
    """

    __slots__ = ("_decoded", "_raw")

    def __init__(self, raw: str) -> None:
        self._raw = raw
        self._decoded: tuple[StepCard, ...] | None = None

    def _steps(self) -> tuple[StepCard, ...]:
        if self._decoded is None:
            try:
                steps = json.loads(self._raw)
                self._decoded = tuple(_step_from_json(step) for step in steps)
            except (KeyError, TypeError, ValueError):
                # A damaged cache: no steps until the library, read in full, replaces the card.
                self._decoded = ()
        return self._decoded

    def __getitem__(self, index: Any) -> Any:
        return self._steps()[index]

    def __len__(self) -> int:
        return len(self._steps())

    def __iter__(self) -> Iterator[StepCard]:
        return iter(self._steps())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._steps() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._steps())

    def __repr__(self) -> str:
        return repr(self._steps())


def card_of(exercise: Exercise) -> Card:
    """The card of a loaded exercise."""
    from numbtui.exercise import BreatheStep, PromptStep, WalkStep
    from numbtui.lengths import length_of
    from numbtui.safety import breathing_notes

    steps = []
    for step in exercise.steps:
        card = StepCard(kind=step.kind, text=step.text, seconds=float(step.duration))
        if isinstance(step, PromptStep) and step.waits:
            card = replace(card, waits=True)
        elif isinstance(step, BreatheStep):
            breath = _breath([step.inhale, step.hold, step.exhale, step.hold_empty])
            card = replace(card, breath=breath, cycles=step.cycles, top_up=float(step.top_up))
        elif isinstance(step, WalkStep):
            card = replace(card, cadence=step.cadence)
        steps.append(card)
    spec = exercise.spec
    return Card(
        id=exercise.id,
        title=spec.title,
        summary=spec.summary,
        description=spec.description,
        tags=tuple(spec.tags),
        length=length_of(exercise),
        steps=tuple(steps),
        source=exercise.source,
        replaces_bundled=exercise.replaces_bundled,
        notes=tuple(
            f"Step {note.step_number}: {note.message}." for note in breathing_notes(exercise.steps)
        ),
    )


def _card_to_json(card: Card) -> dict[str, Any]:
    data = asdict(card)
    del data["source"], data["replaces_bundled"]  # they come from where the file is found
    # The steps as one string: reading the cache then skips over them, and only the card
    # whose details are shown has its steps read (see _CachedSteps).
    data["steps"] = json.dumps(data["steps"])
    return data


def _step_from_json(step: dict[str, Any]) -> StepCard:
    return StepCard(
        kind=str(step["kind"]),
        text=str(step["text"]),
        seconds=float(step["seconds"]),
        waits=bool(step["waits"]),
        breath=None if step["breath"] is None else _breath(step["breath"]),
        cycles=int(step["cycles"]),
        cadence=None if step["cadence"] is None else str(step["cadence"]),
        top_up=float(step["top_up"]),
    )


def _card_from_json(data: dict[str, Any], source: Source) -> Card:
    raw = data["steps"]
    if not isinstance(raw, str):
        raise TypeError("damaged steps")
    description = data["description"]
    return Card(
        id=str(data["id"]),
        title=str(data["title"]),
        summary=str(data["summary"]),
        description=None if description is None else str(description),
        tags=tuple(str(tag) for tag in data["tags"]),
        length=_length_from_json(data["length"]),
        steps=_CachedSteps(raw),
        source=source,
        notes=tuple(str(note) for note in data["notes"]),
    )


def _length_from_json(data: dict[str, Any]) -> Length:
    return Length(float(data["seconds"]), bool(data["open_ended"]))


def _breath(values: list[Any]) -> tuple[float, float, float, float]:
    inhale, hold, exhale, rest = (float(value) for value in values)
    return inhale, hold, exhale, rest


def _fingerprint() -> str:
    # The modules that decide what is valid; editing one of them invalidates the cache.
    here = Path(__file__).parent
    stamps = []
    # The lengths come from the steps as the player plays them (fit, safety, lengths).
    for name in (
        "exercise.py",
        "yamldoc.py",
        "loader.py",
        "text.py",
        "problem.py",
        "safety.py",
        "fit.py",
        "lengths.py",
    ):
        try:
            stat = (here / name).stat()
            stamps.append(f"{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            stamps.append("?")
    return f"{__version__}|{CACHE_FORMAT}|{'|'.join(stamps)}"


def _key(file: Path) -> str | None:
    # The absolute path, not the resolved one: resolving costs a system call per folder, and
    # a symlink moved to another file changes the size, time or inode that follow it anyway.
    try:
        stat = os.stat(file)
    except OSError:
        return None
    return f"{os.path.abspath(file)}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}"


def _read_cache(path: Path, fingerprint: str) -> dict[str, Any]:
    try:
        data = json.loads(read_regular_text(path))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _write_cache(path: Path, fingerprint: str, entries: dict[str, Any]) -> None:
    try:
        write_atomic(path, json.dumps({"fingerprint": fingerprint, "entries": entries}))
    except OSError:
        return  # only a missed speed-up


def _validate(file: Path, source: Source) -> dict[str, Any]:
    from numbtui.loader import ExerciseFileError, load_file

    try:
        exercise = load_file(file, source)
    except ExerciseFileError as exc:
        return {"problems": [asdict(p) for p in exc.problems]}
    card = card_of(exercise)
    return {
        "summary": {
            "id": exercise.id,
            "title": exercise.title,
            "length": asdict(card.length),
            "tags": list(exercise.spec.tags),
        },
        "card": _card_to_json(card),
    }


def _collect(
    extra: Sequence[Path],
    cache: Path | None,
    read: Callable[[dict[str, Any], Source, Path], T],
) -> tuple[list[T], list[Problem]]:
    """``read`` of every file's cache entry in load order (validating the files that changed
    or whose entry ``read`` cannot use), and the problems of the files that are not valid."""
    cache_file = cache or paths.cache_dir() / CACHE_NAME
    fingerprint = _fingerprint()
    old = _read_cache(cache_file, fingerprint)
    new: dict[str, Any] = {}
    files, problems = locate(extra)
    found: list[T] = []
    for source, file in files:
        key = _key(file)
        entry = old.get(key) if key else None
        cached = _read_entry(entry, source, file, read) if isinstance(entry, dict) else None
        if cached is None:  # not cached, or the entry is damaged
            entry = _validate(file, source)
            item, bad = _use_entry(entry, source, file, read)
        else:
            item, bad = cached
        if key:
            new[key] = entry
        if item is not None:
            found.append(item)
        problems.extend(bad)
    if new != old:
        _write_cache(cache_file, fingerprint, new)
    return found, problems


def _read_entry(
    entry: dict[str, Any],
    source: Source,
    file: Path,
    read: Callable[[dict[str, Any], Source, Path], T],
) -> tuple[T | None, list[Problem]] | None:
    # A cache file is outside numbtui's control: an entry of the wrong shape is a miss.
    try:
        return _use_entry(entry, source, file, read)
    except (KeyError, TypeError, ValueError):
        return None


def _use_entry(
    entry: dict[str, Any],
    source: Source,
    file: Path,
    read: Callable[[dict[str, Any], Source, Path], T],
) -> tuple[T | None, list[Problem]]:
    if "problems" in entry:
        return None, [Problem(**problem) for problem in entry["problems"]]
    return read(entry, source, file), []


def _summary_from_json(data: dict[str, Any], source: Source, path: str) -> Summary:
    return Summary(
        id=str(data["id"]),
        title=str(data["title"]),
        length=_length_from_json(data["length"]),
        tags=tuple(str(tag) for tag in data["tags"]),
        source=source,
        path=path,
    )


def summaries(
    extra: Sequence[Path] = (), *, cache: Path | None = None
) -> tuple[list[Summary], list[Problem]]:
    """Summaries of the whole library in load order, and the problems of bad files."""
    found, problems = _collect(
        extra,
        cache,
        lambda entry, source, file: _summary_from_json(entry["summary"], source, str(file)),
    )
    return merge(found), problems


def cards(
    extra: Sequence[Path] = (), *, cache: Path | None = None
) -> tuple[list[Card], list[Problem]]:
    """The home screen's cards of the whole library in load order, and the files' problems."""
    found, problems = _collect(
        extra, cache, lambda entry, source, _file: _card_from_json(entry["card"], source)
    )
    return merge(found), problems
