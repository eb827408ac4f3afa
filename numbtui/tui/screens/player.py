"""The player screen: one exercise, step by step, with the breathing pacer.

The screen only shows :meth:`Session.snapshot`; all timing lives in the session and its
injected clock. A one-shot timer asks for the next snapshot when something visible is due to
change: a countdown digit or a phase (``Snapshot.next_visible_change``) or the next move of
the pacer's bar (:meth:`Pacer.until_next_move`), and at most a second later, so the session's
gap rule can tell a stopped process from a quiet screen. Widgets repaint only when what they
show changes, and only themselves (no layout pass unless a text needs a new size), so the app
idles between.

Keys: space pauses and goes on (and skips the get-ready lead-in), n/→ and p/← move between
steps, Enter continues a prompt that waits, q or Escape stop at once. Another screen covering
the player (support, keys, the command palette) pauses the exercise; it goes on when the user
presses space.
"""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from numbtui.durations import format_duration
from numbtui.exercise import BreatheStep, PromptStep, WalkStep
from numbtui.session import Session, Snapshot, Status
from numbtui.settings import Settings
from numbtui.tui.widgets.pacer import Pacer
from numbtui.tui.widgets.progress import PracticeProgress, ProgressView, Readout, fit_footer

if TYPE_CHECKING:
    from numbtui.exercise import Exercise

MAX_INTERVAL = 1.0
"""The session needs a reading at least this often while live (its gap rule)."""
MIN_INTERVAL = 0.02
BOUNDARY_MARGIN = 0.005
"""Read a little after a boundary, so the snapshot is already past it."""
FLASH_SECONDS = 0.3

WAIT_HINT = "Press Enter when you're ready to go on"
_LIVE = frozenset({Status.LEAD_IN, Status.RUNNING, Status.WAITING})


def _text_key(snapshot: Snapshot) -> tuple[object, ...]:
    """Changes exactly when some text on the screen changes (the pacer keeps its own)."""
    # Elapsed is shown in whole seconds; with a fractional total it can tick over at other
    # moments than the countdowns in visible_key.
    return (snapshot.visible_key, math.floor(snapshot.elapsed))


def _scene_key(snapshot: Snapshot) -> tuple[object, ...]:
    """Changes when the words on the screen change, not just the seconds they count."""
    return (
        snapshot.status,
        snapshot.resume_status,
        snapshot.paused_by_gap,
        snapshot.step_index,
        snapshot.lead_in_remaining is None,
    )


