"""WordChips: a few words laid out in rows, any number of which can be chosen.

One stop in the Tab order (unlike a checkbox per word): the arrows move between words, Space
chooses or unchooses the word under the cursor, and a click does the same. Chosen words carry
a tick as well as a colour, so the choice does not rest on colour alone. The words are shown
as plain text, never as markup. Posts :class:`WordChips.Toggled`; with a ``limit``, choosing
one word more than it is refused and posts :class:`WordChips.Refused` (the screen says why).

The person's own words come first; :meth:`WordChips.add` puts a newly typed one there, chosen,
and Delete on one of them takes it out of the words (posting :class:`WordChips.Forgotten`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

GAP = 2
"""Columns between two words."""
MARK_CHOSEN = "✓ "
MARK_OPEN = "· "


@dataclass(frozen=True)
class Place:
    """Where one word sits: its row, first column and width in cells."""

    row: int
    x: int
    width: int

    @property
    def middle(self) -> float:
        """The column at the middle of the word (to move up and down between rows)."""
        return self.x + self.width / 2


def lay_out(words: Iterable[str], width: int) -> list[Place]:
    """Place words left to right, starting a new row when the next would not fit."""
    places: list[Place] = []
    row = x = 0
    for word in words:
        size = len(MARK_CHOSEN) + len(word)
        if x and x + size > width:
            row += 1
            x = 0
        places.append(Place(row, x, size))
        x += size + GAP
    return places


class WordChips(Widget, can_focus=True):
    """Words to choose from (none, one or several)."""

    DEFAULT_CSS = """
    WordChips {
        width: 1fr;
        height: auto;
    }
    WordChips > .wordchips--word {
        color: $text;
    }
    WordChips > .wordchips--chosen {
        color: $text;
        background: $primary 30%;
        text-style: bold;
    }
    WordChips > .wordchips--cursor {
        /* Not reverse: a reversed style is lost when it is added to the word's own style,
           which left the word under the cursor looking like every other. */
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: bold underline;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "wordchips--word",
        "wordchips--chosen",
        "wordchips--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_word", "Choose word"),
        Binding("delete", "forget_word", "Forget word"),
        Binding("left", "move(-1)", "Previous word", show=False),
        Binding("right", "move(1)", "Next word", show=False),
        Binding("up", "row(-1)", "Word above", show=False),
        Binding("down", "row(1)", "Word below", show=False),
    ]

    HELP_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"move(-1)", "move(1)", "row(-1)", "row(1)", "forget_word"}
    )
    """Keys the keys screen (F1) lists although the Footer has no room for them."""

    cursor: reactive[int] = reactive(0)
    """Index of the word under the cursor."""

    class _About(Message):
        """Something that happened to one word of the chips."""

        def __init__(self, chips: WordChips, word: str) -> None:
            super().__init__()
            self.chips = chips
            self.word = word

        @property
        def control(self) -> WordChips:
            """The widget the word belongs to."""
            return self.chips

    class Toggled(_About):
        """A word was chosen or unchosen."""

        def __init__(self, chips: WordChips, word: str, chosen: bool) -> None:
            super().__init__(chips, word)
            self.chosen = chosen

    class Refused(_About):
        """A word was not chosen: as many words as the limit are chosen already."""

    class Forgotten(_About):
        """One of the person's own words was taken out of the words (Delete)."""

    def __init__(
        self,
        words: Iterable[str],
        *,
        own: Iterable[str] = (),
        limit: int | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.own: tuple[str, ...] = tuple(own)
        """The person's own words, shown first (the only ones Delete takes out)."""
        self.words: tuple[str, ...] = (*self.own, *(w for w in words if w not in self.own))
        self._chosen: set[str] = set()
        self.limit = limit
        """The most words that can be chosen at once (None: no limit)."""

    @property
    def chosen(self) -> tuple[str, ...]:
        """The chosen words, in the order they are shown."""
        return tuple(word for word in self.words if word in self._chosen)

    def toggle(self, word: str) -> None:
        """Choose ``word`` if it is not chosen (unless the limit is reached: then
        :class:`Refused` is posted), otherwise unchoose it."""
        if word not in self.words:
            raise ValueError(f"not one of the words: {word!r}")
        if word in self._chosen:
            self._chosen.discard(word)
        elif self.limit is not None and len(self._chosen) >= self.limit:
            self.post_message(self.Refused(self, word))  # never more than is kept, silently
            return
        else:
            self._chosen.add(word)
        self.refresh()
        self.post_message(self.Toggled(self, word, word in self._chosen))

    def add(self, word: str) -> None:
        """Put a newly typed own word first, chosen; a word already there is chosen."""
        if word not in self.words:
            self.own = (word, *self.own)
            self.words = (word, *self.words)
            self.cursor += 1  # the word under the cursor stays under it
            self.refresh(layout=True)
        if word not in self._chosen:
            self.toggle(word)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "forget_word":
            # Only an own word can be forgotten; the Footer offers it only on one.
            return bool(self.words) and self.words[self.cursor] in self.own
        return True

    def action_forget_word(self) -> None:
        if not self.words or self.words[self.cursor] not in self.own:
            return
        word = self.words[self.cursor]
        self.own = tuple(w for w in self.own if w != word)
        self.words = tuple(w for w in self.words if w != word)
        self._chosen.discard(word)
        self.cursor = min(self.cursor, max(0, len(self.words) - 1))
        self.refresh(layout=True)
        self.post_message(self.Forgotten(self, word))

    def _places(self) -> list[Place]:
        return lay_out(self.words, max(1, self.content_size.width))

    def action_toggle_word(self) -> None:
        if self.words:
            self.toggle(self.words[self.cursor])

    def action_move(self, delta: int) -> None:
        if self.words:
            self.cursor = (self.cursor + delta) % len(self.words)

    def action_row(self, delta: int) -> None:
        places = self._places()
        if not places:
            return
        here = places[self.cursor]
        row = [index for index, place in enumerate(places) if place.row == here.row + delta]
        if row:
            self.cursor = min(row, key=lambda index: abs(places[index].middle - here.middle))

    def watch_cursor(self) -> None:
        self.refresh()
        self.refresh_bindings()  # Delete is offered on an own word only

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for index, place in enumerate(self._places()):
            if place.row == offset.y and place.x <= offset.x < place.x + place.width:
                self.cursor = index
                self.toggle(self.words[index])
                return

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        places = lay_out(self.words, max(1, width))
        return places[-1].row + 1 if places else 1

    def render(self) -> Content:
        plain = self.get_visual_style("wordchips--word")
        chosen = self.get_visual_style("wordchips--chosen")
        cursor = self.get_visual_style("wordchips--cursor")
        rows: list[list[Content]] = []
        for index, (word, place) in enumerate(zip(self.words, self._places(), strict=True)):
            if place.row == len(rows):
                rows.append([])
            elif rows:
                rows[-1].append(Content(" " * GAP))
            is_chosen = word in self._chosen
            style = chosen if is_chosen else plain
            if self.has_focus and index == self.cursor:
                style = style + cursor
            mark = MARK_CHOSEN if is_chosen else MARK_OPEN
            rows[-1].append(Content.styled(mark + word, style))
        return Content("\n").join(Content("").join(row) for row in rows)
