"""RatingScreen (after an exercise: 0–10, optional words and note) and the grounding offer.

The rating asks one gentle question; the words and the note are optional. Enter saves from
anywhere on the screen, the note included. Escape in the note only leaves the note (its text
stays); Escape or q elsewhere leaves without a rating (the practice itself is still kept by the
flow) — but never drops what was given without saying so: with a number, a word or a note
given, :class:`KeepAnswer` asks once, "Save 5 and your note?" (Save / Discard). Ctrl+Q, Ctrl+C
and the palette's Quit keep the answer so far (see :func:`numbtui.tui.practice.save_interrupted`).
Nothing is chosen at first: Enter with no number asks once, gently, and a second Enter keeps the
practice without a number (with any words and note).

The words are the person's own first (most recently used), then the usual list. "Your own
word" below them adds a typed word, chosen (:class:`OwnWordInput`; a listed word typed in any
case just chooses the listed one); Delete on an own word stops offering it. Own words are kept
for next time once the answer is saved (see :mod:`numbtui.tui.own_words`). A moment keeps
up to 12 words: a 13th, ticked or typed, is refused with a line saying so, never cut later.

:func:`offer_grounding` follows an early stop: a kind word, and a short grounding practice if
the user wants one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from numbtui.exercise import Exercise
from numbtui.ownwords import WordRefused, check
from numbtui.rating import (
    NOTE_MAX,
    NOTHING_IS_AN_ANSWER,
    QUESTION_AFTER,
    WORDS,
    Rating,
    keep_question,
    note_cut_notice,
)
from numbtui.record import WORDS_MAX
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.keys import GLOBAL_KEYS
from numbtui.tui.widgets.answer_box import AnswerBox
from numbtui.tui.widgets.footer import FittedFooter
from numbtui.tui.widgets.scale import SCALE_KEYS_HINT, Scale
from numbtui.tui.widgets.words import WordChips

if TYPE_CHECKING:
    from numbtui.tui.app import NumbtuiApp

FINISHED = "That's the end of the practice. Take your time."
STOPPED_EARLY = "Stopping when you need to is always fine. What you did still counts."
NO_NUMBER_YET = "No number chosen, and that's all right. Enter again saves without one."
WORDS_LABEL = "Words that fit, if any (Space chooses). “nothing / blank” counts too."
NOTE_LABEL = "A note for yourself, if you like (optional)"
NOTE_PLACEHOLDER = "Type here (Tab moves here)"
"""Said inside the note's field: with its own label above, the field reads as a field."""
OWN_WORD_PLACEHOLDER = "Your own word, if none fits (Enter adds it)"
ENOUGH_WORDS = f"A moment keeps up to {WORDS_MAX} words; unchoose one to add another."
ENOUGH_CHOSEN = f"A moment keeps up to {WORDS_MAX} words; unchoose one to choose another."

GROUNDING_CHOICES: tuple[tuple[str, str], ...] = (
    ("five-senses", "Five senses"),
    ("breathing-4-4-4", "Breathe 4-4-4"),
)
"""Short grounding practices offered after an early stop: (exercise id, button label)."""
GROUNDING_NOTE = "If it would help later, {names} can bring you back to the room."
"""The grounding offer in words, after the rating was left with Escape."""
GROUNDING_MESSAGE = (
    "You listened to yourself, and that matters.\n"
    "If it would help, a short grounding practice can bring you back to the room. "
    "Or simply rest; that counts too."
)


class NoteInput(Input):
    """The one-line note; its Enter saves the whole answer (and says so in the Footer).

    Escape leaves the note for the scale, keeping its text (people press Escape to leave a
    text field, not to throw away what they wrote). A paste longer than the room left keeps
    what fits and says how much was left out; lines of a paste are joined with spaces.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Save"),
        Binding("escape", "leave_note", "Leave the note"),
    ]

    def action_leave_note(self) -> None:
        """Move to the scale; the note keeps what was typed."""
        self.screen.query_one(Scale).focus()

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps only a paste's first line, and refuses a paste that would not fit
        # entirely, without a word: both would lose what the user meant to keep.
        event.prevent_default()
        event.stop()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        start, end = sorted(self.selection)
        room = max(0, (self.max_length or NOTE_MAX) - (len(self.value) - (end - start)))
        kept = text[:room]
        if kept:
            self.replace(kept, start, end)
        if len(text) > room:
            self.notify(
                note_cut_notice(len(text) - room),
                title="Note",
                markup=False,
                timeout=10,
            )


class OwnWordInput(Input):
    """A word of one's own: Enter adds it to the words, chosen (the screen checks it);
    Escape goes back to the words, keeping what was typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Add word"),
        Binding("escape", "leave_word", "Back to the words"),
    ]

    def action_leave_word(self) -> None:
        """Move to the words; the text stays."""
        self.screen.query_one(WordChips).focus()


