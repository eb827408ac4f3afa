"""The conductor's names the sound package uses, taken from one place.

The conductor (:mod:`numbtui.cues`, :mod:`numbtui.plan`) is the one clock; the sound package
takes its names from here, so it follows the contract and nothing else of those modules.
"""

from __future__ import annotations

from numbtui.cues import PHASE_SHORT, Change, Kind, changes
from numbtui.durations import WAIT_ESTIMATE
from numbtui.plan import Timed, timeline

__all__ = ["PHASE_SHORT", "WAIT_ESTIMATE", "Change", "Kind", "Timed", "changes", "timeline"]
