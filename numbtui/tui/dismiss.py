"""A screen that can be dismissed only once.

Textual's ``Screen.dismiss`` pops whatever screen is on top. Two keys that arrive in one read
from the terminal (a quick double Enter) both reach a screen before the first dismissal has
taken it away, and the second would then pop the screen underneath: the player, home, or the
last one (an error). Every screen numbtui dismisses from a key derives from this.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.screen import Screen, ScreenResultType


class DismissOnce(Screen[ScreenResultType]):
    """A Screen whose ``dismiss`` does nothing once the screen is no longer on top."""

    def dismiss(self, result: ScreenResultType | None = None) -> AwaitComplete:
        """Dismiss with ``result``, if this screen is still the one on top."""
        if not self.is_attached or self.app.screen is not self:
            return AwaitComplete()
        return super().dismiss(result)