def _raise(error: Exception) -> None:
    raise error


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
        Binding("p", "previous_step", "Previous"),
        Binding("left", "previous_step", "Previous", show=False),
    ]

    def __init__(self, exercise: Exercise, session: Session, *, title: str | None = None) -> None:
        super().__init__()
        self.exercise = exercise
        self.session = session
        self.heading = title if title is not None else exercise.title
        self._snapshot: Snapshot | None = None
        self._reading: asyncio.TimerHandle | None = None
        """The next scheduled reading of the session."""
        self.tick_delay: float | None = None
        """Seconds until the next scheduled reading; None while paused or over."""
        self._cue_key: tuple[object, ...] | None = None
        self._text_key: tuple[object, ...] | None = None
        """What the text read-outs show now (see _text_key)."""
        self._scene_key: tuple[object, ...] | None = None
        self._open_ended = exercise.waits_for_user
        self._dismissed = False
        self._pacer = Pacer(id="pacer")
        self._progress = PracticeProgress(id="player-progress")
        self._readouts = {
            name: Readout(id=name)
            for name in ("step-text", "step-hint", "step-extra", "step-countdown", "player-status")
        }

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
        readouts = self._readouts
        self._pacer.motion = self.motion  # the app's settings are known from here on
        with Vertical(id="player-main"):
            yield readouts["step-text"]
            yield readouts["step-hint"]
            yield self._pacer
            yield readouts["step-extra"]
            yield readouts["step-countdown"]
            yield readouts["player-status"]
        yield self._progress
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
        self._cancel_reading()
        if snapshot.status not in _LIVE:
            return  # paused or over: nothing moves until a key is pressed
        due = [snapshot.next_visible_change]
        if snapshot.breath is not None:
            due.append(self._pacer.until_next_move(snapshot.breath))
        delay = min((d + BOUNDARY_MARGIN for d in due if d is not None), default=MAX_INTERVAL)
        delay = min(delay, MAX_INTERVAL)
        self.tick_delay = max(delay, MIN_INTERVAL)
        # A bare event-loop callback rather than a Textual timer: a Timer per reading costs a
        # task and a message hop, which is most of a reading's cost when nothing else changes.
        loop = asyncio.get_running_loop()
        self._reading = loop.call_at(loop.time() + self.tick_delay, self._read_when_due)

    def _read_when_due(self) -> None:
        self._reading = None
        try:
            self.tick()
        except Exception as error:
            self.call_next(_raise, error)

    def _cancel_reading(self) -> None:
        if self._reading is not None:
            self._reading.cancel()
            self._reading = None
        self.tick_delay = None

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
        text_key = _text_key(snapshot)
        if text_key != self._text_key:
            self._text_key = text_key
            self._show_text(snapshot)
        self._pacer.show(snapshot.breath)
        self._schedule(snapshot)

    def _show_text(self, snapshot: Snapshot) -> None:
        live = snapshot.resume_status if snapshot.status is Status.PAUSED else snapshot.status
        readouts = self._readouts
        if live is Status.LEAD_IN:
            countdown = f"Beginning in {math.ceil(snapshot.lead_in_remaining or 0)}"
        elif snapshot.step_remaining is not None:
            countdown = f"{format_duration(math.ceil(snapshot.step_remaining))} left in this step"
        else:
            countdown = ""
        readouts["step-countdown"].show(countdown)
        scene_key = _scene_key(snapshot)
        if scene_key != self._scene_key:
            # Most changes are only the seconds; the words change with the step or status.
            self._scene_key = scene_key
            self._show_scene(snapshot, live)
        self._progress.view = ProgressView(
            step_number=snapshot.step_index + 1,
            step_count=snapshot.step_count,
            elapsed=math.floor(snapshot.elapsed),
            total=math.ceil(snapshot.total),
            open_ended=self._open_ended,
        )

    def _show_scene(self, snapshot: Snapshot, live: Status | None) -> None:
        step = snapshot.step
        text = hint = extra = status = ""
        if live is Status.LEAD_IN:
            text = "Get ready"
            status = "Press Space to begin now"
        else:
            text = step.text
            if isinstance(step, PromptStep):
                hint = step.hint or ""
                if step.waits:
                    extra = WAIT_HINT
            elif isinstance(step, WalkStep):
                extra = step.cadence or ""
        if snapshot.status is Status.PAUSED:
            reason = "Paused while you were away" if snapshot.paused_by_gap else "Paused"
            status = f"{reason} · press Space to go on"
        readouts = self._readouts
        readouts["step-text"].show(text)
        readouts["step-hint"].show(hint)
        readouts["step-extra"].show(extra)
        readouts["player-status"].show(status)
        pacer_shown = isinstance(step, BreatheStep) and live is Status.RUNNING
        if self._pacer.display != pacer_shown:
            self._pacer.display = pacer_shown

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
        if previous != key:
            self._trace(snapshot)
        if previous is None or previous == key or not self.prefs.bell:
            return
        self.app.bell()
        main = self.query_one("#player-main")
        main.add_class("-flash")
        self.set_timer(FLASH_SECONDS, lambda: main.remove_class("-flash"))

    def _trace(self, snapshot: Snapshot) -> None:
        """Log a step, phase or end as it is shown, with how late it is (benchmarks only)."""
        context = getattr(self.app, "context", None)
        trace = getattr(context, "trace_file", None)
        if not isinstance(trace, Path):
            return
        breath = snapshot.breath
        entry = {
            "t": context.clock(),  # type: ignore[union-attr]
            "status": snapshot.status.value,
            "step": snapshot.step_index,
            "cycle": None if breath is None else breath.cycle,
            "phase": None if breath is None else breath.phase.value,
            "late": breath.phase_elapsed if breath is not None else snapshot.step_elapsed,
            "elapsed": snapshot.elapsed,
            "practised": snapshot.practised,
        }
        with trace.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")

    def _finish(self) -> None:
        if self._snapshot is not None and not self._dismissed:
            self._trace(self._snapshot)
        self._cancel_reading()
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

    def on_unmount(self) -> None:
        self._cancel_reading()

    def on_pacer_resized(self) -> None:
        # The bar has another number of cells now, moving at other moments: read again.
        if self._snapshot is not None and not self._snapshot.over:
            self.tick()

    def on_screen_resume(self) -> None:
        if self._snapshot is not None:
            self._show(self.session.snapshot())
