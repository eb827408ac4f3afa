"""The player screen: one exercise, step by step, with the breathing pacer.

The screen only draws. A :class:`~numbtui.conductor.Conductor` owns the one timer: it reads
the :class:`~numbtui.session.Session` when something is due (a boundary, a countdown digit, the
pacer's next cell, and at least once a second for the gap rule) and tells its listeners, this
screen among them, the bell, the trace and any sound. The words come from
:func:`numbtui.scene.describe`, shared with the plain mode. Widgets repaint only when what they
show changes, and only themselves (no layout pass unless a text needs a new size), so the app
idles between readings.

Keys: space pauses and goes on (and skips the get-ready lead-in), n/→ and p/← move between
steps, Enter continues a prompt that waits, q or Escape stop at once, F5 ("feels worse")
pauses and offers an eyes-open way out (``numbtui.tui.screens.way_out``). Another screen covering
the player (support, keys, the command palette) pauses the exercise; it goes on when the user
presses space.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from numbtui.conductor import Cancel, Conductor, Listener
from numbtui.cues import Change
from numbtui.exercise import BreatheStep
from numbtui.lengths import Progress
from numbtui.listeners import Bell, Trace
from numbtui.scene import describe, live_status
from numbtui.session import Session, Snapshot, Status
from numbtui.settings import Settings
from numbtui.tui.owner import numbtui_app
from numbtui.tui.screens.way_out import EYES_OPEN, WAY_OUT_KEY, WAY_OUT_WORDS, Choice, WayOut
from numbtui.tui.widgets.footer import FittedFooter
from numbtui.tui.widgets.pacer import Pacer
from numbtui.tui.widgets.progress import PracticeProgress, ProgressView, Readout, fit_footer

if TYPE_CHECKING:
    from numbtui.exercise import Exercise

FLASH_SECONDS = 0.3


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


def loop_schedule(
    on_error: Callable[[Exception], None],
) -> Callable[[float, Callable[[], None]], Cancel]:
    """The conductor's timer on the running event loop.

    A bare event-loop callback rather than a Textual timer: a Timer per reading costs a task
    and a message hop, which is most of a reading's cost when nothing else changes.
    """

    def schedule(delay: float, callback: Callable[[], None]) -> Cancel:
        def run() -> None:
            try:
                callback()
            except Exception as error:  # surfaced through the app, not lost in the loop
                on_error(error)

        loop = asyncio.get_running_loop()
        return loop.call_at(loop.time() + delay, run).cancel

    return schedule


class PlayerScreen(Screen[Choice | None]):
    """Plays ``session`` (made from ``exercise``); dismisses when the session is over.

    The result is :attr:`Choice.GROUND` when the person took the eyes-open way out (the
    practice flow then plays it), None otherwise.
    """

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
        # Next to Support, so it stays in the Footer on a narrow terminal. Not a letter: it
        # must never be hit by chance.
        Binding(WAY_OUT_KEY, "way_out", WAY_OUT_WORDS),
        # A prompt that waits says "Press Enter…" in its own words, so the Footer keeps its
        # room for the keys nothing else names.
        Binding("enter", "continue", "Go on", show=False),
        Binding("n", "next_step", "Next"),
        Binding("right", "next_step", "Next", show=False),
        Binding("p", "previous_step", "Previous"),
        Binding("left", "previous_step", "Previous", show=False),
    ]

    def __init__(
        self,
        exercise: Exercise,
        session: Session,
        *,
        title: str | None = None,
        listeners: Iterable[Listener] = (),
    ) -> None:
        super().__init__()
        self.exercise = exercise
        self.session = session
        self.heading = title if title is not None else exercise.title
        self._extra_listeners = tuple(listeners)
        self.conductor: Conductor | None = None
        """The practice's one timer, made when the screen is mounted (it needs the loop)."""
        self._snapshot: Snapshot | None = None
        self._text_key: tuple[object, ...] | None = None
        """What the text read-outs show now (see _text_key)."""
        self._scene_key: tuple[object, ...] | None = None
        self._open_ended = exercise.waits_for_user
        self._length_progress: Progress | None = None
        """Elapsed and total on the scale every screen shows lengths in (numbtui.lengths)."""
        self._dismissed = False
        self.outcome: Choice | None = None
        """Choice.GROUND once the person chose the eyes-open way out."""
        self._pacer = Pacer(id="pacer")
        self._progress = PracticeProgress(id="player-progress")
        self._readouts = {
            name: Readout(id=name)
            for name in ("step-text", "step-hint", "step-extra", "step-countdown", "player-status")
        }

    @property
    def prefs(self) -> Settings:
        """The settings in force."""
        return numbtui_app(self).prefs

    @property
    def motion(self) -> bool:
        """False when the user asked for reduced motion."""
        return not self.prefs.reduce_motion and self.app.animation_level != "none"

    @property
    def snapshot(self) -> Snapshot | None:
        """The snapshot shown now."""
        return self._snapshot

    @property
    def tick_delay(self) -> float | None:
        """Seconds until the next scheduled reading; None while paused or over."""
        return None if self.conductor is None else self.conductor.delay

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
        yield FittedFooter(show_command_palette=False)

    def on_mount(self) -> None:
        listeners: list[Listener] = [self, Bell(self._ring, enabled=lambda: self.prefs.bell)]
        context = numbtui_app(self).context
        if context.trace_file is not None:
            listeners.append(Trace(context.trace_file, context.clock))
        listeners.extend(self._extra_listeners)
        schedule = context.schedule or loop_schedule(lambda error: self.call_next(_raise, error))
        self.conductor = Conductor(self.session, schedule, listeners)
        self.conductor.start()

    # -- the conductor's listener ---------------------------------------------------------------

    def tick(self) -> Snapshot:
        """Read the session now (through the conductor, so every listener hears it)."""
        if self.conductor is None:
            return self.session.snapshot()
        return self.conductor.read()

    def heard(self, snapshot: Snapshot, changes: Sequence[Change]) -> None:
        """Show ``snapshot``; dismiss the screen once the practice is over."""
        previous = self._snapshot
        self._snapshot = snapshot
        if snapshot.over:
            self._finish()
            return
        if previous is None or previous.status != snapshot.status:
            self.refresh_bindings()
            self.set_class(snapshot.status is Status.PAUSED, "-paused")
        text_key = _text_key(snapshot)
        if text_key != self._text_key:
            self._text_key = text_key
            self._show_text(snapshot)
        self._pacer.show(snapshot.breath)

    def next_reading(self, snapshot: Snapshot) -> float | None:
        """When the pacer's bar next moves by itself (the conductor reads then too)."""
        return None if snapshot.breath is None else self._pacer.until_next_move(snapshot.breath)

    def _show_text(self, snapshot: Snapshot) -> None:
        scene = describe(snapshot)
        readouts = self._readouts
        readouts["step-countdown"].show(scene.countdown)
        # A walking step's beat moves every second, like the countdown (unchanged: no repaint).
        readouts["step-extra"].show(scene.extra)
        scene_key = _scene_key(snapshot)
        if scene_key != self._scene_key:
            # Most changes are only the seconds; the words change with the step or status.
            self._scene_key = scene_key
            readouts["step-text"].show(scene.text)
            readouts["step-hint"].show(scene.hint)
            readouts["player-status"].show(scene.status)
            shown = isinstance(snapshot.step, BreatheStep) and live_status(snapshot) is (
                Status.RUNNING
            )
            if self._pacer.display != shown:
                self._pacer.display = shown
        progress = self._length_progress
        if progress is None:
            progress = self._length_progress = Progress.of(snapshot.plan)
        self._progress.view = ProgressView(
            step_number=snapshot.step_index + 1,
            step_count=snapshot.step_count,
            elapsed=math.floor(progress.elapsed(snapshot)),
            total=math.ceil(progress.total),
            open_ended=self._open_ended,
        )

    def _ring(self) -> None:
        """The bell listener's way to ring: the terminal bell and a short flash."""
        self.app.bell()
        main = self.query_one("#player-main")
        main.add_class("-flash")
        self.set_timer(FLASH_SECONDS, lambda: main.remove_class("-flash"))

    def _finish(self) -> None:
        if self.conductor is not None:
            self.conductor.close()
        if self._dismissed or not self.is_current:
            return
        self._dismissed = True
        self.dismiss(self.outcome)

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
        self._command(Conductor.skip_lead_in)

    def action_pause(self) -> None:
        """Pause: the clock stops until space is pressed again."""
        self._command(Conductor.pause)

    def action_resume(self) -> None:
        """Go on from where the pause began."""
        self._command(Conductor.resume)

    def action_continue(self) -> None:
        """Continue from a prompt that waits for a key."""
        self._command(Conductor.continue_prompt)

    def action_next_step(self) -> None:
        """Move to the next step (the last step finishes the exercise)."""
        self._command(Conductor.next_step)

    def action_previous_step(self) -> None:
        """Start the previous step again (the first step restarts)."""
        self._command(Conductor.previous_step)

    def action_stop(self) -> None:
        """Stop at once: no question asked, the practice so far is kept."""
        self._command(Conductor.stop)

    def action_way_out(self) -> None:
        """This feels worse or unreal: pause at once and offer an eyes-open way out."""
        if self.session.over:
            return
        self._command(Conductor.pause)
        app = numbtui_app(self)
        eyes_open = app.context.library.get(EYES_OPEN)

        def chosen(choice: Choice | None) -> None:
            if choice is Choice.GROUND:
                self.outcome = Choice.GROUND
                self._command(Conductor.stop)
            elif choice is Choice.STOP:
                self._command(Conductor.stop)
            # Back: still paused, so the person goes on with Space when ready.

        if eyes_open is None:
            self.app.push_screen(WayOut(grounding=False), chosen)
        else:
            length = app.length_of(eyes_open, offered=True).text()
            self.app.push_screen(WayOut(grounding=True, length=length), chosen)

    # -- other screens --------------------------------------------------------------------------

    def _command(self, command: Callable[[Conductor], Snapshot]) -> None:
        """Give a key's command to the conductor, which tells every listener at once."""
        if self.conductor is not None:
            command(self.conductor)

    def on_screen_suspend(self) -> None:
        # Support, keys or the palette cover the exercise: it waits for the user, who goes on
        # with space when ready (no surprise restart when the cover closes).
        if not self.session.over:
            self._command(Conductor.pause)

    def on_resize(self, event: events.Resize) -> None:
        # Seven keys with their spacing need 82 columns; compact, they fit in 80.
        fit_footer(self.query_one(Footer), event.size.width, palette=False, narrow_below=82)

    def on_unmount(self) -> None:
        if self.conductor is not None:
            self.conductor.close()

    def on_pacer_resized(self) -> None:
        # The bar has another number of cells now, moving at other moments: read again.
        if self._snapshot is not None and not self._snapshot.over:
            self.tick()

    def on_screen_resume(self) -> None:
        if self._snapshot is not None:
            self.tick()


def _raise(error: Exception) -> None:
    raise error
