"""A screen that can be dismissed only once, and acts on keys only while it is whole.

Textual's ``Screen.dismiss`` pops whatever screen is on top. Two keys that arrive in one read
from the terminal (a quick double Enter) both reach a screen before the first dismissal has
taken it away, and the second would then pop the screen underneath: the player, home, or the
last one (an error). Every screen numbtui dismisses from a key derives from this.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.screen import Screen, ScreenResultType


class DismissOnce(Screen[ScreenResultType]):
    """A Screen whose ``dismiss`` does nothing once the screen is no longer on top, and whose
    key bindings stop once it is being dismissed (a key that came with the one that closed
    it, such as Escape and 7 together, must not act on a screen that is going away)."""

    _dismissing = False

    def dismiss(self, result: ScreenResultType | None = None) -> AwaitComplete:
        """Dismiss with ``result``, if this screen is still the one on top."""
        if self._dismissing or not self.is_attached or self.app.screen is not self:
            return AwaitComplete()
        self._dismissing = True
        return super().dismiss(result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No action of this screen's before it is mounted (a key that arrives as it opens
        would find its widgets missing) or once it is being dismissed."""
        return self.is_mounted and not self._dismissing
