"""The one typed way from a screen or widget to numbtui's app, its settings and its context.

Textual types ``widget.app`` as any App. Screens reach numbtui's own attributes through
:func:`numbtui_app` (checked once, no casts or ``getattr``), so a type checker sees every use.
"""

from __future__ import annotations

from textual.dom import DOMNode

from numbtui.tui.app import NumbtuiApp


def numbtui_app(node: DOMNode) -> NumbtuiApp:
    """The NumbtuiApp that ``node`` belongs to (TypeError inside any other app)."""
    app = node.app
    if not isinstance(app, NumbtuiApp):
        raise TypeError(f"{type(node).__name__} runs only inside numbtui's app")
    return app
