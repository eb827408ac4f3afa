"""Which stream the app draws on: the terminal, whatever stderr was redirected to.

Textual's Linux driver draws on ``sys.__stderr__`` (so that ``app | less`` style pipes of
stdout stay clean). Run as ``numbtui play quick 2>log``, the whole screen went into the file
and the terminal stayed blank. :func:`driver_class` keeps Textual's choice when stderr is a
terminal, and otherwise gives a driver that draws on stdout, which the launcher has already
checked is a terminal.
"""

from __future__ import annotations

import sys
from typing import Any

from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver


def _is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except (OSError, ValueError):  # closed, or detached
        return False


class StdoutDriver(LinuxDriver):
    """Textual's Linux driver, drawing on stdout instead of stderr."""

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self._file = sys.__stdout__


def driver_class(default: type[Driver]) -> type[Driver]:
    """``default`` (Textual's own choice), or :class:`StdoutDriver` when Textual would draw on
    a stderr that is not a terminal while stdout is one. A driver chosen with
    ``TEXTUAL_DRIVER`` is kept as it is."""
    if default is not LinuxDriver:
        return default
    if _is_terminal(sys.__stderr__) or not _is_terminal(sys.__stdout__):
        return default
    return StdoutDriver
