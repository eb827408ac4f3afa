"""Text output under any locale: no traceback for a character the terminal cannot show.

Under a locale that is not UTF-8 (``LC_ALL=en_US.ISO-8859-1``), printing "3 → 6" raised
UnicodeEncodeError. :func:`fall_back` makes a text stream write such characters as the
nearest thing its encoding has ("→" as "->", "＝" as "=", "é" as "e" in ASCII) and anything
else as "?". Machine-readable output (JSON, JSON Lines, CSV) is made UTF-8 instead with
:func:`utf8`, whatever the locale, so an export is never changed or cut short.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from typing import Any

FALLBACK = "numbtui-fallback"
"""The name of the codec error handler registered by :func:`fall_back`."""

_NEAREST = {
    "→": "->",
    "←": "<-",
    "–": "-",
    "—": "-",
    "…": "...",
    "·": "-",
    "•": "*",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "\u00a0": " ",
}


def _nearest(char: str, encoding: str) -> str:
    if (known := _NEAREST.get(char)) is not None:
        return known
    # Compatibility forms and accents: "＝" is "=", "é" is "e" followed by an accent.
    folded = unicodedata.normalize("NFKD", char)
    try:
        folded.encode(encoding)
    except UnicodeEncodeError:
        folded = folded.encode("ascii", "ignore").decode("ascii")
    return folded or "?"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_nearest(char, error.encoding) for char in text), error.end


codecs.register_error(FALLBACK, _fallback)


def is_utf8(stream: Any) -> bool:
    """Whether ``stream`` writes UTF-8 (True for a stream that does not say, e.g. StringIO)."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def showable(stream: Any) -> Callable[[str], str]:
    """A function giving text as ``stream`` will write it after :func:`fall_back` (for
    measuring it, e.g. to line up a table); ``str`` for a UTF-8 stream."""
    if is_utf8(stream):
        return str
    encoding = stream.encoding
    return lambda text: text.encode(encoding, FALLBACK).decode(encoding)


def fall_back(stream: Any) -> None:
    """Make ``stream`` write what its encoding lacks as the nearest it has (see above)."""
    if is_utf8(stream):
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors=FALLBACK)


def utf8(stream: Any) -> None:
    """Make ``stream`` write UTF-8 whatever the locale (before anything is written to it)."""
    if is_utf8(stream):
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="strict")
