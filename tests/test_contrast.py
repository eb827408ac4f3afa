"""numbtui's themes keep text readable: WCAG contrast of at least 4.5:1 (7:1 in high contrast).

The colours are those Textual derives from each theme (``Theme.to_color_system().generate()``),
so ``$text`` ("auto 87%": white or black at 87% over the background) and ``$text-muted`` are
checked as they are really drawn, over each background numbtui puts text on.
"""

from __future__ import annotations

import pytest
from textual.color import Color

from numbtui.tui.themes import NUMBTUI_THEMES

AA = 4.5
AAA = 7.0
TEXT_COLOURS = (
    "foreground",
    "text",
    "text-muted",
    "foreground-muted",
    "primary",
    "accent",
    "text-primary",
    "text-accent",
    "text-warning",
    "text-error",
    "text-success",
    "warning",
    "error",
    "success",
)
"""Every colour numbtui uses for words (titles in $primary, contact lines in $accent, ...)."""
BACKGROUNDS = ("background", "surface", "panel")
FOOTER = (
    ("footer-foreground", "footer-background"),
    ("footer-key-foreground", "footer-background"),
    ("footer-description-foreground", "footer-background"),
)


def channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: Color) -> float:
    """WCAG relative luminance."""
    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def drawn(value: str, over: Color) -> Color:
    """The colour a text variable really has on screen over ``over`` (alpha blended)."""
    if value.startswith("auto"):
        parts = value.split()
        alpha = float(parts[1].rstrip("%")) / 100 if len(parts) > 1 else 1.0
        return over + over.get_contrast_text(alpha)
    colour = Color.parse(value)
    return over + colour if colour.a < 1 else colour


def test_the_formula_matches_known_values() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(119, 119, 119), Color(255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast(Color(10, 20, 30), Color(10, 20, 30)) == pytest.approx(1.0)


def test_drawn_blends_alpha_over_the_background() -> None:
    black = Color(0, 0, 0)
    assert drawn("auto 50%", black) == Color(127, 127, 127)
    assert drawn("#FFFFFF80", black).r in {127, 128}
    assert drawn("#123456", black) == Color.parse("#123456")


@pytest.mark.parametrize("theme", NUMBTUI_THEMES, ids=lambda t: t.name)
def test_every_text_colour_reads_on_every_background(theme: object) -> None:
    from textual.theme import Theme

    assert isinstance(theme, Theme)
    colours = theme.to_color_system().generate()
    minimum = AAA if theme.name == "numbtui-high-contrast" else AA
    low: list[str] = []
    for background_name in BACKGROUNDS:
        background = Color.parse(colours[background_name])
        for text_name in TEXT_COLOURS:
            ratio = contrast(drawn(colours[text_name], background), background)
            if ratio < minimum:
                low.append(f"{text_name} on {background_name}: {ratio:.2f}")
    for text_name, background_name in FOOTER:
        background = Color.parse(colours[background_name])
        ratio = contrast(drawn(colours[text_name], background), background)
        if ratio < minimum:
            low.append(f"{text_name} on {background_name}: {ratio:.2f}")
    assert not low, f"{theme.name} needs {minimum}:1: " + "; ".join(low)


def test_the_three_themes_are_there() -> None:
    assert [t.name for t in NUMBTUI_THEMES] == [
        "numbtui-dark",
        "numbtui-light",
        "numbtui-high-contrast",
    ]
