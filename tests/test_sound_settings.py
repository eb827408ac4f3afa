"""The sound settings: the settings screen's rows, the file, and --sound for one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Switch

from numbtui import settings
from numbtui.options import LaunchOptions
from numbtui.settings import Settings
from tests.test_care_screens import SIZE, delivered, open_settings, settled
from tests.tui_helpers import make_app, until, until_workers_done


async def test_sound_volume_and_phase_words_are_chosen_and_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#sound", Select).value == "off"  # off until turned on
        screen.query_one("#sound", Select).value = "voice"
        await settled(pilot, lambda: app.prefs.sound == "voice", "voice to be chosen")
        volume = screen.query_one("#volume", Input)
        volume.focus()
        await pilot.press("backspace", "backspace", "4", "5")
        await settled(pilot, lambda: app.prefs.volume == 45, "the volume to be applied")
        await pilot.press("0", "0")  # 4500: not a volume, left alone and marked
        await until(pilot, lambda: volume.value == "4500", "4500 to be typed")
        await delivered(volume)
        await until_workers_done(pilot, "settings")
        assert app.prefs.volume == 45
        assert volume.has_class("-invalid")
        screen.query_one("#phase-words", Switch).value = True
        await settled(pilot, lambda: app.prefs.phase_words, "phase words to be turned on")
    saved = settings.load(app.context.settings_file).settings
    assert (saved.sound, saved.volume, saved.phase_words) == ("voice", 45, True)


async def test_sound_on_the_command_line_is_for_one_run(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(sound="off"), options=LaunchOptions(sound="cues"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert app.prefs.sound == "cues"
        assert screen.query_one("#sound", Select).value == "cues"
        screen.query_one("#theme", Select).value = "numbtui-light"
        await settled(pilot, lambda: app.prefs.theme == "numbtui-light", "the theme")
    assert settings.load(app.context.settings_file).settings.sound == "off"


BAD_SETTINGS = Path(__file__).parent / "data" / "settings"
EXPECTED = {
    "sound-loud.yaml": (1, 8, "sound"),
    "volume-too-high.yaml": (1, 9, "volume"),
    "speech-rate-too-slow.yaml": (1, 14, "speech_rate"),
    "phase-words-maybe.yaml": (1, 14, "phase_words"),
}


def test_every_bad_settings_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD_SETTINGS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_sound_settings_are_reported_and_the_defaults_kept(name: str) -> None:
    loaded = settings.load(BAD_SETTINGS / name)
    assert loaded.settings == Settings()
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.field) == EXPECTED[name]
