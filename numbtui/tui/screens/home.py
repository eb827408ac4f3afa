"""The home screen: the exercise library, a filter, and the chosen exercise in detail.

Exercises are grouped by their first well-known tag (body, breath, senses, movement; the rest
under "more"). Typing in the filter narrows the list by title, summary, description or tag;
the arrow keys still move through the list; Enter starts the highlighted exercise. Typing
anywhere on the screen types in the filter, so no letter is a shortcut here (the other screens
are on F3, F4 and the command palette). The detail pane shows the description and every step; in a
narrow terminal there is no room beside the list, so → in the list shows the pane in its place
(Escape goes back, Enter starts). Text from exercise files is always shown literally.

The screen shows the context's :class:`~numbtui.catalog.Card` of each exercise, which a real
run has before the library itself is read, and fills the detail pane only after the list is
on the terminal, so the first screen comes up as soon as it can.

Each length is the one the person will get (:mod:`numbtui.lengths`): fitted to this run's
``--minutes`` or the default length saved for the exercise. Fitting needs the exercise itself,
so until the library and settings are read the card's written length is shown; the list is
redrawn with the lengths in use once they are read, and again when the default lengths have
changed (coming back from the settings screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, OptionList, Static

from numbtui.catalog import Card
from numbtui.lengths import Length, length_of
from numbtui.tui.owner import numbtui_app
from numbtui.tui.screens.home_list import detail_widgets, filter_exercises, list_options
from numbtui.tui.widgets.footer import FittedFooter

if TYPE_CHECKING:
    from numbtui.exercise import Exercise

LOG_ENTRY = "Log how I feel"
"""The home's first entry: a moment noted without an exercise (the mood log)."""


class FilterInput(Input):
    """The filter box; the arrow keys move the list below it, Enter starts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Start"),
        Binding("down", "screen.move(1)", "Down", show=False),
        Binding("up", "screen.move(-1)", "Up", show=False),
        Binding("pagedown", "screen.move_page(1)", "Page down", show=False),
        Binding("pageup", "screen.move_page(-1)", "Page up", show=False),
        Binding("escape", "screen.clear_filter", "Clear", show=False),
        Binding("tab", "app.focus_next", "List"),
    ]


class ExerciseList(OptionList):
    """The exercises, grouped. Typing here types in the filter, so no letter acts on its own:
    the other screens have function keys (and the command palette)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Start"),
        Binding("right", "screen.toggle_detail", "About", key_display="→"),
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # A printable key is text for the filter (see HomeScreen.on_key), never a shortcut:
        # typing "quiet" here must not quit, nor "breath" open the history on its "h".
        return character is not None and character.isprintable()


