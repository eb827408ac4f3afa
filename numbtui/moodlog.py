"""The mood log: noting a moment — how much one can feel, words, a note — with no exercise.

What ``numbtui log`` and the app's "Log how I feel" share (no textual): reading the number and
the words typed on the command line (:func:`parse_value`, :func:`parse_words`), the
:class:`LogDraft` of what was given so far, the record of a moment (:func:`log_record`) and
the one line said once it is kept (:func:`logged_line`). Nothing here comments on the number:
0 and "nothing / blank" are answers like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from numbtui.errors import UsageError
from numbtui.ownwords import WordRefused, check, offered
from numbtui.rating import (
    NOTE_MAX,
    NOTHING_IS_AN_ANSWER,
    SCALE_MAX,
    SCALE_MIN,
    Rating,
    given_words,
)
from numbtui.record import LOG, PRACTICE, WORDS_MAX, Record
from numbtui.store_rows import Filters
from numbtui.text import shown

LOG_QUESTION = "Right now, how much can you feel — in your body or your emotions?"
NEEDS_A_NUMBER = (
    "numbtui log needs how much you can feel right now, a number from 0 to 10 "
    "(for example: numbtui log 3 --words tired); without a terminal it cannot ask"
)


@dataclass(frozen=True)
class LogDraft:
    """What was given for a log before asking for the rest (the app fills these in)."""

    value: int | None = None
    words: tuple[str, ...] = ()
    note: str = ""


def parse_value(text: str) -> int:
    """The 0–10 number typed after ``numbtui log``; UsageError says what fits instead."""
    cleaned = text.strip()
    if cleaned.isascii() and cleaned.isdigit() and SCALE_MIN <= int(cleaned) <= SCALE_MAX:
        return int(cleaned)
    raise UsageError(
        f"{shown(text)[:20]!r} is not a number from {SCALE_MIN} to {SCALE_MAX}; "
        f"a whole number such as 3 fits (0 and 10 too)"
    )


def parse_words(texts: Iterable[str], own: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The words of ``--words`` (comma-separated, repeatable), each one of the rating's words
    or of the person's kept ``own`` words (any case); in the order given, each once.
    UsageError names a word that is neither (a typo is not kept as a new word)."""
    by_fold = {word.casefold(): word for word in offered(own)}
    chosen: list[str] = []
    for text in texts:
        for part in text.split(","):
            name = " ".join(part.split())
            if not name:
                continue
            word = by_fold.get(name.casefold())
            if word is None:
                raise UsageError(
                    f"{shown(name)[:30]!r} is not one of the words; they are: "
                    f"{', '.join(offered(own))} (--own-word adds a word of your own)"
                )
            if word not in chosen:
                chosen.append(word)
    return tuple(chosen)


def parse_own_words(texts: Iterable[str], own: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The words of ``--own-word`` (repeatable, one word each): new own words, or a listed
    or kept word when one is named in another case. UsageError says gently why one cannot
    be a word."""
    chosen: list[str] = []
    for text in texts:
        try:
            word = check(text, offered(own))
        except WordRefused as refused:
            raise UsageError(f"--own-word {shown(text)[:30]!r}: {refused}") from None
        if word not in chosen:
            chosen.append(word)
    return tuple(chosen)


def words_that_fit(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` when a moment keeps them all (at most :data:`WORDS_MAX`); UsageError says so
    otherwise, so that none is ever cut without a word."""
    if len(words) > WORDS_MAX:
        raise UsageError(
            f"a moment keeps up to {WORDS_MAX} words and {len(words)} were given "
            f"(--words and --own-word together); choose {WORDS_MAX} or fewer"
        )
    return words


def log_record(at: datetime, rating: Rating) -> Record:
    """The record of a moment logged at ``at`` with this answer."""
    return Record.new_log(at=at, value=rating.value, words=rating.words, note=rating.note)


def logged_line(record: Record) -> str:
    """The one line said once a log is kept: ``Logged · 3 · tired, nothing / blank``."""
    parts = ["Logged"]
    if record.after is not None:
        parts.append(str(record.after))
    if record.words:
        parts.append(", ".join(record.words))
    if record.note and len(parts) == 1:
        parts.append("a note")
    return " · ".join(parts)


def keep_moment_question(rating: Rating) -> str:
    """Asked when the log is left with something given (a log is a moment, not a rating):
    "Save this moment, with 5 and your note?"."""
    said = given_words(rating)
    return f"Save this moment, with {said}?" if said else "Leave without saving anything?"


def moments_logged(count: int) -> str:
    """How many moments were logged, in words: ``12 moments logged``."""
    return "1 moment logged" if count == 1 else f"{count:,} moments logged"


def practices_and_logs(practices: int, logs: int) -> str:
    """What a history holds, in words: ``3 practices, 2 moments logged``; the practices alone
    when nothing was logged, the logs alone when there is no practice."""
    said = "1 practice" if practices == 1 else f"{practices:,} practices"
    if not logs:
        return said
    return moments_logged(logs) if not practices else f"{said}, {moments_logged(logs)}"


def logs_among(filters: Filters) -> Filters | None:
    """The filters for the logs counted beside ``filters``' figures: None when they leave
    logs out (one exercise, or practices only)."""
    if filters.exercise_id is not None or filters.kind == PRACTICE:
        return None
    return replace(filters, kind=LOG)


def ask_log(
    ask: Callable[[str], str | None],
    write: Callable[[str], None],
    draft: LogDraft,
    own: tuple[str, ...] = (),
) -> Rating | None:
    """Plain mode: ask for what ``draft`` lacks as typed answers, with the plain rating's own
    questions and parsers (Enter skips each; ``own`` words are listed first); None when
    nothing at all was given."""
    from numbtui.plain.answers import (
        NOTE_QUESTION,
        SCALE,
        WORDS_QUESTION,
        ask_until_understood,
        list_words,
        parse_scale,
        parse_words,
    )

    write(NOTHING_IS_AN_ANSWER)
    value = draft.value
    if value is None:
        question = (
            f"Right now, how much can you feel, {SCALE}? Type a number, or press Enter to skip:"
        )
        value = ask_until_understood(ask, write, question, parse_scale)
    words = draft.words
    if not words:
        choices = offered(own)
        list_words(write, choices)
        words = (
            ask_until_understood(ask, write, WORDS_QUESTION, lambda t: parse_words(t, choices))
            or ()
        )
    note = draft.note or (ask(NOTE_QUESTION) or "").strip()[:NOTE_MAX]
    rating = Rating(value, words, note)
    return None if rating.empty else rating
