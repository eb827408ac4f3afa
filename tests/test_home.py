"""The home screen: the grouped list, the filter, the detail pane, starting, and layouts."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from numbtui.catalog import Card, card_of
from numbtui.exercise import Exercise, ExerciseFile, Source
from numbtui.library import Library, discover
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.home import ExerciseList, FilterInput, HomeScreen
from numbtui.tui.screens.home_list import (
    GROUP_PREFIX,
    STEP_WORDS,
    group_of,
    length_text,
    matches,
)
from tests.tui_helpers import make_app, screen_text, until, until_shown

DATA = Path(__file__).parent / "data"


def home(app: NumbtuiApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    return screen


def option_texts(app: NumbtuiApp) -> dict[str, str]:
    """Option id -> the option's plain text, in list order."""
    listing = home(app).query_one(ExerciseList)
    return {
        str(option.id): str(getattr(option.prompt, "plain", option.prompt))
        for option in listing.options
    }


def detail_text(app: NumbtuiApp) -> str:
    return "\n".join(str(w.content) for w in home(app).query("#detail Static").results(Static))


def exercise_of(*steps: dict[str, Any], tags: list[str] | None = None) -> Card:
    spec = ExerciseFile.model_validate(
        {"title": "T", "summary": "S.", "tags": tags or [], "steps": list(steps)}
    )
    return card_of(Exercise(id="t", spec=spec, source=Source.PATH))


def empty_user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "user-exercises"
    folder.mkdir(exist_ok=True)
    return folder


# -- pure helpers ---------------------------------------------------------------------------


def test_length_is_m_ss_with_a_plus_when_a_step_waits() -> None:
    timed = exercise_of({"kind": "guide", "text": "x", "seconds": 75})
    waits = exercise_of(
        {"kind": "guide", "text": "x", "seconds": 10}, {"kind": "prompt", "text": "y"}
    )
    assert length_text(timed) == "1:15"
    assert length_text(waits) == "0:40+"  # the step that waits counts as 30 s


def test_groups_come_from_the_first_known_tag() -> None:
    step = {"kind": "guide", "text": "x", "seconds": 5}
    assert group_of(exercise_of(step, tags=["check-in", "body", "short"])) == "body"
    assert group_of(exercise_of(step, tags=["movement", "body"])) == "movement"
    assert group_of(exercise_of(step, tags=["other"])) == "more"


def test_filter_matches_title_tag_or_summary_in_any_case() -> None:
    exercise = exercise_of({"kind": "guide", "text": "x", "seconds": 5}, tags=["breath"])
    assert matches(exercise, "BREATH")
    assert matches(exercise, "t s.")
    assert matches(exercise, "")
    assert not matches(exercise, "walk")


def test_filter_matches_the_description_too(tmp_path: Path) -> None:
    library = discover(user=empty_user_dir(tmp_path))
    cards = [card_of(exercise) for exercise in library.exercises]
    numb = [card.id for card in cards if matches(card, "numb")]
    assert "body-scan" in numb  # "numb" is in its description, not its title or summary
    body_scan = next(card for card in cards if card.id == "body-scan")
    assert "numb" not in f"{body_scan.title} {body_scan.summary}".casefold()


# -- the list -----------------------------------------------------------------------------------


