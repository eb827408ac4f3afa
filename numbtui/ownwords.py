"""The person's own words: typed beside the rating's list, kept for next time, offered first.

No textual. :func:`check` turns typed text into an own word (or the listed word it names) and
says gently why not when it cannot be one; :func:`read` gives the kept words, most recently
used first, with one notice when the file is there but cannot be understood (such a file is
kept aside as ``own-words.json.bad`` first, so that it is never written over);
:func:`remember` (or :func:`keep_used`, which never raises) moves the words of a saved answer
to the front; :func:`forget` takes one out.

The file (``own-words.json`` in the data folder) is rewritten atomically, owner-only, and only
ever read locally. It is a convenience, never a record: the words stay in the history's
records whatever happens to it, so an unreadable file only means the usual list is offered.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from numbtui.aside import keep_aside
from numbtui.atomic import write_atomic
from numbtui.errors import NumbtuiError
from numbtui.rating import WORDS
from numbtui.readfile import NotRegularFileError, read_regular
from numbtui.record import WORD_MAX

KEPT_MAX = 12
"""How many own words are kept: the most recently used."""
OWN_WORD_MAX = WORD_MAX
"""A record keeps words of up to this many characters, so an own word is no longer."""
FILE_BYTES_MAX = 64 * 1024
"""Far more than 12 short words need; a larger file is not read (it is not ours)."""
VERSION = 1

_UPDATING = threading.Lock()
# Forgetting (Delete) and keeping a saved answer's words run in worker threads and may overlap;
# each reads, changes and rewrites the file, so one at a time, or one undoes the other.

# Control characters (tab and newline too: a word is one line), lone surrogates and
# bidirectional controls: what numbtui.text removes from kept text, refused here instead, so
# that what is kept is exactly what was typed.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SEPARATORS = (",", ";")

EMPTY = "Type a word first; Enter adds it."
UNSAFE = "That word holds characters a terminal would act on; please type it as plain text."
TOO_LONG = f"A word here fits in {OWN_WORD_MAX} characters; the note has room for more."
SEPARATED = "One word at a time, please: commas and semicolons keep words apart."
NOT_OURS = "it is not the list numbtui writes"


class WordRefused(ValueError):
    """Typed text that cannot be an own word; the message says why, gently."""


def _fold(word: str) -> str:
    return word.casefold()


def check(text: str, offered: Iterable[str] = WORDS) -> str:
    """The word ``text`` names: one of ``offered`` when it matches one in any case (so it is
    never listed twice), otherwise ``text`` trimmed with its spaces evened out.

    Raises :class:`WordRefused` for nothing, a control or escape character, a comma, or
    more than :data:`OWN_WORD_MAX` characters.
    """
    if _UNSAFE.search(text.strip()):
        raise WordRefused(UNSAFE)
    word = " ".join(text.split())
    if not word:
        raise WordRefused(EMPTY)
    if any(separator in word for separator in _SEPARATORS):
        raise WordRefused(SEPARATED)
    if len(word) > OWN_WORD_MAX:
        raise WordRefused(TOO_LONG)
    for known in offered:
        if _fold(known) == _fold(word):
            return known
    return word


def is_own(word: str, listed: Iterable[str] = WORDS) -> bool:
    """True when ``word`` is not one of the rating's listed words (in any case)."""
    return _fold(word) not in {_fold(known) for known in listed}


def offered(own: Iterable[str], listed: tuple[str, ...] = WORDS) -> tuple[str, ...]:
    """The words to choose from: the own words first (as given), then the listed ones."""
    firsts = tuple(word for word in own if is_own(word, listed))
    return (*firsts, *listed)


@dataclass(frozen=True)
class _Read:
    """What was found in the file, before anything is kept aside."""

    words: tuple[str, ...] = ()
    why: str | None = None
    """Why the file could not be read at all; None when it was (or is not there)."""
    left_out: int = 0
    """Words in the file that cannot be offered (they hold escapes, or are too long)."""
    beyond: int = 0
    """Good words beyond the :data:`KEPT_MAX` offered."""
    ours: bool = True
    """False when a rewrite would lose something that is in the file."""


def _read(path: Path) -> _Read:
    try:
        raw = read_regular(path, FILE_BYTES_MAX + 1)
    except FileNotFoundError:
        return _Read()
    except NotRegularFileError as exc:
        # A folder cannot be written over, and a pipe or a device holds no words: neither is
        # renamed away.
        return _Read(why=exc.strerror or str(exc))
    except OSError as exc:
        return _Read(why=exc.strerror or str(exc), ours=False)
    if len(raw) > FILE_BYTES_MAX:
        return _Read(why="it is far larger than a list of words", ours=False)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
        return _Read(why=NOT_OURS, ours=False)
    words = data.get("words") if isinstance(data, dict) else None
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        return _Read(why=NOT_OURS, ours=False)
    kept: list[str] = []
    left_out = 0
    for word in words:
        try:
            checked = check(word)
        except WordRefused:
            left_out += 1
            continue
        if is_own(checked) and _fold(checked) not in {_fold(k) for k in kept}:
            kept.append(checked)
    beyond = max(0, len(kept) - KEPT_MAX)
    return _Read(
        tuple(kept[:KEPT_MAX]), left_out=left_out, beyond=beyond, ours=not (left_out or beyond)
    )


