"""The whole practice flow with a fake clock: check-in, player, rating, saved record, and after."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from numbtui.ending import NOT_KEPT
from numbtui.exercise import Exercise, ExerciseFile, Source
from numbtui.library import Library
from numbtui.options import LaunchOptions
from numbtui.practice import NOT_BEGUN, summary_line
from numbtui.rating import BLANK_WORD
from numbtui.settings import Settings
from numbtui.tui.app import NumbtuiApp
from numbtui.tui.screens.checkin import CheckinScreen
from numbtui.tui.screens.home import HomeScreen
from numbtui.tui.screens.player import PlayerScreen
from numbtui.tui.screens.rating import STOPPED_EARLY, GroundingOffer, KeepAnswer, RatingScreen
from tests.fakes import FakeClock
from tests.tui_helpers import (
    FIXED_NOW,
    clickable,
    make_app,
    ready_for_keys,
    screen_text,
    until,
    until_workers_done,
    up,
)
from tests.tui_helpers import stored_records as records

BREATHING = "breathing-4-4-4"
BREATHING_SECONDS = 160.0
"""10 + 10 s of guidance, ten 12 s breaths, 8 + 12 s to close."""
LEAD_IN = 3


def notifications(app: NumbtuiApp) -> list[tuple[str, str]]:
    """(title, message) of each notification the app is showing."""
    return [(n.title, n.message) for n in app._notifications]


async def practise(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    """Let ``seconds`` pass on the player, reading it every second as its timer would (the
    screen is redrawn every few readings, which keeps long exercises quick to test)."""
    await up(pilot, PlayerScreen)
    screen = pilot.app.screen
    assert isinstance(screen, PlayerScreen)
    for second in range(1, round(seconds) + 1):
        clock.advance(1)
        screen.tick()
        if screen.session.over:
            break
        if second % 10 == 0:
            await pilot.pause()
    await pilot.pause()


async def play_to_the_end(pilot: Pilot[Any], clock: FakeClock) -> float:
    """Let the player run until the exercise is over; return the seconds that passed."""
    start = clock()
    screen = pilot.app.screen
    assert isinstance(screen, PlayerScreen)
    await practise(pilot, clock, 3600)
    assert screen.session.over, "the exercise never ended"
    await until(pilot, lambda: pilot.app.screen is not screen, "the player to close")
    assert pilot.app.screen is not screen
    await up(pilot, RatingScreen)  # every test goes on with the rating
    return clock() - start


async def saved(pilot: Pilot[Any]) -> None:
    """Wait for the practice worker (and its save thread) to finish, and any other worker.

    The worker ends once the last key it waits for is handled, which one pause does not
    promise on a busy machine: so this waits for it to be gone, not for the workers of now.
    """
    app = pilot.app
    await until(
        pilot,
        lambda: not any(worker.group == "practice" for worker in app.workers),
        "the practice to be saved",
    )
    await until_workers_done(pilot)


def shown(app: NumbtuiApp, notice: tuple[str, str]) -> bool:
    """``notice`` (title, message) is among the notifications shown."""
    return notice in notifications(app)


async def start_from_home(pilot: Pilot[Any], query: str, exercise_id: str) -> None:
    app = pilot.app

    def typing() -> bool:
        screen = app.screen
        return isinstance(screen, HomeScreen) and screen.is_mounted and screen.focused is not None

    await until(pilot, typing, "home, ready for typing")
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    await pilot.press(*query)
    await until(
        pilot,
        lambda: home.highlighted is not None and home.highlighted.id == exercise_id,
        f"the filter to highlight {exercise_id}",
    )
    assert home.highlighted is not None
    assert home.highlighted.id == exercise_id
    await pilot.press("enter")
    await until(
        pilot,
        lambda: app.screen is not home and ready_for_keys(app.screen),
        "the practice to begin",
    )


async def test_full_flow_from_home_keeps_every_field(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_home(pilot, "4-4-4", BREATHING)
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("2", "enter")
        await up(pilot, PlayerScreen)
        assert isinstance(app.screen, PlayerScreen)

        passed = await play_to_the_end(pilot, clock)
        assert passed == LEAD_IN + BREATHING_SECONDS

        rating = app.screen
        assert isinstance(rating, RatingScreen)
        assert rating.stopped_early is False
        assert rating.before == 2
        await pilot.press("4", "tab", "right", "space", "tab", "tab", *"warm", "enter")
        await saved(pilot)
        line = "Saved · Breathing 4-4-4 · 2:40 practised · 2 → 4"
        await until(pilot, lambda: shown(app, ("Kept", line)), "the notice that it was kept")

        [record] = records(app)
        assert record.exercise_id == BREATHING
        assert record.title == "Breathing 4-4-4"
        assert (record.before, record.after) == (2, 4)
        assert record.words == ("warm",)
        assert record.note == "warm"
        assert record.finished is True
        assert record.planned_seconds == BREATHING_SECONDS
        assert record.practised_seconds == BREATHING_SECONDS
        assert record.started == FIXED_NOW
        assert record.ended == FIXED_NOW + timedelta(seconds=LEAD_IN + BREATHING_SECONDS)
        assert record.content_hash == app.context.library.require(BREATHING).content_hash

        assert isinstance(app.screen, HomeScreen)  # back home, no grounding offer
        assert summary_line(record) == line
        assert notifications(app) == [("Kept", line)]
        assert app.practice is None


async def test_play_from_the_command_line_exits_with_the_summary_line(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=LaunchOptions(exercise_id=BREATHING))
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, CheckinScreen)
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("2", "enter")
        await play_to_the_end(pilot, clock)
        await pilot.press("4", "enter")
        await saved(pilot)
    assert app.return_value == "Saved · Breathing 4-4-4 · 2:40 practised · 2 → 4"
    assert app.return_code == 0
    [record] = records(app)
    assert (record.before, record.after, record.finished) == (2, 4, True)


async def test_stopped_early_keeps_it_and_offers_grounding(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_home(pilot, "4-4-4", BREATHING)
        await pilot.press("s")  # begin without a check-in
        await practise(pilot, clock, LEAD_IN + 30)
        await pilot.press("q")
        await up(pilot, RatingScreen)
        await until(pilot, lambda: STOPPED_EARLY in screen_text(app), "the rating to be drawn")
        rating = app.screen
        assert isinstance(rating, RatingScreen)
        assert rating.stopped_early is True
        assert STOPPED_EARLY in screen_text(app)
        await pilot.press("3", "enter")
        await saved(pilot)
        kept = ("Kept", "Saved · Breathing 4-4-4 · 0:30 practised · stopped early · after: 3/10")
        await until(pilot, lambda: shown(app, kept), "the notice that it was kept")

        [record] = records(app)
        assert record.finished is False
        assert record.practised_seconds == 30.0
        assert (record.before, record.after) == (None, 3)
        assert notifications(app) == [
            ("Kept", "Saved · Breathing 4-4-4 · 0:30 practised · stopped early · after: 3/10")
        ]

        await up(pilot, GroundingOffer)
        offer = app.screen
        assert isinstance(offer, GroundingOffer)
        assert [exercise_id for exercise_id, _ in offer.choices] == ["five-senses", BREATHING]
        await clickable(pilot, offer.query_one("Button.grounding-choice"))
        await pilot.click("Button.grounding-choice")  # the first: five senses
        await up(pilot, CheckinScreen)
        checkin = app.screen
        assert isinstance(checkin, CheckinScreen)
        assert checkin.exercise.id == "five-senses"


async def test_stopped_early_from_the_command_line_ends_with_a_kind_word_and_an_offer(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id=BREATHING, checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await practise(pilot, clock, LEAD_IN + 30)
        await pilot.press("q")
        await up(pilot, RatingScreen)
        await pilot.press("3", "enter")
        await saved(pilot)
    assert app.return_value == (
        "Saved · Breathing 4-4-4 · 0:30 practised · stopped early · after: 3/10\n"
        "You listened to yourself, and that matters. If it would help, something short\n"
        "and grounding:\n"
        "  numbtui play five-senses"
    )
    # Wrapped at words: no line is wider than 80 columns, and no word is cut in two.
    assert all(len(line) <= 80 for line in str(app.return_value).splitlines())


async def test_minutes_for_an_exercise_that_only_waits_plays_it_at_its_own_pace(
    tmp_path: Path,
) -> None:
    spec = ExerciseFile.model_validate(
        {
            "title": "Name it",
            "summary": "At your own pace.",
            "steps": [{"kind": "prompt", "text": "What is here?"}],
        }
    )
    library = Library((Exercise(id="own-pace", spec=spec, source=Source.USER),))
    options = LaunchOptions(exercise_id="own-pace", minutes=2, checkin=False)
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=options, library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        own_pace = ("", "“Name it” goes at your own pace, so it is not fitted to 2 minutes.")
        await up(pilot, PlayerScreen)
        await until(pilot, lambda: shown(app, own_pace), "the notice about the pace")
        assert isinstance(app.screen, PlayerScreen)
        assert ("", "“Name it” goes at your own pace, so it is not fitted to 2 minutes.") in (
            notifications(app)
        )
        await practise(pilot, clock, LEAD_IN + 5)
        await pilot.press("enter")  # the prompt: go on
        await up(pilot, RatingScreen)
        await pilot.press("5", "enter")
        await saved(pilot)
    [record] = records(app)
    assert (record.exercise_id, record.finished, record.after) == ("own-pace", True, 5)


async def test_a_cap_on_breaths_is_said_before_the_practice_starts(tmp_path: Path) -> None:
    options = LaunchOptions(exercise_id="breathing-4-7-8", minutes=5)
    app = make_app(tmp_path, clock=FakeClock(), options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, CheckinScreen)  # before the practice starts
        await until(
            pilot,
            lambda: any("keeps to 4 breaths" in message for _, message in notifications(app)),
            "the note about the cap",
        )
        assert isinstance(app.screen, CheckinScreen)
        assert app.practice is None


async def test_not_now_on_the_grounding_offer_goes_home(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(checkin=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_home(pilot, "4-4-4", BREATHING)
        assert isinstance(app.screen, PlayerScreen)  # no check-in when it is off
        await practise(pilot, clock, LEAD_IN + 12)
        await pilot.press("q")  # stop
        await up(pilot, RatingScreen)
        await pilot.press("5", "enter")
        await saved(pilot)
        await up(pilot, GroundingOffer)
        assert isinstance(app.screen, GroundingOffer)
        await pilot.press("q")  # "not now", like Escape
        await up(pilot, HomeScreen)
        assert isinstance(app.screen, HomeScreen)
    [record] = records(app)
    assert (record.finished, record.practised_seconds, record.after) == (False, 12.0, 5)


async def test_two_keys_lead_home_after_an_early_stop_and_the_offer_is_made_in_words(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(checkin=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_home(pilot, "4-4-4", BREATHING)
        await practise(pilot, clock, LEAD_IN + 12)
        await pilot.press("q")  # stop
        await up(pilot, RatingScreen)
        await pilot.press("q")  # no rating (q works here too)
        await saved(pilot)
        offer = (
            "",
            "If it would help later, Five senses or Breathe 4-4-4 can bring you back to the room.",
        )
        await until(pilot, lambda: shown(app, offer), "the offer in words")
        assert isinstance(app.screen, HomeScreen)  # no dialog in the way
        assert (
            "",
            "If it would help later, Five senses or Breathe 4-4-4 can bring you back to the room.",
        ) in notifications(app)
    [record] = records(app)
    assert (record.finished, record.practised_seconds, record.after) == (False, 12.0, None)


async def test_escape_on_the_rating_keeps_the_practice_without_a_rating(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=LaunchOptions(exercise_id=BREATHING))
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, CheckinScreen)
        await pilot.press("5", "enter")
        await play_to_the_end(pilot, clock)
        await pilot.press("7", "escape")
        await until(pilot, lambda: isinstance(app.screen, KeepAnswer), "Save 7?")
        await pilot.press("tab", "enter")  # Discard
        await saved(pilot)
    [record] = records(app)
    assert (record.before, record.after, record.words, record.note) == (5, None, (), "")
    assert record.finished is True
    # The check-in was answered, so the closing line says what it was.
    assert app.return_value == "Saved · Breathing 4-4-4 · 2:40 practised · before: 5/10"


async def test_words_without_a_number_are_kept(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=LaunchOptions(exercise_id=BREATHING))
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, CheckinScreen)
        await pilot.press("s")
        await play_to_the_end(pilot, clock)
        await pilot.press("tab", "space", "enter", "enter")
        await saved(pilot)
    [record] = records(app)
    assert (record.after, record.words) == (None, (BLANK_WORD,))


async def test_escape_on_the_check_in_goes_back_without_a_record(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_home(pilot, "4-4-4", BREATHING)
        await pilot.press("escape")
        await saved(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.practice is None
    assert records(app) == []


async def test_escape_on_the_check_in_from_the_command_line_exits_quietly(tmp_path: Path) -> None:
    app = make_app(tmp_path, options=LaunchOptions(exercise_id=BREATHING))
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, CheckinScreen)
        await pilot.press("escape")
        await saved(pilot)
    assert app.return_value is None
    assert records(app) == []


async def test_stopping_during_the_lead_in_keeps_nothing(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, settings=Settings(checkin=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_from_home(pilot, "4-4-4", BREATHING)
        await practise(pilot, clock, 1)
        await pilot.press("q")
        await saved(pilot)
        assert isinstance(app.screen, HomeScreen)  # no rating, no offer
        assert app.practice is None
    assert records(app) == []


async def test_support_is_one_key_away_on_the_rating_and_keeps_the_answer(
    tmp_path: Path,
) -> None:
    from numbtui.tui.screens.support import SupportScreen

    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=LaunchOptions(exercise_id=BREATHING))
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, CheckinScreen)
        await until(pilot, lambda: "f2 Support" in screen_text(app), "the check-in's footer")
        assert "f2 Support" in screen_text(app)  # shown on the check-in too
        await pilot.press("s")
        await play_to_the_end(pilot, clock)
        rating = app.screen
        assert isinstance(rating, RatingScreen)
        await pilot.press("6", "f2")
        await up(pilot, SupportScreen)
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("f2")  # F2 again goes back
        await until(pilot, lambda: app.screen is rating, "the rating again")
        assert app.screen is rating
        assert rating.scale.value == 6


async def test_stopping_during_the_lead_in_from_the_command_line_says_so(tmp_path: Path) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id=BREATHING, checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        await pilot.press("escape")
        await saved(pilot)
    assert app.return_value == NOT_BEGUN
    assert records(app) == []


async def test_a_record_no_file_takes_is_held_to_be_printed(tmp_path: Path) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id=BREATHING, checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app.context.database = blocker / "history.sqlite3"
    app.context.recovery = blocker / "recovery.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        await play_to_the_end(pilot, clock)
        await pilot.press("4", "enter")
        await saved(pilot)
    [line] = app.unsaved
    assert '"exercise_id": "breathing-4-4-4"' in line
    assert '"after": 4' in line
    assert "it will be printed when numbtui closes" in str(app.return_value)
    assert app.return_code == 1


async def test_play_whose_history_is_damaged_says_how_to_bring_the_record_back(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id=BREATHING, checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    app.context.database.parent.mkdir(parents=True, exist_ok=True)
    app.context.database.write_bytes(b"not a database, and not numbtui's" * 10)
    async with app.run_test(size=(80, 24)) as pilot:
        await play_to_the_end(pilot, clock)
        await pilot.press("4", "enter")
        await saved(pilot)
    assert app.unsaved == []
    assert app.context.recovery.is_file()
    line = str(app.return_value)
    assert line.startswith("Your practice is safe in a recovery file")
    assert f"move the damaged file aside ({app.context.database})" in line
    assert line.endswith(f"numbtui import {app.context.recovery}")
    assert app.return_code == 1  # not in the history: a data problem, though nothing is lost


def test_unsaved_records_are_printed_for_the_user_to_keep(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from numbtui.tui.launch import print_unsaved

    print_unsaved(['{"id": "x"}\n'])
    err = capsys.readouterr().err
    assert "numbtui import FILE" in err
    assert err.endswith('{"id": "x"}\n')


@pytest.mark.parametrize(
    ("options", "settings"),
    [
        (LaunchOptions(exercise_id=BREATHING, minutes=0.5), Settings(checkin=False)),
        (LaunchOptions(exercise_id=BREATHING), Settings(checkin=False, minutes={BREATHING: 0.5})),
    ],
    ids=["--minutes", "saved length"],
)
async def test_fitting_changes_what_is_played_and_what_is_recorded(
    tmp_path: Path, options: LaunchOptions, settings: Settings
) -> None:
    # Breathing 4-4-4 lasts 2:40 as written; fitted to half a minute it plays whole 12 s breaths.
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=options, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        played = player.session.total
        assert played < 60
        seconds = await play_to_the_end(pilot, clock)
        await pilot.press("6", "enter")
        await saved(pilot)
    assert seconds < 70  # the lead-in and the fitted practice, not 2:40
    [record] = records(app)
    assert record.planned_seconds == pytest.approx(played)
    assert record.practised_seconds == pytest.approx(played, abs=0.3)
    assert record.finished is True


# -- the eyes-open way out ----------------------------------------------------------------------


async def _to_player(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> PlayerScreen:
    await up(pilot, PlayerScreen)
    player = pilot.app.screen
    assert isinstance(player, PlayerScreen)
    await practise(pilot, clock, seconds)
    return player


@pytest.mark.parametrize("moment", ["lead-in", "running", "waiting", "paused"])
async def test_the_way_out_key_pauses_at_once_from_every_state(tmp_path: Path, moment: str) -> None:
    from numbtui.session import Status
    from numbtui.tui.screens.way_out import WayOut

    exercise = "five-senses" if moment == "waiting" else BREATHING
    clock = FakeClock()
    app = make_app(
        tmp_path,
        clock=clock,
        options=LaunchOptions(exercise_id=exercise),
        settings=Settings(checkin=False),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, PlayerScreen)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        if moment != "lead-in":
            await practise(pilot, clock, 40 if moment == "waiting" else 12)
        if moment == "paused":
            await pilot.press("space")
        expected = {
            "lead-in": Status.LEAD_IN,
            "running": Status.RUNNING,
            "waiting": Status.WAITING,
            "paused": Status.RUNNING,
        }[moment]
        assert player.session.snapshot().resume_status in (None, expected)
        await pilot.press("f5")
        await up(pilot, WayOut)
        snapshot = player.session.snapshot()
        assert snapshot.status is Status.PAUSED
        assert snapshot.resume_status is expected
        clock.advance(30)  # time on the way-out screen is not practised
        assert player.session.snapshot().practised == pytest.approx(snapshot.practised)
        text = screen_text(app)
        assert "F2 shows where to find support" in text
        assert "Eyes open, back in the room" in text
        await pilot.press("escape")  # back: the practice waits for Space
        await up(pilot, PlayerScreen)
        assert player.session.snapshot().status is Status.PAUSED


async def test_grounding_from_the_way_out_keeps_the_practice_and_plays_eyes_open(
    tmp_path: Path,
) -> None:
    from numbtui.tui.screens.way_out import WayOut

    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, options=LaunchOptions(exercise_id="body-scan"))
    async with app.run_test(size=(80, 24)) as pilot:
        await up(pilot, CheckinScreen)
        await pilot.press("4", "enter")
        await _to_player(pilot, clock, 30)
        await pilot.press("f5")
        await up(pilot, WayOut)
        await pilot.press("enter")  # the first choice, focused: eyes open
        # Straight into the eyes-open practice: no check-in, no rating of the one left.
        await until(
            pilot,
            lambda: isinstance(app.screen, PlayerScreen) and app.screen.exercise.id == "eyes-open",
            "the eyes-open practice",
        )
        await play_to_the_end(pilot, clock)
        await pilot.press("6", "enter")
        await saved(pilot)
    left, grounding = sorted(records(app), key=lambda record: record.started)
    assert left.exercise_id == "body-scan"
    assert left.finished is False
    assert left.before == 4
    assert left.after is None
    assert left.practised_seconds == pytest.approx(30 - 3, abs=0.5)  # after the lead-in
    assert left.switched_to == "eyes-open"
    assert left.ended_words == "switched to grounding"
    assert grounding.exercise_id == "eyes-open"
    assert grounding.switched_to is None
    assert grounding.before is None
    assert grounding.after == 6
    assert grounding.finished is True


async def test_stop_from_the_way_out_stops_as_q_does(tmp_path: Path) -> None:
    from numbtui.tui.screens.way_out import WayOut

    clock = FakeClock()
    app = make_app(
        tmp_path,
        clock=clock,
        options=LaunchOptions(exercise_id=BREATHING),
        settings=Settings(checkin=False),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        player = await _to_player(pilot, clock, 15)
        await pilot.press("f5")
        await up(pilot, WayOut)
        await pilot.press("down", "down", "enter")  # arrows move through the choices
        await up(pilot, RatingScreen)
        assert player.session.stopped
        assert STOPPED_EARLY in screen_text(app)


async def test_n_through_every_step_keeps_nothing_and_says_so_in_one_line(tmp_path: Path) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id=BREATHING, checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await practise(pilot, clock, LEAD_IN + 2)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        for _ in range(len(screen.session.steps)):
            await pilot.press("n")
        await saved(pilot)
    assert records(app) == []
    assert app.return_value == NOT_KEPT


async def test_skipping_through_after_a_while_is_kept_as_stopped_early(tmp_path: Path) -> None:
    clock = FakeClock()
    options = LaunchOptions(exercise_id=BREATHING, checkin=False)
    app = make_app(tmp_path, clock=clock, options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await practise(pilot, clock, LEAD_IN + 30)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        for _ in range(len(screen.session.steps)):
            await pilot.press("n")
        await up(pilot, RatingScreen)
        await pilot.press("5", "enter")
        await saved(pilot)
    [record] = records(app)
    assert record.finished is False  # 30 s of a 160 s plan is not "finished"
    assert record.practised_seconds == pytest.approx(30, abs=1)