async def test_every_exercise_is_listed_with_title_length_and_summary(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        texts = option_texts(app)
        assert len(app.library) >= 9
        for exercise in app.library:
            text = texts[exercise.id]
            assert exercise.title in text
            assert length_text(card_of(exercise)) in text
            assert exercise.spec.summary in text
        assert texts["name-it"].startswith("Name it  ")
        assert length_text(card_of(app.context.library.require("name-it"))).endswith("+")


async def test_exercises_are_grouped_under_headings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = home(app).query_one(ExerciseList)
        ids = [str(option.id) for option in listing.options]
        headings = [i for i in ids if i.startswith(GROUP_PREFIX)]
        assert headings == [f"{GROUP_PREFIX}{g}" for g in ("body", "breath", "senses", "movement")]
        for option in listing.options:
            assert option.disabled == str(option.id).startswith(GROUP_PREFIX)

        def group(exercise_id: str) -> str:
            index = ids.index(exercise_id)
            return next(i for i in reversed(ids[:index]) if i.startswith(GROUP_PREFIX))

        assert group("box-breathing") == "group:breath"
        assert group("body-scan") == "group:body"
        assert group("five-senses") == "group:senses"
        assert group("mindful-walking") == "group:movement"
        await until_shown(pilot, "Body")
        assert "Body" in screen_text(app)


async def test_typing_filters_the_list(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.focused, FilterInput)
        await pilot.press(*"breath")
        shown = [e.id for e in home(app).shown]
        assert {"box-breathing", "breathing-4-4-4", "breathing-4-7-8"} <= set(shown)
        assert "body-scan" not in shown
        await pilot.press("ctrl+u")  # clears the input
        await pilot.press(*"walk")
        assert [e.id for e in home(app).shown] == ["mindful-walking"]
        assert home(app).highlighted is not None
        assert home(app).highlighted.id == "mindful-walking"


async def test_no_match_says_so_and_escape_clears_the_filter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"zzzz")
        assert home(app).shown == []
        await until_shown(pilot, "Nothing matches “zzzz”")
        assert "Nothing matches “zzzz”" in screen_text(app)
        await pilot.press("escape")
        assert home(app).query_one(FilterInput).value == ""
        assert len(home(app).shown) == len(app.library)


async def test_arrow_keys_move_the_list_while_typing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = home(app)
        first, second = screen.shown[:2]
        assert screen.highlighted == first
        await pilot.press("down")
        assert screen.highlighted == second
        assert isinstance(app.focused, FilterInput)
        assert second.title in detail_text(app)
        await pilot.press("up")
        assert screen.highlighted == first


async def test_the_detail_pane_shows_description_and_steps(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"4-4-4")
        exercise = app.context.library.require("breathing-4-4-4")
        text = detail_text(app)
        assert exercise.spec.description is not None
        assert exercise.spec.description in text
        assert f"{len(exercise.steps)} steps" in text
        for number, step in enumerate(exercise.steps, start=1):
            assert f"{number}. {STEP_WORDS[step.kind]} · " in text
            assert step.text in text
        assert "10 × (in 4 · hold 4 · out 4)" in text


async def test_enter_starts_the_highlighted_exercise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path)
    started: list[str] = []
    monkeypatch.setattr(app, "start_practice", lambda exercise: started.append(exercise.id))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = home(app)
        await pilot.press("enter")
        assert started == [screen.shown[0].id]
        await pilot.press("tab")
        assert isinstance(app.focused, ExerciseList)
        await pilot.press("down", "enter")
        assert started == [screen.shown[0].id, screen.shown[1].id]


async def test_typing_anywhere_on_home_filters_and_no_letter_opens_a_screen_or_quits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(app, "action_history", lambda: opened.append("history"))
    monkeypatch.setattr(app, "action_settings", lambda: opened.append("settings"))
    async with app.run_test(size=(80, 24)) as pilot:
        # The footer's keys come a frame after the list.
        await until_shown(pilot, "⏎ Start", "tab List", footer=True)
        await pilot.press("tab")
        await until_shown(pilot, "f3 History", footer=True)
        assert isinstance(app.focused, ExerciseList)
        # "breath" has an h, "quiet" a q, and , / i ? were shortcuts once: all are text now.
        await pilot.press(*"breath")
        await until(pilot, lambda: isinstance(app.focused, FilterInput), "the filter")
        assert home(app).query_one(FilterInput).value == "breath"
        await pilot.press("tab", *"quiet", "comma", "slash", "i", "question_mark")
        await pilot.pause()
        assert home(app).query_one(FilterInput).value == "breathquiet,/i?"
        assert opened == []
        assert app.is_running
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("tab", "f3", "f4")
        await until(pilot, lambda: len(opened) == 2, "history and settings")
        assert opened == ["history", "settings"]


