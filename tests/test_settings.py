"""The settings file: round trip, bad files left alone, owner-only and atomic writes, overrides."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from numbtui import settings
from numbtui.errors import SettingsError
from numbtui.options import LaunchOptions
from numbtui.settings import Settings
from numbtui.tui.prefs import effective_settings
from tests.tui_helpers import make_app, make_context, until

BAD_FILES = {
    # name: (text, line, column, words in the message)
    "yaml-error": ("theme: numbtui-light\nbell: [true\n", 3, 1, "is not closed with ']'"),
    "wrong-type": ("theme: numbtui-light\nbell: maybe\n", 2, 7, "bell"),
    "unknown-key": ("theme: numbtui-light\nbel: true\n", 2, 1, "unknown field"),
    "lead-in-too-long": ("lead_in_seconds: 99\n", 1, 18, "lead_in_seconds"),
    "minutes-zero": ("minutes:\n  body-scan: 0\n", 2, 14, "minutes.body-scan"),
}


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = settings.load(tmp_path / "nope.yaml")
    assert loaded.settings == Settings()
    assert loaded.problems == ()


def test_save_then_load_gives_the_same_settings(tmp_path: Path) -> None:
    chosen = Settings(
        theme="numbtui-high-contrast",
        bell=True,
        reduce_motion=True,
        checkin=False,
        lead_in_seconds=7.5,
        minutes={"body-scan": 5.0, "five-senses": 2.5},
    )
    path = tmp_path / "config" / "settings.yaml"
    settings.save(chosen, path)
    loaded = settings.load(path)
    assert loaded.problems == ()
    assert loaded.settings == chosen


def test_saved_file_is_owner_only_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.yaml"
    settings.save(Settings(bell=True), path)
    settings.save(Settings(bell=False), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["settings.yaml"]
    assert "bell: false" in path.read_text()


def test_save_into_a_folder_that_cannot_exist_raises_settings_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(SettingsError, match="Could not save settings"):
        settings.save(Settings(), blocker / "settings.yaml")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_gives_defaults_where_wrong_a_located_problem_and_is_left_as_it_was(
    tmp_path: Path, name: str
) -> None:
    text, line, column, words = BAD_FILES[name]
    path = tmp_path / "settings.yaml"
    path.write_bytes(text.encode())
    before = path.read_bytes()
    loaded = settings.load(path)
    # A good setting beside a bad one is kept; a file that is not YAML gives all defaults.
    kept = "theme: numbtui-light" in text and name != "yaml-error"
    assert loaded.settings == (Settings(theme="numbtui-light") if kept else Settings())
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert str(problem).startswith(f"{path}:{line}:{column}: ")
    assert words in str(problem)
    assert path.read_bytes() == before


def test_an_empty_file_means_the_defaults_without_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("# nothing yet\n")
    assert settings.load(path) == settings.Loaded(Settings())


def test_theme_names_follow_the_pattern() -> None:
    assert settings.THEME_PATTERN.fullmatch("numbtui-dark")
    assert settings.THEME_PATTERN.fullmatch("catppuccin-mocha")
    assert not settings.THEME_PATTERN.fullmatch("Bad Theme")


def test_command_line_flags_override_saved_settings_for_one_run(tmp_path: Path) -> None:
    context = make_context(
        tmp_path,
        settings=Settings(bell=False, reduce_motion=False, checkin=True),
        options=LaunchOptions(bell=True, reduce_motion=True, checkin=False),
    )
    effective = effective_settings(context)
    assert (effective.bell, effective.reduce_motion, effective.checkin) == (True, True, False)
    # The saved settings themselves are untouched.
    assert (context.settings.bell, context.settings.reduce_motion) == (False, False)


def test_without_flags_the_saved_settings_are_in_force(tmp_path: Path) -> None:
    saved = Settings(bell=True, checkin=False, lead_in_seconds=5.0)
    context = make_context(tmp_path, settings=saved)
    assert effective_settings(context) == saved


def test_textual_animations_none_turns_motion_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    context = make_context(tmp_path, settings=Settings(reduce_motion=False))
    assert effective_settings(context).reduce_motion is True


async def test_the_app_shows_one_notice_for_a_bad_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("bell: maybe\nreduce_motion: often\n")
    before = path.read_bytes()
    loaded = settings.load(path)
    assert len(loaded.problems) == 2
    context = make_context(tmp_path, settings=loaded.settings)
    context.settings_problems = loaded.problems
    from numbtui.tui.app import NumbtuiApp

    app = NumbtuiApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        # The app's notices are messages to itself, handled a little after it mounts.
        await until(
            pilot,
            lambda: any(n.title == "Settings not read" for n in app._notifications),
            "the notice about the settings file",
        )
        notices = [n for n in app._notifications if n.title == "Settings not read"]
        assert len(notices) == 1
        assert f"{path}:1:7" in notices[0].message
        assert f"{path}:2:16" in notices[0].message
        assert notices[0].message.count("Using the default settings") == 1
        assert app.prefs == Settings()
    assert path.read_bytes() == before


async def test_the_app_uses_the_effective_settings(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(bell=False), options=LaunchOptions(bell=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.is_mounted, "the first screen")
        assert app.prefs.bell is True
        assert app.context.settings.bell is False


def test_set_aside_keeps_an_unreadable_file_under_a_new_name(tmp_path: Path) -> None:
    from numbtui.settings import set_aside

    path = tmp_path / "settings.yaml"
    path.write_text("bell: [\n")
    (tmp_path / "settings.yaml.bad").write_text("older")
    kept = set_aside(path)
    assert kept == tmp_path / "settings.yaml.bad1"
    assert kept.read_text() == "bell: [\n"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # the user's own, like every file kept
    assert not path.exists()
    assert (tmp_path / "settings.yaml.bad").read_text() == "older"
    assert set_aside(path) is None  # nothing left to keep


def test_every_flag_overrides_its_setting_for_one_run_and_nothing_else() -> None:
    from numbtui.options import LaunchOptions
    from numbtui.settings import with_options

    saved = Settings(bell=True, sound="voice", plain_time_left=60)
    assert with_options(saved, LaunchOptions()) == saved
    flagged = with_options(
        saved,
        LaunchOptions(
            bell=False, checkin=False, reduce_motion=True, sound="off", compact=True, time_left=0
        ),
    )
    assert (flagged.bell, flagged.checkin, flagged.reduce_motion, flagged.sound) == (
        False,
        False,
        True,
        "off",
    )
    assert (flagged.plain_compact, flagged.plain_time_left) == (True, 0)
    assert flagged.volume == saved.volume  # no flag, no change
