"""The exercise library: bundled exercises, the user's own, and folders named on the command line.

Later sources win: a user file with a bundled id replaces the bundled exercise (and says so),
and ``--exercises DIR`` replaces both. A bad file never stops the others from loading; its
problems are collected for the CLI (stderr) and the app (a notice).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from numbtui import paths
from numbtui.errors import ExerciseError
from numbtui.exercise import Exercise, Source
from numbtui.loader import ExerciseFileError, Problem, exercise_files, load_file


@dataclass(frozen=True)
class Library:
    """The exercises that could be loaded, and the problems of those that could not."""

    exercises: tuple[Exercise, ...]
    problems: tuple[Problem, ...] = ()

    def get(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id, if there is one."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        return None

    def require(self, exercise_id: str) -> Exercise:
        """The exercise with this id, or an error that suggests the closest ids."""
        exercise = self.get(exercise_id)
        if exercise is not None:
            return exercise
        ids = [e.id for e in self.exercises]
        close = difflib.get_close_matches(exercise_id, ids, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(close)}?" if close else " See: numbtui list"
        raise ExerciseError(f"There is no exercise called {exercise_id!r}.{hint}")

    def __len__(self) -> int:
        return len(self.exercises)


def _load_folder(
    source: Source, locations: Iterable[Path], found: dict[str, Exercise], problems: list[Problem]
) -> None:
    for location in locations:
        files = [location] if location.is_file() else list(exercise_files(location))
        if not location.exists() and source is Source.PATH:
            problems.append(Problem(str(location), 1, 1, "no such file or folder"))
        for file in files:
            try:
                exercise = load_file(file, source)
            except ExerciseFileError as exc:
                problems.extend(exc.problems)
                continue
            previous = found.get(exercise.id)
            if (previous is not None and previous.source is Source.BUNDLED) or (
                previous is not None and previous.replaces_bundled
            ):
                exercise = replace(exercise, replaces_bundled=True)
            found[exercise.id] = exercise


def discover(
    extra: Sequence[Path] = (),
    *,
    bundled: Path | None = None,
    user: Path | None = None,
) -> Library:
    """Load the whole library: bundled, then the user's folder, then ``extra`` paths."""
    found: dict[str, Exercise] = {}
    problems: list[Problem] = []
    _load_folder(Source.BUNDLED, [bundled or paths.bundled_exercises_dir()], found, problems)
    _load_folder(Source.USER, [user or paths.user_exercises_dir()], found, problems)
    _load_folder(Source.PATH, extra, found, problems)
    return Library(tuple(found.values()), tuple(problems))
