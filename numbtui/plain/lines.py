"""The one way plain mode writes: whole lines, cleaned of anything a terminal would act on.

Text that reaches a line may come from an exercise file, a note or the history, so every line
is cleaned here, whatever its source: no escape sequence, no other control character, no tab
or newline inside the line (a braille display shows one line at a time).
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 and C1 controls (ESC, CSI, BEL...), DEL, bidirectional overrides and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_line(text: str) -> str:
    """``text`` as one safe line: controls removed, runs of blanks made one space."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def sentence(text: str) -> str:
    """``text`` ending as a sentence ends (a full stop added unless it has its own)."""
    text = text.strip()
    if not text or text[-1] in ".!?…:;)\"'”’":
        return text
    return text + "."


def seconds_in_words(seconds: float) -> str:
    """Whole seconds as a screen reader says them well: "2 minutes 30 seconds"."""
    if 0 < seconds < 0.5:
        return "less than a second"
    whole = max(0, round(seconds))
    minutes, secs = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


class Lines:
    """Writes whole lines to ``out`` and flushes each, so a reader hears it at once."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self.written: int = 0

    def __call__(self, text: str = "") -> None:
        self._out.write(clean_line(text) + "\n")
        self._out.flush()
        self.written += 1
