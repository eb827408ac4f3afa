"""Opening a file to read it without ever waiting on a pipe or a device (no textual).

Every file numbtui reads (settings, its state and caches, exercise and support files, import
files) goes through :func:`open_regular`: the file is opened without blocking, so a named pipe
with no writer (or a terminal, a tape) cannot hang the open, and read only if ``fstat`` on the
open file says it is a regular file, so nothing can swap it in between. Anything else raises
:class:`NotRegularFileError`, an ``OSError`` whose ``strerror`` names what it is, so that the
callers' existing ``except OSError`` report it in one line and skip it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFileError(OSError):
    """The path is there but is not a regular file (a pipe, a device, a folder, a socket)."""


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def open_regular(path: Path | str) -> BinaryIO:
    """``path`` opened for reading in binary mode, if it is a regular file.

    Raises FileNotFoundError and the other OSErrors of ``open``, and NotRegularFileError.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(
                errno.EINVAL, f"it is {_kind(mode)}, not a regular file", str(path)
            )
        # Reads of a regular file never block anyway; clearing the flag keeps them ordinary.
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str, limit: int = -1) -> bytes:
    """The bytes of a regular file (at most ``limit`` if given); OSError as :func:`open_regular`."""
    with open_regular(path) as handle:
        return handle.read(limit)


def read_regular_text(path: Path | str) -> str:
    """The UTF-8 text of a regular file; OSError as :func:`open_regular`, ValueError if not
    UTF-8."""
    return read_regular(path).decode("utf-8")