def read(path: Path) -> tuple[tuple[str, ...], str | None]:
    """The kept own words, most recently used first, and one line to show when the file is
    there but could not be read or understood, in whole or in part.

    Such a file is first kept aside as ``own-words.json.bad`` (:func:`numbtui.aside.keep_aside`)
    and the line says so, so that keeping words later never overwrites what was in it; the
    words that could be read are written back, to be offered as before.
    """
    return _read_keeping(path)[:2]


def _read_keeping(path: Path) -> tuple[tuple[str, ...], str | None, bool]:
    """:func:`read`, and True when the file could not be kept aside (so must not be written)."""
    found = _read(path)
    if found.why is not None:
        said = f"Your own words in {path} could not be read ({found.why})"
    elif found.left_out:
        some = "1 word" if found.left_out == 1 else f"{found.left_out} words"
        said = f"{some} in {path} could not be shown and {_was(found.left_out)} left out"
    elif found.beyond:
        said = f"{path} holds more words than the {KEPT_MAX} offered"
    else:
        return found.words, None, False
    if found.ours:
        return found.words, f"{said}; the usual words are offered.", False
    try:
        aside = keep_aside(path)
    except OSError as exc:
        return (
            found.words,
            f"{said}; it could not be kept aside ({exc.strerror or exc}), so no new word is "
            "kept in it until it is moved.",
            True,
        )
    if aside is None:  # gone meanwhile: nothing left to lose
        return found.words, f"{said}.", False
    said += f"; kept the old file as {aside.name}"
    if found.words:
        try:
            _write(path, found.words)
        except NumbtuiError as exc:
            return found.words, f"{said}. {exc}", False
        return found.words, f"{said}.", False
    return found.words, f"{said}; the usual words are offered.", False


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def remember(path: Path, used: Iterable[str]) -> tuple[str, ...]:
    """Put the own words among ``used`` first (in their order), ahead of those kept before,
    and keep the :data:`KEPT_MAX` most recent. Listed words are not kept (their place in the
    list stays where it is). Returns the words now kept; NumbtuiError if not written (also
    when the file there could not be read nor kept aside: it is never written over)."""
    with _UPDATING:
        return _remember(path, used)


def _remember(path: Path, used: Iterable[str]) -> tuple[str, ...]:
    before = _before(path)
    fresh: list[str] = []
    for word in used:
        try:
            checked = check(word, (*before, *WORDS))  # a kept word keeps its spelling
        except WordRefused:
            continue  # a record's words are cleaned, not checked: never keep one unsafe
        if is_own(checked) and _fold(checked) not in {_fold(w) for w in fresh}:
            fresh.append(checked)
    if not fresh:
        return before
    folded = {_fold(word) for word in fresh}
    kept = tuple([*fresh, *(word for word in before if _fold(word) not in folded)][:KEPT_MAX])
    if kept != before:
        _write(path, kept)
    return kept


def keep_used(path: Path, words: Iterable[str]) -> str | None:
    """:func:`remember` the own words among a saved answer's ``words``; the line to say if
    they could not be kept (never raised: the answer itself is already saved)."""
    used = tuple(word for word in words if is_own(word))
    if not used:
        return None
    try:
        remember(path, used)
    except NumbtuiError as exc:
        return str(exc)
    return None


def forget(path: Path, word: str) -> tuple[str, ...]:
    """Stop offering ``word`` (records that carry it keep it); the words still kept."""
    with _UPDATING:
        before = _before(path)
        kept = tuple(w for w in before if _fold(w) != _fold(word))
        if kept != before:
            _write(path, kept)
        return kept


def _before(path: Path) -> tuple[str, ...]:
    words, notice, stuck = _read_keeping(path)
    if stuck:
        raise NumbtuiError(f"Your own words could not be kept: {notice}")
    return words


def _write(path: Path, words: tuple[str, ...]) -> None:
    text = json.dumps({"version": VERSION, "words": list(words)}, ensure_ascii=False, indent=1)
    try:
        write_atomic(path, text + "\n")
    except OSError as exc:
        raise NumbtuiError(
            f"Your own words could not be kept in {path}: {exc.strerror or exc}"
        ) from None