async def test_markup_in_titles_and_summaries_is_shown_literally(tmp_path: Path) -> None:
    library = discover([DATA / "good" / "markup-and-escapes.yaml"], user=empty_user_dir(tmp_path))
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"brackets")
        # 5 s, 30 s for the step that waits, 4 s and 3 s, and the light-headedness line (8 s).
        await until_shown(pilot, "Brackets [bold]not bold[/]  0:50+")
        assert "Brackets [bold]not bold[/]  0:50+" in screen_text(app)
        (option,) = [t for i, t in option_texts(app).items() if not i.startswith(GROUP_PREFIX)]
        assert "Text that looks like markup: [/] [@click=app.quit]x[/] [red]" in option
        assert "Literal [/] and [@click=app.quit]quit[/]" in detail_text(app)
        assert app.is_running


async def test_files_that_failed_to_load_are_notices(tmp_path: Path) -> None:
    library = discover([DATA / "bad" / "missing-title.yaml"], user=empty_user_dir(tmp_path))
    assert library.problems
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: any(n.title == "Exercise skipped" for n in app._notifications),
            "the notice",
        )
        [notice] = [n for n in app._notifications if n.title == "Exercise skipped"]
        assert notice.message == str(library.problems[0])
        assert "missing-title.yaml:1:1" in notice.message


async def test_each_file_that_failed_is_one_notice_however_many_its_problems(
    tmp_path: Path,
) -> None:
    many = tmp_path / "many.yaml"
    many.write_text(
        "title: t\nsummary: s\ncolour: red\nshade: blue\nsize: 3\nmood: 4\n"
        "steps: [{kind: guide, text: t, seconds: 3}]\n"
    )
    files = [DATA / "bad" / "misspelled-key.yaml", many]
    library = discover(files, user=empty_user_dir(tmp_path))
    assert len(library.problems) == 6
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: any(n.title == "Exercise skipped" for n in app._notifications),
            "the notices",
        )
        notices = [n.message for n in app._notifications if n.title == "Exercise skipped"]
        assert len(notices) == 2
        assert "misspelled-key.yaml:4:5" in notices[0]
        assert len(notices[1].splitlines()) == 4
        assert notices[1].splitlines()[-1] == f"… and 1 more: numbtui validate {many}"


