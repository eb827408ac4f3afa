"""One rule for every ending: under 10 s nothing is kept; finished needs most of the plan."""

from __future__ import annotations

import pytest

from numbtui.ending import FINISHED_SHARE, MIN_KEPT_SECONDS, Ending, ending


@pytest.mark.parametrize(
    ("reached_end", "practised", "planned", "expected"),
    [
        (True, 2.0, 160.0, Ending.NOT_KEPT),  # n through every step
        (False, 0.0, 160.0, Ending.NOT_KEPT),  # q then Escape at 0 s
        (False, 9.9, 160.0, Ending.NOT_KEPT),
        (False, 10.0, 160.0, Ending.STOPPED_EARLY),
        (True, 30.0, 160.0, Ending.STOPPED_EARLY),  # skipped through after half a minute
        (True, 119.9, 160.0, Ending.STOPPED_EARLY),
        (True, 120.0, 160.0, Ending.FINISHED),  # three quarters
        (True, 160.0, 160.0, Ending.FINISHED),
        (False, 160.0, 160.0, Ending.STOPPED_EARLY),  # stopped on the last step, however long
        (True, 12.0, 0.0, Ending.FINISHED),  # only prompts that wait: no plan to share
        (True, 6.0, 5.0, Ending.FINISHED),  # a whole plan shorter than 10 s, played through
        (True, 2.0, 5.0, Ending.NOT_KEPT),  # ... but not skipped through
        (True, 0.0, 0.0, Ending.NOT_KEPT),
    ],
)
def test_every_ending_follows_one_rule(
    reached_end: bool, practised: float, planned: float, expected: Ending
) -> None:
    assert ending(reached_end=reached_end, practised=practised, planned=planned) is expected


def test_the_readme_states_the_rule() -> None:
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    text = " ".join(readme.split())
    assert MIN_KEPT_SECONDS == 10
    assert FINISHED_SHARE == 0.75
    assert "under 10 seconds practised, nothing is kept" in text
    assert "three quarters of its planned time" in text
    for code in ("130", "143", "129"):
        assert code in text
