"""The self-rating: a 0–10 answer to one gentle question, optional words and a short note.

Plain data and wording only (no textual), shared by the rating screens, the store and export.
"""

from __future__ import annotations

from dataclasses import dataclass

from numbtui.text import clean_text

SCALE_MIN = 0
SCALE_MAX = 10
NOTE_MAX = 500

QUESTION_AFTER = "Right now, how much can you feel — in your body or your emotions?"
QUESTION_BEFORE = "Before you begin: how much can you feel right now?"
SCALE_LOW = "nothing at all"
SCALE_HIGH = "vivid"
NOTHING_IS_AN_ANSWER = "Nothing, numb or blank is a real answer. There is no wrong one."

# With voice on, the questions are spoken with the keys that answer them (no need to look).
_SPOKEN_SCALE = "Zero is nothing at all, ten is vivid. Press a number, or t for ten, then Enter."
SPOKEN_BEFORE = (
    f"How much can you feel right now? {_SPOKEN_SCALE} Or press s to begin without an answer."
)
SPOKEN_AFTER = (
    "Right now, how much can you feel, in your body or your emotions? "
    f"{_SPOKEN_SCALE} Or press Escape to skip. Nothing, numb or blank is a real answer."
)

BLANK_WORD = "nothing / blank"
WORDS: tuple[str, ...] = (
    BLANK_WORD,
    "warm",
    "cool",
    "tight",
    "heavy",
    "light",
    "tingling",
    "calm",
    "restless",
    "tired",
    "sad",
    "tender",
    "steady",
    "far away",
)
"""Quick words to choose from after an exercise: sensations first, then feelings."""


@dataclass(frozen=True)
class Rating:
    """One answer after an exercise.

    ``value`` is None when the user chose words or wrote a note but preferred not to pick a
    number: that is a real answer too, and the words and note are kept.
    """

    value: int | None
    words: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self.value is not None and not SCALE_MIN <= self.value <= SCALE_MAX:
            raise ValueError(f"a rating is from {SCALE_MIN} to {SCALE_MAX}")
        object.__setattr__(self, "note", clean_text(self.note)[:NOTE_MAX])

    @property
    def empty(self) -> bool:
        """True when nothing at all was given (no number, no words, no note)."""
        return self.value is None and not self.words and not self.note


def feeling(before: int | None, after: int | None) -> str:
    """The ratings as "before → after", with "–" for one not given; "" for neither."""
    if before is None and after is None:
        return ""
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


def given_words(rating: Rating) -> str:
    """What an answer holds, in words: "5, your word and your note" ("" for nothing)."""
    parts = [] if rating.value is None else [str(rating.value)]
    if rating.words:
        parts.append("your words" if len(rating.words) > 1 else "your word")
    if rating.note:
        parts.append("your note")
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def keep_question(rating: Rating) -> str:
    """Asked when the rating screen is left with something given: "Save 5 and your note?"."""
    said = given_words(rating)
    return f"Save {said}?" if said else "Leave without saving anything?"


def note_cut_notice(left_out: int) -> str:
    """What a paste longer than the note's room did, in words."""
    cut = "1 character was" if left_out == 1 else f"{left_out:,} characters were"
    return f"The note keeps {NOTE_MAX:,} characters: the last {cut} left out of what you pasted."
