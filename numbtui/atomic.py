"""Write a small file atomically: a temporary file beside it, synced, then renamed over it.

A reader (or a crash) sees the old file or the new one, never half of one. The file is
owner-only (0600) because everything numbtui writes is the user's own.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from numbtui import private


def write_atomic(path: Path, text: str, *, folder_mode: int = 0o700) -> None:
    """Replace ``path`` with ``text``; raise OSError on failure (the old file stays)."""
    private.make_folder(path.parent, folder_mode)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
