"""A fast start: the home screen before pydantic, the rest read in a worker thread.

A real run lists the exercises from the catalog's cache and takes the theme from a cache of
the settings file's appearance; the settings and the library are read after the first screen.
These tests check that nothing is lost on the way: same list, same notices, same practice.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from numbtui import catalog, paths, state
from numbtui.catalog import Card, card_of
from numbtui.lengths import Length
from numbtui.library import Library, discover
from numbtui.options import LaunchOptions
from numbtui.settings import Settings
from numbtui.tui import launch
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.context import AppContext, Appearance, Deferred
from numbtui.tui.screens.checkin import CheckinScreen
from numbtui.tui.screens.home import ExerciseList, FilterInput, HomeScreen
from tests.tui_helpers import make_context, screen_text, until, until_shown, until_workers_done

REPO = Path(__file__).resolve().parent.parent

BAD = "title: Broken\nsummary: No steps.\nsteps: []\n"


def warm_context(options: LaunchOptions | None = None) -> AppContext:
    """The context of a second start: the caches were written by the first one."""
    state.save(state.AppState(welcome_seen=True), paths.state_file())
    launch.build_context(options or LaunchOptions())
    return launch.build_context(options or LaunchOptions())


async def settle(pilot: Pilot[object]) -> None:
    """Let the first frames be drawn, and the worker that reads the rest finish and report."""
    app = pilot.app
    assert isinstance(app, NumbtuiApp)
    # The reading starts once the first screen is on the terminal.
    await until(pilot, lambda: app.context.ready, "the rest to be read")
    await until_workers_done(pilot, "context")  # it reports back before it ends


# -- Deferred and AppContext -------------------------------------------------------------------


def test_a_deferred_value_is_read_once_even_by_two_threads() -> None:
    reads: list[int] = []
    started = threading.Event()
    release = threading.Event()

    def read() -> int:
        reads.append(1)
        started.set()
        release.wait(5)
        return 42

    value = Deferred(read)
    assert not value.ready
    results: list[int] = []
    first = threading.Thread(target=lambda: results.append(value.get()))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: results.append(value.get()))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert results == [42, 42]
    assert reads == [1]
    assert value.ready


def test_a_failed_read_is_tried_again() -> None:
    attempts: list[int] = []

    def read() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("not yet")
        return "ok"

    value = Deferred(read)
    with pytest.raises(OSError, match="not yet"):
        value.get()
    assert value.get() == "ok"


def test_deferred_settings_are_read_on_first_use_with_their_problems(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("bell: maybe\n")
    context = make_context(tmp_path)
    context = AppContext(
        settings=Deferred(lambda: launch.read_settings(path)),
        library=context.library,
        database=context.database,
        recovery=context.recovery,
        settings_file=path,
        state_file=context.state_file,
        clock=context.clock,
        appearance=Appearance(theme="numbtui-light"),
    )
    assert not context.ready
    assert context.appearance() == Appearance(theme="numbtui-light")
    assert context.settings == Settings()
    assert context.ready
    assert [(p.line, p.column) for p in context.settings_problems] == [(1, 7)]
    # Once read, the appearance is the settings' own (the file's is the default).
    assert context.appearance() == Appearance(theme=Settings().theme)
    context.settings = Settings(bell=True)
    assert context.settings.bell is True


def test_cards_come_from_the_library_when_not_given(tmp_path: Path) -> None:
    context = make_context(tmp_path)
    assert context.cards == tuple(card_of(e) for e in context.library.exercises)
    assert not context.settle_cards()


# -- the catalog's cards ------------------------------------------------------------------------


def test_cards_agree_with_the_full_library_and_a_second_listing_does_not_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, problems = catalog.cards()
    assert problems == []
    assert first == [card_of(exercise) for exercise in discover().exercises]
    steps = [step for card in first for step in card.steps]
    assert any(step.breath is not None and step.cycles > 0 for step in steps)
    assert any(step.waits for step in steps)
    assert any(step.cadence for step in steps)

    def fail(*args: object) -> dict[str, object]:
        raise AssertionError("parsed a file that had not changed")

    monkeypatch.setattr(catalog, "_validate", fail)
    assert catalog.cards()[0] == first


def test_a_damaged_card_in_the_cache_is_read_again() -> None:
    first, _ = catalog.cards()
    cache = paths.cache_dir() / catalog.CACHE_NAME
    text = cache.read_text()
    cache.write_text(text.replace('"open_ended"', '"open_to_all"'))
    assert catalog.cards()[0] == first
    assert '"open_to_all"' not in cache.read_text()


def test_a_bad_file_is_a_problem_not_a_card() -> None:
    user = paths.user_exercises_dir()
    user.mkdir(parents=True)
    (user / "broken.yaml").write_text(BAD)
    for _ in range(2):  # validated, then from the cache
        found, problems = catalog.cards()
        assert "broken" not in {card.id for card in found}
        assert [Path(p.path).name for p in problems] == ["broken.yaml"]


# -- build_context ------------------------------------------------------------------------------


def test_the_first_start_reads_the_settings_and_remembers_their_appearance() -> None:
    context = launch.build_context(LaunchOptions())
    assert not isinstance(context._settings, Deferred)
    assert isinstance(context._library, Deferred)
    assert (paths.cache_dir() / launch.APPEARANCE_CACHE).exists()
    assert list(context.cards) == [card_of(e) for e in discover().exercises]


def test_later_starts_defer_the_settings_until_the_file_changes() -> None:
    settings_file = paths.settings_file()
    context = warm_context()
    assert isinstance(context._settings, Deferred)
    assert context.appearance() == Appearance(theme=Settings().theme, reduce_motion=False)
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text("theme: numbtui-light\nreduce_motion: true\n")
    changed = launch.build_context(LaunchOptions())
    assert not isinstance(changed._settings, Deferred)  # a changed file is read straight away
    again = launch.build_context(LaunchOptions())
    assert isinstance(again._settings, Deferred)
    assert again.appearance() == Appearance(theme="numbtui-light", reduce_motion=True)


def test_play_reads_the_library_before_the_app_starts() -> None:
    context = warm_context(LaunchOptions(exercise_id="body-scan"))
    assert not isinstance(context._library, Deferred)
    assert context.library.get("body-scan") is not None


def test_the_home_screen_path_imports_neither_pydantic_nor_yaml() -> None:
    code = (
        "import sys\n"
        "from numbtui.options import LaunchOptions\n"
        "from numbtui.tui import launch\n"
        "launch.build_context(LaunchOptions())\n"  # the first start fills the caches
        "for name in [m for m in sys.modules if m.split('.')[0] in {'pydantic', 'yaml'}\n"
        "             or m in {'numbtui.settings', 'numbtui.library', 'numbtui.exercise'}]:\n"
        "    del sys.modules[name]\n"
        "from numbtui.tui.app import NumbtuiApp\n"
        "from numbtui.tui.screens import home\n"
        "app = NumbtuiApp(launch.build_context(LaunchOptions()))\n"
        "screen = app.get_default_screen()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pydantic', 'yaml'}))\n"
        "print(type(screen).__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.splitlines() == ["[]", "HomeScreen"]


# -- the app with a deferred context ------------------------------------------------------------


async def test_the_app_reads_the_rest_after_the_first_screen(tmp_path: Path) -> None:
    context = warm_context()
    app = NumbtuiApp(context)
    assert not context.ready  # building the app read nothing
    assert app.theme == context.appearance().theme
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert context.ready
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert [e.id for e in screen.exercises] == [e.id for e in context.library.exercises]
        await until_shown(pilot, screen.shown[0].title)
        assert screen.shown[0].title in screen_text(app)
        details = [str(w.content) for w in screen.query("#detail Static").results()]
        assert screen.shown[0].title in details


async def test_enter_before_the_library_is_read_waits_for_it_then_starts(
    tmp_path: Path,
) -> None:
    context = warm_context()
    release = threading.Event()
    read = context._library
    assert isinstance(read, Deferred)

    def slow_read() -> Library:
        release.wait(10)
        return read.get()

    context._library = Deferred(slow_read)
    app = NumbtuiApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.press("x")  # the screen still answers while the library is read
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.query_one(FilterInput).value == "x"
        release.set()
        for _ in range(200):  # the thread reading the library has to finish first
            if isinstance(app.screen, CheckinScreen):
                break
            await pilot.pause(0.01)
        checkin = app.screen
        assert isinstance(checkin, CheckinScreen)
        assert checkin.exercise == context.library.require(context.cards[0].id)


async def test_problems_found_after_the_first_screen_are_notices(tmp_path: Path) -> None:
    user = paths.user_exercises_dir()
    user.mkdir(parents=True)
    (user / "broken.yaml").write_text(BAD)
    app = NumbtuiApp(warm_context())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        notices = [n for n in app._notifications if n.title == "Exercise skipped"]
        assert len(notices) == 1
        assert "broken.yaml" in notices[0].message


async def test_a_list_older_than_the_library_is_brought_up_to_date(tmp_path: Path) -> None:
    context = warm_context()
    stale = [card for card in context.cards if card.id != "body-scan"]
    context._cards = tuple(stale)  # as if the catalog had not seen body-scan yet
    app = NumbtuiApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "body-scan" not in {str(o.id) for o in app.screen.query_one(ExerciseList).options}
        await settle(pilot)
        listing = app.screen.query_one(ExerciseList)
        assert "body-scan" in {str(option.id) for option in listing.options}


async def test_a_card_whose_file_went_away_says_so_gently(tmp_path: Path) -> None:
    context = warm_context()
    ghost = Card(
        id="ghost",
        title="Ghost",
        summary="Gone.",
        description=None,
        tags=(),
        length=Length(10),
        steps=(),
    )
    app = NumbtuiApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_practice(ghost)
        await until(
            pilot,
            lambda: any("could not be read just now" in n.message for n in app._notifications),
            "the notice",
        )
        await until_workers_done(pilot, "practice")
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any("“Ghost” could not be read just now" in m for m in messages)
