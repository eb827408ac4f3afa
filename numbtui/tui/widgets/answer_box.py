"""AnswerBox: the rating's and the log's box, kept whole on the screen wherever it can be.

The box is as tall as what it holds. When that is more than the room above the footer (a short
terminal, many own words), it first leaves out its blank rows (the ``-tight`` class: the
margins in ``app.tcss``), and if it is still too tall it scrolls, with a scrollbar, so that
nothing is cut off unseen; Tab scrolls the field it reaches into view. The styles live in
``app.tcss`` with the rest of the rating's.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.geometry import Size

TIGHT_SAVES = 4
"""Rows the ``-tight`` layout leaves out: the blank rows above the question, the scale, the
words and the note (see ``app.tcss``)."""


class AnswerBox(Vertical):
    """A box of questions that fits its screen: tight when it must be, scrolling if even that
    is too tall."""

    def on_mount(self) -> None:
        # The content's height changes with the words (own words, one added or forgotten) and
        # with a hint that wraps; the room changes with the terminal (see fit's callers).
        self.watch(self, "virtual_size", self._content_changed, init=False)

    def _content_changed(self, size: Size) -> None:
        self.fit()

    def room(self) -> int:
        """Rows the screen has for the box: its height less what is docked (the footer)."""
        screen = self.screen
        docked = sum(
            child.outer_size.height
            for child in screen.children
            if child is not self and child.styles.dock in ("top", "bottom")
        )
        return screen.size.height - docked

    def fit(self) -> None:
        """Be tight when the roomy layout would not fit (the content as laid out now, plus
        the rows a tight layout leaves out)."""
        needed = self.virtual_size.height + self.styles.gutter.height
        if self.has_class("-tight"):
            needed += TIGHT_SAVES
        self.set_class(needed > self.room(), "-tight")
