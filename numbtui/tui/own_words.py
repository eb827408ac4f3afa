"""The person's own words in the app: read before the rating or the log opens, kept once the
answer is saved, forgotten on Delete — always in a thread, never in the way of saving.

The file and its rules are :mod:`numbtui.ownwords`; a file that cannot be read is said once a
run, and the usual words are offered.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from numbtui import ownwords
from numbtui.errors import NumbtuiError

if TYPE_CHECKING:
    from numbtui.rating import Rating
    from numbtui.tui.app import NumbtuiApp

TITLE = "Your own words"


async def kept_own_words(app: NumbtuiApp) -> tuple[str, ...]:
    """The own words to offer first (most recently used first); a notice, once a run, when
    their file cannot be read."""
    return offer_own_words(app, await read_own_words(app))


async def read_own_words(app: NumbtuiApp) -> tuple[tuple[str, ...], str | None]:
    """The kept own words and the notice about their file, read in a thread (start it early
    with ``asyncio.create_task`` so the screen that needs them opens without waiting)."""
    return await asyncio.to_thread(ownwords.read, app.context.own_words_file)


def offer_own_words(app: NumbtuiApp, read: tuple[tuple[str, ...], str | None]) -> tuple[str, ...]:
    """The words of :func:`read_own_words`, after saying its notice if not said yet."""
    words, notice = read
    if notice is not None and not app.context.own_words_noticed:
        app.context.own_words_noticed = True
        app.notify(notice, title=TITLE, markup=False, timeout=10)
    return words


async def keep_own_words(app: NumbtuiApp, rating: Rating | None) -> str | None:
    """Keep the own words of a saved answer for next time (in a thread); the line to say if
    they could not be kept (the answer itself is saved whatever happens here)."""
    if rating is None:
        return None
    return await asyncio.to_thread(ownwords.keep_used, app.context.own_words_file, rating.words)


def keep_own_words_now(app: NumbtuiApp, rating: Rating | None) -> str | None:
    """:func:`keep_own_words` without a thread, for Ctrl+C and signals (the app is ending)."""
    return None if rating is None else ownwords.keep_used(app.context.own_words_file, rating.words)


def say_not_kept(app: NumbtuiApp, problem: str | None) -> None:
    """A notice when the own words could not be kept (nothing when they were)."""
    if problem is not None:
        app.notify(problem, title=TITLE, markup=False, severity="warning", timeout=10)


async def forget_own_word(app: NumbtuiApp, word: str) -> None:
    """Stop offering ``word`` (Delete on the words); say so, or why it could not be."""
    try:
        await asyncio.to_thread(ownwords.forget, app.context.own_words_file, word)
    except NumbtuiError as exc:
        say_not_kept(app, str(exc))
        return
    app.notify(
        f"“{word}” will not be offered again. Moments that carry it keep it.",
        title=TITLE,
        markup=False,
    )
