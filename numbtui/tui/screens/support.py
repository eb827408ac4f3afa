"""The support screen (F2 from anywhere): what numbtui is not, when to seek help, and where.

It covers whatever was on screen; covering the player pauses the exercise, and closing this
screen (Escape, F2 or q) goes back to it. The contacts are read in a thread from the bundled
file and the user's own ``support.yaml``; a bad user file gives a notice, never an empty list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from numbtui.support import FALLBACK, Contact, SupportContacts, load_contacts
from numbtui.tui.dismiss import DismissOnce
from numbtui.tui.owner import numbtui_app
from numbtui.tui.widgets.footer import FittedFooter

if TYPE_CHECKING:
    from numbtui.tui.app import NumbtuiApp

PRACTICE_TOOL = (
    "numbtui is a practice tool. It is not a substitute for professional care, "
    "and it cannot give a diagnosis."
)


WHEN = (
    "It is worth talking to a doctor or therapist if the numbness lasts more than about two weeks.",
    "Feeling unreal, outside your body, or that your memories are not yours is something "
    "a professional should assess. It is more common than many people think.",
    "If you might hurt yourself, or you are in danger, reach out now: your local emergency "
    "number, or call or text 988 in the US.",
)

PAUSED = "Your exercise is paused and will wait for you."
CLOSE_HINT = "Escape, F2 or q takes you back."


class SupportScreen(DismissOnce[None]):
    """Calm, plain information about where to find help."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("q", "close", "Back", show=False),
    ]

    @property
    def numbtui(self) -> NumbtuiApp:
        """The app, with numbtui's attributes."""
        return numbtui_app(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="support-body", classes="care-body", can_focus=True):
            yield Static("Support", classes="care-title")
            yield Static(PRACTICE_TOOL, classes="care-lead", markup=False)
            yield Static("Where to find help", classes="care-heading")
            # The essential contacts show at once; the full list replaces them when read.
            yield Vertical(*contact_widgets(FALLBACK), id="support-contacts")
            yield Static("When it is worth reaching out", classes="care-heading")
            for line in WHEN:
                with Horizontal(classes="care-bullet"):
                    yield Static("•", classes="bullet")
                    yield Static(line, classes="bullet-text", markup=False)
            hint = f"{PAUSED} {CLOSE_HINT}" if self._exercise_paused() else CLOSE_HINT
            yield Static(hint, id="support-hint", classes="muted", markup=False)
        yield FittedFooter()

    def on_mount(self) -> None:
        self.load_contacts()

    def _exercise_paused(self) -> bool:
        practice = self.numbtui.practice
        return practice is not None and not practice.session.over

    @work(thread=True, exclusive=True, group="support-contacts", exit_on_error=False)
    def load_contacts(self) -> None:
        """Read the contacts off the UI thread, then show them."""
        found = load_contacts()
        self.app.call_from_thread(self.show_contacts, found)

    def show_contacts(self, found: SupportContacts) -> None:
        """Fill in the contacts, and mention a user file that could not be read."""
        box = self.query_one("#support-contacts", Vertical)
        box.remove_children()
        box.mount_all(contact_widgets(found.contacts))
        for problem in found.problems:
            self.notify(
                f"{problem}\nThe contacts that come with numbtui are still shown.",
                title="Support contacts not read",
                severity="warning",
                markup=False,
                timeout=12,
            )

    def action_close(self) -> None:
        """Go back to where you were."""
        self.dismiss(None)


def contact_widgets(contacts: tuple[Contact, ...]) -> list[Static]:
    """One block per contact; the text comes from files, so it is never markup."""
    widgets: list[Static] = []
    for contact in contacts:
        name = f"{contact.name} ({contact.region})" if contact.region else contact.name
        widgets.append(Static(name, classes="contact-name", markup=False))
        widgets.append(Static(contact.how, classes="contact-how", markup=False))
        if contact.details:
            widgets.append(Static(contact.details, classes="contact-details", markup=False))
    return widgets