async def test_an_empty_library_says_where_to_add_exercises(tmp_path: Path) -> None:
    app = make_app(tmp_path, library=Library(()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await until_shown(pilot, "There are no exercises to show")
        assert "There are no exercises to show" in screen_text(app)
        assert isinstance(app.screen, HomeScreen)


async def test_a_40_by_12_terminal_hides_the_detail_and_keeps_the_list(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await until_shown(pilot, "⏎ Start", footer=True)
        screen = home(app)
        assert not screen.query_one("#detail").display
        text = screen_text(app)
        assert screen.shown[0].title in text
        assert "⏎ Start" in text.splitlines()[-1]
        await pilot.resize_terminal(100, 30)
        await until(
            pilot,
            lambda: (
                screen.query_one("#detail").display and screen.shown[0].title in detail_text(app)
            ),
            "the detail pane beside the list",
        )
        assert screen.query_one("#detail").display
        assert screen.shown[0].title in detail_text(app)


async def test_right_shows_the_details_in_a_narrow_terminal_and_escape_goes_back(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = home(app)
        await pilot.press("i")  # typed in the filter, where letters are text
        await pilot.pause()
        assert screen.query_one(FilterInput).value == "i"
        await pilot.press("escape", "tab")
        await until_shown(pilot, "→ About", footer=True)
        assert "→ About" in screen_text(app).splitlines()[-1]
        await pilot.press("down", "right")
        await until(
            pilot,
            lambda: (
                screen.highlighted is not None
                and screen.query_one("#detail").display
                and screen.highlighted.title in screen_text(app)
            ),
            "the details in place of the list",
        )
        chosen = screen.highlighted
        assert chosen is not None
        assert screen.query_one("#detail").display
        assert not screen.query_one(ExerciseList).display
        assert chosen.title in detail_text(app)
        assert chosen.title in screen_text(app)
        await pilot.press("escape")
        await until(
            pilot,
            lambda: (
                not screen.query_one("#detail").display and screen.query_one(ExerciseList).has_focus
            ),
            "the list back in place of the details",
        )
        assert not screen.query_one("#detail").display
        assert screen.query_one(ExerciseList).has_focus
        assert screen.highlighted == chosen


async def test_typing_while_reading_the_narrow_details_filters(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await until_shown(pilot, "⏎ Start", footer=True)
        screen = home(app)
        await pilot.press("tab", "right")
        await until(pilot, lambda: screen.has_class("-reading"), "the details")
        await pilot.press(*"numb")
        await until(pilot, lambda: isinstance(app.focused, FilterInput), "the filter")
        assert screen.query_one(FilterInput).value == "numb"
        assert not screen.has_class("-reading")


async def test_enter_in_the_narrow_details_starts_that_exercise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path)
    started: list[str] = []
    monkeypatch.setattr(app, "start_practice", lambda card, **_: started.append(card.id))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = home(app)
        await pilot.press("tab", "down", "right")
        await until(pilot, lambda: screen.has_class("-reading"), "the details")
        chosen = screen.highlighted
        assert chosen is not None
        await pilot.press("enter")
        await until(pilot, lambda: started, "the exercise to start")
        assert started == [chosen.id]


async def test_about_is_offered_only_where_the_details_are_hidden(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab")
        await until_shown(pilot, "f3 History", footer=True)
        screen = home(app)
        assert "About" not in screen_text(app).splitlines()[-1]
        await pilot.resize_terminal(40, 12)
        await until(pilot, lambda: screen.has_class("-narrow"), "the narrow layout")
        await pilot.press("right")
        await until(pilot, lambda: not screen.query_one(ExerciseList).display, "the details alone")
        assert not screen.query_one(ExerciseList).display
        await pilot.resize_terminal(100, 30)  # wide again: list and details side by side
        await until(
            pilot,
            lambda: screen.query_one(ExerciseList).display and screen.query_one("#detail").display,
            "the list and the details side by side",
        )
        assert screen.query_one(ExerciseList).display
        assert screen.query_one("#detail").display
        assert not screen.has_class("-reading")


@pytest.mark.parametrize("width", [80, 50])
async def test_the_home_footer_shows_whole_keys_and_f1_at(tmp_path: Path, width: int) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await until_shown(pilot, "⏎ Start", footer=True)
        await pilot.press("tab")
        await until_shown(pilot, "f3 History", footer=True)
        footer = screen_text(app).splitlines()[-1]
        keys = footer.split("▏")[0].rstrip()
        assert keys.endswith("f1 Keys"), footer
        assert "⏎ Start" in keys


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_after_the_welcome_every_summary_keeps_its_last_line(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(tmp_path, first_run=True)
    async with app.run_test(size=size) as pilot:
        await until_shown(pilot, "Begin")
        await pilot.press("escape")  # the welcome closes: home, now with a scrollbar
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        await until_shown(pilot, "⏎ Start", footer=True)
        listed = " ".join(
            line.split("▎")[0].strip("▊ ") for line in screen_text(app).splitlines()[4:-2]
        )
        screen = home(app)
        # Each summary listed before the last visible title is whole, up to its last word.
        titles = [card for card in screen.shown if f"{card.title}  " in listed]
        for card, following in itertools.pairwise(titles):
            between = listed.split(f"{card.title}  ", 1)[1].split(f"{following.title}  ", 1)[0]
            assert card.summary.split()[-1] in between.split(), (card.id, between)


def test_a_long_library_lists_the_first_hundred_and_says_how_many_more() -> None:
    from numbtui.tui.screens.home_list import LIST_LIMIT, MORE_ID, list_options

    base = exercise_of({"kind": "guide", "text": "x", "seconds": 5}, tags=["body"])
    many = [replace(base, id=f"e{n}", title=f"Practice {n}") for n in range(5000)]
    options = list_options(many)
    listed = [o for o in options if not o.disabled]
    assert len(listed) == LIST_LIMIT
    assert options[-1].id == MORE_ID
    assert str(options[-1].prompt) == "… and 4,900 more: type a word to narrow the list"
    assert all(o.id != MORE_ID for o in list_options(many[:LIST_LIMIT]))
