"""A step's words through a pause: what the sound listener remembers to say them again.

Someone practising with eyes closed who pauses in the middle of an instruction would lose it:
the pause silences the words, and the step does not begin again on going on. So
:class:`WordsKept` keeps the current step's words and when they began (seconds into the step);
at a pause it notes whether they were cut off (or not begun yet) and, on going on, gives what to
say again (:func:`~numbtui.sound.score.said_again`: all of them when they still fit in the
step, else from the sentence cut off). Words that had finished are not said again.

The step's clock does not wait for the words said again (the session is the one clock, and
speaking never holds it): they take the step's time as its words always do. While they are
said, :meth:`WordsKept.said_again_until` tells the listener to leave out a phase word or a
footstep that would talk over them. Pure: no clock, no audio.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from numbtui.session import Snapshot
from numbtui.sound.score import SENTENCE_PAUSE, SPEECH_DELAY, said_again

Place = tuple[int, int]
"""(moves, step index) of a snapshot: a step, told apart from the same step reached again."""


def place_of(snapshot: Snapshot) -> Place:
    """Where ``snapshot`` is, as :class:`WordsKept` tells steps apart."""
    return (snapshot.moves, snapshot.step_index)


@dataclass(frozen=True)
class Words:
    """A step's words as played: where, what, and when they begin (seconds into the step)."""

    place: Place
    text: str
    begins: float
    again: bool = False
    """Said again on going on after a pause."""


class WordsKept:
    """The words of the step being practised, kept to be said again after a pause.

    ``seconds_of(text)`` says how long words take to say (their clip's length once made).
    """

    def __init__(self, rate_wpm: int, seconds_of: Callable[[str], float]) -> None:
        self._rate_wpm = rate_wpm
        self._seconds_of = seconds_of
        self._words: Words | None = None
        self._cut: tuple[Words, float] | None = None
        """Words a pause cut off, and how many seconds of them had been said then."""

    def begun(self, snapshot: Snapshot, text: str, delay: float) -> None:
        """The words of the step ``snapshot`` is on start ``delay`` seconds from it."""
        self._words = Words(place_of(snapshot), text, snapshot.step_elapsed + delay)

    def paused(self, snapshot: Snapshot) -> None:
        """A pause began at ``snapshot``: keep the words if they had not finished."""
        words = self._words
        if words is None or words.place != place_of(snapshot) or snapshot.over:
            return
        heard = snapshot.step_elapsed - words.begins
        if heard < self._seconds_of(words.text):
            self._cut = (words, heard)

    def going_on(self, snapshot: Snapshot) -> str | None:
        """Called at every reading not paused: on the first after a pause that cut the words
        off (the same step, not over), what to say :data:`SPEECH_DELAY` seconds from now."""
        cut, self._cut = self._cut, None
        if cut is None or snapshot.over:
            return None
        words, heard = cut
        if words.place != place_of(snapshot):
            return None  # a key moved on while paused: that step says its own words
        seconds = self._seconds_of(words.text)
        # step_remaining is None for a prompt that waits: all its words fit.
        text = said_again(words.text, heard, seconds, snapshot.step_remaining, self._rate_wpm)
        begins = snapshot.step_elapsed + SPEECH_DELAY
        self._words = Words(words.place, text, begins, again=True)
        return text

    def said_again_until(self, snapshot: Snapshot) -> float | None:
        """Seconds into the step when words said again after a pause end (with the pause of
        a full stop); None when none are said in the step ``snapshot`` is on."""
        words = self._words
        if words is None or not words.again or words.place != place_of(snapshot):
            return None
        return words.begins + self._seconds_of(words.text) + SENTENCE_PAUSE
