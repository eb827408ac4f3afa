"""When numbtui runs in plain mode.

Plain mode is on with ``--plain``, with ``NUMBTUI_PLAIN=1``, on a terminal that says it can do
nothing more (``TERM=dumb``), or with the setting ``plain: true``. ``NUMBTUI_PLAIN=0`` turns it
off again for one run, whatever the setting says (``TERM=dumb`` still wins: the app cannot be
drawn there).

The setting is looked for without reading the settings file through pydantic, which would slow
every start of the app: a line ``plain: true`` is looked for first, and only then is the file
read properly (a file with a problem counts as plain mode off, as all its settings do).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}
_PLAIN_LINE = re.compile(r"^plain:\s*(true|yes|on)\s*(#.*)?$", re.IGNORECASE | re.MULTILINE)


def setting_on(settings_file: Path) -> bool:
    """True when the settings file turns plain mode on (and is a valid settings file)."""
    from numbtui.readfile import open_regular

    try:  # never a read that blocks (a FIFO in the settings file's place)
        with open_regular(settings_file) as handle:
            text = handle.read(64 * 1024).decode("utf-8", "replace")
    except OSError:
        return False
    if not _PLAIN_LINE.search(text):
        return False
    from numbtui.settings import load

    return load(settings_file).settings.plain


def wanted(flag: bool | None, environ: Mapping[str, str], settings_file: Path) -> bool:
    """True when this run is in plain mode (see the module docstring for the order)."""
    if flag:
        return True
    if environ.get("TERM", "").strip().lower() == "dumb":
        return True
    variable = environ.get("NUMBTUI_PLAIN", "").strip().lower()
    if variable in _ON:
        return True
    if variable in _OFF:
        return False
    return setting_on(settings_file)
