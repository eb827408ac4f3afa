"""What home lists and shows of each exercise: groups, the filter, the entries and the detail
pane's contents (no screen; :mod:`numbtui.tui.screens.home` puts them on the terminal).

Every length comes from a ``length_of`` function given by the screen (the length in use,
:mod:`numbtui.lengths`); without one, the card's written length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from numbtui.catalog import Card, StepCard
from numbtui.durations import format_duration
from numbtui.lengths import Length

GROUPS: tuple[tuple[str, str], ...] = (
    ("body", "Body"),
    ("breath", "Breath"),
    ("senses", "Senses"),
    ("movement", "Movement"),
)
OTHER_GROUP = ("more", "More")
STEP_WORDS = {"guide": "guided", "prompt": "your turn", "breathe": "breathing", "walk": "walking"}
"""How the detail pane names each kind of step (the file's words are for authors)."""
GROUP_PREFIX = "group:"


_KNOWN_GROUPS = frozenset(tag for tag, _ in GROUPS)


def group_of(exercise: Card) -> str:
    """The group an exercise is listed under: its first well-known tag, else "more"."""
    for tag in exercise.tags:
        if tag in _KNOWN_GROUPS:
            return str(tag)
    return OTHER_GROUP[0]


LengthOf = Callable[[Card], Length]
"""The length in use of a card (:meth:`HomeScreen.length_of`)."""


def written_length(exercise: Card) -> Length:
    """The card's length as written (no default length applied)."""
    return exercise.length


def length_text(exercise: Card, length_of: LengthOf = written_length) -> str:
    """The length in use as ``m:ss``, with ``+`` when some step waits for the user."""
    return length_of(exercise).text()


def matches(exercise: Card, query: str) -> bool:
    """True when every word of ``query`` is in the title, summary, description, a tag or the
    id (any case)."""
    words = [exercise.title, exercise.summary, exercise.description or "", *exercise.tags]
    haystack = " ".join([*words, exercise.id])
    haystack = haystack.casefold()
    return all(word in haystack for word in query.casefold().split())


def filter_exercises(exercises: Iterable[Card], query: str) -> list[Card]:
    """The exercises matching ``query``, in library order."""
    if not query.split():  # nothing typed: all of them, without searching thousands of texts
        return list(exercises)
    return [exercise for exercise in exercises if matches(exercise, query)]


def step_meta(step: StepCard, number: int) -> str:
    """A step's number, kind and length for the detail pane, e.g. ``3. breathe · 2:00 · …``."""
    if step.breath is not None:
        inhale, hold, exhale, rest = step.breath
        pattern = f"in {inhale:g}"
        if step.top_up:
            pattern += f" · a little more {step.top_up:g}"
        if hold:
            pattern += f" · hold {hold:g}"
        pattern += f" · out {exhale:g}"
        if rest:
            pattern += f" · rest {rest:g}"
        length = f"{format_duration(step.seconds)} · {step.cycles} × ({pattern})"
    elif step.waits:
        length = "until you go on"
    else:
        length = format_duration(step.seconds)
        if step.cadence:
            length += f" · {step.cadence}"
    return f"{number}. {STEP_WORDS.get(step.kind, step.kind)} · {length}"


def detail_widgets(exercise: Card, length_of: LengthOf = written_length) -> list[Static]:
    """The detail pane's contents for ``exercise``; every piece of its text shown literally."""
    shown, written = length_of(exercise).text(), exercise.length.text()
    if shown != written:  # the steps below are as written: say both lengths
        shown = f"{shown} at the length you set (written {written})"
    meta = f"{shown} · {len(exercise.steps)} steps"
    if exercise.tags:
        meta += " · " + ", ".join(exercise.tags)
    widgets = [
        Static(exercise.title, classes="detail-title", markup=False),
        Static(meta, classes="detail-meta", markup=False),
        Static(
            exercise.description or exercise.summary, classes="detail-description", markup=False
        ),
    ]
    # Notes on breathing come before the steps, where they are read before starting.
    widgets += [Static(note, classes="detail-note", markup=False) for note in exercise.notes]
    widgets.append(Static("Steps", classes="detail-heading", markup=False))
    for number, step in enumerate(exercise.steps, start=1):
        widgets.append(Static(step_meta(step, number), classes="step-meta", markup=False))
        widgets.append(Static(step.text, classes="step-text", markup=False))
    return widgets


def option_prompt(exercise: Card, length_of: LengthOf = written_length) -> Content:
    """The two lines an exercise takes in the list: title and length, then its summary."""
    return Content.assemble(
        (exercise.title, "bold"),
        "  ",
        (length_text(exercise, length_of), "$text-muted"),
        "\n",
        exercise.summary,
    )


LIST_LIMIT = 100
"""The most exercises listed at once: a list of thousands takes seconds to lay out, and
nobody scrolls through it; typing narrows it instead."""
MORE_ID = "more:"


def list_options(
    exercises: Sequence[Card], limit: int = LIST_LIMIT, length_of: LengthOf = written_length
) -> list[Option]:
    """The list's options: a heading per non-empty group, then its exercises; past ``limit``
    exercises, one line saying how many more there are."""
    options: list[Option] = []
    listed = 0
    groups: dict[str, list[Card]] = {}
    for exercise in exercises:
        groups.setdefault(group_of(exercise), []).append(exercise)
    for tag, title in (*GROUPS, OTHER_GROUP):
        members = groups.get(tag, [])[: max(0, limit - listed)]
        if not members:
            continue
        options.append(Option(Content(title), id=f"{GROUP_PREFIX}{tag}", disabled=True))
        options.extend(Option(option_prompt(e, length_of), id=e.id) for e in members)
        listed += len(members)
    if len(exercises) > listed:
        more = f"… and {len(exercises) - listed:,} more: type a word to narrow the list"
        options.append(Option(Content(more), id=MORE_ID, disabled=True))
    return options
