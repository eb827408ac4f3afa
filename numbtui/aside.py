"""Keeping a file numbtui could not read beside the one it is about to write (no textual).

Before a file the user may have edited by hand (settings, own words) is rewritten, a version
that could not be read is renamed to ``NAME.bad`` (``NAME.bad1``, ``NAME.bad2``… when that is
taken), so a rewrite never destroys what was in it. The copy is owner-only (0600), as
everything numbtui keeps is the user's own.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

COPIES_MAX = 100
"""How many ``.bad`` copies are kept before giving up (each is a file the user may want)."""


def keep_aside(path: Path) -> Path | None:
    """Rename ``path`` to the first free ``NAME.bad`` name and make it owner-only; the new
    path, or None when ``path`` is no longer there. Raises OSError when it cannot be kept
    (the file is then left where it was)."""
    for number in range(COPIES_MAX):
        target = path.with_name(path.name + (".bad" if number == 0 else f".bad{number}"))
        if target.exists() or target.is_symlink():
            continue
        try:
            path.rename(target)
        except FileNotFoundError:
            return None
        # Moved is what protects the file; owner-only is best effort on top of it.
        with contextlib.suppress(OSError):
            os.chmod(target, 0o600)
        return target
    raise FileExistsError(errno.EEXIST, f"too many {path.name}.bad copies", str(path))