def word_chooser(own: tuple[str, ...]) -> ComposeResult:
    """The words (own ones first) and the box to type one's own: the rating's and the log's."""
    yield WordChips(WORDS, own=own, limit=WORDS_MAX, id="rating-words")
    yield OwnWordInput(placeholder=OWN_WORD_PLACEHOLDER, id="own-word", compact=True)


def note_field(value: str = "") -> ComposeResult:
    """The note's label and its field (a band of its own colour): the rating's and the log's.
    A placeholder alone read as a label with no field under it."""
    yield Static(NOTE_LABEL, id="note-label", classes="rating-label", markup=False)
    yield NoteInput(
        value=value[:NOTE_MAX],
        placeholder=NOTE_PLACEHOLDER,
        max_length=NOTE_MAX,
        id="rating-note",
        compact=True,
    )


class KeepAnswer(DismissOnce[bool | None], ModalScreen[bool | None]):
    """Asked once when the rating is left with something given: True saves it, False
    discards it, None (Escape) goes back to the rating with nothing lost."""

    AUTO_FOCUS = "#keep-save"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the rating"),
        *GLOBAL_KEYS,
    ]

    def __init__(self, rating: Rating) -> None:
        super().__init__()
        self.rating = rating

    KEPT = "The practice is kept either way; Discard leaves out only the rating, words and note."
    """What Discard leaves out: only what was given here (the practice is already kept)."""

    def question(self) -> str:
        """What is asked: "Save 5 and your note?"."""
        return keep_question(self.rating)

    def compose(self) -> ComposeResult:
        with Vertical(id="keep-dialog", classes="rating-dialog"):
            yield Static(self.question(), id="keep-question", markup=False)
            yield Static(self.KEPT, id="keep-what", classes="muted", markup=False)
            with Horizontal(id="keep-buttons"):
                yield Button("Save", id="keep-save", variant="primary")
                yield Button("Discard", id="keep-discard")
        yield FittedFooter()

    @on(Button.Pressed, "#keep-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    @on(Button.Pressed, "#keep-discard")
    def _discard(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)

    def action_back(self) -> None:
        """Back to the rating, with everything still there."""
        self.dismiss(None)


class RatingScreen(DismissOnce[Rating | None], ModalScreen[Rating | None]):
    """Ask how much the user can feel now; returns a :class:`Rating`, or None for no rating."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not priority bindings: those run as soon as the key arrives, ahead of keys still
        # queued for the focused widget, so a quick "4⏎" would save before the 4 counted.
        # The note's own Enter arrives as Input.Submitted instead.
        Binding("enter", "save", "Save"),
        Binding("escape", "leave", "No rating"),
        Binding("q", "leave", "No rating", show=False),  # as in the player; the note takes q
        # The number keys reach the scale from the words too; the note swallows them first.
        *(Binding(str(digit), f"digit({digit})", show=False) for digit in range(10)),
        Binding("t", "ten", "Ten", show=False),
        Binding("question_mark", "app.help", "Keys", show=False),
        *GLOBAL_KEYS,
    ]

    def __init__(
        self,
        exercise: Exercise,
        stopped_early: bool,
        before: int | None,
        own_words: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.stopped_early = stopped_early
        self.before = before
        self.own_words = own_words
        """The person's own words, offered first."""
        self._reminded = False

    def compose(self) -> ComposeResult:
        with AnswerBox(id="rating-dialog", classes="rating-dialog"):
            yield Static(self.exercise.title, classes="rating-title", markup=False)
            yield Static(
                STOPPED_EARLY if self.stopped_early else FINISHED,
                id="rating-kind",
                classes="rating-kind",
                markup=False,
            )
            yield Static(QUESTION_AFTER, classes="rating-question", markup=False)
            yield Scale(id="rating-scale")
            yield Static(SCALE_KEYS_HINT, id="rating-hint", classes="rating-hint", markup=False)
            yield Static(self._reassurance(), classes="muted", markup=False)
            yield Static(WORDS_LABEL, classes="rating-label", markup=False)
            yield from word_chooser(self.own_words)
            yield from note_field()
        yield FittedFooter()

    def on_resize(self) -> None:
        self.query_one(AnswerBox).fit()  # the room changed: roomy or tight, whichever fits

    def _reassurance(self) -> str:
        if self.before is None:
            return NOTHING_IS_AN_ANSWER
        return f"Before, you chose {self.before}. The same, lower or higher: all are fine."

    @property
    def scale(self) -> Scale:
        """The 0–10 scale on this screen."""
        return self.query_one(Scale)

    def current(self) -> Rating:
        """What the user has given so far, with a word typed in the own-word box but not yet
        added (saving or leaving would otherwise drop it without a word)."""
        chips = self.query_one(WordChips)
        return Rating(
            value=self.scale.value,
            words=(*chips.chosen, *self._typed_word(chips)),
            note=self.query_one("#rating-note", Input).value,
        )

    def _typed_word(self, chips: WordChips) -> tuple[str, ...]:
        """The own-word box's text, when it can be a word and there is room for it."""
        typed = self.query_one("#own-word", Input).value
        if not typed.strip():
            return ()
        try:
            word = check(typed, chips.words)
        except WordRefused:
            return ()
        if word in chips.chosen or len(chips.chosen) >= WORDS_MAX:
            return ()
        return (word,)

    def on_scale_changed(self, event: Scale.Changed) -> None:
        if event.value is not None and self._reminded:
            self._reminded = False
            self.query_one("#rating-hint", Static).update(SCALE_KEYS_HINT)

    @on(Input.Submitted, "#rating-note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Input.Submitted, "#own-word")
    def _own_word_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter here adds the word; it does not save the answer
        chips = self.query_one(WordChips)
        try:
            word = check(event.value, chips.words)
        except WordRefused as refused:
            self.notify(str(refused), title="Your own word", markup=False)
            return
        if word not in chips.chosen and len(chips.chosen) >= WORDS_MAX:
            self.notify(ENOUGH_WORDS, title="Your own word", markup=False)
            return
        chips.add(word)
        event.input.clear()

    def on_word_chips_refused(self, event: WordChips.Refused) -> None:
        event.stop()
        self.notify(ENOUGH_CHOSEN, title="Words", markup=False)

    def on_word_chips_forgotten(self, event: WordChips.Forgotten) -> None:
        from numbtui.tui.own_words import forget_own_word
        from numbtui.tui.owner import numbtui_app

        self.run_worker(forget_own_word(numbtui_app(self), event.word), group="own-words")

    def action_digit(self, digit: int) -> None:
        self.scale.type_digit(digit)

    def action_ten(self) -> None:
        self.scale.choose(10)

    def action_save(self) -> None:
        """Save the answer; with no number chosen, ask once, then save without one."""
        rating = self.current()
        if rating.value is None and not self._reminded:
            self._reminded = True
            self.query_one("#rating-hint", Static).update(NO_NUMBER_YET)
            return
        self.dismiss(None if rating.empty else rating)

    def action_leave(self) -> None:
        """Leave without a rating (the practice is still kept); if something was given,
        ask once whether to save it."""
        rating = self.current()
        if rating.empty:
            self.dismiss(None)
            return

        def answered(save: bool | None) -> None:
            if save is None:
                return  # back to the rating, nothing lost
            self.dismiss(rating if save else None)

        self.app.push_screen(self.keep_dialog(rating), answered)

    def keep_dialog(self, rating: Rating) -> KeepAnswer:
        """The question asked when leaving with something given."""
        return KeepAnswer(rating)


class GroundingOffer(DismissOnce[str | None], ModalScreen[str | None]):
    """After an early stop: kind words and a short grounding practice, if wanted.

    Returns the id of the chosen exercise, or None for "not now".
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "not_now", "Not now"),
        Binding("q", "not_now", "Not now", show=False),
        *GLOBAL_KEYS,
    ]
    AUTO_FOCUS = "#grounding-not-now"

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices
        """(exercise id, button label) for each practice offered."""

    def compose(self) -> ComposeResult:
        with Vertical(id="grounding-dialog", classes="rating-dialog"):
            yield Static(GROUNDING_MESSAGE, classes="rating-kind", markup=False)
            with Vertical(id="grounding-buttons"):
                for exercise_id, label in self.choices:
                    yield Button(label, name=exercise_id, classes="grounding-choice")
                yield Button("Not now", id="grounding-not-now")
        yield FittedFooter()

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.name)

    def action_not_now(self) -> None:
        """Close the offer without starting anything."""
        self.dismiss(None)


def grounding_choices(app: NumbtuiApp) -> list[tuple[str, str]]:
    """The grounding practices in this library, labelled with their length."""
    choices: list[tuple[str, str]] = []
    for exercise_id, label in GROUNDING_CHOICES:
        exercise = app.context.library.get(exercise_id)
        if exercise is None:
            continue
        # The length home and `numbtui list` show, with the same settings.
        length = app.length_of(exercise, offered=True)
        choices.append((exercise_id, f"{label} ({length.text()})"))
    return choices


def offer_grounding(app: NumbtuiApp) -> None:
    """Offer a short grounding practice after an early stop; "not now" is always one key."""
    choices = grounding_choices(app)
    if not choices:
        return

    def start(exercise_id: str | None) -> None:
        exercise = app.context.library.get(exercise_id) if exercise_id else None
        if exercise is not None:
            app.start_practice(exercise, offered=True)

    app.push_screen(GroundingOffer(choices), start)
