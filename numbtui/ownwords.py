"""The person's own words: typed beside the rating's list, kept for next time, offered first.

No textual. :func:`check` turns typed text into an own word (or the listed word it names) and
says gently why not when it cannot be one; :func:`read` gives the kept words, most recently
used first, with one notice when the file is there but cannot be understood;
:func:`remember` (or :func:`keep_used`, which never raises) moves the words of a saved answer
to the front; :func:`forget` takes one out.

The file (``own-words.json`` in the data folder) is rewritten atomically, owner-only, and only
ever read locally. It is a convenience, never a record: the words stay in the history's
records whatever happens to it, so an unreadable file only means the usual list is offered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from numbtui.atomic import write_atomic
from numbtui.errors import NumbtuiError
from numbtui.rating import WORDS
from numbtui.readfile import read_regular
from numbtui.record import WORD_MAX

KEPT_MAX = 12
"""How many own words are kept: the most recently used."""
OWN_WORD_MAX = WORD_MAX
"""A record keeps words of up to this many characters, so an own word is no longer."""
FILE_BYTES_MAX = 64 * 1024
"""Far more than 12 short words need; a larger file is not read (it is not ours)."""
VERSION = 1

# Control characters (tab and newline too: a word is one line), lone surrogates and
# bidirectional controls: what numbtui.text removes from kept text, refused here instead, so
# that what is kept is exactly what was typed.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SEPARATORS = (",", ";")

EMPTY = "Type a word first; Enter adds it."
UNSAFE = "That word holds characters a terminal would act on; please type it as plain text."
TOO_LONG = f"A word here fits in {OWN_WORD_MAX} characters; the note has room for more."
SEPARATED = "One word at a time, please: commas and semicolons keep words apart."


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


def read(path: Path) -> tuple[tuple[str, ...], str | None]:
    """The kept own words, most recently used first, and one line to show when the file is
    there but could not be read or understood (its words are then not offered)."""
    try:
        raw = read_regular(path, FILE_BYTES_MAX + 1)
    except FileNotFoundError:
        return (), None
    except OSError as exc:
        return (), _unreadable(path, exc.strerror or str(exc))
    if len(raw) > FILE_BYTES_MAX:
        return (), _unreadable(path, "it is far larger than a list of words")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # RecursionError: thousands of nested brackets
        return (), _unreadable(path, "it is not the list numbtui writes")
    words = data.get("words") if isinstance(data, dict) else None
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        return (), _unreadable(path, "it is not the list numbtui writes")
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
    if left_out:
        some = "1 word" if left_out == 1 else f"{left_out} words"
        return tuple(kept[:KEPT_MAX]), f"{some} in {path} could not be shown and were left out."
    return tuple(kept[:KEPT_MAX]), None


def _unreadable(path: Path, why: str) -> str:
    return f"Your own words in {path} could not be read ({why}); the usual words are offered."


def remember(path: Path, used: Iterable[str]) -> tuple[str, ...]:
    """Put the own words among ``used`` first (in their order), ahead of those kept before,
    and keep the :data:`KEPT_MAX` most recent. Listed words are not kept (their place in the
    list stays where it is). Returns the words now kept; NumbtuiError if not written."""
    before, _ = read(path)
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
    before, _ = read(path)
    kept = tuple(w for w in before if _fold(w) != _fold(word))
    if kept != before:
        _write(path, kept)
    return kept


def _write(path: Path, words: tuple[str, ...]) -> None:
    text = json.dumps({"version": VERSION, "words": list(words)}, ensure_ascii=False, indent=1)
    try:
        write_atomic(path, text + "\n")
    except OSError as exc:
        raise NumbtuiError(
            f"Your own words could not be kept in {path}: {exc.strerror or exc}"
        ) from None
