"""numbtui's calm themes (dark, light, high contrast), registered beside Textual's own.

Body text keeps a contrast of at least 4.5:1 (WCAG AA) against its background in every theme
here; the high-contrast theme aims for 7:1 (AAA). A test checks the ratios.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

NUMBTUI_THEMES = (
    Theme(
        name="numbtui-dark",
        primary="#8FB8DE",
        secondary="#B5A8D5",
        accent="#E0B97A",
        foreground="#E6E6E1",
        background="#1C2126",
        surface="#242A30",
        panel="#2E363E",
        success="#8CC7A1",
        warning="#E0B97A",
        error="#E59A9A",
        dark=True,
    ),
    Theme(
        name="numbtui-light",
        primary="#2F5D87",
        secondary="#5E4F8C",
        accent="#7A4E0E",
        foreground="#1E2226",
        background="#F6F4EF",
        surface="#EDEAE3",
        panel="#E2DED5",
        success="#2F6B45",
        warning="#7A4E0E",
        error="#A23B3B",
        dark=False,
        # Textual's default (the foreground at 60% alpha) fades below 4.5:1 on the panel.
        variables={"foreground-muted": "#4F565D"},
    ),
    Theme(
        name="numbtui-high-contrast",
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFFFF",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#141414",
        success="#00FF00",
        warning="#FFFF00",
        error="#FF7A7A",
        dark=True,
        # Solid colours rather than white at 87% and 60% alpha, to keep 7:1 on the panel.
        variables={
            "text": "#FFFFFF",
            "text-muted": "#C8C8C8",
            "foreground-muted": "#C8C8C8",
        },
    ),
)


def register_themes(app: App[Any]) -> None:
    """Make numbtui's themes available to ``app`` (and to its theme picker)."""
    for theme in NUMBTUI_THEMES:
        app.register_theme(theme)
