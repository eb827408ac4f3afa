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

from numbtui.ownwords import WordRefused, check, offered
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
from numbtui.record import WORDS_MAX

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
WORDS_QUESTION = (
    "Type the numbers of the words that fit, like 2 5, or words of your own with commas "
    "between, or press Enter for none:"
)
NOTE_QUESTION = f"A note for yourself, if you like, on one line (up to {NOTE_MAX} characters), "
NOTE_QUESTION += "or press Enter for none:"

T = TypeVar("T")
_PARTS = re.compile(r"[,;]")


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


def _is_number(token: str) -> bool:
    return token.isascii() and token.isdigit()


def parse_words(text: str, choices: tuple[str, ...] = WORDS) -> tuple[str, ...]:
    """The words chosen by their numbers (from 1) or typed out, in the order given, each once.

    Numbers go with spaces between (``2 5``), words with commas (``achy, far away``). A typed
    word that is one of ``choices`` in any case is that one; any other becomes one's own
    word (checked as :func:`numbtui.ownwords.check` does). More than a moment keeps
    (:data:`numbtui.record.WORDS_MAX`) is not understood.
    """
    fits = (
        f"Numbers from 1 to {len(choices)} fit here, with spaces between them, or words of "
        "your own with commas between, or Enter for none."
    )
    picked: list[str] = []
    for part in _PARTS.split(text):
        tokens = part.split()
        if not tokens:
            continue
        if all(_is_number(token) for token in tokens):
            if not all(1 <= int(token) <= len(choices) for token in tokens):
                raise NotUnderstood(fits)
            words = [choices[int(token) - 1] for token in tokens]
        elif any(_is_number(token) for token in tokens):
            raise NotUnderstood(fits)  # "2 warm": a number or a word was meant, not both
        else:
            try:
                words = [check(part, choices)]
            except WordRefused as refused:
                raise NotUnderstood(str(refused)) from None
        picked.extend(words)
    chosen = tuple(dict.fromkeys(picked))
    if len(chosen) > WORDS_MAX:
        # A record keeps 12: refused here, so the words saved are never cut without a word.
        raise NotUnderstood(too_many_words(len(chosen)))
    return chosen


def too_many_words(count: int) -> str:
    """The line when more words were given than a moment keeps."""
    return (
        f"A moment keeps up to {WORDS_MAX} words, and that was {count}; "
        f"type {WORDS_MAX} or fewer, or Enter for none."
    )


def list_words(write: Callable[[str], None], choices: tuple[str, ...]) -> None:
    """The words to choose from, numbered from 1 (one's own first)."""
    write(WORDS_INTRO)
    for number, word in enumerate(choices, start=1):
        write(f"{number}. {word}")


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


def rate(
    ask: Ask, write: Callable[[str], None], draft: Draft, own: tuple[str, ...] = ()
) -> Rating | None:
    """After the exercise: the number, the words (``own`` ones first) and the note, each
    filled into ``draft`` as soon as it is answered. Returns the rating, or None when every
    answer was skipped."""
    draft.value = ask_until_understood(ask, write, QUESTION_AFTER, parse_scale)
    choices = offered(own)
    list_words(write, choices)
    draft.words = (
        ask_until_understood(ask, write, WORDS_QUESTION, lambda t: parse_words(t, choices)) or ()
    )
    note = ask(NOTE_QUESTION)
    draft.note = (note or "").strip()[:NOTE_MAX]
    return draft.rating()
