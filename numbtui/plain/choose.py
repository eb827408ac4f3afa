"""Choosing an exercise without a list widget: a numbered list, then a number or an id typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from numbtui.exercise import Exercise
from numbtui.lengths import Length, length_of
from numbtui.plain.answers import Ask

CHOOSE_QUESTION = "Type the number or the id of an exercise, or press Enter to leave:"


LengthOf = Callable[[Exercise], Length]


def listing(exercises: Sequence[Exercise], length: LengthOf = length_of) -> list[str]:
    """The numbered lines: number, title, length (``length``: the one in use, with the
    settings; numbtui.lengths) and summary."""
    return [
        f"{number}. {exercise.title}, {length(exercise).words()}. {exercise.spec.summary}"
        for number, exercise in enumerate(exercises, start=1)
    ]


def pick(exercises: Sequence[Exercise], answer: str) -> Exercise | None:
    """The exercise an answer names by number (from 1) or by id; None if none."""
    answer = answer.strip()
    if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(exercises):
        return exercises[int(answer) - 1]
    wanted = answer.lower()
    return next((e for e in exercises if e.id == wanted), None)


def choose(
    exercises: Sequence[Exercise],
    ask: Ask,
    write: Callable[[str], None],
    length: LengthOf = length_of,
) -> Exercise | None:
    """List the exercises and read a choice; None when the user leaves (Enter, end of input)."""
    if not exercises:
        write("No exercises were found. `numbtui paths` shows where they are looked for.")
        return None
    write(f"{len(exercises)} exercises:")
    for line in listing(exercises, length):
        write(line)
    while True:
        answer = ask(CHOOSE_QUESTION)
        if answer is None or not answer.strip():
            return None
        exercise = pick(exercises, answer)
        if exercise is not None:
            return exercise
        write(
            f"A number from 1 to {len(exercises)} fits here, or an exercise id like "
            f"{exercises[0].id}."
        )