class HomeScreen(Screen[None]):
    """Choose an exercise: filter, browse, read about it, start it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Letters are filter text here, so the other screens get function keys; bound on the
        # screen, they work wherever the focus is (the log entry, the detail pane).
        Binding("f3", "app.history", "History"),
        Binding("f4", "app.settings", "Settings"),
        # For the detail pane when it stands in for the list (the list has its own "→").
        Binding("escape", "close_detail", "Back to the list"),
        Binding("enter", "start", "Start", show=False),
    ]

    class ExerciseChosen(Message):
        """The user chose an exercise to start (the app runs the practice)."""

        def __init__(self, exercise: Card) -> None:
            super().__init__()
            self.exercise = exercise

    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (70, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [
        (0, "-short"),
        (18, "-tall"),
    ]
    AUTO_FOCUS = "#filter"

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[Card] = []
        self._detail_id: str | None = None
        self._logging = False
        """The log entry was pressed: when the log closes, the filter has the focus again."""
        self._fitted: dict[tuple[str, float], tuple[Exercise, Length]] = {}
        """Lengths fitted so far, by id and minutes (with the exercise they were fitted from)."""
        self._lengths_key: object = None
        """What the lengths listed depend on (see _lengths_in_use)."""

    @property
    def exercises(self) -> list[Card]:
        """The whole library."""
        return list(numbtui_app(self).context.cards)

    @property
    def shown(self) -> list[Card]:
        """The exercises the filter lets through, in the order listed."""
        return list(self._shown)

    @property
    def highlighted(self) -> Card | None:
        """The exercise under the cursor, if any."""
        option = self.query_one(ExerciseList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((e for e in self._shown if e.id == option.id), None)

    def compose(self) -> ComposeResult:
        # The terminal's size is known already: with the layout classes taken now, the first
        # frame has the right layout, and the first resize need not restyle every widget.
        width, height = self.app.size
        for breakpoints, size in (
            (self.HORIZONTAL_BREAKPOINTS, width),
            (self.VERTICAL_BREAKPOINTS, height),
        ):
            for at_least, name in sorted(breakpoints or [], reverse=True):
                if size >= at_least:
                    self.add_class(name, update=False)
                    break
        with Horizontal(id="home-top"):
            yield Static("numbtui · choose a practice", id="home-title", markup=False)
            # A moment can be noted without an exercise: first on the screen, one click away.
            yield Button(LOG_ENTRY, id="home-log", compact=True)
        # Not selected on focus: typing in the list comes here and adds to what is there.
        yield FilterInput(
            placeholder="Type to filter: a word, a tag like breath",
            id="filter",
            select_on_focus=False,
        )
        with Horizontal(id="home-body"):
            yield ExerciseList(id="exercises")
            yield VerticalScroll(id="detail")
        yield Static("", id="home-empty", markup=False)
        yield FittedFooter()

    def on_mount(self) -> None:
        self._apply_filter("", detail=False)
        # The pane holds most of the screen's widgets, so it waits until the list is drawn.
        self.call_after_refresh(self._show_highlighted)

    def on_resize(self, event: events.Resize) -> None:
        # Imported here: the first frame is drawn before the first resize, and sooner
        # without the player's widgets module.
        from numbtui.tui.widgets.progress import fit_footer

        fit_footer(self.query_one(Footer), event.size.width)
        if not self.has_class("-narrow"):
            self.remove_class("-reading")  # the pane is beside the list again
        self.refresh_bindings()

    def on_key(self, event: events.Key) -> None:
        """Typing anywhere on home types in the filter, as the filter box itself would."""
        if isinstance(self.focused, Input) or event.character is None:
            return
        if not event.character.isprintable():
            return
        event.stop()
        event.prevent_default()
        if self.has_class("-reading"):
            self.action_close_detail()
        box = self.query_one(FilterInput)
        box.focus()
        box.cursor_position = len(box.value)
        box.insert_text_at_cursor(event.character)

    def refresh_listing(self) -> None:
        """Show the exercises again (the library changed since they were listed)."""
        self._detail_id = None
        self._apply_filter(self.query_one(FilterInput).value)

    def length_of(self, card: Card) -> Length:
        """The length ``card``'s exercise will have: fitted to the minutes in use
        (numbtui.lengths), or as written while the library and settings are not read yet."""
        app = numbtui_app(self)
        context = app.context
        if not context.ready:  # reading them here would hold up the first screen
            return card.length
        exercise = context.library.get(card.id)
        if exercise is None:
            return card.length
        minutes = app.minutes_for(exercise)
        if not minutes:
            return card.length
        known = self._fitted.get((card.id, minutes))
        if known is not None and known[0] is exercise:
            return known[1]
        length = length_of(exercise, minutes)
        self._fitted[(card.id, minutes)] = (exercise, length)
        return length

    def _lengths_in_use(self) -> object:
        # None while the written lengths are the ones in use: not read yet, or nothing set.
        app = numbtui_app(self)
        if not app.context.ready:
            return None
        asked, saved = app.context.options.minutes, app.prefs.minutes
        return (asked, sorted(saved.items())) if asked or saved else None

    def refresh_lengths(self) -> None:
        """List the exercises again if the lengths in use changed since they were listed (the
        settings were read, or a default length was changed), keeping the one highlighted."""
        if self._lengths_in_use() == self._lengths_key:
            return
        highlighted = self.highlighted
        self._detail_id = None
        self._apply_filter(self.query_one(FilterInput).value, detail=False)
        listing = self.query_one(ExerciseList)
        if highlighted is not None:
            for index, option in enumerate(listing.options):
                if option.id == highlighted.id:
                    listing.highlighted = index
                    break
        self._show_detail(self.highlighted)

    def _show_highlighted(self) -> None:
        self._show_detail(self.highlighted)

    def _apply_filter(self, query: str, *, detail: bool = True) -> None:
        matching = {e.id: e for e in filter_exercises(self.exercises, query)}
        self._lengths_key = self._lengths_in_use()
        options = list_options(list(matching.values()), length_of=self.length_of)
        # Remember them in the order listed (grouped), so "first" means the top of the list.
        self._shown = [matching[o.id] for o in options if o.id in matching]
        listing = self.query_one(ExerciseList)
        listing.set_options(options)
        empty = self.query_one("#home-empty", Static)
        if not self.exercises:
            empty.update("There are no exercises to show. `numbtui paths` says where to add some.")
        elif not self._shown:
            empty.update(f"Nothing matches “{query.strip()}”. Escape clears the filter.")
        else:
            empty.update("")
        empty.display = not self._shown
        if self._shown:
            listing.highlighted = next(i for i, o in enumerate(options) if not o.disabled)
            listing.scroll_home(animate=False)  # keep the first group's heading in view
        if detail:
            self._show_detail(self.highlighted)

    def _show_detail(self, exercise: Card | None) -> None:
        if exercise is not None and exercise.id == self._detail_id:
            return
        self._detail_id = None if exercise is None else exercise.id
        detail = self.query_one("#detail", VerticalScroll)
        detail.remove_children()
        if exercise is not None:
            detail.mount_all(detail_widgets(exercise, self.length_of))
        detail.scroll_home(animate=False)

    @on(Button.Pressed, "#home-log")
    async def _log_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._logging = True
        await self.app.run_action("app.log")

    def on_screen_resume(self) -> None:
        # Back from the settings screen, a default length may have changed.
        self.refresh_lengths()
        # Back from the log: left on the entry, Enter would open the log again instead of
        # starting the highlighted exercise, and typing would not reach the filter.
        if self._logging:
            self._logging = False
            self.query_one(FilterInput).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    @on(OptionList.OptionHighlighted, "#exercises")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(self.highlighted)

    @on(OptionList.OptionSelected, "#exercises")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def action_start(self) -> None:
        """Start the highlighted exercise (check-in, player, rating)."""
        exercise = self.highlighted
        if exercise is None:
            return
        self.post_message(self.ExerciseChosen(exercise))

    def action_move(self, direction: int) -> None:
        """Move the list's cursor while the filter has focus."""
        listing = self.query_one(ExerciseList)
        if direction > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_move_page(self, direction: int) -> None:
        """Move the list's cursor by a page while the filter has focus."""
        listing = self.query_one(ExerciseList)
        if direction > 0:
            listing.action_page_down()  # type: ignore[no-untyped-call]
        else:
            listing.action_page_up()  # type: ignore[no-untyped-call]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "About" only means something where the pane is hidden: in a narrow terminal.
        if action == "toggle_detail":
            return self.has_class("-narrow")
        if action == "close_detail":
            return self.has_class("-reading")
        return True

    def action_toggle_detail(self) -> None:
        """In a narrow terminal: the highlighted exercise's details in place of the list."""
        if self.has_class("-reading"):
            self.action_close_detail()
        elif self.highlighted is not None:
            self._show_detail(self.highlighted)
            self.add_class("-reading")
            self.query_one("#detail", VerticalScroll).focus()
            self.refresh_bindings()

    def action_close_detail(self) -> None:
        """Back from the details to the list."""
        self.remove_class("-reading")
        self.query_one(ExerciseList).focus()
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        """Empty the filter (Escape in the filter)."""
        self.query_one(FilterInput).value = ""

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one(FilterInput).focus()
