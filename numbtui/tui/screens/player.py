"""The player screen: one exercise, step by step, with the breathing pacer.

The screen only shows :meth:`Session.snapshot`; all timing lives in the session and its
injected clock. A one-shot timer asks for the next snapshot when something visible is due to
change (``Snapshot.next_visible_change``), at most a second later so the session's gap rule
can tell a stopped process from a quiet screen, and every eighth of a second while the pacer
animates. Widgets repaint only when what they show changes, so the app idles between.

Keys: space pauses and goes on (and skips the get-ready lead-in), n/→ and p/← move between
steps, Enter continues a prompt that waits, q or Escape stop at once. Another screen covering
the player (support, keys, the command palette) pauses the exercise; it goes on when the user
presses space.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from numbtui.durations import format_duration
from numbtui.exercise import BreatheStep, PromptStep, WalkStep
from numbtui.session import Session, Snapshot, Status
from numbtui.settings import Settings
from numbtui.tui.widgets.pacer import Pacer
from numbtui.tui.widgets.progress import PracticeProgress, ProgressView, Readout, fit_footer

if TYPE_CHECKING:
    from numbtui.exercise import Exercise

ANIMATION_INTERVAL = 1 / 8
"""Seconds between pacer frames while it animates."""
MAX_INTERVAL = 1.0
"""The session needs a reading at least this often while live (its gap rule)."""
MIN_INTERVAL = 0.02
BOUNDARY_MARGIN = 0.01
"""Read a little after a boundary, so the snapshot is already past it."""
FLASH_SECONDS = 0.3

WAIT_HINT = "Press Enter when you're ready to go on"
_LIVE = frozenset({Status.LEAD_IN, Status.RUNNING, Status.WAITING})


def _text_key(snapshot: Snapshot) -> tuple[object, ...]:
    """Changes exactly when some text on the screen changes (the pacer keeps its own)."""
    # Elapsed is shown in whole seconds; with a fractional total it can tick over at other
    # moments than the countdowns in visible_key.
    return (snapshot.visible_key, math.floor(snapshot.elapsed))


class PlayerScreen(Screen[None]):
    """Plays ``session`` (made from ``exercise``); dismisses when the session is over."""

    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (60, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [
        (0, "-short"),
        (18, "-tall"),
    ]

    # One key per idea; space means "go" or "wait" depending on the moment, so three bindings
    # share it and check_action shows the one that applies (with its own word in the Footer).
    # Stop comes first so it stays in the Footer however narrow the terminal is.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "stop", "Stop", key_display="q/esc"),
        Binding("escape", "stop", "Stop", show=False),
        Binding("space", "begin", "Begin now"),
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Go on"),
        # The app's F2 (a priority binding) takes this place in the Footer, so "Support"
        # comes before the secondary keys and stays visible on a narrow terminal.
        Binding("f2", "app.support", "Support"),
        Binding("enter", "continue", "Go on"),
        Binding("n", "next_step", "Next"),
        Binding("right", "next_step", "Next", show=False),
        Binding("p", "previous_step", "Back"),
        Binding("left", "previous_step", "Back", show=False),
    ]

    def __init__(self, exercise: Exercise, session: Session, *, title: str | None = None) -> None:
        super().__init__()
        self.exercise = exercise
        self.session = session
        self.heading = title if title is not None else exercise.title
        self._snapshot: Snapshot | None = None
        self._timer: Timer | None = None
        self.tick_delay: float | None = None
        """Seconds until the next scheduled reading; None while paused or over."""
        self._cue_key: tuple[object, ...] | None = None
        self._dismissed = False

    @property
    def prefs(self) -> Settings:
        """The settings in force (the app's, or the defaults in a bare test app)."""
        prefs = getattr(self.app, "prefs", None)
        return prefs if isinstance(prefs, Settings) else Settings()

    @property
    def motion(self) -> bool:
        """False when the user asked for reduced motion."""
        return not self.prefs.reduce_motion and self.app.animation_level != "none"

    @property
    def snapshot(self) -> Snapshot | None:
        """The snapshot shown now."""
        return self._snapshot

    def compose(self) -> ComposeResult:
        yield Readout(self.heading, id="player-title")
        with Vertical(id="player-main"):
            yield Readout(id="step-text")
            yield Readout(id="step-hint")
            yield Pacer(motion=self.motion, id="pacer")
            yield Readout(id="step-extra")
            yield Readout(id="step-countdown")
            yield Readout(id="player-status")
        yield PracticeProgress(id="player-progress")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._show(self.session.start())

    # -- the clock ------------------------------------------------------------------------------

    def tick(self) -> Snapshot:
        """Read the session now, show it and schedule the next reading."""
        snapshot = self.session.snapshot()
        self._show(snapshot)
        return snapshot

    def _schedule(self, snapshot: Snapshot) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.tick_delay = None
        if snapshot.status not in _LIVE:
            return  # paused or over: nothing moves until a key is pressed
        delay = snapshot.next_visible_change
        delay = MAX_INTERVAL if delay is None else min(delay + BOUNDARY_MARGIN, MAX_INTERVAL)
        if snapshot.breath is not None and self.motion:
            delay = min(delay, ANIMATION_INTERVAL)
        self.tick_delay = max(delay, MIN_INTERVAL)
        self._timer = self.set_timer(self.tick_delay, self.tick, name="player-tick")

    # -- showing a snapshot ---------------------------------------------------------------------

    def _show(self, snapshot: Snapshot) -> None:
        previous = self._snapshot
        self._snapshot = snapshot
        if snapshot.over:
            self._finish()
            return
        if previous is None or previous.status != snapshot.status:
            self.refresh_bindings()
        self.set_class(snapshot.status is Status.PAUSED, "-paused")
        self._cue(snapshot)
        if previous is None or _text_key(previous) != _text_key(snapshot):
            self._show_text(snapshot)
        self.query_one(Pacer).show(snapshot.breath)
        self._schedule(snapshot)

    def _show_text(self, snapshot: Snapshot) -> None:
        live = snapshot.resume_status if snapshot.status is Status.PAUSED else snapshot.status
        step = snapshot.step
        text = hint = extra = countdown = status = ""
        if live is Status.LEAD_IN:
            text = "Get ready"
            seconds = math.ceil(snapshot.lead_in_remaining or 0)
            countdown = f"Beginning in {seconds}"
            status = "Press space to begin now"
        else:
            text = step.text
            if isinstance(step, PromptStep):
                hint = step.hint or ""
                if step.waits:
                    extra = WAIT_HINT
            elif isinstance(step, WalkStep):
                extra = step.cadence or ""
            if snapshot.step_remaining is not None:
                left = format_duration(math.ceil(snapshot.step_remaining))
                countdown = f"{left} left in this step"
        if snapshot.status is Status.PAUSED:
            reason = "Paused while you were away" if snapshot.paused_by_gap else "Paused"
            status = f"{reason} · press space to go on"
        self._set_text("#step-text", text)
        self._set_text("#step-hint", hint)
        self._set_text("#step-extra", extra)
        self._set_text("#step-countdown", countdown)
        self._set_text("#player-status", status)
        pacer = self.query_one(Pacer)
        pacer.display = isinstance(step, BreatheStep) and live is Status.RUNNING
        self.query_one(PracticeProgress).view = ProgressView(
            step_number=snapshot.step_index + 1,
            step_count=snapshot.step_count,
            elapsed=math.floor(snapshot.elapsed),
            total=math.ceil(snapshot.total),
            open_ended=self.exercise.waits_for_user,
        )

    def _set_text(self, selector: str, text: str) -> None:
        readout = self.query_one(selector, Readout)
        readout.text = text
        readout.display = bool(text)

    def _cue(self, snapshot: Snapshot) -> None:
        """Ring the bell and flash at each new step and breath phase (if the bell is on)."""
        breath = snapshot.breath
        lead = snapshot.lead_in_remaining is not None
        key = (
            lead,
            snapshot.step_index,
            None if breath is None else (breath.cycle, breath.phase_index),
        )
        if snapshot.status is Status.PAUSED:
            # Pausing hides nothing new; the cue waits for real movement.
            return
        previous, self._cue_key = self._cue_key, key
        if previous is None or previous == key or not self.prefs.bell:
            return
        self.app.bell()
        main = self.query_one("#player-main")
        main.add_class("-flash")
        self.set_timer(FLASH_SECONDS, lambda: main.remove_class("-flash"))

    def _finish(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.tick_delay = None
        if self._dismissed or not self.is_current:
            return
        self._dismissed = True
        self.dismiss(None)

    # -- keys -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        snapshot = self._snapshot
        if snapshot is None:
            return True
        status = snapshot.status
        if action == "begin":
            return status is Status.LEAD_IN
        if action == "pause":
            return status in (Status.RUNNING, Status.WAITING)
        if action == "resume":
            return status is Status.PAUSED
        if action == "continue":
            return status is Status.WAITING
        return True

    def action_begin(self) -> None:
        """Skip the get-ready lead-in."""
        self._show(self.session.skip_lead_in())

    def action_pause(self) -> None:
        """Pause: the clock stops until space is pressed again."""
        self._show(self.session.pause())

    def action_resume(self) -> None:
        """Go on from where the pause began."""
        self._show(self.session.resume())

    def action_continue(self) -> None:
        """Continue from a prompt that waits for a key."""
        self._show(self.session.continue_prompt())

    def action_next_step(self) -> None:
        """Move to the next step (the last step finishes the exercise)."""
        self._show(self.session.next_step())

    def action_previous_step(self) -> None:
        """Start the previous step again (the first step restarts)."""
        self._show(self.session.previous_step())

    def action_stop(self) -> None:
        """Stop at once: no question asked, the practice so far is kept."""
        self._show(self.session.stop())

    # -- other screens --------------------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        # Support, keys or the palette cover the exercise: it waits for the user, who goes on
        # with space when ready (no surprise restart when the cover closes).
        if not self.session.over:
            self._show(self.session.pause())

    def on_resize(self, event: events.Resize) -> None:
        fit_footer(self.query_one(Footer), event.size.width, palette=False)

    def on_screen_resume(self) -> None:
        if self._snapshot is not None:
            self._show(self.session.snapshot())
