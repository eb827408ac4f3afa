"""The check-in and the rating as typed answers: a question line, then a line typed back.

Each question says what it expects. Anything else is answered with what is expected, and the
question is asked again; Enter skips (no number, no words, no note: all real answers). The end
of the input (a pipe that ran dry, Ctrl+D) counts as Enter. The answers so far are kept in a
:class:`Draft`, so an interruption in the middle keeps what was already typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from numbtui.rating import (
    NOTE_MAX,
    NOTHING_IS_AN_ANSWER,
    SCALE_HIGH,
    SCALE_LOW,
    SCALE_MAX,
    SCALE_MIN,
    WORDS,
    Rating,
)

Ask = Callable[[str], str | None]
"""Writes a question line and returns the line typed back (None at the end of the input)."""

SCALE = f"from {SCALE_MIN} ({SCALE_LOW}) to {SCALE_MAX} ({SCALE_HIGH})"
QUESTION_BEFORE = (
    f"How much can you feel right now, {SCALE}? Type a number, or press Enter to skip:"
)
QUESTION_AFTER = f"And now, how much can you feel, {SCALE}? Type a number, or press Enter to skip:"
NOT_ON_THE_SCALE = (
    f"A whole number from {SCALE_MIN} to {SCALE_MAX} fits here, like 3, or Enter to skip."
)
WORDS_INTRO = "Words that fit, if any. Nothing or blank counts too:"
WORDS_QUESTION = "Type the numbers of the words that fit, like 2 5, or press Enter for none:"
NOTE_QUESTION = f"A note for yourself, if you like, on one line (up to {NOTE_MAX} characters), "
NOTE_QUESTION += "or press Enter for none:"

T = TypeVar("T")
_SEPARATORS = re.compile(r"[\s,;]+")


class NotUnderstood(ValueError):
    """An answer that is not one of those expected; the message says what is."""


def parse_scale(text: str) -> int | None:
    """A 0–10 answer: the number, or None for Enter; NotUnderstood otherwise."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not SCALE_MIN <= int(text) <= SCALE_MAX:
        raise NotUnderstood(NOT_ON_THE_SCALE)
    return int(text)


def parse_words(text: str, choices: tuple[str, ...] = WORDS) -> tuple[str, ...]:
    """The words chosen by their numbers (from 1), in the order given, each once."""
    picked: list[str] = []
    for part in _SEPARATORS.split(text.strip()):
        if not part:
            continue
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= len(choices):
            raise NotUnderstood(
                f"Numbers from 1 to {len(choices)} fit here, with spaces between them, "
                "or Enter for none."
            )
        word = choices[int(part) - 1]
        if word not in picked:
            picked.append(word)
    return tuple(picked)


@dataclass
class Draft:
    """The answers given so far."""

    value: int | None = None
    words: tuple[str, ...] = ()
    note: str = ""

    def rating(self) -> Rating | None:
        """The answers as a rating; None when nothing at all was given."""
        rating = Rating(self.value, self.words, self.note)
        return None if rating.empty else rating


def ask_until_understood(
    ask: Ask, write: Callable[[str], None], question: str, parse: Callable[[str], T]
) -> T | None:
    """Ask ``question`` until ``parse`` understands the answer; None at the end of input."""
    while True:
        answer = ask(question)
        if answer is None:
            return None
        try:
            return parse(answer)
        except NotUnderstood as exc:
            write(str(exc))


def check_in(ask: Ask, write: Callable[[str], None]) -> int | None:
    """Before the exercise: how much can you feel? The number, or None when skipped."""
    write(NOTHING_IS_AN_ANSWER)
    return ask_until_understood(ask, write, QUESTION_BEFORE, parse_scale)


def rate(ask: Ask, write: Callable[[str], None], draft: Draft) -> Rating | None:
    """After the exercise: the number, the words and the note, each filled into ``draft`` as
    soon as it is answered. Returns the rating, or None when every answer was skipped."""
    draft.value = ask_until_understood(ask, write, QUESTION_AFTER, parse_scale)
    write(WORDS_INTRO)
    for number, word in enumerate(WORDS, start=1):
        write(f"{number}. {word}")
    draft.words = ask_until_understood(ask, write, WORDS_QUESTION, parse_words) or ()
    note = ask(NOTE_QUESTION)
    draft.note = (note or "").strip()[:NOTE_MAX]
    return draft.rating()
