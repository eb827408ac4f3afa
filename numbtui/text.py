"""Making untrusted text safe to show in a terminal: :func:`clean_text` for values that are
kept (exercise text, notes, imported titles) and :func:`shown` for text quoted in a message
(an unknown key, a file name), which must stay recognisable.

Untrusted text is everything that comes from a file or the user. It must never carry
terminal escape sequences, nor characters that make a terminal show something other than
what is stored.
"""

from __future__ import annotations

import re

# C0 and C1 control characters, less tab and newline: ESC, BEL, CSI and friends would let a
# file drive the terminal. Lone surrogates (YAML's "\ud800" escape) are no characters at all:
# they cannot be encoded to print, store or export. Bidirectional overrides and isolates
# (U+202A-U+202E, U+2066-U+2069) reorder what is shown around them ("Trojan Source").
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[{_UNSAFE}]")
_UNSAFE_IN_A_LINE = re.compile(f"[{_UNSAFE}\t\n]")


def clean_text(value: str) -> str:
    """Remove control characters (keeping newline and tab), lone surrogates, bidirectional
    controls and surrounding blanks."""
    return _CONTROL.sub("", value.replace("\r\n", "\n")).strip()


def shown(value: str) -> str:
    """``value`` on one line with every unsafe character written as an escape (``\\x1b``),
    so that a message can quote it without the terminal acting on it."""
    return _UNSAFE_IN_A_LINE.sub(_escape, value)


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape", "backslashreplace").decode("ascii")
