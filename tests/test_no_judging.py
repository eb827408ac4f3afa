"""Never symptom-checking: nothing numbtui says depends on how low a rating is."""

from __future__ import annotations

import re
from pathlib import Path

from numbtui.exercise import Exercise
from numbtui.settings import Settings
from numbtui.tui.practice import summary_line
from numbtui.tui.screens.rating import RatingScreen
from numbtui.tui.widgets.scale import Scale
from tests.record_helpers import make_record
from tests.test_rating_screens import ScreenApp, ready
from tests.tui_helpers import bundled_library, screen_text, until

DIGITS = re.compile(r"\d+")


def test_the_check_in_stays_on_by_default_and_can_be_turned_off() -> None:
    assert Settings().checkin is True
    assert Settings(checkin=False).checkin is False


def test_the_line_after_a_practice_reads_the_same_for_low_and_high_ratings() -> None:
    low = summary_line(make_record(before=8, after=1))
    high = summary_line(make_record(before=1, after=8))
    assert low.endswith("8 → 1")
    assert DIGITS.sub("#", low) == DIGITS.sub("#", high)


async def rating_words(tmp_path: Path, before: int, chosen: str) -> str:
    """Everything the rating screen says after choosing ``chosen``, with the scale left out."""
    exercise: Exercise | None = bundled_library(tmp_path).get("body-scan")
    assert exercise is not None
    app = ScreenApp(RatingScreen(exercise, stopped_early=False, before=before))
    async with app.run_test(size=(80, 30)) as pilot:
        await ready(pilot)
        await pilot.press(chosen)
        scale = app.screen.query_one(Scale)
        await until(pilot, lambda: scale.value == int(chosen), "the choice to be taken")

        def words() -> str:
            rows = screen_text(app).splitlines()
            top, bottom = scale.region.y, scale.region.y + scale.region.height
            return "\n".join(row for y, row in enumerate(rows) if not top <= y < bottom)

        # Whatever the screen would say about the choice has had time to appear.
        seen: list[str] = []
        await until(
            pilot,
            lambda: seen.append(words()) or seen[-3:] == [seen[-1]] * 3,
            "the screen to settle",
        )
        return seen[-1]


async def test_the_rating_screen_says_the_same_for_a_low_or_a_high_answer(tmp_path: Path) -> None:
    low = await rating_words(tmp_path, before=9, chosen="0")
    high = await rating_words(tmp_path, before=9, chosen="9")
    assert "Before, you chose 9. The same, lower or higher: all are fine." in low
    assert DIGITS.sub("#", low) == DIGITS.sub("#", high)
