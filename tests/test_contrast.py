"""numbtui's themes keep text readable: WCAG contrast of at least 4.5:1 (7:1 in high contrast).

The colours are those Textual derives from each theme (``Theme.to_color_system().generate()``),
so ``$text`` ("auto 87%": white or black at 87% over the background) and ``$text-muted`` are
checked as they are really drawn, over each background numbtui puts text on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color
from textual.theme import Theme

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


# -- as drawn: the pacer's track, borders and muted words, in truecolor and in 256 colours --

NON_TEXT = 3.0
"""WCAG 1.4.11: parts of the picture needed to understand it (the pacer's track, a panel's
edge) need 3:1 against what is next to them."""
TCSS = Path(__file__).parent.parent / "numbtui" / "tui" / "app.tcss"


def in_256_colours(colour: Color) -> Color:
    """The colour a 256-colour terminal shows for ``colour``."""
    rich = RichColor.from_rgb(colour.r, colour.g, colour.b).downgrade(ColorSystem.EIGHT_BIT)
    r, g, b = rich.get_truecolor()
    return Color(r, g, b)


def both_ways(fore: Color, back: Color) -> tuple[float, float]:
    """Contrast in truecolor, and in 256 colours."""
    return contrast(fore, back), contrast(in_256_colours(fore), in_256_colours(back))


def test_256_colours_are_the_nearest_of_the_palette() -> None:
    assert in_256_colours(Color(251, 250, 248)) == Color(255, 255, 255)
    assert in_256_colours(Color(0, 0, 0)) == Color(0, 0, 0)


def border_variables() -> set[str]:
    """Every theme variable numbtui's stylesheet draws a border or an edge with."""
    text = TCSS.read_text(encoding="utf-8")
    found = re.findall(r"border(?:-top|-bottom|-left|-right)?:\s*\w+\s+\$([\w-]+)", text)
    return set(found)


def test_the_stylesheet_has_borders_to_check() -> None:
    assert {"primary", "accent"} <= border_variables()


@pytest.mark.parametrize("theme", NUMBTUI_THEMES, ids=lambda t: t.name)
def test_every_border_stands_out_in_truecolor_and_256_colours(theme: Theme) -> None:
    colours = theme.to_color_system().generate()
    low = []
    for name in sorted(border_variables()):
        for background_name in BACKGROUNDS:
            background = Color.parse(colours[background_name])
            edge = drawn(colours[name], background)
            for ratio, where in zip(both_ways(edge, background), ("truecolor", "256"), strict=True):
                if ratio < NON_TEXT:
                    low.append(f"${name} on {background_name} ({where}): {ratio:.2f}")
    assert not low, f"{theme.name}: " + "; ".join(low)


@pytest.mark.parametrize("theme", NUMBTUI_THEMES, ids=lambda t: t.name)
async def test_the_pacer_track_panel_and_muted_words_as_drawn(tmp_path: Path, theme: Theme) -> None:
    from numbtui.options import LaunchOptions
    from numbtui.settings import Settings
    from numbtui.tui.screens.player import PlayerScreen
    from numbtui.tui.widgets.pacer import Pacer
    from tests.fakes import FakeClock
    from tests.tui_helpers import make_app, until

    clock = FakeClock()
    settings = Settings(theme=theme.name, checkin=False, lead_in_seconds=0)
    options = LaunchOptions(exercise_id="breathing-4-4-4")
    app = make_app(tmp_path, clock=clock, settings=settings, options=options)
    minimum = AAA if theme.name == "numbtui-high-contrast" else AA
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PlayerScreen), "the player")
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        pacer = screen.query_one(Pacer)
        low = []
        # The track's dots, over the pacer's own background.
        background = pacer.background_colors[1]
        track = pacer.get_visual_style("pacer--track", partial=True).foreground
        assert track is not None
        for ratio in both_ways(background + track, background):
            if ratio < NON_TEXT:
                low.append(f"pacer track: {ratio:.2f}")
        # The panel's edge.
        panel = screen.query_one("#player-main")
        _, edge = panel.styles.border_top
        behind = panel.background_colors[0]
        for ratio in both_ways(behind + edge, behind):
            if ratio < NON_TEXT:
                low.append(f"panel border: {ratio:.2f}")
        # Muted words: the countdown.
        countdown = screen.query_one("#step-countdown")
        style = countdown.rich_style
        assert style.color is not None
        assert style.bgcolor is not None
        words = Color(*style.color.get_truecolor())
        under = Color(*style.bgcolor.get_truecolor())
        for ratio in both_ways(words, under):
            if ratio < minimum:
                low.append(f"muted words: {ratio:.2f}")
    assert not low, f"{theme.name}: " + "; ".join(low)
