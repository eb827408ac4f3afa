"""The exercise library: bundled exercises, the user's own, and paths named on the command line.

Later sources win (see :mod:`numbtui.discovery`): a user file with a bundled id replaces the
bundled exercise, and says so. A bad file never stops the others from loading; its problems
are collected for the CLI (stderr) and the app (a notice).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from numbtui.discovery import locate, merge
from numbtui.errors import ExerciseError
from numbtui.exercise import Exercise
from numbtui.loader import ExerciseFileError, load_file
from numbtui.problem import Problem


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
        raise ExerciseError(unknown_id_message(exercise_id, [e.id for e in self.exercises]))

    def __len__(self) -> int:
        return len(self.exercises)


def unknown_id_message(exercise_id: str, known: Sequence[str]) -> str:
    """A sentence saying there is no such exercise, with the closest ids."""
    close = difflib.get_close_matches(exercise_id, list(known), n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(close)}?" if close else " See: numbtui list"
    return f"There is no exercise called {exercise_id!r}.{hint}"


def discover(
    extra: Sequence[Path] = (),
    *,
    bundled: Path | None = None,
    user: Path | None = None,
) -> Library:
    """Load the whole library: bundled, then the user's folder, then ``extra`` paths."""
    files, problems = locate(extra, bundled=bundled, user=user)
    loaded: list[Exercise] = []
    for source, file in files:
        try:
            loaded.append(load_file(file, source))
        except ExerciseFileError as exc:
            problems.extend(exc.problems)
    return Library(tuple(merge(loaded)), tuple(problems))
