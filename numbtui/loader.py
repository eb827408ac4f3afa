"""Exercise files: YAML text to :class:`~numbtui.exercise.Exercise`, with precise errors.

Files over 256 KiB are refused before parsing; the YAML itself goes through
:mod:`numbtui.yamldoc` (safe, strict, ``path:line:col`` problems). For any input whatsoever
the loader raises :class:`ExerciseFileError` and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from numbtui.discovery import ID_PATTERN, ID_RULE, Source, exercise_files
from numbtui.errors import ExerciseError
from numbtui.exercise import Exercise, ExerciseFile
from numbtui.problem import Problem
from numbtui.readfile import open_regular
from numbtui.yamldoc import DocumentError, parse_model, read_limited

__all__ = ["ExerciseFileError", "Problem", "exercise_files", "load_file", "parse"]

MAX_FILE_BYTES = 256 * 1024


class ExerciseFileError(DocumentError, ExerciseError):
    """An exercise file is not valid; carries every problem found."""


def parse(text: str, *, path: str = "<text>", exercise_id: str = "exercise") -> Exercise:
    """Parse exercise YAML text; raise :class:`ExerciseFileError` for any problem."""
    try:
        spec = parse_model(text, ExerciseFile, path=path)
    except DocumentError as exc:
        raise ExerciseFileError(exc.problems) from None
    return Exercise(id=exercise_id, spec=spec)


def exercise_id_for(path: Path) -> str:
    """The id an exercise file gets: its file name without ``.yaml``/``.yml``."""
    return path.stem


def load_file(path: Path, source: Source = Source.PATH) -> Exercise:
    """Load and validate one exercise file."""
    shown = str(path)
    exercise_id = exercise_id_for(path)
    if not ID_PATTERN.fullmatch(exercise_id):
        raise ExerciseFileError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    f"the file name {exercise_id!r} cannot be an exercise id: use {ID_RULE}",
                )
            ]
        )
    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ExerciseFileError([Problem(shown, 1, 1, f"cannot read: {exc.strerror}")]) from None
    try:
        text = read_limited(shown, data, MAX_FILE_BYTES)
    except DocumentError as exc:
        raise ExerciseFileError(exc.problems) from None
    exercise = parse(text, path=shown, exercise_id=exercise_id)
    return Exercise(id=exercise.id, spec=exercise.spec, source=source, path=path)
