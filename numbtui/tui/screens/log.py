"""LogScreen: note how much one can feel right now, with words and a note, and no exercise.

The rating's own scale, words and note (and its keys: 0–9, t, Enter saves, Escape leaves), as
a screen of its own for ``numbtui log`` without a number and the home's "Log how I feel".
What was given on the command line is filled in. Escape leaves and nothing is logged; an
answer with nothing in it is not logged either. Leaving with something given asks once, in
the log's own words (:class:`KeepMoment`: a log is a moment, not a rating). The words are the
rating's, the person's own first, with the same box to type one's own.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Input, Static

from numbtui.moodlog import LOG_QUESTION, LogDraft, keep_moment_question
from numbtui.rating import NOTHING_IS_AN_ANSWER, Rating
from numbtui.tui.keys import GLOBAL_KEYS
from numbtui.tui.screens.rating import (
    WORDS_LABEL,
    KeepAnswer,
    RatingScreen,
    note_field,
    word_chooser,
)
from numbtui.tui.widgets.answer_box import AnswerBox
from numbtui.tui.widgets.scale import SCALE_KEYS_HINT, Scale
from numbtui.tui.widgets.words import WordChips

LOG_TITLE = "Log how I feel"
LOG_INTRO = "A moment, noted as it is. No exercise needed."


class KeepMoment(KeepAnswer):
    """Asked once when the log is left with something given: "Save this moment, with 5?";
    Escape goes back to the log with nothing lost."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the log"),
        *GLOBAL_KEYS,
    ]

    KEPT = "Nothing is kept unless you choose Save."
    """A log is only what was given here: Discard keeps nothing."""

    def question(self) -> str:
        return keep_moment_question(self.rating)


class LogScreen(RatingScreen):
    """Ask for a moment's number, words and note; returns a Rating, or None (nothing logged)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Not now"),
        Binding("q", "leave", "Not now", show=False),
    ]

    def __init__(self, draft: LogDraft | None = None, own_words: tuple[str, ...] = ()) -> None:
        # The rating's behaviour without its exercise: RatingScreen's __init__ asks for one.
        super(RatingScreen, self).__init__()
        self.draft = draft or LogDraft()
        self.own_words = own_words
        self.before = None
        self.stopped_early = False
        self._reminded = False
        self.kept = False
        """Saved on the way out (Ctrl+C, a signal): the screen's answer must not count again."""

    def compose(self) -> ComposeResult:
        with AnswerBox(id="log-dialog", classes="rating-dialog"):
            yield Static(LOG_TITLE, classes="rating-title", markup=False)
            yield Static(LOG_INTRO, classes="rating-kind", markup=False)
            yield Static(LOG_QUESTION, classes="rating-question", markup=False)
            yield Scale(value=self.draft.value, id="rating-scale")
            yield Static(SCALE_KEYS_HINT, id="rating-hint", classes="rating-hint", markup=False)
            yield Static(NOTHING_IS_AN_ANSWER, classes="muted", markup=False)
            yield Static(WORDS_LABEL, classes="rating-label", markup=False)
            yield from word_chooser(self.own_words)
            yield from note_field(self.draft.note)
        yield Footer()

    def on_mount(self) -> None:
        chips = self.query_one(WordChips)
        for word in reversed(self.draft.words):
            chips.add(word)  # new own words (--own-word) go first, in the order given
        self.query_one(Scale).focus()

    def keep_dialog(self, rating: Rating) -> KeepAnswer:
        return KeepMoment(rating)

    def current_note(self) -> str:
        """The note as typed so far."""
        return self.query_one("#rating-note", Input).value
